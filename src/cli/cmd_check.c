/*
 * cmd_check.c — `liudong check`: integrity, foreign keys, sealed fields.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "store/store.h"

static const char check_usage[] =
	"用法：liudong [--db 文件] check\n"
	"\n"
	"检查数据库：SQLite 完整性检查、外键检查，并逐条解开加密字段（身份号码、电话）。\n"
	"全部通过时退出码为 0，发现问题时逐条列出并以 1 退出。\n";

static void print_problem(const char *problem, void *ctx)
{
	(void)ctx;
	printf("问题：%s\n", problem);
}

int cmd_check(struct cli *cli, int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		fputs(check_usage, stdout);
		return CLI_OK;
	}
	if (argc != 1)
		return cli_usage_error(check_usage, "check 不需要参数");
	struct workspace ws;
	struct error err;
	error_clear(&err);
	if (!cli_open_workspace(cli, &ws))
		return CLI_FAILURE;
	size_t problems = 0;
	int64_t persons = 0;
	enum status st = store_check(ws.store, print_problem, NULL, &problems, &err);
	if (st == ST_OK)
		st = store_person_count(ws.store, &persons, &err);
	workspace_close(&ws);
	if (st != ST_OK)
		return cli_fail(&err);
	printf("检查通过：完整性、外键、%lld 份档案的加密字段均正常\n", (long long)persons);
	return CLI_OK;
}
