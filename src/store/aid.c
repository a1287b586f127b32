/*
 * store/aid.c — aid rows (domain/aid.h).
 */
#include <string.h>
#include <time.h>

#include "domain/aid.h"
#include "store/store_internal.h"

#define AID_COLUMNS                                                                    \
	"id, service_point_id, person_id, recipient_name, items, amount, given_on, "   \
	"given_by, created_at"

static void read_aid(sqlite3_stmt *stmt, struct aid *a)
{
	memset(a, 0, sizeof *a);
	a->id = sqlite3_column_int64(stmt, 0);
	a->service_point_id = sqlite3_column_int64(stmt, 1);
	a->person_id = sqlite3_column_int64(stmt, 2);  /* NULL reads as 0 */
	store_column_text(stmt, 3, a->recipient_name, sizeof a->recipient_name);
	store_column_text(stmt, 4, a->items, sizeof a->items);
	a->amount = sqlite3_column_type(stmt, 5) == SQLITE_NULL ? -1
							       : sqlite3_column_int64(stmt, 5);
	store_column_text(stmt, 6, a->given_on, sizeof a->given_on);
	store_column_text(stmt, 7, a->given_by, sizeof a->given_by);
	a->created_at = sqlite3_column_int64(stmt, 8);
}

enum status store_aid_insert(struct store *store, struct aid *a, struct error *err)
{
	int64_t now = (int64_t)time(NULL);
	sqlite3_stmt *stmt = store_prepare(
		store,
		"INSERT INTO aid (service_point_id, person_id, recipient_name, items, amount, "
		"given_on, given_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, a->service_point_id);
	if (a->person_id > 0)
		sqlite3_bind_int64(stmt, 2, a->person_id);
	else
		sqlite3_bind_null(stmt, 2);
	store_bind_text(stmt, 3, a->recipient_name);
	store_bind_text(stmt, 4, a->items);
	if (a->amount >= 0)
		sqlite3_bind_int64(stmt, 5, a->amount);
	else
		sqlite3_bind_null(stmt, 5);
	store_bind_text(stmt, 6, a->given_on);
	store_bind_text(stmt, 7, a->given_by);
	sqlite3_bind_int64(stmt, 8, now);
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, "aid insert");
	a->id = sqlite3_last_insert_rowid(store->db);
	a->created_at = now;
	return ST_OK;
}

enum status store_aid_list(struct store *store, int64_t point_id, int64_t before_id,
			   struct aid *out, size_t max, size_t *count, struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(
		store,
		"SELECT " AID_COLUMNS " FROM aid WHERE service_point_id = ?1 "
		"AND (?2 = 0 OR id < ?2) ORDER BY id DESC LIMIT ?3",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, point_id);
	sqlite3_bind_int64(stmt, 2, before_id);
	sqlite3_bind_int64(stmt, 3, (sqlite3_int64)max);
	int rc = SQLITE_DONE;
	*count = 0;
	while (*count < max && (rc = sqlite3_step(stmt)) == SQLITE_ROW)
		read_aid(stmt, &out[(*count)++]);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_fail(store, err, "aid list");
	return ST_OK;
}
