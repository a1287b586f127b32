/*
 * store/person_import.c — the records of import runs and their rejected rows.
 *
 * A rejected row's cells are sealed like every ID number at rest; the
 * reason and column are plain (they never carry a cell's value).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/store_internal.h"

#define IMPORT_COLUMNS                                                                     \
	"id, file_hash, file_name, file_bytes, file_kind, encoding, mode, scope, "          \
	"default_community, actor, user_id, state, header, rows_estimate, last_row, created, " \
	"updated, unchanged, rejected, message, started_at, updated_at, finished_at"

static void read_record(sqlite3_stmt *stmt, struct person_import_record *r)
{
	char text[32];
	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(stmt, 0);
	store_column_text(stmt, 1, r->file_hash, sizeof r->file_hash);
	store_column_text(stmt, 2, r->file_name, sizeof r->file_name);
	r->file_bytes = sqlite3_column_int64(stmt, 3);
	store_column_text(stmt, 4, text, sizeof text);
	r->kind = strcmp(text, "xlsx") == 0 ? SHEET_KIND_XLSX : SHEET_KIND_CSV;
	store_column_text(stmt, 5, text, sizeof text);
	r->encoding = strcmp(text, "gb18030") == 0 ? SHEET_ENCODING_GB18030 : SHEET_ENCODING_UTF8;
	store_column_text(stmt, 6, text, sizeof text);
	person_import_mode_parse(text, &r->mode);
	store_column_text(stmt, 7, r->scope, sizeof r->scope);
	store_column_text(stmt, 8, r->default_community, sizeof r->default_community);
	store_column_text(stmt, 9, r->actor, sizeof r->actor);
	r->user_id = sqlite3_column_int64(stmt, 10);
	store_column_text(stmt, 11, text, sizeof text);
	person_import_state_parse(text, &r->state);
	store_column_text(stmt, 12, r->header, sizeof r->header);
	r->rows_estimate = sqlite3_column_int64(stmt, 13);
	r->last_row = sqlite3_column_int64(stmt, 14);
	r->created = sqlite3_column_int64(stmt, 15);
	r->updated = sqlite3_column_int64(stmt, 16);
	r->unchanged = sqlite3_column_int64(stmt, 17);
	r->rejected = sqlite3_column_int64(stmt, 18);
	store_column_text(stmt, 19, r->message, sizeof r->message);
	r->started_at = sqlite3_column_int64(stmt, 20);
	r->updated_at = sqlite3_column_int64(stmt, 21);
	r->finished_at = sqlite3_column_int64(stmt, 22);
}

enum status store_import_insert(struct store *store, struct person_import_record *r,
				struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(
		store,
		"INSERT INTO person_import (file_hash, file_name, file_bytes, file_kind, encoding, "
		"mode, scope, default_community, actor, user_id, state, rows_estimate, started_at, "
		"updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'running', ?11, ?12, ?12)",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	int64_t now = (int64_t)time(NULL);
	store_bind_text(stmt, 1, r->file_hash);
	store_bind_text(stmt, 2, r->file_name);
	sqlite3_bind_int64(stmt, 3, r->file_bytes);
	store_bind_text(stmt, 4, r->kind == SHEET_KIND_XLSX ? "xlsx" : "csv");
	store_bind_text(stmt, 5, sheet_encoding_name(r->encoding));
	store_bind_text(stmt, 6, person_import_mode_name(r->mode));
	store_bind_text(stmt, 7, r->scope);
	store_bind_text(stmt, 8, r->default_community);
	store_bind_text(stmt, 9, r->actor);
	if (r->user_id > 0)
		sqlite3_bind_int64(stmt, 10, r->user_id);
	sqlite3_bind_int64(stmt, 11, r->rows_estimate);
	sqlite3_bind_int64(stmt, 12, now);
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, "import insert");
	r->id = sqlite3_last_insert_rowid(store->db);
	r->state = IMPORT_RUNNING;
	r->started_at = r->updated_at = now;
	return ST_OK;
}

/* Runs a one-row SELECT of IMPORT_COLUMNS; ST_NOT_FOUND if no row. */
static enum status fetch_record(struct store *store, sqlite3_stmt *stmt,
				struct person_import_record *r, struct error *err)
{
	int rc = sqlite3_step(stmt);
	enum status st = ST_OK;
	if (rc == SQLITE_ROW)
		read_record(stmt, r);
	else if (rc == SQLITE_DONE)
		st = error_set(err, ST_NOT_FOUND, "id", "没有这次导入的记录");
	else
		st = store_fail(store, err, "import get");
	sqlite3_finalize(stmt);
	return st;
}

enum status store_import_get(struct store *store, int64_t id, struct person_import_record *r,
			     struct error *err)
{
	sqlite3_stmt *stmt =
		store_prepare(store, "SELECT " IMPORT_COLUMNS " FROM person_import WHERE id = ?1", err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, id);
	return fetch_record(store, stmt, r, err);
}

enum status store_import_find_resumable(struct store *store, const char *file_hash,
					enum import_mode mode, const char *scope,
					const char *default_community,
					struct person_import_record *r, struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(
		store,
		"SELECT " IMPORT_COLUMNS " FROM person_import WHERE file_hash = ?1 AND "
		"state = 'running' AND mode = ?2 AND scope = ?3 AND default_community = ?4 "
		"ORDER BY id DESC LIMIT 1",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	store_bind_text(stmt, 1, file_hash);
	store_bind_text(stmt, 2, person_import_mode_name(mode));
	store_bind_text(stmt, 3, scope);
	store_bind_text(stmt, 4, default_community);
	return fetch_record(store, stmt, r, err);
}

enum status store_import_save(struct store *store, struct person_import_record *r,
			      struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(
		store,
		"UPDATE person_import SET state = ?2, header = ?3, last_row = ?4, created = ?5, "
		"updated = ?6, unchanged = ?7, rejected = ?8, message = ?9, updated_at = ?10, "
		"finished_at = ?11, rows_estimate = ?12 WHERE id = ?1",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	r->updated_at = (int64_t)time(NULL);
	sqlite3_bind_int64(stmt, 1, r->id);
	store_bind_text(stmt, 2, person_import_state_name(r->state));
	store_bind_text(stmt, 3, r->header);
	sqlite3_bind_int64(stmt, 4, r->last_row);
	sqlite3_bind_int64(stmt, 5, r->created);
	sqlite3_bind_int64(stmt, 6, r->updated);
	sqlite3_bind_int64(stmt, 7, r->unchanged);
	sqlite3_bind_int64(stmt, 8, r->rejected);
	store_bind_text(stmt, 9, r->message);
	sqlite3_bind_int64(stmt, 10, r->updated_at);
	sqlite3_bind_int64(stmt, 11, r->finished_at);
	sqlite3_bind_int64(stmt, 12, r->rows_estimate);
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, "import save");
	return ST_OK;
}

enum status store_import_error_insert(struct store *store, int64_t import_id,
				      const struct person_import_error *e, struct error *err)
{
	size_t len = strlen(e->cells);
	size_t sealed_size = CRYPTO_SEALED_TEXT_SIZE(len);
	char *sealed = malloc(sealed_size);
	enum status st;
	if (sealed == NULL)
		return error_set(err, ST_NO_MEMORY, "", NULL);
	if ((st = crypto_seal_text(&store->keys, e->cells, sealed, sealed_size, err)) != ST_OK)
		goto out_free;
	sqlite3_stmt *stmt = store_prepare(
		store,
		"INSERT OR REPLACE INTO person_import_error (import_id, row_number, column_title, "
		"code, reason, cells_sealed) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
		err);
	if (stmt == NULL) {
		st = err ? err->status : ST_STORAGE;
		goto out_free;
	}
	sqlite3_bind_int64(stmt, 1, import_id);
	sqlite3_bind_int64(stmt, 2, e->row_number);
	store_bind_text(stmt, 3, e->column);
	store_bind_text(stmt, 4, e->code);
	store_bind_text(stmt, 5, e->reason);
	store_bind_text(stmt, 6, sealed);
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		st = store_fail(store, err, "import error insert");
out_free:
	free(sealed);
	return st;
}

enum status store_import_errors(struct store *store, int64_t import_id,
				person_import_error_fn fn, void *ctx, struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(
		store,
		"SELECT row_number, column_title, code, reason, cells_sealed FROM "
		"person_import_error WHERE import_id = ?1 ORDER BY row_number",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, import_id);
	enum status st = ST_OK;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct person_import_error e;
		memset(&e, 0, sizeof e);
		e.row_number = sqlite3_column_int64(stmt, 0);
		store_column_text(stmt, 1, e.column, sizeof e.column);
		store_column_text(stmt, 2, e.code, sizeof e.code);
		store_column_text(stmt, 3, e.reason, sizeof e.reason);
		const char *sealed = (const char *)sqlite3_column_text(stmt, 4);
		size_t size = sealed ? strlen(sealed) + 1 : 1;
		e.cells = malloc(size);
		if (e.cells == NULL) {
			st = error_set(err, ST_NO_MEMORY, "", NULL);
			break;
		}
		st = crypto_open_text(&store->keys, sealed ? sealed : "", e.cells, size, err);
		bool go_on = st == ST_OK && fn(&e, ctx);
		free(e.cells);
		if (!go_on)
			break;
	}
	if (st == ST_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
		st = store_fail(store, err, "import errors");
	sqlite3_finalize(stmt);
	return st;
}

enum status store_savepoint(struct store *store, struct error *err)
{
	return store_exec(store, "SAVEPOINT liudong_rows", err);
}

enum status store_savepoint_undo(struct store *store, struct error *err)
{
	return store_exec(store, "ROLLBACK TO liudong_rows; RELEASE liudong_rows", err);
}
