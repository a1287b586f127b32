/*
 * cmd_user.c — `liudong user add|disable|reset-password|unlock|list`.
 *
 * Passwords are never taken from the command line, where they would stay in
 * the shell's history and be visible to every user in the process list: they
 * come from a file (--password-file), from the terminal (asked twice without
 * echo), or as one line on standard input.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli/cli.h"
#include "security/auth.h"

#define PASSWORD_LINE_SIZE 1024  /* 128 characters take at most 512 bytes */

static const char add_usage[] =
	"用法：liudong [--db 文件] user add --username 用户名 --role 角色 --scope 区划代码\n"
	"                                  [--organization 单位编号 | --person 档案编号]\n"
	"                                  [--password-file 文件]\n"
	"\n"
	"新建一个登录用户。\n"
	"\n"
	"  --username 用户名       3 到 32 个小写字母、数字或 _ . -，如 zhangwei\n"
	"  --role 角色             见下表\n"
	"  --scope 区划代码        管辖范围：本市、乡镇街道或社区（村）的代码，级别须与角色相符\n"
	"  --organization 单位编号 用工单位（employer）、出租单位（landlord）账号所代表的单位\n"
	"  --person 档案编号       个人出租户（landlord）账号所代表的人员\n"
	"                          这两类账号只能看到本单位的职工、本人的租户\n"
	"  --password-file 文件    从文件第一行读密码；不给时从标准输入读一行\n"
	"                          （在终端上会提示输入两次，不回显）\n"
	"\n"
	"密码：12 到 128 个字符（汉字、字母、数字、符号、空格都算），不要求大小写或符号，\n"
	"但不能是常见密码。不接受写在命令行上的密码。\n"
	"\n"
	"角色：\n";

static const char disable_usage[] =
	"用法：liudong [--db 文件] user disable --username 用户名\n"
	"\n"
	"停用一个用户：不能再登录，已有的登录立即失效，其接口令牌也不再有效。\n";

static const char reset_usage[] =
	"用法：liudong [--db 文件] user reset-password --username 用户名 [--password-file 文件]\n"
	"\n"
	"为用户设置新密码，同时解除锁定，并结束该用户的全部登录。\n"
	"密码从文件第一行读，不给文件时从标准输入读一行（终端上提示两次，不回显）。\n";

static const char unlock_usage[] =
	"用法：liudong [--db 文件] user unlock --username 用户名\n"
	"\n"
	"解除因连续 10 次登录失败造成的锁定，并清零失败次数。\n";

static const char list_usage[] =
	"用法：liudong [--db 文件] user list\n"
	"\n"
	"按用户名列出全部用户：编号、用户名、角色、管辖范围、状态、连续失败次数、创建时间。\n";

/* Options shared by the user commands; NULL where not given. */
struct user_options {
	const char *username;
	const char *role;
	const char *scope;
	const char *password_file;
	const char *organization;
	const char *person;
};

/* The usage of `user add` with the table of roles (built once). */
static const char *add_usage_text(void)
{
	static char text[sizeof add_usage + ROLE__COUNT * 64];
	if (text[0] != '\0')
		return text;
	size_t used = (size_t)snprintf(text, sizeof text, "%s", add_usage);
	for (int r = ROLE_NONE + 1; r < ROLE__COUNT && used < sizeof text; r++)
		used += (size_t)snprintf(text + used, sizeof text - used, "  %-18s %s\n",
					 role_name((enum role)r), role_label((enum role)r));
	return text;
}

/*
 * Parses the options of a user command; `allowed` lists the letters it takes
 * (u username, r role, s scope, f password file, o organization, p person).  Returns CLI_OK, or the exit
 * code after printing the usage error.
 */
static int parse_user_options(int argc, char **argv, const char *allowed, const char *usage,
			      struct user_options *o)
{
	static const struct option options[] = {
		{"username", required_argument, NULL, 'u'},
		{"role", required_argument, NULL, 'r'},
		{"scope", required_argument, NULL, 's'},
		{"password-file", required_argument, NULL, 'f'},
		{"organization", required_argument, NULL, 'o'},
		{"person", required_argument, NULL, 'p'},
		{"password", optional_argument, NULL, 'P'},
		{NULL, 0, NULL, 0},
	};
	int opt;
	memset(o, 0, sizeof *o);
	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+", options, NULL)) != -1) {
		if (opt == 'P')
			return cli_usage_error(usage, "不接受写在命令行上的密码（会留在命令历史和进程"
					       "列表中）：请从标准输入输入，或用 --password-file");
		if (opt == '?' || strchr(allowed, opt) == NULL)
			return cli_usage_error(usage, "无法识别的参数 %.40s", argv[optind - 1]);
		const char **slot = opt == 'u' ? &o->username : opt == 'r' ? &o->role
				  : opt == 's' ? &o->scope : opt == 'o' ? &o->organization
				  : opt == 'p' ? &o->person : &o->password_file;
		*slot = optarg;
	}
	if (optind != argc)
		return cli_usage_error(usage, "多余的参数（密码不能写在命令行上）");
	if (o->username == NULL || o->username[0] == '\0')
		return cli_usage_error(usage, "请用 --username 给出用户名");
	return CLI_OK;
}

/* Reads one line without its line end; false if there is none or it is too long. */
static bool read_line(FILE *in, char *buf, size_t size)
{
	if (fgets(buf, (int)size, in) == NULL)
		return false;
	size_t len = strlen(buf);
	bool complete = len > 0 && buf[len - 1] == '\n';
	if (!complete && !feof(in))
		return false;
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
		buf[--len] = '\0';
	return true;
}

/* Asks on the terminal with echo off. */
static bool prompt_hidden(const char *prompt, char *buf, size_t size)
{
	struct termios saved, quiet;
	bool have_terminal = tcgetattr(STDIN_FILENO, &saved) == 0;
	fputs(prompt, stderr);
	fflush(stderr);
	if (have_terminal) {
		quiet = saved;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	bool ok = read_line(stdin, buf, size);
	if (have_terminal) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
		fputc('\n', stderr);
	}
	return ok;
}

/*
 * Reads the new password from the file, the terminal (twice) or standard
 * input.  Prints the error and returns false if there is none.
 */
static bool read_new_password(const char *file, char *buf, size_t size)
{
	struct error err;
	bool ok;
	if (file != NULL) {
		FILE *in = fopen(file, "r");
		ok = in != NULL && read_line(in, buf, size);
		if (in)
			fclose(in);
		if (!ok)
			error_set(&err, ST_IO, "password-file", "无法从密码文件读出一行密码，请检查路径和权限");
	} else if (isatty(STDIN_FILENO)) {
		char again[PASSWORD_LINE_SIZE];
		ok = prompt_hidden("新密码：", buf, size) &&
		     prompt_hidden("再输入一次：", again, sizeof again);
		if (ok && strcmp(buf, again) != 0) {
			ok = false;
			error_set(&err, ST_INVALID_INPUT, "password", "两次输入的密码不一致，请重新运行");
		} else if (!ok) {
			error_set(&err, ST_MISSING_FIELD, "password", "没有读到密码");
		}
		explicit_bzero(again, sizeof again);
	} else {
		ok = read_line(stdin, buf, size);
		if (!ok)
			error_set(&err, ST_MISSING_FIELD, "password",
				  "没有从标准输入读到密码：请输入一行密码，或用 --password-file");
	}
	if (ok && buf[0] == '\0') {
		ok = false;
		error_set(&err, ST_MISSING_FIELD, "password", "密码不能为空");
	}
	if (!ok) {
		explicit_bzero(buf, size);
		cli_fail(&err);
	}
	return ok;
}

static int user_add(struct cli *cli, int argc, char **argv)
{
	struct user_options o;
	if (cli_wants_help(argc, argv)) {
		fputs(add_usage_text(), stdout);
		return CLI_OK;
	}
	int code = parse_user_options(argc, argv, "ursfop", add_usage_text(), &o);
	struct auth_binding binding = {0, 0};
	if (code != CLI_OK)
		return code;
	if ((o.organization && !cli_parse_id(o.organization, &binding.organization_id)) ||
	    (o.person && !cli_parse_id(o.person, &binding.person_id)))
		return cli_usage_error(add_usage_text(), "单位编号和档案编号应为正整数");
	if (o.role == NULL || o.scope == NULL)
		return cli_usage_error(add_usage_text(), "请用 --role 和 --scope 给出角色和管辖范围");
	enum role role = ROLE_NONE;
	role_parse(o.role, &role);  /* an unknown role stays ROLE_NONE: auth says why */

	struct workspace ws;
	char password[PASSWORD_LINE_SIZE];
	if (!cli_open_workspace(cli, &ws))
		return CLI_FAILURE;
	if (!read_new_password(o.password_file, password, sizeof password)) {
		workspace_close(&ws);
		return CLI_FAILURE;
	}
	struct error err;
	int64_t id = 0;
	error_clear(&err);
	enum status st = auth_user_add_bound(ws.store, cli_actor(), &ws.divisions, o.username, role,
					     o.scope, &binding, password, &id, &err);
	explicit_bzero(password, sizeof password);
	if (st == ST_OK)
		printf("已新建用户 %s（编号 %lld，%s）\n", o.username, (long long)id,
		       role_label(role));
	workspace_close(&ws);
	return st == ST_OK ? CLI_OK : cli_fail(&err);
}

static int user_reset_password(struct cli *cli, int argc, char **argv)
{
	struct user_options o;
	if (cli_wants_help(argc, argv)) {
		fputs(reset_usage, stdout);
		return CLI_OK;
	}
	int code = parse_user_options(argc, argv, "uf", reset_usage, &o);
	if (code != CLI_OK)
		return code;
	struct workspace ws;
	char password[PASSWORD_LINE_SIZE];
	if (!cli_open_workspace(cli, &ws))
		return CLI_FAILURE;
	if (!read_new_password(o.password_file, password, sizeof password)) {
		workspace_close(&ws);
		return CLI_FAILURE;
	}
	struct error err;
	error_clear(&err);
	enum status st = auth_user_reset_password(ws.store, cli_actor(), o.username, password, &err);
	explicit_bzero(password, sizeof password);
	if (st == ST_OK)
		printf("已为用户 %s 设置新密码，解除锁定，并结束了其全部登录\n", o.username);
	workspace_close(&ws);
	return st == ST_OK ? CLI_OK : cli_fail(&err);
}

/* `user disable` and `user unlock`: one username, one action. */
static int user_simple(struct cli *cli, int argc, char **argv, const char *usage,
		       enum status (*action)(struct store *, const char *, const char *,
					     struct error *),
		       const char *done)
{
	struct user_options o;
	if (cli_wants_help(argc, argv)) {
		fputs(usage, stdout);
		return CLI_OK;
	}
	int code = parse_user_options(argc, argv, "u", usage, &o);
	if (code != CLI_OK)
		return code;
	struct workspace ws;
	if (!cli_open_workspace(cli, &ws))
		return CLI_FAILURE;
	struct error err;
	error_clear(&err);
	enum status st = action(ws.store, cli_actor(), o.username, &err);
	if (st == ST_OK)
		printf(done, o.username);
	workspace_close(&ws);
	return st == ST_OK ? CLI_OK : cli_fail(&err);
}

static int user_disable(struct cli *cli, int argc, char **argv)
{
	return user_simple(cli, argc, argv, disable_usage, auth_user_disable,
			   "已停用用户 %s，其登录已全部结束\n");
}

static int user_unlock(struct cli *cli, int argc, char **argv)
{
	return user_simple(cli, argc, argv, unlock_usage, auth_user_unlock,
			   "已解除用户 %s 的锁定\n");
}

struct list_printer {
	const struct workspace *ws;
	size_t users;
};

static bool print_user(const struct user_info *u, void *ctx)
{
	struct list_printer *printer = ctx;
	char created[32], path[DIVISION_PATH_SIZE];
	cli_format_time(u->created_at, created, sizeof created);
	division_table_path(&printer->ws->divisions, u->scope, path, sizeof path);
	const char *state = u->disabled ? "已停用" : u->locked ? "已锁定" : "正常";
	printf("%-6lld %-20s %-18s %-12s %-6s %3d  %s  %s\n", (long long)u->id, u->username,
	       role_name(u->role), u->scope, state, u->failed_logins, created, path);
	printer->users++;
	return true;
}

static int user_list(struct cli *cli, int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		fputs(list_usage, stdout);
		return CLI_OK;
	}
	if (argc != 1)
		return cli_usage_error(list_usage, "user list 不需要参数");
	struct workspace ws;
	if (!cli_open_workspace(cli, &ws))
		return CLI_FAILURE;
	struct list_printer printer = {&ws, 0};
	struct error err;
	error_clear(&err);
	enum status st = auth_user_list(ws.store, print_user, &printer, &err);
	if (st == ST_OK)
		printf("共 %zu 个用户\n", printer.users);
	workspace_close(&ws);
	return st == ST_OK ? CLI_OK : cli_fail(&err);
}

static const struct cli_command user_commands[] = {
	{"add", "新建用户（密码从标准输入或文件读入）", user_add},
	{"disable", "停用用户并结束其登录", user_disable},
	{"reset-password", "设置新密码、解除锁定并结束其登录", user_reset_password},
	{"unlock", "解除连续登录失败造成的锁定", user_unlock},
	{"list", "列出全部用户", user_list},
	{NULL, NULL, NULL},
};

int cmd_user(struct cli *cli, int argc, char **argv)
{
	return cli_dispatch(cli, "user", user_commands, argc - 1, argv + 1);
}
