/*
 * exchange/envelope.c — messages between nodes: their JSON form, strict
 * parsing, ids and signatures.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "exchange/exchange.h"

static const char *const types[] = {
	"person.notice", "inquiry.request", "inquiry.answer", "certificate.verify",
	"person.query",  "person.handover", NULL,
};

bool exchange_type_known(const char *type)
{
	for (const char *const *t = types; *t; t++)
		if (strcmp(*t, type) == 0)
			return true;
	return false;
}

bool exchange_type_synchronous(const char *type)
{
	return strcmp(type, "certificate.verify") == 0 || strcmp(type, "person.query") == 0;
}

void exchange_new_id(char out[EXCHANGE_ID_SIZE])
{
	char token[CRYPTO_TOKEN_SIZE];
	unsigned char digest[CRYPTO_DIGEST_SIZE];
	crypto_random_token(token);
	crypto_token_digest(token, digest);
	crypto_hex_encode(digest, 16, out, EXCHANGE_ID_SIZE);
	crypto_wipe(token, sizeof token);
}

char *exchange_envelope_render(const struct exchange_envelope *e, size_t *len)
{
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:O}", "id", e->id, "type", e->type,
			      "from", e->from, "to", e->to, "created_at", (json_int_t)e->created_at,
			      "sent_at", (json_int_t)e->sent_at, "payload", e->payload);
	if (o == NULL)
		return NULL;
	char *text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	if (text && len)
		*len = strlen(text);
	return text;
}

static bool hex_id(const char *id)
{
	if (strlen(id) != EXCHANGE_ID_SIZE - 1)
		return false;
	for (const char *p = id; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return false;
	return true;
}

/* Copies string member `name` of `o` into buf; false if absent, not a string or too long. */
static bool copy_member(json_t *o, const char *name, char *buf, size_t size)
{
	json_t *v = json_object_get(o, name);
	if (!json_is_string(v) || json_string_length(v) >= size ||
	    strlen(json_string_value(v)) != json_string_length(v))
		return false;
	memcpy(buf, json_string_value(v), json_string_length(v) + 1);
	return true;
}

static bool time_member(json_t *o, const char *name, int64_t *out)
{
	json_t *v = json_object_get(o, name);
	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return false;
	*out = json_integer_value(v);
	return true;
}

static enum status malformed(struct error *err, const char *field, const char *message)
{
	return error_set(err, ST_EXCHANGE_MALFORMED, field, "%s", message);
}

enum status exchange_envelope_parse(const char *body, size_t len,
				    struct exchange_envelope *out, struct error *err)
{
	static const char *const members[] = {"id", "type", "from", "to", "created_at",
					      "sent_at", "payload", NULL};
	json_error_t jerr;
	memset(out, 0, sizeof *out);
	if (len == 0 || len > EXCHANGE_BODY_MAX)
		return malformed(err, "", "交换消息为空或过大");
	json_t *o = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!json_is_object(o)) {
		json_decref(o);
		return malformed(err, "", "交换消息不是 JSON 对象");
	}
	const char *key;
	json_t *value;
	enum status st = ST_OK;
	json_object_foreach(o, key, value) {
		bool known = false;
		for (const char *const *m = members; *m && !known; m++)
			known = strcmp(*m, key) == 0;
		if (!known) {
			st = malformed(err, key, "交换消息含有无法识别的字段");
			goto out_free;
		}
	}
	if (!copy_member(o, "id", out->id, sizeof out->id) || !hex_id(out->id))
		st = malformed(err, "id", "消息编号应为 32 位十六进制小写数字");
	else if (!copy_member(o, "type", out->type, sizeof out->type) ||
		 !exchange_type_known(out->type))
		st = malformed(err, "type", "消息类型不认识");
	else if (!copy_member(o, "from", out->from, sizeof out->from) ||
		 !exchange_name_valid(out->from))
		st = malformed(err, "from", "发送节点名称不正确");
	else if (!copy_member(o, "to", out->to, sizeof out->to) || !exchange_name_valid(out->to))
		st = malformed(err, "to", "接收节点名称不正确");
	else if (!time_member(o, "created_at", &out->created_at))
		st = malformed(err, "created_at", "created_at 应为 Unix 秒数");
	else if (!time_member(o, "sent_at", &out->sent_at))
		st = malformed(err, "sent_at", "sent_at 应为 Unix 秒数");
	else if (!json_is_object(json_object_get(o, "payload")))
		st = malformed(err, "payload", "payload 应为 JSON 对象");
	if (st == ST_OK)
		out->payload = json_incref(json_object_get(o, "payload"));
out_free:
	json_decref(o);
	return st;
}

void exchange_envelope_release(struct exchange_envelope *e)
{
	json_decref(e->payload);
	e->payload = NULL;
}

void exchange_sign(const struct crypto_node_key *key, const void *body, size_t len,
		   char out[EXCHANGE_SIGNATURE_TEXT_SIZE])
{
	unsigned char sig[CRYPTO_SIGNATURE_SIZE];
	crypto_node_sign(key, body, len, sig);
	crypto_base64url_encode(sig, sizeof sig, out, EXCHANGE_SIGNATURE_TEXT_SIZE);
}

bool exchange_signature_valid(const unsigned char public_key[CRYPTO_PUBLIC_KEY_SIZE],
			      const void *body, size_t len, const char *sig_text)
{
	unsigned char sig[CRYPTO_SIGNATURE_SIZE];
	size_t sig_len = 0;
	if (sig_text == NULL || !crypto_base64url_decode(sig_text, sig, sizeof sig, &sig_len) ||
	    sig_len != sizeof sig)
		return false;
	return crypto_signature_valid(public_key, body, len, sig);
}

bool exchange_time_acceptable(int64_t sent_at, int64_t now)
{
	int64_t skew = now - sent_at;
	return skew <= EXCHANGE_MAX_SKEW_SECONDS && skew >= -EXCHANGE_MAX_SKEW_SECONDS;
}
