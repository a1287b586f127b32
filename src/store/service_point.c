/*
 * store/service_point.c — service point rows (domain/service_point.h).
 * Nothing in them is personal data, so nothing is sealed.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain/service_point.h"
#include "store/store_internal.h"

#define SERVICE_POINT_COLUMNS                                                              \
	"id, kind, name, division, address, services, phone, hours, notice, active, version, " \
	"created_at, updated_at"

static void read_service_point(sqlite3_stmt *stmt, struct service_point *p)
{
	memset(p, 0, sizeof *p);
	p->id = sqlite3_column_int64(stmt, 0);
	p->kind = (enum service_point_kind)sqlite3_column_int(stmt, 1);
	store_column_text(stmt, 2, p->name, sizeof p->name);
	store_column_text(stmt, 3, p->division, sizeof p->division);
	store_column_text(stmt, 4, p->address, sizeof p->address);
	p->services = (unsigned)sqlite3_column_int(stmt, 5);
	store_column_text(stmt, 6, p->phone, sizeof p->phone);
	store_column_text(stmt, 7, p->hours, sizeof p->hours);
	store_column_text(stmt, 8, p->notice, sizeof p->notice);
	p->active = sqlite3_column_int(stmt, 9) != 0;
	p->version = sqlite3_column_int64(stmt, 10);
	p->created_at = sqlite3_column_int64(stmt, 11);
	p->updated_at = sqlite3_column_int64(stmt, 12);
}

/* Reads at most `max` rows of a bound statement and finalizes it. */
static enum status read_service_points(struct store *store, sqlite3_stmt *stmt,
				       struct service_point *out, size_t max, size_t *count,
				       struct error *err)
{
	int rc = SQLITE_DONE;
	*count = 0;
	while (*count < max && (rc = sqlite3_step(stmt)) == SQLITE_ROW)
		read_service_point(stmt, &out[(*count)++]);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_fail(store, err, "service point read");
	return ST_OK;
}

/* Binds the fields every write has, at 1..9. */
static void bind_fields(sqlite3_stmt *stmt, const struct service_point *p)
{
	sqlite3_bind_int(stmt, 1, (int)p->kind);
	store_bind_text(stmt, 2, p->name);
	store_bind_text(stmt, 3, p->division);
	store_bind_text(stmt, 4, p->address);
	sqlite3_bind_int(stmt, 5, (int)p->services);
	store_bind_text(stmt, 6, p->phone);
	store_bind_text(stmt, 7, p->hours);
	store_bind_text(stmt, 8, p->notice);
	sqlite3_bind_int(stmt, 9, p->active ? 1 : 0);
}

enum status store_service_point_insert(struct store *store, struct service_point *p,
				       struct error *err)
{
	int64_t now = (int64_t)time(NULL);
	sqlite3_stmt *stmt = store_prepare(
		store,
		"INSERT INTO service_point (kind, name, division, address, services, phone, hours, "
		"notice, active, version, created_at, updated_at) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 1, ?10, ?10)",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	bind_fields(stmt, p);
	sqlite3_bind_int64(stmt, 10, now);
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, "service point insert");
	p->id = sqlite3_last_insert_rowid(store->db);
	p->version = 1;
	p->created_at = p->updated_at = now;
	return ST_OK;
}

enum status store_service_point_get(struct store *store, int64_t id, struct service_point *out,
				    struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(
		store, "SELECT " SERVICE_POINT_COLUMNS " FROM service_point WHERE id = ?1", err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, id);
	size_t count;
	enum status st = read_service_points(store, stmt, out, 1, &count, err);
	if (st == ST_OK && count == 0)
		st = error_set(err, ST_NOT_FOUND, "id", "服务网点不存在");
	return st;
}

enum status store_service_point_update(struct store *store, struct service_point *p,
				       int64_t expected_version, struct error *err)
{
	int64_t now = (int64_t)time(NULL);
	sqlite3_stmt *stmt = store_prepare(
		store,
		"UPDATE service_point SET kind = ?1, name = ?2, division = ?3, address = ?4, "
		"services = ?5, phone = ?6, hours = ?7, notice = ?8, active = ?9, "
		"version = version + 1, updated_at = ?10 WHERE id = ?11 AND version = ?12",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	bind_fields(stmt, p);
	sqlite3_bind_int64(stmt, 10, now);
	sqlite3_bind_int64(stmt, 11, p->id);
	sqlite3_bind_int64(stmt, 12, expected_version);
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, "service point update");
	if (sqlite3_changes(store->db) == 0)
		return error_set(err, ST_VERSION_CONFLICT, "version",
				 "服务网点信息已被他人修改，请刷新后在最新版本上修改");
	p->version = expected_version + 1;
	p->updated_at = now;
	return ST_OK;
}

enum status store_service_point_search(struct store *store, const struct service_point_query *q,
				       struct service_point *out, size_t max, size_t *count,
				       struct error *err)
{
	/* ':' follows '9': codes that start with the prefix sort below prefix + ':'. */
	char division_end[DIVISION_CODE_SIZE + 1];
	snprintf(division_end, sizeof division_end, "%s:", q->division);
	sqlite3_stmt *stmt = store_prepare(
		store,
		"SELECT " SERVICE_POINT_COLUMNS " FROM service_point "
		"WHERE division >= ?1 AND division < ?2 AND (?3 = 0 OR kind = ?3) "
		"AND (?4 < 0 OR (services >> ?4) & 1 = 1) AND (?5 = 0 OR active = 1) "
		"AND (?6 = 0 OR id < ?6) ORDER BY id DESC LIMIT ?7",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	store_bind_text(stmt, 1, q->division);
	store_bind_text(stmt, 2, division_end);
	sqlite3_bind_int(stmt, 3, (int)q->kind);
	sqlite3_bind_int(stmt, 4, q->service);
	sqlite3_bind_int(stmt, 5, q->active_only ? 1 : 0);
	sqlite3_bind_int64(stmt, 6, q->before_id);
	sqlite3_bind_int64(stmt, 7, (sqlite3_int64)max);
	return read_service_points(store, stmt, out, max, count, err);
}
