/*
 * test_field_report.c — field reports (src/domain/field_report.c, policy
 * §6(3)): the routing rule (a report about a community goes to that
 * community's town/street office), the kinds and states, and that filing
 * routes, refuses bad input without writing, and steps through its states.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "domain/field_report.h"
#include "fixture.h"
#include "store/store.h"

/* The rule: the first 9 digits of a 12-digit community are its town/street. */
static void test_routing_takes_the_town_of_the_community(void **state)
{
	(void)state;
	char office[DIVISION_CODE_SIZE];
	assert_true(field_report_office_of("620201001001", office));  /* 福民社区 → 雄关街道 */
	assert_string_equal(office, "620201001");
	assert_true(field_report_office_of("620201002001", office));  /* 大众社区 → 钢城街道 */
	assert_string_equal(office, "620201002");
	assert_true(field_report_office_of("620201100200", office));  /* 野麻湾村 → 新城镇 */
	assert_string_equal(office, "620201100");
}

/* Only communities route: towns, counties, malformed codes do not. */
static void test_routing_refuses_what_is_no_community(void **state)
{
	(void)state;
	char office[DIVISION_CODE_SIZE] = "unchanged";
	assert_false(field_report_office_of("620201001", office));
	assert_false(field_report_office_of("620201", office));
	assert_false(field_report_office_of("62020100100a", office));
	assert_false(field_report_office_of("6202010010011", office));
	assert_false(field_report_office_of("", office));
	assert_false(field_report_office_of(NULL, office));
	assert_string_equal(office, "unchanged");
}

static void test_kinds_and_states_have_names_and_labels(void **state)
{
	(void)state;
	const char *kinds[] = {"move_in", "move_out", "rental", "transfer", "sale", "birth",
			       "unclear", "other"};
	for (int k = 1; k < FIELD_REPORT_KIND_END; k++) {
		enum field_report_kind parsed;
		assert_string_equal(field_report_kind_name((enum field_report_kind)k), kinds[k - 1]);
		assert_true(field_report_kind_parse(kinds[k - 1], &parsed));
		assert_int_equal(parsed, k);
		assert_true(strlen(field_report_kind_label((enum field_report_kind)k)) > 0);
	}
	enum field_report_kind kind;
	enum field_report_state st;
	assert_false(field_report_kind_parse("fire", &kind));
	assert_false(field_report_kind_parse("", &kind));
	assert_true(field_report_state_parse("verified", &st));
	assert_int_equal(st, FIELD_REPORT_VERIFIED);
	assert_false(field_report_state_parse("open", &st));
	assert_string_equal(field_report_state_label(FIELD_REPORT_CLOSED), "已办结");
}

static void report_in(struct field_report *r, const char *community, const char *description)
{
	memset(r, 0, sizeof *r);
	r->kind = FIELD_REPORT_MOVE_IN;
	r->reporter_user_id = 7;
	snprintf(r->reporter_username, sizeof r->reporter_username, "fumin.warden");
	snprintf(r->reporter_role, sizeof r->reporter_role, "warden");
	snprintf(r->community, sizeof r->community, "%s", community);
	snprintf(r->description, sizeof r->description, "%s", description);
}

/* Filing stores the office the rule names, received. */
static void test_filing_routes_to_the_town(void **state)
{
	struct fixture *f = *state;
	struct field_report r, back;
	struct error err;
	report_in(&r, "620201002001", "兰新路8号2单元301室新搬来一户外地人员");
	assert_int_equal(field_report_create(f->reg, &r, &err), ST_OK);
	assert_int_equal(field_report_get(f->reg, r.id, &back, &err), ST_OK);
	assert_string_equal(back.office_division, "620201002");
	assert_string_equal(back.community, "620201002001");
	assert_int_equal(back.state, FIELD_REPORT_RECEIVED);
	assert_true(back.received_at > 0);
	assert_int_equal(back.verified_at, 0);
}

/* Bad input is refused with its field and leaves nothing. */
static void test_refused_reports_leave_nothing(void **state)
{
	struct fixture *f = *state;
	struct field_report r;
	struct error err;
	report_in(&r, "620201001", "一户外地人员入住");  /* a town, not a community */
	assert_int_equal(field_report_create(f->reg, &r, &err), ST_INVALID_DIVISION);
	assert_string_equal(err.field, "community");
	report_in(&r, "620102001001", "一户外地人员入住");  /* not of this city */
	assert_int_equal(field_report_create(f->reg, &r, &err), ST_INVALID_DIVISION);
	report_in(&r, "620201001001", "");
	assert_int_equal(field_report_create(f->reg, &r, &err), ST_MISSING_FIELD);
	assert_string_equal(err.field, "description");
	report_in(&r, "620201001001", "一户外地人员入住");
	r.person_id = 999;
	assert_int_equal(field_report_create(f->reg, &r, &err), ST_NOT_FOUND);
	assert_string_equal(err.field, "person_id");
	report_in(&r, "620201001001", "一户外地人员入住");
	r.kind = FIELD_REPORT_KIND_NONE;
	assert_int_equal(field_report_create(f->reg, &r, &err), ST_INVALID_CODE);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM field_report"), 0);
}

/* received → verified → closed; a second step of the same kind is refused. */
static void test_states_step_forward_only(void **state)
{
	struct fixture *f = *state;
	struct field_report r;
	struct error err;
	report_in(&r, "620201001001", "福民社区3号楼有人搬入");
	assert_int_equal(field_report_create(f->reg, &r, &err), ST_OK);
	assert_int_equal(field_report_verify(f->reg, &r, "person:3", &err), ST_OK);
	assert_int_equal(r.state, FIELD_REPORT_VERIFIED);
	assert_int_equal(field_report_verify(f->reg, &r, "", &err), ST_INVALID_STATE);
	assert_int_equal(field_report_close(f->reg, &r, "", &err), ST_MISSING_FIELD);
	assert_string_equal(err.field, "outcome");
	assert_int_equal(field_report_close(f->reg, &r, "已登记入住人员档案", &err), ST_OK);
	assert_int_equal(field_report_close(f->reg, &r, "再次办结", &err), ST_INVALID_STATE);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM field_report WHERE state = 3 AND "
					  "changed_records = 'person:3' AND version = 3"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_routing_takes_the_town_of_the_community),
		cmocka_unit_test(test_routing_refuses_what_is_no_community),
		cmocka_unit_test(test_kinds_and_states_have_names_and_labels),
		cmocka_unit_test_setup_teardown(test_filing_routes_to_the_town, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_refused_reports_leave_nothing, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_states_step_forward_only, fixture_setup,
						fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
