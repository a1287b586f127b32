/*
 * test_certsig.c — the certificate signature and QR payload of
 * src/security/certsig.c, with the signing key of src/store/signing.c and
 * the printable forms of src/security/crypto.c they use.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "fixture.h"
#include "security/certsig.h"
#include "security/crypto.h"
#include "store/store.h"

#define NUMBER "620201001-2026-000123"
#define OTHER_NUMBER "620201001-2026-000124"

static struct store *store_of(void **state)
{
	struct fixture *f = *state;
	return f->ws.store;
}

static void sign(void **state, const char *number, char out[CERTSIG_TEXT_SIZE])
{
	struct error err;
	error_clear(&err);
	assert_int_equal(certsig_sign(store_of(state), number, out, &err), ST_OK);
}

static void public_key(void **state, unsigned char out[CRYPTO_PUBLIC_KEY_SIZE])
{
	store_public_key(store_of(state), out);
}

/* Keys of another deployment: a second key file in the fixture's directory. */
static void other_deployment(void **state, struct crypto_keys *keys)
{
	struct fixture *f = *state;
	char path[400];
	struct error err;
	snprintf(path, sizeof path, "%s/other.key", f->dir);
	if (crypto_key_load(path, keys, &err) == ST_OK)
		return;
	assert_int_equal(crypto_key_create(path, &err), ST_OK);
	assert_int_equal(crypto_key_load(path, keys, &err), ST_OK);
}

static void assert_check(void **state, const char *number, const char *sig,
			 enum certsig_result expected)
{
	unsigned char key[CRYPTO_PUBLIC_KEY_SIZE];
	public_key(state, key);
	enum certsig_result got = certsig_check(key, number, sig);
	if (got != expected)
		print_error("number \"%s\" sig \"%s\": got %d, expected %d\n", number, sig, got,
			    expected);
	assert_int_equal(got, expected);
}

/* --- the number ---------------------------------------------------------- */

static void test_number_is_town_code_year_and_sequence(void **state)
{
	(void)state;
	assert_true(certsig_number_valid(NUMBER));
	assert_true(certsig_number_valid("000000000-0000-000000"));
	assert_false(certsig_number_valid(NULL));
	assert_false(certsig_number_valid(""));
	assert_false(certsig_number_valid("620201001-2026-00012"));    /* short sequence */
	assert_false(certsig_number_valid("620201001-2026-0001234"));  /* long sequence */
	assert_false(certsig_number_valid("62020100-12026-000123"));   /* dash misplaced */
	assert_false(certsig_number_valid("620201001_2026_000123"));
	assert_false(certsig_number_valid("620201001-2O26-000123"));   /* letter O */
	assert_false(certsig_number_valid("620201001-2026-00012 "));
	assert_false(certsig_number_valid("620201001--2026-00012"));
}

/* --- signing and checking ------------------------------------------------ */

static void test_signature_of_a_number_checks_valid_and_is_deterministic(void **state)
{
	char sig[CERTSIG_TEXT_SIZE], again[CERTSIG_TEXT_SIZE];
	sign(state, NUMBER, sig);
	assert_int_equal(strlen(sig), 86);
	assert_check(state, NUMBER, sig, CERTSIG_VALID);
	sign(state, NUMBER, again);
	assert_string_equal(sig, again);
}

static void test_signed_message_is_the_versioned_prefix_and_the_number(void **state)
{
	/* The format others may implement: exactly these bytes are signed. */
	static const char message[] = "liudong-certificate-v1\n" NUMBER;
	char sig_text[CERTSIG_TEXT_SIZE];
	unsigned char sig[CRYPTO_SIGNATURE_SIZE], key[CRYPTO_PUBLIC_KEY_SIZE];
	size_t len = 0;
	sign(state, NUMBER, sig_text);
	assert_true(crypto_base64url_decode(sig_text, sig, sizeof sig, &len));
	assert_int_equal(len, CRYPTO_SIGNATURE_SIZE);
	public_key(state, key);
	assert_true(crypto_signature_valid(key, message, sizeof message - 1, sig));
	assert_false(crypto_signature_valid(key, message, sizeof message - 2, sig));
	assert_false(crypto_signature_valid(key, NUMBER, strlen(NUMBER), sig));
}

static void test_signing_refuses_what_is_not_a_number(void **state)
{
	char sig[CERTSIG_TEXT_SIZE];
	struct error err;
	error_clear(&err);
	assert_int_equal(certsig_sign(store_of(state), "620201001-2026-12", sig, &err),
			 ST_INVALID_INPUT);
	assert_string_equal(err.field, "number");
}

static void test_every_flipped_bit_of_the_signature_is_forged(void **state)
{
	char sig_text[CERTSIG_TEXT_SIZE], flipped[CERTSIG_TEXT_SIZE];
	unsigned char sig[CRYPTO_SIGNATURE_SIZE];
	size_t len = 0;
	sign(state, NUMBER, sig_text);
	assert_true(crypto_base64url_decode(sig_text, sig, sizeof sig, &len));
	for (size_t bit = 0; bit < 8 * sizeof sig; bit++) {
		sig[bit / 8] ^= (unsigned char)(1u << (bit % 8));
		crypto_base64url_encode(sig, sizeof sig, flipped, sizeof flipped);
		sig[bit / 8] ^= (unsigned char)(1u << (bit % 8));
		assert_check(state, NUMBER, flipped, CERTSIG_FORGED);
	}
}

static void test_signature_of_one_number_is_forged_for_another(void **state)
{
	char sig[CERTSIG_TEXT_SIZE];
	sign(state, NUMBER, sig);
	assert_check(state, OTHER_NUMBER, sig, CERTSIG_FORGED);
	assert_check(state, "620201002-2026-000123", sig, CERTSIG_FORGED);
	assert_check(state, "620201001-2025-000123", sig, CERTSIG_FORGED);
}

static void test_another_deployments_key_neither_signs_nor_checks(void **state)
{
	struct crypto_keys other;
	char sig_text[CERTSIG_TEXT_SIZE], other_text[CERTSIG_TEXT_SIZE];
	unsigned char sig[CRYPTO_SIGNATURE_SIZE], key[CRYPTO_PUBLIC_KEY_SIZE];
	static const char message[] = "liudong-certificate-v1\n" NUMBER;
	other_deployment(state, &other);
	public_key(state, key);
	assert_memory_not_equal(other.sign_public, key, CRYPTO_PUBLIC_KEY_SIZE);

	/* Ours checked with theirs. */
	sign(state, NUMBER, sig_text);
	assert_int_equal(certsig_check(other.sign_public, NUMBER, sig_text), CERTSIG_FORGED);

	/* Theirs checked with ours, though right under theirs. */
	crypto_signature_create(&other, message, sizeof message - 1, sig);
	crypto_base64url_encode(sig, sizeof sig, other_text, sizeof other_text);
	assert_int_equal(certsig_check(other.sign_public, NUMBER, other_text), CERTSIG_VALID);
	assert_check(state, NUMBER, other_text, CERTSIG_FORGED);
	crypto_keys_wipe(&other);
}

static void test_signing_key_comes_from_the_key_file(void **state)
{
	/* Restoring the key file restores the signing key: same file, same key. */
	struct fixture *f = *state;
	char path[400];
	struct crypto_keys keys;
	struct error err;
	unsigned char key[CRYPTO_PUBLIC_KEY_SIZE];
	store_key_path(f->db_path, path, sizeof path);
	assert_int_equal(crypto_key_load(path, &keys, &err), ST_OK);
	public_key(state, key);
	assert_memory_equal(keys.sign_public, key, CRYPTO_PUBLIC_KEY_SIZE);
	/* ... and it is not one of the other subkeys. */
	assert_memory_not_equal(keys.sign_public, keys.seal_key, 32);
	assert_memory_not_equal(keys.sign_public, keys.index_key, 32);
	crypto_keys_wipe(&keys);
	static const unsigned char zero[sizeof keys] = {0};
	assert_memory_equal(&keys, zero, sizeof keys);
}

static void test_malformed_signature_text_is_not_called_forged(void **state)
{
	char sig[CERTSIG_TEXT_SIZE], bad[CERTSIG_TEXT_SIZE + 8];
	sign(state, NUMBER, sig);

	/* Characters outside base64url (standard base64's, padding, blanks). */
	static const char strangers[] = {'+', '/', '=', ' ', '!', '.', '\n'};
	for (size_t i = 0; i < sizeof strangers; i++) {
		snprintf(bad, sizeof bad, "%s", sig);
		bad[40] = strangers[i];
		assert_check(state, NUMBER, bad, CERTSIG_MALFORMED);
	}
	/* A last character with bits set beyond the 64 bytes (non-canonical). */
	snprintf(bad, sizeof bad, "%s", sig);
	bad[85] = bad[85] == 'B' ? 'C' : 'B';
	assert_check(state, NUMBER, bad, CERTSIG_MALFORMED);

	/* Wrong lengths. */
	assert_check(state, NUMBER, "", CERTSIG_MALFORMED);
	snprintf(bad, sizeof bad, "%.85s", sig);
	assert_check(state, NUMBER, bad, CERTSIG_MALFORMED);
	snprintf(bad, sizeof bad, "%sA", sig);
	assert_check(state, NUMBER, bad, CERTSIG_MALFORMED);
	snprintf(bad, sizeof bad, "%s==", sig);
	assert_check(state, NUMBER, bad, CERTSIG_MALFORMED);
	unsigned char short_sig[63] = {0};
	char short_text[CRYPTO_BASE64URL_SIZE(63)];
	crypto_base64url_encode(short_sig, sizeof short_sig, short_text, sizeof short_text);
	assert_check(state, NUMBER, short_text, CERTSIG_MALFORMED);

	/* A number not of its form. */
	assert_check(state, "620201001-2026-00012", sig, CERTSIG_MALFORMED);
	assert_check(state, "", sig, CERTSIG_MALFORMED);
	unsigned char key[CRYPTO_PUBLIC_KEY_SIZE];
	public_key(state, key);
	assert_int_equal(certsig_check(key, NUMBER, NULL), CERTSIG_MALFORMED);
}

/* --- the payload --------------------------------------------------------- */

static void test_url_is_base_verify_number_and_sig(void **state)
{
	char sig[CERTSIG_TEXT_SIZE], url[CERTSIG_URL_MAX], expected[CERTSIG_URL_MAX];
	struct error err;
	error_clear(&err);
	sign(state, NUMBER, sig);
	snprintf(expected, sizeof expected, "http://127.0.0.1:8080/verify/" NUMBER "?sig=%s", sig);
	assert_int_equal(certsig_url("http://127.0.0.1:8080", NUMBER, sig, url, sizeof url, &err),
			 ST_OK);
	assert_string_equal(url, expected);
	assert_int_equal(certsig_url("http://127.0.0.1:8080/", NUMBER, sig, url, sizeof url, &err),
			 ST_OK);
	assert_string_equal(url, expected);

	snprintf(expected, sizeof expected, "/verify/" NUMBER "?sig=%s", sig);
	assert_int_equal(certsig_url("", NUMBER, sig, url, sizeof url, &err), ST_OK);
	assert_string_equal(url, expected);
}

static void test_url_refuses_what_would_not_read_back(void **state)
{
	char sig[CERTSIG_TEXT_SIZE], url[CERTSIG_URL_MAX];
	struct error err;
	sign(state, NUMBER, sig);
	assert_int_equal(certsig_url("http://x", "62020100-2026-000123", sig, url, sizeof url, &err),
			 ST_INVALID_INPUT);
	assert_string_equal(err.field, "number");
	assert_int_equal(certsig_url("http://x", NUMBER, "abc", url, sizeof url, &err),
			 ST_INVALID_INPUT);
	assert_string_equal(err.field, "sig");
	assert_int_equal(certsig_url("http://x/?a=1", NUMBER, sig, url, sizeof url, &err),
			 ST_INVALID_INPUT);
	assert_int_equal(certsig_url("http://a b", NUMBER, sig, url, sizeof url, &err),
			 ST_INVALID_INPUT);
	assert_string_equal(err.field, "base_url");
	assert_int_equal(certsig_url("http://x", NUMBER, sig, url, 100, &err), ST_INVALID_INPUT);
}

static void assert_parses(const char *payload, const char *number, const char *sig)
{
	struct certsig_scan scan;
	struct error err;
	error_clear(&err);
	if (certsig_parse(payload, &scan, &err) != ST_OK)
		print_error("\"%s\" was refused: %s [%s]\n", payload, err.message, err.reason);
	assert_int_equal(certsig_parse(payload, &scan, &err), ST_OK);
	assert_string_equal(scan.number, number);
	assert_string_equal(scan.sig, sig);
}

static void assert_refused(const char *payload, const char *reason)
{
	struct certsig_scan scan;
	struct error err;
	error_clear(&err);
	enum status st = certsig_parse(payload, &scan, &err);
	if (st == ST_OK || strcmp(err.reason, reason) != 0)
		print_error("\"%s\": status %d reason \"%s\", expected %s\n", payload, st,
			    err.reason, reason);
	assert_int_equal(st, ST_INVALID_INPUT);
	assert_string_equal(err.reason, reason);
	assert_string_equal(err.field, "payload");
	assert_true(err.message[0] != '\0');
}

static void test_payload_round_trips_in_every_accepted_form(void **state)
{
	char sig[CERTSIG_TEXT_SIZE], url[CERTSIG_URL_MAX], text[CERTSIG_URL_MAX + 8];
	struct error err;
	sign(state, NUMBER, sig);
	assert_int_equal(certsig_url("http://127.0.0.1:8080", NUMBER, sig, url, sizeof url, &err),
			 ST_OK);
	assert_parses(url, NUMBER, sig);

	static const char *const forms[] = {
		"https://liudong.jyg.gov.cn/verify/%s?sig=%s",
		"HTTPS://example.org:8443/liudong/verify/%s?sig=%s",
		"http://[::1]:8080/verify/%s?sig=%s",
		"/verify/%s?sig=%s",
		"%s?sig=%s",
		"  http://127.0.0.1:8080/verify/%s?sig=%s\r\n",   /* a scanner's line end */
		"http://h/verify/%s?lang=zh&sig=%s&x=1",            /* other parameters */
		"http://h/verify/%s?sig=%s#top",                    /* a fragment */
	};
	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		snprintf(text, sizeof text, forms[i], NUMBER, sig);
		assert_parses(text, NUMBER, sig);
	}
}

static void test_payload_that_is_not_a_verify_link_says_why(void **state)
{
	char sig[CERTSIG_TEXT_SIZE], text[CERTSIG_URL_MAX + 64];
	struct certsig_scan scan;
	struct error err;
	sign(state, NUMBER, sig);

	assert_refused("", "empty");
	assert_refused(" \r\n\t", "empty");
	memset(text, 'a', CERTSIG_URL_MAX);
	text[CERTSIG_URL_MAX] = '\0';
	assert_refused(text, "too_long");
	snprintf(text, sizeof text, "/verify/%s ?sig=%s", NUMBER, sig);
	assert_refused(text, "bad_character");
	snprintf(text, sizeof text, "/verify/证明?sig=%s", sig);
	assert_refused(text, "bad_character");

	static const char *const not_links[] = {
		"http://h/check/%s?sig=%s",       /* another page */
		"http://h/%s?sig=%s",             /* no /verify/ */
		"http://h/averify/%s?sig=%s",     /* /verify must be a whole segment */
		"verify/%s?sig=%s",               /* relative path */
		"http:/verify/%s?sig=%s",         /* a broken scheme */
		"://h/verify/%s?sig=%s",          /* an empty scheme */
		"1http://h/verify/%s?sig=%s",     /* a scheme starting with a digit */
		"ht_tp://h/verify/%s?sig=%s",     /* a character not in schemes */
		"http:///verify/%s?sig=%s",       /* no host */
		"/verify/%s/?sig=%s",             /* a segment after the number */
	};
	for (size_t i = 0; i < sizeof not_links / sizeof not_links[0]; i++) {
		snprintf(text, sizeof text, not_links[i], NUMBER, sig);
		assert_refused(text, "not_a_verify_link");
	}
	assert_refused("http://127.0.0.1:8080", "not_a_verify_link");
	assert_refused("WIFI:S:home;T:WPA;P:secret;;", "not_a_verify_link");
	assert_refused("hello?sig=abc", "not_a_verify_link");
	snprintf(text, sizeof text, "620201001-2026-00012?sig=%s", sig);
	assert_refused(text, "bad_number");  /* bare, but clearly a mistyped number */

	snprintf(text, sizeof text, "/verify/620201001-2026-00012?sig=%s", sig);
	assert_refused(text, "bad_number");
	snprintf(text, sizeof text, "/verify/620201001-2026-0001234?sig=%s", sig);
	assert_refused(text, "bad_number");
	snprintf(text, sizeof text, "/verify/620201001%%2D2026-000123?sig=%s", sig);
	assert_refused(text, "bad_number");

	assert_refused("/verify/" NUMBER, "missing_signature");
	assert_refused("/verify/" NUMBER "?", "missing_signature");
	assert_refused("/verify/" NUMBER "?signature=abc", "missing_signature");
	assert_refused("/verify/" NUMBER "#?sig=abc", "missing_signature");
	/* The number is known even though the signature is not. */
	assert_int_equal(certsig_parse("/verify/" NUMBER "?lang=zh", &scan, &err),
			 ST_INVALID_INPUT);
	assert_string_equal(scan.number, NUMBER);

	snprintf(text, sizeof text, "/verify/%s?sig=%s&sig=%s", NUMBER, sig, sig);
	assert_refused(text, "duplicate_signature");
	assert_refused("/verify/" NUMBER "?sig=", "bad_signature");
	snprintf(text, sizeof text, "/verify/%s?sig=%.85s", NUMBER, sig);
	assert_refused(text, "bad_signature");
	snprintf(text, sizeof text, "/verify/%s?sig=%sA", NUMBER, sig);
	assert_refused(text, "bad_signature");
	snprintf(text, sizeof text, "/verify/%s?sig=%.84s+/", NUMBER, sig);
	assert_refused(text, "bad_signature");
	snprintf(text, sizeof text, "/verify/%s?sig=%s%%3D", NUMBER, sig);
	assert_refused(text, "bad_signature");
}

/* --- printable forms (crypto.c) ------------------------------------------ */

static void test_base64url_round_trips_every_length_and_refuses_strangers(void **state)
{
	(void)state;
	unsigned char bytes[70], back[70];
	char text[CRYPTO_BASE64URL_SIZE(70)];
	for (size_t i = 0; i < sizeof bytes; i++)
		bytes[i] = (unsigned char)(i * 37 + 251);
	for (size_t len = 0; len <= sizeof bytes; len++) {
		size_t got = 99;
		crypto_base64url_encode(bytes, len, text, CRYPTO_BASE64URL_SIZE(len));
		assert_int_equal(strlen(text) + 1, CRYPTO_BASE64URL_SIZE(len));
		assert_null(strpbrk(text, "+/="));
		assert_true(crypto_base64url_decode(text, back, sizeof back, &got));
		assert_int_equal(got, len);
		assert_memory_equal(back, bytes, len);
	}
	size_t got = 0;
	assert_true(crypto_base64url_decode("-_-_", back, sizeof back, &got));
	assert_int_equal(got, 3);
	assert_memory_equal(back, "\xfb\xff\xbf", 3);
	assert_false(crypto_base64url_decode("+/+/", back, sizeof back, &got));
	assert_false(crypto_base64url_decode("AAE=", back, sizeof back, &got));
	assert_false(crypto_base64url_decode("AA E", back, sizeof back, &got));
	assert_false(crypto_base64url_decode("A", back, sizeof back, &got));
	assert_false(crypto_base64url_decode("AAAAAA", back, 3, &got)); /* 4 bytes into 3 */
}

static void test_hex_decodes_exactly_the_length_asked(void **state)
{
	(void)state;
	unsigned char bytes[4] = {0x00, 0xab, 0x7f, 0xff}, back[4];
	char text[9];
	crypto_hex_encode(bytes, sizeof bytes, text, sizeof text);
	assert_string_equal(text, "00ab7fff");
	assert_true(crypto_hex_decode("00AB7fFF", back, sizeof back));
	assert_memory_equal(back, bytes, sizeof bytes);
	assert_false(crypto_hex_decode("00ab7f", back, sizeof back));
	assert_false(crypto_hex_decode("00ab7fff00", back, sizeof back));
	assert_false(crypto_hex_decode("00ab7fgf", back, sizeof back));
	assert_false(crypto_hex_decode("00ab7ff ", back, sizeof back));
	assert_false(crypto_hex_decode("", back, sizeof back));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_number_is_town_code_year_and_sequence),
		cmocka_unit_test(test_signature_of_a_number_checks_valid_and_is_deterministic),
		cmocka_unit_test(test_signed_message_is_the_versioned_prefix_and_the_number),
		cmocka_unit_test(test_signing_refuses_what_is_not_a_number),
		cmocka_unit_test(test_every_flipped_bit_of_the_signature_is_forged),
		cmocka_unit_test(test_signature_of_one_number_is_forged_for_another),
		cmocka_unit_test(test_another_deployments_key_neither_signs_nor_checks),
		cmocka_unit_test(test_signing_key_comes_from_the_key_file),
		cmocka_unit_test(test_malformed_signature_text_is_not_called_forged),
		cmocka_unit_test(test_url_is_base_verify_number_and_sig),
		cmocka_unit_test(test_url_refuses_what_would_not_read_back),
		cmocka_unit_test(test_payload_round_trips_in_every_accepted_form),
		cmocka_unit_test(test_payload_that_is_not_a_verify_link_says_why),
		cmocka_unit_test(test_base64url_round_trips_every_length_and_refuses_strangers),
		cmocka_unit_test(test_hex_decodes_exactly_the_length_asked),
	};
	return cmocka_run_group_tests(tests, fixture_setup, fixture_teardown);
}
