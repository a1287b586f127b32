/*
 * test_worklist.c — the work list's day counts (src/domain/worklist.c) and
 * its rules against a real database (src/store/worklist.c): the 30-day
 * mark, the calendar year (leap day included), the 15 days before a
 * temporary certificate ends, scope by residence, exact counts.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "fixture.h"
#include "domain/certificate.h"
#include "domain/worklist.h"

static struct date day(const char *text)
{
	struct date d;
	if (!date_parse(text, &d))
		fail_msg("bad date in test: %s", text);
	return d;
}

/* --- the day counts, without a database ------------------------------------ */

static void test_bounds_on_a_day(void **state)
{
	(void)state;
	struct worklist_dates d;
	struct date today = day("2026-11-29");
	worklist_dates_on(&today, &d);
	assert_string_equal(d.today, "2026-11-29");
	assert_string_equal(d.missing_arrived_by, "2026-10-30");  /* 30 days before */
	assert_string_equal(d.temporary_ends_by, "2026-12-14");   /* 15 days after */
	assert_string_equal(d.inquiry_due_by, "2026-12-06");      /* 7 days after */
	assert_string_equal(d.resident_arrived_by, "2025-11-29"); /* a calendar year */
}

static void test_a_leap_day_arrival_makes_its_year_on_the_28th(void **state)
{
	(void)state;
	struct worklist_dates d;
	struct date today = day("2025-02-28");
	worklist_dates_on(&today, &d);
	assert_string_equal(d.resident_arrived_by, "2024-02-29");
	today = day("2025-02-27");
	worklist_dates_on(&today, &d);
	assert_string_equal(d.resident_arrived_by, "2024-02-27");
	today = day("2024-02-29");
	worklist_dates_on(&today, &d);
	assert_string_equal(d.resident_arrived_by, "2023-02-28");
	struct date arrival = day("2024-02-29");
	struct date due = worklist_due_on(WORKLIST_RESIDENT_CANDIDATE, &arrival);
	char text[DATE_TEXT_SIZE];
	date_format(&due, text, sizeof text);
	assert_string_equal(text, "2025-02-28");
}

/*
 * The text bound the store compares with is exactly "arrival + 12 months
 * <= today" and "arrival + 30 days <= today", for every pair of days over
 * five years (two leap days).
 */
static void test_text_bounds_agree_with_the_rules_on_every_day(void **state)
{
	(void)state;
	struct date first = day("2023-01-01");
	for (long t = 0; t < 5 * 366; t++) {
		struct date today = date_add_days(&first, t);
		struct worklist_dates d;
		worklist_dates_on(&today, &d);
		for (long back = 0; back <= 400; back++) {
			struct date arrival = date_add_days(&today, -back);
			char text[DATE_TEXT_SIZE];
			date_format(&arrival, text, sizeof text);
			struct date year = worklist_due_on(WORKLIST_RESIDENT_CANDIDATE, &arrival);
			struct date grace = worklist_due_on(WORKLIST_CERTIFICATE_MISSING, &arrival);
			bool resident = date_compare(&year, &today) <= 0;
			bool missing = date_compare(&grace, &today) <= 0;
			if (resident != (strcmp(text, d.resident_arrived_by) <= 0) ||
			    missing != (strcmp(text, d.missing_arrived_by) <= 0))
				fail_msg("today %s, arrival %s: resident %d missing %d, bounds %s %s",
					 d.today, text, resident, missing, d.resident_arrived_by,
					 d.missing_arrived_by);
		}
	}
}

static void test_kind_names_labels_and_actions(void **state)
{
	(void)state;
	enum worklist_kind kind;
	for (int k = WORKLIST_ALL + 1; k < WORKLIST_KIND_END; k++) {
		assert_true(worklist_kind_parse(worklist_kind_name((enum worklist_kind)k), &kind));
		assert_int_equal(kind, k);
		assert_true(strlen(worklist_kind_label(kind)) > 0);
		assert_true(strlen(worklist_kind_action(kind)) > 0);
	}
	assert_true(worklist_kind_parse("temporary_ended", &kind));
	assert_int_equal(kind, WORKLIST_TEMPORARY_ENDED);
	assert_false(worklist_kind_parse("expired", &kind));
	assert_false(worklist_kind_parse("", &kind));
	assert_string_equal(worklist_kind_name(WORKLIST_ALL), "");
}

/* --- the rules against a database (today 2026-11-29) ------------------------- */

static int sequence = 100;

/* Registers a person; `flow` inflow or outflow, arrival "" for none. */
static struct person add_person(struct fixture *f, const char *flow, const char *community,
				const char *arrival)
{
	bool outflow = strcmp(flow, "outflow") == 0;
	const char *county = outflow ? "620201" : "410102";
	char id[19];
	fixture_id_number(county, "19900307", sequence++, id);
	struct person_value v[] = {
		{PERSON_ID_NUMBER, ""}, {PERSON_NAME, "张伟"}, {PERSON_FLOW, ""},
		{PERSON_HUKOU_DIVISION, ""}, {PERSON_RESIDENCE_DIVISION, ""},
		{PERSON_MARITAL_STATUS, "10"}, {PERSON_ARRIVAL_DATE, ""},
	};
	snprintf(v[0].value, sizeof v[0].value, "%s", id);
	snprintf(v[2].value, sizeof v[2].value, "%s", flow);
	snprintf(v[3].value, sizeof v[3].value, "%s", outflow ? "620201001001" : county);
	snprintf(v[4].value, sizeof v[4].value, "%s", community);
	snprintf(v[6].value, sizeof v[6].value, "%s", arrival);
	struct person p;
	struct error err;
	error_clear(&err);
	if (person_create(f->reg, v, sizeof v / sizeof v[0], "tester", &p, NULL, &err) != ST_OK)
		fail_msg("person: %s [%s] %s", err.message, error_code(err.status), err.field);
	return p;
}

/* Issues a certificate of `kind` issued on `issued_on`; returns it. */
static struct certificate issue(struct fixture *f, int64_t person_id, enum certificate_kind kind,
				const char *issued_on)
{
	struct certificate_request req;
	struct certificate c;
	struct error err;
	memset(&req, 0, sizeof req);
	req.kind = kind;
	snprintf(req.issued_on, sizeof req.issued_on, "%s", issued_on);
	error_clear(&err);
	if (certificate_issue(f->reg, person_id, &req, "tester", &c, NULL, &err) != ST_OK)
		fail_msg("certificate: %s [%s] %s", err.message, error_code(err.status), err.field);
	return c;
}

/* Runs the whole city's list on reg->today; the caller releases. */
static struct worklist_result run(struct fixture *f, const char *division, enum worklist_kind kind)
{
	struct worklist_query q;
	struct worklist_result r;
	struct error err;
	memset(&q, 0, sizeof q);
	snprintf(q.division, sizeof q.division, "%s", division);
	q.kind = kind;
	q.limit = WORKLIST_LIMIT_MAX;
	error_clear(&err);
	if (worklist_query_prepare(f->reg, &q, &err) != ST_OK ||
	    worklist_run(f->reg, &q, &r, &err) != ST_OK)
		fail_msg("worklist: %s [%s]", err.message, error_code(err.status));
	return r;
}

/* The item of `kind` for person `id`, or NULL. */
static const struct worklist_item *find(const struct worklist_result *r, enum worklist_kind kind,
					int64_t id)
{
	for (size_t i = 0; i < r->item_count; i++)
		if (r->items[i].kind == kind && r->items[i].person_id == id)
			return &r->items[i];
	return NULL;
}

static void test_certificate_missing_from_the_thirtieth_day(void **state)
{
	struct fixture *f = *state;
	struct person thirty = add_person(f, "inflow", "620201001001", "2026-10-30");
	struct person twenty_nine = add_person(f, "inflow", "620201001001", "2026-10-31");
	struct person unknown = add_person(f, "inflow", "620201001001", "");
	struct worklist_result r = run(f, "", WORKLIST_ALL);
	const struct worklist_item *item = find(&r, WORKLIST_CERTIFICATE_MISSING, thirty.id);
	assert_non_null(item);
	assert_string_equal(item->due_on, "2026-11-29");
	assert_int_equal(item->overdue_days, 0);
	assert_string_equal(item->id_number, thirty.id_number);
	assert_string_equal(item->residence_division, "620201001001");
	assert_int_equal(item->flow, FLOW_INFLOW);
	assert_string_equal(item->subject, "");
	assert_null(find(&r, WORKLIST_CERTIFICATE_MISSING, twenty_nine.id));
	assert_null(find(&r, WORKLIST_CERTIFICATE_MISSING, unknown.id));
	assert_int_equal(r.counts[WORKLIST_CERTIFICATE_MISSING], 1);
	worklist_result_release(&r);

	/* A day later the other one is due, and the first one a day overdue. */
	f->reg->today = day("2026-11-30");
	r = run(f, "", WORKLIST_CERTIFICATE_MISSING);
	assert_int_equal(r.counts[WORKLIST_CERTIFICATE_MISSING], 2);
	assert_int_equal(find(&r, WORKLIST_CERTIFICATE_MISSING, thirty.id)->overdue_days, 1);
	assert_non_null(find(&r, WORKLIST_CERTIFICATE_MISSING, twenty_nine.id));
	worklist_result_release(&r);
}

static void test_a_certificate_in_force_ends_certificate_missing(void **state)
{
	struct fixture *f = *state;
	struct person p = add_person(f, "inflow", "620201001001", "2026-06-01");
	struct worklist_result r = run(f, "", WORKLIST_CERTIFICATE_MISSING);
	assert_non_null(find(&r, WORKLIST_CERTIFICATE_MISSING, p.id));
	worklist_result_release(&r);
	issue(f, p.id, CERTIFICATE_TEMPORARY, "");
	r = run(f, "", WORKLIST_ALL);
	assert_null(find(&r, WORKLIST_CERTIFICATE_MISSING, p.id));
	assert_int_equal(r.counts[WORKLIST_CERTIFICATE_MISSING], 0);
	assert_int_equal(r.counts[WORKLIST_TEMPORARY_ENDING], 0);
	worklist_result_release(&r);
}

static void test_resident_candidate_after_a_calendar_year(void **state)
{
	struct fixture *f = *state;
	struct person year = add_person(f, "inflow", "620201001001", "2025-11-29");
	struct person short_of = add_person(f, "inflow", "620201001001", "2025-11-30");
	struct worklist_result r = run(f, "", WORKLIST_ALL);
	const struct worklist_item *item = find(&r, WORKLIST_RESIDENT_CANDIDATE, year.id);
	assert_non_null(item);
	assert_string_equal(item->due_on, "2026-11-29");
	assert_null(find(&r, WORKLIST_RESIDENT_CANDIDATE, short_of.id));
	assert_int_equal(r.counts[WORKLIST_RESIDENT_CANDIDATE], 1);
	/* Both are past the 30 days without a certificate. */
	assert_int_equal(r.counts[WORKLIST_CERTIFICATE_MISSING], 2);
	worklist_result_release(&r);
}

static void test_leap_day_arrival_is_a_candidate_on_the_28th(void **state)
{
	struct fixture *f = *state;
	f->reg->today = day("2025-02-28");
	struct person leap = add_person(f, "inflow", "620201002001", "2024-02-29");
	struct person march = add_person(f, "inflow", "620201002001", "2024-03-01");
	struct worklist_result r = run(f, "", WORKLIST_RESIDENT_CANDIDATE);
	const struct worklist_item *item = find(&r, WORKLIST_RESIDENT_CANDIDATE, leap.id);
	assert_non_null(item);
	assert_string_equal(item->due_on, "2025-02-28");
	assert_null(find(&r, WORKLIST_RESIDENT_CANDIDATE, march.id));
	worklist_result_release(&r);
	f->reg->today = day("2025-02-27");
	r = run(f, "", WORKLIST_RESIDENT_CANDIDATE);
	assert_int_equal(r.counts[WORKLIST_RESIDENT_CANDIDATE], 0);
	worklist_result_release(&r);
}

static void test_temporary_ending_within_fifteen_days_inclusive(void **state)
{
	struct fixture *f = *state;
	/* Three calendar months: issued 2026-09-14, last day 2026-12-14 (today + 15). */
	struct person fifteen = add_person(f, "inflow", "620201001001", "2026-06-01");
	struct person sixteen = add_person(f, "inflow", "620201001001", "2026-06-01");
	struct person today = add_person(f, "inflow", "620201001002", "2026-06-01");
	struct person ended = add_person(f, "inflow", "620201001002", "2026-06-01");
	struct certificate c15 = issue(f, fifteen.id, CERTIFICATE_TEMPORARY, "2026-09-14");
	struct certificate c16 = issue(f, sixteen.id, CERTIFICATE_TEMPORARY, "2026-09-15");
	struct certificate c0 = issue(f, today.id, CERTIFICATE_TEMPORARY, "2026-08-29");
	struct certificate cx = issue(f, ended.id, CERTIFICATE_TEMPORARY, "2026-08-28");
	assert_string_equal(c15.valid_until, "2026-12-14");
	assert_string_equal(c16.valid_until, "2026-12-15");
	assert_string_equal(c0.valid_until, "2026-11-29");
	assert_string_equal(cx.valid_until, "2026-11-28");

	struct worklist_result r = run(f, "", WORKLIST_ALL);
	const struct worklist_item *item = find(&r, WORKLIST_TEMPORARY_ENDING, fifteen.id);
	assert_non_null(item);
	assert_string_equal(item->due_on, "2026-12-14");
	assert_int_equal(item->overdue_days, 0);
	char subject[WORKLIST_SUBJECT_SIZE];
	snprintf(subject, sizeof subject, "certificate:%s", c15.number);
	assert_string_equal(item->subject, subject);
	assert_null(find(&r, WORKLIST_TEMPORARY_ENDING, sixteen.id));
	assert_non_null(find(&r, WORKLIST_TEMPORARY_ENDING, today.id));
	assert_int_equal(r.counts[WORKLIST_TEMPORARY_ENDING], 2);

	/* Past its last day: ended, and its contract is overdue; never both lists. */
	item = find(&r, WORKLIST_TEMPORARY_ENDED, ended.id);
	assert_non_null(item);
	assert_string_equal(item->due_on, "2026-11-28");
	assert_int_equal(item->overdue_days, 1);
	assert_null(find(&r, WORKLIST_TEMPORARY_ENDING, ended.id));
	assert_null(find(&r, WORKLIST_CERTIFICATE_MISSING, ended.id));
	item = find(&r, WORKLIST_CONTRACT_OVERDUE, ended.id);
	assert_non_null(item);
	assert_string_equal(item->due_on, "2026-11-28");
	assert_memory_equal(item->subject, "contract:", 9);
	assert_int_equal(r.counts[WORKLIST_TEMPORARY_ENDED], 1);
	assert_int_equal(r.counts[WORKLIST_CONTRACT_OVERDUE], 1);

	/* Items come by due date. */
	for (size_t i = 1; i < r.item_count; i++)
		assert_true(strcmp(r.items[i - 1].due_on, r.items[i].due_on) <= 0);
	worklist_result_release(&r);

	/* A new temporary certificate takes the ended one off the list. */
	issue(f, ended.id, CERTIFICATE_TEMPORARY, "");
	r = run(f, "", WORKLIST_TEMPORARY_ENDED);
	assert_int_equal(r.counts[WORKLIST_TEMPORARY_ENDED], 0);
	assert_int_equal(r.item_count, 0);
	worklist_result_release(&r);
}

static void test_outflow_without_certificate_until_one_is_issued(void **state)
{
	struct fixture *f = *state;
	struct person out = add_person(f, "outflow", "620201001001", "2026-03-01");
	struct person unknown = add_person(f, "outflow", "620201001002", "");
	struct worklist_result r = run(f, "", WORKLIST_OUTFLOW_WITHOUT_CERTIFICATE);
	assert_int_equal(r.counts[WORKLIST_OUTFLOW_WITHOUT_CERTIFICATE], 2);
	assert_int_equal(r.item_count, 2);
	assert_int_equal(r.items[0].person_id, out.id); /* a known due date first */
	assert_string_equal(r.items[0].due_on, "2026-03-01");
	assert_int_equal(r.items[0].overdue_days, 273);
	assert_int_equal(r.items[1].person_id, unknown.id);
	assert_string_equal(r.items[1].due_on, "");
	assert_int_equal(r.items[1].overdue_days, 0);
	worklist_result_release(&r);
	issue(f, out.id, CERTIFICATE_STANDARD, "");
	r = run(f, "", WORKLIST_OUTFLOW_WITHOUT_CERTIFICATE);
	assert_int_equal(r.counts[WORKLIST_OUTFLOW_WITHOUT_CERTIFICATE], 1);
	assert_int_equal(r.items[0].person_id, unknown.id);
	worklist_result_release(&r);
}

static void test_inquiries_due_within_seven_days_and_overdue(void **state)
{
	struct fixture *f = *state;
	struct person p = add_person(f, "inflow", "620201002001", "2026-11-20");
	char sql[1024];
	/* Sent: overdue, due today, due in 7 days, due in 8; answered; draft. */
	static const char *const due[] = {"2026-11-28", "2026-11-29", "2026-12-06",
					  "2026-12-07", "2026-11-20", "2026-11-29"};
	static const int states[] = {2, 2, 2, 2, 3, 1};
	for (size_t i = 0; i < sizeof states / sizeof states[0]; i++) {
		snprintf(sql, sizeof sql,
			 "INSERT INTO inquiry (person_id, from_division, to_division, channel, "
			 "urgency, subject, state, note, sent_on, due_on, answered_on, "
			 "answer_marital_status, answer_text, answer_reference, cancel_reason, "
			 "version, created_at, updated_at) VALUES (%lld, '620201002', '410102', 1, 1, "
			 "1, %d, '', '2026-11-01', '%s', '', '', '', '', '', 1, 0, 0)",
			 (long long)p.id, states[i], due[i]);
		fixture_exec(f, sql);
	}
	struct worklist_result r = run(f, "", WORKLIST_ALL);
	assert_int_equal(r.counts[WORKLIST_INQUIRY_OVERDUE], 1);
	assert_int_equal(r.counts[WORKLIST_INQUIRY_DUE], 2);
	const struct worklist_item *item = find(&r, WORKLIST_INQUIRY_OVERDUE, p.id);
	assert_non_null(item);
	assert_string_equal(item->subject, "inquiry:1");
	assert_int_equal(item->overdue_days, 1);
	worklist_result_release(&r);
}

static void test_scope_counts_and_limits(void **state)
{
	struct fixture *f = *state;
	add_person(f, "inflow", "620201001001", "2026-01-01");
	add_person(f, "inflow", "620201001002", "2026-01-02");
	add_person(f, "inflow", "620201002001", "2026-01-03");
	struct worklist_result r = run(f, "620201001", WORKLIST_ALL);
	assert_int_equal(r.counts[WORKLIST_CERTIFICATE_MISSING], 2);
	worklist_result_release(&r);
	r = run(f, "620201001001", WORKLIST_ALL);
	assert_int_equal(r.counts[WORKLIST_CERTIFICATE_MISSING], 1);
	worklist_result_release(&r);
	r = run(f, "620201002", WORKLIST_ALL);
	assert_int_equal(r.counts[WORKLIST_CERTIFICATE_MISSING], 1);
	assert_int_equal(r.counts[WORKLIST_ALL], 1);
	worklist_result_release(&r);

	/* One item per kind, counts stay exact. */
	struct worklist_query q = {.limit = 1};
	struct error err;
	assert_int_equal(worklist_query_prepare(f->reg, &q, &err), ST_OK);
	assert_string_equal(q.division, "6202");
	assert_int_equal(worklist_run(f->reg, &q, &r, &err), ST_OK);
	assert_int_equal(r.counts[WORKLIST_CERTIFICATE_MISSING], 3);
	assert_int_equal(r.item_count, 1);
	assert_string_equal(r.items[0].basis, "2026-01-01");
	worklist_result_release(&r);

	q = (struct worklist_query){.limit = WORKLIST_LIMIT_MAX + 1};
	assert_int_equal(worklist_query_prepare(f->reg, &q, &err), ST_INVALID_INPUT);
	assert_string_equal(err.field, "limit");
	q = (struct worklist_query){.division = "410102"};
	assert_int_equal(worklist_query_prepare(f->reg, &q, &err), ST_INVALID_DIVISION);
	q = (struct worklist_query){.division = "999999"};
	assert_int_equal(worklist_query_prepare(f->reg, &q, &err), ST_INVALID_DIVISION);
}

/* Inserts a complaint of `office` due on `due_on` in `state` (1 received .. 4 closed). */
static void add_complaint(struct fixture *f, const char *code, const char *office,
			  const char *due_on, int state)
{
	char sql[1024];
	snprintf(sql, sizeof sql,
		 "INSERT INTO complaint (code, channel, category, subject, content, "
		 "complainant_name, complainant_phone_sealed, respondent, office, received_on, "
		 "due_on, state, reply, outcome, reopened, reopen_reason, version, created_at, "
		 "updated_at) VALUES ('%s', 1, 2, '办证太慢', '办理婚育证明等了很久', '', NULL, '', "
		 "'%s', '2026-10-20', '%s', %d, '', '', 0, '', 1, 0, 0)",
		 code, office, due_on, state);
	fixture_exec(f, sql);
}

/* The item about `subject`, or NULL. */
static const struct worklist_item *find_subject(const struct worklist_result *r,
						const char *subject)
{
	for (size_t i = 0; i < r->item_count; i++)
		if (strcmp(r->items[i].subject, subject) == 0)
			return &r->items[i];
	return NULL;
}

/* complaint_overdue: received or assigned past the due date, the office's item. */
static void test_complaint_overdue_belongs_to_its_office(void **state)
{
	struct fixture *f = *state;
	add_complaint(f, "AAAAAAAAAAA2", "620201001", "2026-11-16", 2);  /* 13 days late */
	add_complaint(f, "AAAAAAAAAAA3", "620201001", "2026-11-29", 2);  /* due today */
	add_complaint(f, "AAAAAAAAAAA4", "620201001", "2026-11-10", 3);  /* answered */
	add_complaint(f, "AAAAAAAAAAA5", "620201001", "2026-11-10", 4);  /* closed */
	add_complaint(f, "AAAAAAAAAAA6", "620201002", "2026-11-28", 1);  /* another town */
	add_complaint(f, "AAAAAAAAAAA7", "6202", "2026-11-01", 1);       /* the city's own */
	long first = fixture_count(f, "SELECT id FROM complaint WHERE code = 'AAAAAAAAAAA2'");
	char subject[64];
	snprintf(subject, sizeof subject, "complaint:%ld", first);

	struct worklist_result r = run(f, "620201001", WORKLIST_ALL);
	assert_int_equal(r.counts[WORKLIST_COMPLAINT_OVERDUE], 1);
	const struct worklist_item *item = find_subject(&r, subject);
	assert_non_null(item);
	assert_int_equal(item->kind, WORKLIST_COMPLAINT_OVERDUE);
	assert_int_equal(item->person_id, 0);
	assert_string_equal(item->due_on, "2026-11-16");
	assert_int_equal(item->overdue_days, 13);
	worklist_result_release(&r);

	r = run(f, "620201002", WORKLIST_COMPLAINT_OVERDUE);
	assert_int_equal(r.counts[WORKLIST_COMPLAINT_OVERDUE], 1);
	assert_int_equal(r.item_count, 1);
	assert_string_equal(r.items[0].due_on, "2026-11-28");
	assert_int_equal(r.items[0].overdue_days, 1);
	worklist_result_release(&r);

	r = run(f, "", WORKLIST_ALL);  /* the city sees its own and every town's */
	assert_int_equal(r.counts[WORKLIST_COMPLAINT_OVERDUE], 3);
	worklist_result_release(&r);

	r = run(f, "620201001001", WORKLIST_ALL);  /* a community has no complaints */
	assert_int_equal(r.counts[WORKLIST_COMPLAINT_OVERDUE], 0);
	worklist_result_release(&r);
}

#define T(name) cmocka_unit_test_setup_teardown(name, fixture_setup, fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bounds_on_a_day),
		cmocka_unit_test(test_a_leap_day_arrival_makes_its_year_on_the_28th),
		cmocka_unit_test(test_text_bounds_agree_with_the_rules_on_every_day),
		cmocka_unit_test(test_kind_names_labels_and_actions),
		T(test_certificate_missing_from_the_thirtieth_day),
		T(test_a_certificate_in_force_ends_certificate_missing),
		T(test_resident_candidate_after_a_calendar_year),
		T(test_leap_day_arrival_is_a_candidate_on_the_28th),
		T(test_temporary_ending_within_fifteen_days_inclusive),
		T(test_outflow_without_certificate_until_one_is_issued),
		T(test_inquiries_due_within_seven_days_and_overdue),
		T(test_scope_counts_and_limits),
		T(test_complaint_overdue_belongs_to_its_office),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
