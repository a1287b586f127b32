/*
 * test_outflow.c — amounts and periods of benefits (src/domain/outflow.c):
 * what an office may type, and what is refused.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "domain/outflow.h"

static void assert_amount(const char *text, int64_t fen)
{
	int64_t got = -1;
	if (!benefit_amount_parse(text, &got))
		print_error("amount \"%s\" was refused\n", text);
	assert_true(benefit_amount_parse(text, &got));
	assert_int_equal(got, fen);
}

static void assert_amount_refused(const char *text)
{
	int64_t got = -1;
	if (benefit_amount_parse(text, &got))
		print_error("amount \"%s\" was accepted\n", text);
	assert_false(benefit_amount_parse(text, &got));
	assert_int_equal(got, 0);
}

static void assert_period(const char *text, int first_year, int first_month, int last_year,
			  int last_month)
{
	struct benefit_period p;
	if (!benefit_period_parse(text, &p))
		print_error("period \"%s\" was refused\n", text);
	assert_true(benefit_period_parse(text, &p));
	assert_int_equal(p.first_year, first_year);
	assert_int_equal(p.first_month, first_month);
	assert_int_equal(p.last_year, last_year);
	assert_int_equal(p.last_month, last_month);
}

static void assert_period_refused(const char *text)
{
	struct benefit_period p;
	if (benefit_period_parse(text, &p))
		print_error("period \"%s\" was accepted\n", text);
	assert_false(benefit_period_parse(text, &p));
}

static void test_amount_accepts_yuan_with_up_to_two_decimals(void **state)
{
	(void)state;
	assert_amount("960.00", 96000);
	assert_amount("120", 12000);
	assert_amount("0.5", 50);
	assert_amount("0.05", 5);
	assert_amount("1.2", 120);
	assert_amount("0", 0);
	assert_amount("0.00", 0);
	assert_amount("1000000", 100000000);
	assert_amount("1000000.00", 100000000);
}

static void test_amount_refuses_more_than_two_decimals(void **state)
{
	(void)state;
	assert_amount_refused("1.234");
	assert_amount_refused("960.001");
	assert_amount_refused("0.000");
}

static void test_amount_refuses_signs_letters_and_other_forms(void **state)
{
	(void)state;
	assert_amount_refused("");
	assert_amount_refused("-5");
	assert_amount_refused("+5");
	assert_amount_refused("abc");
	assert_amount_refused("12a");
	assert_amount_refused("1.");
	assert_amount_refused(".5");
	assert_amount_refused("1,000");
	assert_amount_refused(" 120");
	assert_amount_refused("120 ");
	assert_amount_refused("1e3");
	assert_amount_refused("1.2.3");
	assert_amount_refused("１２０"); /* full-width digits */
}

static void test_amount_refuses_more_than_a_million_yuan(void **state)
{
	(void)state;
	assert_amount_refused("1000000.01");
	assert_amount_refused("1000001");
	assert_amount_refused("9999999.99");
	assert_amount_refused("99999999999999999999999");
}

static void test_amount_formats_with_two_decimals(void **state)
{
	(void)state;
	char buf[BENEFIT_AMOUNT_SIZE];
	const int64_t values[] = {0, 5, 50, 12000, 96000, 100000000};
	const char *const texts[] = {"0.00", "0.05", "0.50", "120.00", "960.00", "1000000.00"};
	for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
		int64_t back = -1;
		benefit_amount_format(values[i], buf, sizeof buf);
		assert_string_equal(buf, texts[i]);
		assert_true(benefit_amount_parse(buf, &back));
		assert_int_equal(back, values[i]);
	}
}

static void test_period_accepts_a_year_a_month_and_a_range(void **state)
{
	(void)state;
	assert_period("2026", 2026, 1, 2026, 12);
	assert_period("2026-03", 2026, 3, 2026, 3);
	assert_period("2026-01..2026-06", 2026, 1, 2026, 6);
	assert_period("2025-07..2026-06", 2025, 7, 2026, 6);
	assert_period("2026-05..2026-05", 2026, 5, 2026, 5);
}

static void test_period_refuses_a_start_after_the_end(void **state)
{
	(void)state;
	assert_period_refused("2026-06..2026-01");
	assert_period_refused("2027-01..2026-12");
}

static void test_period_refuses_unreal_months_and_other_forms(void **state)
{
	(void)state;
	assert_period_refused("");
	assert_period_refused("26");
	assert_period_refused("2026-13");
	assert_period_refused("2026-00");
	assert_period_refused("2026-3");
	assert_period_refused("2026/03");
	assert_period_refused("2026-03-01");
	assert_period_refused("2026-01..2026-6");
	assert_period_refused("2026-01...2026-06");
	assert_period_refused("2026-01-2026-06");
	assert_period_refused("2026..2027");
	assert_period_refused("abcd");
	assert_period_refused("1949");
	assert_period_refused("2100-01");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_amount_accepts_yuan_with_up_to_two_decimals),
		cmocka_unit_test(test_amount_refuses_more_than_two_decimals),
		cmocka_unit_test(test_amount_refuses_signs_letters_and_other_forms),
		cmocka_unit_test(test_amount_refuses_more_than_a_million_yuan),
		cmocka_unit_test(test_amount_formats_with_two_decimals),
		cmocka_unit_test(test_period_accepts_a_year_a_month_and_a_range),
		cmocka_unit_test(test_period_refuses_a_start_after_the_end),
		cmocka_unit_test(test_period_refuses_unreal_months_and_other_forms),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
