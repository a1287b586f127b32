/*
 * test_person.c — the rules of the person registry (src/domain/person.c)
 * against a real database.
 */
#define _GNU_SOURCE /* memmem */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "domain/person.h"
#include "store/store.h"

/* Field values of a valid inflow person from Zhengzhou living in 福民社区. */
struct draft {
	struct person_value values[PERSON_FIELD_COUNT];
	size_t count;
};

static void draft_set(struct draft *d, const char *name, const char *value)
{
	enum person_field field;
	assert_true(person_field_by_name(name, &field));
	for (size_t i = 0; i < d->count; i++)
		if (d->values[i].field == field) {
			snprintf(d->values[i].value, sizeof d->values[i].value, "%s", value);
			return;
		}
	d->values[d->count].field = field;
	snprintf(d->values[d->count].value, sizeof d->values[d->count].value, "%s", value);
	d->count++;
}

static void draft_remove(struct draft *d, const char *name)
{
	enum person_field field;
	assert_true(person_field_by_name(name, &field));
	for (size_t i = 0; i < d->count; i++)
		if (d->values[i].field == field) {
			d->values[i] = d->values[--d->count];
			return;
		}
}

static struct draft inflow_draft(int sequence)
{
	struct draft d = {0};
	char id[19];
	fixture_id_number("410102", "19900307", sequence, id);
	draft_set(&d, "id_number", id);
	draft_set(&d, "name", "张伟");
	draft_set(&d, "flow", "inflow");
	draft_set(&d, "hukou_division", "410102");
	draft_set(&d, "hukou_address", "河南省郑州市中原区李家庄村3组");
	draft_set(&d, "residence_division", "620201001001");
	draft_set(&d, "residence_address", "福民社区嘉园小区3号楼2单元501室");
	draft_set(&d, "ethnicity", "01");
	draft_set(&d, "marital_status", "20");
	draft_set(&d, "marriage_date", "2015-05-01");
	draft_set(&d, "arrival_date", "2024-03-15");
	draft_set(&d, "phone", "13909371234");
	return d;
}

static enum status create(struct fixture *f, struct draft *d, struct person *out,
			  struct person_create_result *result, struct error *err)
{
	error_clear(err);
	return person_create(f->reg, d->values, d->count, "tester", out, result, err);
}

static struct person create_ok(struct fixture *f, struct draft *d)
{
	struct person p;
	struct error err;
	enum status st = create(f, d, &p, NULL, &err);
	if (st != ST_OK)
		fail_msg("create failed: %s [%s] %s", err.message, error_code(err.status), err.field);
	return p;
}

static long persons(struct fixture *f)
{
	return fixture_count(f, "SELECT count(*) FROM person");
}

static long history_rows(struct fixture *f)
{
	return fixture_count(f, "SELECT count(*) FROM person_history");
}

/* --- create ------------------------------------------------------------ */

static void test_create_derives_sex_and_birth_date_from_id_number(void **state)
{
	struct fixture *f = *state;
	struct draft d = inflow_draft(231); /* odd sequence: male */
	struct person p = create_ok(f, &d);
	assert_true(p.id > 0);
	assert_int_equal(p.version, 1);
	assert_int_equal(p.sex, 'M');
	assert_string_equal(p.birth_date, "1990-03-07");
	assert_int_equal(p.management, MANAGEMENT_FLOATING);

	struct person loaded;
	struct error err;
	assert_int_equal(person_get(f->reg, p.id, &loaded, &err), ST_OK);
	assert_string_equal(loaded.id_number, p.id_number);
	assert_string_equal(loaded.phone, "13909371234");
	assert_string_equal(loaded.name, "张伟");
	assert_int_equal(history_rows(f), 1);
}

static void test_fifteen_digit_id_number_is_stored_as_eighteen(void **state)
{
	struct fixture *f = *state;
	struct draft d = inflow_draft(0);
	draft_set(&d, "id_number", "410102900307232");
	draft_remove(&d, "marriage_date");
	struct person p = create_ok(f, &d);
	char expected[19];
	fixture_id_number("410102", "19900307", 232, expected);
	assert_string_equal(p.id_number, expected);
	assert_int_equal(p.sex, 'F');
}

static void test_second_record_for_an_id_number_is_refused(void **state)
{
	struct fixture *f = *state;
	struct draft d = inflow_draft(233);
	struct person first = create_ok(f, &d), second;
	struct error err;
	draft_set(&d, "name", "张卫");
	assert_int_equal(create(f, &d, &second, NULL, &err), ST_DUPLICATE_PERSON);
	assert_string_equal(error_code(err.status), "duplicate_person");
	assert_int_equal(err.related_id, first.id);
	assert_int_equal(persons(f), 1);
	assert_int_equal(history_rows(f), 1);
}

static void test_same_name_birth_and_hukou_county_is_flagged_not_refused(void **state)
{
	struct fixture *f = *state;
	struct draft a = inflow_draft(235), b = inflow_draft(237);
	struct person first = create_ok(f, &a), second;
	struct person_create_result result;
	struct error err;
	assert_false(first.possible_duplicate);
	assert_int_equal(create(f, &b, &second, &result, &err), ST_OK);
	assert_true(second.possible_duplicate);
	assert_int_equal(result.similar_count, 1);
	assert_int_equal(result.similar_ids[0], first.id);
}

static void test_inflow_person_with_hukou_in_the_city_is_refused(void **state)
{
	struct fixture *f = *state;
	struct draft d = inflow_draft(239);
	struct person p;
	struct error err;
	draft_set(&d, "hukou_division", "620201001002");
	assert_int_equal(create(f, &d, &p, NULL, &err), ST_FLOW_RULE);
	assert_string_equal(err.field, "hukou_division");
	assert_int_equal(persons(f), 0);
}

static void test_outflow_person_needs_hukou_in_the_city(void **state)
{
	struct fixture *f = *state;
	struct draft d = inflow_draft(241);
	struct person p;
	struct error err;
	draft_set(&d, "flow", "outflow");
	assert_int_equal(create(f, &d, &p, NULL, &err), ST_FLOW_RULE);

	char id[19];
	fixture_id_number("620201", "19881120", 242, id);
	draft_set(&d, "id_number", id);
	draft_set(&d, "hukou_division", "620201001002");
	p = create_ok(f, &d);
	assert_int_equal(p.flow, FLOW_OUTFLOW);
	assert_string_equal(p.hukou_division, "620201001002");
}

static void test_residence_must_be_a_community_of_the_city(void **state)
{
	struct fixture *f = *state;
	struct draft d = inflow_draft(243);
	struct person p;
	struct error err;
	draft_set(&d, "residence_division", "620201001"); /* a street, not a community */
	assert_int_equal(create(f, &d, &p, NULL, &err), ST_INVALID_DIVISION);
	assert_string_equal(err.field, "residence_division");
	draft_set(&d, "residence_division", "410102"); /* outside the city */
	assert_int_equal(create(f, &d, &p, NULL, &err), ST_INVALID_DIVISION);
	draft_set(&d, "residence_division", "620201009001"); /* no such community */
	assert_int_equal(create(f, &d, &p, NULL, &err), ST_INVALID_DIVISION);
	assert_int_equal(persons(f), 0);
}

static void test_hukou_must_be_a_known_county_or_finer(void **state)
{
	struct fixture *f = *state;
	struct draft d = inflow_draft(245);
	struct person p;
	struct error err;
	draft_set(&d, "hukou_division", "4101");
	assert_int_equal(create(f, &d, &p, NULL, &err), ST_INVALID_DIVISION);
	draft_set(&d, "hukou_division", "410199");
	assert_int_equal(create(f, &d, &p, NULL, &err), ST_INVALID_DIVISION);
	draft_set(&d, "hukou_division", "410102000000"); /* padded form of a county */
	p = create_ok(f, &d);
	assert_string_equal(p.hukou_division, "410102");
}

static void test_derived_fields_cannot_be_typed(void **state)
{
	struct fixture *f = *state;
	struct draft d = inflow_draft(247);
	struct person p;
	struct error err;
	draft_set(&d, "sex", "F");
	assert_int_equal(create(f, &d, &p, NULL, &err), ST_INVALID_INPUT);
	assert_string_equal(err.field, "sex");
}

static void test_codes_must_come_from_the_national_tables(void **state)
{
	struct fixture *f = *state;
	struct person p;
	struct error err;
	struct draft d = inflow_draft(249);
	draft_set(&d, "ethnicity", "57");
	assert_int_equal(create(f, &d, &p, NULL, &err), ST_INVALID_CODE);
	assert_string_equal(err.field, "ethnicity");
	d = inflow_draft(249);
	draft_set(&d, "marital_status", "24");
	assert_int_equal(create(f, &d, &p, NULL, &err), ST_INVALID_CODE);
	assert_string_equal(err.field, "marital_status");
}

static void test_dates_must_be_real_and_between_birth_and_today(void **state)
{
	struct fixture *f = *state;
	struct person p;
	struct error err;
	struct draft d = inflow_draft(251);
	draft_set(&d, "arrival_date", "2026-11-30"); /* fixture's today is 2026-11-29 */
	assert_int_equal(create(f, &d, &p, NULL, &err), ST_INVALID_DATE);
	assert_string_equal(err.field, "arrival_date");
	draft_set(&d, "arrival_date", "2026-02-29");
	assert_int_equal(create(f, &d, &p, NULL, &err), ST_INVALID_DATE);
	d = inflow_draft(251);
	draft_set(&d, "marriage_date", "1989-01-01"); /* before birth */
	assert_int_equal(create(f, &d, &p, NULL, &err), ST_INVALID_DATE);
	d = inflow_draft(251);
	draft_set(&d, "marital_status", "10");
	assert_int_equal(create(f, &d, &p, NULL, &err), ST_INVALID_INPUT);
	assert_string_equal(err.field, "marriage_date");
	assert_int_equal(persons(f), 0);
}

static void test_required_fields_are_named_when_missing(void **state)
{
	struct fixture *f = *state;
	static const char *const required[] = {"id_number", "name", "hukou_division",
					       "residence_division", "flow"};
	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
		struct draft d = inflow_draft(253);
		struct person p;
		struct error err;
		draft_remove(&d, required[i]);
		assert_int_equal(create(f, &d, &p, NULL, &err), ST_MISSING_FIELD);
		assert_string_equal(err.field, required[i]);
	}
	assert_int_equal(persons(f), 0);
}

static void test_invalid_persons_leave_nothing_behind(void **state)
{
	struct fixture *f = *state;
	static const char *const bad[][2] = {
		{"id_number", "41010219900307233"},   {"id_number", "410102199003072330"},
		{"id_number", "990102199003072338"},  {"name", ""},
		{"name", "张\x01伟"},                 {"name", "\xE5\xBC"},
		{"phone", "139-abc"},                 {"phone", "1234"},
		{"flow", "sideways"},                 {"management", "gone"},
		{"residence_address", "\x7F"},        {"marriage_date", "2015-13-01"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct draft d = inflow_draft(255);
		struct person p;
		struct error err;
		draft_set(&d, bad[i][0], bad[i][1]);
		assert_int_not_equal(create(f, &d, &p, NULL, &err), ST_OK);
		assert_string_not_equal(err.message, "");
	}
	assert_int_equal(persons(f), 0);
	assert_int_equal(history_rows(f), 0);
}

static void test_plain_id_number_and_phone_never_reach_the_database_file(void **state)
{
	struct fixture *f = *state;
	struct draft d = inflow_draft(257);
	struct person p = create_ok(f, &d);
	struct error err;
	struct person updated;
	struct person_value change = {.field = PERSON_PHONE};
	snprintf(change.value, sizeof change.value, "13809370000");
	assert_int_equal(person_update(f->reg, p.id, 1, &change, 1, "tester", &updated, NULL, &err),
			 ST_OK);
	workspace_close(&f->ws); /* checkpoint the WAL into the file */

	FILE *in = fopen(f->db_path, "rb");
	assert_non_null(in);
	static char buf[4 << 20];
	size_t n = fread(buf, 1, sizeof buf, in);
	fclose(in);
	assert_null(memmem(buf, n, p.id_number, 18));
	assert_null(memmem(buf, n, "13909371234", 11));
	assert_null(memmem(buf, n, "13809370000", 11));
	assert_non_null(memmem(buf, n, "福民社区嘉园小区", strlen("福民社区嘉园小区")));
	assert_int_equal(workspace_open(&f->ws, f->db_path, &err), ST_OK);
	f->ws.registry.today = (struct date){2026, 11, 29};
}

/* --- get --------------------------------------------------------------- */

static void test_missing_record_is_not_found(void **state)
{
	struct fixture *f = *state;
	struct person p;
	struct error err;
	assert_int_equal(person_get(f->reg, 424242, &p, &err), ST_NOT_FOUND);
	assert_int_equal(person_get(f->reg, -1, &p, &err), ST_NOT_FOUND);
	char id[19];
	fixture_id_number("410102", "19900307", 259, id);
	assert_int_equal(person_get_by_id_number(f->reg, id, &p, &err), ST_NOT_FOUND);
}

static void test_lookup_by_id_number_accepts_lower_case_x(void **state)
{
	struct fixture *f = *state;
	char id[19];
	int sequence = 0;
	do
		fixture_id_number("410102", "19900307", ++sequence, id);
	while (id[17] != 'X');
	struct draft d = inflow_draft(0);
	draft_set(&d, "id_number", id);
	struct person p = create_ok(f, &d), found;
	struct error err;
	id[17] = 'x';
	assert_int_equal(person_get_by_id_number(f->reg, id, &found, &err), ST_OK);
	assert_int_equal(found.id, p.id);
}

/* --- update ------------------------------------------------------------ */

static void test_update_bumps_version_and_records_each_changed_field(void **state)
{
	struct fixture *f = *state;
	struct draft d = inflow_draft(261);
	struct person p = create_ok(f, &d), after;
	struct person_value values[2] = {{.field = PERSON_NAME}, {.field = PERSON_RESIDENCE_DIVISION}};
	snprintf(values[0].value, sizeof values[0].value, "张卫国");
	snprintf(values[1].value, sizeof values[1].value, "620201002001");
	struct error err;
	size_t changed;
	assert_int_equal(person_update(f->reg, p.id, 1, values, 2, "officer-1", &after, &changed, &err),
			 ST_OK);
	assert_int_equal(changed, 2);
	assert_int_equal(after.version, 2);
	assert_string_equal(after.name, "张卫国");
	assert_int_equal(history_rows(f), 3);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM person_history WHERE field = 'name' "
					  "AND old_value = '张伟' AND new_value = '张卫国' "
					  "AND actor = 'officer-1' AND version = 2"),
			 1);
}

static void test_update_without_real_change_keeps_the_version(void **state)
{
	struct fixture *f = *state;
	struct draft d = inflow_draft(263);
	struct person p = create_ok(f, &d), after;
	struct person_value same = {.field = PERSON_NAME};
	snprintf(same.value, sizeof same.value, " 张伟 ");
	struct error err;
	size_t changed = 99;
	assert_int_equal(person_update(f->reg, p.id, 1, &same, 1, "tester", &after, &changed, &err),
			 ST_OK);
	assert_int_equal(changed, 0);
	assert_int_equal(after.version, 1);
	assert_int_equal(history_rows(f), 1);
}

static void test_stale_version_is_refused_and_nothing_is_lost(void **state)
{
	struct fixture *f = *state;
	struct draft d = inflow_draft(265);
	struct person p = create_ok(f, &d), after;
	struct person_value first = {.field = PERSON_PHONE}, second = {.field = PERSON_NAME};
	snprintf(first.value, sizeof first.value, "13800001111");
	snprintf(second.value, sizeof second.value, "张二");
	struct error err;
	/* Two officers both start from version 1; the second one is refused. */
	assert_int_equal(person_update(f->reg, p.id, 1, &first, 1, "officer-a", &after, NULL, &err),
			 ST_OK);
	assert_int_equal(person_update(f->reg, p.id, 1, &second, 1, "officer-b", &after, NULL, &err),
			 ST_VERSION_CONFLICT);
	assert_string_equal(error_code(err.status), "version_conflict");
	struct person now;
	assert_int_equal(person_get(f->reg, p.id, &now, &err), ST_OK);
	assert_int_equal(now.version, 2);
	assert_string_equal(now.name, "张伟");
	assert_string_equal(now.phone, "13800001111");
	assert_int_equal(history_rows(f), 2);
}

static void test_store_refuses_a_version_that_moved_on_meanwhile(void **state)
{
	struct fixture *f = *state;
	struct draft d = inflow_draft(267);
	struct person p = create_ok(f, &d), loaded;
	struct error err;
	struct person_change change = {.field = PERSON_NAME};
	/* A writer that read version 1, while another wrote version 2 behind it. */
	fixture_exec(f, "UPDATE person SET version = 2");
	assert_int_equal(person_get(f->reg, p.id, &loaded, &err), ST_OK);
	snprintf(loaded.name, sizeof loaded.name, "张三");
	assert_int_equal(store_person_update(f->ws.store, &loaded, 1, &change, 1, "tester", &err),
			 ST_VERSION_CONFLICT);
	assert_int_equal(history_rows(f), 1);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM person WHERE name = '张伟'"), 1);
}

static void test_invalid_update_changes_nothing(void **state)
{
	struct fixture *f = *state;
	struct draft d = inflow_draft(269);
	struct person p = create_ok(f, &d), after;
	struct person_value values[2] = {{.field = PERSON_NAME}, {.field = PERSON_FLOW}};
	snprintf(values[0].value, sizeof values[0].value, "张新");
	snprintf(values[1].value, sizeof values[1].value, "outflow"); /* hukou is outside the city */
	struct error err;
	assert_int_equal(person_update(f->reg, p.id, 1, values, 2, "tester", &after, NULL, &err),
			 ST_FLOW_RULE);
	struct person now;
	assert_int_equal(person_get(f->reg, p.id, &now, &err), ST_OK);
	assert_int_equal(now.version, 1);
	assert_string_equal(now.name, "张伟");
	assert_int_equal(history_rows(f), 1);
}

static void test_changing_id_number_to_anothers_is_a_duplicate(void **state)
{
	struct fixture *f = *state;
	struct draft a = inflow_draft(271), b = inflow_draft(273);
	draft_set(&b, "name", "李娜");
	struct person first = create_ok(f, &a), second = create_ok(f, &b), after;
	struct person_value value = {.field = PERSON_ID_NUMBER};
	snprintf(value.value, sizeof value.value, "%s", first.id_number);
	struct error err;
	assert_int_equal(person_update(f->reg, second.id, 1, &value, 1, "tester", &after, NULL, &err),
			 ST_DUPLICATE_PERSON);
	assert_int_equal(err.related_id, first.id);
}

struct collected {
	struct person_history_entry entries[8];
	size_t count;
};

static bool collect(const struct person_history_entry *e, void *ctx)
{
	struct collected *c = ctx;
	if (c->count < 8)
		c->entries[c->count++] = *e;
	return true;
}

static void test_history_shows_sealed_fields_in_the_clear_to_the_caller(void **state)
{
	struct fixture *f = *state;
	struct draft d = inflow_draft(275);
	struct person p = create_ok(f, &d), after;
	struct person_value value = {.field = PERSON_PHONE};
	snprintf(value.value, sizeof value.value, "0937-6221234");
	struct error err;
	assert_int_equal(person_update(f->reg, p.id, 1, &value, 1, "officer", &after, NULL, &err),
			 ST_OK);
	struct collected c = {0};
	assert_int_equal(person_history(f->reg, p.id, collect, &c, &err), ST_OK);
	assert_int_equal(c.count, 2);
	assert_int_equal(c.entries[0].field, PERSON_FIELD_COUNT);
	assert_string_equal(c.entries[0].actor, "tester");
	assert_int_equal(c.entries[1].field, PERSON_PHONE);
	assert_string_equal(c.entries[1].old_value, "13909371234");
	assert_string_equal(c.entries[1].new_value, "0937-6221234");
	assert_int_equal(c.entries[1].version, 2);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM person_history "
					  "WHERE old_value LIKE '%13909371234%'"),
			 0);
	assert_int_equal(person_history(f->reg, 999, collect, &c, &err), ST_NOT_FOUND);
}

/* --- search ------------------------------------------------------------ */

/* Registers a mix: inflow in two streets, an outflow, one resident. */
static void register_mix(struct fixture *f)
{
	static const struct {
		const char *name, *residence, *flow, *management;
		int sequence;
	} rows[] = {
		{"张伟", "620201001001", "inflow", "floating", 301},
		{"张伟军", "620201001002", "inflow", "floating", 303},
		{"王芳", "620201002001", "inflow", "resident", 304},
		{"李娜", "620201100200", "inflow", "left", 306},
		{"张桂英", "620201002001", "outflow", "floating", 308},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct draft d = inflow_draft(rows[i].sequence);
		draft_set(&d, "name", rows[i].name);
		draft_set(&d, "residence_division", rows[i].residence);
		draft_set(&d, "flow", rows[i].flow);
		draft_set(&d, "management", rows[i].management);
		if (strcmp(rows[i].flow, "outflow") == 0) {
			char id[19];
			fixture_id_number("620201", "19850101", rows[i].sequence, id);
			draft_set(&d, "id_number", id);
			draft_set(&d, "hukou_division", "620201002001");
		}
		create_ok(f, &d);
	}
}

static size_t search(struct fixture *f, struct person_query *q, struct person *out, bool *more)
{
	struct error err;
	size_t count = 0;
	assert_int_equal(person_query_prepare(f->reg, q, &err), ST_OK);
	assert_int_equal(person_search(f->reg, q, out, &count, more, &err), ST_OK);
	return count;
}

static void test_search_filters_by_name_prefix_division_flow_and_management(void **state)
{
	struct fixture *f = *state;
	struct person rows[PERSON_PAGE_DEFAULT + 1];
	bool more;
	register_mix(f);

	struct person_query q = {0};
	snprintf(q.name_prefix, sizeof q.name_prefix, "张");
	assert_int_equal(search(f, &q, rows, &more), 3);
	memset(&q, 0, sizeof q);
	snprintf(q.name_prefix, sizeof q.name_prefix, "张伟");
	assert_int_equal(search(f, &q, rows, &more), 2);
	memset(&q, 0, sizeof q);
	snprintf(q.division, sizeof q.division, "620201001000"); /* a street, padded */
	assert_int_equal(search(f, &q, rows, &more), 2);
	memset(&q, 0, sizeof q);
	snprintf(q.division, sizeof q.division, "620200");        /* the whole city */
	assert_int_equal(search(f, &q, rows, &more), 5);
	memset(&q, 0, sizeof q);
	snprintf(q.division, sizeof q.division, "620201002001");  /* one community */
	q.flow = FLOW_INFLOW;
	assert_int_equal(search(f, &q, rows, &more), 1);
	assert_string_equal(rows[0].name, "王芳");
	memset(&q, 0, sizeof q);
	q.management = MANAGEMENT_LEFT;
	assert_int_equal(search(f, &q, rows, &more), 1);
	assert_string_equal(rows[0].name, "李娜");
	memset(&q, 0, sizeof q);
	fixture_id_number("410102", "19900307", 304, q.id_number);
	assert_int_equal(search(f, &q, rows, &more), 1);
	assert_string_equal(rows[0].name, "王芳");
	assert_false(more);
}

static void test_search_pages_cover_every_record_once_in_id_order(void **state)
{
	struct fixture *f = *state;
	register_mix(f);
	struct person rows[3];
	struct person_query q = {.limit = 2};
	int64_t seen[8];
	size_t total = 0;
	bool more = true;
	while (more) {
		size_t n = search(f, &q, rows, &more);
		for (size_t i = 0; i < n; i++) {
			if (total > 0)
				assert_true(rows[i].id > seen[total - 1]);
			seen[total++] = rows[i].id;
		}
		q.after_id = rows[n - 1].id;
	}
	assert_int_equal(total, 5);
}

static void test_bad_queries_are_refused_with_the_field(void **state)
{
	struct fixture *f = *state;
	struct error err;
	struct person_query q = {0};
	snprintf(q.id_number, sizeof q.id_number, "410102199003073");
	assert_int_equal(person_query_prepare(f->reg, &q, &err), ST_INVALID_ID_NUMBER);
	memset(&q, 0, sizeof q);
	snprintf(q.division, sizeof q.division, "999999");
	assert_int_equal(person_query_prepare(f->reg, &q, &err), ST_INVALID_DIVISION);
	memset(&q, 0, sizeof q);
	q.limit = PERSON_PAGE_MAX + 1;
	assert_int_equal(person_query_prepare(f->reg, &q, &err), ST_INVALID_INPUT);
	assert_string_equal(err.field, "limit");
}

#define T(name) cmocka_unit_test_setup_teardown(name, fixture_setup, fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_create_derives_sex_and_birth_date_from_id_number),
		T(test_fifteen_digit_id_number_is_stored_as_eighteen),
		T(test_second_record_for_an_id_number_is_refused),
		T(test_same_name_birth_and_hukou_county_is_flagged_not_refused),
		T(test_inflow_person_with_hukou_in_the_city_is_refused),
		T(test_outflow_person_needs_hukou_in_the_city),
		T(test_residence_must_be_a_community_of_the_city),
		T(test_hukou_must_be_a_known_county_or_finer),
		T(test_derived_fields_cannot_be_typed),
		T(test_codes_must_come_from_the_national_tables),
		T(test_dates_must_be_real_and_between_birth_and_today),
		T(test_required_fields_are_named_when_missing),
		T(test_invalid_persons_leave_nothing_behind),
		T(test_plain_id_number_and_phone_never_reach_the_database_file),
		T(test_missing_record_is_not_found),
		T(test_lookup_by_id_number_accepts_lower_case_x),
		T(test_update_bumps_version_and_records_each_changed_field),
		T(test_update_without_real_change_keeps_the_version),
		T(test_stale_version_is_refused_and_nothing_is_lost),
		T(test_store_refuses_a_version_that_moved_on_meanwhile),
		T(test_invalid_update_changes_nothing),
		T(test_changing_id_number_to_anothers_is_a_duplicate),
		T(test_history_shows_sealed_fields_in_the_clear_to_the_caller),
		T(test_search_filters_by_name_prefix_division_flow_and_management),
		T(test_search_pages_cover_every_record_once_in_id_order),
		T(test_bad_queries_are_refused_with_the_field),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
