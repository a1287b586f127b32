/*
 * cmd_due.c — `liudong due`: the work list (待办事项) of a division, as the
 * API's GET /api/v1/worklist gives it: counts per kind, then the items by
 * due date with the person and the action to take.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "domain/worklist.h"

static const char due_usage[] =
	"用法：liudong [--db 文件] due [--division 代码] [--kind 类别] [--limit 条数]\n"
	"\n"
	"列出待办事项：先按类别给出件数，再按到期日期列出每一项（档案、身份号码脱敏、\n"
	"现居住社区、相关证明/合同/函调、应办事项）。\n"
	"\n"
	"  --division 代码   现居住地在此区划内（市、乡镇街道或社区村；默认全市）\n"
	"  --kind 类别       只列出这一类（件数仍列出全部类别）：\n"
	"                    certificate_missing          未交验婚育证明（流入满 30 天）\n"
	"                    temporary_ending             临时婚育证明 15 天内到期\n"
	"                    temporary_ended              临时婚育证明已到期\n"
	"                    contract_overdue             管理服务合同书逾期\n"
	"                    inquiry_due                  函调 7 天内到期\n"
	"                    inquiry_overdue              函调逾期未复\n"
	"                    resident_candidate           流入满一年，可转为常住管理\n"
	"                    outflow_without_certificate  流出人口未办婚育证明\n"
	"                    report_unhandled             现场报告待处理\n"
	"                    complaint_overdue            投诉逾期未答复\n"
	"  --limit 条数      每类最多列出的条数，默认 50，最多 500\n";

/* Fills a query from the options; prints the usage error and returns false. */
static bool parse_due(int argc, char **argv, struct worklist_query *q)
{
	static const struct option options[] = {
		{"division", required_argument, NULL, 'd'},
		{"kind", required_argument, NULL, 'k'},
		{"limit", required_argument, NULL, 'l'},
		{NULL, 0, NULL, 0},
	};
	int opt, which = -1;
	long number;
	memset(q, 0, sizeof *q);
	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+", options, &which)) != -1) {
		bool ok = true;
		switch (opt) {
		case 'd':
			ok = snprintf(q->division, sizeof q->division, "%s", optarg) <
			     (int)sizeof q->division;
			break;
		case 'k': ok = worklist_kind_parse(optarg, &q->kind); break;
		case 'l':
			ok = cli_parse_count(optarg, WORKLIST_LIMIT_MAX, &number) && number > 0;
			q->limit = ok ? (size_t)number : 0;
			break;
		default: ok = false; break;
		}
		if (!ok) {
			if (opt == '?' || which < 0)
				cli_usage_error(due_usage, "无法识别的参数");
			else
				cli_usage_error(due_usage, "参数 --%s 的值不正确", options[which].name);
			return false;
		}
		which = -1;
	}
	if (optind != argc) {
		cli_usage_error(due_usage, "多余的参数");
		return false;
	}
	return true;
}

/* Prints text padded to `columns` display columns (two per CJK character). */
static void print_padded(const char *text, size_t columns)
{
	size_t width = 0;
	for (const unsigned char *c = (const unsigned char *)text; *c; c++)
		if ((*c & 0xC0) != 0x80)
			width += *c < 0x80 ? 1 : 2;
	fputs(text, stdout);
	for (; width < columns; width++)
		putchar(' ');
}

static void print_counts(const struct workspace *ws, const struct worklist_query *q,
			 const struct worklist_result *result)
{
	char path[DIVISION_PATH_SIZE], today[DATE_TEXT_SIZE];
	division_table_path(&ws->divisions, q->division, path, sizeof path);
	date_format(&ws->registry.today, today, sizeof today);
	printf("待办事项：%s（%s）\n", path[0] ? path : q->division, today);
	for (int k = WORKLIST_ALL + 1; k < WORKLIST_KIND_END; k++) {
		fputs("  ", stdout);
		print_padded(worklist_kind_label((enum worklist_kind)k), 24);
		printf("%6lld  %s\n", (long long)result->counts[k],
		       worklist_kind_name((enum worklist_kind)k));
	}
	fputs("  ", stdout);
	print_padded("合计", 24);
	printf("%6lld\n", (long long)result->counts[WORKLIST_ALL]);
}

static void print_item(const struct workspace *ws, const struct worklist_item *item)
{
	char masked[IDCARD_MASKED_SIZE], path[DIVISION_PATH_SIZE], late[32];
	idcard_mask(item->id_number, masked, sizeof masked);
	division_table_path(&ws->divisions, item->residence_division, path, sizeof path);
	if (item->overdue_days > 0)
		snprintf(late, sizeof late, "逾期 %ld 天", item->overdue_days);
	else
		snprintf(late, sizeof late, "%s", item->due_on[0] ? "未到期" : "—");
	print_padded(item->due_on[0] ? item->due_on : "—", 11);
	print_padded(late, 14);
	print_padded(worklist_kind_label(item->kind), 22);
	printf("%-8lld ", (long long)item->person_id);
	print_padded(item->name, 10);
	printf(" %s %s", masked, path);
	if (item->subject[0])
		printf(" %s", item->subject);
	printf("\n    → %s\n", worklist_kind_action(item->kind));
}

int cmd_due(struct cli *cli, int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		fputs(due_usage, stdout);
		return CLI_OK;
	}
	struct worklist_query q;
	if (!parse_due(argc, argv, &q))
		return CLI_USAGE;
	struct workspace ws;
	if (!cli_open_workspace(cli, &ws))
		return CLI_FAILURE;
	struct worklist_result result;
	struct error err;
	error_clear(&err);
	memset(&result, 0, sizeof result);
	enum status st = worklist_query_prepare(&ws.registry, &q, &err);
	if (st == ST_OK)
		st = worklist_run(&ws.registry, &q, &result, &err);
	if (st == ST_OK) {
		print_counts(&ws, &q, &result);
		if (result.item_count > 0)
			printf("\n到期日期   是否逾期      事项                  档案编号 姓名       "
			       "身份号码           现居住社区（村） 相关记录\n");
		for (size_t i = 0; i < result.item_count; i++)
			print_item(&ws, &result.items[i]);
		int64_t total = q.kind == WORKLIST_ALL ? result.counts[WORKLIST_ALL]
						      : result.counts[q.kind];
		if ((int64_t)result.item_count < total)
			printf("\n列出 %zu 项，共 %lld 项（每类最多列出 %zu 项，可用 --limit 或 --kind）\n",
			       result.item_count, (long long)total, q.limit);
	}
	worklist_result_release(&result);
	workspace_close(&ws);
	return st == ST_OK ? CLI_OK : cli_fail(&err);
}
