/*
 * store/transition.c — transition rows.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain/transition.h"
#include "store/store_internal.h"

static void bind_optional_id(sqlite3_stmt *stmt, int index, int64_t id)
{
	if (id > 0)
		sqlite3_bind_int64(stmt, index, id);
	else
		sqlite3_bind_null(stmt, index);
}

enum status store_transition_insert(struct store *store, struct transition *t,
				    struct error *err)
{
	int64_t now = (int64_t)time(NULL);
	sqlite3_stmt *stmt = store_prepare(
		store,
		"INSERT INTO transition (person_id, kind, effective_on, from_management, "
		"to_management, inquiry_id, certificate_id, destination_division, "
		"destination_address, documents, actor, created_at) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, t->person_id);
	sqlite3_bind_int(stmt, 2, (int)t->kind);
	store_bind_text(stmt, 3, t->effective_on);
	sqlite3_bind_int(stmt, 4, (int)t->from_management);
	sqlite3_bind_int(stmt, 5, (int)t->to_management);
	bind_optional_id(stmt, 6, t->inquiry_id);
	bind_optional_id(stmt, 7, t->certificate_id);
	store_bind_text(stmt, 8, t->destination_division);
	store_bind_text(stmt, 9, t->destination_address);
	store_bind_text(stmt, 10, t->documents);
	store_bind_text(stmt, 11, t->actor);
	sqlite3_bind_int64(stmt, 12, now);
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, "transition insert");
	t->id = sqlite3_last_insert_rowid(store->db);
	t->created_at = now;
	return ST_OK;
}

enum status store_transition_list(struct store *store, int64_t person_id,
				  struct transition *out, size_t max, size_t *count,
				  struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(
		store,
		"SELECT id, person_id, kind, effective_on, from_management, to_management, "
		"inquiry_id, certificate_id, destination_division, destination_address, documents, "
		"actor, created_at FROM transition WHERE person_id = ?1 ORDER BY id DESC",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, person_id);
	int rc = SQLITE_DONE;
	*count = 0;
	while (*count < max && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct transition *t = &out[(*count)++];
		memset(t, 0, sizeof *t);
		t->id = sqlite3_column_int64(stmt, 0);
		t->person_id = sqlite3_column_int64(stmt, 1);
		t->kind = (enum transition_kind)sqlite3_column_int(stmt, 2);
		store_column_text(stmt, 3, t->effective_on, sizeof t->effective_on);
		t->from_management = (enum person_management)sqlite3_column_int(stmt, 4);
		t->to_management = (enum person_management)sqlite3_column_int(stmt, 5);
		t->inquiry_id = sqlite3_column_int64(stmt, 6);
		t->certificate_id = sqlite3_column_int64(stmt, 7);
		store_column_text(stmt, 8, t->destination_division, sizeof t->destination_division);
		store_column_text(stmt, 9, t->destination_address, sizeof t->destination_address);
		store_column_text(stmt, 10, t->documents, sizeof t->documents);
		store_column_text(stmt, 11, t->actor, sizeof t->actor);
		t->created_at = sqlite3_column_int64(stmt, 12);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_fail(store, err, "transition list");
	return ST_OK;
}
