/*
 * store/field_report.c — field report rows (domain/field_report.h).
 */
#include <stdio.h>
#include <string.h>

#include "domain/field_report.h"
#include "store/store_internal.h"

#define REPORT_COLUMNS                                                                       \
	"id, kind, reporter_user_id, reporter_username, reporter_role, person_id, home_id, "  \
	"community, office_division, description, state, outcome, changed_records, "          \
	"received_at, verified_at, closed_at, version"

static void read_report(sqlite3_stmt *stmt, struct field_report *r)
{
	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(stmt, 0);
	r->kind = (enum field_report_kind)sqlite3_column_int(stmt, 1);
	r->reporter_user_id = sqlite3_column_int64(stmt, 2);
	store_column_text(stmt, 3, r->reporter_username, sizeof r->reporter_username);
	store_column_text(stmt, 4, r->reporter_role, sizeof r->reporter_role);
	r->person_id = sqlite3_column_int64(stmt, 5);
	r->home_id = sqlite3_column_int64(stmt, 6);
	store_column_text(stmt, 7, r->community, sizeof r->community);
	store_column_text(stmt, 8, r->office_division, sizeof r->office_division);
	store_column_text(stmt, 9, r->description, sizeof r->description);
	r->state = (enum field_report_state)sqlite3_column_int(stmt, 10);
	store_column_text(stmt, 11, r->outcome, sizeof r->outcome);
	store_column_text(stmt, 12, r->changed_records, sizeof r->changed_records);
	r->received_at = sqlite3_column_int64(stmt, 13);
	r->verified_at = sqlite3_column_int64(stmt, 14);
	r->closed_at = sqlite3_column_int64(stmt, 15);
	r->version = sqlite3_column_int64(stmt, 16);
}

static enum status read_reports(struct store *store, sqlite3_stmt *stmt,
				struct field_report *out, size_t max, size_t *count,
				struct error *err)
{
	int rc = SQLITE_DONE;
	*count = 0;
	while (*count < max && (rc = sqlite3_step(stmt)) == SQLITE_ROW)
		read_report(stmt, &out[(*count)++]);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_fail(store, err, "field report read");
	return ST_OK;
}

/* Binds a time or an id at `index`, NULL when 0. */
static void bind_or_null(sqlite3_stmt *stmt, int index, int64_t value)
{
	if (value > 0)
		sqlite3_bind_int64(stmt, index, value);
	else
		sqlite3_bind_null(stmt, index);
}

enum status store_field_report_insert(struct store *store, struct field_report *r,
				      struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(
		store,
		"INSERT INTO field_report (kind, reporter_user_id, reporter_username, reporter_role, "
		"person_id, home_id, community, office_division, description, state, outcome, "
		"changed_records, received_at, verified_at, closed_at, version) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, NULL, NULL, 1)",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int(stmt, 1, (int)r->kind);
	sqlite3_bind_int64(stmt, 2, r->reporter_user_id);
	store_bind_text(stmt, 3, r->reporter_username);
	store_bind_text(stmt, 4, r->reporter_role);
	bind_or_null(stmt, 5, r->person_id);
	bind_or_null(stmt, 6, r->home_id);
	store_bind_text(stmt, 7, r->community);
	store_bind_text(stmt, 8, r->office_division);
	store_bind_text(stmt, 9, r->description);
	sqlite3_bind_int(stmt, 10, (int)r->state);
	store_bind_text(stmt, 11, r->outcome);
	store_bind_text(stmt, 12, r->changed_records);
	sqlite3_bind_int64(stmt, 13, r->received_at);
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, "field report insert");
	r->id = sqlite3_last_insert_rowid(store->db);
	r->version = 1;
	return ST_OK;
}

enum status store_field_report_get(struct store *store, int64_t id, struct field_report *out,
				   struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(
		store, "SELECT " REPORT_COLUMNS " FROM field_report WHERE id = ?1", err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, id);
	size_t count;
	enum status st = read_reports(store, stmt, out, 1, &count, err);
	if (st == ST_OK && count == 0)
		st = error_set(err, ST_NOT_FOUND, "id", "现场报告不存在");
	return st;
}

enum status store_field_report_update(struct store *store, struct field_report *r,
				      int64_t expected_version, struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(
		store,
		"UPDATE field_report SET state = ?1, outcome = ?2, changed_records = ?3, "
		"verified_at = ?4, closed_at = ?5, version = version + 1 WHERE id = ?6 AND version = ?7",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int(stmt, 1, (int)r->state);
	store_bind_text(stmt, 2, r->outcome);
	store_bind_text(stmt, 3, r->changed_records);
	bind_or_null(stmt, 4, r->verified_at);
	bind_or_null(stmt, 5, r->closed_at);
	sqlite3_bind_int64(stmt, 6, r->id);
	sqlite3_bind_int64(stmt, 7, expected_version);
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, "field report update");
	if (sqlite3_changes(store->db) == 0)
		return error_set(err, ST_VERSION_CONFLICT, "version",
				 "现场报告已被他人处理，请刷新后再看");
	r->version = expected_version + 1;
	return ST_OK;
}

enum status store_field_report_search(struct store *store, const struct field_report_query *q,
				      struct field_report *out, size_t max, size_t *count,
				      struct error *err)
{
	/* ':' follows '9': codes that start with the prefix sort below prefix + ':'. */
	char office_end[DIVISION_CODE_SIZE + 1];
	snprintf(office_end, sizeof office_end, "%s:", q->office_division);
	sqlite3_stmt *stmt = store_prepare(
		store,
		"SELECT " REPORT_COLUMNS " FROM field_report "
		"WHERE (?1 = 0 OR reporter_user_id = ?1) "
		"AND (?2 = '' OR (office_division >= ?2 AND office_division < ?3)) "
		"AND (?4 = 0 OR kind = ?4) AND (?5 = 0 OR state = ?5) AND (?6 = 0 OR id < ?6) "
		"ORDER BY id DESC LIMIT ?7",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, q->reporter_user_id);
	store_bind_text(stmt, 2, q->office_division);
	store_bind_text(stmt, 3, office_end);
	sqlite3_bind_int(stmt, 4, (int)q->kind);
	sqlite3_bind_int(stmt, 5, (int)q->state);
	sqlite3_bind_int64(stmt, 6, q->before_id);
	sqlite3_bind_int64(stmt, 7, (sqlite3_int64)max);
	return read_reports(store, stmt, out, max, count, err);
}
