/*
 * test_audit.c — the audit trail (src/security/audit.c, src/store/audit.c):
 * the hash chain and what breaks it, writes joining transactions, the
 * group-commit queue, and search.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "fixture.h"
#include "security/audit.h"
#include "store/store.h"

static const struct principal officer = {
	.user_id = 7, .username = "zhangwei", .role = ROLE_TOWN_OFFICER, .scope = "620201001",
};

static void write_row(struct fixture *f, const char *action, const char *object,
		      const char *detail, int64_t at)
{
	struct audit_entry e;
	struct error err;
	audit_entry_init(&e, &officer, "192.0.2.10", action, object, "ok");
	snprintf(e.detail, sizeof e.detail, "%s", detail);
	if (at != 0)
		e.at = at;
	if (audit_write(f->ws.store, &e, &err) != ST_OK)
		fail_msg("audit write: %s", err.message);
	assert_true(e.id > 0);
}

static void write_rows(struct fixture *f, int count)
{
	for (int i = 1; i <= count; i++) {
		char object[32];
		snprintf(object, sizeof object, "person:%d", i);
		write_row(f, "person.read", object, "", 0);
	}
}

/* Runs verify: its status, and the first broken row in *broken. */
static enum status verify(struct fixture *f, int64_t *rows, int64_t *broken)
{
	struct error err;
	int64_t ignored;
	return audit_verify(f->ws.store, rows ? rows : &ignored, broken, &err);
}

static long audit_count(struct fixture *f)
{
	return fixture_count(f, "SELECT count(*) FROM audit");
}

static void test_chain_verifies_after_writes(void **state)
{
	struct fixture *f = *state;
	int64_t rows = -1, broken = -1;
	assert_int_equal(verify(f, &rows, &broken), ST_OK);
	assert_int_equal(rows, 0);
	write_rows(f, 25);
	assert_int_equal(verify(f, &rows, &broken), ST_OK);
	assert_int_equal(rows, 25);
	assert_int_equal(broken, 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit WHERE length(hash) = 32 "
					  "AND user_id = 7 AND role = 'town_officer'"),
			 25);
}

static void test_editing_any_field_breaks_the_chain_at_that_row(void **state)
{
	struct fixture *f = *state;
	static const char *const edits[][2] = {
		{"at = at + 1", "at = at - 1"},
		{"user_id = 8", "user_id = 7"},
		{"user_id = NULL", "user_id = 7"},
		{"username = 'lisi'", "username = 'zhangwei'"},
		{"role = 'admin'", "role = 'town_officer'"},
		{"address = '192.0.2.11'", "address = '192.0.2.10'"},
		{"action = 'person.update'", "action = 'person.read'"},
		{"object = 'person:99'", "object = 'person:4'"},
		{"outcome = 'denied'", "outcome = 'ok'"},
		{"detail = 'x'", "detail = ''"},
		{"hash = zeroblob(32)", NULL},
	};
	char sql[160];
	int64_t broken;
	write_rows(f, 6);
	for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
		snprintf(sql, sizeof sql, "UPDATE audit SET %s WHERE id = 4", edits[i][0]);
		fixture_exec(f, sql);
		if (verify(f, NULL, &broken) != ST_INTEGRITY || broken != 4)
			fail_msg("after %s: first broken row %lld", edits[i][0], (long long)broken);
		if (edits[i][1] == NULL)
			break;
		snprintf(sql, sizeof sql, "UPDATE audit SET %s WHERE id = 4", edits[i][1]);
		fixture_exec(f, sql);
		if (verify(f, NULL, &broken) != ST_OK)
			fail_msg("undoing %s did not restore the chain", edits[i][0]);
	}
}

static void test_deleting_a_row_breaks_the_chain_at_the_next(void **state)
{
	struct fixture *f = *state;
	int64_t rows, broken;
	struct error err;
	write_rows(f, 5);
	fixture_exec(f, "DELETE FROM audit WHERE id = 3");
	assert_int_equal(audit_verify(f->ws.store, &rows, &broken, &err), ST_INTEGRITY);
	assert_int_equal(broken, 4);
	assert_int_equal(err.related_id, 4);
	assert_non_null(strstr(err.message, "第 4 条"));
	assert_string_equal(error_code(err.status), "integrity_error");
}

static void test_a_forged_row_is_found(void **state)
{
	struct fixture *f = *state;
	int64_t broken;
	write_rows(f, 3);
	fixture_exec(f, "INSERT INTO audit (id, at, user_id, username, role, address, action, "
			"object, outcome, detail, hash) SELECT 4, at, user_id, username, role, "
			"address, action, object, outcome, detail, hash FROM audit WHERE id = 3");
	assert_int_equal(verify(f, NULL, &broken), ST_INTEGRITY);
	assert_int_equal(broken, 4);
	/* Rows written after a forgery chain onto it but do not mend it. */
	write_rows(f, 2);
	assert_int_equal(verify(f, NULL, &broken), ST_INTEGRITY);
	assert_int_equal(broken, 4);
}

static void test_text_too_long_to_have_been_written_is_a_break(void **state)
{
	struct fixture *f = *state;
	char detail[160];
	int64_t broken;
	memset(detail, 'd', sizeof detail - 1);
	detail[sizeof detail - 1] = '\0';
	write_row(f, "person.read", "person:1", detail, 0);
	write_row(f, "person.read", "person:2", "", 0);
	assert_int_equal(verify(f, NULL, &broken), ST_OK);
	/* Appending past the field's size must not hide behind truncation. */
	fixture_exec(f, "UPDATE audit SET detail = detail || 'forged' WHERE id = 1");
	assert_int_equal(verify(f, NULL, &broken), ST_INTEGRITY);
	assert_int_equal(broken, 1);
}

static void test_moving_text_between_fields_changes_the_bytes(void **state)
{
	(void)state;
	struct audit_entry a, b;
	unsigned char x[AUDIT_CANONICAL_MAX], y[AUDIT_CANONICAL_MAX];
	audit_entry_init(&a, NULL, "", "login", "user:ab", "failed");
	b = a;
	snprintf(b.object, sizeof b.object, "user:a");
	snprintf(b.outcome, sizeof b.outcome, "bfailed");
	size_t nx = audit_entry_serialize(&a, x, sizeof x);
	size_t ny = audit_entry_serialize(&b, y, sizeof y);
	assert_true(nx > 0);
	assert_int_equal(nx, ny);
	assert_memory_not_equal(x, y, nx);
	assert_int_equal(audit_entry_serialize(&a, x, 10), 0);
}

static void test_write_joins_the_callers_transaction(void **state)
{
	struct fixture *f = *state;
	struct error err;
	write_rows(f, 2);
	assert_int_equal(store_begin(f->ws.store, &err), ST_OK);
	write_rows(f, 3);
	store_rollback(f->ws.store);
	assert_int_equal(audit_count(f), 2);
	assert_int_equal(store_begin(f->ws.store, &err), ST_OK);
	write_rows(f, 3);
	assert_int_equal(store_commit(f->ws.store, &err), ST_OK);
	assert_int_equal(audit_count(f), 5);
	assert_int_equal(verify(f, NULL, &(int64_t){0}), ST_OK);
}

static void queue_rows(int count)
{
	struct audit_entry e;
	for (int i = 0; i < count; i++) {
		audit_entry_init(&e, &officer, "192.0.2.10", "person.read", "", "ok");
		snprintf(e.object, sizeof e.object, "person:%d", i + 1);
		audit_queue(&e);
	}
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

static void test_queue_flushes_within_about_100_ms(void **state)
{
	struct fixture *f = *state;
	struct error err;
	assert_int_equal(audit_queue_start(f->db_path, &err), ST_OK);
	assert_int_equal(audit_queue_start(f->db_path, &err), ST_OK); /* once is enough */
	queue_rows(3);
	long seen = 0;
	for (int waited = 0; waited < 1000 && seen < 3; waited += 10) {
		sleep_ms(10);
		seen = audit_count(f);
	}
	assert_int_equal(seen, 3);
	/* Written with the queue's own handle; the writer's chain continues. */
	write_rows(f, 1);
	queue_rows(2);
	sleep_ms(300);
	assert_int_equal(audit_count(f), 6);
	audit_queue_stop();
	assert_int_equal(verify(f, NULL, &(int64_t){0}), ST_OK);
}

static void test_queue_stop_writes_everything_queued(void **state)
{
	struct fixture *f = *state;
	struct error err;
	int64_t rows, broken;
	assert_int_equal(audit_queue_start(f->db_path, &err), ST_OK);
	queue_rows(1000);
	audit_queue_stop();
	assert_int_equal(audit_count(f), 1000);
	audit_queue_stop(); /* a second stop does nothing */
	assert_int_equal(verify(f, &rows, &broken), ST_OK);
	assert_int_equal(rows, 1000);
	/* Ordered as queued. */
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit WHERE object = 'person:' || id"),
			 1000);
}

static void test_full_queue_is_written_not_dropped(void **state)
{
	struct fixture *f = *state;
	struct error err;
	assert_int_equal(audit_queue_start(f->db_path, &err), ST_OK);
	queue_rows(70000); /* more than the queue holds */
	audit_queue_stop();
	assert_int_equal(audit_count(f), 70000);
	assert_int_equal(verify(f, NULL, &(int64_t){0}), ST_OK);
}

static void *queue_from_thread(void *arg)
{
	queue_rows(*(const int *)arg);
	return NULL;
}

static void test_queue_takes_rows_from_many_threads(void **state)
{
	struct fixture *f = *state;
	struct error err;
	pthread_t threads[4];
	const int per_thread = 20000; /* together more than the queue holds */
	assert_int_equal(audit_queue_start(f->db_path, &err), ST_OK);
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&threads[i], NULL, queue_from_thread,
						(void *)&per_thread),
				 0);
	for (int i = 0; i < 4; i++)
		pthread_join(threads[i], NULL);
	audit_queue_stop();
	assert_int_equal(audit_count(f), 4 * per_thread);
	assert_int_equal(verify(f, NULL, &(int64_t){0}), ST_OK);
}

struct found {
	int64_t ids[16];
	size_t count;
};

static bool collect(const struct audit_entry *e, void *ctx)
{
	struct found *found = ctx;
	if (found->count < 16)
		found->ids[found->count++] = e->id;
	return true;
}

static struct found search(struct fixture *f, const struct audit_filter *filter)
{
	struct found found = {{0}, 0};
	struct error err;
	if (audit_search(f->ws.store, filter, collect, &found, &err) != ST_OK)
		fail_msg("search: %s", err.message);
	return found;
}

static void test_search_filters_newest_first(void **state)
{
	struct fixture *f = *state;
	write_row(f, "person.read", "person:1", "", 1000);    /* 1 */
	write_row(f, "person.update", "person:1", "", 2000);  /* 2 */
	write_row(f, "person.read", "person:2", "", 3000);    /* 3 */
	write_row(f, "login", "user:zhangwei", "", 4000);     /* 4 */
	struct audit_entry e;
	struct error err;
	audit_entry_init(&e, NULL, "192.0.2.99", "login", "user:lisi", "failed");
	e.at = 5000;
	assert_int_equal(audit_write(f->ws.store, &e, &err), ST_OK); /* 5 */

	struct audit_filter filter = {.limit = 10};
	struct found r = search(f, &filter);
	assert_int_equal(r.count, 5);
	assert_int_equal(r.ids[0], 5);
	assert_int_equal(r.ids[4], 1);

	filter = (struct audit_filter){.object = "person:1", .limit = 10};
	r = search(f, &filter);
	assert_int_equal(r.count, 2);
	assert_int_equal(r.ids[0], 2);

	filter = (struct audit_filter){.action = "person.read", .limit = 10};
	r = search(f, &filter);
	assert_int_equal(r.count, 2);
	assert_int_equal(r.ids[0], 3);

	filter = (struct audit_filter){.user_id = 7, .limit = 10};
	assert_int_equal(search(f, &filter).count, 4);

	filter = (struct audit_filter){.from = 2000, .to = 4000, .limit = 10};
	r = search(f, &filter);
	assert_int_equal(r.count, 2); /* from inclusive, to exclusive */
	assert_int_equal(r.ids[0], 3);
	assert_int_equal(r.ids[1], 2);

	filter = (struct audit_filter){.before_id = 3, .limit = 1};
	r = search(f, &filter);
	assert_int_equal(r.count, 1);
	assert_int_equal(r.ids[0], 2);

	filter = (struct audit_filter){.action = "login", .object = "user:lisi", .limit = 10};
	r = search(f, &filter);
	assert_int_equal(r.count, 1);
	assert_int_equal(r.ids[0], 5);

	filter = (struct audit_filter){.object = "' OR 1=1 --", .limit = 10};
	assert_int_equal(search(f, &filter).count, 0);
}

static void test_search_limit_is_a_page_of_500_and_one_more(void **state)
{
	struct fixture *f = *state;
	struct found found = {{0}, 0};
	struct error err;
	struct audit_filter filter = {.limit = 0};
	assert_int_equal(audit_search(f->ws.store, &filter, collect, &found, &err),
			 ST_INVALID_INPUT);
	assert_string_equal(err.field, "limit");
	filter.limit = 502;
	assert_int_equal(audit_search(f->ws.store, &filter, collect, &found, &err),
			 ST_INVALID_INPUT);
	filter.limit = 501; /* the API's largest page and one more */
	assert_int_equal(audit_search(f->ws.store, &filter, collect, &found, &err), ST_OK);
}

#define T(name) cmocka_unit_test_setup_teardown(name, fixture_setup, fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_chain_verifies_after_writes),
		T(test_editing_any_field_breaks_the_chain_at_that_row),
		T(test_deleting_a_row_breaks_the_chain_at_the_next),
		T(test_a_forged_row_is_found),
		T(test_text_too_long_to_have_been_written_is_a_break),
		T(test_moving_text_between_fields_changes_the_bytes),
		T(test_write_joins_the_callers_transaction),
		T(test_queue_flushes_within_about_100_ms),
		T(test_queue_stop_writes_everything_queued),
		T(test_full_queue_is_written_not_dropped),
		T(test_queue_takes_rows_from_many_threads),
		T(test_search_filters_newest_first),
		T(test_search_limit_is_a_page_of_500_and_one_more),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
