/*
 * person_export.c — the cells of exported persons and work-list items.
 */
#include "domain/person_export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/codes.h"

#define EXPORT_PAGE 500

static const char *const person_columns[PERSON_EXPORT_COLUMNS] = {
	"公民身份号码", "姓名", "性别", "出生日期", "民族", "户籍地", "户籍地名称",
	"户籍地详细地址", "所属社区", "所属社区名称", "现居住地详细地址", "流动类型",
	"管理状态", "婚姻状况", "初婚（结婚）日期", "流入（流出）日期", "联系电话",
};

static const char *const worklist_columns[WORKLIST_EXPORT_COLUMNS] = {
	"事项", "应办事项", "起算日期", "应办日期", "逾期天数", "姓名", "公民身份号码",
	"所属社区", "所属社区名称", "流动类型", "相关记录",
};

const char *person_export_column(size_t column)
{
	return column < PERSON_EXPORT_COLUMNS ? person_columns[column] : "";
}

const char *worklist_export_column(size_t column)
{
	return column < WORKLIST_EXPORT_COLUMNS ? worklist_columns[column] : "";
}

/* A phone shown masked: the first 3 and last 4 digits (139****5678). */
static void mask_phone(const char *phone, char *buf, size_t size)
{
	size_t len = strlen(phone);
	if (len <= 7) {
		snprintf(buf, size, "%s", len ? "****" : "");
		return;
	}
	snprintf(buf, size, "%.3s****%s", phone, phone + len - 4);
}

static void division_name(const struct registry *reg, const char *code, char *buf, size_t size)
{
	buf[0] = '\0';
	if (code[0])
		division_table_path(reg->divisions, code, buf, size);
}

void person_export_cells(const struct registry *reg, const struct person *p, bool full,
			 char cells[PERSON_EXPORT_COLUMNS][PERSON_EXPORT_CELL_SIZE])
{
	const char *ethnicity = codes_ethnicity_name(p->ethnicity);
	const char *marital = codes_marital_status_name(p->marital_status);
	if (full)
		snprintf(cells[0], PERSON_EXPORT_CELL_SIZE, "%s", p->id_number);
	else
		idcard_mask(p->id_number, cells[0], PERSON_EXPORT_CELL_SIZE);
	snprintf(cells[1], PERSON_EXPORT_CELL_SIZE, "%s", p->name);
	snprintf(cells[2], PERSON_EXPORT_CELL_SIZE, "%s", p->sex == 'F' ? "女" : "男");
	snprintf(cells[3], PERSON_EXPORT_CELL_SIZE, "%s", p->birth_date);
	snprintf(cells[4], PERSON_EXPORT_CELL_SIZE, "%s", ethnicity ? ethnicity : "");
	snprintf(cells[5], PERSON_EXPORT_CELL_SIZE, "%s", p->hukou_division);
	division_name(reg, p->hukou_division, cells[6], PERSON_EXPORT_CELL_SIZE);
	snprintf(cells[7], PERSON_EXPORT_CELL_SIZE, "%s", p->hukou_address);
	snprintf(cells[8], PERSON_EXPORT_CELL_SIZE, "%s", p->residence_division);
	division_name(reg, p->residence_division, cells[9], PERSON_EXPORT_CELL_SIZE);
	snprintf(cells[10], PERSON_EXPORT_CELL_SIZE, "%s", p->residence_address);
	snprintf(cells[11], PERSON_EXPORT_CELL_SIZE, "%s", person_flow_label(p->flow));
	snprintf(cells[12], PERSON_EXPORT_CELL_SIZE, "%s", person_management_label(p->management));
	snprintf(cells[13], PERSON_EXPORT_CELL_SIZE, "%s", marital ? marital : "");
	snprintf(cells[14], PERSON_EXPORT_CELL_SIZE, "%s", p->marriage_date);
	snprintf(cells[15], PERSON_EXPORT_CELL_SIZE, "%s", p->arrival_date);
	if (full)
		snprintf(cells[16], PERSON_EXPORT_CELL_SIZE, "%s", p->phone);
	else
		mask_phone(p->phone, cells[16], PERSON_EXPORT_CELL_SIZE);
}

/* Writes one row of `count` cells held in a 2-D array. */
static enum status write_cells(struct sheet_writer *w, char (*cells)[PERSON_EXPORT_CELL_SIZE],
			       size_t count, struct error *err)
{
	const char *row[PERSON_EXPORT_COLUMNS];
	for (size_t c = 0; c < count; c++)
		row[c] = cells[c];
	return sheet_writer_row(w, row, count, false, err);
}

/* Writes the pages of a search; the writer stays the caller's. */
static enum status write_persons(const struct registry *reg, const struct person_query *q,
				 bool full, size_t max_rows, struct sheet_writer *w,
				 size_t *rows, struct error *err)
{
	char cells[PERSON_EXPORT_COLUMNS][PERSON_EXPORT_CELL_SIZE];
	struct person_query page = *q;
	struct person *found = calloc(EXPORT_PAGE + 1, sizeof *found);
	enum status st = ST_OK;
	bool more = true;
	if (found == NULL)
		return error_set(err, ST_NO_MEMORY, "", NULL);
	page.limit = EXPORT_PAGE;
	while (st == ST_OK && more) {
		size_t count = 0;
		if ((st = person_search(reg, &page, found, &count, &more, err)) != ST_OK)
			break;
		if (*rows + count > max_rows) {
			st = error_set(err, ST_INVALID_INPUT, "limit",
				       "符合条件的档案超过 %zu 条，请缩小查询范围后分批导出", max_rows);
			break;
		}
		for (size_t i = 0; st == ST_OK && i < count; i++) {
			person_export_cells(reg, &found[i], full, cells);
			st = write_cells(w, cells, PERSON_EXPORT_COLUMNS, err);
		}
		*rows += count;
		if (count > 0)
			page.after_id = found[count - 1].id;
	}
	free(found);
	return st;
}

enum status person_export_search(const struct registry *reg, const struct person_query *q,
				 bool full, enum sheet_format format, const char *path,
				 size_t max_rows, char **out, size_t *length, size_t *rows,
				 struct error *err)
{
	struct sheet_writer *w;
	enum status st = sheet_writer_open(format, path, "流动人口档案", &w, err);
	*rows = 0;
	if (st != ST_OK)
		return st;
	if ((st = sheet_writer_row(w, person_columns, PERSON_EXPORT_COLUMNS, true, err)) != ST_OK ||
	    (st = write_persons(reg, q, full, max_rows, w, rows, err)) != ST_OK) {
		sheet_writer_abandon(w);
		return st;
	}
	return sheet_writer_finish(w, out, length, err);
}

static void worklist_cells(const struct registry *reg, const struct worklist_item *item,
			   bool full, char cells[WORKLIST_EXPORT_COLUMNS][PERSON_EXPORT_CELL_SIZE])
{
	snprintf(cells[0], PERSON_EXPORT_CELL_SIZE, "%s", worklist_kind_label(item->kind));
	snprintf(cells[1], PERSON_EXPORT_CELL_SIZE, "%s", worklist_kind_action(item->kind));
	snprintf(cells[2], PERSON_EXPORT_CELL_SIZE, "%s", item->basis);
	snprintf(cells[3], PERSON_EXPORT_CELL_SIZE, "%s", item->due_on);
	snprintf(cells[4], PERSON_EXPORT_CELL_SIZE, "%ld", item->overdue_days);
	snprintf(cells[5], PERSON_EXPORT_CELL_SIZE, "%s", item->name);
	if (item->id_number[0] == '\0' || full)
		snprintf(cells[6], PERSON_EXPORT_CELL_SIZE, "%s", item->id_number);
	else
		idcard_mask(item->id_number, cells[6], PERSON_EXPORT_CELL_SIZE);
	snprintf(cells[7], PERSON_EXPORT_CELL_SIZE, "%s", item->residence_division);
	division_name(reg, item->residence_division, cells[8], PERSON_EXPORT_CELL_SIZE);
	snprintf(cells[9], PERSON_EXPORT_CELL_SIZE, "%s", person_flow_label(item->flow));
	snprintf(cells[10], PERSON_EXPORT_CELL_SIZE, "%s", item->subject);
}

enum status person_export_worklist(const struct registry *reg,
				   const struct worklist_result *result, bool full,
				   enum sheet_format format, const char *path, char **out,
				   size_t *length, struct error *err)
{
	char cells[WORKLIST_EXPORT_COLUMNS][PERSON_EXPORT_CELL_SIZE];
	struct sheet_writer *w;
	enum status st = sheet_writer_open(format, path, "待办事项", &w, err);
	if (st != ST_OK)
		return st;
	st = sheet_writer_row(w, worklist_columns, WORKLIST_EXPORT_COLUMNS, true, err);
	for (size_t i = 0; st == ST_OK && i < result->item_count; i++) {
		worklist_cells(reg, &result->items[i], full, cells);
		st = write_cells(w, cells, WORKLIST_EXPORT_COLUMNS, err);
	}
	if (st != ST_OK) {
		sheet_writer_abandon(w);
		return st;
	}
	return sheet_writer_finish(w, out, length, err);
}
