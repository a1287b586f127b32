/*
 * test_certificate.c — the rules of certificates, contracts, inquiries and
 * transitions on a real database (fixture: today is 2026-11-29).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "fixture.h"
#include "domain/certificate.h"
#include "domain/inquiry.h"
#include "domain/transition.h"

static int sequence = 100;

static void set(struct person_value *v, size_t *n, enum person_field field, const char *text)
{
	v[*n].field = field;
	snprintf(v[*n].value, sizeof v[*n].value, "%s", text);
	(*n)++;
}

/* A registered person of 福民社区: inflow from Zhengzhou, or outflow. */
static struct person register_person(struct fixture *f, bool outflow, const char *marital,
				     const char *arrival)
{
	struct person_value v[PERSON_FIELD_COUNT];
	size_t n = 0;
	char id[19];
	fixture_id_number(outflow ? "620201" : "410102", "19900307", sequence++, id);
	set(v, &n, PERSON_ID_NUMBER, id);
	set(v, &n, PERSON_NAME, "张伟");
	set(v, &n, PERSON_FLOW, outflow ? "outflow" : "inflow");
	set(v, &n, PERSON_HUKOU_DIVISION, outflow ? "620201001001" : "410102");
	set(v, &n, PERSON_HUKOU_ADDRESS, "某路1号");
	set(v, &n, PERSON_RESIDENCE_DIVISION, "620201001001");
	set(v, &n, PERSON_RESIDENCE_ADDRESS, "嘉园小区3号楼");
	set(v, &n, PERSON_MARITAL_STATUS, marital);
	set(v, &n, PERSON_ARRIVAL_DATE, arrival);
	struct person p;
	struct error err;
	assert_int_equal(person_create(f->reg, v, n, "tester", &p, NULL, &err), ST_OK);
	return p;
}

static struct certificate issue(struct fixture *f, const struct person *p,
				enum certificate_kind kind, const char *issued_on,
				struct contract *contract)
{
	struct certificate_request req = {.kind = kind};
	struct certificate c;
	struct error err;
	snprintf(req.issued_on, sizeof req.issued_on, "%s", issued_on);
	snprintf(req.spouse_name, sizeof req.spouse_name, "李娜");
	enum status st = certificate_issue(f->reg, p->id, &req, "tester", &c, contract, &err);
	if (st != ST_OK)
		fail_msg("issue: %s %s", error_code(st), err.message);
	return c;
}

static void assert_temporary_ends(struct fixture *f, const char *issued, const char *until)
{
	struct person p = register_person(f, false, "10", "2024-01-01");
	struct contract contract;
	struct certificate c = issue(f, &p, CERTIFICATE_TEMPORARY, issued, &contract);
	assert_string_equal(c.valid_until, until);
	assert_string_equal(contract.deadline, until);
	assert_string_equal(contract.signed_on, issued);
}

static void test_temporary_certificates_run_three_calendar_months(void **state)
{
	struct fixture *f = *state;
	assert_temporary_ends(f, "2026-01-31", "2026-04-30");
	assert_temporary_ends(f, "2025-11-30", "2026-02-28");
	assert_temporary_ends(f, "2023-11-30", "2024-02-29"); /* leap year */
	assert_temporary_ends(f, "2023-11-29", "2024-02-29");
	assert_temporary_ends(f, "2026-08-31", "2026-11-30");
	assert_temporary_ends(f, "2026-11-29", "2027-02-28");
}

static void test_a_certificate_is_valid_through_its_last_day(void **state)
{
	(void)state;
	struct certificate c = {.state = CERTIFICATE_ISSUED};
	snprintf(c.valid_until, sizeof c.valid_until, "2026-11-29");
	struct date last = {2026, 11, 29}, after = {2026, 11, 30};
	assert_int_equal(certificate_state_on(&c, &last), CERTIFICATE_ISSUED);
	assert_true(certificate_is_valid_on(&c, &last));
	assert_int_equal(certificate_state_on(&c, &after), CERTIFICATE_EXPIRED);
	assert_false(certificate_is_valid_on(&c, &after));
	c.state = CERTIFICATE_REVOKED;
	assert_int_equal(certificate_state_on(&c, &after), CERTIFICATE_REVOKED);
	c.state = CERTIFICATE_DISTRIBUTED;
	c.valid_until[0] = '\0';
	struct date far = {9999, 12, 31};
	assert_true(certificate_is_valid_on(&c, &far));

	struct contract k = {.state = CONTRACT_ACTIVE};
	snprintf(k.deadline, sizeof k.deadline, "2026-11-29");
	assert_int_equal(contract_state_on(&k, &last), CONTRACT_ACTIVE);
	assert_int_equal(contract_state_on(&k, &after), CONTRACT_OVERDUE);
	k.state = CONTRACT_FULFILLED;
	assert_int_equal(contract_state_on(&k, &after), CONTRACT_FULFILLED);
}

static void test_numbers_are_the_town_the_year_and_a_sequence(void **state)
{
	struct fixture *f = *state;
	char number[CERTIFICATE_NUMBER_SIZE];
	certificate_number_format("620201001", 2026, 123, number, sizeof number);
	assert_string_equal(number, "620201001-2026-000123");
	assert_true(certificate_number_is_ours(number));
	assert_false(certificate_number_is_ours("620201001-2026-00012"));
	assert_false(certificate_number_is_ours("62020100X-2026-000123"));
	assert_false(certificate_number_is_ours("ZY410102-2026-0088"));

	struct person a = register_person(f, true, "10", "");
	struct person b = register_person(f, true, "10", "");
	struct certificate first = issue(f, &a, CERTIFICATE_STANDARD, "2025-03-01", NULL);
	struct certificate second = issue(f, &b, CERTIFICATE_STANDARD, "2025-03-02", NULL);
	assert_string_equal(first.issuer_division, "620201001");
	assert_memory_equal(first.number, "620201001-2025-", 15);
	assert_int_equal(strcmp(first.number, second.number) < 0, 1);
	assert_string_equal(first.issuer_name, "嘉峪关市雄关街道办事处");
	assert_string_equal(first.valid_until, ""); /* until revoked by default */
}

static void test_the_deployment_may_give_standard_certificates_a_validity(void **state)
{
	struct fixture *f = *state;
	struct error err;
	assert_int_equal(setting_set(f->reg, SETTING_CERTIFICATE_VALIDITY_MONTHS, "24", "tester", &err),
			 ST_OK);
	struct person p = register_person(f, true, "10", "");
	struct certificate c = issue(f, &p, CERTIFICATE_STANDARD, "2024-02-29", NULL);
	assert_string_equal(c.valid_until, "2026-02-28");
	assert_int_equal(setting_set(f->reg, SETTING_CERTIFICATE_VALIDITY_MONTHS, "121", "tester", &err),
			 ST_INVALID_INPUT);
	assert_int_equal(setting_set(f->reg, SETTING_CERTIFICATE_VALIDITY_MONTHS, "0", "tester", &err),
			 ST_OK);
}

static void test_kinds_follow_the_flow_and_one_valid_certificate_at_a_time(void **state)
{
	struct fixture *f = *state;
	struct person in = register_person(f, false, "10", "2024-01-01");
	struct person out = register_person(f, true, "10", "");
	struct person unknown = register_person(f, false, "", "2024-01-01");
	struct certificate_request req = {.kind = CERTIFICATE_STANDARD};
	struct certificate c;
	struct error err;
	assert_int_equal(certificate_issue(f->reg, in.id, &req, "t", &c, NULL, &err), ST_NOT_ALLOWED);
	req.kind = CERTIFICATE_TEMPORARY;
	assert_int_equal(certificate_issue(f->reg, out.id, &req, "t", &c, NULL, &err), ST_NOT_ALLOWED);
	assert_int_equal(certificate_issue(f->reg, unknown.id, &req, "t", &c, NULL, &err),
			 ST_NOT_ALLOWED);
	assert_string_equal(err.field, "marital_status");
	req.kind = CERTIFICATE_TRANSFER;
	assert_int_equal(certificate_issue(f->reg, out.id, &req, "t", &c, NULL, &err), ST_NOT_ALLOWED);
	issue(f, &in, CERTIFICATE_TEMPORARY, "", NULL);
	req.kind = CERTIFICATE_TEMPORARY;
	assert_int_equal(certificate_issue(f->reg, in.id, &req, "t", &c, NULL, &err), ST_NOT_ALLOWED);
}

static struct inquiry answered_inquiry(struct fixture *f, const struct person *p)
{
	struct inquiry_request req = {.person_id = p->id, .send = true};
	struct inquiry_answer answer = {.marital_status = "20", .reference = "函〔2026〕1号"};
	struct inquiry q;
	struct error err;
	assert_int_equal(inquiry_create(f->reg, &req, "t", &q, &err), ST_OK);
	assert_string_equal(q.due_on, "2026-12-29");
	assert_int_equal(inquiry_record_answer(f->reg, q.id, &answer, "t", &q, &err), ST_OK);
	return q;
}

static void test_inquiries_are_due_by_urgency_and_overdue_the_day_after(void **state)
{
	struct fixture *f = *state;
	struct person p = register_person(f, false, "20", "2024-01-01");
	struct inquiry_request req = {.person_id = p.id, .send = true};
	struct inquiry q;
	struct error err;
	snprintf(req.urgency, sizeof req.urgency, "urgent");
	assert_int_equal(inquiry_create(f->reg, &req, "t", &q, &err), ST_OK);
	assert_string_equal(q.sent_on, "2026-11-29");
	assert_string_equal(q.due_on, "2026-12-14");
	struct date due = {2026, 12, 14}, after = {2026, 12, 15};
	assert_int_equal(inquiry_state_on(&q, &due), INQUIRY_SENT);
	assert_int_equal(inquiry_state_on(&q, &after), INQUIRY_OVERDUE);
	snprintf(req.urgency, sizeof req.urgency, "soon");
	assert_int_equal(inquiry_create(f->reg, &req, "t", &q, &err), ST_INVALID_INPUT);
	assert_string_equal(err.field, "urgency");
}

/* The codes of the unmet conditions, joined by ','. */
static void unmet(const struct transition_check *check, char *buf, size_t size)
{
	buf[0] = '\0';
	for (size_t i = 0; i < check->count; i++)
		if (!check->items[i].met) {
			size_t len = strlen(buf);
			snprintf(buf + len, size - len, "%s%s", len ? "," : "", check->items[i].code);
		}
}

static void test_a_year_of_residence_counts_from_the_arrival_date(void **state)
{
	struct fixture *f = *state;
	struct transition_request req = {.kind = TRANSITION_RESIDENT_BY_STAY,
					 .fixed_residence = true, .intent_to_stay = true};
	struct transition_check check;
	struct error err;
	char codes[256];
	struct person exactly = register_person(f, false, "10", "2025-11-29");
	struct person short_by_a_day = register_person(f, false, "10", "2025-11-30");
	assert_int_equal(transition_check(f->reg, exactly.id, &req, &check, &err), ST_OK);
	unmet(&check, codes, sizeof codes);
	assert_string_equal(codes, "inquiry_answered,certificate_issued");
	assert_int_equal(transition_check(f->reg, short_by_a_day.id, &req, &check, &err), ST_OK);
	unmet(&check, codes, sizeof codes);
	assert_string_equal(codes, "one_year,inquiry_answered,certificate_issued");
}

static void test_a_refused_transition_changes_nothing_and_an_accepted_one_everything(void **state)
{
	struct fixture *f = *state;
	struct person p = register_person(f, true, "20", "");
	struct transition_request req = {.kind = TRANSITION_HANDOVER, .long_term_residence = true};
	struct transition t;
	struct certificate c;
	struct transition_check check;
	struct person after;
	struct error err;
	char codes[256];
	snprintf(req.destination_division, sizeof req.destination_division, "410102");
	long rows = fixture_count(f, "SELECT count(*) FROM certificate");
	assert_int_equal(transition_apply(f->reg, p.id, &req, "t", &t, &c, &check, &err),
			 ST_CONDITION_UNMET);
	unmet(&check, codes, sizeof codes);
	assert_string_equal(codes, "fixed_residence,spouse_name");
	assert_non_null(strstr(err.message, "固定住所"));
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM certificate"), rows);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM transition"), 0);

	req.fixed_residence = true;
	snprintf(req.spouse_name, sizeof req.spouse_name, "王丽华");
	assert_int_equal(transition_apply(f->reg, p.id, &req, "t", &t, &c, &check, &err), ST_OK);
	assert_int_equal(c.kind, CERTIFICATE_TRANSFER);
	assert_string_equal(c.destination_division, "410102");
	assert_int_equal(t.certificate_id, c.id);
	assert_int_equal(person_get(f->reg, p.id, &after, &err), ST_OK);
	assert_int_equal(after.management, MANAGEMENT_HANDED_OVER);
	assert_int_equal(after.version, p.version + 1);

	/* Management never changes by editing the record. */
	struct person_value v = {.field = PERSON_MANAGEMENT, .value = "floating"};
	assert_int_equal(person_update(f->reg, p.id, after.version, &v, 1, "t", &after, NULL, &err),
			 ST_NOT_ALLOWED);
}

static void test_resident_by_marriage_needs_a_local_spouse_and_this_persons_inquiry(void **state)
{
	struct fixture *f = *state;
	struct person p = register_person(f, false, "20", "2025-06-01");
	struct person other = register_person(f, false, "20", "2025-06-01");
	struct inquiry theirs = answered_inquiry(f, &other);
	struct transition_request req = {.kind = TRANSITION_RESIDENT_BY_MARRIAGE,
					 .long_term_residence = true, .fixed_residence = true,
					 .inquiry_id = theirs.id};
	struct transition_check check;
	struct error err;
	char codes[256];
	fixture_id_number("410102", "19880512", 221, req.spouse_id_number);
	assert_int_equal(transition_check(f->reg, p.id, &req, &check, &err), ST_OK);
	unmet(&check, codes, sizeof codes);
	assert_string_equal(codes, "spouse_local_hukou,inquiry_answered");
	fixture_id_number("620201", "19880512", 221, req.spouse_id_number);
	req.inquiry_id = answered_inquiry(f, &p).id;
	assert_int_equal(transition_check(f->reg, p.id, &req, &check, &err), ST_OK);
	assert_true(check.allowed);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_temporary_certificates_run_three_calendar_months,
						fixture_setup, fixture_teardown),
		cmocka_unit_test(test_a_certificate_is_valid_through_its_last_day),
		cmocka_unit_test_setup_teardown(test_numbers_are_the_town_the_year_and_a_sequence,
						fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_the_deployment_may_give_standard_certificates_a_validity,
						fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_kinds_follow_the_flow_and_one_valid_certificate_at_a_time,
						fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_inquiries_are_due_by_urgency_and_overdue_the_day_after,
						fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_a_year_of_residence_counts_from_the_arrival_date,
						fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_a_refused_transition_changes_nothing_and_an_accepted_one_everything,
						fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_resident_by_marriage_needs_a_local_spouse_and_this_persons_inquiry,
						fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
