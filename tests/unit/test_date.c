/*
 * test_date.c — the calendar rules of src/core/date.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core/date.h"

static void assert_parses(const char *text, int year, int month, int day)
{
	struct date d = {0, 0, 0};
	if (!date_parse(text, &d))
		print_error("\"%s\" was refused\n", text);
	assert_true(date_parse(text, &d));
	assert_int_equal(d.year, year);
	assert_int_equal(d.month, month);
	assert_int_equal(d.day, day);
}

static void assert_refused(const char *text)
{
	struct date d = {0, 0, 0};
	if (date_parse(text, &d))
		print_error("\"%s\" was accepted\n", text);
	assert_false(date_parse(text, &d));
}

static struct date make(int year, int month, int day)
{
	return (struct date){year, month, day};
}

static void test_leap_years_follow_the_gregorian_rule(void **state)
{
	(void)state;
	assert_true(date_is_leap_year(1996));
	assert_true(date_is_leap_year(2000));
	assert_true(date_is_leap_year(2024));
	assert_true(date_is_leap_year(1600));
	assert_false(date_is_leap_year(1900));
	assert_false(date_is_leap_year(2100));
	assert_false(date_is_leap_year(2025));
	assert_false(date_is_leap_year(2026));
}

static void test_days_in_month_include_leap_february(void **state)
{
	(void)state;
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	for (int m = 1; m <= 12; m++)
		assert_int_equal(date_days_in_month(2026, m), days[m - 1]);
	assert_int_equal(date_days_in_month(2024, 2), 29);
	assert_int_equal(date_days_in_month(1900, 2), 28);
	assert_int_equal(date_days_in_month(2000, 2), 29);
	assert_int_equal(date_days_in_month(2026, 0), 0);
	assert_int_equal(date_days_in_month(2026, 13), 0);
}

static void test_is_valid_refuses_unreal_days_and_years_out_of_range(void **state)
{
	(void)state;
	assert_true(date_is_valid(2026, 11, 29));
	assert_true(date_is_valid(1, 1, 1));
	assert_true(date_is_valid(9999, 12, 31));
	assert_false(date_is_valid(0, 1, 1));
	assert_false(date_is_valid(10000, 1, 1));
	assert_false(date_is_valid(2026, 0, 1));
	assert_false(date_is_valid(2026, 13, 1));
	assert_false(date_is_valid(2026, 1, 0));
	assert_false(date_is_valid(2026, 1, 32));
	assert_false(date_is_valid(2026, 4, 31));
	assert_false(date_is_valid(-2026, 1, 1));
}

static void test_parse_accepts_strict_iso_form(void **state)
{
	(void)state;
	assert_parses("2026-11-29", 2026, 11, 29);
	assert_parses("2026-02-03", 2026, 2, 3);
	assert_parses("0001-01-01", 1, 1, 1);
	assert_parses("9999-12-31", 9999, 12, 31);
	assert_parses("1900-02-28", 1900, 2, 28);
}

static void test_parse_refuses_missing_leading_zeros(void **state)
{
	(void)state;
	assert_refused("2026-2-3");
	assert_refused("2026-02-3");
	assert_refused("2026-2-03");
	assert_refused("26-02-03");
}

static void test_parse_refuses_unreal_days(void **state)
{
	(void)state;
	assert_refused("2026-02-30");
	assert_refused("2026-04-31");
	assert_refused("2026-13-01");
	assert_refused("2026-00-10");
	assert_refused("2026-01-00");
	assert_refused("2026-01-32");
	assert_refused("0000-01-01");
}

static void test_parse_accepts_feb_29_only_in_leap_years(void **state)
{
	(void)state;
	assert_parses("2024-02-29", 2024, 2, 29);
	assert_parses("2000-02-29", 2000, 2, 29);
	assert_refused("2025-02-29");
	assert_refused("1900-02-29");
	assert_refused("2100-02-29");
}

static void test_parse_refuses_other_forms(void **state)
{
	(void)state;
	assert_refused("");
	assert_refused("2026/02/03");
	assert_refused("2026.02.03");
	assert_refused("20260203");
	assert_refused(" 2026-02-03");
	assert_refused("2026-02-03 ");
	assert_refused("2026-02-03T00:00");
	assert_refused("+026-02-03");
	assert_refused("-026-02-03");
	assert_refused("2026-+2-03");
	assert_refused("2026- 2-03");
	assert_refused("2026-02-0a");
	assert_refused("2026年02月03日");
}

static void test_parse_refuses_null(void **state)
{
	(void)state;
	struct date d;
	assert_false(date_parse(NULL, &d));
}

static void test_parse_compact_reads_eight_digits(void **state)
{
	(void)state;
	struct date d;
	assert_true(date_parse_compact("19960229", &d));
	assert_int_equal(d.year, 1996);
	assert_int_equal(d.month, 2);
	assert_int_equal(d.day, 29);
	assert_false(date_parse_compact("19000229", &d));
	assert_true(date_parse_compact("20000229", &d));
	assert_false(date_parse_compact("19901301", &d));
	assert_false(date_parse_compact("1996022", &d));
	assert_false(date_parse_compact("1996-2-9", &d));
	assert_false(date_parse_compact("", &d));
}

static void test_format_writes_zero_padded_iso_form(void **state)
{
	(void)state;
	char buf[DATE_TEXT_SIZE];
	struct date d = make(2026, 2, 3);
	date_format(&d, buf, sizeof buf);
	assert_string_equal(buf, "2026-02-03");
	d = make(1, 1, 1);
	date_format(&d, buf, sizeof buf);
	assert_string_equal(buf, "0001-01-01");
	d = make(9999, 12, 31);
	date_format(&d, buf, sizeof buf);
	assert_string_equal(buf, "9999-12-31");
}

static void test_format_then_parse_gives_the_same_date(void **state)
{
	(void)state;
	char buf[DATE_TEXT_SIZE];
	struct date back;
	for (long days = -719162; days <= 2932896; days += 97) {
		struct date d = date_from_days(days);
		date_format(&d, buf, sizeof buf);
		assert_true(date_parse(buf, &back));
		assert_int_equal(date_compare(&d, &back), 0);
	}
}

static void test_format_never_writes_past_the_buffer(void **state)
{
	(void)state;
	char buf[12];
	struct date d = make(2026, 11, 29);
	memset(buf, '#', sizeof buf);
	date_format(&d, buf, 5);
	assert_string_equal(buf, "2026");
	assert_int_equal(buf[5], '#');
}

static void test_compare_orders_by_year_then_month_then_day(void **state)
{
	(void)state;
	struct date a = make(2025, 12, 31), b = make(2026, 1, 1);
	assert_true(date_compare(&a, &b) < 0);
	assert_true(date_compare(&b, &a) > 0);
	a = make(2026, 1, 31);
	b = make(2026, 2, 1);
	assert_true(date_compare(&a, &b) < 0);
	assert_true(date_compare(&b, &a) > 0);
	a = make(2026, 2, 1);
	b = make(2026, 2, 2);
	assert_true(date_compare(&a, &b) < 0);
	assert_true(date_compare(&b, &a) > 0);
	a = make(2026, 11, 29);
	b = make(2026, 11, 29);
	assert_int_equal(date_compare(&a, &b), 0);
}

static void test_compare_agrees_with_day_numbers(void **state)
{
	(void)state;
	for (long days = -800; days <= 800; days += 7) {
		struct date a = date_from_days(days * 37), b = date_from_days(days * 37 + 3);
		assert_true(date_compare(&a, &b) < 0);
		assert_true(date_compare(&b, &a) > 0);
	}
}

static void test_years_between_counts_birthday_not_yet_reached(void **state)
{
	(void)state;
	struct date birth = make(1990, 6, 15);
	struct date on = make(2026, 6, 14);
	assert_int_equal(date_years_between(&birth, &on), 35);
	on = make(2026, 6, 15);
	assert_int_equal(date_years_between(&birth, &on), 36);
	on = make(2026, 5, 30);
	assert_int_equal(date_years_between(&birth, &on), 35);
	on = make(2026, 12, 1);
	assert_int_equal(date_years_between(&birth, &on), 36);
	on = make(1990, 6, 15);
	assert_int_equal(date_years_between(&birth, &on), 0);
	on = make(1991, 6, 14);
	assert_int_equal(date_years_between(&birth, &on), 0);
}

static void test_years_between_for_feb_29_birthday(void **state)
{
	(void)state;
	struct date birth = make(2000, 2, 29);
	struct date on = make(2026, 2, 28);
	assert_int_equal(date_years_between(&birth, &on), 25);
	on = make(2026, 3, 1);
	assert_int_equal(date_years_between(&birth, &on), 26);
	on = make(2028, 2, 29);
	assert_int_equal(date_years_between(&birth, &on), 28);
}

static void test_to_days_known_values(void **state)
{
	(void)state;
	static const struct {
		struct date d;
		long days;
	} known[] = {
		{{1970, 1, 1}, 0},
		{{1969, 12, 31}, -1},
		{{1970, 1, 2}, 1},
		{{2000, 2, 29}, 11016},
		{{2000, 3, 1}, 11017},
		{{1900, 1, 1}, -25567},
		{{1600, 2, 29}, -135081},
		{{2026, 11, 29}, 20786},
		{{1, 1, 1}, -719162},
		{{9999, 12, 31}, 2932896},
	};
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
		assert_int_equal(date_to_days(&known[i].d), known[i].days);
		struct date back = date_from_days(known[i].days);
		assert_int_equal(date_compare(&back, &known[i].d), 0);
	}
}

static void test_from_days_walks_every_day_from_year_1_to_9999(void **state)
{
	(void)state;
	/* Each day number is the calendar day after the one before it. */
	struct date expected = make(1, 1, 1);
	for (long days = -719162; days <= 2932896; days++) {
		struct date d = date_from_days(days);
		if (date_compare(&d, &expected) != 0)
			print_error("day %ld: got %04d-%02d-%02d\n", days, d.year, d.month, d.day);
		assert_int_equal(date_compare(&d, &expected), 0);
		assert_int_equal(date_to_days(&d), days);
		if (++expected.day > date_days_in_month(expected.year, expected.month)) {
			expected.day = 1;
			if (++expected.month > 12) {
				expected.month = 1;
				expected.year++;
			}
		}
	}
	assert_int_equal(expected.year, 10000);
}

static void assert_months_later(struct date from, int months, struct date expected)
{
	struct date got = date_add_months(&from, months);
	assert_int_equal(got.year, expected.year);
	assert_int_equal(got.month, expected.month);
	assert_int_equal(got.day, expected.day);
}

static void test_add_months_keeps_the_day_when_it_exists(void **state)
{
	(void)state;
	assert_months_later(make(2026, 11, 29), 3, make(2027, 2, 28));
	assert_months_later(make(2026, 1, 15), 3, make(2026, 4, 15));
	assert_months_later(make(2026, 10, 1), 3, make(2027, 1, 1));
	assert_months_later(make(2026, 12, 31), 12, make(2027, 12, 31));
}

static void test_add_months_moves_to_the_last_day_of_shorter_months(void **state)
{
	(void)state;
	assert_months_later(make(2026, 1, 31), 3, make(2026, 4, 30));
	assert_months_later(make(2026, 11, 30), 3, make(2027, 2, 28));
	assert_months_later(make(2027, 11, 30), 3, make(2028, 2, 29));
	assert_months_later(make(2027, 11, 29), 3, make(2028, 2, 29));
	assert_months_later(make(2099, 11, 30), 3, make(2100, 2, 28)); /* 2100 is no leap year */
	assert_months_later(make(1999, 11, 30), 3, make(2000, 2, 29)); /* 2000 is */
	assert_months_later(make(2026, 3, 31), 1, make(2026, 4, 30));
	assert_months_later(make(2026, 8, 31), 1, make(2026, 9, 30));
}

static void test_add_months_handles_leap_day_and_negative_months(void **state)
{
	(void)state;
	assert_months_later(make(2028, 2, 29), 12, make(2029, 2, 28));
	assert_months_later(make(2028, 2, 29), 48, make(2032, 2, 29));
	assert_months_later(make(2026, 5, 31), -3, make(2026, 2, 28));
	assert_months_later(make(2026, 1, 15), -1, make(2025, 12, 15));
	assert_months_later(make(2026, 3, 10), 0, make(2026, 3, 10));
}

static void test_add_months_stays_within_the_years_dates_may_have(void **state)
{
	(void)state;
	assert_months_later(make(9999, 12, 31), 1, make(9999, 12, 31));
	assert_months_later(make(1, 1, 1), -1, make(1, 1, 1));
}

static void test_add_days_crosses_months_years_and_leap_days(void **state)
{
	(void)state;
	struct date d = make(2026, 11, 29);
	struct date later = date_add_days(&d, 30);
	assert_int_equal(date_compare(&later, &(struct date){2026, 12, 29}), 0);
	struct date from = make(2028, 2, 28);
	later = date_add_days(&from, 1);
	assert_int_equal(date_compare(&later, &(struct date){2028, 2, 29}), 0);
	later = date_add_days(&from, 2);
	assert_int_equal(date_compare(&later, &(struct date){2028, 3, 1}), 0);
	struct date back = date_add_days(&(struct date){2027, 1, 1}, -1);
	assert_int_equal(date_compare(&back, &(struct date){2026, 12, 31}), 0);
	assert_int_equal(date_days_between(&(struct date){2026, 1, 1}, &(struct date){2027, 1, 1}), 365);
	assert_int_equal(date_days_between(&(struct date){2028, 1, 1}, &(struct date){2029, 1, 1}), 366);
	assert_int_equal(date_days_between(&(struct date){2026, 12, 31}, &(struct date){2026, 12, 1}), -30);
}

static void assert_china_day(long long seconds, int year, int month, int day)
{
	struct date d = date_in_china(seconds);
	assert_int_equal(d.year, year);
	assert_int_equal(d.month, month);
	assert_int_equal(d.day, day);
}

static void test_today_is_the_day_in_china_whatever_the_server_zone(void **state)
{
	(void)state;
	/* 2026-11-29 15:59:59 UTC is 23:59:59 in Beijing; a second later the 30th. */
	assert_china_day(1795967999LL, 2026, 11, 29);
	assert_china_day(1795968000LL, 2026, 11, 30);
	/* 2026-12-31 16:00:00 UTC is New Year's midnight in Beijing. */
	assert_china_day(1798732800LL, 2027, 1, 1);
	assert_china_day(1798732799LL, 2026, 12, 31);
	assert_china_day(0, 1970, 1, 1);
	assert_china_day(-28801LL, 1969, 12, 31);
	assert_china_day(-28800LL, 1970, 1, 1);
}

static void test_today_is_a_real_date(void **state)
{
	(void)state;
	struct date t = date_today();
	assert_true(date_is_valid(t.year, t.month, t.day));
	assert_true(t.year >= 2024);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_leap_years_follow_the_gregorian_rule),
		cmocka_unit_test(test_days_in_month_include_leap_february),
		cmocka_unit_test(test_is_valid_refuses_unreal_days_and_years_out_of_range),
		cmocka_unit_test(test_parse_accepts_strict_iso_form),
		cmocka_unit_test(test_parse_refuses_missing_leading_zeros),
		cmocka_unit_test(test_parse_refuses_unreal_days),
		cmocka_unit_test(test_parse_accepts_feb_29_only_in_leap_years),
		cmocka_unit_test(test_parse_refuses_other_forms),
		cmocka_unit_test(test_parse_refuses_null),
		cmocka_unit_test(test_parse_compact_reads_eight_digits),
		cmocka_unit_test(test_format_writes_zero_padded_iso_form),
		cmocka_unit_test(test_format_then_parse_gives_the_same_date),
		cmocka_unit_test(test_format_never_writes_past_the_buffer),
		cmocka_unit_test(test_compare_orders_by_year_then_month_then_day),
		cmocka_unit_test(test_compare_agrees_with_day_numbers),
		cmocka_unit_test(test_years_between_counts_birthday_not_yet_reached),
		cmocka_unit_test(test_years_between_for_feb_29_birthday),
		cmocka_unit_test(test_to_days_known_values),
		cmocka_unit_test(test_from_days_walks_every_day_from_year_1_to_9999),
		cmocka_unit_test(test_add_months_keeps_the_day_when_it_exists),
		cmocka_unit_test(test_add_months_moves_to_the_last_day_of_shorter_months),
		cmocka_unit_test(test_add_months_handles_leap_day_and_negative_months),
		cmocka_unit_test(test_add_months_stays_within_the_years_dates_may_have),
		cmocka_unit_test(test_add_days_crosses_months_years_and_leap_days),
		cmocka_unit_test(test_today_is_the_day_in_china_whatever_the_server_zone),
		cmocka_unit_test(test_today_is_a_real_date),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
