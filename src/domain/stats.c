/*
 * stats.c — the statistics tables (domain/stats.h) from the summaries the
 * store keeps (migration 0014).
 *
 * A division's total comes from its own summary rows (the city's, a
 * town's, a community's; a county, which has none, from its towns'), and
 * each child's from the child's, so that "the towns add up to the city" is
 * a check, not a construction.  Ages are worked out here, from today: a
 * birth year decides the age group except in the years where a group
 * boundary falls; there the birth month decides, except in today's month,
 * for which the store counts the persons by their day of birth.
 */
#include "domain/stats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"

#define AGE_GROUPS 7
#define MEASURE_REGISTERED 1
#define MEASURE_INFLOW 2
#define MEASURE_OUTFLOW 3
#define MEASURE_CERTIFICATE 10 /* + certificate kind */

/* The first age of each group after the first (0–14). */
static const int age_boundaries[AGE_GROUPS - 1] = {15, 18, 30, 40, 50, 60};

/* --- the tables' columns ---------------------------------------------------- */

enum person_column {
	P_TOTAL, P_INFLOW, P_OUTFLOW, P_FLOATING, P_RESIDENT, P_HANDED_OVER, P_LEFT,
	P_MALE, P_FEMALE, P_AGE0, /* … P_AGE0 + 6 */
	P_WOMEN = P_AGE0 + AGE_GROUPS, P_WOMEN_FLOATING, P_COLUMNS
};

static const struct stats_column person_columns[P_COLUMNS] = {
	{"total", "人数合计", STATS_COUNT},
	{"inflow", "流入", STATS_COUNT},
	{"outflow", "流出", STATS_COUNT},
	{"floating", "流动管理", STATS_COUNT},
	{"resident", "常住管理", STATS_COUNT},
	{"handed_over", "已移交", STATS_COUNT},
	{"left", "已离开", STATS_COUNT},
	{"male", "男", STATS_COUNT},
	{"female", "女", STATS_COUNT},
	{"age_0_14", "0-14岁", STATS_COUNT},
	{"age_15_17", "15-17岁", STATS_COUNT},
	{"age_18_29", "18-29岁", STATS_COUNT},
	{"age_30_39", "30-39岁", STATS_COUNT},
	{"age_40_49", "40-49岁", STATS_COUNT},
	{"age_50_59", "50-59岁", STATS_COUNT},
	{"age_60_plus", "60岁及以上", STATS_COUNT},
	{"women_15_49", "育龄妇女(15-49岁)", STATS_COUNT},
	{"women_15_49_floating", "其中流动管理", STATS_COUNT},
};

enum certificate_column {
	C_REQUIRED, C_HOLDING, C_RATE, C_REQUIRED_INFLOW, C_HOLDING_INFLOW, C_RATE_INFLOW,
	C_REQUIRED_OUTFLOW, C_HOLDING_OUTFLOW, C_RATE_OUTFLOW, C_STANDARD, C_TEMPORARY,
	C_TRANSFER, C_EXTERNAL, C_EXPIRED, C_TEMPORARY_OVERDUE, C_COLUMNS
};

static const struct stats_column certificate_columns[C_COLUMNS] = {
	{"required", "应持证人数", STATS_COUNT},
	{"holding", "持证人数", STATS_COUNT},
	{"holding_rate", "持证率", STATS_RATIO},
	{"required_inflow", "流入应持证", STATS_COUNT},
	{"holding_inflow", "流入持证", STATS_COUNT},
	{"holding_rate_inflow", "流入持证率", STATS_RATIO},
	{"required_outflow", "流出应持证", STATS_COUNT},
	{"holding_outflow", "流出持证", STATS_COUNT},
	{"holding_rate_outflow", "流出持证率", STATS_RATIO},
	{"standard_in_force", "有效婚育证明", STATS_COUNT},
	{"temporary_active", "有效临时婚育证明", STATS_COUNT},
	{"transfer_in_force", "有效移交证明", STATS_COUNT},
	{"external_in_force", "有效外地证明", STATS_COUNT},
	{"expired", "已过期证明", STATS_COUNT},
	{"temporary_overdue", "临时证明到期未换证", STATS_COUNT},
};

enum casework_column {
	W_INQ_DRAFT, W_INQ_SENT, W_INQ_OVERDUE, W_INQ_ANSWERED, W_INQ_CANCELLED,
	W_REP_RECEIVED, W_REP_VERIFIED, W_REP_CLOSED, W_REP_MEAN, W_REP_MEDIAN,
	W_COM_RECEIVED, W_COM_ASSIGNED, W_COM_ANSWERED, W_COM_CLOSED, W_COM_OVERDUE,
	W_COM_MEAN, W_COM_MEDIAN, W_COLUMNS
};

static const struct stats_column casework_columns[W_COLUMNS] = {
	{"inquiries_draft", "函调草稿", STATS_COUNT},
	{"inquiries_open", "函调待复", STATS_COUNT},
	{"inquiries_overdue", "函调逾期", STATS_COUNT},
	{"inquiries_answered", "函调已复", STATS_COUNT},
	{"inquiries_cancelled", "函调已撤销", STATS_COUNT},
	{"reports_received", "信息报告待核实", STATS_COUNT},
	{"reports_verified", "信息报告已核实", STATS_COUNT},
	{"reports_closed", "信息报告已办结", STATS_COUNT},
	{"report_hours_mean", "报告平均办结小时", STATS_DECIMAL},
	{"report_hours_median", "报告办结小时中位数", STATS_DECIMAL},
	{"complaints_received", "投诉待交办", STATS_COUNT},
	{"complaints_assigned", "投诉已交办", STATS_COUNT},
	{"complaints_answered", "投诉已答复", STATS_COUNT},
	{"complaints_closed", "投诉已办结", STATS_COUNT},
	{"complaints_overdue", "投诉逾期", STATS_COUNT},
	{"complaint_days_mean", "投诉平均办结天数", STATS_DECIMAL},
	{"complaint_days_median", "投诉办结天数中位数", STATS_DECIMAL},
};

enum trend_column {
	T_REGISTERED, T_INFLOW, T_OUTFLOW, T_STANDARD, T_TEMPORARY, T_TRANSFER, T_EXTERNAL,
	T_CERTIFICATES, T_COLUMNS
};

static const struct stats_column trend_columns[T_COLUMNS] = {
	{"registered", "新建档案", STATS_COUNT},
	{"inflow_arrived", "流入人员(按来到月份)", STATS_COUNT},
	{"outflow_left", "流出人员(按外出月份)", STATS_COUNT},
	{"standard_issued", "签发婚育证明", STATS_COUNT},
	{"temporary_issued", "签发临时婚育证明", STATS_COUNT},
	{"transfer_issued", "出具移交证明", STATS_COUNT},
	{"external_recorded", "登记外地证明", STATS_COUNT},
	{"certificates_total", "证明合计", STATS_COUNT},
};

static const struct table_spec {
	const char *name;
	const char *title;
	const struct stats_column *columns;
	size_t column_count;
} tables[STATS_TABLE_END] = {
	[STATS_PERSONS] = {"persons", "人员统计", person_columns, P_COLUMNS},
	[STATS_CERTIFICATES] = {"certificates", "持证统计", certificate_columns, C_COLUMNS},
	[STATS_CASEWORK] = {"casework", "函调、信息报告和投诉办理统计", casework_columns, W_COLUMNS},
	[STATS_TRENDS] = {"trends", "月度趋势", trend_columns, T_COLUMNS},
};

_Static_assert(P_COLUMNS <= STATS_COLUMNS_MAX && C_COLUMNS <= STATS_COLUMNS_MAX &&
		       W_COLUMNS <= STATS_COLUMNS_MAX && T_COLUMNS <= STATS_COLUMNS_MAX,
	       "a table's columns fit a row");

const char *stats_table_name(enum stats_table t)
{
	return t >= 0 && t < STATS_TABLE_END ? tables[t].name : "";
}

const char *stats_table_title(enum stats_table t)
{
	return t >= 0 && t < STATS_TABLE_END ? tables[t].title : "";
}

bool stats_table_parse(const char *name, enum stats_table *out)
{
	for (int t = 0; t < STATS_TABLE_END; t++)
		if (strcmp(name, tables[t].name) == 0) {
			*out = (enum stats_table)t;
			return true;
		}
	return false;
}

size_t stats_age_group(int age)
{
	size_t group = 0;
	while (group < AGE_GROUPS - 1 && age >= age_boundaries[group])
		group++;
	return group;
}

static bool is_boundary(int age)
{
	for (size_t i = 0; i < AGE_GROUPS - 1; i++)
		if (age_boundaries[i] == age)
			return true;
	return false;
}

/* --- the work: rows, and where the store's rows go ------------------------- */

/* Values with their counts, for a median. */
struct histogram {
	int64_t (*items)[2];
	size_t count;
	size_t capacity;
	bool failed;
};

/* Sums a row keeps besides its columns. */
struct row_extra {
	double closed_seconds;    /* field reports closed */
	double complaint_days;    /* complaints closed, days summed */
	struct histogram report_hours;
	struct histogram complaint_days_list;
};

struct work {
	const struct registry *reg;
	struct stats_result *result;
	struct row_extra *extra;   /* parallel to result->rows */
	size_t children;           /* rows before the total */
	char today[DATE_TEXT_SIZE];
};

/* Where a request's rows go: into the total, or each into its child's row. */
struct sink {
	struct work *work;
	bool to_total;
};

static void histogram_add(struct histogram *h, int64_t value, int64_t count)
{
	for (size_t i = 0; i < h->count; i++)
		if (h->items[i][0] == value) {
			h->items[i][1] += count;
			return;
		}
	if (h->count == h->capacity) {
		size_t capacity = h->capacity ? h->capacity * 2 : 16;
		void *grown = realloc(h->items, capacity * sizeof *h->items);
		if (grown == NULL) {
			h->failed = true;
			return;
		}
		h->items = grown;
		h->capacity = capacity;
	}
	h->items[h->count][0] = value;
	h->items[h->count][1] = count;
	h->count++;
}

static int compare_values(const void *a, const void *b)
{
	const int64_t *x = a, *y = b;
	return x[0] < y[0] ? -1 : x[0] > y[0];
}

/* The value at position `at` (from 0) of the sorted values. */
static double value_at(const struct histogram *h, int64_t at)
{
	int64_t seen = 0;
	for (size_t i = 0; i < h->count; i++) {
		seen += h->items[i][1];
		if (at < seen)
			return (double)h->items[i][0];
	}
	return NAN;
}

/* The median (the mean of the two middle values of an even count), NAN if none. */
static double histogram_median(struct histogram *h)
{
	int64_t n = 0;
	for (size_t i = 0; i < h->count; i++)
		n += h->items[i][1];
	if (n <= 0)
		return NAN;
	qsort(h->items, h->count, sizeof *h->items, compare_values);
	if (n % 2 == 1)
		return value_at(h, n / 2);
	return (value_at(h, n / 2 - 1) + value_at(h, n / 2)) / 2.0;
}

/* The row a store row adds to; NULL for a division we do not show. */
static struct stats_row *target_row(const struct sink *s, const char *code, size_t *index)
{
	struct stats_result *r = s->work->result;
	if (s->to_total) {
		*index = r->row_count - 1;
		return &r->rows[*index];
	}
	size_t lo = 0, hi = s->work->children;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(r->rows[mid].code, code);
		if (c == 0) {
			*index = mid;
			return &r->rows[mid];
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Adds persons of a known age to the age columns. */
static void add_age(struct stats_row *row, int age, bool female, int64_t management,
		    int64_t count)
{
	size_t group = stats_age_group(age < 0 ? 0 : age);
	row->values[P_AGE0 + group] += (double)count;
	if (female && group >= 1 && group <= 4) {  /* 15–17 … 40–49 */
		row->values[P_WOMEN] += (double)count;
		if (management == 1)
			row->values[P_WOMEN_FLOATING] += (double)count;
	}
}

/* A birth year: the totals, and the age unless a group boundary falls in the year. */
static void on_person_year(const struct store_stats_row *in, void *ctx)
{
	struct sink *s = ctx;
	size_t index;
	struct stats_row *row = target_row(s, in->division, &index);
	int year;
	if (row == NULL || sscanf(in->text, "%4d", &year) != 1)
		return;
	double n = (double)in->count;
	bool female = in->key[0] != 0;
	row->values[P_TOTAL] += n;
	if (in->key[1] == 1 || in->key[1] == 2)
		row->values[in->key[1] == 1 ? P_INFLOW : P_OUTFLOW] += n;
	if (in->key[2] >= 1 && in->key[2] <= 4)
		row->values[P_FLOATING + (in->key[2] - 1)] += n;
	row->values[female ? P_FEMALE : P_MALE] += n;
	int years = s->work->reg->today.year - year;
	if (is_boundary(years))
		return;  /* by month and day (on_person_month, on_person_birth) */
	add_age(row, years, female, in->key[2], in->count);  /* years - 1 is in the same group */
}

/* A birth month of a boundary year: decided unless it is today's month. */
static void on_person_month(const struct store_stats_row *in, void *ctx)
{
	struct sink *s = ctx;
	size_t index;
	struct stats_row *row = target_row(s, in->division, &index);
	int year, month;
	if (row == NULL || sscanf(in->text, "%4d-%2d", &year, &month) != 2)
		return;
	const struct date *today = &s->work->reg->today;
	if (month == today->month)
		return;  /* by day (on_person_birth) */
	int years = today->year - year;
	add_age(row, month < today->month ? years : years - 1, in->key[0] != 0, in->key[2],
		in->count);
}

static void on_person_birth(const struct store_stats_row *in, void *ctx)
{
	struct sink *s = ctx;
	size_t index;
	struct stats_row *row = target_row(s, in->division, &index);
	struct date birth;
	if (row == NULL || !date_parse(in->text, &birth))
		return;
	add_age(row, date_years_between(&birth, &s->work->reg->today), in->key[0] != 0,
		in->key[2], in->count);
}

static void on_holding(const struct store_stats_row *in, void *ctx)
{
	struct sink *s = ctx;
	size_t index;
	struct stats_row *row = target_row(s, in->division, &index);
	if (row == NULL)
		return;
	double n = (double)in->count;
	bool inflow = in->key[0] == 1, holding = in->key[2] != 0;
	row->values[C_REQUIRED] += n;
	row->values[inflow ? C_REQUIRED_INFLOW : C_REQUIRED_OUTFLOW] += n;
	if (holding) {
		row->values[C_HOLDING] += n;
		row->values[inflow ? C_HOLDING_INFLOW : C_HOLDING_OUTFLOW] += n;
	} else if (inflow && in->key[1] != 0) {
		row->values[C_TEMPORARY_OVERDUE] += n;
	}
}

static void on_certificate(const struct store_stats_row *in, void *ctx)
{
	struct sink *s = ctx;
	size_t index;
	struct stats_row *row = target_row(s, in->division, &index);
	if (row == NULL || in->key[0] < 1 || in->key[0] > 4)
		return;
	if (in->key[1] != 0)
		row->values[C_STANDARD + (in->key[0] - 1)] += (double)in->count;
	else
		row->values[C_EXPIRED] += (double)in->count;
}

static void on_inquiry(const struct store_stats_row *in, void *ctx)
{
	struct sink *s = ctx;
	size_t index;
	struct stats_row *row = target_row(s, in->division, &index);
	if (row == NULL || in->key[0] < 1 || in->key[0] > 4)
		return;
	static const int column[5] = {0, W_INQ_DRAFT, W_INQ_SENT, W_INQ_ANSWERED, W_INQ_CANCELLED};
	row->values[column[in->key[0]]] += (double)in->count;
	if (in->key[1] != 0)
		row->values[W_INQ_OVERDUE] += (double)in->count;
}

static void on_field_report(const struct store_stats_row *in, void *ctx)
{
	struct sink *s = ctx;
	size_t index;
	struct stats_row *row = target_row(s, in->division, &index);
	if (row == NULL || in->key[0] < 1 || in->key[0] > 3)
		return;
	row->values[W_REP_RECEIVED + (in->key[0] - 1)] += (double)in->count;
	if (in->key[0] == 3 && in->key[1] >= 0) {
		struct row_extra *x = &s->work->extra[index];
		x->closed_seconds += (double)in->sum;
		histogram_add(&x->report_hours, in->key[1], in->count);
	}
}

static void on_complaint(const struct store_stats_row *in, void *ctx)
{
	struct sink *s = ctx;
	size_t index;
	struct stats_row *row = target_row(s, in->division, &index);
	if (row == NULL || in->key[0] < 1 || in->key[0] > 4)
		return;
	row->values[W_COM_RECEIVED + (in->key[0] - 1)] += (double)in->count;
	if (in->key[1] != 0)
		row->values[W_COM_OVERDUE] += (double)in->count;
	if (in->key[0] == 4 && in->key[2] >= 0) {
		struct row_extra *x = &s->work->extra[index];
		x->complaint_days += (double)(in->key[2] * in->count);
		histogram_add(&x->complaint_days_list, in->key[2], in->count);
	}
}

static void on_trend(const struct store_stats_row *in, void *ctx)
{
	struct sink *s = ctx;
	struct stats_result *r = s->work->result;
	struct stats_row *row = NULL, *total = &r->rows[r->row_count - 1];
	for (size_t i = 0; i < s->work->children; i++)
		if (strcmp(r->rows[i].code, in->text) == 0)
			row = &r->rows[i];
	if (row == NULL)
		return;
	int column = -1;
	switch (in->key[0]) {
	case MEASURE_REGISTERED: column = T_REGISTERED; break;
	case MEASURE_INFLOW: column = T_INFLOW; break;
	case MEASURE_OUTFLOW: column = T_OUTFLOW; break;
	default:
		if (in->key[0] > MEASURE_CERTIFICATE && in->key[0] <= MEASURE_CERTIFICATE + 4)
			column = T_STANDARD + (int)(in->key[0] - MEASURE_CERTIFICATE - 1);
	}
	if (column < 0)
		return;
	for (struct stats_row *x = row;; x = total) {
		x->values[column] += (double)in->count;
		if (column >= T_STANDARD)
			x->values[T_CERTIFICATES] += (double)in->count;
		if (x == total)
			break;
	}
}

/* --- levels and rows -------------------------------------------------------- */

/* The smallest code length with summaries that is at least `length`, or 0. */
static int stored_level(size_t length)
{
	static const int levels[] = {4, 9, 12};
	for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++)
		if ((size_t)levels[i] >= length)
			return levels[i];
	return 0;
}

/* The length of the children shown: towns below a town's length, communities below 12. */
static int child_level(size_t length)
{
	return length < 9 ? 9 : length < 12 ? 12 : 0;
}

static enum status add_row(struct stats_result *r, size_t *capacity, enum stats_row_kind kind,
			   const char *code, const char *name, struct error *err)
{
	if (r->row_count == *capacity) {
		size_t grown = *capacity ? *capacity * 2 : 16;
		void *rows = realloc(r->rows, grown * sizeof *r->rows);
		if (rows == NULL)
			return error_set(err, ST_NO_MEMORY, "", NULL);
		r->rows = rows;
		*capacity = grown;
	}
	struct stats_row *row = &r->rows[r->row_count++];
	memset(row, 0, sizeof *row);
	row->kind = kind;
	snprintf(row->code, sizeof row->code, "%s", code);
	snprintf(row->name, sizeof row->name, "%s", name);
	return ST_OK;
}

/* The child divisions (sorted, as the table is), then the total. */
static enum status add_division_rows(const struct registry *reg, struct stats_result *r,
				     int children_length, size_t *children, struct error *err)
{
	size_t capacity = 0, prefix = strlen(r->division);
	enum status st;
	for (size_t i = 0; children_length > 0 && i < reg->divisions->count; i++) {
		const struct division *d = &reg->divisions->items[i];
		if (strlen(d->code) == (size_t)children_length &&
		    strncmp(d->code, r->division, prefix) == 0 &&
		    (st = add_row(r, &capacity, STATS_ROW_DIVISION, d->code, d->name, err)) != ST_OK)
			return st;
	}
	*children = r->row_count;
	return add_row(r, &capacity, STATS_ROW_TOTAL, r->division, "合计", err);
}

/* The 12 months ending with today's, then the total. */
static enum status add_month_rows(const struct registry *reg, struct stats_result *r,
				  size_t *children, struct error *err)
{
	size_t capacity = 0;
	enum status st;
	for (int back = STATS_TREND_MONTHS - 1; back >= 0; back--) {
		struct date first = reg->today;
		first.day = 1;
		first = date_add_months(&first, -back);
		char code[DIVISION_CODE_SIZE], name[DIVISION_NAME_SIZE];
		snprintf(code, sizeof code, "%04d-%02d", first.year, first.month);
		snprintf(name, sizeof name, "%04d年%02d月", first.year, first.month);
		if ((st = add_row(r, &capacity, STATS_ROW_MONTH, code, name, err)) != ST_OK)
			return st;
	}
	*children = r->row_count;
	return add_row(r, &capacity, STATS_ROW_TOTAL, r->division, "合计", err);
}

/* Asks the store for `query` at the total's level and, when shown, at the children's. */
static size_t plan(struct store_stats_request *out, struct sink sinks[2], struct work *w,
		   enum store_stats_query query, store_stats_row_fn fn, const char *from,
		   const char *to)
{
	const char *division = w->result->division;
	size_t length = strlen(division), n = 0;
	int total_level = stored_level(length), children = child_level(length);
	sinks[0] = (struct sink){w, true};
	sinks[1] = (struct sink){w, false};
	out[n++] = (struct store_stats_request){query, total_level, division, w->today, from, to,
						 fn, &sinks[0]};
	if (children > 0 && w->children > 0 && w->result->table != STATS_TRENDS)
		out[n++] = (struct store_stats_request){query, children, division, w->today, from,
							 to, fn, &sinks[1]};
	return n;
}

#define REQUESTS_MAX 32

static enum status read_persons(struct work *w, struct error *err)
{
	struct store_stats_request req[REQUESTS_MAX];
	struct sink sinks[1 + 2 * (AGE_GROUPS - 1)][2];
	char months[AGE_GROUPS - 1][2][DATE_TEXT_SIZE], days[AGE_GROUPS - 1][2][DATE_TEXT_SIZE];
	size_t n = plan(req, sinks[0], w, STORE_STATS_PERSON_YEARS, on_person_year, NULL, NULL);
	const struct date *today = &w->reg->today;
	for (size_t b = 0; b < AGE_GROUPS - 1; b++) {
		int year = today->year - age_boundaries[b];
		snprintf(months[b][0], sizeof months[b][0], "%04d-01", year);
		snprintf(months[b][1], sizeof months[b][1], "%04d-12", year);
		snprintf(days[b][0], sizeof days[b][0], "%04d-%02d-01", year, today->month);
		snprintf(days[b][1], sizeof days[b][1], "%04d-%02d-31", year, today->month);
		n += plan(&req[n], sinks[1 + 2 * b], w, STORE_STATS_PERSON_MONTHS, on_person_month,
			  months[b][0], months[b][1]);
		n += plan(&req[n], sinks[2 + 2 * b], w, STORE_STATS_PERSON_BIRTHS, on_person_birth,
			  days[b][0], days[b][1]);
	}
	return store_stats_read(w->reg->store, req, n, err);
}

static enum status read_simple(struct work *w, const enum store_stats_query *queries,
			       const store_stats_row_fn *fns, size_t count, const char *from,
			       const char *to, struct error *err)
{
	struct store_stats_request req[REQUESTS_MAX];
	struct sink sinks[REQUESTS_MAX / 2][2];
	size_t n = 0;
	for (size_t i = 0; i < count && i < REQUESTS_MAX / 2; i++)
		n += plan(&req[n], sinks[i], w, queries[i], fns[i], from, to);
	return store_stats_read(w->reg->store, req, n, err);
}

static double ratio(double part, double whole)
{
	return whole > 0 ? part / whole : NAN;
}

/* Rates, means and medians of each row, from its counts and extras. */
static void finish_row(enum stats_table table, struct stats_row *row, struct row_extra *x)
{
	if (table == STATS_CERTIFICATES) {
		row->values[C_RATE] = ratio(row->values[C_HOLDING], row->values[C_REQUIRED]);
		row->values[C_RATE_INFLOW] =
			ratio(row->values[C_HOLDING_INFLOW], row->values[C_REQUIRED_INFLOW]);
		row->values[C_RATE_OUTFLOW] =
			ratio(row->values[C_HOLDING_OUTFLOW], row->values[C_REQUIRED_OUTFLOW]);
	} else if (table == STATS_CASEWORK) {
		row->values[W_REP_MEAN] =
			ratio(x->closed_seconds / 3600.0, row->values[W_REP_CLOSED]);
		row->values[W_REP_MEDIAN] = histogram_median(&x->report_hours);
		row->values[W_COM_MEAN] = ratio(x->complaint_days, row->values[W_COM_CLOSED]);
		row->values[W_COM_MEDIAN] = histogram_median(&x->complaint_days_list);
	}
}

/*
 * The own-office row: what the total has beyond its children (complaints
 * of the division's own office), inserted before the total when non-zero.
 */
static enum status add_own_row(struct work *w, struct error *err)
{
	struct stats_result *r = w->result;
	struct stats_row own;
	bool any = false;
	if (r->table == STATS_TRENDS || w->children == 0)
		return ST_OK;
	memset(&own, 0, sizeof own);
	own.kind = STATS_ROW_OWN;
	snprintf(own.code, sizeof own.code, "%s", r->division);
	snprintf(own.name, sizeof own.name, "%.80s(本级)", r->division_name);
	for (size_t c = 0; c < r->column_count; c++) {
		if (r->columns[c].kind != STATS_COUNT) {
			own.values[c] = NAN;
			continue;
		}
		double rest = r->rows[r->row_count - 1].values[c];
		for (size_t i = 0; i < w->children; i++)
			rest -= r->rows[i].values[c];
		own.values[c] = rest;
		any = any || rest != 0;
	}
	if (!any)
		return ST_OK;
	void *rows = realloc(r->rows, (r->row_count + 1) * sizeof *r->rows);
	if (rows == NULL)
		return error_set(err, ST_NO_MEMORY, "", NULL);
	r->rows = rows;
	r->rows[r->row_count] = r->rows[r->row_count - 1];
	r->rows[r->row_count - 1] = own;
	r->row_count++;
	return ST_OK;
}

static enum status read_table(struct work *w, struct error *err)
{
	switch (w->result->table) {
	case STATS_PERSONS:
		return read_persons(w, err);
	case STATS_CERTIFICATES: {
		static const enum store_stats_query q[] = {STORE_STATS_HOLDING,
							   STORE_STATS_CERTIFICATES};
		static const store_stats_row_fn f[] = {on_holding, on_certificate};
		return read_simple(w, q, f, 2, NULL, NULL, err);
	}
	case STATS_CASEWORK: {
		static const enum store_stats_query q[] = {
			STORE_STATS_INQUIRIES, STORE_STATS_FIELD_REPORTS, STORE_STATS_COMPLAINTS};
		static const store_stats_row_fn f[] = {on_inquiry, on_field_report, on_complaint};
		return read_simple(w, q, f, 3, NULL, NULL, err);
	}
	case STATS_TRENDS: {
		static const enum store_stats_query q[] = {STORE_STATS_TRENDS};
		static const store_stats_row_fn f[] = {on_trend};
		const struct stats_result *r = w->result;
		return read_simple(w, q, f, 1, r->rows[0].code, r->rows[w->children - 1].code,
				   err);
	}
	default:
		return error_set(err, ST_INVALID_INPUT, "table", "统计表应为 persons、certificates、"
				 "casework 或 trends");
	}
}

enum status stats_compute(const struct registry *reg, enum stats_table table,
			  const char *division, struct stats_result *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	if (table < 0 || table >= STATS_TABLE_END)
		return error_set(err, ST_INVALID_INPUT, "table", "统计表应为 persons、certificates、"
				 "casework 或 trends");
	const char *wanted = division && division[0] ? division : reg->city;
	const struct division *d = division_table_resolve(reg->divisions, wanted);
	if (d == NULL || !division_contains(reg->city, d->code) || stored_level(strlen(d->code)) == 0)
		return error_set(err, ST_INVALID_DIVISION, "division",
				 "区划应为本市或本市的乡镇（街道）、社区（村），请核对代码");
	out->table = table;
	memcpy(out->division, d->code, sizeof out->division);
	snprintf(out->division_name, sizeof out->division_name, "%s", d->name);
	date_format(&reg->today, out->today, sizeof out->today);
	out->columns = tables[table].columns;
	out->column_count = tables[table].column_count;

	struct work w = {.reg = reg, .result = out};
	memcpy(w.today, out->today, sizeof w.today);
	enum status st = table == STATS_TRENDS
				 ? add_month_rows(reg, out, &w.children, err)
				 : add_division_rows(reg, out, child_level(strlen(d->code)), &w.children,
						     err);
	if (st != ST_OK)
		goto out_release;
	snprintf(out->rows[out->row_count - 1].name, sizeof out->rows[0].name, "%s", "合计");
	size_t extra_count = out->row_count;
	w.extra = calloc(extra_count, sizeof *w.extra);
	if (w.extra == NULL) {
		st = error_set(err, ST_NO_MEMORY, "", NULL);
		goto out_release;
	}
	if ((st = read_table(&w, err)) != ST_OK)
		goto out_free_extra;
	for (size_t i = 0; i < out->row_count; i++) {
		if (w.extra[i].report_hours.failed || w.extra[i].complaint_days_list.failed) {
			st = error_set(err, ST_NO_MEMORY, "", NULL);
			goto out_free_extra;
		}
		finish_row(table, &out->rows[i], &w.extra[i]);
	}
	st = add_own_row(&w, err);
out_free_extra:
	for (size_t i = 0; i < extra_count && w.extra; i++) {
		free(w.extra[i].report_hours.items);
		free(w.extra[i].complaint_days_list.items);
	}
	free(w.extra);
out_release:
	if (st != ST_OK)
		stats_result_release(out);
	return st;
}

void stats_result_release(struct stats_result *r)
{
	free(r->rows);
	r->rows = NULL;
	r->row_count = 0;
}

const struct stats_row *stats_result_total(const struct stats_result *r)
{
	return r->row_count > 0 ? &r->rows[r->row_count - 1] : NULL;
}

void stats_value_text(const struct stats_column *column, double value, char *buf, size_t size)
{
	if (isnan(value))
		snprintf(buf, size, "%s", "");
	else if (column->kind == STATS_RATIO)
		snprintf(buf, size, "%.2f%%", value * 100.0);
	else if (column->kind == STATS_DECIMAL)
		snprintf(buf, size, "%.1f", value);
	else
		snprintf(buf, size, "%.0f", value);
}

/* The cells of one row as text; `texts` holds them. */
static void row_cells(const struct stats_result *r, const struct stats_row *row,
		      char texts[][STATS_KEY_SIZE], const char **cells)
{
	cells[0] = row->code;
	cells[1] = row->name;
	for (size_t c = 0; c < r->column_count; c++) {
		stats_value_text(&r->columns[c], row->values[c], texts[c], STATS_KEY_SIZE);
		cells[2 + c] = texts[c];
	}
}

enum status stats_render_file(const struct stats_result *r, enum sheet_format format,
			      const char *path, char **out, size_t *length, struct error *err)
{
	struct sheet_writer *w;
	const char *cells[STATS_COLUMNS_MAX + 2];
	char texts[STATS_COLUMNS_MAX][STATS_KEY_SIZE];
	enum status st = sheet_writer_open(format, path, tables[r->table].title, &w, err);
	if (st != ST_OK)
		return st;
	bool months = r->table == STATS_TRENDS;
	cells[0] = months ? "月份" : "区划代码";
	cells[1] = months ? "名称" : "区划名称";
	for (size_t c = 0; c < r->column_count; c++)
		cells[2 + c] = r->columns[c].title;
	st = sheet_writer_row(w, cells, r->column_count + 2, true, err);
	for (size_t i = 0; i < r->row_count && st == ST_OK; i++) {
		row_cells(r, &r->rows[i], texts, cells);
		st = sheet_writer_row(w, cells, r->column_count + 2, r->rows[i].kind == STATS_ROW_TOTAL,
				      err);
	}
	if (st != ST_OK) {
		sheet_writer_abandon(w);
		return st;
	}
	if (path != NULL) {
		char *ignored;
		size_t ignored_length;
		return sheet_writer_finish(w, &ignored, &ignored_length, err);
	}
	return sheet_writer_finish(w, out, length, err);
}
