/*
 * cmd_stats.c — `liudong stats`: the statistics tables (domain/stats.h) of
 * the city or a division of it, on the terminal, as CSV or as JSON; and
 * `liudong stats --rebuild`, which recomputes the summaries from the
 * records.  `liudong export stats` (cmd_export.c) writes them to a file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "cli/cli.h"
#include "domain/stats.h"
#include "store/store.h"

static const char stats_usage[] =
	"用法：liudong [--db 文件] stats [--division 代码] [--table 表] [--format text|csv|json]\n"
	"      liudong [--db 文件] stats --rebuild\n"
	"\n"
	"显示本市或某一区划的统计（按下级区划分行，最后一行为合计）：\n"
	"  persons       人员：流入/流出、管理方式、性别、年龄组、育龄妇女（15-49岁）\n"
	"  certificates  持证：应持证、持证人数和持证率，有效证明，临时证明到期未换证\n"
	"  casework      函调、信息报告和投诉的办理情况\n"
	"  trends        近 12 个月：建档、流入、流出、签发证明\n"
	"不给 --table 时显示全部四张表。--format csv 为带 BOM 的 UTF-8。\n"
	"--rebuild 按档案重新计算统计汇总表（liudong check 报告汇总表不一致时使用）。\n";

/* The options of `stats` and `export stats`. */
struct stats_options {
	const char *division;
	const char *table;
	const char *format;
	const char *output;
	bool rebuild;
};

/* Columns a title takes on a terminal: two for each character beyond ASCII. */
static size_t display_width(const char *text)
{
	size_t width = 0;
	for (const unsigned char *c = (const unsigned char *)text; *c; c++)
		if ((*c & 0xC0) != 0x80)
			width += *c < 0x80 ? 1 : 2;
	return width;
}

static void print_text(const struct stats_result *r)
{
	char value[STATS_KEY_SIZE];
	printf("%s — %s（%s），统计日期 %s\n", stats_table_title(r->table), r->division_name,
	       r->division, r->today);
	for (size_t i = 0; i < r->row_count; i++) {
		const struct stats_row *row = &r->rows[i];
		if (row->kind == STATS_ROW_TOTAL)
			printf("\n%s\n", row->name);
		else
			printf("\n%s %s\n", row->code, row->name);
		for (size_t c = 0; c < r->column_count; c++) {
			stats_value_text(&r->columns[c], row->values[c], value, sizeof value);
			size_t width = display_width(r->columns[c].title);
			printf("  %s%*s %s\n", r->columns[c].title, width < 24 ? (int)(24 - width) : 0, "",
			       value[0] ? value : "-");
		}
	}
}

static int print_table(const struct registry *reg, enum stats_table table,
		       const struct stats_options *opt)
{
	struct stats_result r;
	struct error err;
	error_clear(&err);
	if (stats_compute(reg, table, opt->division ? opt->division : "", &r, &err) != ST_OK)
		return cli_fail(&err);
	int rc = CLI_OK;
	if (strcmp(opt->format, "json") == 0) {
		json_t *body = api_stats_json(&r);
		char *text = json_dumps(body, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		json_decref(body);
		if (text == NULL) {
			error_set(&err, ST_NO_MEMORY, "", NULL);
			rc = cli_fail(&err);
		} else {
			printf("%s\n", text);
			free(text);
		}
	} else if (strcmp(opt->format, "csv") == 0) {
		char *file;
		size_t length;
		if (stats_render_file(&r, SHEET_CSV, NULL, &file, &length, &err) != ST_OK) {
			rc = cli_fail(&err);
		} else {
			fwrite(file, 1, length, stdout);
			free(file);
		}
	} else {
		print_text(&r);
	}
	stats_result_release(&r);
	return rc;
}

/* Reads the options; returns CLI_OK or prints the usage error. */
static int stats_options_parse(const char *usage, int argc, char **argv, bool allow_output,
			       struct stats_options *opt)
{
	memset(opt, 0, sizeof *opt);
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--rebuild") == 0 && !allow_output) {
			opt->rebuild = true;
			continue;
		}
		const char **target = strcmp(argv[i], "--division") == 0 ? &opt->division
				      : strcmp(argv[i], "--table") == 0  ? &opt->table
				      : strcmp(argv[i], "--format") == 0 ? &opt->format
				      : allow_output && (strcmp(argv[i], "--out") == 0 ||
						   strcmp(argv[i], "--output") == 0) ? &opt->output
											 : NULL;
		if (target == NULL)
			return cli_usage_error(usage, "无法识别的参数：%s", argv[i]);
		if (i + 1 >= argc)
			return cli_usage_error(usage, "%s 后面需要一个值", argv[i]);
		*target = argv[++i];
	}
	enum stats_table table;
	if (opt->table && !stats_table_parse(opt->table, &table))
		return cli_usage_error(usage, "--table 应为 persons、certificates、casework 或 trends");
	return CLI_OK;
}

static int rebuild(struct workspace *ws)
{
	struct error err;
	error_clear(&err);
	if (store_stats_rebuild(ws->registry.store, &err) != ST_OK)
		return cli_fail(&err);
	printf("统计汇总表已按档案重新计算。\n");
	return CLI_OK;
}

int cmd_stats(struct cli *cli, int argc, char **argv)
{
	struct stats_options opt;
	struct workspace ws;
	if (cli_wants_help(argc, argv)) {
		fputs(stats_usage, stdout);
		return CLI_OK;
	}
	int rc = stats_options_parse(stats_usage, argc, argv, false, &opt);
	if (rc != CLI_OK)
		return rc;
	if (opt.format == NULL)
		opt.format = "text";
	if (strcmp(opt.format, "text") != 0 && strcmp(opt.format, "csv") != 0 &&
	    strcmp(opt.format, "json") != 0)
		return cli_usage_error(stats_usage, "--format 应为 text、csv 或 json");
	if (!cli_open_workspace(cli, &ws))
		return CLI_FAILURE;
	if (opt.rebuild) {
		rc = rebuild(&ws);
	} else if (opt.table) {
		enum stats_table table;
		stats_table_parse(opt.table, &table);
		rc = print_table(&ws.registry, table, &opt);
	} else {
		for (int t = 0; t < STATS_TABLE_END && rc == CLI_OK; t++) {
			if (t > 0 && strcmp(opt.format, "text") == 0)
				printf("\n");
			rc = print_table(&ws.registry, (enum stats_table)t, &opt);
		}
	}
	workspace_close(&ws);
	return rc;
}

static const char export_stats_usage[] =
	"用法：liudong [--db 文件] export stats --table 表 --format csv|xlsx --out 文件\n"
	"                [--division 代码]\n"
	"\n"
	"把一张统计表（persons、certificates、casework、trends）写成文件：按下级区划分行，\n"
	"最后一行为合计。CSV 为带 BOM 的 UTF-8，可直接用 Excel 打开。\n";

int cli_export_stats(struct cli *cli, int argc, char **argv)
{
	struct stats_options opt;
	struct workspace ws;
	enum stats_table table;
	enum sheet_format format;
	if (cli_wants_help(argc, argv)) {
		fputs(export_stats_usage, stdout);
		return CLI_OK;
	}
	int rc = stats_options_parse(export_stats_usage, argc, argv, true, &opt);
	if (rc != CLI_OK)
		return rc;
	if (opt.table == NULL || !stats_table_parse(opt.table, &table))
		return cli_usage_error(export_stats_usage,
				       "请用 --table 给出 persons、certificates、casework 或 trends");
	if (opt.format == NULL || !sheet_format_parse(opt.format, &format))
		return cli_usage_error(export_stats_usage, "--format 应为 csv 或 xlsx");
	if (opt.output == NULL || opt.output[0] == '\0')
		return cli_usage_error(export_stats_usage, "请用 --out 给出要写入的文件");
	if (!cli_open_workspace(cli, &ws))
		return CLI_FAILURE;
	struct stats_result r;
	struct error err;
	error_clear(&err);
	if (stats_compute(&ws.registry, table, opt.division ? opt.division : "", &r, &err) !=
	    ST_OK) {
		rc = cli_fail(&err);
		goto out_close;
	}
	if (stats_render_file(&r, format, opt.output, NULL, NULL, &err) != ST_OK)
		rc = cli_fail(&err);
	else
		printf("已导出%s（%s，%zu 行）到 %s\n", stats_table_title(table), r.division_name,
		       r.row_count, opt.output);
	stats_result_release(&r);
out_close:
	workspace_close(&ws);
	return rc;
}
