/*
 * store/notice.c — notices and their recipients (0008_notices.sql).
 *
 * "Inside a scope" is a prefix of the division code: the rows whose
 * division lies between the scope and the scope followed by ':' (which
 * sorts right after '9'), so the index on notice_recipient (division)
 * serves every inbox.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain/notice.h"
#include "store/store_internal.h"

#define NOTICE_COLUMNS                                                                   \
	"n.id, n.sender_user_id, n.sender_username, n.sender_role, n.sender_division, "   \
	"n.subject, n.body, n.person_id, n.organization_id, n.created_at"

/* SQL: division column `column` lies inside the scope bound at `s` and `e` (bind_scope). */
#define IN_SCOPE(column, s, e) column " >= " s " AND " column " < " e

/* Binds `scope` at `index` and its end (scope + ":") at `index` + 1. */
static void bind_scope(sqlite3_stmt *stmt, int index, const char *scope)
{
	char end[DIVISION_CODE_SIZE + 1];
	snprintf(end, sizeof end, "%s:", scope);
	store_bind_text(stmt, index, scope);
	sqlite3_bind_text(stmt, index + 1, end, -1, SQLITE_TRANSIENT);
}

static void read_notice(sqlite3_stmt *stmt, struct notice *n)
{
	memset(n, 0, sizeof *n);
	n->id = sqlite3_column_int64(stmt, 0);
	n->sender.user_id = sqlite3_column_int64(stmt, 1);
	store_column_text(stmt, 2, n->sender.username, sizeof n->sender.username);
	store_column_text(stmt, 3, n->sender.role, sizeof n->sender.role);
	store_column_text(stmt, 4, n->sender.division, sizeof n->sender.division);
	store_column_text(stmt, 5, n->subject, sizeof n->subject);
	store_column_text(stmt, 6, n->body, sizeof n->body);
	n->person_id = sqlite3_column_int64(stmt, 7);
	n->organization_id = sqlite3_column_int64(stmt, 8);
	n->created_at = sqlite3_column_int64(stmt, 9);
}

/* Loads the recipients of `n` inside `scope` ("" = all of them). */
static enum status read_recipients(struct store *store, struct notice *n, const char *scope,
				   struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(
		store,
		"SELECT division, read_at, acknowledged_at, acknowledged_by FROM notice_recipient r "
		"WHERE notice_id = ?1 AND " IN_SCOPE("r.division", "?2", "?3") " ORDER BY division",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, n->id);
	bind_scope(stmt, 2, scope);
	int rc = SQLITE_DONE;
	n->recipient_count = 0;
	while (n->recipient_count < NOTICE_RECIPIENTS_MAX &&
	       (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct notice_recipient *r = &n->recipients[n->recipient_count++];
		store_column_text(stmt, 0, r->division, sizeof r->division);
		r->read_at = sqlite3_column_int64(stmt, 1);
		r->acknowledged_at = sqlite3_column_int64(stmt, 2);
		store_column_text(stmt, 3, r->acknowledged_by, sizeof r->acknowledged_by);
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? ST_OK
						   : store_fail(store, err, "notice recipients");
}

enum status store_notice_insert(struct store *store, struct notice *n, struct error *err)
{
	int64_t now = (int64_t)time(NULL);
	sqlite3_stmt *stmt = store_prepare(
		store,
		"INSERT INTO notice (sender_user_id, sender_username, sender_role, sender_division, "
		"subject, body, person_id, organization_id, created_at) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, n->sender.user_id);
	store_bind_text(stmt, 2, n->sender.username);
	store_bind_text(stmt, 3, n->sender.role);
	store_bind_text(stmt, 4, n->sender.division);
	store_bind_text(stmt, 5, n->subject);
	store_bind_text(stmt, 6, n->body);
	if (n->person_id > 0)
		sqlite3_bind_int64(stmt, 7, n->person_id);
	if (n->organization_id > 0)
		sqlite3_bind_int64(stmt, 8, n->organization_id);
	sqlite3_bind_int64(stmt, 9, now);
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, "notice insert");
	n->id = sqlite3_last_insert_rowid(store->db);
	n->created_at = now;
	for (size_t i = 0; i < n->recipient_count; i++) {
		stmt = store_prepare(store,
				     "INSERT INTO notice_recipient (notice_id, division) VALUES (?1, ?2)",
				     err);
		if (stmt == NULL)
			return err ? err->status : ST_STORAGE;
		sqlite3_bind_int64(stmt, 1, n->id);
		store_bind_text(stmt, 2, n->recipients[i].division);
		rc = sqlite3_step(stmt);
		sqlite3_finalize(stmt);
		if (rc != SQLITE_DONE)
			return store_fail(store, err, "notice recipient insert");
	}
	return ST_OK;
}

enum status store_notice_get(struct store *store, int64_t id, const char *scope,
			     struct notice *out, struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(
		store, "SELECT " NOTICE_COLUMNS " FROM notice n WHERE n.id = ?1", err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, id);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		read_notice(stmt, out);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(store, err, "notice get");
	enum status st = rc == SQLITE_ROW ? read_recipients(store, out, scope, err) : ST_OK;
	if (st == ST_OK && (rc == SQLITE_DONE || out->recipient_count == 0))
		st = error_set(err, ST_NOT_FOUND, "id", "通报不存在");
	return st;
}

/* Runs an UPDATE of the recipients of notice ?1 in scope ?2..?3; *changed rows. */
static enum status update_recipients(struct store *store, const char *sql, int64_t id,
				     const char *scope, const char *username, size_t *changed,
				     struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(store, sql, err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, id);
	bind_scope(stmt, 2, scope);
	sqlite3_bind_int64(stmt, 4, (int64_t)time(NULL));
	if (username)
		store_bind_text(stmt, 5, username);
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, "notice recipient update");
	*changed = (size_t)sqlite3_changes(store->db);
	return ST_OK;
}

enum status store_notice_mark_read(struct store *store, int64_t id, const char *scope,
				   size_t *marked, struct error *err)
{
	return update_recipients(store,
				 "UPDATE notice_recipient SET read_at = ?4 WHERE notice_id = ?1 "
				 "AND " IN_SCOPE("division", "?2", "?3") " AND read_at IS NULL",
				 id, scope, NULL, marked, err);
}

enum status store_notice_acknowledge(struct store *store, int64_t id, const char *scope,
				     const char *username, size_t *acknowledged,
				     struct error *err)
{
	return update_recipients(store,
				 "UPDATE notice_recipient SET acknowledged_at = ?4, "
				 "acknowledged_by = ?5, read_at = coalesce(read_at, ?4) "
				 "WHERE notice_id = ?1 AND " IN_SCOPE("division", "?2", "?3")
				 " AND acknowledged_at IS NULL",
				 id, scope, username, acknowledged, err);
}

enum status store_notice_inbox(struct store *store, const struct notice_query *q,
			       struct notice *out, size_t max, size_t *count, struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(
		store,
		"SELECT " NOTICE_COLUMNS " FROM notice n WHERE EXISTS (SELECT 1 FROM "
		"notice_recipient r WHERE r.notice_id = n.id AND " IN_SCOPE("r.division", "?1", "?2")
		" AND (?3 = 0 OR r.read_at IS NULL)) AND (?4 = 0 OR n.id < ?4) "
		"ORDER BY n.id DESC LIMIT ?5",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	bind_scope(stmt, 1, q->scope);
	sqlite3_bind_int(stmt, 3, q->unread_only ? 1 : 0);
	sqlite3_bind_int64(stmt, 4, q->before_id);
	sqlite3_bind_int64(stmt, 5, (sqlite3_int64)max);
	int rc = SQLITE_DONE;
	*count = 0;
	while (*count < max && (rc = sqlite3_step(stmt)) == SQLITE_ROW)
		read_notice(stmt, &out[(*count)++]);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_fail(store, err, "notice inbox");
	for (size_t i = 0; i < *count; i++) {
		enum status st = read_recipients(store, &out[i], q->scope, err);
		if (st != ST_OK)
			return st;
	}
	return ST_OK;
}

enum status store_notice_unread_count(struct store *store, const char *scope, int64_t *count,
				      struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(
		store,
		"SELECT count(DISTINCT notice_id) FROM notice_recipient r WHERE "
		IN_SCOPE("r.division", "?1", "?2") " AND read_at IS NULL",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	bind_scope(stmt, 1, scope);
	int rc = sqlite3_step(stmt);
	*count = rc == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW ? ST_OK : store_fail(store, err, "notice unread count");
}
