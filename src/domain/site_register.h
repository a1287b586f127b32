/*
 * site_register.h — the construction register (嘉峪关市建筑企业流动人口
 * 计划生育管理服务登记册, §2(2)) as a file: CSV (UTF-8 with a byte-order
 * mark, so that Excel shows the Chinese) or an Excel workbook (XLSX).
 *
 * The rows come from employment_register (domain/employment.h).  ID
 * numbers are masked unless the caller asks for them in full; whoever
 * allows that (an officer, audited) decides before calling.
 */
#ifndef LIUDONG_SITE_REGISTER_H
#define LIUDONG_SITE_REGISTER_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "domain/employment.h"

#define SITE_REGISTER_COLUMNS 12
#define SITE_REGISTER_CELL_SIZE 512

enum site_register_format {
	SITE_REGISTER_CSV,
	SITE_REGISTER_XLSX,
};

/* "csv" or "xlsx"; false for anything else. */
bool site_register_format_parse(const char *name, enum site_register_format *out);
const char *site_register_content_type(enum site_register_format format);
const char *site_register_extension(enum site_register_format format);  /* "csv" */

/* The column titles: 序号, 姓名, 性别, 公民身份号码, 户籍地, ... */
const char *site_register_column(size_t column);

/*
 * The cells of row `index` (from 0) for worker `w` as text: the number,
 * the person, the employment; the ID number masked unless `full_id_number`.
 */
void site_register_cells(const struct registry *reg, const struct employment_worker *w,
			 size_t index, bool full_id_number,
			 char cells[SITE_REGISTER_COLUMNS][SITE_REGISTER_CELL_SIZE]);

/*
 * Renders the register of `o` (its `count` workers) in `format`.  On
 * success *out is a malloc'd buffer of *length bytes owned by the caller
 * (free it); ST_IO or ST_NO_MEMORY otherwise.
 */
enum status site_register_render(const struct registry *reg, const struct organization *o,
				 const struct employment_worker *workers, size_t count,
				 bool full_id_numbers, enum site_register_format format,
				 char **out, size_t *length, struct error *err);

#endif
