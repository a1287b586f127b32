/*
 * person_export.h — persons and the work list as files (CSV or XLSX).
 *
 * The person columns carry the titles an import accepts (公民身份号码,
 * 姓名, 户籍地, 所属社区, ...), so that an exported file can be corrected
 * and imported again; name columns beside the codes (户籍地名称,
 * 所属社区名称) and 管理状态 are ignored by an import.  ID numbers and
 * phones are masked unless the caller asks for them whole; whoever allows
 * that (an office, audited) decides before calling.
 */
#ifndef LIUDONG_PERSON_EXPORT_H
#define LIUDONG_PERSON_EXPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "core/sheet_writer.h"
#include "domain/person.h"
#include "domain/worklist.h"

#define PERSON_EXPORT_COLUMNS 17
#define WORKLIST_EXPORT_COLUMNS 11
#define PERSON_EXPORT_CELL_SIZE 512
#define PERSON_EXPORT_MAX_ROWS 1000000 /* rows of one file (Excel's limit is 1,048,576) */

/* The titles of the person columns, and of the work-list columns. */
const char *person_export_column(size_t column);
const char *worklist_export_column(size_t column);

/* The cells of one person; ID number and phone masked unless `full`. */
void person_export_cells(const struct registry *reg, const struct person *p, bool full,
			 char cells[PERSON_EXPORT_COLUMNS][PERSON_EXPORT_CELL_SIZE]);

/*
 * Writes every person a prepared query finds (page by page from its
 * cursor, ignoring its limit) to `path`, or to memory (*out, *length)
 * when path is NULL.  *rows receives the persons written.  More than
 * `max_rows` persons: ST_INVALID_INPUT (narrow the query) and no file.
 */
enum status person_export_search(const struct registry *reg, const struct person_query *q,
				 bool full, enum sheet_format format, const char *path,
				 size_t max_rows, char **out, size_t *length, size_t *rows,
				 struct error *err);

/* Writes the items of a work-list result the same way. */
enum status person_export_worklist(const struct registry *reg,
				   const struct worklist_result *result, bool full,
				   enum sheet_format format, const char *path, char **out,
				   size_t *length, struct error *err);

#endif
