/*
 * cmd_backup.c — `liudong backup --to FILE` and `liudong check`.
 */
#include <getopt.h>
#include <stdio.h>
#include <unistd.h>

#include "cli/cli.h"
#include "store/store.h"

static const char backup_usage[] =
	"用法：liudong [--db 文件] backup --to 备份文件\n"
	"\n"
	"在线备份数据库：服务运行和写入时也能得到一致的副本，完成后自动校验副本。\n"
	"备份文件已存在时不会覆盖。密钥文件（<数据库>.key）不随数据库备份，\n"
	"请另行妥善保存：没有密钥，备份中的身份号码和电话无法解开。\n";

static void show_progress(long done, long total, void *ctx)
{
	(void)ctx;
	if (total > 0 && isatty(STDERR_FILENO))
		fprintf(stderr, "\r备份 %ld/%ld 页（%ld%%）", done, total, done * 100 / total);
}

int cmd_backup(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{"to", required_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *to = NULL;
	int opt;
	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+h", options, NULL)) != -1) {
		switch (opt) {
		case 't': to = optarg; break;
		case 'h': fputs(backup_usage, stdout); return CLI_OK;
		default: return cli_usage_error(backup_usage, "无法识别的参数");
		}
	}
	if (optind != argc)
		return cli_usage_error(backup_usage, "多余的参数");
	if (to == NULL || to[0] == '\0')
		return cli_usage_error(backup_usage, "请用 --to 指定备份文件");

	struct workspace ws;
	struct error err;
	error_clear(&err);
	if (!cli_open_workspace(cli, &ws))
		return CLI_FAILURE;
	enum status st = store_backup(ws.store, to, show_progress, NULL, &err);
	if (isatty(STDERR_FILENO))
		fputc('\n', stderr);
	workspace_close(&ws);
	if (st != ST_OK)
		return cli_fail(&err);
	printf("已备份到 %s 并校验通过\n", to);
	return CLI_OK;
}
