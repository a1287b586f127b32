/*
 * stats.h — statistics per division (§6(2) population totals and funding,
 * §5 the network's figures), from the city down to the community.
 *
 * Four tables, each a fixed list of columns (a stable key and a Chinese
 * title) and rows of numbers:
 *
 *   persons       persons in the registry living in the division (every
 *                 management, so the floating population is in the total):
 *                 by flow, management, sex and age group on today (0–14,
 *                 15–17, 18–29, 30–39, 40–49, 50–59, 60 and over; age in
 *                 whole years, a birthday counts from its day), women
 *                 aged 15–49 (childbearing age) and those of them managed
 *                 as floating.  The registered resident population is not
 *                 in our data and is not shown.
 *   certificates  required: floating persons (management floating, flow
 *                 inflow or outflow) living in the division; holding: those
 *                 of them with a certificate of any kind in force today
 *                 (issued or distributed, today <= valid_until or no end;
 *                 issued_on never lies after today); the rate holding /
 *                 required (null when none is required), per flow too.
 *                 Certificates in force per kind and expired ones, by the
 *                 holder's residence; temporary_overdue: inflow floating
 *                 persons whose temporary certificate ran out and who hold
 *                 none in force (the work list's temporary_ended).
 *   casework      inquiries by state, and overdue (sent, past due_on), by
 *                 the person's residence; field reports by state with the
 *                 mean and median hours from received to closed (median of
 *                 whole hours), by community; complaints by state, overdue
 *                 (received or assigned, past due_on), and the mean and
 *                 median days from received_on to the day of closing, by
 *                 office (the city's own office or a town/street).
 *   trends        the last 12 months (this month included): records
 *                 registered, inflow persons by arrival month, outflow
 *                 persons by the month they left, certificates by kind by
 *                 issue month; rows are months, not divisions.
 *
 * A result has one row per child division (towns of a city or county,
 * communities of a town; none below a community), then, when the children
 * do not add up to the division (complaints of the division's own office),
 * an "own office" row with the difference, and the total computed from the
 * division's own figures.
 */
#ifndef LIUDONG_STATS_H
#define LIUDONG_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/error.h"
#include "domain/division.h"
#include "core/sheet_writer.h"
#include "domain/person.h"

#define STATS_COLUMNS_MAX 24
#define STATS_KEY_SIZE 32
#define STATS_TREND_MONTHS 12

enum stats_table {
	STATS_PERSONS = 0,
	STATS_CERTIFICATES,
	STATS_CASEWORK,
	STATS_TRENDS,
	STATS_TABLE_END
};

enum stats_value_kind {
	STATS_COUNT,    /* a whole number */
	STATS_RATIO,    /* 0..1, shown as a percentage */
	STATS_DECIMAL,  /* a mean or median, one decimal */
};

struct stats_column {
	const char *key;    /* "inflow" */
	const char *title;  /* "流入" */
	enum stats_value_kind kind;
};

enum stats_row_kind {
	STATS_ROW_DIVISION,  /* a child division */
	STATS_ROW_OWN,       /* the division's own office: total minus the children */
	STATS_ROW_MONTH,     /* a month of a trend */
	STATS_ROW_TOTAL,
};

/* One row; a value is NAN when it has none (a rate of nothing). */
struct stats_row {
	enum stats_row_kind kind;
	char code[DIVISION_CODE_SIZE];  /* division code, or "YYYY-MM" for a month */
	char name[DIVISION_NAME_SIZE];
	double values[STATS_COLUMNS_MAX];
};

/* A table for one division on one day; owns `rows` (stats_result_release). */
struct stats_result {
	enum stats_table table;
	char division[DIVISION_CODE_SIZE];
	char division_name[DIVISION_NAME_SIZE];
	char today[DATE_TEXT_SIZE];
	const struct stats_column *columns;
	size_t column_count;
	struct stats_row *rows;  /* children (or months), own office, total last */
	size_t row_count;
};

const char *stats_table_name(enum stats_table t);   /* "persons" */
const char *stats_table_title(enum stats_table t);  /* "人员统计" */
bool stats_table_parse(const char *name, enum stats_table *out);

/* The age group of an age in whole years: 0 for 0–14 … 6 for 60 and over. */
size_t stats_age_group(int age);

/*
 * Computes `table` for `division` (any form division_table_resolve takes;
 * "" for the city) on reg->today.  ST_INVALID_DIVISION if it is not the
 * city or inside it.  The caller checks scope before and releases after.
 */
enum status stats_compute(const struct registry *reg, enum stats_table table,
			  const char *division, struct stats_result *out, struct error *err);

void stats_result_release(struct stats_result *r);

/* The total row (always the last). */
const struct stats_row *stats_result_total(const struct stats_result *r);

/*
 * A value as text for a file or a terminal: counts as integers, ratios as
 * percentages with two decimals ("87.50%"), decimals with one; "" for none.
 */
void stats_value_text(const struct stats_column *column, double value, char *buf, size_t size);

/*
 * Writes the table as CSV or XLSX: a header row (区划代码, 区划名称 or 月份,
 * then the columns' titles), a row per row, the total last.  To `path`, or
 * when path is NULL into *out / *length (malloc'd, the caller frees).
 */
enum status stats_render_file(const struct stats_result *r, enum sheet_format format,
			      const char *path, char **out, size_t *length, struct error *err);

#endif
