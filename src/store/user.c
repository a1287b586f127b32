/*
 * store/user.c — user accounts and the failure counters that throttle logins
 * (user_account, login_address).
 *
 * Only rows live here; the rules (how many failures lock, how long to wait)
 * are security/auth.c's.
 */
#include <string.h>

#include "store/store_internal.h"

_Static_assert(STORE_PASSWORD_HASH_SIZE >= CRYPTO_PASSWORD_HASH_SIZE, "password hash size");
_Static_assert(STORE_TOKEN_DIGEST_SIZE == CRYPTO_DIGEST_SIZE, "token digest size");

/* Reads a row laid out as USER_COLUMNS. */
static void user_read(sqlite3_stmt *stmt, struct store_user *u)
{
	memset(u, 0, sizeof *u);
	u->id = sqlite3_column_int64(stmt, 0);
	store_column_text(stmt, 1, u->username, sizeof u->username);
	store_column_text(stmt, 2, u->password_hash, sizeof u->password_hash);
	store_column_text(stmt, 3, u->role, sizeof u->role);
	store_column_text(stmt, 4, u->scope, sizeof u->scope);
	u->disabled = sqlite3_column_int(stmt, 5) != 0;
	u->locked = sqlite3_column_int(stmt, 6) != 0;
	u->failed_logins = sqlite3_column_int(stmt, 7);
	u->last_failed_at = sqlite3_column_int64(stmt, 8);
	u->created_at = sqlite3_column_int64(stmt, 9);
	u->password_changed_at = sqlite3_column_int64(stmt, 10);
	u->organization_id = sqlite3_column_int64(stmt, 11);
	u->person_id = sqlite3_column_int64(stmt, 12);
}

/* Steps a statement that changes rows and expects no result rows. */
static enum status user_run(struct store *store, sqlite3_stmt *stmt, const char *what,
			    struct error *err)
{
	int rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, what);
	return ST_OK;
}

/* Steps a statement whose RETURNING clause gives one integer. */
static enum status user_run_returning(struct store *store, sqlite3_stmt *stmt,
				      const char *what, int *value, struct error *err)
{
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*value = sqlite3_column_int(stmt, 0);
		rc = sqlite3_step(stmt);
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, what);
	return ST_OK;
}

enum status store_user_insert(struct store *store, struct store_user *user, struct error *err)
{
	sqlite3_stmt *stmt = store_statement(store, STMT_USER_INSERT, err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	store_bind_text(stmt, 1, user->username);
	store_bind_text(stmt, 2, user->password_hash);
	store_bind_text(stmt, 3, user->role);
	store_bind_text(stmt, 4, user->scope);
	sqlite3_bind_int64(stmt, 5, user->created_at);
	if (user->organization_id > 0)
		sqlite3_bind_int64(stmt, 6, user->organization_id);
	if (user->person_id > 0)
		sqlite3_bind_int64(stmt, 7, user->person_id);
	int rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc == SQLITE_CONSTRAINT_UNIQUE)
		return error_set(err, ST_DUPLICATE_USER, "username", NULL);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, "user insert");
	user->id = sqlite3_last_insert_rowid(store->db);
	user->password_changed_at = user->created_at;
	return ST_OK;
}

/* Runs a bound single-user lookup. */
static enum status user_fetch(struct store *store, sqlite3_stmt *stmt, struct store_user *out,
			      struct error *err)
{
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		user_read(stmt, out);
	sqlite3_reset(stmt);
	if (rc == SQLITE_ROW)
		return ST_OK;
	if (rc == SQLITE_DONE)
		return error_set(err, ST_NOT_FOUND, "username", "用户不存在");
	return store_fail(store, err, "user get");
}

enum status store_user_get(struct store *store, const char *username, struct store_user *out,
			   struct error *err)
{
	sqlite3_stmt *stmt = store_statement(store, STMT_USER_GET, err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	store_bind_text(stmt, 1, username);
	return user_fetch(store, stmt, out, err);
}

enum status store_user_get_by_id(struct store *store, int64_t id, struct store_user *out,
				 struct error *err)
{
	sqlite3_stmt *stmt = store_statement(store, STMT_USER_GET_BY_ID, err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, id);
	return user_fetch(store, stmt, out, err);
}

enum status store_user_list(struct store *store,
			    bool (*fn)(const struct store_user *user, void *ctx), void *ctx,
			    struct error *err)
{
	sqlite3_stmt *stmt = store_statement(store, STMT_USER_ALL, err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	struct store_user user;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		user_read(stmt, &user);
		if (!fn(&user, ctx)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, "user list");
	return ST_OK;
}

/* A statement that takes the user id as ?1, or NULL with err set. */
static sqlite3_stmt *user_statement(struct store *store, enum statement which, int64_t id,
				    struct error *err)
{
	sqlite3_stmt *stmt = store_statement(store, which, err);
	if (stmt != NULL)
		sqlite3_bind_int64(stmt, 1, id);
	return stmt;
}

enum status store_user_disable(struct store *store, int64_t id, struct error *err)
{
	sqlite3_stmt *stmt = user_statement(store, STMT_USER_DISABLE, id, err);
	return stmt ? user_run(store, stmt, "user disable", err) : err ? err->status : ST_STORAGE;
}

enum status store_user_set_password(struct store *store, int64_t id, const char *password_hash,
				    int64_t now, struct error *err)
{
	sqlite3_stmt *stmt = user_statement(store, STMT_USER_SET_PASSWORD, id, err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	store_bind_text(stmt, 2, password_hash);
	sqlite3_bind_int64(stmt, 3, now);
	return user_run(store, stmt, "user set password", err);
}

enum status store_user_clear_failures(struct store *store, int64_t id, struct error *err)
{
	sqlite3_stmt *stmt = user_statement(store, STMT_USER_CLEAR_FAILURES, id, err);
	return stmt ? user_run(store, stmt, "user clear failures", err)
		    : err ? err->status : ST_STORAGE;
}

enum status store_user_count_failure(struct store *store, int64_t id, int64_t now,
				     int *failures, struct error *err)
{
	sqlite3_stmt *stmt = user_statement(store, STMT_USER_COUNT_FAILURE, id, err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 2, now);
	*failures = 0;
	return user_run_returning(store, stmt, "user count failure", failures, err);
}

enum status store_user_lock(struct store *store, int64_t id, struct error *err)
{
	sqlite3_stmt *stmt = user_statement(store, STMT_USER_LOCK, id, err);
	return stmt ? user_run(store, stmt, "user lock", err) : err ? err->status : ST_STORAGE;
}

/* --- failures per client address --------------------------------------- */

enum status store_login_address_get(struct store *store, const char *address, int *failures,
				    int64_t *last_failed_at, struct error *err)
{
	sqlite3_stmt *stmt = store_statement(store, STMT_ADDRESS_GET, err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	store_bind_text(stmt, 1, address);
	*failures = 0;
	*last_failed_at = 0;
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*failures = sqlite3_column_int(stmt, 0);
		*last_failed_at = sqlite3_column_int64(stmt, 1);
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(store, err, "login address get");
	return ST_OK;
}

enum status store_login_address_count_failure(struct store *store, const char *address,
					      int64_t now, int *failures, struct error *err)
{
	sqlite3_stmt *stmt = store_statement(store, STMT_ADDRESS_COUNT_FAILURE, err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	store_bind_text(stmt, 1, address);
	sqlite3_bind_int64(stmt, 2, now);
	*failures = 0;
	return user_run_returning(store, stmt, "login address count failure", failures, err);
}

enum status store_login_address_clear(struct store *store, const char *address,
				      struct error *err)
{
	sqlite3_stmt *stmt = store_statement(store, STMT_ADDRESS_CLEAR, err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	store_bind_text(stmt, 1, address);
	return user_run(store, stmt, "login address clear", err);
}
