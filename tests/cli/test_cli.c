/*
 * test_cli.c — the `liudong` program used as an operator would: exit codes,
 * messages with stable codes, and the commands end to end on a real
 * database built from the real division data.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "domain/idcard.h"
#include "fixture.h"
#include "cli_env.h"
#include "security/certsig.h"
#include "security/crypto.h"
#include "store/store.h"

#define RUN(env, ...) cli_run((env)->dir, NULL, __VA_ARGS__, (const char *)NULL)

/* A fresh empty directory below the group's, for commands that create databases. */
static void subdir(struct cli_env *env, const char *name, char *out, size_t size)
{
	snprintf(out, size, "%s/%s", env->dir, name);
	mkdir(out, 0700);
}

static void test_no_command_is_a_usage_error(void **state)
{
	struct cli_env *env = *state;
	struct spawn_result r = RUN(env, NULL);
	assert_int_equal(r.exit_code, 2);
	assert_non_null(strstr(r.err, "用法"));
	spawn_result_free(&r);
	r = RUN(env, "frobnicate");
	assert_int_equal(r.exit_code, 2);
	assert_non_null(strstr(r.err, "[usage]"));
	spawn_result_free(&r);
}

static void test_every_command_answers_help(void **state)
{
	struct cli_env *env = *state;
	static const char *const commands[][2] = {
		{"init", NULL}, {"demo", NULL}, {"backup", NULL}, {"check", NULL},
		{"id", "check"}, {"division", "show"}, {"division", "children"},
		{"person", "add"}, {"person", "show"}, {"person", "find"},
		{"person", "update"}, {"person", "history"},
		{"key", "public"}, {"verify", NULL},
	};
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
		struct spawn_result r = commands[i][1]
			? RUN(env, commands[i][0], commands[i][1], "--help")
			: RUN(env, commands[i][0], "--help");
		if (r.exit_code != 0 || strstr(r.out, "用法") == NULL)
			fail_msg("%s %s --help: exit %d", commands[i][0],
				 commands[i][1] ? commands[i][1] : "", r.exit_code);
		spawn_result_free(&r);
	}
	struct spawn_result r = RUN(env, "--help");
	assert_int_equal(r.exit_code, 0);
	assert_non_null(strstr(r.out, "person"));
	spawn_result_free(&r);
}

static void test_id_check_prints_one_line_per_number_and_fails_on_any_invalid(void **state)
{
	struct cli_env *env = *state;
	struct spawn_result r = RUN(env, "id", "check", "11010519491231002X", "110105491231002");
	assert_int_equal(r.exit_code, 0);
	assert_string_equal(r.out,
			    "OK 11010519491231002X birth=1949-12-31 sex=F region=110105 北京市朝阳区\n"
			    "OK 11010519491231002X birth=1949-12-31 sex=F region=110105 北京市朝阳区\n");
	spawn_result_free(&r);

	char valid[19];
	fixture_id_number("620201", "19900307", 231, valid);
	r = RUN(env, "id", "check", valid, "62020119900307231", "620201199002302316",
		"92020119900307231X", "62020119900A072310");
	assert_int_equal(r.exit_code, 1);
	assert_non_null(strstr(r.out, "sex=M region=620201 甘肃省嘉峪关市\n"));
	assert_non_null(strstr(r.out, "INVALID 62020119900307231 bad_length\n"));
	assert_non_null(strstr(r.out, "INVALID 620201199002302316 bad_birth_date\n"));
	assert_non_null(strstr(r.out, "INVALID 92020119900307231X bad_province\n"));
	assert_non_null(strstr(r.out, "INVALID 62020119900A072310 bad_character\n"));
	spawn_result_free(&r);
}

static void test_id_check_flags_an_address_code_no_longer_in_use(void **state)
{
	struct cli_env *env = *state;
	char old_code[19];
	fixture_id_number("622101", "19700101", 13, old_code); /* former 酒泉地区 county code */
	struct spawn_result r = RUN(env, "id", "check", old_code);
	assert_int_equal(r.exit_code, 0);
	assert_non_null(strstr(r.out, "region=622101 region_unknown"));
	spawn_result_free(&r);
}

static void test_init_creates_database_and_private_key(void **state)
{
	struct cli_env *env = *state;
	char key[320];
	struct stat st;
	snprintf(key, sizeof key, "%s.key", env->db);
	assert_int_equal(stat(key, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	struct spawn_result r = RUN(env, "init", "--city", "620200");
	assert_int_equal(r.exit_code, 1);
	assert_non_null(strstr(r.err, "[already_initialized]"));
	spawn_result_free(&r);
}

static void test_init_refuses_a_county_as_city_and_leaves_nothing(void **state)
{
	struct cli_env *env = *state;
	char dir[300], db[340];
	subdir(env, "badcity", dir, sizeof dir);
	struct spawn_result r = cli_run(dir, NULL, "init", "--city", "620201", NULL);
	assert_int_equal(r.exit_code, 1);
	assert_non_null(strstr(r.err, "[invalid_division]"));
	spawn_result_free(&r);
	snprintf(db, sizeof db, "%s/liudong.db", dir);
	assert_int_equal(access(db, F_OK), -1);
	r = cli_run(dir, NULL, "init", NULL);
	assert_int_equal(r.exit_code, 2);
	spawn_result_free(&r);
}

static void test_commands_on_a_missing_database_say_to_initialize(void **state)
{
	struct cli_env *env = *state;
	struct spawn_result r = RUN(env, "--db", "nowhere.db", "person", "show", "1");
	assert_int_equal(r.exit_code, 1);
	assert_non_null(strstr(r.err, "[not_initialized]"));
	assert_non_null(strstr(r.err, "liudong init"));
	spawn_result_free(&r);
}

static void test_key_readable_by_others_is_refused_at_start(void **state)
{
	struct cli_env *env = *state;
	char key[320];
	snprintf(key, sizeof key, "%s.key", env->db);
	assert_int_equal(chmod(key, 0640), 0);
	struct spawn_result r = RUN(env, "person", "show", "1");
	assert_int_equal(chmod(key, 0600), 0);
	assert_int_equal(r.exit_code, 1);
	assert_non_null(strstr(r.err, "[key_insecure]"));
	spawn_result_free(&r);
}

static void test_division_show_and_children(void **state)
{
	struct cli_env *env = *state;
	struct spawn_result r = RUN(env, "division", "show", "620201001001");
	assert_int_equal(r.exit_code, 0);
	assert_non_null(strstr(r.out, "甘肃省嘉峪关市雄关街道福民社区"));
	spawn_result_free(&r);
	r = RUN(env, "division", "children", "620201");
	assert_int_equal(r.exit_code, 0);
	assert_string_equal(r.out, "620201001 雄关街道\n620201002 钢城街道\n620201100 新城镇\n"
				   "620201101 峪泉镇\n620201102 文殊镇\n");
	spawn_result_free(&r);
	r = RUN(env, "division", "show", "123");
	assert_int_equal(r.exit_code, 1);
	assert_non_null(strstr(r.err, "[invalid_division]"));
	spawn_result_free(&r);
}

static void test_person_lifecycle_add_show_update_history(void **state)
{
	struct cli_env *env = *state;
	char id[19], id_arg[40];
	fixture_id_number("410102", "19900307", 231, id);
	snprintf(id_arg, sizeof id_arg, "id_number=%s", id);
	struct spawn_result r = RUN(env, "person", "add", id_arg, "name=张伟", "flow=inflow",
				    "hukou_division=410102", "residence_division=620201001001",
				    "phone=13909371234");
	assert_int_equal(r.exit_code, 0);
	assert_non_null(strstr(r.out, "已登记：档案编号 1，版本 1"));
	spawn_result_free(&r);

	r = RUN(env, "person", "show", "--id-number", id);
	assert_int_equal(r.exit_code, 0);
	assert_non_null(strstr(r.out, "1990-03-07"));
	assert_non_null(strstr(r.out, "M（男）"));
	spawn_result_free(&r);

	r = RUN(env, "person", "update", "1", "--version", "1", "name=张卫国", "ethnicity=03");
	assert_int_equal(r.exit_code, 0);
	assert_non_null(strstr(r.out, "现为版本 2"));
	spawn_result_free(&r);

	r = RUN(env, "person", "update", "1", "--version", "1", "name=张三");
	assert_int_equal(r.exit_code, 1);
	assert_non_null(strstr(r.err, "[version_conflict]"));
	spawn_result_free(&r);

	r = RUN(env, "person", "history", "1");
	assert_int_equal(r.exit_code, 0);
	assert_non_null(strstr(r.out, "登记建档"));
	assert_non_null(strstr(r.out, "姓名：张伟 → 张卫国"));
	assert_non_null(strstr(r.out, "民族：（空） → 03（回族）"));
	assert_null(strstr(r.out, "张三"));
	spawn_result_free(&r);

	r = RUN(env, "person", "find", "--name", "张");
	assert_int_equal(r.exit_code, 0);
	char masked[19];
	idcard_mask(id, masked, sizeof masked);
	assert_non_null(strstr(r.out, masked));
	assert_null(strstr(r.out, id));
	spawn_result_free(&r);
}

static void test_person_add_with_bad_id_number_names_the_reason_and_writes_nothing(void **state)
{
	struct cli_env *env = *state;
	char id[19], id_arg[40];
	fixture_id_number("510104", "19851111", 12, id);
	id[17] = id[17] == '1' ? '2' : '1';
	snprintf(id_arg, sizeof id_arg, "id_number=%s", id);
	struct spawn_result r = RUN(env, "person", "add", id_arg, "name=李娜", "flow=inflow",
				    "hukou_division=510104", "residence_division=620201001001");
	assert_int_equal(r.exit_code, 1);
	assert_non_null(strstr(r.err, "[invalid_id_number:bad_check_character]"));
	spawn_result_free(&r);
	r = RUN(env, "person", "find", "--name", "李娜");
	assert_non_null(strstr(r.out, "本页 0 条"));
	spawn_result_free(&r);

	r = RUN(env, "person", "add", "colour=red");
	assert_int_equal(r.exit_code, 2);
	assert_non_null(strstr(r.err, "[unknown_field]"));
	spawn_result_free(&r);
	r = RUN(env, "person", "add", "nonsense");
	assert_int_equal(r.exit_code, 2);
	spawn_result_free(&r);
}

static void test_database_can_be_named_by_environment(void **state)
{
	struct cli_env *env = *state;
	setenv("LIUDONG_DB", env->db, 1);
	struct spawn_result r = cli_run("/", NULL, "division", "show", "6202", NULL);
	unsetenv("LIUDONG_DB");
	assert_int_equal(r.exit_code, 0);
	assert_non_null(strstr(r.out, "嘉峪关市"));
	spawn_result_free(&r);
}

static void test_demo_builds_a_checked_database_covering_every_community(void **state)
{
	struct cli_env *env = *state;
	char dir[300];
	subdir(env, "demo", dir, sizeof dir);
	struct spawn_result r = cli_run(dir, NULL, "demo", "--persons", "300", NULL);
	assert_int_equal(r.exit_code, 0);
	assert_non_null(strstr(r.out, "已录入示例档案 300 份"));
	assert_non_null(strstr(r.out, "覆盖 48 个社区（村）"));
	spawn_result_free(&r);

	r = cli_run(dir, NULL, "check", NULL);
	assert_int_equal(r.exit_code, 0);
	assert_non_null(strstr(r.out, "300 份档案"));
	spawn_result_free(&r);

	r = cli_run(dir, NULL, "person", "find", "--division", "620201100", "--flow", "inflow",
		   "--limit", "500", NULL);
	assert_int_equal(r.exit_code, 0);
	assert_non_null(strstr(r.out, "新城镇"));
	assert_null(strstr(r.out, "雄关街道"));
	spawn_result_free(&r);

	r = cli_run(dir, NULL, "backup", "--to", "copy.db", NULL);
	assert_int_equal(r.exit_code, 0);
	spawn_result_free(&r);
	r = cli_run(dir, NULL, "backup", "--to", "copy.db", NULL);
	assert_int_equal(r.exit_code, 1);
	assert_non_null(strstr(r.err, "[io_error]"));
	spawn_result_free(&r);
}

/* --- key public, verify ------------------------------------------------- */

#define CERT_NUMBER "620201001-2026-000123"

/* The QR payload the deployment of env's database gives a certificate number. */
static void payload_for(struct cli_env *env, const char *number, char url[CERTSIG_URL_MAX])
{
	struct store *store = NULL;
	struct error err;
	char sig[CERTSIG_TEXT_SIZE];
	error_clear(&err);
	assert_int_equal(store_open(env->db, STORE_OPEN_EXISTING, &store, &err), ST_OK);
	assert_int_equal(certsig_sign(store, number, sig, &err), ST_OK);
	store_close(store);
	assert_int_equal(certsig_url("http://127.0.0.1:8080", number, sig, url, CERTSIG_URL_MAX,
				     &err),
			 ST_OK);
}

/* The public key of env's database as hex, read in-process. */
static void public_key_hex(struct cli_env *env, char hex[2 * CRYPTO_PUBLIC_KEY_SIZE + 1])
{
	struct store *store = NULL;
	struct error err;
	unsigned char key[CRYPTO_PUBLIC_KEY_SIZE];
	assert_int_equal(store_open(env->db, STORE_OPEN_EXISTING, &store, &err), ST_OK);
	store_public_key(store, key);
	store_close(store);
	crypto_hex_encode(key, sizeof key, hex, 2 * CRYPTO_PUBLIC_KEY_SIZE + 1);
}

static void test_setting_set_checks_the_value_and_keeps_the_old_one_on_refusal(void **state)
{
	struct cli_env *env = *state;
	struct spawn_result r = RUN(env, "setting", "get", "inquiry_due_days_normal");
	assert_int_equal(r.exit_code, 0);
	assert_string_equal(r.out, "30\n");
	spawn_result_free(&r);
	r = RUN(env, "setting", "set", "inquiry_due_days_normal", "20");
	assert_int_equal(r.exit_code, 0);
	spawn_result_free(&r);
	r = RUN(env, "setting", "set", "inquiry_due_days_normal", "0");
	assert_int_equal(r.exit_code, 1);
	assert_non_null(strstr(r.err, "[invalid_input]"));
	spawn_result_free(&r);
	r = RUN(env, "setting", "set", "public_url", "ftp://x");
	assert_int_equal(r.exit_code, 1);
	spawn_result_free(&r);
	r = RUN(env, "setting", "get", "inquiry_due_days_normal");
	assert_string_equal(r.out, "20\n");
	spawn_result_free(&r);
	r = RUN(env, "setting", "set", "no_such_setting", "1");
	assert_int_equal(r.exit_code, 2);
	spawn_result_free(&r);
	r = RUN(env, "setting", "list");
	assert_int_equal(r.exit_code, 0);
	assert_non_null(strstr(r.out, "contract_terms"));
	assert_non_null(strstr(r.out, "public_url"));
	spawn_result_free(&r);
}

static void test_key_public_prints_the_deployments_key_as_64_hex_digits(void **state)
{
	struct cli_env *env = *state;
	char hex[2 * CRYPTO_PUBLIC_KEY_SIZE + 1], line[2 * CRYPTO_PUBLIC_KEY_SIZE + 2];
	public_key_hex(env, hex);
	struct spawn_result r = RUN(env, "key", "public");
	assert_int_equal(r.exit_code, 0);
	assert_int_equal(strlen(r.out), 65);
	assert_int_equal(strspn(r.out, "0123456789abcdef"), 64);
	snprintf(line, sizeof line, "%s\n", hex);
	assert_string_equal(r.out, line);
	spawn_result_free(&r);

	r = RUN(env, "--db", "nowhere.db", "key", "public");
	assert_int_equal(r.exit_code, 1);
	assert_non_null(strstr(r.err, "[not_initialized]"));
	spawn_result_free(&r);
	r = RUN(env, "key", "public", "extra");
	assert_int_equal(r.exit_code, 2);
	assert_non_null(strstr(r.err, "[usage]"));
	spawn_result_free(&r);
	r = RUN(env, "key");
	assert_int_equal(r.exit_code, 2);
	spawn_result_free(&r);
}

static void test_verify_with_the_database_accepts_its_own_payload(void **state)
{
	struct cli_env *env = *state;
	char url[CERTSIG_URL_MAX];
	payload_for(env, CERT_NUMBER, url);
	struct spawn_result r = RUN(env, "verify", url);
	assert_int_equal(r.exit_code, 0);
	assert_non_null(strstr(r.out, "证明编号：" CERT_NUMBER "\n"));
	assert_non_null(strstr(r.out, "签名有效（证明编号真实，由本部署签发）"));
	/* The certificate's state is not something an offline check can know. */
	assert_non_null(strstr(r.out, "在线核验页面"));
	spawn_result_free(&r);

	/* The path and bare forms, as some scanners give them. */
	r = RUN(env, "verify", strstr(url, "/verify/"));
	assert_int_equal(r.exit_code, 0);
	spawn_result_free(&r);
	r = RUN(env, "--db", env->db, "verify", strstr(url, "/verify/") + strlen("/verify/"));
	assert_int_equal(r.exit_code, 0);
	spawn_result_free(&r);
}

static void test_verify_offline_with_the_public_key_alone(void **state)
{
	struct cli_env *env = *state;
	char url[CERTSIG_URL_MAX], hex[2 * CRYPTO_PUBLIC_KEY_SIZE + 1], key_file[320];
	payload_for(env, CERT_NUMBER, url);
	public_key_hex(env, hex);

	/* From a directory without any database. */
	struct spawn_result r = cli_run("/", NULL, "verify", url, "--public-key", hex, NULL);
	assert_int_equal(r.exit_code, 0);
	assert_non_null(strstr(r.out, "签名有效"));
	spawn_result_free(&r);

	/* A file as `key public > file` writes it. */
	r = RUN(env, "key", "public");
	assert_int_equal(r.exit_code, 0);
	snprintf(key_file, sizeof key_file, "%s/public.key", env->dir);
	FILE *f = fopen(key_file, "w");
	assert_non_null(f);
	fputs(r.out, f);
	fclose(f);
	spawn_result_free(&r);
	r = cli_run("/", NULL, "verify", "--public-key-file", key_file, url, NULL);
	assert_int_equal(r.exit_code, 0);
	assert_non_null(strstr(r.out, "签名有效"));
	spawn_result_free(&r);

	/* A file that holds something else. */
	f = fopen(key_file, "w");
	assert_non_null(f);
	fputs("not a key\n", f);
	fclose(f);
	r = RUN(env, "verify", url, "--public-key-file", key_file);
	assert_int_equal(r.exit_code, 1);
	assert_non_null(strstr(r.err, "[invalid_input]"));
	spawn_result_free(&r);
	r = RUN(env, "verify", url, "--public-key-file", "missing.key");
	assert_int_equal(r.exit_code, 1);
	assert_non_null(strstr(r.err, "[io_error]"));
	spawn_result_free(&r);
}

static void test_verify_calls_a_changed_or_foreign_signature_forged(void **state)
{
	struct cli_env *env = *state;
	char url[CERTSIG_URL_MAX], other_url[CERTSIG_URL_MAX];
	payload_for(env, CERT_NUMBER, url);

	/* One character of the signature changed. */
	char *sig = strstr(url, "?sig=") + 5;
	sig[10] = sig[10] == 'A' ? 'B' : 'A';
	struct spawn_result r = RUN(env, "verify", url);
	assert_int_equal(r.exit_code, 1);
	assert_non_null(strstr(r.out, "证明编号：" CERT_NUMBER "\n"));
	assert_non_null(strstr(r.out, "签名无效：伪造或被篡改"));
	assert_null(strstr(r.out, "签名有效"));
	spawn_result_free(&r);

	/* Another number with the signature of the first. */
	payload_for(env, CERT_NUMBER, url);
	snprintf(other_url, sizeof other_url, "/verify/620201001-2026-000124?sig=%s",
		 strstr(url, "?sig=") + 5);
	r = RUN(env, "verify", other_url);
	assert_int_equal(r.exit_code, 1);
	assert_non_null(strstr(r.out, "签名无效：伪造或被篡改"));
	spawn_result_free(&r);

	/* Signed right, but by another deployment's key. */
	char key_path[320], sig_text[CERTSIG_TEXT_SIZE];
	struct crypto_keys other;
	struct error err;
	unsigned char signature[CRYPTO_SIGNATURE_SIZE];
	static const char message[] = "liudong-certificate-v1\n" CERT_NUMBER;
	snprintf(key_path, sizeof key_path, "%s/other-deployment.key", env->dir);
	unlink(key_path);
	assert_int_equal(crypto_key_create(key_path, &err), ST_OK);
	assert_int_equal(crypto_key_load(key_path, &other, &err), ST_OK);
	crypto_signature_create(&other, message, sizeof message - 1, signature);
	crypto_keys_wipe(&other);
	crypto_base64url_encode(signature, sizeof signature, sig_text, sizeof sig_text);
	snprintf(other_url, sizeof other_url, "https://other.example/verify/%s?sig=%s",
		 CERT_NUMBER, sig_text);
	r = RUN(env, "verify", other_url);
	assert_int_equal(r.exit_code, 1);
	assert_non_null(strstr(r.out, "签名无效：伪造或被篡改"));
	spawn_result_free(&r);
}

static void test_verify_names_what_is_wrong_with_an_unrecognized_payload(void **state)
{
	struct cli_env *env = *state;
	struct spawn_result r = RUN(env, "verify", "https://weixin.qq.com/r/abcdef");
	assert_int_equal(r.exit_code, 1);
	assert_non_null(strstr(r.out, "无法识别的二维码内容："));
	assert_non_null(strstr(r.out, "[not_a_verify_link]"));
	spawn_result_free(&r);

	r = RUN(env, "verify", "http://127.0.0.1:8080/verify/" CERT_NUMBER);
	assert_int_equal(r.exit_code, 1);
	assert_non_null(strstr(r.out, "证明编号：" CERT_NUMBER "\n"));
	assert_non_null(strstr(r.out, "无法识别的二维码内容：缺少签名参数 sig [missing_signature]"));
	spawn_result_free(&r);

	r = RUN(env, "verify", "/verify/" CERT_NUMBER "?sig=abc");
	assert_int_equal(r.exit_code, 1);
	assert_non_null(strstr(r.out, "[bad_signature]"));
	spawn_result_free(&r);

	r = RUN(env, "verify", "/verify/62020100-2026-000123?sig=abc");
	assert_int_equal(r.exit_code, 1);
	assert_non_null(strstr(r.out, "[bad_number]"));
	spawn_result_free(&r);
}

static void test_verify_usage_errors_exit_2(void **state)
{
	struct cli_env *env = *state;
	char url[CERTSIG_URL_MAX], hex[2 * CRYPTO_PUBLIC_KEY_SIZE + 1];
	payload_for(env, CERT_NUMBER, url);
	public_key_hex(env, hex);
	struct spawn_result r = RUN(env, "verify");
	assert_int_equal(r.exit_code, 2);
	assert_non_null(strstr(r.err, "[usage]"));
	spawn_result_free(&r);
	r = RUN(env, "verify", url, url);
	assert_int_equal(r.exit_code, 2);
	spawn_result_free(&r);
	r = RUN(env, "verify", url, "--public-key", hex, "--public-key-file", "public.key");
	assert_int_equal(r.exit_code, 2);
	spawn_result_free(&r);
	r = RUN(env, "verify", url, "--public-key", "abcd");
	assert_int_equal(r.exit_code, 2);
	assert_non_null(strstr(r.err, "64 位十六进制"));
	spawn_result_free(&r);
	hex[63] = 'g';
	r = RUN(env, "verify", url, "--public-key", hex);
	assert_int_equal(r.exit_code, 2);
	spawn_result_free(&r);
	r = RUN(env, "verify", url, "--frobnicate");
	assert_int_equal(r.exit_code, 2);
	spawn_result_free(&r);
	r = RUN(env, "verify", url, "--public-key");
	assert_int_equal(r.exit_code, 2);
	spawn_result_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_command_is_a_usage_error),
		cmocka_unit_test(test_every_command_answers_help),
		cmocka_unit_test(test_id_check_prints_one_line_per_number_and_fails_on_any_invalid),
		cmocka_unit_test(test_id_check_flags_an_address_code_no_longer_in_use),
		cmocka_unit_test(test_init_creates_database_and_private_key),
		cmocka_unit_test(test_init_refuses_a_county_as_city_and_leaves_nothing),
		cmocka_unit_test(test_commands_on_a_missing_database_say_to_initialize),
		cmocka_unit_test(test_key_readable_by_others_is_refused_at_start),
		cmocka_unit_test(test_division_show_and_children),
		cmocka_unit_test(test_person_lifecycle_add_show_update_history),
		cmocka_unit_test(test_person_add_with_bad_id_number_names_the_reason_and_writes_nothing),
		cmocka_unit_test(test_database_can_be_named_by_environment),
		cmocka_unit_test(test_demo_builds_a_checked_database_covering_every_community),
		cmocka_unit_test(test_setting_set_checks_the_value_and_keeps_the_old_one_on_refusal),
		cmocka_unit_test(test_key_public_prints_the_deployments_key_as_64_hex_digits),
		cmocka_unit_test(test_verify_with_the_database_accepts_its_own_payload),
		cmocka_unit_test(test_verify_offline_with_the_public_key_alone),
		cmocka_unit_test(test_verify_calls_a_changed_or_foreign_signature_forged),
		cmocka_unit_test(test_verify_names_what_is_wrong_with_an_unrecognized_payload),
		cmocka_unit_test(test_verify_usage_errors_exit_2),
	};
	return cmocka_run_group_tests(tests, cli_env_setup, cli_env_teardown);
}
