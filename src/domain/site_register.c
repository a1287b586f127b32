/*
 * site_register.c — the construction register as CSV or XLSX.
 *
 * The workbook is written by libxlsxwriter, which writes files only: it
 * goes to a private temporary file under /tmp (mkstemp), is read back into
 * memory and the file removed, on every path.
 */
#include "domain/site_register.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "core/sheet_writer.h"
#include "domain/codes.h"

#define REGISTER_TITLE "嘉峪关市建筑企业流动人口计划生育管理服务登记册"
#define XLSX_MAX_BYTES (64 * 1024 * 1024)

static const char *const columns[SITE_REGISTER_COLUMNS] = {
	"序号", "姓名", "性别", "公民身份号码", "户籍地", "工种",
	"工地", "进场日期", "离场日期", "季节性", "婚姻状况", "持证情况",
};

bool site_register_format_parse(const char *name, enum site_register_format *out)
{
	if (strcmp(name, "csv") == 0)
		*out = SITE_REGISTER_CSV;
	else if (strcmp(name, "xlsx") == 0)
		*out = SITE_REGISTER_XLSX;
	else
		return false;
	return true;
}

const char *site_register_content_type(enum site_register_format format)
{
	return format == SITE_REGISTER_XLSX
		       ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		       : "text/csv; charset=utf-8";
}

const char *site_register_extension(enum site_register_format format)
{
	return format == SITE_REGISTER_XLSX ? "xlsx" : "csv";
}

const char *site_register_column(size_t column)
{
	return column < SITE_REGISTER_COLUMNS ? columns[column] : "";
}

void site_register_cells(const struct registry *reg, const struct employment_worker *w,
			 size_t index, bool full_id_number,
			 char cells[SITE_REGISTER_COLUMNS][SITE_REGISTER_CELL_SIZE])
{
	const struct employment *e = &w->employment;
	char hukou[SITE_REGISTER_CELL_SIZE];
	const char *marital = codes_marital_status_name(w->marital_status);
	division_table_path(reg->divisions, w->hukou_division, hukou, sizeof hukou);
	snprintf(cells[0], SITE_REGISTER_CELL_SIZE, "%zu", index + 1);
	snprintf(cells[1], SITE_REGISTER_CELL_SIZE, "%s", w->name);
	snprintf(cells[2], SITE_REGISTER_CELL_SIZE, "%s", w->sex == 'F' ? "女" : "男");
	if (full_id_number)
		snprintf(cells[3], SITE_REGISTER_CELL_SIZE, "%s", w->id_number);
	else
		idcard_mask(w->id_number, cells[3], SITE_REGISTER_CELL_SIZE);
	snprintf(cells[4], SITE_REGISTER_CELL_SIZE, "%s%s", hukou, w->hukou_address);
	snprintf(cells[5], SITE_REGISTER_CELL_SIZE, "%s", e->job);
	snprintf(cells[6], SITE_REGISTER_CELL_SIZE, "%s", e->work_site);
	snprintf(cells[7], SITE_REGISTER_CELL_SIZE, "%s", e->starts_on);
	snprintf(cells[8], SITE_REGISTER_CELL_SIZE, "%s", e->ends_on);
	snprintf(cells[9], SITE_REGISTER_CELL_SIZE, "%s", e->seasonal ? "是" : "否");
	snprintf(cells[10], SITE_REGISTER_CELL_SIZE, "%s", marital ? marital : "");
	snprintf(cells[11], SITE_REGISTER_CELL_SIZE, "%s", w->certificate);
}

static enum status render_csv(const struct registry *reg, const struct employment_worker *w,
			      size_t count, bool full, char **out, size_t *length,
			      struct error *err)
{
	char cells[SITE_REGISTER_COLUMNS][SITE_REGISTER_CELL_SIZE];
	FILE *f = open_memstream(out, length);
	if (f == NULL)
		return error_set(err, ST_NO_MEMORY, "", NULL);
	fputs("\xEF\xBB\xBF", f);  /* UTF-8 byte-order mark: Excel then reads UTF-8 */
	for (size_t c = 0; c < SITE_REGISTER_COLUMNS; c++)
		sheet_csv_field(f, columns[c], c + 1 == SITE_REGISTER_COLUMNS);
	for (size_t i = 0; i < count; i++) {
		site_register_cells(reg, &w[i], i, full, cells);
		for (size_t c = 0; c < SITE_REGISTER_COLUMNS; c++)
			sheet_csv_field(f, cells[c], c + 1 == SITE_REGISTER_COLUMNS);
	}
	if (ferror(f) != 0 || fclose(f) != 0) {
		free(*out);
		*out = NULL;
		return error_set(err, ST_NO_MEMORY, "", NULL);
	}
	return ST_OK;
}

/* Writes the sheet: title, enterprise, column titles, one row per worker. */
static bool write_sheet(lxw_workbook *book, const struct registry *reg,
			const struct organization *o, const struct employment_worker *w,
			size_t count, bool full)
{
	char cells[SITE_REGISTER_COLUMNS][SITE_REGISTER_CELL_SIZE], line[SITE_REGISTER_CELL_SIZE];
	lxw_worksheet *sheet = workbook_add_worksheet(book, "登记册");
	lxw_format *bold = workbook_add_format(book);
	if (sheet == NULL || bold == NULL)
		return false;
	format_set_bold(bold);
	worksheet_write_string(sheet, 0, 0, REGISTER_TITLE, bold);
	snprintf(line, sizeof line, "企业名称：%s", o->name);
	worksheet_write_string(sheet, 1, 0, line, NULL);
	for (size_t c = 0; c < SITE_REGISTER_COLUMNS; c++)
		worksheet_write_string(sheet, 2, (lxw_col_t)c, columns[c], bold);
	for (size_t i = 0; i < count; i++) {
		site_register_cells(reg, &w[i], i, full, cells);
		worksheet_write_number(sheet, (lxw_row_t)(i + 3), 0, (double)(i + 1), NULL);
		for (size_t c = 1; c < SITE_REGISTER_COLUMNS; c++)
			if (worksheet_write_string(sheet, (lxw_row_t)(i + 3), (lxw_col_t)c, cells[c],
						   NULL) != LXW_NO_ERROR)
				return false;
	}
	worksheet_set_column(sheet, 3, 4, 24, NULL);
	return true;
}

static enum status render_xlsx(const struct registry *reg, const struct organization *o,
			       const struct employment_worker *w, size_t count, bool full,
			       char **out, size_t *length, struct error *err)
{
	char path[] = "/tmp/liudong-register-XXXXXX";
	enum status st;
	int fd = mkstemp(path);
	if (fd < 0)
		return error_set(err, ST_IO, "", "登记册文件生成失败，请稍后重试");
	lxw_workbook *book = workbook_new(path);
	if (book == NULL) {
		st = error_set(err, ST_IO, "", "登记册文件生成失败，请稍后重试");
		goto out_unlink;
	}
	bool written = write_sheet(book, reg, o, w, count, full);
	if (workbook_close(book) != LXW_NO_ERROR || !written) {
		st = error_set(err, ST_IO, "", "登记册文件生成失败，请稍后重试");
		goto out_unlink;
	}
	st = sheet_read_back(fd, XLSX_MAX_BYTES, out, length, err);
out_unlink:
	close(fd);
	unlink(path);
	return st;
}

enum status site_register_render(const struct registry *reg, const struct organization *o,
				 const struct employment_worker *workers, size_t count,
				 bool full_id_numbers, enum site_register_format format,
				 char **out, size_t *length, struct error *err)
{
	*out = NULL;
	*length = 0;
	if (format == SITE_REGISTER_XLSX)
		return render_xlsx(reg, o, workers, count, full_id_numbers, out, length, err);
	return render_csv(reg, workers, count, full_id_numbers, out, length, err);
}
