/*
 * person_import.c — rows of a spreadsheet into the person registry.
 *
 * The reader (core/sheet_reader.h) hands over one row at a time; each row
 * is cleaned, checked and written through person_create / person_update,
 * inside a transaction per batch that also keeps the run's progress, the
 * rejected rows and one audit row.
 */
#include "domain/person_import.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/text.h"
#include "domain/codes.h"
#include "security/audit.h"
#include "store/store.h"

#define CELL_SEPARATOR '\x1f'

/* --- names ---------------------------------------------------------------- */

static const char *const mode_names[] = {"commit", "dry_run", "all_or_nothing"};
static const char *const state_names[] = {"running", "done", "refused", "failed"};

const char *person_import_mode_name(enum import_mode mode)
{
	return (unsigned)mode <= IMPORT_ALL_OR_NOTHING ? mode_names[mode] : "";
}

const char *person_import_state_name(enum import_state state)
{
	return (unsigned)state <= IMPORT_FAILED ? state_names[state] : "";
}

bool person_import_mode_parse(const char *name, enum import_mode *out)
{
	for (int i = 0; i <= IMPORT_ALL_OR_NOTHING; i++)
		if (strcmp(name, mode_names[i]) == 0) {
			*out = (enum import_mode)i;
			return true;
		}
	return false;
}

bool person_import_state_parse(const char *name, enum import_state *out)
{
	for (int i = 0; i <= IMPORT_FAILED; i++)
		if (strcmp(name, state_names[i]) == 0) {
			*out = (enum import_state)i;
			return true;
		}
	return false;
}

/* --- cleaning cells --------------------------------------------------------- */

/* Length of a blank at `p` (ASCII blank, U+3000, U+00A0, U+FEFF), or 0. */
static size_t blank_length(const unsigned char *p)
{
	if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		return 1;
	if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80)
		return 3;
	if (p[0] == 0xC2 && p[1] == 0xA0)
		return 2;
	if (p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
		return 3;
	return 0;
}

/* Copies `cell` without surrounding blanks (ASCII and full-width) into out. */
static void trim_cell(const char *cell, char *out, size_t size)
{
	const unsigned char *p = (const unsigned char *)cell;
	size_t n;
	while ((n = blank_length(p)) > 0)
		p += n;
	size_t len = strlen((const char *)p);
	while (len > 0) {
		const unsigned char *q = p + len;
		if (q[-1] == ' ' || q[-1] == '\t' || q[-1] == '\r' || q[-1] == '\n')
			len -= 1;
		else if (len >= 3 && q[-3] == 0xE3 && q[-2] == 0x80 && q[-1] == 0x80)
			len -= 3;
		else if (len >= 2 && q[-2] == 0xC2 && q[-1] == 0xA0)
			len -= 2;
		else
			break;
	}
	if (len >= size)
		len = size - 1;
	memcpy(out, p, len);
	out[len] = '\0';
	text_trim_partial_utf8(out);
}

/*
 * Full-width digits (U+FF10..FF19), Ｘ and ｘ made ASCII, blanks inside
 * dropped, x made X: what an ID number cell may hold besides its characters.
 */
static void fold_id_characters(const char *in, char *out, size_t size)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t o = 0, n;
	while (*p && o + 1 < size) {
		if ((n = blank_length(p)) > 0) {
			p += n;
		} else if (p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x90 && p[2] <= 0x99) {
			out[o++] = (char)('0' + (p[2] - 0x90));
			p += 3;
		} else if ((p[0] == 0xEF && p[1] == 0xBC && p[2] == 0xB8) ||
			   (p[0] == 0xEF && p[1] == 0xBD && p[2] == 0x98)) {
			out[o++] = 'X';
			p += 3;
		} else {
			out[o++] = *p == 'x' ? 'X' : (char)*p;
			p++;
		}
	}
	out[o] = '\0';
}

static bool looks_scientific(const char *s)
{
	bool digit = false, exponent = false;
	for (const char *c = s; *c; c++) {
		if (*c >= '0' && *c <= '9')
			digit = true;
		else if ((*c == 'E' || *c == 'e') && digit)
			exponent = true;
		else if (*c != '.' && *c != '+' && *c != '-')
			return false;
	}
	return exponent;
}

bool person_import_clean_id_number(const char *cell, bool numeric, char *out, size_t size,
				   char *reason, size_t reason_size)
{
	char trimmed[SHEET_CELL_MAX + 1];
	trim_cell(cell, trimmed, sizeof trimmed);
	const char *start = trimmed[0] == '\'' ? trimmed + 1 : trimmed; /* Excel's text marker */
	fold_id_characters(start, out, size);
	if (numeric) {
		char *end;
		double v = strtod(out, &end);
		if (*end == '\0' && v >= 1e14 && v < 1e15 && floor(v) == v) {
			snprintf(out, size, "%.0f", v); /* 15 digits: exact in a double */
			return true;
		}
		snprintf(reason, reason_size,
			 "公民身份号码被 Excel 存成了数字，后几位已丢失：请把该列设为“文本”格式，"
			 "重新填写完整的 18 位号码后再导入");
		return false;
	}
	if (looks_scientific(out)) {
		snprintf(reason, reason_size,
			 "公民身份号码显示为科学计数法（如 6.20201E+17），后几位已丢失：请把该列设为"
			 "“文本”格式，重新填写完整的 18 位号码后再导入");
		return false;
	}
	return true;
}

/* Reads up to `max` digits of a date part; false if none. */
static bool date_part(const char **p, int max, int *out)
{
	int v = 0, n = 0;
	while (**p >= '0' && **p <= '9' && n < max) {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	*out = v;
	return n > 0;
}

/* Skips one date separator: - / . or 年 月 (UTF-8). */
static bool date_separator(const char **p)
{
	if (**p == '-' || **p == '/' || **p == '.') {
		(*p)++;
		return true;
	}
	if (strncmp(*p, "年", 3) == 0 || strncmp(*p, "月", 3) == 0) {
		*p += 3;
		return true;
	}
	return false;
}

bool person_import_clean_date(const char *cell, bool numeric, char *out, size_t size)
{
	char text[64], digits[64];
	struct date d;
	trim_cell(cell, text, sizeof text);
	/* A time after the date (2020-01-05 00:00:00) adds nothing. */
	if (!numeric)
		text[strcspn(text, " T")] = '\0';
	fold_id_characters(text, digits, sizeof digits);
	if (numeric) {
		/* An Excel date number: days since 1899-12-30 (Excel's 1900 system). */
		char *end;
		double v = strtod(digits, &end);
		if (*end != '\0' || v < 1 || v > 2958465 || floor(v) != v)
			return false;
		struct date epoch = {1899, 12, 30};
		d = date_add_days(&epoch, (long)v);
	} else if (strlen(digits) == 8 && text_is_digits(digits)) {
		if (!date_parse_compact(digits, &d))
			return false;
	} else {
		const char *p = digits;
		int y, m, day;
		if (!date_part(&p, 4, &y) || !date_separator(&p) || !date_part(&p, 2, &m) ||
		    !date_separator(&p) || !date_part(&p, 2, &day))
			return false;
		if (strncmp(p, "日", 3) == 0)
			p += 3;
		if (*p != '\0' || !date_is_valid(y, m, day))
			return false;
		d = (struct date){y, m, day};
	}
	date_format(&d, out, size);
	return true;
}

/* --- column titles ------------------------------------------------------ */

struct title_alias {
	const char *title;
	int target;
};

/* The titles offices and WIS exports use (compared without blanks and '*'). */
static const struct title_alias aliases[] = {
	{"公民身份号码", PERSON_ID_NUMBER}, {"身份证号", PERSON_ID_NUMBER},
	{"身份证号码", PERSON_ID_NUMBER}, {"身份证", PERSON_ID_NUMBER},
	{"公民身份证号码", PERSON_ID_NUMBER}, {"证件号码", PERSON_ID_NUMBER},
	{"姓名", PERSON_NAME},
	{"性别", PERSON_SEX},
	{"出生日期", PERSON_BIRTH_DATE},
	{"民族", PERSON_ETHNICITY},
	{"户籍地", PERSON_HUKOU_DIVISION}, {"户籍地区划代码", PERSON_HUKOU_DIVISION},
	{"户籍地代码", PERSON_HUKOU_DIVISION}, {"户籍地行政区划", PERSON_HUKOU_DIVISION},
	{"户籍地址", PERSON_HUKOU_ADDRESS}, {"户籍地详细地址", PERSON_HUKOU_ADDRESS},
	{"户籍详细地址", PERSON_HUKOU_ADDRESS},
	{"所属社区", PERSON_RESIDENCE_DIVISION}, {"所属社区（村）", PERSON_RESIDENCE_DIVISION},
	{"所属社区(村)", PERSON_RESIDENCE_DIVISION}, {"现居住社区", PERSON_RESIDENCE_DIVISION},
	{"现居住社区（村）", PERSON_RESIDENCE_DIVISION},
	{"现居住社区(村)", PERSON_RESIDENCE_DIVISION}, {"居住社区", PERSON_RESIDENCE_DIVISION},
	{"现居住地", PERSON_RESIDENCE_ADDRESS}, {"现住址", PERSON_RESIDENCE_ADDRESS},
	{"现居住地址", PERSON_RESIDENCE_ADDRESS}, {"现居住地详细地址", PERSON_RESIDENCE_ADDRESS},
	{"居住地址", PERSON_RESIDENCE_ADDRESS},
	{"流动类型", PERSON_FLOW},
	{"婚姻状况", PERSON_MARITAL_STATUS},
	{"初婚日期", PERSON_MARRIAGE_DATE}, {"结婚日期", PERSON_MARRIAGE_DATE},
	{"初婚（结婚）日期", PERSON_MARRIAGE_DATE}, {"初婚(结婚)日期", PERSON_MARRIAGE_DATE},
	{"流入时间", PERSON_ARRIVAL_DATE}, {"流入日期", PERSON_ARRIVAL_DATE},
	{"流出时间", PERSON_ARRIVAL_DATE}, {"流出日期", PERSON_ARRIVAL_DATE},
	{"流入（流出）日期", PERSON_ARRIVAL_DATE}, {"流入(流出)日期", PERSON_ARRIVAL_DATE},
	{"联系电话", PERSON_PHONE}, {"电话", PERSON_PHONE}, {"手机", PERSON_PHONE},
	{"手机号码", PERSON_PHONE},
	/* what an error file adds, and a row counter: never imported */
	{"序号", IMPORT_TARGET_IGNORE}, {"原行号", IMPORT_TARGET_IGNORE},
	{"错误列", IMPORT_TARGET_IGNORE}, {"错误原因", IMPORT_TARGET_IGNORE},
};

/* A title without blanks and the '*' that marks required columns. */
static void title_key(const char *title, char *out, size_t size)
{
	const unsigned char *p = (const unsigned char *)title;
	size_t o = 0, n;
	while (*p && o + 1 < size) {
		if ((n = blank_length(p)) > 0)
			p += n;
		else if (*p == '*')
			p++;
		else
			out[o++] = (char)*p++;
	}
	out[o] = '\0';
	text_trim_partial_utf8(out);
}

int person_import_column_target(const char *title, const struct import_mapping *mapping)
{
	char key[IMPORT_TITLE_SIZE], other[IMPORT_TITLE_SIZE];
	title_key(title, key, sizeof key);
	if (mapping)
		for (size_t i = 0; i < mapping->count; i++) {
			title_key(mapping->entries[i].title, other, sizeof other);
			if (strcmp(key, other) == 0)
				return mapping->entries[i].target;
		}
	for (size_t i = 0; i < sizeof aliases / sizeof *aliases; i++)
		if (strcmp(key, aliases[i].title) == 0)
			return aliases[i].target;
	enum person_field f;
	if (person_field_by_name(key, &f))
		return (int)f;
	return IMPORT_TARGET_IGNORE;
}

enum status person_import_mapping_parse(const char *text, struct import_mapping *out,
					struct error *err)
{
	size_t line_number = 0;
	memset(out, 0, sizeof *out);
	while (*text) {
		char line[512], title[IMPORT_TITLE_SIZE], field[64];
		size_t len = strcspn(text, "\n");
		line_number++;
		if (len >= sizeof line)
			return error_set(err, ST_INVALID_INPUT, "mapping", "对照表第 %zu 行过长",
					 line_number);
		memcpy(line, text, len);
		line[len] = '\0';
		text += len + (text[len] == '\n');
		trim_cell(line, line, sizeof line);
		if (line[0] == '\0' || line[0] == '#')
			continue;
		char *eq = strchr(line, '=');
		if (eq == NULL || eq == line)
			return error_set(err, ST_INVALID_INPUT, "mapping",
					 "对照表第 %zu 行应写成“表头=字段名”，如 身份证号=id_number",
					 line_number);
		*eq = '\0';
		trim_cell(line, title, sizeof title);
		trim_cell(eq + 1, field, sizeof field);
		enum person_field f;
		int target;
		if (strcmp(field, "ignore") == 0)
			target = IMPORT_TARGET_IGNORE;
		else if (person_field_by_name(field, &f) && f != PERSON_MANAGEMENT)
			target = (int)f;
		else
			return error_set(err, ST_UNKNOWN_FIELD, "mapping",
					 "对照表第 %zu 行的字段名不存在：可用 id_number、name、sex、"
					 "birth_date、ethnicity、hukou_division、hukou_address、"
					 "residence_division、residence_address、flow、marital_status、"
					 "marriage_date、arrival_date、phone 或 ignore",
					 line_number);
		if (!text_is_clean(title, 40))
			return error_set(err, ST_INVALID_INPUT, "mapping", "对照表第 %zu 行的表头无效",
					 line_number);
		if (out->count == IMPORT_MAPPING_MAX)
			return error_set(err, ST_INVALID_INPUT, "mapping", "对照表最多 %d 行",
					 IMPORT_MAPPING_MAX);
		struct import_mapping_entry *e = &out->entries[out->count++];
		snprintf(e->title, sizeof e->title, "%s", title);
		e->target = target;
	}
	return ST_OK;
}

/* --- a run ----------------------------------------------------------------- */

/* A rejected row waiting for its batch's commit. */
struct pending_error {
	struct person_import_error e;
};

struct run {
	const struct registry *reg;
	const struct person_import_options *opt;
	struct person_import_record *rec;
	bool dry;                      /* this pass undoes its writes */
	bool single_transaction;       /* the whole pass in one transaction */
	bool header_seen;
	size_t columns;
	int targets[SHEET_COLUMNS_MAX];
	int column_of[PERSON_FIELD_COUNT];   /* file column of each field, or -1 */
	char titles[SHEET_COLUMNS_MAX][IMPORT_TITLE_SIZE];
	bool in_transaction;
	size_t batch_rows;
	int64_t batch_first_row;
	int64_t last_seen_row;         /* number of the last row read in this pass */
	struct pending_error *pending;
	size_t pending_count, pending_capacity;
	struct error *err;
};

/* The row's cells joined by U+001F (malloc'd), for the error file. */
static char *join_cells(const struct sheet_cell *cells, size_t count)
{
	size_t total = 1;
	for (size_t i = 0; i < count; i++)
		total += strlen(cells[i].text) + 1;
	char *out = malloc(total), *o = out;
	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < count; i++) {
		if (i > 0)
			*o++ = CELL_SEPARATOR;
		for (const char *c = cells[i].text; *c; c++)
			*o++ = *c == CELL_SEPARATOR ? ' ' : *c;
	}
	*o = '\0';
	return out;
}

/* Keeps a rejection of this row (column -1: the row as a whole). */
static enum status reject(struct run *run, size_t row_number, const struct sheet_cell *cells,
			  size_t count, int column, const char *code, const char *reason)
{
	if (run->pending_count == run->pending_capacity) {
		size_t cap = run->pending_capacity ? run->pending_capacity * 2 : 64;
		struct pending_error *bigger = realloc(run->pending, cap * sizeof *bigger);
		if (bigger == NULL)
			return error_set(run->err, ST_NO_MEMORY, "", NULL);
		run->pending = bigger;
		run->pending_capacity = cap;
	}
	struct person_import_error *e = &run->pending[run->pending_count].e;
	memset(e, 0, sizeof *e);
	e->row_number = (int64_t)row_number;
	if (column >= 0 && (size_t)column < run->columns)
		snprintf(e->column, sizeof e->column, "%s", run->titles[column]);
	snprintf(e->code, sizeof e->code, "%s", code);
	snprintf(e->reason, sizeof e->reason, "%s", reason);
	e->cells = join_cells(cells, count);
	if (e->cells == NULL)
		return error_set(run->err, ST_NO_MEMORY, "", NULL);
	run->pending_count++;
	run->rec->rejected++;
	return ST_OK;
}

static void drop_pending(struct run *run)
{
	for (size_t i = 0; i < run->pending_count; i++)
		free(run->pending[i].e.cells);
	run->pending_count = 0;
}

/* --- the header -------------------------------------------------------- */

static enum status read_header(struct run *run, const struct sheet_cell *cells, size_t count)
{
	struct person_import_record *rec = run->rec;
	char header[IMPORT_HEADER_SIZE] = "";
	size_t used = 0;
	run->columns = count;
	for (int f = 0; f < PERSON_FIELD_COUNT; f++)
		run->column_of[f] = -1;
	for (size_t c = 0; c < count; c++) {
		trim_cell(cells[c].text, run->titles[c], sizeof run->titles[c]);
		int target = person_import_column_target(run->titles[c], run->opt->mapping);
		if (target >= 0 && run->column_of[target] >= 0)
			return error_set(run->err, ST_INVALID_INPUT, "header",
					 "表头第 %d 列与第 %zu 列是同一项，请删去一列后重试",
					 run->column_of[target] + 1, c + 1);
		if (target == PERSON_MANAGEMENT)
			target = IMPORT_TARGET_IGNORE; /* changed only through transitions */
		run->targets[c] = target;
		if (target >= 0)
			run->column_of[target] = (int)c;
		int n = snprintf(header + used, sizeof header - used, "%s%s", c ? "\x1f" : "",
				 run->titles[c]);
		if (n > 0 && (size_t)n < sizeof header - used)
			used += (size_t)n;
	}
	if (run->column_of[PERSON_ID_NUMBER] < 0)
		return error_set(run->err, ST_MISSING_FIELD, "header",
				 "表头中没有“公民身份号码”（或“身份证号”）列：请检查第一行，"
				 "或用对照表（--mapping）说明哪一列是身份证号");
	if (run->column_of[PERSON_NAME] < 0)
		return error_set(run->err, ST_MISSING_FIELD, "header", "表头中没有“姓名”列");
	if (run->column_of[PERSON_HUKOU_DIVISION] < 0)
		return error_set(run->err, ST_MISSING_FIELD, "header",
				 "表头中没有“户籍地”列（县级或以下区划代码）");
	if (run->column_of[PERSON_RESIDENCE_DIVISION] < 0 && run->opt->default_community[0] == '\0')
		return error_set(run->err, ST_MISSING_FIELD, "header",
				 "表头中没有“所属社区”列：请加上这一列，或导入时指定社区（--division）");
	if (rec->header[0] && strcmp(rec->header, header) != 0)
		return error_set(run->err, ST_INVALID_INPUT, "header", "续导的文件表头与上次不同");
	snprintf(rec->header, sizeof rec->header, "%s", header);
	run->header_seen = true;
	return ST_OK;
}

/* --- one row ------------------------------------------------------------- */

/* Why a row is refused, in the words of the file. */
struct refusal {
	int column;
	char code[48];
	char reason[ERROR_MESSAGE_MAX];
};

static bool refuse(struct refusal *r, int column, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static bool refuse(struct refusal *r, int column, const char *code, const char *fmt, ...)
{
	va_list ap;
	r->column = column;
	snprintf(r->code, sizeof r->code, "%s", code);
	va_start(ap, fmt);
	vsnprintf(r->reason, sizeof r->reason, fmt, ap);
	va_end(ap);
	return false;
}

static bool refuse_error(struct run *run, struct refusal *r, const struct error *e)
{
	enum person_field f;
	int column = run->column_of[PERSON_ID_NUMBER];
	if (e->field[0] && person_field_by_name(e->field, &f) && run->column_of[f] >= 0)
		column = run->column_of[f];
	return refuse(r, column, error_code(e->status), "%s", e->message);
}

static const char *cell_text(const struct sheet_cell *cells, size_t count, int column)
{
	return column >= 0 && (size_t)column < count ? cells[column].text : "";
}

static bool cell_numeric(const struct sheet_cell *cells, size_t count, int column)
{
	return column >= 0 && (size_t)column < count && cells[column].numeric;
}

/* Ethnicity: a GB 3304 code (1 or 2 digits) or its name, with or without 族. */
static bool lookup_ethnicity(const char *in, char *out, size_t size);

/* Rows repeat the same few names: the last one found is kept per thread. */
static _Thread_local struct {
	char text[32];
	char code[3];
} last_ethnicity;

static bool clean_ethnicity(const char *in, char *out, size_t size)
{
	if (last_ethnicity.text[0] && strcmp(in, last_ethnicity.text) == 0) {
		snprintf(out, size, "%s", last_ethnicity.code);
		return true;
	}
	if (!lookup_ethnicity(in, out, size))
		return false;
	if (strlen(in) < sizeof last_ethnicity.text) {
		snprintf(last_ethnicity.text, sizeof last_ethnicity.text, "%s", in);
		snprintf(last_ethnicity.code, sizeof last_ethnicity.code, "%s", out);
	}
	return true;
}

static bool lookup_ethnicity(const char *in, char *out, size_t size)
{
	if (text_is_digits(in) && strlen(in) <= 2) {
		int code = in[1] ? (in[0] - '0') * 10 + (in[1] - '0') : in[0] - '0';
		snprintf(out, size, "%02d", code);
		return codes_ethnicity_name(out) != NULL;
	}
	for (int code = 1; code <= 98; code++) {
		char c[3];
		snprintf(c, sizeof c, "%02d", code);
		const char *name = codes_ethnicity_name(c);
		size_t len = name ? strlen(in) : 0;
		if (name && (strcmp(name, in) == 0 ||
			     (len > 0 && strncmp(name, in, len) == 0 && strcmp(name + len, "族") == 0))) {
			snprintf(out, size, "%s", c);
			return true;
		}
	}
	return false;
}

/* Marital status: a GB/T 2261.2 code or its name (未婚, 已婚, 初婚, ...). */
static bool clean_marital_status(const char *in, char *out, size_t size)
{
	static const char *const codes[] = {"10", "20", "21", "22", "23", "30", "40", "90"};
	for (size_t i = 0; i < sizeof codes / sizeof *codes; i++)
		if (strcmp(in, codes[i]) == 0 || strcmp(in, codes_marital_status_name(codes[i])) == 0) {
			snprintf(out, size, "%s", codes[i]);
			return true;
		}
	return false;
}

static const struct division *find_community_by_name(const struct registry *reg,
						     const char *text);

/* The last community found by name, per thread (rows of one community follow each other). */
static _Thread_local struct {
	char text[DIVISION_PATH_SIZE];
	char code[DIVISION_CODE_SIZE];
} last_community;

/* A community of the city named by code, by its name (unique in the city) or its full path. */
static const struct division *find_community(const struct registry *reg, const char *text)
{
	if (text_is_digits(text))
		return division_table_resolve(reg->divisions, text);
	if (last_community.text[0] && strcmp(last_community.text, text) == 0)
		return division_table_find(reg->divisions, last_community.code);
	const struct division *d = find_community_by_name(reg, text);
	if (d && strlen(text) < sizeof last_community.text) {
		snprintf(last_community.text, sizeof last_community.text, "%s", text);
		snprintf(last_community.code, sizeof last_community.code, "%s", d->code);
	}
	return d;
}

static const struct division *find_community_by_name(const struct registry *reg,
						     const char *text)
{
	const struct division_table *t = reg->divisions;
	const struct division *found = NULL;
	for (size_t i = 0; i < t->count; i++) {
		const struct division *d = &t->items[i];
		if (d->level != DIVISION_VILLAGE || !division_contains(reg->city, d->code))
			continue;
		if (strcmp(d->name, text) == 0) {
			if (found)
				return NULL; /* the name is not unique: a code is needed */
			found = d;
		}
	}
	if (found == NULL && strlen(text) > 12)
		for (size_t i = 0; i < t->count; i++) {
			const struct division *d = &t->items[i];
			char path[DIVISION_PATH_SIZE];
			if (d->level != DIVISION_VILLAGE || !division_contains(reg->city, d->code))
				continue;
			division_table_path(t, d->code, path, sizeof path);
			if (strcmp(path, text) == 0 ||
			    (strlen(path) > strlen(text) && strcmp(path + strlen(path) - strlen(text), text) == 0))
				return d;
		}
	return found;
}

static bool add_value(struct person_value *values, size_t *count, enum person_field f,
		      const char *value)
{
	values[*count].field = f;
	if (!text_copy(values[*count].value, sizeof values[*count].value, value))
		return false;
	(*count)++;
	return true;
}

/* Checks a sex cell against the one the ID number gives. */
static bool check_sex(const char *text, char sex)
{
	char want = 0;
	if (strcmp(text, "男") == 0 || strcmp(text, "男性") == 0 || strcmp(text, "M") == 0 ||
	    strcmp(text, "1") == 0)
		want = 'M';
	else if (strcmp(text, "女") == 0 || strcmp(text, "女性") == 0 || strcmp(text, "F") == 0 ||
		 strcmp(text, "2") == 0)
		want = 'F';
	return want == sex;
}

/* Turns the cells of one field into its value; false with the refusal. */
static bool clean_field(struct run *run, enum person_field f, const struct sheet_cell *cell,
			int column, char *out, size_t size, struct refusal *r)
{
	char text[SHEET_CELL_MAX + 1];
	const char *label = run->titles[column];
	trim_cell(cell->text, text, sizeof text);
	out[0] = '\0';
	if (text[0] == '\0')
		return true;
	switch (f) {
	case PERSON_ETHNICITY:
		if (!clean_ethnicity(text, out, size))
			return refuse(r, column, "invalid_code", "%s应为民族名称（如 汉族）或 GB 3304 两位代码",
				      label);
		return true;
	case PERSON_MARITAL_STATUS:
		if (!clean_marital_status(text, out, size))
			return refuse(r, column, "invalid_code",
				      "%s应为未婚、已婚、初婚、再婚、复婚、丧偶、离婚或其代码", label);
		return true;
	case PERSON_MARRIAGE_DATE:
	case PERSON_ARRIVAL_DATE:
		if (!person_import_clean_date(cell->text, cell->numeric, out, size))
			return refuse(r, column, "invalid_date",
				      "%s不是有效日期，请按 2020-01-05 的格式填写", label);
		return true;
	case PERSON_FLOW:
		if (strcmp(text, "流入") == 0 || strcmp(text, "inflow") == 0)
			snprintf(out, size, "inflow");
		else if (strcmp(text, "流出") == 0 || strcmp(text, "outflow") == 0)
			snprintf(out, size, "outflow");
		else
			return refuse(r, column, "invalid_input", "%s应为“流入”或“流出”", label);
		return true;
	case PERSON_PHONE:
		if (cell->numeric) {
			char *end;
			double v = strtod(text, &end);
			if (*end == '\0' && v >= 0 && v < 9007199254740992.0 && floor(v) == v) {
				snprintf(out, size, "%.0f", v);
				return true;
			}
		}
		fold_id_characters(text, out, size);
		return true;
	case PERSON_HUKOU_DIVISION: {
		fold_id_characters(text, out, size);
		if (cell->numeric) {
			char *end;
			double v = strtod(out, &end);
			if (*end == '\0' && v > 0 && v < 1e13 && floor(v) == v)
				snprintf(out, size, "%.0f", v);
		}
		if (!text_is_digits(out))
			return refuse(r, column, "invalid_division",
				      "%s应填写区划代码（县级 6 位或乡镇 9 位、村 12 位），如 620102", label);
		return true;
	}
	case PERSON_RESIDENCE_DIVISION: {
		char folded[SHEET_CELL_MAX + 1];
		fold_id_characters(text, folded, sizeof folded);
		const struct division *d = find_community(run->reg, text_is_digits(folded) ? folded : text);
		if (d == NULL || d->level != DIVISION_VILLAGE || !division_contains(run->reg->city, d->code))
			return refuse(r, column, "invalid_division",
				      "%s应为本市的社区（村）：填写 12 位区划代码或社区名称", label);
		snprintf(out, size, "%s", d->code);
		return true;
	}
	default:
		snprintf(out, size, "%s", text);
		return true;
	}
}

/* Builds the values of a row; the ID number is checked and canonical in `card`. */
static bool row_values(struct run *run, const struct sheet_cell *cells, size_t count,
		       struct idcard *card, struct person_value *values, size_t *n,
		       struct refusal *r)
{
	char id[IDCARD_INPUT_MAX + 1], why[ERROR_MESSAGE_MAX], value[PERSON_VALUE_SIZE];
	int id_column = run->column_of[PERSON_ID_NUMBER];
	*n = 0;
	const char *id_cell = cell_text(cells, count, id_column);
	if (!person_import_clean_id_number(id_cell, cell_numeric(cells, count, id_column), id,
					   sizeof id, why, sizeof why))
		return refuse(r, id_column, "invalid_id_number", "%s", why);
	if (id[0] == '\0')
		return refuse(r, id_column, "missing_field", "请填写公民身份号码");
	if (strchr(id, '*'))
		return refuse(r, id_column, "invalid_id_number",
			      "公民身份号码中间被隐去（*），无法核对：请使用含完整号码的文件（导出时选择完整号码）");
	enum idcard_reason reason = idcard_parse(id, &run->reg->today, card);
	if (reason != IDCARD_OK)
		return refuse(r, id_column, "invalid_id_number", "%s", idcard_reason_message(reason));
	add_value(values, n, PERSON_ID_NUMBER, card->number);
	for (size_t c = 0; c < run->columns && c < count; c++) {
		int f = run->targets[c];
		if (f < 0 || f == PERSON_ID_NUMBER)
			continue;
		if (cells[c].too_long)
			return refuse(r, (int)c, "invalid_input", "%s内容过长", run->titles[c]);
		if (f == PERSON_SEX) {
			trim_cell(cells[c].text, value, sizeof value);
			if (value[0] && !check_sex(value, card->sex))
				return refuse(r, (int)c, "invalid_input",
					      "性别与公民身份号码不符（号码第 17 位单数为男、双数为女），请核对");
			continue;
		}
		if (f == PERSON_BIRTH_DATE) {
			char birth[DATE_TEXT_SIZE], want[DATE_TEXT_SIZE];
			trim_cell(cells[c].text, value, sizeof value);
			if (value[0] == '\0')
				continue;
			date_format(&card->birth, want, sizeof want);
			if (!person_import_clean_date(cells[c].text, cells[c].numeric, birth, sizeof birth))
				return refuse(r, (int)c, "invalid_date", "出生日期不是有效日期");
			if (strcmp(birth, want) != 0)
				return refuse(r, (int)c, "invalid_input",
					      "出生日期与公民身份号码中的出生日期不符，请核对");
			continue;
		}
		if (!clean_field(run, (enum person_field)f, &cells[c], (int)c, value, sizeof value, r))
			return false;
		if (value[0] && !add_value(values, n, (enum person_field)f, value))
			return refuse(r, (int)c, "invalid_input", "%s内容过长", run->titles[c]);
	}
	if (run->column_of[PERSON_RESIDENCE_DIVISION] < 0 ||
	    cell_text(cells, count, run->column_of[PERSON_RESIDENCE_DIVISION])[0] == '\0') {
		bool have = false;
		for (size_t i = 0; i < *n; i++)
			have = have || values[i].field == PERSON_RESIDENCE_DIVISION;
		if (!have && run->opt->default_community[0])
			add_value(values, n, PERSON_RESIDENCE_DIVISION, run->opt->default_community);
	}
	return true;
}

static const char *value_of(const struct person_value *values, size_t n, enum person_field f)
{
	for (size_t i = 0; i < n; i++)
		if (values[i].field == f)
			return values[i].value;
	return NULL;
}

/* The flow a new record gets when the file does not say: by where the hukou is. */
static void derive_flow(const struct registry *reg, struct person_value *values, size_t *n)
{
	const char *hukou = value_of(values, *n, PERSON_HUKOU_DIVISION);
	if (value_of(values, *n, PERSON_FLOW) || hukou == NULL)
		return;
	const struct division *d = division_table_resolve(reg->divisions, hukou);
	bool here = d && division_contains(reg->city, d->code);
	add_value(values, n, PERSON_FLOW, here ? "outflow" : "inflow");
}

/* Drops a value (the ID number of an update: it is how the record was found). */
static void drop_value(struct person_value *values, size_t *n, enum person_field f)
{
	for (size_t i = 0; i < *n; i++)
		if (values[i].field == f) {
			values[i] = values[--(*n)];
			return;
		}
}

/* One data row: its outcome counted, or its refusal kept; ST_OK unless storage failed. */
static enum status import_row(struct run *run, size_t row_number, const struct sheet_cell *cells,
			      size_t count, bool too_many)
{
	struct person_value values[PERSON_FIELD_COUNT + 1];
	struct idcard card;
	struct refusal r = {.column = -1};
	struct person existing, out;
	struct error e;
	size_t n;
	const struct registry *reg = run->reg;
	struct person_import_record *rec = run->rec;
	if (too_many)
		return reject(run, row_number, cells, count, -1, "invalid_input",
			      "该行列数过多（最多 64 列），请删去多余的列");
	if (!row_values(run, cells, count, &card, values, &n, &r))
		return reject(run, row_number, cells, count, r.column, r.code, r.reason);
	const char *home = value_of(values, n, PERSON_RESIDENCE_DIVISION);
	if (home && !division_contains(run->opt->scope, home))
		return reject(run, row_number, cells, count, run->column_of[PERSON_RESIDENCE_DIVISION],
			      "out_of_scope", "所属社区不在您的管辖范围内，请交由该社区所在的单位导入");
	enum status st = store_person_get_by_id_number(reg->store, card.number, &existing, &e);
	if (st == ST_NOT_FOUND) {
		derive_flow(reg, values, &n);
		st = person_create(reg, values, n, run->opt->actor.name, &out, NULL, &e);
		if (st == ST_OK) {
			rec->created++;
			return ST_OK;
		}
	} else if (st == ST_OK) {
		if (!division_contains(run->opt->scope, existing.residence_division))
			return reject(run, row_number, cells, count, run->column_of[PERSON_ID_NUMBER],
				      "out_of_scope", "该人员已有档案，但不在您的管辖范围内，不能由您更新");
		size_t changed = 0;
		drop_value(values, &n, PERSON_ID_NUMBER);
		st = person_update(reg, existing.id, existing.version, values, n, run->opt->actor.name,
				   &out, &changed, &e);
		if (st == ST_OK) {
			if (changed > 0)
				rec->updated++;
			else
				rec->unchanged++;
			return ST_OK;
		}
	}
	if (st == ST_STORAGE || st == ST_NO_MEMORY || st == ST_CRYPTO || st == ST_IO) {
		*run->err = e;
		return st;
	}
	refuse_error(run, &r, &e);
	return reject(run, row_number, cells, count, r.column, r.code, r.reason);
}

/* --- batches ----------------------------------------------------------------- */

static enum status batch_begin(struct run *run)
{
	enum status st = store_begin(run->reg->store, run->err);
	if (st != ST_OK)
		return st;
	if (run->dry && (st = store_savepoint(run->reg->store, run->err)) != ST_OK) {
		store_rollback(run->reg->store);
		return st;
	}
	run->in_transaction = true;
	run->batch_rows = 0;
	run->batch_first_row = 0;
	return ST_OK;
}

static enum status audit_batch(struct run *run, int64_t last_row)
{
	struct audit_entry a;
	char object[64];
	const struct person_import_record *rec = run->rec;
	snprintf(object, sizeof object, "import:%lld", (long long)rec->id);
	audit_entry_init(&a, NULL, run->opt->actor.address ? run->opt->actor.address : "",
			 "person.import", object, "ok");
	a.user_id = run->opt->actor.user_id;
	snprintf(a.username, sizeof a.username, "%s", run->opt->actor.name);
	snprintf(a.role, sizeof a.role, "%s", run->opt->actor.role ? run->opt->actor.role : "");
	snprintf(a.detail, sizeof a.detail,
		 "mode=%s rows=%lld-%lld created=%lld updated=%lld unchanged=%lld rejected=%lld",
		 person_import_mode_name(rec->mode), (long long)run->batch_first_row,
		 (long long)last_row, (long long)rec->created, (long long)rec->updated,
		 (long long)rec->unchanged, (long long)rec->rejected);
	return audit_write(run->reg->store, &a, run->err);
}

/*
 * Ends the open batch at file row `last_row`: undoes the rows of a dry
 * pass, keeps the rejections and the progress, audits and commits.
 */
static enum status batch_commit(struct run *run, int64_t last_row)
{
	struct store *store = run->reg->store;
	enum status st = ST_OK;
	if (!run->in_transaction)
		return ST_OK;
	run->in_transaction = false;
	if (run->dry)
		st = store_savepoint_undo(store, run->err);
	for (size_t i = 0; st == ST_OK && i < run->pending_count; i++)
		st = store_import_error_insert(store, run->rec->id, &run->pending[i].e, run->err);
	if (st == ST_OK) {
		if (!run->dry)
			run->rec->last_row = last_row;
		st = store_import_save(store, run->rec, run->err);
	}
	if (st == ST_OK && run->batch_rows > 0 && !run->dry)
		st = audit_batch(run, last_row);
	if (st != ST_OK) {
		store_rollback(store);
		return st;
	}
	if ((st = store_commit(store, run->err)) != ST_OK)
		return st;
	drop_pending(run);
	if (run->opt->progress)
		run->opt->progress(run->rec, run->opt->progress_ctx);
	return ST_OK;
}

static bool row_is_empty(const struct sheet_cell *cells, size_t count)
{
	char text[16];
	for (size_t i = 0; i < count; i++) {
		trim_cell(cells[i].text, text, sizeof text);
		if (text[0])
			return false;
	}
	return true;
}

static enum status on_row(void *ctx, size_t row_number, const struct sheet_cell *cells,
			  size_t count, bool too_many, struct error *err)
{
	struct run *run = ctx;
	enum status st;
	(void)err;
	run->last_seen_row = (int64_t)row_number;
	if (row_is_empty(cells, count))
		return ST_OK;
	if (!run->header_seen)
		return read_header(run, cells, count);
	if ((int64_t)row_number <= run->rec->last_row)
		return ST_OK; /* committed by an earlier, interrupted run */
	if (!run->in_transaction && (st = batch_begin(run)) != ST_OK)
		return st;
	if (run->batch_first_row == 0)
		run->batch_first_row = (int64_t)row_number;
	if ((st = import_row(run, row_number, cells, count, too_many)) != ST_OK) {
		store_rollback(run->reg->store);
		run->in_transaction = false;
		return st;
	}
	run->batch_rows++;
	size_t batch = run->opt->batch_rows ? run->opt->batch_rows : IMPORT_BATCH_DEFAULT;
	if (!run->single_transaction && run->batch_rows >= batch)
		return batch_commit(run, (int64_t)row_number);
	return ST_OK;
}

/* One pass over the file; the last row's number ends the last batch. */
static enum status run_pass(struct run *run, const struct sheet_source *src,
			    const struct sheet_info *info)
{
	run->header_seen = false;
	run->last_seen_row = 0;
	enum status st = sheet_read(src, info, on_row, run, run->err);
	if (st == ST_OK && !run->header_seen)
		st = error_set(run->err, ST_INVALID_INPUT, "header", "文件中没有表头和数据行");
	if (st != ST_OK) {
		if (run->in_transaction) {
			store_rollback(run->reg->store);
			run->in_transaction = false;
		}
		drop_pending(run);
		return st;
	}
	if (run->last_seen_row < run->rec->last_row)
		run->last_seen_row = run->rec->last_row;
	return batch_commit(run, run->last_seen_row);
}

static void hex(const unsigned char *bin, size_t len, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < len; i++) {
		out[2 * i] = digits[bin[i] >> 4];
		out[2 * i + 1] = digits[bin[i] & 15];
	}
	out[2 * len] = '\0';
}

enum status person_import_prepare(const struct registry *reg, const struct sheet_source *src,
				  const struct person_import_options *opt,
				  struct person_import_record *rec, struct error *err)
{
	struct sheet_info info;
	enum status st = sheet_inspect(src, opt->encoding, &info, err);
	if (st != ST_OK)
		return st;
	memset(rec, 0, sizeof *rec);
	hex(info.hash, sizeof info.hash, rec->file_hash);
	if (opt->mode == IMPORT_COMMIT) {
		st = store_import_find_resumable(reg->store, rec->file_hash, opt->mode, opt->scope,
						 opt->default_community, rec, err);
		if (st == ST_OK)
			return ST_OK;
		if (st != ST_NOT_FOUND)
			return st;
		memset(rec, 0, sizeof *rec);
		hex(info.hash, sizeof info.hash, rec->file_hash);
	}
	snprintf(rec->file_name, sizeof rec->file_name, "%s", opt->file_name ? opt->file_name : "");
	text_trim_partial_utf8(rec->file_name);
	rec->file_bytes = (int64_t)info.bytes;
	rec->kind = info.kind;
	rec->encoding = info.encoding;
	rec->mode = opt->mode;
	snprintf(rec->scope, sizeof rec->scope, "%s", opt->scope);
	snprintf(rec->default_community, sizeof rec->default_community, "%s",
		 opt->default_community);
	snprintf(rec->actor, sizeof rec->actor, "%s", opt->actor.name);
	rec->user_id = opt->actor.user_id;
	rec->rows_estimate = info.kind == SHEET_KIND_CSV && info.lines > 0 ? (int64_t)info.lines - 1 : 0;
	return store_import_insert(reg->store, rec, err);
}

/* Marks the run failed (or refused) with the reason, in its own transaction. */
static void finish(const struct registry *reg, struct person_import_record *rec,
		   enum import_state state, const char *message)
{
	struct error ignored;
	rec->state = state;
	rec->finished_at = (int64_t)time(NULL);
	snprintf(rec->message, sizeof rec->message, "%s", message ? message : "");
	if (store_begin(reg->store, &ignored) != ST_OK)
		return;
	if (store_import_save(reg->store, rec, &ignored) != ST_OK ||
	    store_commit(reg->store, &ignored) != ST_OK)
		store_rollback(reg->store);
}

enum status person_import_run(const struct registry *reg, const struct sheet_source *src,
			      const struct person_import_options *opt,
			      struct person_import_record *rec, struct error *err)
{
	struct sheet_info info;
	struct run run;
	enum status st;
	if (opt->existing_id > 0)
		st = store_import_get(reg->store, opt->existing_id, rec, err);
	else
		st = person_import_prepare(reg, src, opt, rec, err);
	if (st != ST_OK)
		return st;
	if ((st = sheet_inspect(src, rec->encoding, &info, err)) != ST_OK) {
		finish(reg, rec, IMPORT_FAILED, err->message);
		return st;
	}
	memset(&run, 0, sizeof run);
	run.reg = reg;
	run.opt = opt;
	run.rec = rec;
	run.err = err;
	run.dry = opt->mode != IMPORT_COMMIT;
	st = run_pass(&run, src, &info);
	if (st == ST_OK && opt->mode == IMPORT_ALL_OR_NOTHING) {
		if (rec->rejected > 0) {
			free(run.pending);
			finish(reg, rec, IMPORT_REFUSED,
			       "有被拒绝的行，按“全部成功才导入”的要求，本次没有导入任何一行");
			return ST_OK;
		}
		rec->created = rec->updated = rec->unchanged = 0;
		run.dry = false;
		run.single_transaction = true;
		st = run_pass(&run, src, &info);
	}
	free(run.pending);
	if (st != ST_OK) {
		finish(reg, rec, IMPORT_FAILED, err->message);
		return st;
	}
	finish(reg, rec, IMPORT_DONE, NULL);
	if (opt->progress)
		opt->progress(rec, opt->progress_ctx);
	return ST_OK;
}

enum status person_import_get(const struct registry *reg, int64_t id,
			      struct person_import_record *rec, struct error *err)
{
	if (id <= 0)
		return error_set(err, ST_NOT_FOUND, "id", "没有这次导入的记录");
	return store_import_get(reg->store, id, rec, err);
}

enum status person_import_errors(const struct registry *reg, int64_t id,
				 person_import_error_fn fn, void *ctx, struct error *err)
{
	return store_import_errors(reg->store, id, fn, ctx, err);
}

/* --- the error file ------------------------------------------------------------ */

struct error_file {
	struct sheet_writer *writer;
	size_t columns;
	enum status status;
	struct error *err;
};

/* Splits `joined` at U+001F into up to `max` cells (pointers into it). */
static size_t split_cells(char *joined, const char **cells, size_t max)
{
	size_t n = 0;
	char *p = joined;
	if (*p == '\0' && max > 0)
		return 0;
	while (n < max) {
		cells[n++] = p;
		char *sep = strchr(p, CELL_SEPARATOR);
		if (sep == NULL)
			break;
		*sep = '\0';
		p = sep + 1;
	}
	return n;
}

static bool write_error_row(const struct person_import_error *e, void *ctx)
{
	struct error_file *f = ctx;
	const char *cells[SHEET_COLUMNS_MAX + 3];
	char row[24];
	size_t n = split_cells(e->cells, cells, SHEET_COLUMNS_MAX);
	while (n < f->columns)
		cells[n++] = "";
	n = f->columns;
	snprintf(row, sizeof row, "%lld", (long long)e->row_number);
	cells[n++] = row;
	cells[n++] = e->column;
	cells[n++] = e->reason;
	f->status = sheet_writer_row(f->writer, cells, n, false, f->err);
	return f->status == ST_OK;
}

enum status person_import_error_file(const struct registry *reg,
				     const struct person_import_record *rec,
				     enum sheet_format format, const char *path, char **out,
				     size_t *length, struct error *err)
{
	char header[IMPORT_HEADER_SIZE];
	const char *titles[SHEET_COLUMNS_MAX + 3];
	struct error_file f = {.err = err};
	snprintf(header, sizeof header, "%s", rec->header);
	size_t n = split_cells(header, titles, SHEET_COLUMNS_MAX);
	f.columns = n;
	titles[n++] = "原行号";
	titles[n++] = "错误列";
	titles[n++] = "错误原因";
	enum status st = sheet_writer_open(format, path, "错误行", &f.writer, err);
	if (st != ST_OK)
		return st;
	if ((st = sheet_writer_row(f.writer, titles, n, true, err)) != ST_OK ||
	    (st = person_import_errors(reg, rec->id, write_error_row, &f, err)) != ST_OK ||
	    (st = f.status) != ST_OK) {
		sheet_writer_abandon(f.writer);
		return st;
	}
	return sheet_writer_finish(f.writer, out, length, err);
}
