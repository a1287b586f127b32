/*
 * cmd_token.c — `liudong token create --user U [--name N]`.
 *
 * The token is printed once, alone on standard output so that scripts can
 * capture it; only its digest is kept, so it cannot be shown again.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "security/auth.h"

static const char create_usage[] =
	"用法：liudong [--db 文件] token create --user 用户名 [--name 名称]\n"
	"\n"
	"为用户创建一个接口令牌，供程序以 Authorization: Bearer 令牌 调用接口，\n"
	"权限与该用户相同。令牌只显示这一次（标准输出单独一行），数据库只保存其摘要，\n"
	"丢失后只能新建。--name 是便于辨认的名称（如“社区采集终端”），最多 64 个字符。\n";

static int token_create(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{"user", required_argument, NULL, 'u'},
		{"name", required_argument, NULL, 'n'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *username = NULL, *name = "";
	int opt;
	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+h", options, NULL)) != -1) {
		switch (opt) {
		case 'u': username = optarg; break;
		case 'n': name = optarg; break;
		case 'h': fputs(create_usage, stdout); return CLI_OK;
		default: return cli_usage_error(create_usage, "无法识别的参数");
		}
	}
	if (optind != argc)
		return cli_usage_error(create_usage, "多余的参数");
	if (username == NULL || username[0] == '\0')
		return cli_usage_error(create_usage, "请用 --user 给出用户名");

	struct workspace ws;
	if (!cli_open_workspace(cli, &ws))
		return CLI_FAILURE;
	char token[AUTH_TOKEN_TEXT_SIZE];
	int64_t id = 0;
	struct error err;
	error_clear(&err);
	enum status st = auth_token_create(ws.store, cli_actor(), username, name, token, &id, &err);
	workspace_close(&ws);
	if (st != ST_OK)
		return cli_fail(&err);
	printf("%s\n", token);
	fflush(stdout);
	fprintf(stderr, "已为用户 %s 创建令牌（编号 %lld）。令牌只显示这一次，请立即妥善保存。\n",
		username, (long long)id);
	explicit_bzero(token, sizeof token);
	return CLI_OK;
}

static const struct cli_command token_commands[] = {
	{"create", "为用户创建接口令牌（只显示一次）", token_create},
	{NULL, NULL, NULL},
};

int cmd_token(struct cli *cli, int argc, char **argv)
{
	return cli_dispatch(cli, "token", token_commands, argc - 1, argv + 1);
}
