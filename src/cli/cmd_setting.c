/*
 * cmd_setting.c — `liudong setting list|get|set`: what a deployment may
 * configure (certificate validity, inquiry deadlines, contract terms, the
 * public address in QR codes).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "domain/settings.h"

static const char list_usage[] =
	"用法：liudong [--db 文件] setting list\n"
	"\n"
	"列出全部设置项：名称、当前值（未设置时为默认值）和说明。\n";

static const char get_usage[] =
	"用法：liudong [--db 文件] setting get 名称\n"
	"\n"
	"显示一个设置项的当前值（未设置时为默认值），原样输出。\n";

static const char set_usage[] =
	"用法：liudong [--db 文件] setting set 名称 值\n"
	"      liudong [--db 文件] setting set 名称 --file 文件\n"
	"\n"
	"修改一个设置项；值不合要求时拒绝，原值不变。较长的文字（如合同条款 contract_terms）\n"
	"可以写在 UTF-8 文本文件中用 --file 读入。设置项：\n"
	"  certificate_validity_months  婚育证明有效期（月，0 表示长期有效至注销；0–120）\n"
	"  inquiry_due_days_normal      普通函调答复期限（天，1–365，默认 30）\n"
	"  inquiry_due_days_urgent      加急函调答复期限（天，1–365，默认 15）\n"
	"  contract_terms               管理服务合同书条款（最多 2000 字，可分行）\n"
	"  public_url                   对外访问地址，二维码核验链接的前缀（如 https://ld.example.gov.cn）\n"
	"  report_handling_days         现场报告核实期限（天，1–60，默认 3；超过即列入待办事项）\n"
	"修改在下一次签发、发函时生效，已签发的证明和已签订的合同不变。\n";

static bool setting_or_usage(const char *usage, const char *name, enum setting *out)
{
	if (setting_by_name(name, out))
		return true;
	cli_usage_error(usage, "没有设置项 %s，请用 setting list 查看", name);
	return false;
}

static int setting_list(struct cli *cli, int argc, char **argv)
{
	static char value[SETTING_VALUE_SIZE];
	struct workspace ws;
	struct error err;
	if (cli_wants_help(argc, argv)) {
		fputs(list_usage, stdout);
		return CLI_OK;
	}
	if (argc != 1)
		return cli_usage_error(list_usage, "setting list 不需要参数");
	if (!cli_open_workspace(cli, &ws))
		return CLI_FAILURE;
	for (int i = 0; i < SETTING__COUNT; i++) {
		const struct setting_info *info = setting_info((enum setting)i);
		if (setting_get(&ws.registry, (enum setting)i, value, sizeof value, &err) != ST_OK) {
			workspace_close(&ws);
			return cli_fail(&err);
		}
		char *newline = strchr(value, '\n');
		if (newline)
			*newline = '\0';
		printf("%-28s %s%s\n  %s\n", info->name, value[0] ? value : "（未设置）",
		       newline ? " …" : "", info->label);
	}
	workspace_close(&ws);
	return CLI_OK;
}

static int setting_get_command(struct cli *cli, int argc, char **argv)
{
	static char value[SETTING_VALUE_SIZE];
	enum setting which;
	struct workspace ws;
	struct error err;
	if (cli_wants_help(argc, argv)) {
		fputs(get_usage, stdout);
		return CLI_OK;
	}
	if (argc != 2)
		return cli_usage_error(get_usage, "请给出一个设置项名称");
	if (!setting_or_usage(get_usage, argv[1], &which))
		return CLI_USAGE;
	if (!cli_open_workspace(cli, &ws))
		return CLI_FAILURE;
	enum status st = setting_get(&ws.registry, which, value, sizeof value, &err);
	workspace_close(&ws);
	if (st != ST_OK)
		return cli_fail(&err);
	printf("%s\n", value);
	return CLI_OK;
}

/* Reads a whole UTF-8 text file into buf, without a final line break. */
static bool read_value_file(const char *path, char *buf, size_t size, struct error *err)
{
	FILE *f = fopen(path, "r");
	if (f == NULL) {
		error_set(err, ST_IO, "file", "无法读取文件：%s", strerror(errno));
		return false;
	}
	size_t n = fread(buf, 1, size, f);
	bool too_long = n == size;
	fclose(f);
	if (too_long) {
		error_set(err, ST_INVALID_INPUT, "file", "文件过长");
		return false;
	}
	buf[n] = '\0';
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	return true;
}

static int setting_set_command(struct cli *cli, int argc, char **argv)
{
	static char value[SETTING_VALUE_SIZE];
	enum setting which;
	struct workspace ws;
	struct error err;
	if (cli_wants_help(argc, argv)) {
		fputs(set_usage, stdout);
		return CLI_OK;
	}
	bool from_file = argc == 4 && strcmp(argv[2], "--file") == 0;
	if (argc != 3 && !from_file)
		return cli_usage_error(set_usage, "请给出设置项名称和值");
	if (!setting_or_usage(set_usage, argv[1], &which))
		return CLI_USAGE;
	if (from_file) {
		if (!read_value_file(argv[3], value, sizeof value, &err))
			return cli_fail(&err);
	} else if (snprintf(value, sizeof value, "%s", argv[2]) >= (int)sizeof value) {
		return cli_usage_error(set_usage, "值过长");
	}
	if (!cli_open_workspace(cli, &ws))
		return CLI_FAILURE;
	enum status st = setting_set(&ws.registry, which, value, cli_actor(), &err);
	workspace_close(&ws);
	if (st != ST_OK)
		return cli_fail(&err);
	printf("已修改设置 %s\n", argv[1]);
	return CLI_OK;
}

static const struct cli_command setting_commands[] = {
	{"list", "列出全部设置项及当前值", setting_list},
	{"get", "显示一个设置项", setting_get_command},
	{"set", "修改一个设置项", setting_set_command},
	{NULL, NULL, NULL},
};

int cmd_setting(struct cli *cli, int argc, char **argv)
{
	return cli_dispatch(cli, "setting", setting_commands, argc - 1, argv + 1);
}
