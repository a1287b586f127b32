/*
 * cli.c — dispatch, errors and small parsers shared by the subcommands.
 */
#include "cli/cli.h"

#include <errno.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void print_table(const char *group, const struct cli_command *table, FILE *out)
{
	fprintf(out, "用法：liudong [--db 文件] %s%s命令 [参数]\n\n命令：\n", group,
		group[0] ? " " : "");
	for (const struct cli_command *c = table; c->name; c++)
		fprintf(out, "  %-12s %s\n", c->name, c->summary);
	fprintf(out, "\n每个命令都可加 --help 查看详细用法。\n");
}

int cli_dispatch(struct cli *cli, const char *group, const struct cli_command *table,
		 int argc, char **argv)
{
	if (argc < 1 || strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0 ||
	    strcmp(argv[0], "help") == 0) {
		print_table(group, table, argc < 1 ? stderr : stdout);
		return argc < 1 ? CLI_USAGE : CLI_OK;
	}
	for (const struct cli_command *c = table; c->name; c++)
		if (strcmp(c->name, argv[0]) == 0)
			return c->run(cli, argc, argv);
	fprintf(stderr, "错误：没有这个命令“%.40s”，请用下列命令之一 [usage]\n\n", argv[0]);
	print_table(group, table, stderr);
	return CLI_USAGE;
}

int cli_fail(const struct error *err)
{
	if (err->field[0])
		fprintf(stderr, "错误：%s（字段 %s） [%s%s%s]\n", err->message, err->field,
			error_code(err->status), err->reason[0] ? ":" : "", err->reason);
	else
		fprintf(stderr, "错误：%s [%s]\n", err->message, error_code(err->status));
	return err->status == ST_USAGE ? CLI_USAGE : CLI_FAILURE;
}

int cli_usage_error(const char *usage, const char *fmt, ...)
{
	va_list ap;
	fputs("错误：", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " [usage]\n\n%s", usage);
	return CLI_USAGE;
}

bool cli_wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return false;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return true;
	}
	return false;
}

bool cli_parse_id(const char *text, int64_t *out)
{
	char *end;
	if (text == NULL || *text < '0' || *text > '9')
		return false;
	errno = 0;
	long long v = strtoll(text, &end, 10);
	if (errno != 0 || *end != '\0' || v <= 0)
		return false;
	*out = v;
	return true;
}

bool cli_parse_count(const char *text, long max, long *out)
{
	char *end;
	if (text == NULL || *text < '0' || *text > '9')
		return false;
	errno = 0;
	long v = strtol(text, &end, 10);
	if (errno != 0 || *end != '\0' || v < 0 || v > max)
		return false;
	*out = v;
	return true;
}

int cli_take_db_option(struct cli *cli, int argc, char **argv)
{
	int kept = 1;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			while (i < argc)
				argv[kept++] = argv[i++];
			break;
		}
		if (strcmp(argv[i], "--db") == 0) {
			if (i + 1 >= argc || argv[i + 1][0] == '\0')
				return -1;
			cli->db_path = argv[++i];
		} else if (strncmp(argv[i], "--db=", 5) == 0) {
			if (argv[i][5] == '\0')
				return -1;
			cli->db_path = argv[i] + 5;
		} else {
			argv[kept++] = argv[i];
		}
	}
	argv[kept] = NULL;
	return kept;
}

bool cli_open_workspace(struct cli *cli, struct workspace *ws)
{
	struct error err;
	error_clear(&err);
	if (workspace_open(ws, cli->db_path, &err) != ST_OK) {
		cli_fail(&err);
		return false;
	}
	return true;
}

const char *cli_actor(void)
{
	static char actor[64];
	if (actor[0] == '\0') {
		struct passwd *pw = getpwuid(geteuid());
		snprintf(actor, sizeof actor, "cli:%.48s", pw && pw->pw_name ? pw->pw_name : "unknown");
	}
	return actor;
}

void cli_format_time(int64_t seconds, char *buf, size_t size)
{
	time_t t = (time_t)seconds;
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%d %H:%M:%S", &tm);
}
