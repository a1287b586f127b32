/*
 * test_auth.c — users, the password policy, logins with throttling and
 * lock, sessions and API tokens (src/security/auth.c) against a real
 * database.  Times are passed explicitly; T0 is 2026-11-29 08:00 UTC.
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
#include <time.h>

#include "core/embedded.h"
#include "fixture.h"
#include "security/audit.h"
#include "security/auth.h"
#include "store/store.h"

extern const struct embedded_file security_common_passwords[];

#define T0 INT64_C(1795939200)
#define PASSWORD "lanzhou noodles at dawn"
#define OTHER_PASSWORD "yellow river ferry 1958"
#define ADDRESS "192.0.2.10"

static void add_user(struct fixture *f, const char *username, enum role role, const char *scope)
{
	struct error err;
	int64_t id = 0;
	if (auth_user_add(f->ws.store, "tester", &f->ws.divisions, username, role, scope, PASSWORD, &id,
			  &err) != ST_OK)
		fail_msg("user add %s: %s [%s]", username, err.message, error_code(err.status));
	assert_true(id > 0);
}

static enum status login(struct fixture *f, const char *username, const char *password,
			 const char *address, int64_t now, struct login_result *out,
			 struct error *err)
{
	struct login_result ignored;
	error_clear(err);
	return auth_login(f->ws.store, username, password, address, now, out ? out : &ignored,
			  err);
}

static struct login_result login_ok(struct fixture *f, const char *username, int64_t now)
{
	struct login_result r;
	struct error err;
	if (login(f, username, PASSWORD, ADDRESS, now, &r, &err) != ST_OK)
		fail_msg("login %s: %s [%s]", username, err.message, error_code(err.status));
	return r;
}

static long audit_rows(struct fixture *f, const char *action, const char *outcome)
{
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit WHERE action = '%s' AND outcome = '%s'",
		 action, outcome);
	return fixture_count(f, sql);
}

static void assert_chain_intact(struct fixture *f)
{
	int64_t rows = 0, broken = 0;
	struct error err;
	assert_int_equal(audit_verify(f->ws.store, &rows, &broken, &err), ST_OK);
	assert_int_equal(broken, 0);
}

/* A string of `count` copies of the UTF-8 character `ch`. */
static char *repeat(const char *ch, size_t count)
{
	size_t len = strlen(ch);
	char *s = malloc(len * count + 1);
	for (size_t i = 0; i < count; i++)
		memcpy(s + i * len, ch, len);
	s[len * count] = '\0';
	return s;
}

/* --- password policy ------------------------------------------------------ */

static void test_password_length_is_counted_in_characters_not_bytes(void **state)
{
	(void)state;
	struct error err;
	static const struct {
		const char *ch;
		size_t count;
		enum status expected;
		const char *reason;
	} cases[] = {
		{"k", 11, ST_PASSWORD_REJECTED, "too_short"},
		{"k", 12, ST_OK, ""},
		{"流", 11, ST_PASSWORD_REJECTED, "too_short"}, /* 33 bytes, still too short */
		{"流", 12, ST_OK, ""},
		{"k", 128, ST_OK, ""},
		{"k", 129, ST_PASSWORD_REJECTED, "too_long"},
		{"流", 128, ST_OK, ""},                      /* 384 bytes */
		{"流", 129, ST_PASSWORD_REJECTED, "too_long"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *password = repeat(cases[i].ch, cases[i].count);
		error_clear(&err);
		enum status st = auth_password_acceptable(password, &err);
		if (st != cases[i].expected || strcmp(err.reason, cases[i].reason) != 0)
			fail_msg("%zu × %s: %s/%s", cases[i].count, cases[i].ch, error_code(st),
				 err.reason);
		if (st != ST_OK)
			assert_string_equal(err.field, "password");
		free(password);
	}
	assert_int_equal(auth_password_acceptable("12345678901", &err), ST_PASSWORD_REJECTED);
	assert_int_equal(auth_password_acceptable("correct horse", &err), ST_OK);
}

static void test_common_passwords_are_refused_whatever_their_case(void **state)
{
	(void)state;
	static const char *const common[] = {
		"woaini1314520", "1qaz2wsx3edc", "QWERTYUIOP12", "Password1234",
		"zhangwei123456", "111111111111", "123456789012", "1Q2W3E4R5T6Y",
		"19900101abcd",
	};
	struct error err;
	for (size_t i = 0; i < sizeof common / sizeof common[0]; i++) {
		error_clear(&err);
		if (auth_password_acceptable(common[i], &err) != ST_PASSWORD_REJECTED)
			fail_msg("%s was accepted", common[i]);
		assert_string_equal(err.reason, "common");
	}
	assert_int_equal(auth_password_acceptable("woaini1314520 but longer", &err), ST_OK);
}

static void test_shipped_list_has_300_entries_of_12_or_more_characters(void **state)
{
	(void)state;
	const struct embedded_file *list = &security_common_passwords[0];
	assert_non_null(list->name);
	const char *line = (const char *)list->data, *end = line + list->size;
	size_t entries = 0;
	while (line < end) {
		const char *newline = memchr(line, '\n', (size_t)(end - line));
		size_t len = (size_t)((newline ? newline : end) - line);
		if (len > 0 && line[0] != '#') {
			if (len < AUTH_PASSWORD_MIN_CHARS)
				fail_msg("entry shorter than 12: %.*s", (int)len, line);
			entries++;
		}
		line += len + 1;
	}
	assert_true(entries >= 300);
}

static void test_control_characters_and_broken_utf8_are_refused(void **state)
{
	(void)state;
	struct error err;
	assert_int_equal(auth_password_acceptable("tab\tinside password", &err),
			 ST_PASSWORD_REJECTED);
	assert_string_equal(err.reason, "bad_character");
	assert_int_equal(auth_password_acceptable("broken \xE6\xB5 utf-8 here", &err),
			 ST_PASSWORD_REJECTED);
	assert_int_equal(auth_password_acceptable(NULL, &err), ST_PASSWORD_REJECTED);
}

/* --- users ---------------------------------------------------------------- */

static void test_user_add_checks_username_role_and_scope(void **state)
{
	struct fixture *f = *state;
	struct store *s = f->ws.store;
	const struct division_table *d = &f->ws.divisions;
	struct error err;
	int64_t id;
	static const char *const bad_names[] = {
		"ab", "Zhang", "zhang wei", "张伟", "a/b", "abcdefghijabcdefghijabcdefghijabc", "",
	};
	for (size_t i = 0; i < sizeof bad_names / sizeof bad_names[0]; i++) {
		assert_int_equal(auth_user_add(s, "tester", d, bad_names[i], ROLE_ADMIN, "6202", PASSWORD, &id,
					       &err),
				 ST_INVALID_INPUT);
		assert_string_equal(err.field, "username");
	}
	assert_int_equal(auth_user_add(s, "tester", d, "nobody", ROLE_NONE, "6202", PASSWORD, &id, &err),
			 ST_INVALID_INPUT);
	assert_string_equal(err.field, "role");
	assert_int_equal(auth_user_add(s, "tester", d, "nowhere", ROLE_ADMIN, "999999", PASSWORD, &id, &err),
			 ST_INVALID_DIVISION);
	assert_string_equal(err.field, "scope");
	/* The scope's level must fit the role. */
	assert_int_equal(auth_user_add(s, "tester", d, "town", ROLE_TOWN_OFFICER, "620201001001", PASSWORD,
				       &id, &err),
			 ST_INVALID_DIVISION);
	assert_int_equal(auth_user_add(s, "tester", d, "root", ROLE_ADMIN, "620201001", PASSWORD, &id, &err),
			 ST_INVALID_DIVISION);
	/* Another city is no scope for this database. */
	assert_int_equal(auth_user_add(s, "tester", d, "zhengzhou", ROLE_CITY_OFFICER, "4101", PASSWORD, &id,
				       &err),
			 ST_INVALID_DIVISION);
	assert_int_equal(auth_user_add(s, "tester", d, "weak", ROLE_ADMIN, "6202", "password1234", &id, &err),
			 ST_PASSWORD_REJECTED);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM user_account"), 0);

	/* A padded code is kept at its significant length. */
	add_user(f, "xiongguan.officer", ROLE_TOWN_OFFICER, "620201001000");
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM user_account WHERE "
					  "scope = '620201001' AND role = 'town_officer'"),
			 1);
	assert_int_equal(auth_user_add(s, "tester", d, "xiongguan.officer", ROLE_TOWN_OFFICER, "620201001",
				       PASSWORD, &id, &err),
			 ST_DUPLICATE_USER);
	assert_int_equal(audit_rows(f, "user.add", "ok"), 1);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit WHERE action = 'user.add' "
					  "AND username = 'tester' AND object = 'user:xiongguan.officer'"),
			 1);
}

struct listed {
	struct user_info users[4];
	size_t count;
};

static bool collect_user(const struct user_info *u, void *ctx)
{
	struct listed *l = ctx;
	if (l->count < 4)
		l->users[l->count++] = *u;
	return true;
}

static void test_user_list_is_in_username_order_without_hashes(void **state)
{
	struct fixture *f = *state;
	struct listed l = {0};
	struct error err;
	add_user(f, "wangfang", ROLE_COMMUNITY_OFFICER, "620201001001");
	add_user(f, "admin", ROLE_ADMIN, "620200");
	assert_int_equal(auth_user_list(f->ws.store, collect_user, &l, &err), ST_OK);
	assert_int_equal(l.count, 2);
	assert_string_equal(l.users[0].username, "admin");
	assert_int_equal(l.users[0].role, ROLE_ADMIN);
	assert_string_equal(l.users[0].scope, "6202");
	assert_string_equal(l.users[1].username, "wangfang");
	assert_false(l.users[1].locked);
	assert_false(l.users[1].disabled);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM user_account "
					  "WHERE password_hash LIKE '$argon2id$%'"),
			 2);
}

/* --- login ---------------------------------------------------------------- */

static void test_login_opens_a_session_for_the_principal(void **state)
{
	struct fixture *f = *state;
	add_user(f, "zhangwei", ROLE_TOWN_OFFICER, "620201001");
	struct login_result r = login_ok(f, "zhangwei", T0);
	assert_string_equal(r.who.username, "zhangwei");
	assert_int_equal(r.who.role, ROLE_TOWN_OFFICER);
	assert_string_equal(r.who.scope, "620201001");
	assert_true(r.who.session_id > 0);
	assert_int_equal(strlen(r.session_token), 43);
	assert_int_equal(strlen(r.who.csrf_token), 43);
	assert_string_not_equal(r.session_token, r.who.csrf_token);
	assert_int_equal(r.expires_at, T0 + AUTH_SESSION_MAX_SECONDS);

	struct principal who;
	struct error err;
	assert_int_equal(auth_session(f->ws.store, r.session_token, T0 + 5, &who, &err), ST_OK);
	assert_int_equal(who.user_id, r.who.user_id);
	assert_int_equal(who.session_id, r.who.session_id);
	assert_string_equal(who.csrf_token, r.who.csrf_token);
	assert_int_equal(who.role, ROLE_TOWN_OFFICER);
	assert_int_equal(audit_rows(f, "login", "ok"), 1);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit WHERE action = 'login' "
					  "AND username = 'zhangwei' AND role = 'town_officer' "
					  "AND address = '" ADDRESS "' AND object = 'user:zhangwei'"),
			 1);
	assert_chain_intact(f);
}

static void test_wrong_password_and_unknown_user_get_the_same_answer(void **state)
{
	struct fixture *f = *state;
	struct error wrong, unknown;
	add_user(f, "zhangwei", ROLE_TOWN_OFFICER, "620201001");
	assert_int_equal(login(f, "zhangwei", "not the password", ADDRESS, T0, NULL, &wrong),
			 ST_LOGIN_FAILED);
	assert_int_equal(login(f, "lisi", "not the password", "192.0.2.11", T0, NULL, &unknown),
			 ST_LOGIN_FAILED);
	assert_string_equal(wrong.message, unknown.message);
	assert_string_equal(wrong.field, unknown.field);
	/* Failed logins are audited with the name tried, never the password. */
	assert_int_equal(audit_rows(f, "login", "failed"), 2);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit WHERE outcome = 'failed' "
					  "AND detail LIKE '%username=lisi%' AND user_id IS NULL"),
			 1);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit WHERE "
					  "instr(username || role || address || action || object "
					  "|| outcome || detail, 'not the password') > 0"),
			 0);
	assert_chain_intact(f);
}

static double seconds_of(struct fixture *f, const char *username, const char *address)
{
	struct timespec a, b;
	struct error err;
	clock_gettime(CLOCK_MONOTONIC, &a);
	assert_int_equal(login(f, username, "not the password", address, T0, NULL, &err),
			 ST_LOGIN_FAILED);
	clock_gettime(CLOCK_MONOTONIC, &b);
	return (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
}

static void test_unknown_user_takes_as_long_as_a_wrong_password(void **state)
{
	struct fixture *f = *state;
	add_user(f, "zhangwei", ROLE_TOWN_OFFICER, "620201001");
	double known = 0, unknown = 0;
	for (int i = 0; i < 2; i++) { /* two each: stays below the throttling threshold */
		char address[32];
		snprintf(address, sizeof address, "198.51.100.%d", i);
		known += seconds_of(f, "zhangwei", address);
		unknown += seconds_of(f, "nosuchuser", address);
	}
	/* Both are dominated by one argon2id verification. */
	if (unknown < known * 0.5 || unknown > known * 2.0)
		fail_msg("wrong password %.3f s, unknown user %.3f s", known, unknown);
}

static void test_throttling_delay_doubles_after_three_failures(void **state)
{
	struct fixture *f = *state;
	struct error err;
	add_user(f, "zhangwei", ROLE_TOWN_OFFICER, "620201001");
	/* Each from a new address: only the account's counter matters here. */
	int64_t now = T0;
	char address[32];
	for (int n = 0; n < 3; n++) {
		snprintf(address, sizeof address, "203.0.113.%d", n);
		assert_int_equal(login(f, "zhangwei", "guess", address, now, NULL, &err),
				 ST_LOGIN_FAILED);
	}
	for (int n = 3; n < 7; n++) {
		int64_t delay = INT64_C(1) << (n - 3); /* 1, 2, 4, 8 s */
		snprintf(address, sizeof address, "203.0.113.%d", n);
		/* Too early: not even checked, even with the right password. */
		assert_int_equal(login(f, "zhangwei", PASSWORD, address, now + delay - 1, NULL,
				       &err),
				 ST_LOGIN_THROTTLED);
		assert_int_equal(err.related_id, 1);
		assert_int_equal(login(f, "zhangwei", PASSWORD, address, now, NULL, &err),
				 ST_LOGIN_THROTTLED);
		assert_int_equal(err.related_id, delay);
		now += delay;
		assert_int_equal(login(f, "zhangwei", "guess", address, now, NULL, &err),
				 ST_LOGIN_FAILED);
	}
	assert_int_equal(audit_rows(f, "login", "throttled"), 8);
	assert_int_equal(audit_rows(f, "login", "failed"), 7);
	/* Throttled attempts are not failures. */
	assert_int_equal(fixture_count(f, "SELECT failed_logins FROM user_account"), 7);
	assert_chain_intact(f);
}

static void test_unknown_names_are_throttled_per_address(void **state)
{
	struct fixture *f = *state;
	struct error err;
	static const char *const names[] = {"root", "administrator", "test"};
	for (int n = 0; n < 3; n++)
		assert_int_equal(login(f, names[n], "guess", ADDRESS, T0, NULL, &err),
				 ST_LOGIN_FAILED);
	assert_int_equal(login(f, "oracle", "guess", ADDRESS, T0, NULL, &err),
			 ST_LOGIN_THROTTLED);
	assert_int_equal(err.related_id, 1);
	assert_int_equal(login(f, "oracle", "guess", "192.0.2.99", T0, NULL, &err),
			 ST_LOGIN_FAILED);
	assert_int_equal(login(f, "oracle", "guess", ADDRESS, T0 + 1, NULL, &err),
			 ST_LOGIN_FAILED);
	assert_int_equal(login(f, "oracle", "guess", ADDRESS, T0 + 2, NULL, &err),
			 ST_LOGIN_THROTTLED);
	assert_int_equal(err.related_id, 1);
}

static void test_success_resets_both_counters(void **state)
{
	struct fixture *f = *state;
	struct error err;
	add_user(f, "zhangwei", ROLE_TOWN_OFFICER, "620201001");
	for (int n = 0; n < 2; n++)
		assert_int_equal(login(f, "zhangwei", "guess", ADDRESS, T0, NULL, &err),
				 ST_LOGIN_FAILED);
	login_ok(f, "zhangwei", T0);
	assert_int_equal(fixture_count(f, "SELECT failed_logins FROM user_account"), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM login_address"), 0);
	for (int n = 0; n < 3; n++)
		assert_int_equal(login(f, "zhangwei", "guess", ADDRESS, T0, NULL, &err),
				 ST_LOGIN_FAILED);
	assert_int_equal(login(f, "zhangwei", "guess", ADDRESS, T0, NULL, &err),
			 ST_LOGIN_THROTTLED);
}

/* Fails `count` times in a row, each as soon as the delays allow; returns the time. */
static int64_t fail_in_a_row(struct fixture *f, const char *username, int count, int64_t now,
			     enum status *last)
{
	struct error err;
	for (int n = 0; n < count; n++) {
		if (n >= 3)
			now += INT64_C(1) << (n - 3);
		*last = login(f, username, "guess", ADDRESS, now, NULL, &err);
		if (n < count - 1)
			assert_int_equal(*last, ST_LOGIN_FAILED);
	}
	return now;
}

static void test_tenth_failure_locks_until_an_admin_unlocks(void **state)
{
	struct fixture *f = *state;
	struct error err;
	enum status last;
	add_user(f, "zhangwei", ROLE_TOWN_OFFICER, "620201001");
	int64_t now = fail_in_a_row(f, "zhangwei", AUTH_LOCK_AFTER_FAILURES, T0, &last);
	assert_int_equal(last, ST_ACCOUNT_LOCKED);
	assert_int_equal(fixture_count(f, "SELECT locked FROM user_account"), 1);
	/* The right password does not open a locked account, however long one waits. */
	now += 3600;
	assert_int_equal(login(f, "zhangwei", PASSWORD, "192.0.2.200", now, NULL, &err),
			 ST_ACCOUNT_LOCKED);
	assert_int_equal(audit_rows(f, "login", "locked"), 1);

	assert_int_equal(auth_user_unlock(f->ws.store, "tester", "zhangwei", &err), ST_OK);
	assert_int_equal(audit_rows(f, "user.unlock", "ok"), 1);
	login_ok(f, "zhangwei", now + 600);
	assert_int_equal(auth_user_unlock(f->ws.store, "tester", "nobody", &err), ST_NOT_FOUND);
	assert_chain_intact(f);
}

static void test_reset_password_unlocks_and_ends_sessions(void **state)
{
	struct fixture *f = *state;
	struct error err;
	struct principal who;
	enum status last;
	add_user(f, "zhangwei", ROLE_TOWN_OFFICER, "620201001");
	struct login_result r = login_ok(f, "zhangwei", T0);
	int64_t now = fail_in_a_row(f, "zhangwei", AUTH_LOCK_AFTER_FAILURES, T0 + 10, &last);
	assert_int_equal(last, ST_ACCOUNT_LOCKED);
	assert_int_equal(auth_user_reset_password(f->ws.store, "tester", "zhangwei", "short", &err),
			 ST_PASSWORD_REJECTED);
	assert_int_equal(auth_user_reset_password(f->ws.store, "tester", "zhangwei", OTHER_PASSWORD, &err),
			 ST_OK);
	assert_int_equal(auth_session(f->ws.store, r.session_token, now, &who, &err),
			 ST_UNAUTHENTICATED);
	now += 600;
	assert_int_equal(login(f, "zhangwei", PASSWORD, "192.0.2.60", now, NULL, &err),
			 ST_LOGIN_FAILED);
	assert_int_equal(login(f, "zhangwei", OTHER_PASSWORD, "192.0.2.61", now, NULL, &err),
			 ST_OK);
	assert_int_equal(audit_rows(f, "user.reset_password", "ok"), 1);
}

static void test_disabled_user_cannot_log_in_and_loses_sessions(void **state)
{
	struct fixture *f = *state;
	struct error err;
	struct principal who;
	add_user(f, "zhangwei", ROLE_TOWN_OFFICER, "620201001");
	struct login_result r = login_ok(f, "zhangwei", T0);
	assert_int_equal(auth_user_disable(f->ws.store, "tester", "zhangwei", &err), ST_OK);
	assert_int_equal(auth_session(f->ws.store, r.session_token, T0 + 1, &who, &err),
			 ST_UNAUTHENTICATED);
	assert_int_equal(login(f, "zhangwei", PASSWORD, ADDRESS, T0 + 2, NULL, &err),
			 ST_ACCOUNT_LOCKED);
	assert_int_equal(audit_rows(f, "login", "disabled"), 1);
	assert_int_equal(audit_rows(f, "user.disable", "ok"), 1);
	assert_int_equal(auth_user_disable(f->ws.store, "tester", "nobody", &err), ST_NOT_FOUND);
}

/* --- sessions ------------------------------------------------------------- */

static void test_session_ends_after_thirty_idle_minutes(void **state)
{
	struct fixture *f = *state;
	struct principal who;
	struct error err;
	add_user(f, "zhangwei", ROLE_TOWN_OFFICER, "620201001");
	struct login_result r = login_ok(f, "zhangwei", T0);
	struct store *s = f->ws.store;
	/* Activity is recorded at most once a minute. */
	assert_int_equal(auth_session(s, r.session_token, T0 + 30, &who, &err), ST_OK);
	assert_int_equal(fixture_count(f, "SELECT last_seen_at - created_at FROM session"), 0);
	assert_int_equal(auth_session(s, r.session_token, T0 + 1799, &who, &err), ST_OK);
	assert_int_equal(fixture_count(f, "SELECT last_seen_at - created_at FROM session"), 1799);
	assert_int_equal(auth_session(s, r.session_token, T0 + 1799 + 1799, &who, &err), ST_OK);
	int64_t seen = T0 + 1799 + 1799;
	assert_int_equal(auth_session(s, r.session_token, seen + AUTH_SESSION_IDLE_SECONDS, &who,
				      &err),
			 ST_UNAUTHENTICATED);
	assert_string_equal(error_code(err.status), "unauthenticated");
}

static void test_session_ends_twelve_hours_after_login_however_active(void **state)
{
	struct fixture *f = *state;
	struct principal who;
	struct error err;
	add_user(f, "zhangwei", ROLE_TOWN_OFFICER, "620201001");
	struct login_result r = login_ok(f, "zhangwei", T0);
	int64_t now;
	for (now = T0; now < T0 + AUTH_SESSION_MAX_SECONDS; now += 20 * 60)
		assert_int_equal(auth_session(f->ws.store, r.session_token, now, &who, &err), ST_OK);
	assert_int_equal(auth_session(f->ws.store, r.session_token, r.expires_at - 1, &who, &err),
			 ST_OK);
	assert_int_equal(auth_session(f->ws.store, r.session_token, r.expires_at, &who, &err),
			 ST_UNAUTHENTICATED);
}

static void test_unknown_or_malformed_session_tokens_are_refused(void **state)
{
	struct fixture *f = *state;
	struct principal who;
	struct error err;
	static const char *const tokens[] = {
		"", "x", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
		"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
	};
	for (size_t i = 0; i < sizeof tokens / sizeof tokens[0]; i++)
		assert_int_equal(auth_session(f->ws.store, tokens[i], T0, &who, &err),
				 ST_UNAUTHENTICATED);
	assert_int_equal(auth_session(f->ws.store, NULL, T0, &who, &err), ST_UNAUTHENTICATED);
}

static void test_logout_ends_the_session(void **state)
{
	struct fixture *f = *state;
	struct principal who;
	struct error err;
	add_user(f, "zhangwei", ROLE_TOWN_OFFICER, "620201001");
	struct login_result r = login_ok(f, "zhangwei", T0);
	struct login_result other = login_ok(f, "zhangwei", T0 + 1);
	assert_int_equal(auth_session(f->ws.store, r.session_token, T0 + 2, &who, &err), ST_OK);
	assert_int_equal(auth_logout(f->ws.store, &who, ADDRESS, T0 + 3, &err), ST_OK);
	assert_int_equal(auth_session(f->ws.store, r.session_token, T0 + 4, &who, &err),
			 ST_UNAUTHENTICATED);
	assert_int_equal(auth_session(f->ws.store, other.session_token, T0 + 4, &who, &err), ST_OK);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM session WHERE ended_at IS NOT NULL"),
			 1);
	assert_int_equal(audit_rows(f, "logout", "ok"), 1);
}

static void test_password_change_ends_the_other_sessions(void **state)
{
	struct fixture *f = *state;
	struct principal who, check;
	struct error err;
	struct store *s = f->ws.store;
	add_user(f, "zhangwei", ROLE_TOWN_OFFICER, "620201001");
	struct login_result here = login_ok(f, "zhangwei", T0);
	struct login_result elsewhere = login_ok(f, "zhangwei", T0 + 1);
	assert_int_equal(auth_session(s, here.session_token, T0 + 2, &who, &err), ST_OK);

	assert_int_equal(auth_change_password(s, &who, "not my password", OTHER_PASSWORD, ADDRESS,
					      T0 + 3, &err),
			 ST_LOGIN_FAILED);
	assert_string_equal(err.field, "old_password");
	assert_int_equal(audit_rows(f, "password.change", "failed"), 1);
	assert_int_equal(auth_change_password(s, &who, PASSWORD, "qwertyuiop123", ADDRESS, T0 + 3,
					      &err),
			 ST_PASSWORD_REJECTED);
	assert_int_equal(auth_change_password(s, &who, PASSWORD, OTHER_PASSWORD, ADDRESS, T0 + 4,
					      &err),
			 ST_OK);
	assert_int_equal(audit_rows(f, "password.change", "ok"), 1);
	assert_int_equal(auth_session(s, here.session_token, T0 + 5, &check, &err), ST_OK);
	assert_int_equal(auth_session(s, elsewhere.session_token, T0 + 5, &check, &err),
			 ST_UNAUTHENTICATED);
	assert_int_equal(login(f, "zhangwei", PASSWORD, "192.0.2.50", T0 + 6, NULL, &err),
			 ST_LOGIN_FAILED);
	assert_int_equal(login(f, "zhangwei", OTHER_PASSWORD, "192.0.2.51", T0 + 6, NULL, &err),
			 ST_OK);
	assert_chain_intact(f);
}

/* --- API tokens ----------------------------------------------------------- */

static void test_api_token_authenticates_its_user_until_disabled(void **state)
{
	struct fixture *f = *state;
	struct principal who;
	struct error err;
	char token[AUTH_TOKEN_TEXT_SIZE];
	int64_t id = 0;
	add_user(f, "terminal", ROLE_WARDEN, "620201001001");
	assert_int_equal(auth_token_create(f->ws.store, "tester", "terminal", "社区采集终端", token, &id, &err),
			 ST_OK);
	assert_true(id > 0);
	assert_int_equal(strlen(token), 43);
	assert_int_equal(auth_bearer(f->ws.store, token, &who, &err), ST_OK);
	assert_string_equal(who.username, "terminal");
	assert_int_equal(who.role, ROLE_WARDEN);
	assert_string_equal(who.scope, "620201001001");
	assert_int_equal(who.session_id, 0);
	assert_string_equal(who.csrf_token, "");
	/* A token is not a session, nor the other way round. */
	assert_int_equal(auth_session(f->ws.store, token, T0, &who, &err), ST_UNAUTHENTICATED);
	struct login_result r = login_ok(f, "terminal", T0);
	assert_int_equal(auth_bearer(f->ws.store, r.session_token, &who, &err), ST_UNAUTHENTICATED);
	assert_int_equal(auth_bearer(f->ws.store, "nonsense", &who, &err), ST_UNAUTHENTICATED);

	assert_int_equal(auth_token_create(f->ws.store, "tester", "nobody", "", token, &id, &err),
			 ST_NOT_FOUND);
	assert_int_equal(audit_rows(f, "token.create", "ok"), 1);
	assert_int_equal(auth_user_disable(f->ws.store, "tester", "terminal", &err), ST_OK);
	assert_int_equal(auth_token_create(f->ws.store, "tester", "terminal", "", token, &id, &err),
			 ST_ACCOUNT_LOCKED);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM api_token"), 1);
}

/* True if the file at `path` holds `needle`; false if it does not exist. */
static bool file_contains(const char *path, const char *needle)
{
	FILE *in = fopen(path, "rb");
	if (in == NULL)
		return false;
	size_t size = 0, cap = 1 << 20, n;
	char *buf = malloc(cap);
	while ((n = fread(buf + size, 1, cap - size, in)) > 0) {
		size += n;
		if (size == cap)
			buf = realloc(buf, cap *= 2);
	}
	fclose(in);
	bool found = memmem(buf, size, needle, strlen(needle)) != NULL;
	free(buf);
	return found;
}

static void test_tokens_and_passwords_never_reach_the_database_files(void **state)
{
	struct fixture *f = *state;
	struct error err;
	char token[AUTH_TOKEN_TEXT_SIZE], wal[320];
	int64_t id;
	add_user(f, "zhangwei", ROLE_TOWN_OFFICER, "620201001");
	struct login_result r = login_ok(f, "zhangwei", T0);
	assert_int_equal(auth_token_create(f->ws.store, "tester", "zhangwei", "script", token, &id, &err),
			 ST_OK);
	snprintf(wal, sizeof wal, "%s-wal", f->db_path);
	/* Before and after the write-ahead log is checkpointed into the file. */
	for (int round = 0; round < 2; round++) {
		const char *paths[] = {f->db_path, wal};
		for (size_t i = 0; i < 2; i++) {
			assert_false(file_contains(paths[i], r.session_token));
			assert_false(file_contains(paths[i], token));
			assert_false(file_contains(paths[i], PASSWORD));
		}
		assert_true(file_contains(f->db_path, "zhangwei") || file_contains(wal, "zhangwei"));
		if (round == 0) {
			workspace_close(&f->ws);
			assert_int_equal(workspace_open(&f->ws, f->db_path, &err), ST_OK);
		}
	}
	/* Only digests are kept. */
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM session WHERE length(token_hash) = 32"),
			 1);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM api_token WHERE length(token_hash) = 32"),
			 1);
}

#define T(name) cmocka_unit_test_setup_teardown(name, fixture_setup, fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_password_length_is_counted_in_characters_not_bytes),
		T(test_common_passwords_are_refused_whatever_their_case),
		T(test_shipped_list_has_300_entries_of_12_or_more_characters),
		T(test_control_characters_and_broken_utf8_are_refused),
		T(test_user_add_checks_username_role_and_scope),
		T(test_user_list_is_in_username_order_without_hashes),
		T(test_login_opens_a_session_for_the_principal),
		T(test_wrong_password_and_unknown_user_get_the_same_answer),
		T(test_unknown_user_takes_as_long_as_a_wrong_password),
		T(test_throttling_delay_doubles_after_three_failures),
		T(test_unknown_names_are_throttled_per_address),
		T(test_success_resets_both_counters),
		T(test_tenth_failure_locks_until_an_admin_unlocks),
		T(test_reset_password_unlocks_and_ends_sessions),
		T(test_disabled_user_cannot_log_in_and_loses_sessions),
		T(test_session_ends_after_thirty_idle_minutes),
		T(test_session_ends_twelve_hours_after_login_however_active),
		T(test_unknown_or_malformed_session_tokens_are_refused),
		T(test_logout_ends_the_session),
		T(test_password_change_ends_the_other_sessions),
		T(test_api_token_authenticates_its_user_until_disabled),
		T(test_tokens_and_passwords_never_reach_the_database_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
