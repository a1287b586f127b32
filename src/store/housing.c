/*
 * store/housing.c — home and tenancy rows.  A tenancy read comes with its
 * person's name and ID number (opened through store_person_get), for
 * display; they are never stored here.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain/housing.h"
#include "store/store_internal.h"

#define HOME_COLUMNS                                                                   \
	"id, community, address, landlord_person_id, landlord_organization_id, rooms, " \
	"note, version, created_at, updated_at"
#define TENANCY_COLUMNS \
	"id, home_id, person_id, starts_on, ends_on, version, created_at, updated_at"

static void read_home(sqlite3_stmt *stmt, struct home *h)
{
	memset(h, 0, sizeof *h);
	h->id = sqlite3_column_int64(stmt, 0);
	store_column_text(stmt, 1, h->community, sizeof h->community);
	store_column_text(stmt, 2, h->address, sizeof h->address);
	h->landlord_person_id = sqlite3_column_int64(stmt, 3);
	h->landlord_organization_id = sqlite3_column_int64(stmt, 4);
	h->rooms = sqlite3_column_int(stmt, 5);
	store_column_text(stmt, 6, h->note, sizeof h->note);
	h->version = sqlite3_column_int64(stmt, 7);
	h->created_at = sqlite3_column_int64(stmt, 8);
	h->updated_at = sqlite3_column_int64(stmt, 9);
}

/* Reads at most `max` home rows of a bound statement and finalizes it. */
static enum status read_homes(struct store *store, sqlite3_stmt *stmt, struct home *out,
			      size_t max, size_t *count, struct error *err)
{
	int rc = SQLITE_DONE;
	*count = 0;
	while (*count < max && (rc = sqlite3_step(stmt)) == SQLITE_ROW)
		read_home(stmt, &out[(*count)++]);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_fail(store, err, "home read");
	return ST_OK;
}

/* Binds a landlord id at `index`, NULL when 0. */
static void bind_id_or_null(sqlite3_stmt *stmt, int index, int64_t id)
{
	if (id > 0)
		sqlite3_bind_int64(stmt, index, id);
	else
		sqlite3_bind_null(stmt, index);
}

enum status store_home_insert(struct store *store, struct home *h, struct error *err)
{
	int64_t now = (int64_t)time(NULL);
	sqlite3_stmt *stmt = store_prepare(
		store,
		"INSERT INTO home (community, address, landlord_person_id, landlord_organization_id, "
		"rooms, note, version, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7, ?7)",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	store_bind_text(stmt, 1, h->community);
	store_bind_text(stmt, 2, h->address);
	bind_id_or_null(stmt, 3, h->landlord_person_id);
	bind_id_or_null(stmt, 4, h->landlord_organization_id);
	sqlite3_bind_int(stmt, 5, h->rooms);
	store_bind_text(stmt, 6, h->note);
	sqlite3_bind_int64(stmt, 7, now);
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, "home insert");
	h->id = sqlite3_last_insert_rowid(store->db);
	h->version = 1;
	h->created_at = h->updated_at = now;
	return ST_OK;
}

enum status store_home_get(struct store *store, int64_t id, struct home *out, struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(store, "SELECT " HOME_COLUMNS " FROM home WHERE id = ?1",
					   err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, id);
	size_t count;
	enum status st = read_homes(store, stmt, out, 1, &count, err);
	if (st == ST_OK && count == 0)
		st = error_set(err, ST_NOT_FOUND, "id", "房屋不存在");
	return st;
}

enum status store_home_update(struct store *store, struct home *h, int64_t expected_version,
			      struct error *err)
{
	int64_t now = (int64_t)time(NULL);
	sqlite3_stmt *stmt = store_prepare(
		store,
		"UPDATE home SET community = ?1, address = ?2, rooms = ?3, note = ?4, "
		"version = version + 1, updated_at = ?5 WHERE id = ?6 AND version = ?7",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	store_bind_text(stmt, 1, h->community);
	store_bind_text(stmt, 2, h->address);
	sqlite3_bind_int(stmt, 3, h->rooms);
	store_bind_text(stmt, 4, h->note);
	sqlite3_bind_int64(stmt, 5, now);
	sqlite3_bind_int64(stmt, 6, h->id);
	sqlite3_bind_int64(stmt, 7, expected_version);
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, "home update");
	if (sqlite3_changes(store->db) == 0)
		return error_set(err, ST_VERSION_CONFLICT, "version",
				 "房屋信息已被他人修改，请刷新后在最新版本上修改");
	h->version = expected_version + 1;
	h->updated_at = now;
	return ST_OK;
}

enum status store_home_search(struct store *store, const struct home_query *q, struct home *out,
			      size_t max, size_t *count, struct error *err)
{
	/* ':' follows '9': codes that start with the prefix sort below prefix + ':'. */
	char division_end[DIVISION_CODE_SIZE + 1];
	snprintf(division_end, sizeof division_end, "%s:", q->division);
	sqlite3_stmt *stmt = store_prepare(
		store,
		"SELECT " HOME_COLUMNS " FROM home WHERE community >= ?1 AND community < ?2 "
		"AND (?3 = 0 OR landlord_person_id = ?3) AND (?4 = 0 OR landlord_organization_id = ?4) "
		"AND (?5 = 0 OR id < ?5) ORDER BY id DESC LIMIT ?6",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	store_bind_text(stmt, 1, q->division);
	store_bind_text(stmt, 2, division_end);
	sqlite3_bind_int64(stmt, 3, q->landlord_person_id);
	sqlite3_bind_int64(stmt, 4, q->landlord_organization_id);
	sqlite3_bind_int64(stmt, 5, q->before_id);
	sqlite3_bind_int64(stmt, 6, (sqlite3_int64)max);
	return read_homes(store, stmt, out, max, count, err);
}

/* Reads a tenancy row and its person's name and ID number. */
static enum status read_tenancy(struct store *store, sqlite3_stmt *stmt, struct tenancy *t,
				struct error *err)
{
	struct person p;
	memset(t, 0, sizeof *t);
	t->id = sqlite3_column_int64(stmt, 0);
	t->home_id = sqlite3_column_int64(stmt, 1);
	t->person_id = sqlite3_column_int64(stmt, 2);
	store_column_text(stmt, 3, t->starts_on, sizeof t->starts_on);
	store_column_text(stmt, 4, t->ends_on, sizeof t->ends_on);
	t->version = sqlite3_column_int64(stmt, 5);
	t->created_at = sqlite3_column_int64(stmt, 6);
	t->updated_at = sqlite3_column_int64(stmt, 7);
	enum status st = store_person_get(store, t->person_id, &p, err);
	if (st != ST_OK)
		return st;
	snprintf(t->person_name, sizeof t->person_name, "%s", p.name);
	snprintf(t->person_id_number, sizeof t->person_id_number, "%s", p.id_number);
	return ST_OK;
}

static enum status read_tenancies(struct store *store, sqlite3_stmt *stmt, struct tenancy *out,
				  size_t max, size_t *count, struct error *err)
{
	int rc = SQLITE_DONE;
	enum status st = ST_OK;
	*count = 0;
	while (*count < max && (rc = sqlite3_step(stmt)) == SQLITE_ROW)
		if ((st = read_tenancy(store, stmt, &out[(*count)++], err)) != ST_OK)
			break;
	sqlite3_finalize(stmt);
	if (st != ST_OK)
		return st;
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_fail(store, err, "tenancy read");
	return ST_OK;
}

enum status store_tenancy_insert(struct store *store, struct tenancy *t, struct error *err)
{
	int64_t now = (int64_t)time(NULL);
	sqlite3_stmt *stmt = store_prepare(
		store,
		"INSERT INTO tenancy (home_id, person_id, starts_on, ends_on, version, created_at, "
		"updated_at) VALUES (?1, ?2, ?3, '', 1, ?4, ?4)",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, t->home_id);
	sqlite3_bind_int64(stmt, 2, t->person_id);
	store_bind_text(stmt, 3, t->starts_on);
	sqlite3_bind_int64(stmt, 4, now);
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc == SQLITE_CONSTRAINT_UNIQUE)  /* tenancy_current */
		return error_set(err, ST_INVALID_STATE, "person_id",
				 "该人员在这处房屋的租住尚未结束，不必重复登记");
	if (rc != SQLITE_DONE)
		return store_fail(store, err, "tenancy insert");
	t->id = sqlite3_last_insert_rowid(store->db);
	t->ends_on[0] = '\0';
	t->version = 1;
	t->created_at = t->updated_at = now;
	return ST_OK;
}

enum status store_tenancy_get(struct store *store, int64_t id, struct tenancy *out,
			      struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(
		store, "SELECT " TENANCY_COLUMNS " FROM tenancy WHERE id = ?1", err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, id);
	size_t count;
	enum status st = read_tenancies(store, stmt, out, 1, &count, err);
	if (st == ST_OK && count == 0)
		st = error_set(err, ST_NOT_FOUND, "id", "租住记录不存在");
	return st;
}

enum status store_tenancy_end(struct store *store, struct tenancy *t, int64_t expected_version,
			      struct error *err)
{
	int64_t now = (int64_t)time(NULL);
	sqlite3_stmt *stmt = store_prepare(
		store,
		"UPDATE tenancy SET ends_on = ?1, version = version + 1, updated_at = ?2 "
		"WHERE id = ?3 AND version = ?4 AND ends_on = ''",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	store_bind_text(stmt, 1, t->ends_on);
	sqlite3_bind_int64(stmt, 2, now);
	sqlite3_bind_int64(stmt, 3, t->id);
	sqlite3_bind_int64(stmt, 4, expected_version);
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, "tenancy end");
	if (sqlite3_changes(store->db) == 0)
		return error_set(err, ST_VERSION_CONFLICT, "version",
				 "租住记录已被他人修改，请刷新后重试");
	t->version = expected_version + 1;
	t->updated_at = now;
	return ST_OK;
}

enum status store_tenancy_list(struct store *store, int64_t home_id, struct tenancy *out,
			       size_t max, size_t *count, struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(
		store,
		"SELECT " TENANCY_COLUMNS " FROM tenancy WHERE home_id = ?1 ORDER BY id DESC LIMIT ?2",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, home_id);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)max);
	return read_tenancies(store, stmt, out, max, count, err);
}
