/*
 * store/stats.c — the statistics' summaries (migration 0014) read back,
 * summed per division at one code length, and checked against a recount.
 *
 * Every query binds the same parameters: ?1 the level (code length),
 * ?2 and ?3 the range of codes inside the division (prefix .. prefix ':'),
 * ?4 today, ?5 and ?6 the query's own bounds.  Each reads the summary rows
 * of one level inside the division (the leading key columns), so a city's
 * figures cost its own few thousand rows.  PERSON_BIRTHS is the exception:
 * it counts persons born in a range of days (index person_birth), which the
 * domain asks only for the months in which an age-group boundary falls.
 */
#include <stdio.h>
#include <string.h>

#include "store/store_internal.h"

/* The rows of the asked level inside the division. */
#define AT_LEVEL " WHERE level = ?1 AND division >= ?2 AND division < ?3 "

/*
 * The same, naming each division (from the division table), for queries
 * that then take a range of the key's next column: one seek per division
 * instead of reading all of its rows.
 */
#define EACH_AT_LEVEL                                                                     \
	" WHERE level = ?1 AND division IN (SELECT code FROM division WHERE code >= ?2 "   \
	"AND code < ?3 AND length(code) = ?1) "

/* Columns: division, text, key0, key1, key2, count, sum. */
static const char *const query_sql[STORE_STATS_QUERY_END] = {
	[STORE_STATS_PERSON_YEARS] =
		"SELECT division, birth_year, sex = 'F', flow, management, persons, 0 "
		"FROM stats_person_year" AT_LEVEL "AND persons <> 0",
	[STORE_STATS_PERSON_MONTHS] =
		"SELECT division, birth_month, sex = 'F', flow, management, persons, 0 "
		"FROM stats_person" EACH_AT_LEVEL "AND birth_month >= ?5 AND birth_month <= ?6 "
		"AND persons <> 0",
	[STORE_STATS_PERSON_BIRTHS] =
		"SELECT substr(residence_division, 1, ?1), birth_date, sex = 'F', flow, management, "
		"count(*), 0 FROM person WHERE birth_date >= ?5 AND birth_date <= ?6 "
		"AND residence_division >= ?2 AND residence_division < ?3 GROUP BY 1, 2, 3, 4, 5",
	/* Months other than today's decide by the month; today's by the day. */
	[STORE_STATS_HOLDING] =
		"SELECT division, '', flow, temporary, holding_month > substr(?4, 1, 7), "
		"sum(persons), 0 FROM stats_holding_month" AT_LEVEL
		"AND holding_month <> substr(?4, 1, 7) GROUP BY 1, 3, 4, 5 UNION ALL "
		"SELECT division, '', flow, temporary, holding_until >= ?4, sum(persons), 0 "
		"FROM stats_holding" EACH_AT_LEVEL "AND holding_until >= substr(?4, 1, 7) || '-01' "
		"AND holding_until <= substr(?4, 1, 7) || '-31' GROUP BY 1, 3, 4, 5",
	[STORE_STATS_CERTIFICATES] =
		"SELECT division, '', kind, until_month = '' OR until_month > substr(?4, 1, 7), 0, "
		"sum(certificates), 0 FROM stats_certificate_month" AT_LEVEL
		"AND until_month <> substr(?4, 1, 7) GROUP BY 1, 3, 4 UNION ALL "
		"SELECT division, '', kind, valid_until >= ?4, 0, sum(certificates), 0 "
		"FROM stats_certificate" EACH_AT_LEVEL "AND valid_until >= substr(?4, 1, 7) || '-01' "
		"AND valid_until <= substr(?4, 1, 7) || '-31' GROUP BY 1, 3, 4",
	[STORE_STATS_INQUIRIES] =
		"SELECT division, '', state, state = 2 AND due_on <> '' AND due_on < ?4, 0, "
		"sum(inquiries), 0 FROM stats_inquiry" AT_LEVEL "GROUP BY 1, 3, 4",
	[STORE_STATS_FIELD_REPORTS] =
		"SELECT division, '', state, hours, 0, sum(reports), sum(seconds) "
		"FROM stats_field_report" AT_LEVEL "GROUP BY 1, 3, 4",
	[STORE_STATS_COMPLAINTS] =
		"SELECT division, '', state, state IN (1, 2) AND due_on <> '' AND due_on < ?4, days, "
		"sum(complaints), 0 FROM stats_complaint" AT_LEVEL "GROUP BY 1, 3, 4, 5",
	[STORE_STATS_TRENDS] =
		"SELECT division, month, measure, 0, 0, sum(n), 0 FROM stats_trend" AT_LEVEL
		"AND month >= ?5 AND month <= ?6 GROUP BY 1, 2, 3",
};

static enum status run_request(struct store *store, const struct store_stats_request *r,
			       struct error *err)
{
	char end[DIVISION_CODE_SIZE + 1];
	if (r->query < 0 || r->query >= STORE_STATS_QUERY_END)
		return error_set(err, ST_INVALID_INPUT, "", NULL);
	sqlite3_stmt *stmt = store_prepare(store, query_sql[r->query], err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	/* ':' follows '9': codes that start with the prefix sort below prefix + ':'. */
	snprintf(end, sizeof end, "%s:", r->division);
	sqlite3_bind_int(stmt, 1, r->level);
	store_bind_text(stmt, 2, r->division);
	store_bind_text(stmt, 3, end);
	store_bind_text(stmt, 4, r->today ? r->today : "");
	store_bind_text(stmt, 5, r->from ? r->from : "");
	store_bind_text(stmt, 6, r->to ? r->to : "");
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const unsigned char *division = sqlite3_column_text(stmt, 0);
		const unsigned char *text = sqlite3_column_text(stmt, 1);
		struct store_stats_row row = {
			.division = division ? (const char *)division : "",
			.text = text ? (const char *)text : "",
			.key = {sqlite3_column_int64(stmt, 2), sqlite3_column_int64(stmt, 3),
				sqlite3_column_int64(stmt, 4)},
			.count = sqlite3_column_int64(stmt, 5),
			.sum = sqlite3_column_int64(stmt, 6),
		};
		r->fn(&row, r->ctx);
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? ST_OK : store_fail(store, err, "stats read");
}

enum status store_stats_read(struct store *store, const struct store_stats_request *requests,
			     size_t count, struct error *err)
{
	enum status st = ST_OK;
	bool own = store->transaction_depth == 0;
	if (own && (st = store_exec(store, "BEGIN", err)) != ST_OK)
		return st;
	for (size_t i = 0; i < count && st == ST_OK; i++)
		st = run_request(store, &requests[i], err);
	if (own)
		sqlite3_exec(store->db, st == ST_OK ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
	return st;
}

/*
 * The summaries, each with its recount view and its count column; the
 * derived ones are filled by triggers on their base table.
 */
static const struct summary {
	const char *table;
	const char *count;
	const char *label;
	bool derived;
} summaries[] = {
	{"stats_person", "persons", "人员统计", false},
	{"stats_person_year", "persons", "人员统计（按出生年）", true},
	{"stats_holding", "persons", "持证统计", false},
	{"stats_holding_month", "persons", "持证统计（按月）", true},
	{"stats_certificate", "certificates", "证明统计", false},
	{"stats_certificate_month", "certificates", "证明统计（按月）", true},
	{"stats_trend", "n", "月度趋势", false},
	{"stats_inquiry", "inquiries", "函调统计", false},
	{"stats_field_report", "reports", "信息报告统计", false},
	{"stats_complaint", "complaints", "投诉统计", false},
};

/* Rows that are in one and not in the other, zero rows of the summary left out. */
static enum status count_differences(struct store *store, const struct summary *s,
				     long long *differences, struct error *err)
{
	char sql[768];
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM ("
		 "SELECT * FROM (SELECT * FROM %1$s WHERE %2$s <> 0 EXCEPT "
		 "SELECT * FROM %1$s_recount) UNION ALL "
		 "SELECT * FROM (SELECT * FROM %1$s_recount EXCEPT "
		 "SELECT * FROM %1$s WHERE %2$s <> 0))",
		 s->table, s->count);
	sqlite3_stmt *stmt = store_prepare(store, sql, err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	int rc = sqlite3_step(stmt);
	*differences = rc == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW ? ST_OK : store_fail(store, err, "stats check");
}

enum status store_stats_check(struct store *store, store_problem_fn report, void *ctx,
			      size_t *problems, struct error *err)
{
	enum status st = ST_OK;
	bool own = store->transaction_depth == 0;
	if (own && (st = store_exec(store, "BEGIN", err)) != ST_OK)
		return st;
	for (size_t i = 0; i < sizeof summaries / sizeof summaries[0] && st == ST_OK; i++) {
		long long differences = 0;
		char line[256];
		st = count_differences(store, &summaries[i], &differences, err);
		if (st != ST_OK || differences == 0)
			continue;
		snprintf(line, sizeof line,
			 "统计汇总表 %s（%s）与重新计数不一致：%lld 行不同，"
			 "请停止服务后执行 liudong stats --rebuild 重建",
			 summaries[i].table, summaries[i].label, differences);
		if (report)
			report(line, ctx);
		(*problems)++;
	}
	if (own)
		sqlite3_exec(store->db, "COMMIT", NULL, NULL, NULL);
	return st;
}

/* Recomputes every summary from the records, in one write. */
enum status store_stats_rebuild(struct store *store, struct error *err)
{
	const size_t count = sizeof summaries / sizeof summaries[0];
	enum status st = store_write_begin(store, err);
	if (st != ST_OK)
		return st;
	for (size_t i = 0; i < count && st == ST_OK; i++) {
		char sql[128];
		snprintf(sql, sizeof sql, "DELETE FROM %s", summaries[i].table);
		st = store_exec(store, sql, err);
	}
	/* The base summaries; their triggers fill the derived ones. */
	for (size_t i = 0; i < count && st == ST_OK; i++) {
		char sql[160];
		if (summaries[i].derived)
			continue;
		snprintf(sql, sizeof sql, "INSERT INTO %1$s SELECT * FROM %1$s_recount",
			 summaries[i].table);
		st = store_exec(store, sql, err);
	}
	if (st != ST_OK) {
		store_write_abort(store);
		return st;
	}
	return store_write_commit(store, err);
}
