/*
 * cmd_import.c — `liudong import FILE`: persons from a WIS export or an
 * office spreadsheet (CSV or XLSX), with progress on the terminal.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "domain/person_import.h"

#define MAPPING_MAX_BYTES (64 * 1024)

static const char import_usage[] =
	"用法：liudong [--db 文件] import 文件 [--dry-run] [--all-or-nothing]\n"
	"                [--encoding utf-8|gb18030] [--mapping 对照表] [--division 区划代码]\n"
	"                [--errors 错误文件.csv|.xlsx] [--batch 行数]\n"
	"\n"
	"从育龄妇女信息系统（WIS）导出的文件或各单位的表格（CSV 或 XLSX）批量导入流动人口档案。\n"
	"第一行为表头：公民身份号码（身份证号）、姓名、户籍地（区划代码）、所属社区（代码或名称）\n"
	"为必需列；性别、出生日期只用于核对身份证号。其他表头可用 --mapping 对照表说明，\n"
	"每行一条“表头=字段名”，如 证件号=id_number。\n"
	"\n"
	"  --dry-run         只检查每一行，不保存任何档案\n"
	"  --all-or-nothing  先检查全部行；只要有一行被拒绝，就一行也不导入\n"
	"  --encoding        CSV 文件的编码；默认自动判断（有效的 UTF-8 按 UTF-8，否则按 GB18030）\n"
	"  --division        只接受居住在该区划内的人员；为社区时，没有“所属社区”的行归入该社区\n"
	"  --errors          把被拒绝的行（含行号、错误列、错误原因）写入该文件，改正后可再导入\n"
	"  --batch           每批提交的行数（默认 5000）\n"
	"\n"
	"每批一个事务：中途中断后再次导入同一文件，会从上次提交处继续，不会重复登记。\n";

/* What the progress display remembers between reports. */
struct progress {
	bool tty;
	struct timespec start, last;
	bool shown;
};

static double seconds_since(const struct timespec *t)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t->tv_sec) + (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

static int64_t rows_done(const struct person_import_record *rec)
{
	return rec->created + rec->updated + rec->unchanged + rec->rejected;
}

/* Progress on stderr: in place on a terminal (at most 4 times a second), else a line per 10 s. */
static void show_progress(const struct person_import_record *rec, void *ctx)
{
	struct progress *p = ctx;
	double since_last = seconds_since(&p->last);
	bool done = rec->state != IMPORT_RUNNING;
	if (!done && since_last < (p->tty ? 0.25 : 10.0))
		return;
	clock_gettime(CLOCK_MONOTONIC, &p->last);
	double elapsed = seconds_since(&p->start);
	int64_t rows = rows_done(rec);
	double rate = elapsed > 0 ? (double)rows / elapsed : 0;
	char estimate[96] = "";
	if (rec->rows_estimate > 0 && !done) {
		double percent = 100.0 * (double)rows / (double)rec->rows_estimate;
		long left = rate > 0 && rows < rec->rows_estimate
				    ? (long)((double)(rec->rows_estimate - rows) / rate)
				    : 0;
		snprintf(estimate, sizeof estimate, "，%.0f%%，预计还需 %ld 分 %ld 秒",
			 percent > 100 ? 100 : percent, left / 60, left % 60);
	}
	fprintf(stderr, "%s已处理 %lld 行，%.0f 行/秒%s%s", p->tty ? "\r\033[K" : "",
		(long long)rows, rate, estimate, p->tty ? "" : "\n");
	p->shown = true;
	if (done && p->tty)
		fputc('\n', stderr);
}

static enum status read_mapping(const char *path, struct import_mapping *mapping,
				struct error *err)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return error_set(err, ST_IO, "mapping", "无法读取对照表文件，请检查路径");
	char *text = malloc(MAPPING_MAX_BYTES + 1);
	size_t n = text ? fread(text, 1, MAPPING_MAX_BYTES + 1, f) : 0;
	fclose(f);
	if (text == NULL)
		return error_set(err, ST_NO_MEMORY, "", NULL);
	if (n > MAPPING_MAX_BYTES) {
		free(text);
		return error_set(err, ST_INVALID_INPUT, "mapping", "对照表文件过大");
	}
	text[n] = '\0';
	const char *start = n >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? text + 3 : text;
	enum status st = person_import_mapping_parse(start, mapping, err);
	free(text);
	return st;
}

/* --division: the scope rows must lie in, and the default community. */
static enum status resolve_division(const struct registry *reg, const char *input,
				    struct person_import_options *opt, struct error *err)
{
	snprintf(opt->scope, sizeof opt->scope, "%s", reg->city);
	if (input == NULL)
		return ST_OK;
	const struct division *d = division_table_resolve(reg->divisions, input);
	if (d == NULL || !division_contains(reg->city, d->code))
		return error_set(err, ST_INVALID_DIVISION, "division",
				 "--division 应为本市的区划代码（市、县区、镇街道或社区）");
	snprintf(opt->scope, sizeof opt->scope, "%s", d->code);
	if (d->level == DIVISION_VILLAGE)
		snprintf(opt->default_community, sizeof opt->default_community, "%s", d->code);
	return ST_OK;
}

static void print_result(const struct person_import_record *rec)
{
	printf("导入 #%lld（%s）：新增 %lld，更新 %lld，未变 %lld，拒绝 %lld\n", (long long)rec->id,
	       person_import_state_name(rec->state), (long long)rec->created,
	       (long long)rec->updated, (long long)rec->unchanged, (long long)rec->rejected);
	if (rec->mode == IMPORT_DRY_RUN)
		printf("这是试导入（--dry-run），没有保存任何档案。\n");
	if (rec->message[0])
		printf("%s\n", rec->message);
}

/* Lists the first rejected rows on stdout. */
static bool print_error(const struct person_import_error *e, void *ctx)
{
	int *left = ctx;
	if ((*left)-- <= 0) {
		printf("  ……（完整列表请用 --errors 导出）\n");
		return false;
	}
	printf("  第 %lld 行%s%s%s：%s [%s]\n", (long long)e->row_number, e->column[0] ? "“" : "",
	       e->column, e->column[0] ? "”列" : "", e->reason, e->code);
	return true;
}

struct import_args {
	const char *file, *encoding, *mapping, *division, *errors, *batch;
	enum import_mode mode;
};

static int parse_args(int argc, char **argv, struct import_args *a)
{
	memset(a, 0, sizeof *a);
	a->mode = IMPORT_COMMIT;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--dry-run") == 0) {
			a->mode = IMPORT_DRY_RUN;
			continue;
		}
		if (strcmp(argv[i], "--all-or-nothing") == 0) {
			a->mode = IMPORT_ALL_OR_NOTHING;
			continue;
		}
		const char **target = strcmp(argv[i], "--encoding") == 0   ? &a->encoding
				      : strcmp(argv[i], "--mapping") == 0  ? &a->mapping
				      : strcmp(argv[i], "--division") == 0 ? &a->division
				      : strcmp(argv[i], "--errors") == 0   ? &a->errors
				      : strcmp(argv[i], "--batch") == 0    ? &a->batch
									   : NULL;
		if (target == NULL && argv[i][0] != '-' && a->file == NULL) {
			a->file = argv[i];
			continue;
		}
		if (target == NULL)
			return cli_usage_error(import_usage, "无法识别的参数：%s", argv[i]);
		if (i + 1 >= argc)
			return cli_usage_error(import_usage, "%s 后面需要一个值", argv[i]);
		*target = argv[++i];
	}
	if (a->file == NULL)
		return cli_usage_error(import_usage, "请给出要导入的文件");
	return CLI_OK;
}

/* Writes the error file named by --errors (its extension says the format). */
static enum status write_errors(const struct registry *reg, const struct person_import_record *rec,
				const char *path, struct error *err)
{
	const char *dot = strrchr(path, '.');
	enum sheet_format format = dot && strcmp(dot, ".xlsx") == 0 ? SHEET_XLSX : SHEET_CSV;
	char *unused;
	size_t length;
	return person_import_error_file(reg, rec, format, path, &unused, &length, err);
}

int cmd_import(struct cli *cli, int argc, char **argv)
{
	struct import_args a;
	struct person_import_options opt;
	struct import_mapping mapping;
	if (cli_wants_help(argc, argv)) {
		fputs(import_usage, stdout);
		return CLI_OK;
	}
	int rc = parse_args(argc, argv, &a);
	if (rc != CLI_OK)
		return rc;
	memset(&opt, 0, sizeof opt);
	opt.mode = a.mode;
	if (a.encoding && !sheet_encoding_parse(a.encoding, &opt.encoding))
		return cli_usage_error(import_usage, "--encoding 应为 utf-8 或 gb18030");
	long batch = IMPORT_BATCH_DEFAULT;
	if (a.batch && !cli_parse_count(a.batch, 100000, &batch))
		return cli_usage_error(import_usage, "--batch 应为 1 到 100000 的整数");
	opt.batch_rows = batch > 0 ? (size_t)batch : IMPORT_BATCH_DEFAULT;

	struct workspace ws;
	struct error err;
	struct person_import_record rec;
	struct progress progress = {.tty = isatty(STDERR_FILENO) == 1};
	error_clear(&err);
	enum status st = ST_OK;
	if (a.mapping && (st = read_mapping(a.mapping, &mapping, &err)) != ST_OK)
		return cli_fail(&err);
	opt.mapping = a.mapping ? &mapping : NULL;
	if (!cli_open_workspace(cli, &ws))
		return CLI_FAILURE;
	const char *base = strrchr(a.file, '/');
	opt.file_name = base ? base + 1 : a.file;
	opt.actor = (struct import_actor){cli_actor(), 0, "", ""};
	opt.progress = show_progress;
	opt.progress_ctx = &progress;
	clock_gettime(CLOCK_MONOTONIC, &progress.start);
	progress.last = progress.start;
	struct sheet_source src = {.path = a.file};
	if ((st = resolve_division(&ws.registry, a.division, &opt, &err)) == ST_OK)
		st = person_import_run(&ws.registry, &src, &opt, &rec, &err);
	if (st == ST_OK) {
		print_result(&rec);
		int left = 20;
		if (rec.rejected > 0)
			st = person_import_errors(&ws.registry, rec.id, print_error, &left, &err);
		if (st == ST_OK && a.errors && rec.rejected > 0)
			st = write_errors(&ws.registry, &rec, a.errors, &err);
		if (st == ST_OK && a.errors && rec.rejected > 0)
			printf("被拒绝的行已写入 %s\n", a.errors);
	}
	workspace_close(&ws);
	if (st != ST_OK)
		return cli_fail(&err);
	return rec.state == IMPORT_DONE ? CLI_OK : CLI_FAILURE;
}
