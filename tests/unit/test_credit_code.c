/*
 * test_credit_code.c — unified social credit codes (src/domain/credit_code.c,
 * GB 32100-2015).  No published codes are at hand offline, so the valid
 * codes are built here with a check-character function of the test's own,
 * written from the standard's weights, over realistic bodies.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "domain/credit_code.h"

static const char SET[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* The standard's weights of positions 1–17, written out, not computed. */
static const int W[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

/* Appends the check character to a 17-character body. */
static void complete(const char *body, char out[CREDIT_CODE_SIZE])
{
	int sum = 0;
	assert_int_equal(strlen(body), 17);
	for (int i = 0; i < 17; i++) {
		const char *at = strchr(SET, body[i]);
		assert_non_null(at);
		sum += (int)(at - SET) * W[i];
	}
	int c = (31 - sum % 31) % 31;
	memcpy(out, body, 17);
	out[17] = SET[c];
	out[18] = '\0';
}

/* Bodies as offices see them: 工商 (9), 民政 (5), 机关 (1), 个体 (92). */
static const char *const bodies[] = {
	"91620200MA71XR2L3",  /* company registered in 嘉峪关市 */
	"91620200224360587",
	"92620201MA72B4K01",  /* individual business */
	"52620200MJ0000123",  /* social organization (民政) */
	"11620200013924310",  /* state organ */
	"9162020275603098X",
	"Y1620201000000001",
};

static void expect(const char *input, enum credit_code_reason want)
{
	char out[CREDIT_CODE_SIZE];
	enum credit_code_reason got = credit_code_parse(input, out);
	if (got != want)
		print_error("\"%s\": reason %s, wanted %s\n", input, credit_code_reason_code(got),
			    credit_code_reason_code(want));
	assert_int_equal(got, want);
	if (want != CREDIT_CODE_OK)
		assert_string_equal(out, "");
}

static void test_valid_codes_pass(void **state)
{
	(void)state;
	char code[CREDIT_CODE_SIZE], out[CREDIT_CODE_SIZE];
	for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
		complete(bodies[i], code);
		expect(code, CREDIT_CODE_OK);
		credit_code_parse(code, out);
		assert_string_equal(out, code);
		assert_int_equal(credit_code_check_character(code), code[17]);
	}
}

static void test_every_single_character_change_fails(void **state)
{
	(void)state;
	char code[CREDIT_CODE_SIZE], changed[CREDIT_CODE_SIZE], out[CREDIT_CODE_SIZE];
	for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
		complete(bodies[i], code);
		for (int pos = 0; pos < 18; pos++)
			for (const char *c = SET; *c; c++) {
				if (*c == code[pos])
					continue;
				memcpy(changed, code, sizeof changed);
				changed[pos] = *c;
				enum credit_code_reason r = credit_code_parse(changed, out);
				if (r == CREDIT_CODE_OK)
					print_error("%s accepted (position %d changed)\n", changed,
						    pos + 1);
				assert_int_not_equal(r, CREDIT_CODE_OK);
			}
	}
}

static void test_letters_outside_the_set_are_refused(void **state)
{
	(void)state;
	char code[CREDIT_CODE_SIZE];
	complete(bodies[0], code);
	for (const char *c = "IOSVZ"; *c; c++) {
		char bad[CREDIT_CODE_SIZE];
		memcpy(bad, code, sizeof bad);
		bad[9] = *c;  /* in the organization code */
		expect(bad, CREDIT_CODE_BAD_CHARACTER);
		memcpy(bad, code, sizeof bad);
		bad[17] = *c;  /* as the check character */
		expect(bad, CREDIT_CODE_BAD_CHARACTER);
	}
	char bad[CREDIT_CODE_SIZE];
	memcpy(bad, code, sizeof bad);
	bad[4] = '-';
	expect(bad, CREDIT_CODE_BAD_CHARACTER);
}

static void test_wrong_lengths_are_refused(void **state)
{
	(void)state;
	char code[CREDIT_CODE_SIZE], longer[CREDIT_CODE_SIZE + 1];
	complete(bodies[1], code);
	expect(bodies[1], CREDIT_CODE_BAD_LENGTH);  /* 17 */
	snprintf(longer, sizeof longer, "%s0", code);
	expect(longer, CREDIT_CODE_BAD_LENGTH);     /* 19 */
	expect("", CREDIT_CODE_BAD_LENGTH);
}

static void test_lower_case_and_blanks_are_accepted(void **state)
{
	(void)state;
	char code[CREDIT_CODE_SIZE], lower[CREDIT_CODE_SIZE + 4], out[CREDIT_CODE_SIZE];
	complete(bodies[0], code);
	snprintf(lower, sizeof lower, " %s\t", code);
	for (char *c = lower; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	assert_int_equal(credit_code_parse(lower, out), CREDIT_CODE_OK);
	assert_string_equal(out, code);
}

static void test_validate_sets_status_reason_and_message(void **state)
{
	(void)state;
	char code[CREDIT_CODE_SIZE], out[CREDIT_CODE_SIZE];
	struct error err;
	complete(bodies[0], code);
	code[17] = code[17] == '0' ? '1' : '0';
	assert_int_equal(credit_code_validate(code, out, "credit_code", &err), ST_INVALID_CREDIT_CODE);
	assert_string_equal(err.reason, "bad_check_character");
	assert_string_equal(err.field, "credit_code");
	assert_non_null(strstr(err.message, "校验码"));
	assert_string_equal(error_code(ST_INVALID_CREDIT_CODE), "invalid_credit_code");
	assert_int_equal(error_http_status(ST_INVALID_CREDIT_CODE), 400);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_codes_pass),
		cmocka_unit_test(test_every_single_character_change_fails),
		cmocka_unit_test(test_letters_outside_the_set_are_refused),
		cmocka_unit_test(test_wrong_lengths_are_refused),
		cmocka_unit_test(test_lower_case_and_blanks_are_accepted),
		cmocka_unit_test(test_validate_sets_status_reason_and_message),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
