/*
 * database.c — opening a store, its schema migrations, transactions and
 * the statement cache.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/embedded.h"
#include "core/log.h"
#include "store/store_internal.h"

extern const struct embedded_file store_migrations[];
extern const size_t store_migrations_count;

static const char *const statement_sql[STMT__COUNT] = {
	[STMT_SETTING_GET] = "SELECT value FROM setting WHERE key = ?1",
	[STMT_SETTING_SET] = "INSERT INTO setting (key, value) VALUES (?1, ?2) "
			     "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
	[STMT_DIVISION_INSERT] = "INSERT INTO division (code, name, level) VALUES (?1, ?2, ?3)",
	[STMT_DIVISION_ALL] = "SELECT code, name FROM division ORDER BY code",
	[STMT_PERSON_INSERT] =
		"INSERT INTO person (id_number_index, id_number_sealed, name, sex, birth_date, "
		"ethnicity, hukou_division, hukou_address, residence_division, residence_address, "
		"flow, management, marital_status, marriage_date, arrival_date, phone_sealed, "
		"possible_duplicate, version, created_at, updated_at) VALUES "
		"(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, 1, ?18, ?18) "
		"ON CONFLICT (id_number_index) DO NOTHING",
	[STMT_PERSON_HISTORY_INSERT] =
		"INSERT INTO person_history (person_id, version, changed_at, actor, field, "
		"old_value, new_value) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[STMT_PERSON_GET] = "SELECT " PERSON_COLUMNS " FROM person WHERE id = ?1",
	[STMT_PERSON_GET_BY_INDEX] = "SELECT " PERSON_COLUMNS " FROM person WHERE id_number_index = ?1",
	[STMT_PERSON_ID_BY_INDEX] = "SELECT id FROM person WHERE id_number_index = ?1",
	[STMT_PERSON_SIMILAR] =
		"SELECT id FROM person WHERE name = ?1 AND birth_date = ?2 "
		"AND substr(hukou_division, 1, 6) = ?3 AND id_number_index <> ?4 ORDER BY id LIMIT ?5",
	[STMT_PERSON_UPDATE] =
		"UPDATE person SET id_number_index = ?1, id_number_sealed = ?2, name = ?3, sex = ?4, "
		"birth_date = ?5, ethnicity = ?6, hukou_division = ?7, hukou_address = ?8, "
		"residence_division = ?9, residence_address = ?10, flow = ?11, management = ?12, "
		"marital_status = ?13, marriage_date = ?14, arrival_date = ?15, phone_sealed = ?16, "
		"possible_duplicate = ?17, version = version + 1, updated_at = ?18 "
		"WHERE id = ?19 AND version = ?20",
	[STMT_PERSON_VERSION] = "SELECT version FROM person WHERE id = ?1",
	[STMT_PERSON_HISTORY] =
		"SELECT version, changed_at, actor, field, old_value, new_value "
		"FROM person_history WHERE person_id = ?1 ORDER BY id",
	[STMT_PERSON_COUNT] = "SELECT count(*) FROM person",
	[STMT_USER_INSERT] =
		"INSERT INTO user_account (username, password_hash, role, scope, created_at, "
		"password_changed_at, organization_id, person_id) VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7)",
	[STMT_USER_GET] = "SELECT " USER_COLUMNS " FROM user_account WHERE username = ?1",
	[STMT_USER_GET_BY_ID] = "SELECT " USER_COLUMNS " FROM user_account WHERE id = ?1",
	[STMT_USER_ALL] = "SELECT " USER_COLUMNS " FROM user_account ORDER BY username",
	[STMT_USER_DISABLE] = "UPDATE user_account SET disabled = 1 WHERE id = ?1",
	[STMT_USER_SET_PASSWORD] =
		"UPDATE user_account SET password_hash = ?2, password_changed_at = ?3, "
		"failed_logins = 0, last_failed_at = 0, locked = 0 WHERE id = ?1",
	[STMT_USER_CLEAR_FAILURES] =
		"UPDATE user_account SET failed_logins = 0, last_failed_at = 0, locked = 0 "
		"WHERE id = ?1",
	[STMT_USER_COUNT_FAILURE] =
		"UPDATE user_account SET failed_logins = failed_logins + 1, last_failed_at = ?2 "
		"WHERE id = ?1 RETURNING failed_logins",
	[STMT_USER_LOCK] = "UPDATE user_account SET locked = 1 WHERE id = ?1",
	[STMT_ADDRESS_GET] =
		"SELECT failures, last_failed_at FROM login_address WHERE address = ?1",
	[STMT_ADDRESS_COUNT_FAILURE] =
		"INSERT INTO login_address (address, failures, last_failed_at) VALUES (?1, 1, ?2) "
		"ON CONFLICT (address) DO UPDATE SET failures = failures + 1, "
		"last_failed_at = excluded.last_failed_at RETURNING failures",
	[STMT_ADDRESS_CLEAR] = "DELETE FROM login_address WHERE address = ?1",
	[STMT_SESSION_INSERT] =
		"INSERT INTO session (token_hash, user_id, csrf_token, address, created_at, "
		"last_seen_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
	[STMT_SESSION_LOOKUP] = CREDENTIAL_COLUMNS("session", "c.csrf_token", "c.last_seen_at",
						   "c.ended_at IS NOT NULL"),
	[STMT_SESSION_TOUCH] = "UPDATE session SET last_seen_at = ?2 WHERE id = ?1",
	[STMT_SESSION_END] =
		"UPDATE session SET ended_at = ?2 WHERE id = ?1 AND ended_at IS NULL",
	[STMT_SESSION_END_USER] =
		"UPDATE session SET ended_at = ?3 WHERE user_id = ?1 AND id <> ?2 "
		"AND ended_at IS NULL",
	[STMT_TOKEN_INSERT] =
		"INSERT INTO api_token (token_hash, user_id, name, created_at) "
		"VALUES (?1, ?2, ?3, ?4)",
	[STMT_TOKEN_LOOKUP] = CREDENTIAL_COLUMNS("api_token", "''", "0",
						 "c.revoked_at IS NOT NULL"),
	[STMT_AUDIT_LAST] = "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1",
	[STMT_AUDIT_INSERT] =
		"INSERT INTO audit (" AUDIT_COLUMNS ", hash) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	[STMT_AUDIT_ALL] = "SELECT " AUDIT_COLUMNS ", hash FROM audit ORDER BY id",
};

enum status store_fail(struct store *store, struct error *err, const char *what)
{
	int code = store && store->db ? sqlite3_extended_errcode(store->db) : 0;
	log_error("database: %s: %s (%d)", what,
		  store && store->db ? sqlite3_errmsg(store->db) : "no handle", code);
	if (code == SQLITE_NOMEM)
		return error_set(err, ST_NO_MEMORY, "", NULL);
	if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED)
		return error_set(err, ST_STORAGE, "", "数据库正忙，请稍后重试");
	if ((code & 0xff) == SQLITE_FULL)
		return error_set(err, ST_STORAGE, "", "磁盘已满，无法写入数据库，请联系系统管理员");
	return error_set(err, ST_STORAGE, "", NULL);
}

enum status store_exec(struct store *store, const char *sql, struct error *err)
{
	if (sqlite3_exec(store->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(store, err, "exec");
	return ST_OK;
}

sqlite3_stmt *store_prepare(struct store *store, const char *sql, struct error *err)
{
	sqlite3_stmt *stmt = NULL;
	if (sqlite3_prepare_v2(store->db, sql, -1, &stmt, NULL) != SQLITE_OK) {
		store_fail(store, err, "prepare");
		return NULL;
	}
	return stmt;
}

sqlite3_stmt *store_statement(struct store *store, enum statement which, struct error *err)
{
	sqlite3_stmt *stmt = store->statements[which];
	if (stmt == NULL) {
		stmt = store_prepare(store, statement_sql[which], err);
		store->statements[which] = stmt;
		return stmt;
	}
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	return stmt;
}

int store_bind_text(sqlite3_stmt *stmt, int index, const char *text)
{
	return sqlite3_bind_text(stmt, index, text ? text : "", -1, SQLITE_STATIC);
}

void store_column_text(sqlite3_stmt *stmt, int column, char *buf, size_t size)
{
	const unsigned char *text = sqlite3_column_text(stmt, column);
	snprintf(buf, size, "%s", text ? (const char *)text : "");
}

void store_key_path(const char *path, char *buf, size_t size)
{
	snprintf(buf, size, "%s.key", path);
}

/* --- transactions ------------------------------------------------------ */

enum status store_begin(struct store *store, struct error *err)
{
	if (store->transaction_depth != 0)
		return error_set(err, ST_STORAGE, "", "事务已经开始");
	if (store_exec(store, "BEGIN IMMEDIATE", err) != ST_OK)
		return err ? err->status : ST_STORAGE;
	store->transaction_depth = 1;
	store->transaction_failed = false;
	return ST_OK;
}

enum status store_commit(struct store *store, struct error *err)
{
	if (store->transaction_depth != 1)
		return error_set(err, ST_STORAGE, "", "没有可提交的事务");
	if (store->transaction_failed) {
		store_rollback(store);
		return error_set(err, ST_STORAGE, "", "事务中有写入失败，已全部撤销，请重试");
	}
	if (store_exec(store, "COMMIT", err) != ST_OK) {
		store_rollback(store);
		return err ? err->status : ST_STORAGE;
	}
	store->transaction_depth = 0;
	return ST_OK;
}

void store_rollback(struct store *store)
{
	if (store->transaction_depth == 0)
		return;
	if (sqlite3_get_autocommit(store->db) == 0)
		sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
	store->transaction_depth = 0;
	store->transaction_failed = false;
}

/*
 * A write joins the caller's transaction without a savepoint: the writers
 * find refusals (duplicate, stale version) before they change anything and
 * then cancel; a failure after a change fails the whole transaction.
 */
enum status store_write_begin(struct store *store, struct error *err)
{
	if (store->transaction_depth == 0)
		return store_begin(store, err);
	store->transaction_depth++;
	return ST_OK;
}

enum status store_write_commit(struct store *store, struct error *err)
{
	if (store->transaction_depth == 1)
		return store_commit(store, err);
	store->transaction_depth--;
	return ST_OK;
}

void store_write_cancel(struct store *store)
{
	if (store->transaction_depth <= 1) {
		store_rollback(store);
		return;
	}
	store->transaction_depth--;
}

void store_write_abort(struct store *store)
{
	if (store->transaction_depth <= 1) {
		store_rollback(store);
		return;
	}
	store->transaction_failed = true;
	store->transaction_depth--;
}

/* --- schema ------------------------------------------------------------ */

int store_schema_latest(void)
{
	return (int)store_migrations_count;
}

int store_schema_version(struct store *store)
{
	return store->schema_version;
}

/* Version of the schema in the database: 0 if it has none yet. */
static enum status read_schema_version(struct store *store, int *version, struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(
		store, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	int rc = sqlite3_step(stmt);
	int exists = rc == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : 0;
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW)
		return store_fail(store, err, "schema lookup");
	*version = 0;
	if (!exists)
		return ST_OK;
	stmt = store_prepare(store, "SELECT max(version) FROM schema_version", err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	if (sqlite3_step(stmt) == SQLITE_ROW)
		*version = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	return ST_OK;
}

/* Applies migration number `number` (1-based) and records it, in one transaction. */
static enum status apply_migration(struct store *store, int number, struct error *err)
{
	const struct embedded_file *file = &store_migrations[number - 1];
	char record[128];
	enum status st = store_begin(store, err);
	if (st != ST_OK)
		return st;
	snprintf(record, sizeof record, "INSERT INTO schema_version (version, applied_at) "
		 "VALUES (%d, strftime('%%s', 'now'))", number);
	if ((st = store_exec(store, "CREATE TABLE IF NOT EXISTS schema_version ("
				    "version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)",
			     err)) != ST_OK ||
	    (st = store_exec(store, (const char *)file->data, err)) != ST_OK ||
	    (st = store_exec(store, record, err)) != ST_OK) {
		log_error("migration %s failed", file->name);
		store_rollback(store);
		return st;
	}
	log_info("applied migration %s", file->name);
	return store_commit(store, err);
}

static enum status migrate(struct store *store, struct error *err)
{
	int version;
	enum status st = read_schema_version(store, &version, err);
	if (st != ST_OK)
		return st;
	if (version > store_schema_latest())
		return error_set(err, ST_SCHEMA_TOO_NEW, "",
				 "数据库结构版本为 %d，本程序只认识到 %d：请升级 liudong 后再打开",
				 version, store_schema_latest());
	for (int n = version + 1; n <= store_schema_latest(); n++)
		if ((st = apply_migration(store, n, err)) != ST_OK)
			return st;
	store->schema_version = store_schema_latest();
	return ST_OK;
}

/* --- open and close ---------------------------------------------------- */

static enum status configure_connection(struct store *store, struct error *err)
{
	sqlite3_busy_timeout(store->db, 5000);
	sqlite3_extended_result_codes(store->db, 1);
	/* journal_mode answers with a row; the others are plain statements. */
	if (store_exec(store, "PRAGMA journal_mode = WAL", err) != ST_OK ||
	    store_exec(store, "PRAGMA foreign_keys = ON", err) != ST_OK ||
	    store_exec(store, "PRAGMA synchronous = FULL", err) != ST_OK ||
	    store_exec(store, "PRAGMA cache_size = -16384", err) != ST_OK ||
	    store_exec(store, "PRAGMA temp_store = MEMORY", err) != ST_OK)
		return err ? err->status : ST_STORAGE;
	return ST_OK;
}

static bool file_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

/* Checks what must and must not exist before opening. */
static enum status check_files(const char *path, const char *key_path, enum store_mode mode,
			       struct error *err)
{
	if (mode == STORE_CREATE) {
		if (file_exists(path))
			return error_set(err, ST_ALREADY_INITIALIZED, "",
					 "数据库文件已存在，不会覆盖：如需重建请先备份并移走原文件");
		if (file_exists(key_path))
			return error_set(err, ST_ALREADY_INITIALIZED, "",
					 "密钥文件已存在而数据库不存在：请确认是否误删了数据库，或先移走旧密钥文件");
		return ST_OK;
	}
	if (!file_exists(path))
		return error_set(err, ST_NOT_INITIALIZED, "", NULL);
	return ST_OK;
}

/*
 * Process-wide SQLite settings, before its first use: no memory statistics,
 * whose global mutex every allocation of every thread would take.
 */
static void configure_library(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	sqlite3_initialize();
}

enum status store_open(const char *path, enum store_mode mode, struct store **out,
		       struct error *err)
{
	static pthread_once_t library_once = PTHREAD_ONCE_INIT;
	pthread_once(&library_once, configure_library);
	char key_path[4096];
	enum status st;
	store_key_path(path, key_path, sizeof key_path);
	*out = NULL;

	if ((st = check_files(path, key_path, mode, err)) != ST_OK)
		return st;
	if ((st = crypto_init(err)) != ST_OK)
		return st;
	struct store *store = calloc(1, sizeof *store);
	if (store == NULL)
		return error_set(err, ST_NO_MEMORY, "", NULL);

	if (mode == STORE_CREATE)
		st = crypto_key_create(key_path, err);
	if (st == ST_OK)
		st = crypto_key_load(key_path, &store->keys, err);
	if (st != ST_OK)
		goto out_free;

	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
		    (mode == STORE_CREATE ? SQLITE_OPEN_CREATE : 0);
	if (sqlite3_open_v2(path, &store->db, flags, NULL) != SQLITE_OK) {
		st = store_fail(store, err, "open");
		goto out_close;
	}
	if ((st = configure_connection(store, err)) != ST_OK)
		goto out_close;
	if ((st = migrate(store, err)) != ST_OK)
		goto out_close;
	if (mode == STORE_OPEN_EXISTING && store->schema_version == 0) {
		st = error_set(err, ST_NOT_INITIALIZED, "", NULL);
		goto out_close;
	}
	*out = store;
	return ST_OK;

out_close:
	sqlite3_close(store->db);
	if (mode == STORE_CREATE) {
		unlink(path);
		unlink(key_path);
	}
out_free:
	crypto_keys_wipe(&store->keys);
	free(store);
	return st;
}

void store_close(struct store *store)
{
	if (store == NULL)
		return;
	store_rollback(store);
	for (int i = 0; i < STMT__COUNT; i++)
		sqlite3_finalize(store->statements[i]);
	for (int i = 0; i < SEARCH_STATEMENTS; i++)
		sqlite3_finalize(store->search_statements[i]);
	sqlite3_close(store->db);
	crypto_keys_wipe(&store->keys);
	free(store);
}

/* --- settings ---------------------------------------------------------- */

enum status store_setting_get(struct store *store, const char *key, char *buf, size_t size,
			      struct error *err)
{
	sqlite3_stmt *stmt = store_statement(store, STMT_SETTING_GET, err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	store_bind_text(stmt, 1, key);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		store_column_text(stmt, 0, buf, size);
		sqlite3_reset(stmt);
		return ST_OK;
	}
	sqlite3_reset(stmt);
	if (rc == SQLITE_DONE)
		return error_set(err, ST_NOT_FOUND, key, "缺少设置项");
	return store_fail(store, err, "setting get");
}

enum status store_setting_set(struct store *store, const char *key, const char *value,
			      struct error *err)
{
	sqlite3_stmt *stmt = store_statement(store, STMT_SETTING_SET, err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	store_bind_text(stmt, 1, key);
	store_bind_text(stmt, 2, value);
	int rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, "setting set");
	return ST_OK;
}

enum status store_size_bytes(struct store *store, int64_t *bytes, struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(
		store, "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	enum status st = ST_OK;
	if (sqlite3_step(stmt) == SQLITE_ROW)
		*bytes = sqlite3_column_int64(stmt, 0);
	else
		st = store_fail(store, err, "size");
	sqlite3_finalize(stmt);
	return st;
}

enum status store_history_row(struct store *store, const char *insert_sql, int64_t id,
			      int64_t version, int64_t now, const char *actor, const char *field,
			      const char *old_value, const char *new_value, struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(store, insert_sql, err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int64(stmt, 2, version);
	sqlite3_bind_int64(stmt, 3, now);
	store_bind_text(stmt, 4, actor);
	store_bind_text(stmt, 5, field);
	if (old_value)
		store_bind_text(stmt, 6, old_value);
	if (new_value)
		store_bind_text(stmt, 7, new_value);
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? ST_OK : store_fail(store, err, "history insert");
}
