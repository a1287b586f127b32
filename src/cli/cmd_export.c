/*
 * cmd_export.c — `liudong export KIND ...`: records as a CSV or XLSX file.
 * The first argument says what is exported; each kind is one row of the
 * table below with its own options.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/text.h"
#include "domain/person_export.h"
#include "security/audit.h"

static const char persons_usage[] =
	"用法：liudong [--db 文件] export persons --format csv|xlsx --out 文件\n"
	"                [--division 区划代码] [--name 姓名开头] [--flow inflow|outflow]\n"
	"                [--management floating|resident|handed_over|left] [--full]\n"
	"\n"
	"把符合条件的流动人口档案导出为 CSV（带 BOM 的 UTF-8）或 XLSX，表头与导入所用相同，\n"
	"改正后可再导入。公民身份号码和联系电话默认只显示首尾几位；--full 导出完整号码，\n"
	"并记入审计日志。一个文件最多 1,000,000 人。\n";

static const char worklist_usage[] =
	"用法：liudong [--db 文件] export worklist --format csv|xlsx --out 文件\n"
	"                [--division 区划代码] [--kind 事项类别] [--full]\n"
	"\n"
	"把待办事项（每类最多 500 项，按应办日期排列）导出为 CSV 或 XLSX。\n"
	"公民身份号码默认只显示首尾几位；--full 导出完整号码，并记入审计日志。\n";

/* Options every kind shares. */
struct export_args {
	const char *format, *out, *division, *name, *flow, *management, *kind;
	bool full;
};

static int parse_args(int argc, char **argv, const char *usage, bool persons,
		      struct export_args *a)
{
	memset(a, 0, sizeof *a);
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--full") == 0) {
			a->full = true;
			continue;
		}
		const char **target = strcmp(argv[i], "--format") == 0	   ? &a->format
				      : strcmp(argv[i], "--out") == 0	   ? &a->out
				      : strcmp(argv[i], "--division") == 0 ? &a->division
				      : persons && strcmp(argv[i], "--name") == 0 ? &a->name
				      : persons && strcmp(argv[i], "--flow") == 0 ? &a->flow
				      : persons && strcmp(argv[i], "--management") == 0 ? &a->management
				      : !persons && strcmp(argv[i], "--kind") == 0 ? &a->kind
										   : NULL;
		if (target == NULL)
			return cli_usage_error(usage, "无法识别的参数：%s", argv[i]);
		if (i + 1 >= argc)
			return cli_usage_error(usage, "%s 后面需要一个值", argv[i]);
		*target = argv[++i];
	}
	if (a->out == NULL || a->out[0] == '\0')
		return cli_usage_error(usage, "请用 --out 给出要写入的文件");
	return CLI_OK;
}

/* An audit row for an export with full ID numbers (who, what, how many). */
static enum status audit_full_export(struct store *store, const char *action, size_t rows,
				     struct error *err)
{
	struct audit_entry a;
	audit_entry_init(&a, NULL, "", action, "", "ok");
	snprintf(a.username, sizeof a.username, "%s", cli_actor());
	snprintf(a.detail, sizeof a.detail, "full=true rows=%zu", rows);
	return audit_write(store, &a, err);
}

static int export_persons(struct cli *cli, int argc, char **argv)
{
	struct export_args a;
	struct person_query q;
	enum sheet_format format;
	if (cli_wants_help(argc, argv)) {
		fputs(persons_usage, stdout);
		return CLI_OK;
	}
	int rc = parse_args(argc, argv, persons_usage, true, &a);
	if (rc != CLI_OK)
		return rc;
	if (a.format == NULL || !sheet_format_parse(a.format, &format))
		return cli_usage_error(persons_usage, "--format 应为 csv 或 xlsx");
	memset(&q, 0, sizeof q);
	if ((a.flow && !person_flow_parse(a.flow, &q.flow)) ||
	    (a.management && !person_management_parse(a.management, &q.management)))
		return cli_usage_error(persons_usage, "--flow 或 --management 的值不正确");
	if ((a.division && !text_copy(q.division, sizeof q.division, a.division)) ||
	    (a.name && !text_copy(q.name_prefix, sizeof q.name_prefix, a.name)))
		return cli_usage_error(persons_usage, "--division 或 --name 过长");

	struct workspace ws;
	struct error err;
	size_t rows = 0;
	char *unused = NULL;
	size_t length = 0;
	error_clear(&err);
	if (!cli_open_workspace(cli, &ws))
		return CLI_FAILURE;
	enum status st = person_query_prepare(&ws.registry, &q, &err);
	if (st == ST_OK)
		st = person_export_search(&ws.registry, &q, a.full, format, a.out,
					  PERSON_EXPORT_MAX_ROWS, &unused, &length, &rows, &err);
	if (st == ST_OK && a.full)
		st = audit_full_export(ws.store, "person.export", rows, &err);
	workspace_close(&ws);
	if (st != ST_OK)
		return cli_fail(&err);
	printf("已导出 %zu 份档案，写入 %s\n", rows, a.out);
	return CLI_OK;
}

static int export_worklist(struct cli *cli, int argc, char **argv)
{
	struct export_args a;
	struct worklist_query q;
	struct worklist_result result;
	enum sheet_format format;
	if (cli_wants_help(argc, argv)) {
		fputs(worklist_usage, stdout);
		return CLI_OK;
	}
	int rc = parse_args(argc, argv, worklist_usage, false, &a);
	if (rc != CLI_OK)
		return rc;
	if (a.format == NULL || !sheet_format_parse(a.format, &format))
		return cli_usage_error(worklist_usage, "--format 应为 csv 或 xlsx");
	memset(&q, 0, sizeof q);
	if (a.kind && !worklist_kind_parse(a.kind, &q.kind))
		return cli_usage_error(worklist_usage, "--kind 的值不正确（见 liudong due --help）");
	if (a.division && !text_copy(q.division, sizeof q.division, a.division))
		return cli_usage_error(worklist_usage, "--division 过长");
	q.limit = WORKLIST_LIMIT_MAX;

	struct workspace ws;
	struct error err;
	char *unused = NULL;
	size_t length = 0;
	error_clear(&err);
	memset(&result, 0, sizeof result);
	if (!cli_open_workspace(cli, &ws))
		return CLI_FAILURE;
	enum status st = worklist_query_prepare(&ws.registry, &q, &err);
	if (st == ST_OK)
		st = worklist_run(&ws.registry, &q, &result, &err);
	if (st == ST_OK)
		st = person_export_worklist(&ws.registry, &result, a.full, format, a.out, &unused,
					    &length, &err);
	if (st == ST_OK && a.full)
		st = audit_full_export(ws.store, "worklist.export", result.item_count, &err);
	size_t items = result.item_count;
	worklist_result_release(&result);
	workspace_close(&ws);
	if (st != ST_OK)
		return cli_fail(&err);
	printf("已导出 %zu 项待办事项，写入 %s\n", items, a.out);
	return CLI_OK;
}

static const struct cli_command export_kinds[] = {
	{"persons", "流动人口档案（按区划、姓名、流动类型、管理状态筛选）", export_persons},
	{"worklist", "待办事项（按区划和类别）", export_worklist},
	{"stats", "统计表（人员、持证、办理情况、月度趋势，按下级区划）", cli_export_stats},
	{NULL, NULL, NULL},
};

int cmd_export(struct cli *cli, int argc, char **argv)
{
	return cli_dispatch(cli, "export", export_kinds, argc - 1, argv + 1);
}
