/*
 * sheet_reader.h — reading the rows of a spreadsheet file, streamed.
 *
 * Two kinds of file are read: CSV (RFC 4180, in UTF-8 with or without a
 * byte-order mark, or in GB18030 as the childbearing-age women information
 * system exports it) and XLSX (the first worksheet of an Office Open XML
 * workbook).  Rows are handed to a callback one at a time; the file is
 * never held in memory as a whole (an XLSX file's shared-string table is:
 * it is what every cell refers to).
 *
 * A cell is text.  XLSX cells that hold a number say so (`numeric`): an
 * ID number typed into Excel without a text format is such a number, and a
 * double keeps only 15 to 17 significant digits, so the caller must not
 * trust one as an 18-digit number.
 */
#ifndef LIUDONG_SHEET_READER_H
#define LIUDONG_SHEET_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

#define SHEET_CELL_MAX 1024    /* bytes of one cell; longer cells are cut and flagged */
#define SHEET_COLUMNS_MAX 64   /* columns of a row; further columns are dropped and flagged */

enum sheet_kind {
	SHEET_KIND_CSV,
	SHEET_KIND_XLSX,
};

enum sheet_encoding {
	SHEET_ENCODING_AUTO,    /* valid UTF-8 is UTF-8, anything else GB18030 */
	SHEET_ENCODING_UTF8,
	SHEET_ENCODING_GB18030,
};

/* The bytes to read: a file (`path`) or a buffer (`data`, `size`), not owned. */
struct sheet_source {
	const char *path;
	const char *data;
	size_t size;
};

struct sheet_cell {
	const char *text;   /* UTF-8, NUL-terminated; "" for an empty cell */
	bool numeric;       /* an XLSX number cell (text is the stored value, e.g. 6.2020119E+17) */
	bool too_long;      /* cut at SHEET_CELL_MAX bytes */
};

/*
 * Called once per row, in order, with the row number as the office sees it
 * (1 is the first line or worksheet row; the header is a row too).  Return
 * anything but ST_OK to stop; that status is returned by sheet_read.
 */
typedef enum status (*sheet_row_fn)(void *ctx, size_t row_number, const struct sheet_cell *cells,
				    size_t count, bool too_many_columns, struct error *err);

/* What a first look at the bytes found. */
struct sheet_info {
	enum sheet_kind kind;
	enum sheet_encoding encoding;  /* of a CSV file: UTF-8 or GB18030 */
	uint64_t bytes;
	uint64_t lines;                /* line feeds in the bytes (rows of a CSV file, roughly) */
	unsigned char hash[32];        /* SHA-256 of the bytes, to recognize a file again */
};

/*
 * Reads all bytes once: tells CSV from XLSX (a zip file), decides a CSV
 * file's encoding (`wanted`, or by UTF-8 validity when SHEET_ENCODING_AUTO)
 * and hashes the bytes.  ST_IO if the file cannot be read.
 */
enum status sheet_inspect(const struct sheet_source *src, enum sheet_encoding wanted,
			  struct sheet_info *info, struct error *err);

/* Reads every row of the file described by `info` (from sheet_inspect). */
enum status sheet_read(const struct sheet_source *src, const struct sheet_info *info,
		       sheet_row_fn fn, void *ctx, struct error *err);

/* "utf-8" / "gb18030" (case-insensitive, also "utf8", "gbk"); false otherwise. */
bool sheet_encoding_parse(const char *name, enum sheet_encoding *out);
const char *sheet_encoding_name(enum sheet_encoding encoding);

#endif
