/*
 * test_person_import.c — bulk import of persons (src/domain/person_import.c)
 * and the spreadsheet reader it uses (src/core/sheet_reader.c), against a
 * real database: cleaning of Excel-mangled cells, every rejection reason,
 * encodings, XLSX written by libxlsxwriter, re-import, updates, resuming.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "fixture.h"
#include "domain/person_import.h"
#include "store/store.h"

/* --- cleaning cells --------------------------------------------------- */

static void clean_id(const char *cell, bool numeric, bool ok, const char *want)
{
	char out[80], reason[320];
	assert_int_equal(person_import_clean_id_number(cell, numeric, out, sizeof out, reason,
						       sizeof reason),
			 ok);
	if (ok)
		assert_string_equal(out, want);
	else
		assert_non_null(strstr(reason, "丢失"));
}

static void id_numbers_are_repaired_when_unambiguous(void **state)
{
	(void)state;
	clean_id(" 62020119900307123X  ", false, true, "62020119900307123X");
	clean_id("62020119900307123x", false, true, "62020119900307123X");
	clean_id("\xE3\x80\x80" "62020119900307123X\xE3\x80\x80", false, true, "62020119900307123X");
	/* full-width digits and Ｘ */
	clean_id("６２０２０１１９９００３０７１２３Ｘ", false, true, "62020119900307123X");
	clean_id("'620201199003071234", false, true, "620201199003071234");
	/* a 15-digit legacy number fits a double exactly */
	clean_id("620201900307123", true, true, "620201900307123");
	clean_id("6.20201900307123E+14", true, true, "620201900307123");
}

static void id_numbers_with_lost_digits_are_refused(void **state)
{
	(void)state;
	clean_id("6.20201E+17", false, false, NULL);
	clean_id("6.20201199003071E+17", false, false, NULL);
	clean_id("6.20201e17", false, false, NULL);
	/* an 18-digit number cell: a double cannot hold 18 digits */
	clean_id("620201199003071000", true, false, NULL);
	clean_id("6.2020119900307098E+17", true, false, NULL);
}

static void dates_are_read_in_the_forms_offices_write(void **state)
{
	char out[16];
	(void)state;
	assert_true(person_import_clean_date("2020-01-05", false, out, sizeof out));
	assert_string_equal(out, "2020-01-05");
	assert_true(person_import_clean_date("2020/1/5", false, out, sizeof out));
	assert_string_equal(out, "2020-01-05");
	assert_true(person_import_clean_date("20200105", false, out, sizeof out));
	assert_string_equal(out, "2020-01-05");
	assert_true(person_import_clean_date("2020年1月5日", false, out, sizeof out));
	assert_string_equal(out, "2020-01-05");
	assert_true(person_import_clean_date("2020.01.05 00:00:00", false, out, sizeof out));
	assert_string_equal(out, "2020-01-05");
	assert_true(person_import_clean_date("43835", true, out, sizeof out)); /* Excel date number */
	assert_string_equal(out, "2020-01-05");
	assert_false(person_import_clean_date("2020-02-30", false, out, sizeof out));
	assert_false(person_import_clean_date("5/1/2020", false, out, sizeof out));
	assert_false(person_import_clean_date("43835.5", true, out, sizeof out));
}

static void titles_offices_use_name_the_fields(void **state)
{
	(void)state;
	assert_int_equal(person_import_column_target("身份证号", NULL), PERSON_ID_NUMBER);
	assert_int_equal(person_import_column_target(" *公民身份号码 ", NULL), PERSON_ID_NUMBER);
	assert_int_equal(person_import_column_target("身份证号码", NULL), PERSON_ID_NUMBER);
	assert_int_equal(person_import_column_target("现住址", NULL), PERSON_RESIDENCE_ADDRESS);
	assert_int_equal(person_import_column_target("户籍地址", NULL), PERSON_HUKOU_ADDRESS);
	assert_int_equal(person_import_column_target("流入日期", NULL), PERSON_ARRIVAL_DATE);
	assert_int_equal(person_import_column_target("所属社区", NULL), PERSON_RESIDENCE_DIVISION);
	assert_int_equal(person_import_column_target("错误原因", NULL), IMPORT_TARGET_IGNORE);
	assert_int_equal(person_import_column_target("备注", NULL), IMPORT_TARGET_IGNORE);

	struct import_mapping m;
	struct error err;
	assert_int_equal(person_import_mapping_parse("# WIS\n证件号=id_number\n\n备注 = ignore\n", &m,
						     &err),
			 ST_OK);
	assert_int_equal(m.count, 2);
	assert_int_equal(person_import_column_target("证件号", &m), PERSON_ID_NUMBER);
	assert_int_equal(person_import_mapping_parse("证件号=idnumber\n", &m, &err), ST_UNKNOWN_FIELD);
	assert_int_equal(person_import_mapping_parse("证件号\n", &m, &err), ST_INVALID_INPUT);
}

/* --- files ------------------------------------------------------------------- */

static void write_bytes(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
}

static void write_text(struct fixture *f, const char *name, const char *text, char *path,
		       size_t size)
{
	snprintf(path, size, "%s/%s", f->dir, name);
	write_bytes(path, text, strlen(text));
}

/* The same text in GB18030, as WIS writes it. */
static void write_gb18030(struct fixture *f, const char *name, const char *utf8, char *path,
			  size_t size)
{
	char out[8192];
	char *in = (char *)utf8, *o = out;
	size_t left = strlen(utf8), room = sizeof out;
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	assert_true(cd != (iconv_t)-1);
	assert_true(iconv(cd, &in, &left, &o, &room) != (size_t)-1);
	iconv_close(cd);
	snprintf(path, size, "%s/%s", f->dir, name);
	write_bytes(path, out, (size_t)(o - out));
}

struct outcome {
	struct person_import_record rec;
	char reasons[16][400]; /* "row|column|code|reason" of each rejected row */
	size_t rejected;
};

static bool keep_error(const struct person_import_error *e, void *ctx)
{
	struct outcome *o = ctx;
	if (o->rejected < 16)
		snprintf(o->reasons[o->rejected++], sizeof o->reasons[0], "%lld|%s|%s|%s",
			 (long long)e->row_number, e->column, e->code, e->reason);
	return true;
}

static enum status run_import(struct fixture *f, const char *path, enum import_mode mode,
			      const char *scope, struct outcome *o)
{
	struct person_import_options opt;
	struct error err;
	memset(&opt, 0, sizeof opt);
	memset(o, 0, sizeof *o);
	opt.mode = mode;
	snprintf(opt.scope, sizeof opt.scope, "%s", scope);
	opt.file_name = "test.csv";
	opt.actor = (struct import_actor){"test:importer", 0, "", ""};
	opt.batch_rows = 2;
	struct sheet_source src = {.path = path};
	enum status st = person_import_run(f->reg, &src, &opt, &o->rec, &err);
	if (st == ST_OK)
		assert_int_equal(person_import_errors(f->reg, o->rec.id, keep_error, o, &err), ST_OK);
	return st;
}

static const char *find_reason(const struct outcome *o, const char *row_prefix)
{
	for (size_t i = 0; i < o->rejected; i++)
		if (strncmp(o->reasons[i], row_prefix, strlen(row_prefix)) == 0)
			return o->reasons[i];
	return NULL;
}

static long persons(struct fixture *f)
{
	return fixture_count(f, "SELECT count(*) FROM person");
}

/* A file with one good row per ID number made of `sequence`. */
static void good_rows(char *buf, size_t size, int first, int count)
{
	size_t used = (size_t)snprintf(buf, size, "姓名,公民身份号码,性别,户籍地,所属社区,民族,流入日期\n");
	for (int i = 0; i < count; i++) {
		char id[19];
		fixture_id_number("410102", "19900307", first + i, id);
		used += (size_t)snprintf(buf + used, size - used, "张伟%d,%s,%s,410102,620201001001,汉族,2025-03-01\n",
					 i, id, (first + i) % 2 ? "男" : "女");
	}
}

static void a_utf8_file_with_bom_imports_and_a_second_run_changes_nothing(void **state)
{
	struct fixture *f = *state;
	char text[4096], path[512];
	struct outcome o;
	memcpy(text, "\xEF\xBB\xBF", 3);
	good_rows(text + 3, sizeof text - 3, 1, 5);
	write_text(f, "bom.csv", text, path, sizeof path);
	assert_int_equal(run_import(f, path, IMPORT_COMMIT, "6202", &o), ST_OK);
	assert_int_equal(o.rec.state, IMPORT_DONE);
	assert_int_equal(o.rec.encoding, SHEET_ENCODING_UTF8);
	assert_int_equal(o.rec.created, 5);
	assert_int_equal(o.rec.rejected, 0);
	assert_int_equal(persons(f), 5);
	/* the same file again: every row unchanged, nothing new, no history */
	long history = fixture_count(f, "SELECT count(*) FROM person_history");
	assert_int_equal(run_import(f, path, IMPORT_COMMIT, "6202", &o), ST_OK);
	assert_int_equal(o.rec.created, 0);
	assert_int_equal(o.rec.unchanged, 5);
	assert_int_equal(persons(f), 5);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM person_history"), history);
	/* each committed batch of the first run left an audit row */
	assert_true(fixture_count(f, "SELECT count(*) FROM audit WHERE action = 'person.import'") >= 3);
}

static void utf8_without_bom_and_gb18030_are_both_read(void **state)
{
	struct fixture *f = *state;
	char text[4096], path[512];
	struct outcome o;
	good_rows(text, sizeof text, 20, 3);
	write_text(f, "plain.csv", text, path, sizeof path);
	assert_int_equal(run_import(f, path, IMPORT_COMMIT, "6202", &o), ST_OK);
	assert_int_equal(o.rec.created, 3);

	good_rows(text, sizeof text, 30, 3);
	write_gb18030(f, "wis.csv", text, path, sizeof path);
	assert_int_equal(run_import(f, path, IMPORT_COMMIT, "6202", &o), ST_OK);
	assert_int_equal(o.rec.encoding, SHEET_ENCODING_GB18030);
	assert_int_equal(o.rec.created, 3);
	struct person p;
	struct error err;
	char id[19];
	fixture_id_number("410102", "19900307", 30, id);
	assert_int_equal(person_get_by_id_number(f->reg, id, &p, &err), ST_OK);
	assert_string_equal(p.name, "张伟0");
	assert_string_equal(p.ethnicity, "01");
}

static void excel_mangled_id_numbers_are_repaired_or_refused(void **state)
{
	struct fixture *f = *state;
	char path[512], id[19], wide[80], text[2048];
	struct outcome o;
	fixture_id_number("410102", "19900307", 41, id);
	/* the same number in full-width digits */
	size_t w = 0;
	for (const char *c = id; *c; c++)
		w += (size_t)snprintf(wide + w, sizeof wide - w, "\xEF\xBC%c", (char)(0x90 + (*c - '0')));
	char trailing[19];
	fixture_id_number("410102", "19900307", 43, trailing);
	snprintf(text, sizeof text,
		 "姓名,身份证号,户籍地,所属社区\n"
		 "王芳,%s,410102,福民社区\n"
		 "李娜,%s   ,410102,620201001001\n"
		 "赵敏,6.20201E+17,410102,620201001001\n",
		 wide, trailing);
	write_text(f, "mangled.csv", text, path, sizeof path);
	assert_int_equal(run_import(f, path, IMPORT_COMMIT, "6202", &o), ST_OK);
	assert_int_equal(o.rec.created, 2);
	assert_int_equal(o.rec.rejected, 1);
	const char *r = find_reason(&o, "4|");
	assert_non_null(r);
	assert_non_null(strstr(r, "|身份证号|invalid_id_number|"));
	assert_non_null(strstr(r, "科学计数法"));
}

static void every_rejection_reason_names_row_column_and_cause(void **state)
{
	struct fixture *f = *state;
	char path[512], text[4096];
	char ok[19], bad_check[19], sex[19], birth[19], scope[19], future[19], flow[19], dup[19];
	struct outcome o;
	fixture_id_number("410102", "19900307", 51, ok);
	fixture_id_number("410102", "19900307", 52, bad_check);
	bad_check[17] = bad_check[17] == '0' ? '1' : '0';
	fixture_id_number("410102", "19900307", 53, sex);   /* odd: male */
	fixture_id_number("410102", "19900307", 55, birth);
	fixture_id_number("410102", "19900307", 57, scope);
	fixture_id_number("410102", "20990101", 59, future);
	fixture_id_number("620201", "19900307", 61, flow);  /* hukou in the city */
	fixture_id_number("410102", "19900307", 63, dup);
	snprintf(text, sizeof text,
		 "姓名,公民身份号码,性别,出生日期,户籍地,所属社区,民族,婚姻状况,初婚日期,流入日期,流动类型\n"
		 /* 2 */ "甲,%s,男,1990-03-07,410102,620201001001,汉族,已婚,2015-05-01,2025-01-01,\n"
		 /* 3 */ "乙,%s,,,410102,620201001001,,,,,\n"
		 /* 4 */ "丙,%s,女,,410102,620201001001,,,,,\n"
		 /* 5 */ "丁,%s,,1990-03-08,410102,620201001001,,,,,\n"
		 /* 6 */ "戊,%s,,,410102,大众社区,,,,,\n"
		 /* 7 */ "己,%s,,,410102,620201001001,,,,,\n"
		 /* 8 */ "庚,%s,,,620201,620201001001,,,,,流入\n"
		 /* 9 */ "辛,%s,,,410102,不存在社区,,,,,\n"
		 /* 10 */ "壬,%s,,,410102,620201001001,火星族,,,,\n"
		 /* 11 */ "癸,%s,,,410102,620201001001,,未婚,2015-05-01,,\n"
		 /* 12 */ "子,%s,,,410102,620201001001,,,,2020-13-01,\n"
		 /* 13 */ ",%s,,,410102,620201001001,,,,,\n"
		 /* 14 */ "丑,%s,,,江苏,620201001001,,,,,\n"
		 /* 15 */ "寅,,,,410102,620201001001,,,,,\n",
		 ok, bad_check, sex, birth, scope, future, flow, dup, dup, dup, dup, dup, dup);
	write_text(f, "reasons.csv", text, path, sizeof path);
	/* the user's scope: 雄关街道 (大众社区 lies in 钢城街道) */
	assert_int_equal(run_import(f, path, IMPORT_COMMIT, "620201001", &o), ST_OK);
	assert_int_equal(o.rec.created, 1);
	assert_int_equal(o.rec.rejected, 13);
	assert_non_null(strstr(find_reason(&o, "3|"), "|公民身份号码|invalid_id_number|"));
	assert_non_null(strstr(find_reason(&o, "4|"), "|性别|invalid_input|性别与公民身份号码不符"));
	assert_non_null(strstr(find_reason(&o, "5|"), "|出生日期|invalid_input|出生日期与公民身份号码"));
	assert_non_null(strstr(find_reason(&o, "6|"), "|所属社区|out_of_scope|"));
	assert_non_null(strstr(find_reason(&o, "7|"), "|公民身份号码|invalid_id_number|"));
	assert_non_null(strstr(find_reason(&o, "8|"), "|户籍地|flow_rule_violated|"));
	assert_non_null(strstr(find_reason(&o, "9|"), "|所属社区|invalid_division|"));
	assert_non_null(strstr(find_reason(&o, "10|"), "|民族|invalid_code|"));
	assert_non_null(strstr(find_reason(&o, "11|"), "|初婚日期|invalid_input|"));
	assert_non_null(strstr(find_reason(&o, "12|"), "|流入日期|invalid_date|"));
	assert_non_null(strstr(find_reason(&o, "13|"), "|姓名|missing_field|"));
	assert_non_null(strstr(find_reason(&o, "14|"), "|户籍地|invalid_division|"));
	assert_non_null(strstr(find_reason(&o, "15|"), "|公民身份号码|missing_field|"));
	assert_int_equal(persons(f), 1);

	/* the error file: the input's columns, then 原行号, 错误列, 错误原因 */
	char out_path[512];
	struct error err;
	char *unused;
	size_t length;
	snprintf(out_path, sizeof out_path, "%s/errors.csv", f->dir);
	assert_int_equal(person_import_error_file(f->reg, &o.rec, SHEET_CSV, out_path, &unused,
						  &length, &err),
			 ST_OK);
	FILE *ef = fopen(out_path, "rb");
	char line[1024];
	assert_non_null(fgets(line, sizeof line, ef));
	assert_non_null(strstr(line, "姓名,公民身份号码,性别,出生日期,户籍地,所属社区"));
	assert_non_null(strstr(line, "原行号,错误列,错误原因"));
	assert_non_null(fgets(line, sizeof line, ef));
	assert_non_null(strstr(line, bad_check));
	assert_non_null(strstr(line, ",3,公民身份号码,"));
	fclose(ef);
}

static void a_header_without_the_id_column_fails_the_run(void **state)
{
	struct fixture *f = *state;
	char path[512];
	struct outcome o;
	write_text(f, "noid.csv", "姓名,户籍地,所属社区\n张伟,410102,620201001001\n", path, sizeof path);
	assert_int_equal(run_import(f, path, IMPORT_COMMIT, "6202", &o), ST_MISSING_FIELD);
	assert_int_equal(persons(f), 0);
}

static void newer_data_updates_with_history_and_empty_cells_keep_values(void **state)
{
	struct fixture *f = *state;
	char path[512], text[1024], id[19];
	struct outcome o;
	fixture_id_number("410102", "19900307", 71, id);
	snprintf(text, sizeof text, "姓名,公民身份号码,户籍地,所属社区,联系电话\n张伟,%s,410102,620201001001,13912345678\n", id);
	write_text(f, "v1.csv", text, path, sizeof path);
	assert_int_equal(run_import(f, path, IMPORT_COMMIT, "6202", &o), ST_OK);
	assert_int_equal(o.rec.created, 1);
	snprintf(text, sizeof text, "姓名,公民身份号码,户籍地,所属社区,联系电话\n张伟,%s,410102,胜利社区,\n", id);
	write_text(f, "v2.csv", text, path, sizeof path);
	assert_int_equal(run_import(f, path, IMPORT_COMMIT, "6202", &o), ST_OK);
	assert_int_equal(o.rec.updated, 1);
	struct person p;
	struct error err;
	assert_int_equal(person_get_by_id_number(f->reg, id, &p, &err), ST_OK);
	assert_string_equal(p.residence_division, "620201001002");
	assert_string_equal(p.phone, "13912345678"); /* an empty cell clears nothing */
	assert_int_equal(p.version, 2);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM person_history WHERE field = 'residence_division'"), 1);
}

static void all_or_nothing_keeps_nothing_when_a_row_is_rejected(void **state)
{
	struct fixture *f = *state;
	char path[512], text[4096];
	struct outcome o;
	good_rows(text, sizeof text, 80, 4);
	size_t used = strlen(text);
	snprintf(text + used, sizeof text - used, "坏,6.20201E+17,,410102,620201001001,,\n");
	write_text(f, "aon.csv", text, path, sizeof path);
	assert_int_equal(run_import(f, path, IMPORT_ALL_OR_NOTHING, "6202", &o), ST_OK);
	assert_int_equal(o.rec.state, IMPORT_REFUSED);
	assert_int_equal(o.rec.rejected, 1);
	assert_int_equal(persons(f), 0);
	/* a dry run checks and keeps nothing either */
	assert_int_equal(run_import(f, path, IMPORT_DRY_RUN, "6202", &o), ST_OK);
	assert_int_equal(o.rec.created, 4);
	assert_int_equal(persons(f), 0);
	/* without the bad row, all-or-nothing imports everything */
	good_rows(text, sizeof text, 80, 4);
	write_text(f, "aon2.csv", text, path, sizeof path);
	assert_int_equal(run_import(f, path, IMPORT_ALL_OR_NOTHING, "6202", &o), ST_OK);
	assert_int_equal(o.rec.state, IMPORT_DONE);
	assert_int_equal(o.rec.created, 4);
	assert_int_equal(persons(f), 4);
}

static void an_interrupted_run_resumes_after_its_last_committed_row(void **state)
{
	struct fixture *f = *state;
	char path[512], text[4096];
	struct outcome o;
	good_rows(text, sizeof text, 90, 6);
	write_text(f, "resume.csv", text, path, sizeof path);
	/* as a run killed after its first batch (rows 2 and 3) leaves it */
	assert_int_equal(run_import(f, path, IMPORT_COMMIT, "6202", &o), ST_OK);
	fixture_exec(f, "DELETE FROM person_history WHERE person_id IN (SELECT id FROM person WHERE id > 2)");
	fixture_exec(f, "DELETE FROM person WHERE id > 2");
	fixture_exec(f, "UPDATE person_import SET state = 'running', last_row = 3, created = 2, finished_at = 0");
	assert_int_equal(run_import(f, path, IMPORT_COMMIT, "6202", &o), ST_OK);
	assert_int_equal(o.rec.id, 1); /* the same run, completed */
	assert_int_equal(o.rec.created, 6);
	assert_int_equal(o.rec.state, IMPORT_DONE);
	assert_int_equal(persons(f), 6);
}

/* --- XLSX --------------------------------------------------------------------- */

static void an_xlsx_workbook_is_read_with_text_number_and_date_cells(void **state)
{
	struct fixture *f = *state;
	char path[512], id_text[19], id_number[19];
	struct outcome o;
	snprintf(path, sizeof path, "%s/wis.xlsx", f->dir);
	fixture_id_number("410102", "19900307", 101, id_text);
	fixture_id_number("410102", "19900307", 103, id_number);
	lxw_workbook *book = workbook_new(path);
	lxw_worksheet *sheet = workbook_add_worksheet(book, NULL);
	const char *titles[] = {"姓名", "身份证号", "户籍地", "所属社区", "流入日期", "联系电话"};
	for (int c = 0; c < 6; c++)
		worksheet_write_string(sheet, 0, (lxw_col_t)c, titles[c], NULL);
	worksheet_write_string(sheet, 1, 0, "王芳", NULL);
	worksheet_write_string(sheet, 1, 1, id_text, NULL);
	worksheet_write_number(sheet, 1, 2, 410102, NULL);
	worksheet_write_string(sheet, 1, 3, "福民社区", NULL);
	worksheet_write_number(sheet, 1, 4, 43835, NULL); /* 2020-01-05 */
	worksheet_write_number(sheet, 1, 5, 13912345678.0, NULL);
	/* row 3: an ID number typed as a number — its last digits are gone */
	worksheet_write_string(sheet, 2, 0, "李娜", NULL);
	worksheet_write_number(sheet, 2, 1, strtod(id_number, NULL), NULL);
	worksheet_write_number(sheet, 2, 2, 410102, NULL);
	worksheet_write_string(sheet, 2, 3, "620201001001", NULL);
	assert_int_equal(workbook_close(book), LXW_NO_ERROR);

	assert_int_equal(run_import(f, path, IMPORT_COMMIT, "6202", &o), ST_OK);
	assert_int_equal(o.rec.kind, SHEET_KIND_XLSX);
	assert_int_equal(o.rec.created, 1);
	assert_int_equal(o.rec.rejected, 1);
	assert_non_null(strstr(find_reason(&o, "3|"), "存成了数字"));
	struct person p;
	struct error err;
	assert_int_equal(person_get_by_id_number(f->reg, id_text, &p, &err), ST_OK);
	assert_string_equal(p.arrival_date, "2020-01-05");
	assert_string_equal(p.phone, "13912345678");
	assert_string_equal(p.residence_division, "620201001001");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(id_numbers_are_repaired_when_unambiguous),
		cmocka_unit_test(id_numbers_with_lost_digits_are_refused),
		cmocka_unit_test(dates_are_read_in_the_forms_offices_write),
		cmocka_unit_test(titles_offices_use_name_the_fields),
		cmocka_unit_test_setup_teardown(a_utf8_file_with_bom_imports_and_a_second_run_changes_nothing,
						fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(utf8_without_bom_and_gb18030_are_both_read,
						fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(excel_mangled_id_numbers_are_repaired_or_refused,
						fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(every_rejection_reason_names_row_column_and_cause,
						fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(a_header_without_the_id_column_fails_the_run,
						fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(newer_data_updates_with_history_and_empty_cells_keep_values,
						fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(all_or_nothing_keeps_nothing_when_a_row_is_rejected,
						fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(an_interrupted_run_resumes_after_its_last_committed_row,
						fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(an_xlsx_workbook_is_read_with_text_number_and_date_cells,
						fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
