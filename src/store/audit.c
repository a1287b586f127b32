/*
 * store/audit.c — the audit table: chained appends, the walk that verify
 * uses, and filtered search.
 *
 * The chain is computed here because the previous row's hash must be read
 * and the new row written under the same write lock; what bytes a row
 * stands for is security/audit.c's (audit_entry_serialize).
 */
#include <stdio.h>
#include <string.h>

#include "security/audit.h"
#include "store/store_internal.h"

#define AUDIT_SEARCH_SQL_MAX 512

/* The id and hash of the newest row; 0 and zeros for an empty table. */
static enum status audit_last(struct store *store, int64_t *id,
			      unsigned char hash[CRYPTO_DIGEST_SIZE], struct error *err)
{
	sqlite3_stmt *stmt = store_statement(store, STMT_AUDIT_LAST, err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	*id = 0;
	memset(hash, 0, CRYPTO_DIGEST_SIZE);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(stmt, 0);
		size_t len = (size_t)sqlite3_column_bytes(stmt, 1);
		const void *stored = sqlite3_column_blob(stmt, 1);
		if (stored != NULL)
			memcpy(hash, stored, len < CRYPTO_DIGEST_SIZE ? len : CRYPTO_DIGEST_SIZE);
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(store, err, "audit last");
	return ST_OK;
}

/* Inserts one row with its id and hash already decided. */
static enum status audit_insert(struct store *store, const struct audit_entry *e,
				const unsigned char hash[CRYPTO_DIGEST_SIZE], struct error *err)
{
	sqlite3_stmt *stmt = store_statement(store, STMT_AUDIT_INSERT, err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, e->id);
	sqlite3_bind_int64(stmt, 2, e->at);
	if (e->user_id != 0)
		sqlite3_bind_int64(stmt, 3, e->user_id);
	store_bind_text(stmt, 4, e->username);
	store_bind_text(stmt, 5, e->role);
	store_bind_text(stmt, 6, e->address);
	store_bind_text(stmt, 7, e->action);
	store_bind_text(stmt, 8, e->object);
	store_bind_text(stmt, 9, e->outcome);
	store_bind_text(stmt, 10, e->detail);
	sqlite3_bind_blob(stmt, 11, hash, CRYPTO_DIGEST_SIZE, SQLITE_STATIC);
	int rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, "audit insert");
	return ST_OK;
}

/* Gives `e` the next id, chains it to `previous` (updated) and inserts it. */
static enum status audit_append_one(struct store *store, struct audit_entry *e, int64_t *last_id,
				    unsigned char previous[CRYPTO_DIGEST_SIZE], struct error *err)
{
	unsigned char bytes[AUDIT_CANONICAL_MAX];
	unsigned char hash[CRYPTO_DIGEST_SIZE];
	e->id = *last_id + 1;
	size_t len = audit_entry_serialize(e, bytes, sizeof bytes);
	if (len == 0)
		return error_set(err, ST_STORAGE, "", "审计记录过长");
	crypto_chain_hash(previous, bytes, len, hash);
	enum status st = audit_insert(store, e, hash, err);
	if (st != ST_OK)
		return st;
	*last_id = e->id;
	memcpy(previous, hash, CRYPTO_DIGEST_SIZE);
	return ST_OK;
}

enum status store_audit_append(struct store *store, struct audit_entry *entries, size_t count,
			       struct error *err)
{
	unsigned char previous[CRYPTO_DIGEST_SIZE];
	int64_t last_id;
	if (count == 0)
		return ST_OK;
	enum status st = store_write_begin(store, err);
	if (st != ST_OK)
		return st;
	if ((st = audit_last(store, &last_id, previous, err)) != ST_OK)
		goto out_abort;
	for (size_t i = 0; i < count; i++)
		if ((st = audit_append_one(store, &entries[i], &last_id, previous, err)) != ST_OK)
			goto out_abort;
	return store_write_commit(store, err);

out_abort:
	store_write_abort(store);
	return st;
}

/*
 * Copies a text column into buf; false if it is not text, does not fit or
 * holds a NUL, that is, if it cannot be what was stored through the store.
 */
static bool audit_text(sqlite3_stmt *stmt, int column, char *buf, size_t size)
{
	store_column_text(stmt, column, buf, size);
	size_t bytes = (size_t)sqlite3_column_bytes(stmt, column);
	return sqlite3_column_type(stmt, column) == SQLITE_TEXT && bytes < size &&
	       strlen(buf) == bytes;
}

/* Reads a row laid out as AUDIT_COLUMNS; false if a column is not as stored. */
static bool audit_read(sqlite3_stmt *stmt, struct audit_entry *e)
{
	memset(e, 0, sizeof *e);
	bool intact = sqlite3_column_type(stmt, 0) == SQLITE_INTEGER &&
		      sqlite3_column_type(stmt, 1) == SQLITE_INTEGER &&
		      (sqlite3_column_type(stmt, 2) == SQLITE_INTEGER ||
		       sqlite3_column_type(stmt, 2) == SQLITE_NULL);
	e->id = sqlite3_column_int64(stmt, 0);
	e->at = sqlite3_column_int64(stmt, 1);
	e->user_id = sqlite3_column_int64(stmt, 2);
	intact &= audit_text(stmt, 3, e->username, sizeof e->username);
	intact &= audit_text(stmt, 4, e->role, sizeof e->role);
	intact &= audit_text(stmt, 5, e->address, sizeof e->address);
	intact &= audit_text(stmt, 6, e->action, sizeof e->action);
	intact &= audit_text(stmt, 7, e->object, sizeof e->object);
	intact &= audit_text(stmt, 8, e->outcome, sizeof e->outcome);
	intact &= audit_text(stmt, 9, e->detail, sizeof e->detail);
	return intact;
}

enum status store_audit_walk(struct store *store, store_audit_row_fn fn, void *ctx,
			     struct error *err)
{
	sqlite3_stmt *stmt = store_statement(store, STMT_AUDIT_ALL, err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	struct audit_entry e;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		bool intact = audit_read(stmt, &e);
		const unsigned char *hash = sqlite3_column_blob(stmt, 10);
		size_t hash_len = (size_t)sqlite3_column_bytes(stmt, 10);
		if (sqlite3_column_type(stmt, 10) != SQLITE_BLOB)
			intact = false;
		if (!fn(&e, hash, hash_len, intact, ctx)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, "audit walk");
	return ST_OK;
}

/* Appends " AND <condition>" to the query text when `wanted`. */
static void audit_condition(char *sql, size_t size, bool wanted, const char *condition)
{
	size_t used = strlen(sql);
	if (wanted)
		snprintf(sql + used, size - used, " AND %s", condition);
}

/*
 * The search statement for a filter: fixed text per filter that is set,
 * values bound by number (?1 user, ?2 object, ?3 action, ?4 from, ?5 to,
 * ?6 before id, ?7 limit), so that no input ever enters the SQL.
 */
static sqlite3_stmt *audit_search_statement(struct store *store, const struct audit_filter *f,
					    struct error *err)
{
	char sql[AUDIT_SEARCH_SQL_MAX];
	snprintf(sql, sizeof sql, "SELECT " AUDIT_COLUMNS " FROM audit WHERE 1");
	audit_condition(sql, sizeof sql, f->user_id != 0, "user_id = ?1");
	audit_condition(sql, sizeof sql, f->object[0] != '\0', "object = ?2");
	audit_condition(sql, sizeof sql, f->action[0] != '\0', "action = ?3");
	audit_condition(sql, sizeof sql, f->from != 0, "at >= ?4");
	audit_condition(sql, sizeof sql, f->to != 0, "at < ?5");
	audit_condition(sql, sizeof sql, f->before_id != 0, "id < ?6");
	size_t used = strlen(sql);
	snprintf(sql + used, sizeof sql - used, " ORDER BY id DESC LIMIT ?7");
	sqlite3_stmt *stmt = store_prepare(store, sql, err);
	if (stmt == NULL)
		return NULL;
	sqlite3_bind_int64(stmt, 1, f->user_id);
	store_bind_text(stmt, 2, f->object);
	store_bind_text(stmt, 3, f->action);
	sqlite3_bind_int64(stmt, 4, f->from);
	sqlite3_bind_int64(stmt, 5, f->to);
	sqlite3_bind_int64(stmt, 6, f->before_id);
	sqlite3_bind_int64(stmt, 7, (sqlite3_int64)f->limit);
	return stmt;
}

enum status store_audit_search(struct store *store, const struct audit_filter *filter,
			       bool (*fn)(const struct audit_entry *entry, void *ctx), void *ctx,
			       struct error *err)
{
	sqlite3_stmt *stmt = audit_search_statement(store, filter, err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	struct audit_entry e;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		audit_read(stmt, &e);
		if (!fn(&e, ctx)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	enum status st = rc == SQLITE_DONE ? ST_OK : store_fail(store, err, "audit search");
	sqlite3_finalize(stmt);
	return st;
}
