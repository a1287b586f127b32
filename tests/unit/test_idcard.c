/*
 * test_idcard.c — the resident ID number rules of src/domain/idcard.c.
 *
 * Valid numbers are built here with our own MOD 11-2 arithmetic, so these
 * tests do not take idcard_check_character's word for what is valid.  The
 * address codes are real: 620201 嘉峪关市, 410102 郑州市中原区, 110105 北京市
 * 朝阳区, 441900 东莞市, 650102 乌鲁木齐市天山区.  "Today" is 2026-11-29.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "domain/idcard.h"

static const struct date today = {2026, 11, 29};

/* ISO 7064 MOD 11-2 worked out independently of the code under test. */
static char mod11_2(const char *first17)
{
	static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
	static const char checks[] = "10X98765432";
	int sum = 0;
	for (int i = 0; i < 17; i++)
		sum += (first17[i] - '0') * weights[i];
	return checks[sum % 11];
}

/* An 18-character number with a correct check character. */
static void build_number(const char *region, const char *yyyymmdd, const char *sequence,
			 char out[IDCARD_SIZE])
{
	snprintf(out, IDCARD_SIZE, "%.6s%.8s%.3s?", region, yyyymmdd, sequence);
	out[17] = mod11_2(out);
}

/* Any other check character than the right one. */
static char wrong_check(char right)
{
	return right == '0' ? '1' : '0';
}

static void assert_reason(const char *input, enum idcard_reason expected)
{
	struct idcard card;
	enum idcard_reason got = idcard_parse(input, &today, &card);
	if (got != expected)
		print_error("input \"%s\": got %s, expected %s\n", input,
			    idcard_reason_code(got), idcard_reason_code(expected));
	assert_int_equal(got, expected);
}

static void test_own_mod11_2_helper_matches_published_example(void **state)
{
	(void)state;
	/* GB 11643-1999's own examples. */
	assert_int_equal(mod11_2("11010519491231002"), 'X');
	assert_int_equal(mod11_2("44052418800101001"), '4');
}

static void test_published_example_11010519491231002X_is_valid(void **state)
{
	(void)state;
	struct idcard card;
	assert_int_equal(idcard_parse("11010519491231002X", &today, &card), IDCARD_OK);
	assert_string_equal(card.number, "11010519491231002X");
	assert_string_equal(card.region, "110105");
	assert_int_equal(card.birth.year, 1949);
	assert_int_equal(card.birth.month, 12);
	assert_int_equal(card.birth.day, 31);
	assert_int_equal(card.sex, 'F');
	assert_false(card.upgraded);
}

static void test_published_example_born_1880_is_refused_as_before_1900(void **state)
{
	(void)state;
	/* 440524188001010014 has a correct check character but an 1880 birth date. */
	assert_reason("440524188001010014", IDCARD_BAD_BIRTH_DATE);
}

static void test_check_character_agrees_with_independent_mod11_2(void **state)
{
	(void)state;
	char first17[18];
	bool seen[11] = {false};
	const char *checks = "10X98765432";
	unsigned long x = 12345;

	for (int n = 0; n < 20000; n++) {
		for (int i = 0; i < 17; i++) {
			x = x * 6364136223846793005UL + 1442695040888963407UL;
			first17[i] = (char)('0' + (x >> 33) % 10);
		}
		first17[17] = '\0';
		char expected = mod11_2(first17);
		assert_int_equal(idcard_check_character(first17), expected);
		seen[strchr(checks, expected) - checks] = true;
	}
	for (int i = 0; i < 11; i++)
		assert_true(seen[i]);
}

static void test_numbers_with_real_regions_and_mod11_2_check_are_valid(void **state)
{
	(void)state;
	static const char *const regions[] = {"620201", "410102", "110105", "441900", "650102",
					      "310101", "540102", "710000", "810000", "820000"};
	char number[IDCARD_SIZE];
	struct idcard card;

	for (size_t i = 0; i < sizeof regions / sizeof regions[0]; i++) {
		build_number(regions[i], "19850102", "123", number);
		assert_int_equal(idcard_parse(number, &today, &card), IDCARD_OK);
		assert_string_equal(card.number, number);
		assert_string_equal(card.region, regions[i]);
	}
}

static void test_length_other_than_15_or_18_is_bad_length(void **state)
{
	(void)state;
	assert_reason("", IDCARD_BAD_LENGTH);
	assert_reason("   ", IDCARD_BAD_LENGTH);
	assert_reason("62020119850102", IDCARD_BAD_LENGTH);       /* 14 */
	assert_reason("6202011985010212", IDCARD_BAD_LENGTH);     /* 16 */
	assert_reason("62020119850102123", IDCARD_BAD_LENGTH);    /* 17 */
	assert_reason("62020119850102123X0", IDCARD_BAD_LENGTH);  /* 19 */
	assert_reason("620201198501021230000", IDCARD_BAD_LENGTH);
}

static void test_null_input_is_bad_length(void **state)
{
	(void)state;
	struct idcard card;
	assert_int_equal(idcard_parse(NULL, &today, &card), IDCARD_BAD_LENGTH);
}

static void test_input_longer_than_input_max_is_refused_even_if_blanks(void **state)
{
	(void)state;
	char input[IDCARD_INPUT_MAX + 2];
	size_t pad = IDCARD_INPUT_MAX + 1 - IDCARD_LENGTH; /* one byte too many */
	memset(input, ' ', pad);
	memcpy(input + pad, "62020119850102123X", IDCARD_LENGTH);
	input[IDCARD_INPUT_MAX + 1] = '\0';
	assert_int_equal(strlen(input), IDCARD_INPUT_MAX + 1);
	assert_reason(input, IDCARD_BAD_LENGTH);

	/* Exactly IDCARD_INPUT_MAX characters is still read. */
	assert_reason(input + 1, IDCARD_OK);
}

static void test_very_long_input_is_refused_as_bad_length(void **state)
{
	(void)state;
	char input[4097];
	memset(input, '1', sizeof input - 1);
	input[sizeof input - 1] = '\0';
	assert_reason(input, IDCARD_BAD_LENGTH);
}

static void test_non_digit_in_first_17_is_bad_character(void **state)
{
	(void)state;
	assert_reason("6202011985O102123X", IDCARD_BAD_CHARACTER); /* letter O */
	assert_reason("X20201198501021232", IDCARD_BAD_CHARACTER); /* X not last */
	assert_reason("62020119850102 23X", IDCARD_BAD_CHARACTER); /* inner blank */
	assert_reason("6202011985-0102123", IDCARD_BAD_CHARACTER);
	assert_reason("-62020119850102123", IDCARD_BAD_CHARACTER);
}

static void test_final_character_other_than_digit_or_x_is_bad_character(void **state)
{
	(void)state;
	assert_reason("62020119850102123Y", IDCARD_BAD_CHARACTER);
	assert_reason("62020119850102123*", IDCARD_BAD_CHARACTER);
	assert_reason("62020119850102123 0", IDCARD_BAD_LENGTH); /* 19 characters */
}

static void test_fifteen_digit_number_must_be_all_digits(void **state)
{
	(void)state;
	assert_reason("11010549123100X", IDCARD_BAD_CHARACTER);
	assert_reason("11010549123100x", IDCARD_BAD_CHARACTER);
	assert_reason("1101054912a1002", IDCARD_BAD_CHARACTER);
}

static void test_unknown_province_is_bad_province(void **state)
{
	(void)state;
	static const char *const regions[] = {"000000", "100000", "190000", "200000", "400000",
					      "660000", "720000", "800000", "840000", "990000"};
	char number[IDCARD_SIZE];
	for (size_t i = 0; i < sizeof regions / sizeof regions[0]; i++) {
		build_number(regions[i], "19850102", "123", number);
		assert_reason(number, IDCARD_BAD_PROVINCE);
	}
}

static void test_province_table_holds_exactly_the_province_codes(void **state)
{
	(void)state;
	static const int provinces[] = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34,
					35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
					53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83};
	int count = 0;
	for (int code = -1; code <= 100; code++) {
		bool expected = false;
		for (size_t i = 0; i < sizeof provinces / sizeof provinces[0]; i++)
			if (provinces[i] == code)
				expected = true;
		assert_int_equal(idcard_is_province(code), expected);
		count += expected;
	}
	assert_int_equal(count, 35);
}

static void test_unreal_birth_date_is_bad_birth_date(void **state)
{
	(void)state;
	static const char *const dates[] = {"19900230", "19901301", "19900001", "19900100",
					    "19900431", "19890229", "19900632", "00000101"};
	char number[IDCARD_SIZE];
	for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++) {
		build_number("410102", dates[i], "001", number);
		assert_reason(number, IDCARD_BAD_BIRTH_DATE);
	}
}

static void test_feb_29_1996_is_valid_as_1996_is_leap(void **state)
{
	(void)state;
	char number[IDCARD_SIZE];
	struct idcard card;
	build_number("410102", "19960229", "001", number);
	assert_string_equal(number, "410102199602290013");
	assert_int_equal(idcard_parse(number, &today, &card), IDCARD_OK);
	assert_int_equal(card.birth.month, 2);
	assert_int_equal(card.birth.day, 29);
}

static void test_feb_29_1900_is_refused_as_1900_is_not_leap(void **state)
{
	(void)state;
	char number[IDCARD_SIZE];
	build_number("410102", "19000229", "001", number);
	assert_reason(number, IDCARD_BAD_BIRTH_DATE);
	build_number("410102", "19000228", "001", number);
	assert_reason(number, IDCARD_OK);
}

static void test_feb_29_2000_is_valid_as_2000_is_leap(void **state)
{
	(void)state;
	char number[IDCARD_SIZE];
	build_number("410102", "20000229", "002", number);
	assert_string_equal(number, "410102200002290023");
	assert_reason(number, IDCARD_OK);
}

static void test_birth_date_in_future_is_refused(void **state)
{
	(void)state;
	char number[IDCARD_SIZE];

	build_number("620201", "20261130", "001", number);
	assert_reason(number, IDCARD_BAD_BIRTH_DATE);
	build_number("620201", "20270101", "001", number);
	assert_reason(number, IDCARD_BAD_BIRTH_DATE);

	/* Born today is fine. */
	build_number("620201", "20261129", "001", number);
	assert_reason(number, IDCARD_OK);
}

static void test_birth_date_is_judged_against_the_today_argument(void **state)
{
	(void)state;
	char number[IDCARD_SIZE];
	struct idcard card;
	const struct date earlier = {2000, 1, 1};
	const struct date later = {2030, 1, 1};

	build_number("620201", "20261130", "001", number);
	assert_int_equal(idcard_parse(number, &later, &card), IDCARD_OK);
	build_number("620201", "20000102", "001", number);
	assert_int_equal(idcard_parse(number, &earlier, &card), IDCARD_BAD_BIRTH_DATE);
	build_number("620201", "20000101", "001", number);
	assert_int_equal(idcard_parse(number, &earlier, &card), IDCARD_OK);
}

static void test_birth_date_before_1900_is_refused(void **state)
{
	(void)state;
	char number[IDCARD_SIZE];
	build_number("110105", "18991231", "001", number);
	assert_reason(number, IDCARD_BAD_BIRTH_DATE);
	build_number("110105", "18500615", "001", number);
	assert_reason(number, IDCARD_BAD_BIRTH_DATE);
	build_number("110105", "19000101", "001", number);
	assert_reason(number, IDCARD_OK);
}

static void test_wrong_check_character_is_bad_check_character(void **state)
{
	(void)state;
	static const char all[] = "0123456789X";
	char number[IDCARD_SIZE];
	build_number("620201", "19850102", "123", number);
	char right = number[17];
	for (const char *c = all; *c; c++) {
		number[17] = *c;
		assert_reason(number, *c == right ? IDCARD_OK : IDCARD_BAD_CHECK_CHARACTER);
	}
}

static void test_mistyped_sequence_digit_is_bad_check_character(void **state)
{
	(void)state;
	char number[IDCARD_SIZE];
	build_number("620201", "19850102", "123", number);
	for (int pos = 14; pos < 17; pos++) {
		char saved = number[pos];
		number[pos] = (char)(saved == '9' ? '0' : saved + 1);
		assert_reason(number, IDCARD_BAD_CHECK_CHARACTER);
		number[pos] = saved;
	}
	/* Two neighbouring digits swapped. */
	assert_reason("11010519491231020X", IDCARD_BAD_CHECK_CHARACTER);
}

static void test_first_failing_rule_in_order_is_reported(void **state)
{
	(void)state;
	/* Bad character wins over a bad province. */
	assert_reason("00010519491231002Y", IDCARD_BAD_CHARACTER);
	/* Bad province wins over an unreal date and a wrong check character. */
	assert_reason("000105199002300020", IDCARD_BAD_PROVINCE);
	/* Unreal date wins over a wrong check character. */
	char number[IDCARD_SIZE];
	build_number("620201", "19900230", "002", number);
	number[17] = wrong_check(number[17]);
	assert_reason(number, IDCARD_BAD_BIRTH_DATE);
}

static void test_fifteen_digit_number_is_upgraded_to_eighteen(void **state)
{
	(void)state;
	struct idcard card;
	assert_int_equal(idcard_parse("110105491231002", &today, &card), IDCARD_OK);
	assert_string_equal(card.number, "11010519491231002X");
	assert_true(card.upgraded);
	assert_string_equal(card.region, "110105");
	assert_int_equal(card.birth.year, 1949);
	assert_int_equal(card.birth.month, 12);
	assert_int_equal(card.birth.day, 31);
	assert_int_equal(card.sex, 'F');
}

static void test_fifteen_digit_upgrade_inserts_19_and_computes_check(void **state)
{
	(void)state;
	struct idcard card;
	char expected[IDCARD_SIZE];
	build_number("620201", "19850102", "123", expected);
	assert_string_equal(expected, "62020119850102123X");
	assert_int_equal(idcard_parse("620201850102123", &today, &card), IDCARD_OK);
	assert_string_equal(card.number, expected);
	assert_int_equal(card.sex, 'M');

	build_number("410102", "19000101", "004", expected);
	assert_int_equal(idcard_parse("410102000101004", &today, &card), IDCARD_OK);
	assert_string_equal(card.number, expected);
	assert_int_equal(card.birth.year, 1900);
}

static void test_fifteen_digit_number_is_checked_like_eighteen(void **state)
{
	(void)state;
	assert_reason("110105490230002", IDCARD_BAD_BIRTH_DATE); /* 1949-02-30 */
	assert_reason("110105000229002", IDCARD_BAD_BIRTH_DATE); /* 1900-02-29 */
	assert_reason("990105491231002", IDCARD_BAD_PROVINCE);
	assert_reason(" 110105491231002\t", IDCARD_OK);
}

static void test_eighteen_digit_number_is_not_marked_upgraded(void **state)
{
	(void)state;
	struct idcard card;
	assert_int_equal(idcard_parse("62020119850102123X", &today, &card), IDCARD_OK);
	assert_false(card.upgraded);
}

static void test_lowercase_x_is_read_as_upper_case_x(void **state)
{
	(void)state;
	struct idcard card;
	assert_int_equal(idcard_parse("11010519491231002x", &today, &card), IDCARD_OK);
	assert_string_equal(card.number, "11010519491231002X");
}

static void test_surrounding_blanks_are_trimmed(void **state)
{
	(void)state;
	struct idcard card;
	assert_int_equal(idcard_parse(" \t11010519491231002X\r\n ", &today, &card), IDCARD_OK);
	assert_string_equal(card.number, "11010519491231002X");
	assert_int_equal(idcard_parse("\n\n11010519491231002x", &today, &card), IDCARD_OK);
	assert_string_equal(card.number, "11010519491231002X");
}

static void test_sex_follows_parity_of_the_sequence(void **state)
{
	(void)state;
	char number[IDCARD_SIZE], sequence[4];
	struct idcard card;
	for (int digit = 0; digit <= 9; digit++) {
		snprintf(sequence, sizeof sequence, "12%d", digit);
		build_number("410102", "19960229", sequence, number);
		assert_int_equal(idcard_parse(number, &today, &card), IDCARD_OK);
		assert_int_equal(card.sex, digit % 2 == 1 ? 'M' : 'F');
	}
	/* Only the third digit counts, not the whole sequence's first digits. */
	build_number("410102", "19960229", "990", number);
	assert_int_equal(idcard_parse(number, &today, &card), IDCARD_OK);
	assert_int_equal(card.sex, 'F');
}

static void test_region_is_the_six_digit_address_code(void **state)
{
	(void)state;
	char number[IDCARD_SIZE];
	struct idcard card;
	build_number("410102", "19851010", "345", number);
	assert_int_equal(idcard_parse(number, &today, &card), IDCARD_OK);
	assert_string_equal(card.region, "410102");
	assert_int_equal(strlen(card.region), 6);
}

static void test_mask_shows_region_and_last_four_only(void **state)
{
	(void)state;
	char buf[IDCARD_MASKED_SIZE];
	idcard_mask("62020119850102123X", buf, sizeof buf);
	assert_string_equal(buf, "620201********123X");
	idcard_mask("11010519491231002X", buf, sizeof buf);
	assert_string_equal(buf, "110105********002X");
}

static void test_mask_of_wrong_length_hides_everything(void **state)
{
	(void)state;
	char buf[IDCARD_MASKED_SIZE];
	idcard_mask("110105491231002", buf, sizeof buf);
	assert_string_equal(buf, "******************");
	idcard_mask("", buf, sizeof buf);
	assert_string_equal(buf, "******************");
}

static void test_mask_never_writes_past_the_buffer(void **state)
{
	(void)state;
	char buf[16];
	memset(buf, '#', sizeof buf);
	idcard_mask("62020119850102123X", buf, 10);
	assert_string_equal(buf, "620201***");
	assert_int_equal(buf[10], '#');
}

static void test_reason_codes_are_stable_snake_case(void **state)
{
	(void)state;
	assert_string_equal(idcard_reason_code(IDCARD_OK), "ok");
	assert_string_equal(idcard_reason_code(IDCARD_BAD_LENGTH), "bad_length");
	assert_string_equal(idcard_reason_code(IDCARD_BAD_CHARACTER), "bad_character");
	assert_string_equal(idcard_reason_code(IDCARD_BAD_PROVINCE), "bad_province");
	assert_string_equal(idcard_reason_code(IDCARD_BAD_BIRTH_DATE), "bad_birth_date");
	assert_string_equal(idcard_reason_code(IDCARD_BAD_CHECK_CHARACTER),
			    "bad_check_character");
}

static void test_reason_messages_are_chinese_and_say_what_to_do(void **state)
{
	(void)state;
	for (int r = IDCARD_BAD_LENGTH; r <= IDCARD_BAD_CHECK_CHARACTER; r++) {
		const char *message = idcard_reason_message((enum idcard_reason)r);
		assert_non_null(message);
		assert_non_null(strstr(message, "公民身份号码"));
		assert_non_null(strstr(message, "请"));
	}
}

static void test_validate_fills_error_with_status_field_and_reason(void **state)
{
	(void)state;
	static const struct {
		const char *input;
		const char *reason;
	} cases[] = {
		{"1234", "bad_length"},
		{"6202011985O102123X", "bad_character"},
		{"99020119850102123X", "bad_province"},
		{"440524188001010014", "bad_birth_date"},
		{"62020119850102123Y", "bad_character"},
		{"620201198501021230", "bad_check_character"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct idcard card;
		struct error err;
		error_clear(&err);
		assert_int_equal(idcard_validate(cases[i].input, &today, &card, "id_number", &err),
				 ST_INVALID_ID_NUMBER);
		assert_int_equal(err.status, ST_INVALID_ID_NUMBER);
		assert_string_equal(err.field, "id_number");
		assert_string_equal(err.reason, cases[i].reason);
		assert_string_equal(error_code(err.status), "invalid_id_number");
		assert_true(strlen(err.message) > 0);
		/* Never echo the input back. */
		assert_null(strstr(err.message, cases[i].input));
	}
}

static void test_validate_message_is_the_reason_message(void **state)
{
	(void)state;
	struct idcard card;
	struct error err;
	error_clear(&err);
	assert_int_equal(idcard_validate("99020119850102123X", &today, &card, "hukou_id", &err),
			 ST_INVALID_ID_NUMBER);
	assert_string_equal(err.message, idcard_reason_message(IDCARD_BAD_PROVINCE));
	assert_string_equal(err.field, "hukou_id");
}

static void test_validate_accepts_valid_number_and_fills_card(void **state)
{
	(void)state;
	struct idcard card;
	struct error err;
	error_clear(&err);
	assert_int_equal(idcard_validate("110105491231002", &today, &card, "id_number", &err),
			 ST_OK);
	assert_string_equal(card.number, "11010519491231002X");
	assert_true(card.upgraded);
	assert_int_equal(err.status, ST_OK);
	assert_string_equal(err.reason, "");
}

static void test_validate_without_error_struct_still_returns_status(void **state)
{
	(void)state;
	struct idcard card;
	assert_int_equal(idcard_validate("1234", &today, &card, "id_number", NULL),
			 ST_INVALID_ID_NUMBER);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_own_mod11_2_helper_matches_published_example),
		cmocka_unit_test(test_published_example_11010519491231002X_is_valid),
		cmocka_unit_test(test_published_example_born_1880_is_refused_as_before_1900),
		cmocka_unit_test(test_check_character_agrees_with_independent_mod11_2),
		cmocka_unit_test(test_numbers_with_real_regions_and_mod11_2_check_are_valid),
		cmocka_unit_test(test_length_other_than_15_or_18_is_bad_length),
		cmocka_unit_test(test_null_input_is_bad_length),
		cmocka_unit_test(test_input_longer_than_input_max_is_refused_even_if_blanks),
		cmocka_unit_test(test_very_long_input_is_refused_as_bad_length),
		cmocka_unit_test(test_non_digit_in_first_17_is_bad_character),
		cmocka_unit_test(test_final_character_other_than_digit_or_x_is_bad_character),
		cmocka_unit_test(test_fifteen_digit_number_must_be_all_digits),
		cmocka_unit_test(test_unknown_province_is_bad_province),
		cmocka_unit_test(test_province_table_holds_exactly_the_province_codes),
		cmocka_unit_test(test_unreal_birth_date_is_bad_birth_date),
		cmocka_unit_test(test_feb_29_1996_is_valid_as_1996_is_leap),
		cmocka_unit_test(test_feb_29_1900_is_refused_as_1900_is_not_leap),
		cmocka_unit_test(test_feb_29_2000_is_valid_as_2000_is_leap),
		cmocka_unit_test(test_birth_date_in_future_is_refused),
		cmocka_unit_test(test_birth_date_is_judged_against_the_today_argument),
		cmocka_unit_test(test_birth_date_before_1900_is_refused),
		cmocka_unit_test(test_wrong_check_character_is_bad_check_character),
		cmocka_unit_test(test_mistyped_sequence_digit_is_bad_check_character),
		cmocka_unit_test(test_first_failing_rule_in_order_is_reported),
		cmocka_unit_test(test_fifteen_digit_number_is_upgraded_to_eighteen),
		cmocka_unit_test(test_fifteen_digit_upgrade_inserts_19_and_computes_check),
		cmocka_unit_test(test_fifteen_digit_number_is_checked_like_eighteen),
		cmocka_unit_test(test_eighteen_digit_number_is_not_marked_upgraded),
		cmocka_unit_test(test_lowercase_x_is_read_as_upper_case_x),
		cmocka_unit_test(test_surrounding_blanks_are_trimmed),
		cmocka_unit_test(test_sex_follows_parity_of_the_sequence),
		cmocka_unit_test(test_region_is_the_six_digit_address_code),
		cmocka_unit_test(test_mask_shows_region_and_last_four_only),
		cmocka_unit_test(test_mask_of_wrong_length_hides_everything),
		cmocka_unit_test(test_mask_never_writes_past_the_buffer),
		cmocka_unit_test(test_reason_codes_are_stable_snake_case),
		cmocka_unit_test(test_reason_messages_are_chinese_and_say_what_to_do),
		cmocka_unit_test(test_validate_fills_error_with_status_field_and_reason),
		cmocka_unit_test(test_validate_message_is_the_reason_message),
		cmocka_unit_test(test_validate_accepts_valid_number_and_fills_card),
		cmocka_unit_test(test_validate_without_error_struct_still_returns_status),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
