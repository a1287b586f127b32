/*
 * sheet_writer.h — writing rows as CSV or as an Excel workbook (XLSX).
 *
 * CSV is UTF-8 with a byte-order mark (so that Excel shows the Chinese),
 * fields quoted as RFC 4180 says, lines ending CRLF.  XLSX is written by
 * libxlsxwriter in its constant-memory mode (rows go to disk as they come),
 * every cell as text, the first row bold.  A writer goes either to a file
 * (`path`) or, when path is NULL, to memory handed back by
 * sheet_writer_finish (XLSX through a private temporary file under /tmp,
 * removed on every path).
 */
#ifndef LIUDONG_SHEET_WRITER_H
#define LIUDONG_SHEET_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/error.h"

#define SHEET_MEMORY_MAX (64 * 1024 * 1024) /* bytes of a file kept in memory */

enum sheet_format {
	SHEET_CSV,
	SHEET_XLSX,
};

/* "csv" or "xlsx"; false for anything else. */
bool sheet_format_parse(const char *name, enum sheet_format *out);
const char *sheet_content_type(enum sheet_format format);
const char *sheet_extension(enum sheet_format format);  /* "csv" */

/* One CSV field, quoted when it holds a comma, quote or line break, then "," or CRLF. */
void sheet_csv_field(FILE *f, const char *text, bool last);

/*
 * Reads the whole file `fd` (from its start, at most `max` bytes) into a
 * malloc'd buffer the caller owns; ST_IO if it is empty, larger or unreadable.
 */
enum status sheet_read_back(int fd, size_t max, char **out, size_t *length, struct error *err);

struct sheet_writer;

/*
 * Starts a file: `path`, or memory when NULL.  `sheet_name` names the
 * worksheet of an XLSX file.  On success *out is owned by the caller until
 * sheet_writer_finish or sheet_writer_abandon.
 */
enum status sheet_writer_open(enum sheet_format format, const char *path, const char *sheet_name,
			      struct sheet_writer **out, struct error *err);

/* Appends one row of `count` text cells; `bold` for a header row. */
enum status sheet_writer_row(struct sheet_writer *w, const char *const *cells, size_t count,
			     bool bold, struct error *err);

/* Rows written so far. */
size_t sheet_writer_rows(const struct sheet_writer *w);

/*
 * Completes the file and frees the writer.  A memory writer hands its
 * bytes to *out / *length (malloc'd, the caller frees); a file writer
 * leaves them NULL / 0.
 */
enum status sheet_writer_finish(struct sheet_writer *w, char **out, size_t *length,
				struct error *err);

/* Frees the writer after a failure; a memory writer's bytes are dropped. */
void sheet_writer_abandon(struct sheet_writer *w);

#endif
