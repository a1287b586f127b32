/*
 * certsig.c — signing certificate numbers and the QR code's text (certsig.h).
 */
#include "security/certsig.h"

#include <stdio.h>
#include <string.h>

#include "store/store.h"

#define MESSAGE_PREFIX "liudong-certificate-v1\n"
#define NUMBER_LENGTH (CERTSIG_NUMBER_SIZE - 1)
#define SIG_TEXT_LENGTH (CERTSIG_TEXT_SIZE - 1)
#define VERIFY_SEGMENT "/verify"

_Static_assert(CERTSIG_TEXT_SIZE == CRYPTO_BASE64URL_SIZE(CRYPTO_SIGNATURE_SIZE),
	       "signature text size");

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_base64url(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || is_digit(c) || c == '-' ||
	       c == '_';
}

bool certsig_number_valid(const char *number)
{
	/* 620201001-2026-000123: digits everywhere but at the two dashes. */
	if (number == NULL || strlen(number) != NUMBER_LENGTH)
		return false;
	for (size_t i = 0; i < NUMBER_LENGTH; i++) {
		bool dash = i == 9 || i == 14;
		if (dash ? number[i] != '-' : !is_digit(number[i]))
			return false;
	}
	return true;
}

/* True if `text` (`len` characters) has the form of a signature's text. */
static bool sig_text_form(const char *text, size_t len)
{
	if (len != SIG_TEXT_LENGTH)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!is_base64url(text[i]))
			return false;
	return true;
}

/* The signed bytes for a valid number: the prefix and the number. */
static size_t signed_message(const char *number, char out[sizeof MESSAGE_PREFIX + NUMBER_LENGTH])
{
	memcpy(out, MESSAGE_PREFIX, sizeof MESSAGE_PREFIX - 1);
	memcpy(out + sizeof MESSAGE_PREFIX - 1, number, NUMBER_LENGTH);
	return sizeof MESSAGE_PREFIX - 1 + NUMBER_LENGTH;
}

enum status certsig_sign(struct store *store, const char *number, char out[CERTSIG_TEXT_SIZE],
			 struct error *err)
{
	char message[sizeof MESSAGE_PREFIX + NUMBER_LENGTH];
	unsigned char sig[CRYPTO_SIGNATURE_SIZE];
	if (!certsig_number_valid(number))
		return error_set(err, ST_INVALID_INPUT, "number",
				 "证明编号格式不正确，应为“9 位区划代码-4 位年份-6 位序号”");
	size_t len = signed_message(number, message);
	enum status st = store_sign(store, message, len, sig, err);
	if (st != ST_OK)
		return st;
	crypto_base64url_encode(sig, sizeof sig, out, CERTSIG_TEXT_SIZE);
	return ST_OK;
}

enum certsig_result certsig_check(const unsigned char public_key[CRYPTO_PUBLIC_KEY_SIZE],
				  const char *number, const char *sig_text)
{
	char message[sizeof MESSAGE_PREFIX + NUMBER_LENGTH];
	unsigned char sig[CRYPTO_SIGNATURE_SIZE];
	size_t sig_len = 0;
	if (!certsig_number_valid(number) || sig_text == NULL ||
	    !sig_text_form(sig_text, strlen(sig_text)) ||
	    !crypto_base64url_decode(sig_text, sig, sizeof sig, &sig_len) || sig_len != sizeof sig)
		return CERTSIG_MALFORMED;
	size_t len = signed_message(number, message);
	return crypto_signature_valid(public_key, message, len, sig) ? CERTSIG_VALID
								      : CERTSIG_FORGED;
}

enum status certsig_url(const char *base_url, const char *number, const char *sig_text,
			char *out, size_t size, struct error *err)
{
	if (!certsig_number_valid(number))
		return error_set(err, ST_INVALID_INPUT, "number",
				 "证明编号格式不正确，应为“9 位区划代码-4 位年份-6 位序号”");
	if (sig_text == NULL || !sig_text_form(sig_text, strlen(sig_text)))
		return error_set(err, ST_INVALID_INPUT, "sig", "签名应为 86 位 base64url 字符");
	size_t base_len = strlen(base_url);
	while (base_len > 0 && base_url[base_len - 1] == '/')
		base_len--;
	for (size_t i = 0; i < base_len; i++) {
		unsigned char c = (unsigned char)base_url[i];
		if (c <= ' ' || c >= 0x7f || c == '?' || c == '#')
			return error_set(err, ST_INVALID_INPUT, "base_url",
					 "网址前缀不能含空白、非 ASCII 字符、“?”或“#”");
	}
	int n = snprintf(out, size, "%.*s" VERIFY_SEGMENT "/%s?sig=%s", (int)base_len, base_url,
			 number, sig_text);
	if (n < 0 || (size_t)n >= size)
		return error_set(err, ST_INVALID_INPUT, "base_url", "网址前缀过长，二维码内容放不下");
	return ST_OK;
}

/* --- taking a scanned payload apart ------------------------------------ */

static enum status refuse(struct error *err, const char *reason, const char *message)
{
	error_set(err, ST_INVALID_INPUT, "payload", "%s", message);
	error_set_reason(err, reason);
	return ST_INVALID_INPUT;
}

#define NOT_A_LINK_MESSAGE "不是证明核验链接，应为“…/verify/证明编号?sig=签名”"

/* True if `text` is digits and dashes only (a mistyped number, not something else). */
static bool number_like(const char *text, size_t len)
{
	if (len == 0)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!is_digit(text[i]) && text[i] != '-')
			return false;
	return true;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool is_scheme_char(char c, bool first)
{
	bool alpha = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
	return first ? alpha : alpha || is_digit(c) || c == '+' || c == '-' || c == '.';
}

/*
 * Where the path of a link starts: after "scheme://host[:port]", or at the
 * start if there is no scheme.  NULL if a scheme is there but not of its
 * form, or nothing follows the host.
 */
static const char *path_of(const char *text, size_t len, size_t *path_len)
{
	const char *scheme_end = NULL;
	for (size_t i = 0; i + 2 < len; i++)
		if (text[i] == ':' && text[i + 1] == '/' && text[i + 2] == '/') {
			scheme_end = text + i;
			break;
		}
	if (scheme_end == NULL) {
		*path_len = len;
		return text;
	}
	if (scheme_end == text)
		return NULL;
	for (const char *p = text; p < scheme_end; p++)
		if (!is_scheme_char(*p, p == text))
			return NULL;
	const char *host = scheme_end + 3;
	const char *slash = memchr(host, '/', len - (size_t)(host - text));
	if (slash == NULL || slash == host)
		return NULL;
	*path_len = len - (size_t)(slash - text);
	return slash;
}

/*
 * The number segment of a path: the whole of a bare "<number>", or what
 * follows ".../verify/" in a path that starts with '/'.
 */
static bool number_segment(const char *path, size_t len, const char **segment,
			   size_t *segment_len)
{
	if (len == 0)
		return false;
	if (path[0] != '/') {
		if (memchr(path, '/', len) != NULL)
			return false;
		*segment = path;
		*segment_len = len;
		return true;
	}
	size_t last = len - 1;
	while (path[last] != '/')
		last--;
	size_t marker = strlen(VERIFY_SEGMENT);
	if (last < marker || memcmp(path + last - marker, VERIFY_SEGMENT, marker) != 0)
		return false;
	*segment = path + last + 1;
	*segment_len = len - last - 1;
	return true;
}

/* Finds the one "sig=" parameter of a query ("a=1&sig=…&b=2"). */
static enum status signature_parameter(const char *query, size_t len, struct certsig_scan *out,
				       struct error *err)
{
	size_t found = 0;
	const char *value = NULL;
	size_t value_len = 0;
	const char *end = query + len;
	for (const char *p = query;;) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *stop = amp ? amp : end;
		if (stop - p >= 4 && memcmp(p, "sig=", 4) == 0) {
			found++;
			value = p + 4;
			value_len = (size_t)(stop - value);
		}
		if (amp == NULL)
			break;
		p = amp + 1;
	}
	if (found == 0)
		return refuse(err, "missing_signature", "缺少签名参数 sig");
	if (found > 1)
		return refuse(err, "duplicate_signature", "签名参数 sig 出现了多次");
	if (!sig_text_form(value, value_len))
		return refuse(err, "bad_signature", "签名应为 86 位 base64url 字符");
	memcpy(out->sig, value, value_len);
	out->sig[value_len] = '\0';
	return ST_OK;
}

enum status certsig_parse(const char *payload, struct certsig_scan *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	size_t len = strlen(payload);
	while (len > 0 && is_space(payload[len - 1]))
		len--;
	while (len > 0 && is_space(payload[0])) {
		payload++;
		len--;
	}
	if (len == 0)
		return refuse(err, "empty", "二维码内容为空");
	if (len >= CERTSIG_URL_MAX)
		return refuse(err, "too_long", "内容过长，不是本系统证明上的二维码");
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)payload[i];
		if (c <= ' ' || c >= 0x7f)
			return refuse(err, "bad_character", "含有不应出现的字符（空白或非 ASCII 字符）");
	}
	const char *hash = memchr(payload, '#', len);
	if (hash != NULL)
		len = (size_t)(hash - payload);
	const char *question = memchr(payload, '?', len);
	size_t before_query = question ? (size_t)(question - payload) : len;

	size_t path_len = 0, segment_len = 0;
	const char *segment = NULL;
	const char *path = path_of(payload, before_query, &path_len);
	if (path == NULL || !number_segment(path, path_len, &segment, &segment_len))
		return refuse(err, "not_a_verify_link", NOT_A_LINK_MESSAGE);
	if (segment_len == NUMBER_LENGTH) {
		memcpy(out->number, segment, segment_len);
		out->number[segment_len] = '\0';
	}
	if (!certsig_number_valid(out->number)) {
		out->number[0] = '\0';
		/* Bare text that is not even number-like is simply something else. */
		if (segment == payload && !number_like(segment, segment_len))
			return refuse(err, "not_a_verify_link", NOT_A_LINK_MESSAGE);
		return refuse(err, "bad_number",
			      "证明编号格式不正确，应为“9 位区划代码-4 位年份-6 位序号”");
	}
	if (question == NULL)
		return refuse(err, "missing_signature", "缺少签名参数 sig");
	return signature_parameter(question + 1, len - before_query - 1, out, err);
}
