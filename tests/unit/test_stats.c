/*
 * test_stats.c — the statistics (src/domain/stats.c) against a real
 * database whose summaries the triggers of migration 0014 keep: every
 * table on a small fixed set of records with the figures worked out by
 * hand, age groups on birthdays, women of childbearing age, the holding
 * rate, children adding up to their division, and `check` finding a
 * summary that does not match the records.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fixture.h"
#include "domain/certificate.h"
#include "domain/inquiry.h"
#include "domain/stats.h"
#include "store/store.h"

#define FUMIN "620201001001"
#define SHENGLI "620201001002"
#define DAZHONG "620201002001"

static struct date day(const char *text)
{
	struct date d;
	if (!date_parse(text, &d))
		fail_msg("bad date in test: %s", text);
	return d;
}

static int sequence = 100;

/*
 * Registers a person born on `birth` ("YYYYMMDD"), female or male, of
 * `flow` living in `community`; arrival "" for none.
 */
static struct person add_person(struct fixture *f, const char *birth, bool female,
				const char *flow, const char *community, const char *arrival)
{
	bool outflow = strcmp(flow, "outflow") == 0;
	const char *county = outflow ? "620201" : "410102";
	char id[19];
	if ((sequence % 2 == 0) != female)
		sequence++;
	fixture_id_number(county, birth, sequence, id);
	sequence += 2;
	struct person_value v[] = {
		{PERSON_ID_NUMBER, ""}, {PERSON_NAME, "李娜"}, {PERSON_FLOW, ""},
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

static struct certificate issue(struct fixture *f, int64_t person_id, enum certificate_kind kind,
				const char *issued_on)
{
	struct certificate_request req;
	struct certificate c;
	struct error err;
	static int external = 1;
	memset(&req, 0, sizeof req);
	req.kind = kind;
	snprintf(req.issued_on, sizeof req.issued_on, "%s", issued_on);
	if (kind == CERTIFICATE_EXTERNAL) {
		snprintf(req.number, sizeof req.number, "HN410105-2026-%04d", external++);
		snprintf(req.issuer_name, sizeof req.issuer_name, "郑州市金水区人口和计划生育委员会");
	}
	error_clear(&err);
	if (certificate_issue(f->reg, person_id, &req, "tester", &c, NULL, &err) != ST_OK)
		fail_msg("certificate: %s [%s] %s", err.message, error_code(err.status), err.field);
	return c;
}

/* Computes a table; the caller releases. */
static struct stats_result compute(struct fixture *f, enum stats_table table,
				   const char *division)
{
	struct stats_result r;
	struct error err;
	error_clear(&err);
	if (stats_compute(f->reg, table, division, &r, &err) != ST_OK)
		fail_msg("stats: %s [%s]", err.message, error_code(err.status));
	return r;
}

static size_t column(const struct stats_result *r, const char *key)
{
	for (size_t c = 0; c < r->column_count; c++)
		if (strcmp(r->columns[c].key, key) == 0)
			return c;
	fail_msg("no column %s", key);
	return 0;
}

/* The value of `key` in the row with `code` (the total for "total"). */
static double value(const struct stats_result *r, const char *code, const char *key)
{
	size_t c = column(r, key);
	if (strcmp(code, "total") == 0)
		return stats_result_total(r)->values[c];
	for (size_t i = 0; i + 1 < r->row_count; i++)
		if (strcmp(r->rows[i].code, code) == 0)
			return r->rows[i].values[c];
	fail_msg("no row %s", code);
	return 0;
}

/* Every count column: the rows before the total add up to it. */
static void assert_rows_add_up(const struct stats_result *r)
{
	const struct stats_row *total = stats_result_total(r);
	for (size_t c = 0; c < r->column_count; c++) {
		if (r->columns[c].kind != STATS_COUNT)
			continue;
		double sum = 0;
		for (size_t i = 0; i + 1 < r->row_count; i++)
			sum += r->rows[i].values[c];
		if (sum != total->values[c])
			fail_msg("%s %s: rows %.0f, total %.0f", r->division, r->columns[c].key, sum,
				 total->values[c]);
	}
}

static void assert_summaries_match(struct fixture *f)
{
	size_t problems = 0;
	struct error err;
	error_clear(&err);
	assert_int_equal(store_stats_check(f->reg->store, NULL, NULL, &problems, &err), ST_OK);
	assert_int_equal(problems, 0);
}

static void test_age_groups_turn_on_the_birthday(void **state)
{
	(void)state;
	assert_int_equal(stats_age_group(0), 0);
	assert_int_equal(stats_age_group(14), 0);
	assert_int_equal(stats_age_group(15), 1);
	assert_int_equal(stats_age_group(17), 1);
	assert_int_equal(stats_age_group(18), 2);
	assert_int_equal(stats_age_group(29), 2);
	assert_int_equal(stats_age_group(30), 3);
	assert_int_equal(stats_age_group(49), 4);
	assert_int_equal(stats_age_group(50), 5);
	assert_int_equal(stats_age_group(59), 5);
	assert_int_equal(stats_age_group(60), 6);
	assert_int_equal(stats_age_group(99), 6);
	enum stats_table t;
	assert_true(stats_table_parse("casework", &t));
	assert_int_equal(t, STATS_CASEWORK);
	assert_false(stats_table_parse("people", &t));
}

/* Today 2026-11-29: persons born on and one day after each boundary's birthday. */
static void test_persons_by_age_sex_flow_and_management(void **state)
{
	struct fixture *f = *state;
	add_person(f, "20111129", true, "inflow", FUMIN, "");    /* 15 today: 15–17, woman */
	add_person(f, "20111130", true, "inflow", FUMIN, "");    /* 14: 0–14 */
	add_person(f, "19761130", true, "inflow", FUMIN, "");    /* 49: 40–49, woman */
	add_person(f, "19761129", true, "inflow", SHENGLI, "");  /* 50 today: 50–59 */
	add_person(f, "20081129", false, "inflow", SHENGLI, ""); /* 18 today: 18–29 */
	add_person(f, "20081130", false, "inflow", DAZHONG, ""); /* 17: 15–17 */
	add_person(f, "19661129", false, "outflow", DAZHONG, "2026-03-01"); /* 60: 60+ */
	struct person resident = add_person(f, "19900307", true, "inflow", DAZHONG, "");
	/* Taken into resident management: still counted, no longer floating. */
	char sql[128];
	snprintf(sql, sizeof sql, "UPDATE person SET management = 2 WHERE id = %lld",
		 (long long)resident.id);
	fixture_exec(f, sql);

	struct stats_result r = compute(f, STATS_PERSONS, "");
	assert_string_equal(r.division, "6202");
	assert_int_equal(r.row_count, 4);  /* three towns and the total */
	assert_string_equal(r.rows[0].code, "620201001");
	assert_true(value(&r, "total", "total") == 8);
	assert_true(value(&r, "total", "inflow") == 7);
	assert_true(value(&r, "total", "outflow") == 1);
	assert_true(value(&r, "total", "floating") == 7);
	assert_true(value(&r, "total", "resident") == 1);
	assert_true(value(&r, "total", "female") == 5);
	assert_true(value(&r, "total", "male") == 3);
	assert_true(value(&r, "total", "age_0_14") == 1);
	assert_true(value(&r, "total", "age_15_17") == 2);
	assert_true(value(&r, "total", "age_18_29") == 1);
	assert_true(value(&r, "total", "age_30_39") == 1);
	assert_true(value(&r, "total", "age_40_49") == 1);
	assert_true(value(&r, "total", "age_50_59") == 1);
	assert_true(value(&r, "total", "age_60_plus") == 1);
	assert_true(value(&r, "total", "women_15_49") == 3);
	assert_true(value(&r, "total", "women_15_49_floating") == 2);
	assert_true(value(&r, "620201001", "total") == 5);
	assert_true(value(&r, "620201002", "total") == 3);
	assert_true(value(&r, "620201002", "age_60_plus") == 1);
	assert_true(value(&r, "620201100", "total") == 0);
	assert_rows_add_up(&r);
	stats_result_release(&r);

	/* A town's communities. */
	r = compute(f, STATS_PERSONS, "620201001");
	assert_true(value(&r, FUMIN, "total") == 3);
	assert_true(value(&r, SHENGLI, "total") == 2);
	assert_true(value(&r, SHENGLI, "age_50_59") == 1);
	assert_true(value(&r, SHENGLI, "age_18_29") == 1);
	assert_rows_add_up(&r);
	stats_result_release(&r);

	/* The day before, the birthdays have not come yet. */
	f->reg->today = day("2026-11-28");
	r = compute(f, STATS_PERSONS, "");
	assert_true(value(&r, "total", "age_0_14") == 2);
	assert_true(value(&r, "total", "age_15_17") == 2);  /* 17 and the one turning 18 */
	assert_true(value(&r, "total", "age_18_29") == 0);
	assert_true(value(&r, "total", "age_40_49") == 2);
	assert_true(value(&r, "total", "age_50_59") == 1);  /* the one turning 60 */
	assert_true(value(&r, "total", "age_60_plus") == 0);
	assert_true(value(&r, "total", "women_15_49") == 3);  /* 49, 49 and 36 */
	stats_result_release(&r);

	/* A move takes the person and the counts to the other community. */
	snprintf(sql, sizeof sql, "UPDATE person SET residence_division = '%s' WHERE id = %lld",
		 FUMIN, (long long)resident.id);
	fixture_exec(f, sql);
	f->reg->today = day("2026-11-29");
	r = compute(f, STATS_PERSONS, "620201001");
	assert_true(value(&r, FUMIN, "total") == 4);
	assert_true(value(&r, FUMIN, "resident") == 1);
	stats_result_release(&r);
	assert_summaries_match(f);
}

static void test_holding_rate_and_temporary_certificates(void **state)
{
	struct fixture *f = *state;
	struct person standard = add_person(f, "19900101", true, "inflow", FUMIN, "2026-01-01");
	struct person ended = add_person(f, "19900102", true, "inflow", FUMIN, "2026-01-01");
	struct person last_day = add_person(f, "19900103", false, "inflow", FUMIN, "2026-01-01");
	add_person(f, "19900104", false, "inflow", SHENGLI, "2026-01-01");     /* none */
	struct person out = add_person(f, "19900105", true, "outflow", SHENGLI, "2026-02-01");
	struct person resident = add_person(f, "19900106", true, "inflow", DAZHONG, "2025-01-01");
	issue(f, standard.id, CERTIFICATE_EXTERNAL, "2026-02-01");
	issue(f, ended.id, CERTIFICATE_TEMPORARY, "2026-08-28");    /* last day 2026-11-28 */
	issue(f, last_day.id, CERTIFICATE_TEMPORARY, "2026-08-29"); /* last day 2026-11-29 */
	issue(f, out.id, CERTIFICATE_STANDARD, "2026-01-15");
	issue(f, resident.id, CERTIFICATE_EXTERNAL, "2026-03-01");
	char sql[128];
	snprintf(sql, sizeof sql, "UPDATE person SET management = 2 WHERE id = %lld",
		 (long long)resident.id);
	fixture_exec(f, sql);

	/* Required: the five floating ones; holding: standard, last_day, out. */
	struct stats_result r = compute(f, STATS_CERTIFICATES, "");
	assert_true(value(&r, "total", "required") == 5);
	assert_true(value(&r, "total", "holding") == 3);
	assert_true(fabs(value(&r, "total", "holding_rate") - 0.6) < 1e-9);
	assert_true(value(&r, "total", "required_inflow") == 4);
	assert_true(value(&r, "total", "holding_inflow") == 2);
	assert_true(value(&r, "total", "required_outflow") == 1);
	assert_true(value(&r, "total", "holding_outflow") == 1);
	assert_true(value(&r, "total", "standard_in_force") == 1);  /* the outflow one */
	assert_true(value(&r, "total", "external_in_force") == 2);  /* the resident's too */
	assert_true(value(&r, "total", "temporary_active") == 1);
	assert_true(value(&r, "total", "expired") == 1);
	assert_true(value(&r, "total", "temporary_overdue") == 1);
	assert_true(isnan(value(&r, "620201100", "holding_rate")));  /* nobody required */
	assert_true(value(&r, "620201002", "required") == 0);
	assert_rows_add_up(&r);
	stats_result_release(&r);

	/* A day later the last day has passed too. */
	f->reg->today = day("2026-11-30");
	r = compute(f, STATS_CERTIFICATES, FUMIN);
	assert_int_equal(r.row_count, 1);  /* a community: its total only */
	assert_true(value(&r, "total", "required") == 3);
	assert_true(value(&r, "total", "holding") == 1);
	assert_true(value(&r, "total", "temporary_overdue") == 2);
	assert_true(value(&r, "total", "temporary_active") == 0);
	stats_result_release(&r);

	/* A proper certificate for the one whose temporary one ran out. */
	f->reg->today = day("2026-11-29");
	issue(f, ended.id, CERTIFICATE_EXTERNAL, "2026-11-20");
	r = compute(f, STATS_CERTIFICATES, "620201001");
	assert_true(value(&r, FUMIN, "holding") == 3);
	assert_true(value(&r, FUMIN, "temporary_overdue") == 0);
	assert_true(value(&r, SHENGLI, "required") == 2);
	assert_true(value(&r, SHENGLI, "holding") == 1);
	assert_true(fabs(value(&r, "total", "holding_rate") - 0.8) < 1e-9);
	assert_rows_add_up(&r);
	stats_result_release(&r);

	/* Trends: certificates by issue month. */
	r = compute(f, STATS_TRENDS, "");
	assert_int_equal(r.row_count, STATS_TREND_MONTHS + 1);
	assert_string_equal(r.rows[0].code, "2025-12");
	assert_string_equal(r.rows[11].code, "2026-11");
	assert_true(value(&r, "2026-01", "standard_issued") == 1);
	assert_true(value(&r, "2026-02", "external_recorded") == 1);
	assert_true(value(&r, "2026-03", "external_recorded") == 1);
	assert_true(value(&r, "2026-08", "temporary_issued") == 2);
	assert_true(value(&r, "2026-11", "external_recorded") == 1);
	assert_true(value(&r, "2026-01", "inflow_arrived") == 4);
	assert_true(value(&r, "2026-02", "outflow_left") == 1);
	assert_true(value(&r, "total", "certificates_total") == 6);
	assert_true(value(&r, "total", "inflow_arrived") == 4);  /* 2025-01 is outside */
	stats_result_release(&r);
	assert_summaries_match(f);
}

/* Inserts a field report of `community`; a closed one (state 3) closed `hours` h 59 s later. */
static void add_report(struct fixture *f, const char *community, int state, long hours)
{
	char sql[768], closed[32];
	long long received = 1790000000LL;
	if (state == 3)
		snprintf(closed, sizeof closed, "%lld", received + hours * 3600 + 59);
	else
		snprintf(closed, sizeof closed, "NULL");
	snprintf(sql, sizeof sql,
		 "INSERT INTO field_report (kind, reporter_user_id, reporter_username, "
		 "reporter_role, community, office_division, description, state, outcome, "
		 "changed_records, received_at, verified_at, closed_at, version) VALUES (1, 1, "
		 "'fumin.warden', 'warden', '%s', '%.9s', '新住户入住', %d, '', '', %lld, NULL, "
		 "%s, 1)",
		 community, community, state, received, closed);
	fixture_exec(f, sql);
}

/* Inserts a complaint of `office` received 2026-10-20, closed `days` later when state 4. */
static void add_complaint(struct fixture *f, const char *code, const char *office,
			  const char *due_on, int state, int days)
{
	char sql[1024];
	/* 2026-10-20 00:00 in China is 2026-10-19 16:00 UTC: 1792425600. */
	long long updated = 1792425600LL + (long long)days * 86400 + 3600;
	snprintf(sql, sizeof sql,
		 "INSERT INTO complaint (code, channel, category, subject, content, "
		 "complainant_name, complainant_phone_sealed, respondent, office, received_on, "
		 "due_on, state, reply, outcome, reopened, reopen_reason, version, created_at, "
		 "updated_at) VALUES ('%s', 1, 2, '办证太慢', '办理婚育证明等了很久', '', NULL, '', "
		 "'%s', '2026-10-20', '%s', %d, '', '', 0, '', 1, 0, %lld)",
		 code, office, due_on, state, updated);
	fixture_exec(f, sql);
}

static void test_casework_counts_and_times(void **state)
{
	struct fixture *f = *state;
	struct person p = add_person(f, "19900101", true, "inflow", FUMIN, "2026-01-01");
	struct person q = add_person(f, "19900102", true, "inflow", DAZHONG, "2026-01-01");
	struct inquiry_request req;
	struct inquiry i;
	struct error err;
	memset(&req, 0, sizeof req);
	req.person_id = p.id;
	error_clear(&err);
	assert_int_equal(inquiry_create(f->reg, &req, "tester", &i, &err), ST_OK);  /* draft */
	assert_int_equal(inquiry_create(f->reg, &req, "tester", &i, &err), ST_OK);
	assert_int_equal(inquiry_send(f->reg, i.id, "", "tester", &i, &err), ST_OK);
	char sql[128];  /* sent long ago: overdue */
	snprintf(sql, sizeof sql, "UPDATE inquiry SET due_on = '2026-11-01' WHERE id = %lld",
		 (long long)i.id);
	fixture_exec(f, sql);
	req.person_id = q.id;
	req.send = true;
	assert_int_equal(inquiry_create(f->reg, &req, "tester", &i, &err), ST_OK);  /* due later */

	add_report(f, FUMIN, 1, 0);
	add_report(f, FUMIN, 3, 2);
	add_report(f, FUMIN, 3, 5);
	add_report(f, SHENGLI, 3, 10);
	add_report(f, DAZHONG, 2, 0);

	add_complaint(f, "AAAAAAAAAAA2", "620201001", "2026-11-16", 2, 0);  /* overdue */
	add_complaint(f, "AAAAAAAAAAA3", "620201001", "2026-11-29", 2, 0);  /* due today */
	add_complaint(f, "AAAAAAAAAAA4", "620201001", "2026-11-10", 4, 10);
	add_complaint(f, "AAAAAAAAAAA5", "620201002", "2026-11-10", 4, 20);
	add_complaint(f, "AAAAAAAAAAA6", "6202", "2026-11-01", 1, 0);       /* the city's own */

	struct stats_result r = compute(f, STATS_CASEWORK, "");
	assert_true(value(&r, "total", "inquiries_draft") == 1);
	assert_true(value(&r, "total", "inquiries_open") == 2);
	assert_true(value(&r, "total", "inquiries_overdue") == 1);
	assert_true(value(&r, "620201001", "inquiries_overdue") == 1);
	assert_true(value(&r, "620201002", "inquiries_open") == 1);
	assert_true(value(&r, "total", "reports_received") == 1);
	assert_true(value(&r, "total", "reports_verified") == 1);
	assert_true(value(&r, "total", "reports_closed") == 3);
	/* 2 h 59 s, 5 h 59 s, 10 h 59 s: mean 5.68 h, median of whole hours 5. */
	assert_true(fabs(value(&r, "total", "report_hours_mean") - (17.0 * 3600 + 177) / 3 / 3600) <
		    1e-9);
	assert_true(value(&r, "total", "report_hours_median") == 5);
	assert_true(value(&r, "620201001", "report_hours_median") == 5);  /* 2, 5, 10 */
	assert_true(value(&r, "total", "complaints_received") == 1);
	assert_true(value(&r, "total", "complaints_assigned") == 2);
	assert_true(value(&r, "total", "complaints_closed") == 2);
	assert_true(value(&r, "total", "complaints_overdue") == 2);
	assert_true(value(&r, "total", "complaint_days_mean") == 15);
	assert_true(value(&r, "total", "complaint_days_median") == 15);
	assert_true(value(&r, "620201001", "complaint_days_median") == 10);
	/* The city's own complaint is the own-office row, before the total. */
	const struct stats_row *own = &r.rows[r.row_count - 2];
	assert_int_equal(own->kind, STATS_ROW_OWN);
	assert_true(value(&r, "6202", "complaints_received") == 1);
	assert_true(value(&r, "6202", "inquiries_open") == 0);
	assert_rows_add_up(&r);
	stats_result_release(&r);

	/* Closing the open report moves it between states. */
	fixture_exec(f, "UPDATE field_report SET state = 3, closed_at = received_at + 7200 "
			"WHERE state = 1");
	r = compute(f, STATS_CASEWORK, "620201001");
	assert_true(value(&r, FUMIN, "reports_closed") == 3);
	assert_true(value(&r, FUMIN, "reports_received") == 0);
	assert_true(value(&r, "total", "report_hours_median") == 3.5);  /* 2, 2, 5, 10 */
	assert_rows_add_up(&r);
	stats_result_release(&r);
	assert_summaries_match(f);
}

static void test_check_finds_a_summary_that_does_not_match(void **state)
{
	struct fixture *f = *state;
	add_person(f, "19900101", true, "inflow", FUMIN, "");
	assert_summaries_match(f);
	fixture_exec(f, "UPDATE stats_person_year SET persons = persons + 1 WHERE level = 4");
	size_t problems = 0;
	struct error err;
	error_clear(&err);
	assert_int_equal(store_check(f->reg->store, NULL, NULL, &problems, &err), ST_INTEGRITY);
	assert_int_equal(problems, 1);
	error_clear(&err);
	assert_int_equal(store_stats_rebuild(f->reg->store, &err), ST_OK);
	assert_summaries_match(f);
}

static void test_a_division_outside_the_city_is_refused(void **state)
{
	struct fixture *f = *state;
	struct stats_result r;
	struct error err;
	error_clear(&err);
	assert_int_equal(stats_compute(f->reg, STATS_PERSONS, "410102", &r, &err),
			 ST_INVALID_DIVISION);
	assert_int_equal(stats_compute(f->reg, STATS_PERSONS, "620200", &r, &err), ST_OK);
	assert_string_equal(r.division, "6202");
	stats_result_release(&r);
	/* A county: its towns, and a total from them. */
	assert_int_equal(stats_compute(f->reg, STATS_PERSONS, "620201", &r, &err), ST_OK);
	assert_int_equal(r.row_count, 4);
	stats_result_release(&r);
}

#define T(name) cmocka_unit_test_setup_teardown(name, fixture_setup, fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_age_groups_turn_on_the_birthday),
		T(test_persons_by_age_sex_flow_and_management),
		T(test_holding_rate_and_temporary_certificates),
		T(test_casework_counts_and_times),
		T(test_check_finds_a_summary_that_does_not_match),
		T(test_a_division_outside_the_city_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
