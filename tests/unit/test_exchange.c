/*
 * test_exchange.c — the envelope of src/exchange/envelope.c (strict
 * parsing, signatures over the exact bytes, the clock-skew bound) and the
 * division prefixes and peer choice of src/exchange/peer.c (longest prefix
 * wins).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exchange/exchange.h"
#include "security/crypto.h"

#define ID "0123456789abcdef0123456789abcdef"

static char key_dir[] = "/tmp/liudong-exchange-XXXXXX";

/* A fresh node key in a temporary file. */
static void node_key(struct crypto_node_key *key, const char *name)
{
	char path[256];
	struct error err;
	error_clear(&err);
	snprintf(path, sizeof path, "%s/%s.node-key", key_dir, name);
	unlink(path);
	assert_int_equal(crypto_node_key_create(path, &err), ST_OK);
	assert_int_equal(crypto_node_key_load(path, key, &err), ST_OK);
}

static char *render(const char *type, const char *to, int64_t sent_at, size_t *len)
{
	struct exchange_envelope e = {.created_at = 1764400000, .sent_at = sent_at};
	snprintf(e.id, sizeof e.id, ID);
	snprintf(e.type, sizeof e.type, "%s", type);
	snprintf(e.from, sizeof e.from, "jiayuguan");
	snprintf(e.to, sizeof e.to, "%s", to);
	e.payload = json_pack("{s:s}", "number", "620201001-2026-000123");
	char *text = exchange_envelope_render(&e, len);
	json_decref(e.payload);
	assert_non_null(text);
	return text;
}

static enum status parse(const char *text, struct exchange_envelope *e, struct error *err)
{
	enum status st = exchange_envelope_parse(text, strlen(text), e, err);
	return st;
}

static void envelope_round_trip(void **state)
{
	(void)state;
	struct exchange_envelope e;
	struct error err;
	size_t len;
	char *text = render("certificate.verify", "lanzhou", 1764400100, &len);
	assert_int_equal(parse(text, &e, &err), ST_OK);
	assert_string_equal(e.id, ID);
	assert_string_equal(e.type, "certificate.verify");
	assert_string_equal(e.from, "jiayuguan");
	assert_string_equal(e.to, "lanzhou");
	assert_int_equal(e.sent_at, 1764400100);
	assert_string_equal(json_string_value(json_object_get(e.payload, "number")),
			    "620201001-2026-000123");
	exchange_envelope_release(&e);
	free(text);
}

/* Each malformed body is refused with the member at fault. */
static void envelope_refuses_malformed(void **state)
{
	(void)state;
	static const struct {
		const char *body;
		const char *field;
	} cases[] = {
		{"not json", ""},
		{"[1,2]", ""},
		{"{\"id\":\"" ID "\",\"type\":\"person.notice\",\"from\":\"a\",\"to\":\"b\","
		 "\"created_at\":1,\"sent_at\":1,\"payload\":{},\"extra\":1}", "extra"},
		{"{\"id\":\"0123\",\"type\":\"person.notice\",\"from\":\"a\",\"to\":\"b\","
		 "\"created_at\":1,\"sent_at\":1,\"payload\":{}}", "id"},
		{"{\"id\":\"" ID "\",\"type\":\"person.delete\",\"from\":\"a\",\"to\":\"b\","
		 "\"created_at\":1,\"sent_at\":1,\"payload\":{}}", "type"},
		{"{\"id\":\"" ID "\",\"type\":\"person.notice\",\"from\":\"A B\",\"to\":\"b\","
		 "\"created_at\":1,\"sent_at\":1,\"payload\":{}}", "from"},
		{"{\"id\":\"" ID "\",\"type\":\"person.notice\",\"from\":\"a\",\"to\":\"b\","
		 "\"created_at\":1,\"sent_at\":\"now\",\"payload\":{}}", "sent_at"},
		{"{\"id\":\"" ID "\",\"type\":\"person.notice\",\"from\":\"a\",\"to\":\"b\","
		 "\"created_at\":1,\"sent_at\":1,\"payload\":[]}", "payload"},
		{"{\"id\":\"" ID "\",\"id\":\"" ID "\",\"type\":\"person.notice\",\"from\":\"a\","
		 "\"to\":\"b\",\"created_at\":1,\"sent_at\":1,\"payload\":{}}", ""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct exchange_envelope e;
		struct error err;
		error_clear(&err);
		assert_int_equal(parse(cases[i].body, &e, &err), ST_EXCHANGE_MALFORMED);
		assert_string_equal(err.field, cases[i].field);
		assert_null(e.payload);
	}
}

/* A signature checks only the exact bytes under the signer's public key. */
static void signature_covers_exact_bytes(void **state)
{
	(void)state;
	struct crypto_node_key a, b;
	char sig[EXCHANGE_SIGNATURE_TEXT_SIZE];
	size_t len;
	node_key(&a, "a");
	node_key(&b, "b");
	char *text = render("person.notice", "henan", 1764400100, &len);
	exchange_sign(&a, text, len, sig);
	assert_true(exchange_signature_valid(a.public_key, text, len, sig));
	assert_false(exchange_signature_valid(b.public_key, text, len, sig));
	text[len - 3] ^= 1;  /* one bit of the payload */
	assert_false(exchange_signature_valid(a.public_key, text, len, sig));
	text[len - 3] ^= 1;
	sig[5] = sig[5] == 'A' ? 'B' : 'A';
	assert_false(exchange_signature_valid(a.public_key, text, len, sig));
	assert_false(exchange_signature_valid(a.public_key, text, len, "not base64!"));
	assert_false(exchange_signature_valid(a.public_key, text, len, NULL));
	free(text);
}

static void clock_skew_bound(void **state)
{
	(void)state;
	assert_true(exchange_time_acceptable(1000, 1000));
	assert_true(exchange_time_acceptable(1000, 1000 + EXCHANGE_MAX_SKEW_SECONDS));
	assert_false(exchange_time_acceptable(1000, 1000 + EXCHANGE_MAX_SKEW_SECONDS + 1));
	assert_true(exchange_time_acceptable(1000 + EXCHANGE_MAX_SKEW_SECONDS, 1000));
	assert_false(exchange_time_acceptable(1000 + EXCHANGE_MAX_SKEW_SECONDS + 1, 1000));
}

static void divisions_at_significant_length(void **state)
{
	(void)state;
	char out[EXCHANGE_DIVISIONS_SIZE];
	struct error err;
	assert_int_equal(exchange_divisions_parse("620200", "d", out, sizeof out, &err), ST_OK);
	assert_string_equal(out, "6202");
	assert_int_equal(exchange_divisions_parse("410000,4101,41", "d", out, sizeof out, &err),
			 ST_OK);
	assert_string_equal(out, "41,4101");
	assert_int_equal(exchange_divisions_parse("620201001", "d", out, sizeof out, &err), ST_OK);
	assert_string_equal(out, "620201001");
	assert_int_equal(exchange_divisions_parse("62a", "d", out, sizeof out, &err),
			 ST_INVALID_INPUT);
	assert_int_equal(exchange_divisions_parse("", "d", out, sizeof out, &err), ST_INVALID_INPUT);
	assert_int_equal(exchange_divisions_parse("6,41", "d", out, sizeof out, &err),
			 ST_INVALID_INPUT);
}

/* The peer with the longest matching prefix answers; none matches → -1. */
static void peer_longest_prefix_wins(void **state)
{
	(void)state;
	struct exchange_peer peers[3];
	memset(peers, 0, sizeof peers);
	snprintf(peers[0].name, sizeof peers[0].name, "gansu");
	snprintf(peers[0].divisions, sizeof peers[0].divisions, "62");
	snprintf(peers[1].name, sizeof peers[1].name, "lanzhou");
	snprintf(peers[1].divisions, sizeof peers[1].divisions, "6201");
	snprintf(peers[2].name, sizeof peers[2].name, "henan");
	snprintf(peers[2].divisions, sizeof peers[2].divisions, "41,4101");
	assert_int_equal(exchange_peer_choose(peers, 3, "620102"), 1);
	assert_int_equal(exchange_peer_choose(peers, 3, "620502"), 0);
	assert_int_equal(exchange_peer_choose(peers, 3, "410102"), 2);
	assert_int_equal(exchange_peer_choose(peers, 3, "510104"), -1);
	assert_int_equal(exchange_peer_choose(peers, 3, "6"), -1);
	assert_int_equal(exchange_prefix_match("41,4101", "410102"), 4);
	assert_int_equal(exchange_prefix_match("41,4101", "420102"), 0);
}

static void names_and_urls(void **state)
{
	(void)state;
	assert_true(exchange_name_valid("jiayuguan"));
	assert_true(exchange_name_valid("henan-2"));
	assert_false(exchange_name_valid(""));
	assert_false(exchange_name_valid("-x"));
	assert_false(exchange_name_valid("Henan"));
	assert_true(exchange_url_valid("https://10.62.1.5:8443"));
	assert_true(exchange_url_valid("http://127.0.0.1:8080/"));
	assert_false(exchange_url_valid("ftp://x"));
	assert_false(exchange_url_valid("http://"));
	assert_false(exchange_url_valid("http://a b"));
}

static int setup(void **state)
{
	(void)state;
	struct error err;
	return (crypto_init(&err) == ST_OK && mkdtemp(key_dir) != NULL) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char path[256];
	snprintf(path, sizeof path, "%s/a.node-key", key_dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/b.node-key", key_dir);
	unlink(path);
	rmdir(key_dir);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(envelope_round_trip),
		cmocka_unit_test(envelope_refuses_malformed),
		cmocka_unit_test(signature_covers_exact_bytes),
		cmocka_unit_test(clock_skew_bound),
		cmocka_unit_test(divisions_at_significant_length),
		cmocka_unit_test(peer_longest_prefix_wins),
		cmocka_unit_test(names_and_urls),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
