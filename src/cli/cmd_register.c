/*
 * cmd_register.c — `liudong register export`: the construction register
 * (嘉峪关市建筑企业流动人口计划生育管理服务登记册) of one enterprise as a
 * CSV or XLSX file, for operators.  ID numbers are always masked here;
 * full numbers are exported only through the API, by an office, audited.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "domain/employment.h"
#include "domain/site_register.h"

static const char export_usage[] =
	"用法：liudong [--db 文件] register export --organization 编号 [--site 工地]\n"
	"                --format csv|xlsx --out 文件\n"
	"\n"
	"导出建筑施工企业的流动人口计划生育管理服务登记册：住工地的全部职工（含季节性），\n"
	"按工地和进场日期排列。--site 只导出这一个工地（与登记时填写的工地完全一致）。\n"
	"CSV 为带 BOM 的 UTF-8，可直接用 Excel 打开；公民身份号码只显示首尾几位。\n";

static enum status write_file(const char *path, const char *data, size_t length,
			      struct error *err)
{
	FILE *f = fopen(path, "wb");
	if (f == NULL)
		return error_set(err, ST_IO, "out", "无法写入文件 %s，请检查路径和权限", path);
	size_t written = fwrite(data, 1, length, f);
	if (fclose(f) != 0 || written != length)
		return error_set(err, ST_IO, "out", "写入文件 %s 失败，请检查磁盘空间", path);
	return ST_OK;
}

static int register_export_command(struct cli *cli, int argc, char **argv)
{
	const char *organization = NULL, *site = "", *format_name = NULL, *out = NULL;
	if (cli_wants_help(argc, argv)) {
		fputs(export_usage, stdout);
		return CLI_OK;
	}
	for (int i = 1; i < argc; i++) {
		const char **target = strcmp(argv[i], "--organization") == 0 ? &organization
				      : strcmp(argv[i], "--site") == 0       ? &site
				      : strcmp(argv[i], "--format") == 0     ? &format_name
				      : strcmp(argv[i], "--out") == 0        ? &out
									     : NULL;
		if (target == NULL)
			return cli_usage_error(export_usage, "无法识别的参数：%s", argv[i]);
		if (i + 1 >= argc)
			return cli_usage_error(export_usage, "%s 后面需要一个值", argv[i]);
		*target = argv[++i];
	}
	int64_t id;
	enum site_register_format format;
	if (organization == NULL || !cli_parse_id(organization, &id))
		return cli_usage_error(export_usage, "请用 --organization 给出单位编号（正整数）");
	if (format_name == NULL || !site_register_format_parse(format_name, &format))
		return cli_usage_error(export_usage, "--format 应为 csv 或 xlsx");
	if (out == NULL || out[0] == '\0')
		return cli_usage_error(export_usage, "请用 --out 给出要写入的文件");

	struct workspace ws;
	struct error err;
	struct organization o;
	size_t count = 0, length = 0;
	char *file = NULL;
	error_clear(&err);
	if (!cli_open_workspace(cli, &ws))
		return CLI_FAILURE;
	struct employment_worker *list = calloc(EMPLOYMENT_LIST_MAX, sizeof *list);
	enum status st = list ? ST_OK : error_set(&err, ST_NO_MEMORY, "", NULL);
	if (st == ST_OK)
		st = organization_get(&ws.registry, id, &o, &err);
	if (st == ST_OK)
		st = employment_register(&ws.registry, id, site, list, EMPLOYMENT_LIST_MAX, &count,
					 &err);
	if (st == ST_OK)
		st = site_register_render(&ws.registry, &o, list, count, false, format, &file,
					  &length, &err);
	if (st == ST_OK)
		st = write_file(out, file, length, &err);
	free(file);
	free(list);
	workspace_close(&ws);
	if (st != ST_OK)
		return cli_fail(&err);
	printf("已导出 %s 的登记册：%zu 人，写入 %s\n", o.name, count, out);
	return CLI_OK;
}

static const struct cli_command register_commands[] = {
	{"export", "导出建筑企业流动人口管理服务登记册（CSV 或 XLSX）", register_export_command},
	{NULL, NULL, NULL},
};

int cmd_register(struct cli *cli, int argc, char **argv)
{
	return cli_dispatch(cli, "register", register_commands, argc - 1, argv + 1);
}
