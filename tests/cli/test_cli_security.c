/*
 * test_cli_security.c — `liudong user`, `token` and `audit` used as an
 * operator would, on a database built from the real division data.
 * The tests of a group share one database and run in order.
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
#include <unistd.h>

#include <sqlite3.h>

#include "domain/registry.h"
#include "security/auth.h"
#include "cli_env.h"

#define PASSWORD "tulip river lantern 7"
#define FILE_PASSWORD "gobi wind over the great wall"

#define RUN(env, ...) cli_run((env)->dir, NULL, __VA_ARGS__, (const char *)NULL)
#define RUN_INPUT(env, input, ...) cli_run((env)->dir, (input), __VA_ARGS__, (const char *)NULL)

/* Expects exit `code` and `text` in standard output or error. */
static void expect(struct spawn_result r, int code, const char *text)
{
	if (r.exit_code != code || (text && !strstr(r.out, text) && !strstr(r.err, text)))
		fail_msg("exit %d (want %d), looking for \"%s\"\nout: %s\nerr: %s", r.exit_code, code,
			 text ? text : "", r.out, r.err);
	spawn_result_free(&r);
}

/* Logs in through the library, as the server will, to check what was stored. */
static enum status try_login(struct cli_env *env, const char *username, const char *password)
{
	struct workspace ws;
	struct login_result result;
	struct error err;
	if (workspace_open(&ws, env->db, &err) != ST_OK)
		fail_msg("open: %s", err.message);
	enum status st = auth_login(ws.store, username, password, "192.0.2.1", 1795939200, &result,
				    &err);
	workspace_close(&ws);
	return st;
}

static void test_security_commands_answer_help(void **state)
{
	struct cli_env *env = *state;
	static const char *const commands[][2] = {
		{"user", "add"}, {"user", "disable"}, {"user", "reset-password"},
		{"user", "unlock"}, {"user", "list"}, {"token", "create"}, {"audit", "verify"},
	};
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		expect(RUN(env, commands[i][0], commands[i][1], "--help"), 0, "用法");
	expect(RUN(env, "user", "add", "--help"), 0, "town_officer");
	expect(RUN(env, "--help"), 0, "audit");
	expect(RUN(env, "user"), 2, "reset-password");
}

static void test_user_add_reads_the_password_from_standard_input(void **state)
{
	struct cli_env *env = *state;
	expect(RUN_INPUT(env, PASSWORD "\n", "user", "add", "--username", "zhangwei", "--role",
			 "town_officer", "--scope", "620201001000"),
	       0, "已新建用户 zhangwei");
	assert_int_equal(try_login(env, "zhangwei", PASSWORD), ST_OK);
	expect(RUN_INPUT(env, PASSWORD "\n", "user", "add", "--username", "zhangwei", "--role",
			 "town_officer", "--scope", "620201001"),
	       1, "[duplicate_user]");
}

static void test_password_on_the_command_line_is_impossible(void **state)
{
	struct cli_env *env = *state;
	expect(RUN_INPUT(env, PASSWORD "\n", "user", "add", "--username", "lisi", "--role",
			 "admin", "--scope", "620200", "--password", PASSWORD),
	       2, "不接受写在命令行上的密码");
	expect(RUN_INPUT(env, PASSWORD "\n", "user", "add", "--username", "lisi", "--role",
			 "admin", "--scope", "620200", "--password=" PASSWORD),
	       2, "[usage]");
	expect(RUN_INPUT(env, PASSWORD "\n", "user", "add", "--username", "lisi", "--role",
			 "admin", "--scope", "620200", PASSWORD),
	       2, "[usage]");
	expect(RUN_INPUT(env, "", "user", "add", "--username", "lisi", "--role", "admin",
			 "--scope", "620200"),
	       1, "[missing_field]");
	expect(RUN(env, "user", "list"), 0, "共 1 个用户");
}

static void test_user_add_explains_what_is_wrong(void **state)
{
	struct cli_env *env = *state;
	expect(RUN_INPUT(env, "woaini1314520\n", "user", "add", "--username", "lisi", "--role",
			 "admin", "--scope", "620200"),
	       1, "[password_rejected:common]");
	expect(RUN_INPUT(env, "short\n", "user", "add", "--username", "lisi", "--role", "admin",
			 "--scope", "620200"),
	       1, "[password_rejected:too_short]");
	expect(RUN_INPUT(env, PASSWORD "\n", "user", "add", "--username", "lisi", "--role",
			 "mayor", "--scope", "620200"),
	       1, "（字段 role）");
	expect(RUN_INPUT(env, PASSWORD "\n", "user", "add", "--username", "lisi", "--role",
			 "admin", "--scope", "620201001"),
	       1, "[invalid_division]");
	expect(RUN_INPUT(env, PASSWORD "\n", "user", "add", "--username", "Li Si", "--role",
			 "admin", "--scope", "620200"),
	       1, "（字段 username）");
	expect(RUN(env, "user", "add", "--username", "lisi"), 2, "--role");
}

static void test_user_add_reads_a_password_file(void **state)
{
	struct cli_env *env = *state;
	char path[320];
	snprintf(path, sizeof path, "%s/password.txt", env->dir);
	FILE *out = fopen(path, "w");
	assert_non_null(out);
	fputs(FILE_PASSWORD "\r\n", out);
	fclose(out);
	expect(RUN(env, "user", "add", "--username", "admin", "--role", "admin", "--scope",
		   "620200", "--password-file", path),
	       0, "已新建用户 admin");
	assert_int_equal(try_login(env, "admin", FILE_PASSWORD), ST_OK);
	expect(RUN(env, "user", "add", "--username", "admin2", "--role", "admin", "--scope",
		   "620200", "--password-file", "/nonexistent/password"),
	       1, "[io_error]");
}

static void test_user_list_shows_role_scope_and_state(void **state)
{
	struct cli_env *env = *state;
	struct spawn_result r = RUN(env, "user", "list");
	assert_int_equal(r.exit_code, 0);
	const char *admin = strstr(r.out, "admin "), *zhangwei = strstr(r.out, "zhangwei");
	assert_non_null(admin);
	assert_non_null(zhangwei);
	assert_true(admin < zhangwei);
	assert_non_null(strstr(r.out, "town_officer"));
	assert_non_null(strstr(r.out, "620201001 "));
	assert_non_null(strstr(r.out, "正常"));
	assert_non_null(strstr(r.out, "雄关街道"));
	assert_non_null(strstr(r.out, "共 2 个用户"));
	assert_null(strstr(r.out, "argon2"));
	spawn_result_free(&r);
}

static void test_reset_password_and_unlock(void **state)
{
	struct cli_env *env = *state;
	expect(RUN_INPUT(env, "a new password for zhangwei\n", "user", "reset-password",
			 "--username", "zhangwei"),
	       0, "已为用户 zhangwei 设置新密码");
	assert_int_equal(try_login(env, "zhangwei", PASSWORD), ST_LOGIN_FAILED);
	assert_int_equal(try_login(env, "zhangwei", "a new password for zhangwei"), ST_OK);
	expect(RUN_INPUT(env, "a new password for nobody\n", "user", "reset-password",
			 "--username", "nobody"),
	       1, "[not_found]");
	expect(RUN(env, "user", "unlock", "--username", "zhangwei"), 0, "已解除");
	expect(RUN(env, "user", "unlock"), 2, "--username");
}

/* True if the database file or its write-ahead log holds `needle`. */
static bool database_contains(struct cli_env *env, const char *needle)
{
	char wal[320];
	const char *paths[] = {env->db, wal};
	snprintf(wal, sizeof wal, "%s-wal", env->db);
	for (size_t i = 0; i < 2; i++) {
		FILE *in = fopen(paths[i], "rb");
		if (in == NULL)
			continue;
		static char buf[32 << 20];
		size_t n = fread(buf, 1, sizeof buf, in);
		fclose(in);
		if (memmem(buf, n, needle, strlen(needle)) != NULL)
			return true;
	}
	return false;
}

static void test_token_create_prints_the_token_once(void **state)
{
	struct cli_env *env = *state;
	struct spawn_result r = RUN(env, "token", "create", "--user", "zhangwei", "--name", "采集终端");
	assert_int_equal(r.exit_code, 0);
	assert_int_equal(strlen(r.out), 44); /* the token alone on one line */
	assert_int_equal(r.out[43], '\n');
	assert_non_null(strstr(r.err, "只显示这一次"));
	r.out[43] = '\0';
	assert_false(database_contains(env, r.out));
	spawn_result_free(&r);
	expect(RUN(env, "token", "create", "--user", "nobody"), 1, "[not_found]");
	expect(RUN(env, "token", "create"), 2, "--user");
}

static void test_user_disable(void **state)
{
	struct cli_env *env = *state;
	expect(RUN_INPUT(env, PASSWORD "\n", "user", "add", "--username", "leaver", "--role",
			 "warden", "--scope", "620201001001"),
	       0, NULL);
	expect(RUN(env, "user", "disable", "--username", "leaver"), 0, "已停用用户 leaver");
	assert_int_equal(try_login(env, "leaver", PASSWORD), ST_ACCOUNT_LOCKED);
	expect(RUN(env, "user", "list"), 0, "已停用");
}

static void test_audit_verify_counts_an_intact_chain(void **state)
{
	struct cli_env *env = *state;
	struct spawn_result r = RUN(env, "audit", "verify");
	assert_int_equal(r.exit_code, 0);
	long rows = 0;
	assert_int_equal(sscanf(r.out, "审计链完整：%ld 条", &rows), 1);
	assert_true(rows >= 8); /* user adds, logins, reset, unlock, token, disable */
	spawn_result_free(&r);
}

static void test_audit_verify_names_the_row_edited_behind_its_back(void **state)
{
	struct cli_env *env = *state;
	sqlite3 *db;
	assert_int_equal(sqlite3_open_v2(env->db, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "UPDATE audit SET outcome = 'failed' WHERE id = 2", NULL,
				      NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	expect(RUN(env, "audit", "verify"), 1, "审计链在第 2 条记录处断裂");
	expect(RUN(env, "audit", "verify"), 1, "[integrity_error]");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_security_commands_answer_help),
		cmocka_unit_test(test_user_add_reads_the_password_from_standard_input),
		cmocka_unit_test(test_password_on_the_command_line_is_impossible),
		cmocka_unit_test(test_user_add_explains_what_is_wrong),
		cmocka_unit_test(test_user_add_reads_a_password_file),
		cmocka_unit_test(test_user_list_shows_role_scope_and_state),
		cmocka_unit_test(test_reset_password_and_unlock),
		cmocka_unit_test(test_token_create_prints_the_token_once),
		cmocka_unit_test(test_user_disable),
		cmocka_unit_test(test_audit_verify_counts_an_intact_chain),
		cmocka_unit_test(test_audit_verify_names_the_row_edited_behind_its_back),
	};
	return cmocka_run_group_tests(tests, cli_env_setup, cli_env_teardown);
}
