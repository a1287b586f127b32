/*
 * test_assessment.c — the scoring rules of the year-end assessment
 * (src/domain/assessment.c): weights summing to 100, score bounds, the
 * weighted total and its rounding, the pass mark, the one-vote veto, the
 * measured share as points, and ranking with ties; against a database, the
 * certificate holding rate on the assessment day (src/store/assessment.c)
 * and the lock of a finalized assessment.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "domain/assessment.h"
#include "domain/certificate.h"

static struct agreement_item item(int weight, bool scored, int score)
{
	struct agreement_item it;
	memset(&it, 0, sizeof it);
	it.weight = weight;
	it.scored = scored;
	it.score = score;
	return it;
}

static void test_weights_must_sum_to_100(void **state)
{
	(void)state;
	struct error err;
	struct agreement_item ok[] = {item(40, false, 0), item(35, false, 0), item(25, false, 0)};
	struct agreement_item short_of[] = {item(40, false, 0), item(35, false, 0),
					    item(24, false, 0)};
	struct agreement_item over[] = {item(60, false, 0), item(41, false, 0)};
	struct agreement_item zero[] = {item(100, false, 0), item(0, false, 0)};
	struct agreement_item whole[] = {item(100, false, 0)};
	assert_int_equal(assessment_check_weights(ok, 3, &err), ST_OK);
	assert_int_equal(assessment_check_weights(whole, 1, &err), ST_OK);
	assert_int_equal(assessment_check_weights(short_of, 3, &err), ST_INVALID_INPUT);
	assert_string_equal(err.reason, "weights_not_100");
	assert_string_equal(err.field, "items.weight");
	assert_int_equal(assessment_check_weights(over, 2, &err), ST_INVALID_INPUT);
	assert_string_equal(err.reason, "weights_not_100");
	/* Every item weighs something: 100 + 0 is refused for the 0. */
	assert_int_equal(assessment_check_weights(zero, 2, &err), ST_INVALID_INPUT);
	assert_string_equal(err.reason, "");
	assert_int_equal(assessment_check_weights(ok, 0, &err), ST_MISSING_FIELD);
}

static void test_score_bounds(void **state)
{
	(void)state;
	assert_true(assessment_score_is_valid(0));
	assert_true(assessment_score_is_valid(10000));
	assert_true(assessment_score_is_valid(6667));
	assert_false(assessment_score_is_valid(-1));
	assert_false(assessment_score_is_valid(10001));
}

static void test_weighted_total_rounds_half_up(void **state)
{
	(void)state;
	/* 40 × 90 + 35 × 80 + 25 × 70 = 3600 + 2800 + 1750 = 8150 points% → 81.50 */
	struct agreement_item a[] = {item(40, true, 9000), item(35, true, 8000),
				     item(25, true, 7000)};
	assert_int_equal(assessment_weighted_total(a, 3), 8150);
	/* 33 × 66.67 + 67 × 50.01 = 2200.11 + 3350.67 = 55.5078 → 55.51 */
	struct agreement_item b[] = {item(33, true, 6667), item(67, true, 5001)};
	assert_int_equal(assessment_weighted_total(b, 2), 5551);
	/* 50 × 0.01 = 0.005 → 0.01 (half up) */
	struct agreement_item c[] = {item(50, true, 1), item(50, true, 0)};
	assert_int_equal(assessment_weighted_total(c, 2), 1);
	/* An unscored item counts nothing. */
	struct agreement_item d[] = {item(50, true, 10000), item(50, false, 10000)};
	assert_int_equal(assessment_weighted_total(d, 2), 5000);
	struct agreement_item full[] = {item(100, true, 10000)};
	assert_int_equal(assessment_weighted_total(full, 1), 10000);
}

static void test_pass_mark_and_veto(void **state)
{
	(void)state;
	assert_int_equal(ASSESSMENT_PASS_SCORE, 6000);
	assert_int_equal(assessment_result_of(6000, false), RESULT_PASS);
	assert_int_equal(assessment_result_of(5999, false), RESULT_FAIL);
	assert_int_equal(assessment_result_of(10000, false), RESULT_PASS);
	/* One-vote veto: fail whatever the score. */
	assert_int_equal(assessment_result_of(10000, true), RESULT_FAIL);
	assert_int_equal(assessment_result_of(0, true), RESULT_FAIL);
	assert_string_equal(assessment_result_name(RESULT_PASS), "pass");
	assert_string_equal(assessment_result_name(RESULT_FAIL), "fail");
}

static void test_measured_share_as_points(void **state)
{
	(void)state;
	assert_int_equal(assessment_share_score(2, 3), 6667);   /* 66.666… → 66.67 */
	assert_int_equal(assessment_share_score(1, 3), 3333);
	assert_int_equal(assessment_share_score(3, 3), 10000);
	assert_int_equal(assessment_share_score(0, 5), 0);
	assert_int_equal(assessment_share_score(1, 8), 1250);
	assert_int_equal(assessment_share_score(0, 0), 0);     /* nothing to measure */
}

static struct agreement ranked(int64_t id, const char *name, int total, bool veto)
{
	struct agreement a;
	memset(&a, 0, sizeof a);
	a.id = id;
	snprintf(a.party.name, sizeof a.party.name, "%s", name);
	a.total = total;
	a.veto = veto;
	return a;
}

static void test_ranking_ties_share_a_rank_and_vetoes_come_last(void **state)
{
	(void)state;
	struct agreement list[] = {
		ranked(1, "峪泉镇", 8000, false),
		ranked(2, "雄关街道", 9500, false),
		ranked(3, "钢城街道", 8000, false),
		ranked(4, "新城镇", 9900, true),  /* vetoed: last whatever the total */
		ranked(5, "文殊镇", 7000, false),
		ranked(6, "某镇", 9900, true),
	};
	struct assessment_rank rows[6];
	for (size_t i = 0; i < 6; i++)
		rows[i] = (struct assessment_rank){0, &list[i]};
	assessment_rank_sort(rows, 6);
	assert_int_equal(rows[0].agreement->id, 2);
	assert_int_equal(rows[0].rank, 1);
	/* 80.00 twice: both second, then fourth; the tie ordered by name. */
	assert_int_equal(rows[1].rank, 2);
	assert_int_equal(rows[2].rank, 2);
	assert_true(strcmp(rows[1].agreement->party.name, rows[2].agreement->party.name) < 0);
	assert_int_equal(rows[3].agreement->id, 5);
	assert_int_equal(rows[3].rank, 4);
	assert_true(rows[4].agreement->veto && rows[5].agreement->veto);
	assert_int_equal(rows[4].rank, 5);
	assert_int_equal(rows[5].rank, 5);
}

static void test_names_parse_both_ways(void **state)
{
	(void)state;
	enum assessment_party_kind k;
	enum assessment_measure m;
	enum award_kind a;
	assert_true(assessment_party_kind_parse("division", &k));
	assert_int_equal(k, PARTY_DIVISION);
	assert_false(assessment_party_kind_parse("town", &k));
	assert_true(assessment_measure_parse("certificate_holding_rate", &m));
	assert_int_equal(m, MEASURE_CERTIFICATE_HOLDING_RATE);
	assert_true(assessment_measure_parse("manual", &m));
	assert_int_equal(m, MEASURE_MANUAL);
	assert_false(assessment_measure_parse("", &m));
	assert_true(award_kind_parse("service", &a));
	assert_int_equal(a, AWARD_SERVICE);
	assert_string_equal(award_kind_label(AWARD_INNOVATION), "流动人口综合治理创新单项奖");
	assert_false(award_kind_parse("gold", &a));
}

/* --- against a database (today 2026-11-29) ----------------------------------- */

static int sequence = 300;

/* Registers a floating inflow person living in `community`. */
static struct person add_person(struct fixture *f, const char *community)
{
	char id[19];
	fixture_id_number("410102", "19910512", sequence++, id);
	struct person_value v[] = {
		{PERSON_ID_NUMBER, ""}, {PERSON_NAME, "王芳"}, {PERSON_FLOW, "inflow"},
		{PERSON_HUKOU_DIVISION, "410102"}, {PERSON_RESIDENCE_DIVISION, ""},
		{PERSON_MARITAL_STATUS, "10"}, {PERSON_ARRIVAL_DATE, "2026-01-10"},
	};
	snprintf(v[0].value, sizeof v[0].value, "%s", id);
	snprintf(v[4].value, sizeof v[4].value, "%s", community);
	struct person p;
	struct error err;
	error_clear(&err);
	if (person_create(f->reg, v, sizeof v / sizeof v[0], "tester", &p, NULL, &err) != ST_OK)
		fail_msg("person: %s [%s] %s", err.message, error_code(err.status), err.field);
	return p;
}

/* Issues a temporary certificate (three months) issued on `issued_on`. */
static struct certificate temporary(struct fixture *f, int64_t person_id, const char *issued_on)
{
	struct certificate_request req;
	struct certificate c;
	struct error err;
	memset(&req, 0, sizeof req);
	req.kind = CERTIFICATE_TEMPORARY;
	snprintf(req.issued_on, sizeof req.issued_on, "%s", issued_on);
	error_clear(&err);
	if (certificate_issue(f->reg, person_id, &req, "tester", &c, NULL, &err) != ST_OK)
		fail_msg("certificate: %s [%s] %s", err.message, error_code(err.status), err.field);
	return c;
}

/* An agreement of 2026 with 钢城街道 whose one item is the holding rate. */
static struct agreement *holding_rate_agreement(struct fixture *f)
{
	struct agreement_request req;
	struct error err;
	struct agreement *a = calloc(1, sizeof *a);
	assert_non_null(a);
	memset(&req, 0, sizeof req);
	req.year = 2026;
	snprintf(req.party_kind, sizeof req.party_kind, "division");
	snprintf(req.party_division, sizeof req.party_division, "620201002");
	snprintf(req.title, sizeof req.title, "目标管理责任书");
	req.item_count = 1;
	snprintf(req.items[0].description, sizeof req.items[0].description, "婚育证明持证率");
	req.items[0].weight = 100;
	snprintf(req.items[0].measure, sizeof req.items[0].measure, "certificate_holding_rate");
	error_clear(&err);
	if (agreement_create(f->reg, &req, a, &err) != ST_OK)
		fail_msg("agreement: %s [%s] %s", err.message, error_code(err.status), err.field);
	return a;
}

/* Scores the one measured item on `day` by its computed value. */
static enum status assess_on(struct fixture *f, struct agreement *a, const char *day,
			     struct error *err)
{
	struct assessment_request req;
	memset(&req, 0, sizeof req);
	snprintf(req.assessed_on, sizeof req.assessed_on, "%s", day);
	req.score_count = 1;
	req.scores[0].ordinal = 1;
	error_clear(err);
	return agreement_assess(f->reg, a, &req, "assessor", err);
}

/*
 * The holding rate counts a certificate in force on the assessment day:
 * issued or distributed, issued on or before the day, not past its last day.
 */
static void test_holding_rate_counts_certificates_in_force_on_the_day(void **state)
{
	struct fixture *f = *state;
	struct error err;
	struct person current = add_person(f, "620201002001");   /* issued 2026-11-01 */
	struct person lapsed = add_person(f, "620201002001");    /* issued 2026-06-01 */
	add_person(f, "620201002001");                            /* none */
	struct person later = add_person(f, "620201002001");     /* issued after the day */
	struct person outside = add_person(f, "620201001001");   /* 雄关街道 */
	temporary(f, current.id, "2026-11-01");
	temporary(f, lapsed.id, "2026-06-01");
	struct certificate c = temporary(f, later.id, "2026-11-20");
	temporary(f, outside.id, "2026-11-01");
	char sql[256];
	/* Recorded ahead of its day: not in force before it. */
	snprintf(sql, sizeof sql,
		 "UPDATE certificate SET issued_on = '2026-12-10', valid_until = '2027-03-09' "
		 "WHERE id = %lld", (long long)c.id);
	fixture_exec(f, sql);

	struct agreement *a = holding_rate_agreement(f);
	assert_int_equal(assess_on(f, a, "2026-11-29", &err), ST_OK);
	assert_true(a->items[0].measured);
	assert_int_equal(a->items[0].denominator, 4);
	assert_int_equal(a->items[0].numerator, 1);
	assert_int_equal(a->items[0].score, 2500);
	assert_int_equal(a->total, 2500);
	assert_int_equal(a->result, RESULT_FAIL);

	/* On 2026-07-15 the June certificate was in force, the November one not yet. */
	assert_int_equal(assess_on(f, a, "2026-07-15", &err), ST_OK);
	assert_int_equal(a->items[0].numerator, 1);
	assert_string_equal(a->assessed_on, "2026-07-15");
	/* On 2026-10-15 neither. */
	assert_int_equal(assess_on(f, a, "2026-10-15", &err), ST_OK);
	assert_int_equal(a->items[0].numerator, 0);
	assert_int_equal(a->items[0].score, 0);
	/* Before the agreement's year: refused. */
	assert_int_equal(assess_on(f, a, "2025-12-31", &err), ST_INVALID_DATE);
	free(a);
}

static void test_a_finalized_assessment_is_locked(void **state)
{
	struct fixture *f = *state;
	struct error err;
	struct agreement *a = holding_rate_agreement(f);
	error_clear(&err);
	assert_int_equal(agreement_finalize(f->reg, a, "assessor", &err), ST_INVALID_STATE);
	assert_string_equal(err.reason, "not_assessed");
	add_person(f, "620201002001");
	assert_int_equal(assess_on(f, a, "2026-11-29", &err), ST_OK);
	assert_int_equal(agreement_finalize(f->reg, a, "assessor", &err), ST_OK);
	assert_int_equal(a->state, AGREEMENT_FINALIZED);
	int64_t version = a->version;
	assert_int_equal(assess_on(f, a, "2026-11-29", &err), ST_INVALID_STATE);
	assert_string_equal(err.reason, "assessment_finalized");
	assert_int_equal(agreement_finalize(f->reg, a, "assessor", &err), ST_INVALID_STATE);
	struct agreement *stored = calloc(1, sizeof *stored);
	assert_non_null(stored);
	assert_int_equal(agreement_get(f->reg, a->id, stored, &err), ST_OK);
	assert_int_equal(stored->version, version);
	assert_int_equal(stored->state, AGREEMENT_FINALIZED);
	assert_string_equal(stored->finalized_by, "assessor");
	free(stored);
	free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_weights_must_sum_to_100),
		cmocka_unit_test(test_score_bounds),
		cmocka_unit_test(test_weighted_total_rounds_half_up),
		cmocka_unit_test(test_pass_mark_and_veto),
		cmocka_unit_test(test_measured_share_as_points),
		cmocka_unit_test(test_ranking_ties_share_a_rank_and_vetoes_come_last),
		cmocka_unit_test(test_names_parse_both_ways),
		cmocka_unit_test_setup_teardown(test_holding_rate_counts_certificates_in_force_on_the_day,
						fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_a_finalized_assessment_is_locked, fixture_setup,
						fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
