/*
 * store/session.c — browser sessions and API tokens, kept by the digest of
 * their token (session, api_token).
 *
 * A lookup is the hot path of every authenticated request: one cached
 * statement, one unique-index probe and the user's row by primary key.
 */
#include <string.h>

#include "store/store_internal.h"

/* Reads a row laid out by CREDENTIAL_COLUMNS. */
static void session_read(sqlite3_stmt *stmt, struct store_credential *c)
{
	memset(c, 0, sizeof *c);
	c->id = sqlite3_column_int64(stmt, 0);
	c->user_id = sqlite3_column_int64(stmt, 1);
	store_column_text(stmt, 2, c->csrf_token, sizeof c->csrf_token);
	c->created_at = sqlite3_column_int64(stmt, 3);
	c->last_seen_at = sqlite3_column_int64(stmt, 4);
	c->ended = sqlite3_column_int(stmt, 5) != 0;
	store_column_text(stmt, 6, c->username, sizeof c->username);
	store_column_text(stmt, 7, c->role, sizeof c->role);
	store_column_text(stmt, 8, c->scope, sizeof c->scope);
	c->user_disabled = sqlite3_column_int(stmt, 9) != 0;
	c->organization_id = sqlite3_column_int64(stmt, 10);
	c->person_id = sqlite3_column_int64(stmt, 11);
}

/* Runs the session or token lookup `which` for a digest. */
static enum status session_lookup(struct store *store, enum statement which,
				  const unsigned char digest[STORE_TOKEN_DIGEST_SIZE],
				  struct store_credential *out, struct error *err)
{
	sqlite3_stmt *stmt = store_statement(store, which, err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_blob(stmt, 1, digest, STORE_TOKEN_DIGEST_SIZE, SQLITE_STATIC);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		session_read(stmt, out);
	sqlite3_reset(stmt);
	if (rc == SQLITE_ROW)
		return ST_OK;
	if (rc == SQLITE_DONE)
		return error_set(err, ST_NOT_FOUND, "", NULL);
	return store_fail(store, err, "credential lookup");
}

/* Steps a bound statement that changes rows; *changed gets how many (may be NULL). */
static enum status session_run(struct store *store, sqlite3_stmt *stmt, const char *what,
			       int *changed, struct error *err)
{
	int rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, what);
	if (changed)
		*changed = sqlite3_changes(store->db);
	return ST_OK;
}

enum status store_session_insert(struct store *store,
				 const unsigned char digest[STORE_TOKEN_DIGEST_SIZE],
				 int64_t user_id, const char *csrf_token, const char *address,
				 int64_t now, int64_t *id, struct error *err)
{
	sqlite3_stmt *stmt = store_statement(store, STMT_SESSION_INSERT, err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_blob(stmt, 1, digest, STORE_TOKEN_DIGEST_SIZE, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, user_id);
	store_bind_text(stmt, 3, csrf_token);
	store_bind_text(stmt, 4, address);
	sqlite3_bind_int64(stmt, 5, now);
	enum status st = session_run(store, stmt, "session insert", NULL, err);
	if (st == ST_OK)
		*id = sqlite3_last_insert_rowid(store->db);
	return st;
}

enum status store_session_lookup(struct store *store,
				 const unsigned char digest[STORE_TOKEN_DIGEST_SIZE],
				 struct store_credential *out, struct error *err)
{
	return session_lookup(store, STMT_SESSION_LOOKUP, digest, out, err);
}

enum status store_session_touch(struct store *store, int64_t id, int64_t now,
				struct error *err)
{
	sqlite3_stmt *stmt = store_statement(store, STMT_SESSION_TOUCH, err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int64(stmt, 2, now);
	return session_run(store, stmt, "session touch", NULL, err);
}

enum status store_session_end(struct store *store, int64_t id, int64_t now, struct error *err)
{
	sqlite3_stmt *stmt = store_statement(store, STMT_SESSION_END, err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int64(stmt, 2, now);
	return session_run(store, stmt, "session end", NULL, err);
}

enum status store_session_end_user(struct store *store, int64_t user_id, int64_t keep_id,
				   int64_t now, int *ended, struct error *err)
{
	sqlite3_stmt *stmt = store_statement(store, STMT_SESSION_END_USER, err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, user_id);
	sqlite3_bind_int64(stmt, 2, keep_id);
	sqlite3_bind_int64(stmt, 3, now);
	return session_run(store, stmt, "session end user", ended, err);
}

enum status store_token_insert(struct store *store,
			       const unsigned char digest[STORE_TOKEN_DIGEST_SIZE],
			       int64_t user_id, const char *name, int64_t now, int64_t *id,
			       struct error *err)
{
	sqlite3_stmt *stmt = store_statement(store, STMT_TOKEN_INSERT, err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_blob(stmt, 1, digest, STORE_TOKEN_DIGEST_SIZE, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, user_id);
	store_bind_text(stmt, 3, name);
	sqlite3_bind_int64(stmt, 4, now);
	enum status st = session_run(store, stmt, "token insert", NULL, err);
	if (st == ST_OK)
		*id = sqlite3_last_insert_rowid(store->db);
	return st;
}

enum status store_token_lookup(struct store *store,
			       const unsigned char digest[STORE_TOKEN_DIGEST_SIZE],
			       struct store_credential *out, struct error *err)
{
	return session_lookup(store, STMT_TOKEN_LOOKUP, digest, out, err);
}

enum status store_token_list(struct store *store,
			     bool (*fn)(const struct store_token *token, void *ctx), void *ctx,
			     struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(
		store,
		"SELECT t.id, t.user_id, u.username, t.name, t.created_at, coalesce(t.revoked_at, 0) "
		"FROM api_token t JOIN user_account u ON u.id = t.user_id ORDER BY t.id DESC",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	struct store_token token;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		memset(&token, 0, sizeof token);
		token.id = sqlite3_column_int64(stmt, 0);
		token.user_id = sqlite3_column_int64(stmt, 1);
		store_column_text(stmt, 2, token.username, sizeof token.username);
		store_column_text(stmt, 3, token.name, sizeof token.name);
		token.created_at = sqlite3_column_int64(stmt, 4);
		token.revoked_at = sqlite3_column_int64(stmt, 5);
		if (!fn(&token, ctx)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, "token list");
	return ST_OK;
}

enum status store_token_revoke(struct store *store, int64_t id, int64_t now, bool *revoked,
			       struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(
		store, "UPDATE api_token SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL", err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int64(stmt, 2, now);
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, "token revoke");
	*revoked = sqlite3_changes(store->db) > 0;
	return ST_OK;
}
