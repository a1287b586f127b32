/*
 * sheet_writer.c — CSV by stdio, XLSX by libxlsxwriter.
 */
#include "core/sheet_writer.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

struct sheet_writer {
	enum sheet_format format;
	bool to_memory;
	size_t rows;
	/* CSV */
	FILE *csv;
	char *memory;         /* open_memstream's buffer */
	size_t memory_length;
	/* XLSX */
	lxw_workbook *book;
	lxw_worksheet *sheet;
	lxw_format *bold;
	char temp_path[32];   /* the temporary file of a memory writer, or "" */
	int temp_fd;
};

bool sheet_format_parse(const char *name, enum sheet_format *out)
{
	if (strcmp(name, "csv") == 0)
		*out = SHEET_CSV;
	else if (strcmp(name, "xlsx") == 0)
		*out = SHEET_XLSX;
	else
		return false;
	return true;
}

const char *sheet_content_type(enum sheet_format format)
{
	return format == SHEET_XLSX
		       ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		       : "text/csv; charset=utf-8";
}

const char *sheet_extension(enum sheet_format format)
{
	return format == SHEET_XLSX ? "xlsx" : "csv";
}

void sheet_csv_field(FILE *f, const char *text, bool last)
{
	if (strpbrk(text, ",\"\r\n") == NULL) {
		fputs(text, f);
	} else {
		fputc('"', f);
		for (const char *c = text; *c; c++) {
			if (*c == '"')
				fputc('"', f);
			fputc(*c, f);
		}
		fputc('"', f);
	}
	fputs(last ? "\r\n" : ",", f);
}

enum status sheet_read_back(int fd, size_t max, char **out, size_t *length, struct error *err)
{
	off_t size = lseek(fd, 0, SEEK_END);
	if (size <= 0 || (size_t)size > max || lseek(fd, 0, SEEK_SET) != 0)
		return error_set(err, ST_IO, "", "文件生成失败或过大，请缩小范围后重试");
	char *buf = malloc((size_t)size);
	if (buf == NULL)
		return error_set(err, ST_NO_MEMORY, "", NULL);
	size_t done = 0;
	while (done < (size_t)size) {
		ssize_t n = read(fd, buf + done, (size_t)size - done);
		if (n <= 0) {
			free(buf);
			return error_set(err, ST_IO, "", "文件生成失败，请稍后重试");
		}
		done += (size_t)n;
	}
	*out = buf;
	*length = done;
	return ST_OK;
}

static enum status write_failed(struct error *err)
{
	return error_set(err, ST_IO, "", "文件写入失败，请检查磁盘空间和目录权限");
}

static enum status open_xlsx(struct sheet_writer *w, const char *path, const char *sheet_name,
			     struct error *err)
{
	lxw_workbook_options options = {.constant_memory = LXW_TRUE, .tmpdir = "/tmp"};
	if (path == NULL) {
		snprintf(w->temp_path, sizeof w->temp_path, "/tmp/liudong-sheet-XXXXXX");
		w->temp_fd = mkstemp(w->temp_path);
		if (w->temp_fd < 0) {
			w->temp_path[0] = '\0';
			return write_failed(err);
		}
		path = w->temp_path;
	}
	w->book = workbook_new_opt(path, &options);
	if (w->book == NULL)
		return write_failed(err);
	w->sheet = workbook_add_worksheet(w->book, sheet_name);
	w->bold = workbook_add_format(w->book);
	if (w->sheet == NULL || w->bold == NULL)
		return write_failed(err);
	format_set_bold(w->bold);
	return ST_OK;
}

enum status sheet_writer_open(enum sheet_format format, const char *path, const char *sheet_name,
			      struct sheet_writer **out, struct error *err)
{
	struct sheet_writer *w = calloc(1, sizeof *w);
	enum status st = ST_OK;
	if (w == NULL)
		return error_set(err, ST_NO_MEMORY, "", NULL);
	w->format = format;
	w->to_memory = path == NULL;
	w->temp_fd = -1;
	if (format == SHEET_XLSX) {
		st = open_xlsx(w, path, sheet_name, err);
	} else {
		w->csv = path ? fopen(path, "wb") : open_memstream(&w->memory, &w->memory_length);
		if (w->csv == NULL)
			st = write_failed(err);
		else
			fputs("\xEF\xBB\xBF", w->csv); /* UTF-8 byte-order mark: Excel then reads UTF-8 */
	}
	if (st != ST_OK) {
		sheet_writer_abandon(w);
		return st;
	}
	*out = w;
	return ST_OK;
}

enum status sheet_writer_row(struct sheet_writer *w, const char *const *cells, size_t count,
			     bool bold, struct error *err)
{
	if (w->format == SHEET_CSV) {
		for (size_t c = 0; c < count; c++)
			sheet_csv_field(w->csv, cells[c], c + 1 == count);
		if (ferror(w->csv))
			return write_failed(err);
	} else {
		if (w->rows >= LXW_ROW_MAX)
			return error_set(err, ST_INVALID_INPUT, "", "超过 Excel 工作表的最大行数，请缩小范围或改用 CSV");
		for (size_t c = 0; c < count; c++)
			if (cells[c][0] &&
			    worksheet_write_string(w->sheet, (lxw_row_t)w->rows, (lxw_col_t)c, cells[c],
						   bold ? w->bold : NULL) != LXW_NO_ERROR)
				return write_failed(err);
	}
	w->rows++;
	return ST_OK;
}

size_t sheet_writer_rows(const struct sheet_writer *w)
{
	return w->rows;
}

enum status sheet_writer_finish(struct sheet_writer *w, char **out, size_t *length,
				struct error *err)
{
	enum status st = ST_OK;
	*out = NULL;
	*length = 0;
	if (w->format == SHEET_CSV) {
		bool failed = ferror(w->csv) != 0;
		if (fclose(w->csv) != 0 || failed)
			st = write_failed(err);
		w->csv = NULL;
		if (st == ST_OK && w->to_memory) {
			*out = w->memory;
			*length = w->memory_length;
			w->memory = NULL;
		}
	} else {
		if (workbook_close(w->book) != LXW_NO_ERROR)
			st = write_failed(err);
		w->book = NULL;
		if (st == ST_OK && w->to_memory)
			st = sheet_read_back(w->temp_fd, SHEET_MEMORY_MAX, out, length, err);
	}
	sheet_writer_abandon(w);
	return st;
}

void sheet_writer_abandon(struct sheet_writer *w)
{
	if (w == NULL)
		return;
	if (w->csv)
		fclose(w->csv);
	free(w->memory);
	if (w->book) {
		workbook_close(w->book);
	}
	if (w->temp_fd >= 0)
		close(w->temp_fd);
	if (w->temp_path[0])
		unlink(w->temp_path);
	free(w);
}
