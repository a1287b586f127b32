/*
 * test_notice.c — the rules of notices (src/domain/notice.c): whom one may
 * notify, which offices see a notice, acknowledging once, and that
 * notice_send joins a caller's transaction.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "domain/notice.h"
#include "fixture.h"

#define FUMIN "620201001001"
#define SHENGLI "620201001002"
#define XIONGGUAN "620201001"
#define DAZHONG "620201002001"
#define GANGCHENG "620201002"

/* Sends a notice from a police liaison of 雄关街道 to `codes`. */
static enum status send(struct fixture *f, const char *const *codes, size_t count,
			struct notice *out, struct error *err)
{
	struct notice_request req = {
		.sender = {.user_id = 7, .username = "xiongguan.police", .role = "police_liaison",
			   .division = XIONGGUAN},
		.recipients = codes,
		.recipient_count = count,
		.subject = "出租屋新入住人员",
		.body = "请上门登记并查验婚育证明。",
	};
	return notice_send(f->reg, &req, out, err);
}

/* Recipients are towns/streets or communities of the city, in canonical form. */
static void test_recipients_are_towns_or_communities_of_the_city(void **state)
{
	struct fixture *f = *state;
	char code[DIVISION_CODE_SIZE];
	struct error err;
	assert_int_equal(notice_check_recipient(f->reg, FUMIN, code, &err), ST_OK);
	assert_string_equal(code, FUMIN);
	assert_int_equal(notice_check_recipient(f->reg, "620201001000", code, &err), ST_OK);
	assert_string_equal(code, XIONGGUAN);
	const char *refused[] = {"6202", "620201", "62", "620102", "410102", "999999999", "", "abc"};
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		if (notice_check_recipient(f->reg, refused[i], code, &err) != ST_INVALID_DIVISION)
			fail_msg("recipient \"%s\" was not refused", refused[i]);
		assert_string_equal(err.field, "recipients");
	}
}

/* A town sees its own and its communities' notices; a community only its own. */
static void test_scope_rule(void **state)
{
	(void)state;
	assert_true(notice_recipient_in_scope("6202", FUMIN));
	assert_true(notice_recipient_in_scope("6202", XIONGGUAN));
	assert_true(notice_recipient_in_scope(XIONGGUAN, XIONGGUAN));
	assert_true(notice_recipient_in_scope(XIONGGUAN, FUMIN));
	assert_false(notice_recipient_in_scope(GANGCHENG, FUMIN));
	assert_true(notice_recipient_in_scope(FUMIN, FUMIN));
	assert_false(notice_recipient_in_scope(FUMIN, XIONGGUAN));
	assert_false(notice_recipient_in_scope(FUMIN, SHENGLI));
	assert_false(notice_recipient_in_scope("", FUMIN));
}

/* One to twenty recipients; a refusal writes nothing. */
static void test_send_refusals_write_nothing(void **state)
{
	struct fixture *f = *state;
	struct notice *n = test_malloc(sizeof *n);
	struct error err;
	const char *many[NOTICE_RECIPIENTS_MAX + 1];
	for (size_t i = 0; i <= NOTICE_RECIPIENTS_MAX; i++)
		many[i] = i % 2 ? FUMIN : DAZHONG;
	assert_int_equal(send(f, many, NOTICE_RECIPIENTS_MAX + 1, n, &err), ST_INVALID_INPUT);
	assert_string_equal(err.field, "recipients");
	assert_int_equal(send(f, many, 0, n, &err), ST_MISSING_FIELD);
	const char *county[] = {FUMIN, "620201"};
	assert_int_equal(send(f, county, 2, n, &err), ST_INVALID_DIVISION);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM notice"), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM notice_recipient"), 0);
	/* Twenty is the most; repeated codes count once. */
	assert_int_equal(send(f, many, NOTICE_RECIPIENTS_MAX, n, &err), ST_OK);
	assert_int_equal(n->recipient_count, 2);
	test_free(n);
}

/* Inboxes by scope, reading and acknowledging once per recipient. */
static void test_inbox_read_and_acknowledge(void **state)
{
	struct fixture *f = *state;
	struct notice *n = test_malloc(sizeof *n);
	struct notice *list = test_calloc(NOTICE_LIST_MAX, sizeof *list);
	struct error err;
	size_t count, marked;
	bool more;
	int64_t unread;
	const char *codes[] = {FUMIN, DAZHONG};
	assert_int_equal(send(f, codes, 2, n, &err), ST_OK);
	int64_t id = n->id;
	struct notice_query q = {.scope = XIONGGUAN, .unread_only = true, .limit = 10};
	assert_int_equal(notice_inbox(f->reg, &q, list, &count, &more, &unread, &err), ST_OK);
	assert_int_equal(count, 1);
	assert_int_equal(unread, 1);
	assert_int_equal(list[0].recipient_count, 1);
	assert_string_equal(list[0].recipients[0].division, FUMIN);
	assert_int_equal(notice_get(f->reg, id, SHENGLI, n, &err), ST_NOT_FOUND);
	assert_int_equal(notice_get(f->reg, id, GANGCHENG, n, &err), ST_OK);

	assert_int_equal(notice_mark_read(f->reg, id, FUMIN, n, &marked, &err), ST_OK);
	assert_int_equal(marked, 1);
	assert_true(n->recipients[0].read_at > 0);
	assert_int_equal(notice_inbox(f->reg, &q, list, &count, &more, &unread, &err), ST_OK);
	assert_int_equal(count, 0);
	assert_int_equal(unread, 0);
	memcpy(q.scope, DAZHONG, sizeof DAZHONG);
	assert_int_equal(notice_inbox(f->reg, &q, list, &count, &more, &unread, &err), ST_OK);
	assert_int_equal(unread, 1);

	assert_int_equal(notice_acknowledge(f->reg, id, FUMIN, "fumin.comm", n, &err), ST_OK);
	assert_string_equal(n->recipients[0].acknowledged_by, "fumin.comm");
	assert_int_equal(notice_acknowledge(f->reg, id, FUMIN, "fumin.comm", n, &err),
			 ST_INVALID_STATE);
	/* The town acknowledges what is left in its scope: nothing. */
	assert_int_equal(notice_acknowledge(f->reg, id, XIONGGUAN, "xiongguan.town", n, &err),
			 ST_INVALID_STATE);
	assert_int_equal(notice_acknowledge(f->reg, id, DAZHONG, "dazhong.comm", n, &err), ST_OK);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM notice_recipient "
					  "WHERE acknowledged_at IS NOT NULL AND read_at IS NOT NULL"),
			 2);
	test_free(list);
	test_free(n);
}

/* Inside a caller's transaction, a rollback takes the notice with it. */
static void test_send_joins_the_callers_transaction(void **state)
{
	struct fixture *f = *state;
	struct notice *n = test_malloc(sizeof *n);
	struct error err;
	const char *codes[] = {FUMIN};
	assert_int_equal(registry_begin(f->reg, &err), ST_OK);
	assert_int_equal(send(f, codes, 1, n, &err), ST_OK);
	registry_rollback(f->reg);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM notice"), 0);
	assert_int_equal(registry_begin(f->reg, &err), ST_OK);
	assert_int_equal(send(f, codes, 1, n, &err), ST_OK);
	assert_int_equal(registry_commit(f->reg, &err), ST_OK);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM notice"), 1);
	test_free(n);
}

#define T(name) cmocka_unit_test_setup_teardown(name, fixture_setup, fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_recipients_are_towns_or_communities_of_the_city),
		cmocka_unit_test(test_scope_rule),
		T(test_send_refusals_write_nothing),
		T(test_inbox_read_and_acknowledge),
		T(test_send_joins_the_callers_transaction),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
