/*
 * store/employment.c — employment rows and their history (0009).
 *
 * The worker lists read the employment rows first and then each person
 * through store_person_get, so that the person's sealed fields are opened
 * in one place (store/person.c).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain/employment.h"
#include "store/store_internal.h"

#define HISTORY_CREATED "*"

#define EMPLOYMENT_COLUMNS                                                          \
	"id, person_id, organization_id, job, work_site, site_division, starts_on, " \
	"ends_on, lives_on_site, seasonal, version, created_at, updated_at"

static void read_employment(sqlite3_stmt *stmt, struct employment *e)
{
	memset(e, 0, sizeof *e);
	e->id = sqlite3_column_int64(stmt, 0);
	e->person_id = sqlite3_column_int64(stmt, 1);
	e->organization_id = sqlite3_column_int64(stmt, 2);
	store_column_text(stmt, 3, e->job, sizeof e->job);
	store_column_text(stmt, 4, e->work_site, sizeof e->work_site);
	store_column_text(stmt, 5, e->site_division, sizeof e->site_division);
	store_column_text(stmt, 6, e->starts_on, sizeof e->starts_on);
	store_column_text(stmt, 7, e->ends_on, sizeof e->ends_on);
	e->lives_on_site = sqlite3_column_int(stmt, 8) != 0;
	e->seasonal = sqlite3_column_int(stmt, 9) != 0;
	e->version = sqlite3_column_int64(stmt, 10);
	e->created_at = sqlite3_column_int64(stmt, 11);
	e->updated_at = sqlite3_column_int64(stmt, 12);
}

/* Binds the fields every write has, at 1..7. */
static void bind_fields(sqlite3_stmt *stmt, const struct employment *e)
{
	store_bind_text(stmt, 1, e->job);
	store_bind_text(stmt, 2, e->work_site);
	store_bind_text(stmt, 3, e->site_division);
	store_bind_text(stmt, 4, e->starts_on);
	store_bind_text(stmt, 5, e->ends_on);
	sqlite3_bind_int(stmt, 6, e->lives_on_site ? 1 : 0);
	sqlite3_bind_int(stmt, 7, e->seasonal ? 1 : 0);
}

static enum status already_employed(struct error *err)
{
	return error_set(err, ST_INVALID_STATE, "person_id",
			 "此人已在本单位登记为在职人员；如需变更，请修改原有的用工记录");
}

static enum status insert_history(struct store *store, int64_t id, int64_t version, int64_t now,
				  const char *actor, const char *field, const char *old_value,
				  const char *new_value, struct error *err)
{
	return store_history_row(store,
				 "INSERT INTO employment_history (employment_id, version, changed_at, "
				 "actor, field, old_value, new_value) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
				 id, version, now, actor, field, old_value, new_value, err);
}

enum status store_employment_insert(struct store *store, struct employment *e, const char *actor,
				    struct error *err)
{
	int64_t now = (int64_t)time(NULL);
	sqlite3_stmt *stmt = store_prepare(
		store,
		"INSERT INTO employment (job, work_site, site_division, starts_on, ends_on, "
		"lives_on_site, seasonal, person_id, organization_id, version, created_at, "
		"updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 1, ?10, ?10)",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	bind_fields(stmt, e);
	sqlite3_bind_int64(stmt, 8, e->person_id);
	sqlite3_bind_int64(stmt, 9, e->organization_id);
	sqlite3_bind_int64(stmt, 10, now);
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc == SQLITE_CONSTRAINT_UNIQUE)  /* employment_current */
		return already_employed(err);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, "employment insert");
	e->id = sqlite3_last_insert_rowid(store->db);
	e->version = 1;
	e->created_at = e->updated_at = now;
	return insert_history(store, e->id, 1, now, actor, HISTORY_CREATED, NULL, NULL, err);
}

enum status store_employment_get(struct store *store, int64_t id, struct employment *out,
				 struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(
		store, "SELECT " EMPLOYMENT_COLUMNS " FROM employment WHERE id = ?1", err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, id);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		read_employment(stmt, out);
	sqlite3_finalize(stmt);
	if (rc == SQLITE_DONE)
		return error_set(err, ST_NOT_FOUND, "id", "用工记录不存在");
	return rc == SQLITE_ROW ? ST_OK : store_fail(store, err, "employment get");
}

enum status store_employment_update(struct store *store, struct employment *e,
				    int64_t expected_version,
				    const struct employment_change *changes, size_t count,
				    const char *actor, struct error *err)
{
	int64_t now = (int64_t)time(NULL);
	enum status st;
	sqlite3_stmt *stmt = store_prepare(
		store,
		"UPDATE employment SET job = ?1, work_site = ?2, site_division = ?3, "
		"starts_on = ?4, ends_on = ?5, lives_on_site = ?6, seasonal = ?7, "
		"version = version + 1, updated_at = ?8 WHERE id = ?9 AND version = ?10",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	bind_fields(stmt, e);
	sqlite3_bind_int64(stmt, 8, now);
	sqlite3_bind_int64(stmt, 9, e->id);
	sqlite3_bind_int64(stmt, 10, expected_version);
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc == SQLITE_CONSTRAINT_UNIQUE)
		return already_employed(err);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, "employment update");
	if (sqlite3_changes(store->db) == 0)
		return error_set(err, ST_VERSION_CONFLICT, "version",
				 "用工记录已被他人修改，请刷新后在最新版本上修改");
	e->version = expected_version + 1;
	e->updated_at = now;
	for (size_t i = 0; i < count; i++)
		if ((st = insert_history(store, e->id, e->version, now, actor,
					 employment_field_name(changes[i].field),
					 changes[i].old_value, changes[i].new_value, err)) != ST_OK)
			return st;
	return ST_OK;
}

enum status store_employment_workers(struct store *store, const struct employment_filter *f,
				     struct employment_worker *out, size_t max, size_t *count,
				     struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(
		store,
		"SELECT " EMPLOYMENT_COLUMNS " FROM employment WHERE organization_id = ?1 "
		"AND (?2 = 0 OR ends_on = '') AND (?3 = 0 OR lives_on_site = 1) "
		"AND (?4 = '' OR work_site = ?4) "
		"ORDER BY CASE WHEN ?3 = 0 THEN 0 ELSE 1 END, "
		"CASE WHEN ?3 = 0 THEN -id ELSE 0 END, work_site, starts_on, id LIMIT ?5",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, f->organization_id);
	sqlite3_bind_int(stmt, 2, f->current_only ? 1 : 0);
	sqlite3_bind_int(stmt, 3, f->on_site_only ? 1 : 0);
	store_bind_text(stmt, 4, f->work_site);
	sqlite3_bind_int64(stmt, 5, (sqlite3_int64)max);
	int rc;
	*count = 0;
	while (*count < max && (rc = sqlite3_step(stmt)) == SQLITE_ROW)
		read_employment(stmt, &out[(*count)++].employment);
	sqlite3_finalize(stmt);
	if (*count < max && rc != SQLITE_DONE)
		return store_fail(store, err, "employment workers");
	for (size_t i = 0; i < *count; i++) {
		struct employment_worker *w = &out[i];
		struct person p;
		enum status st = store_person_get(store, w->employment.person_id, &p, err);
		if (st != ST_OK)
			return st;
		memcpy(w->name, p.name, sizeof w->name);
		memcpy(w->id_number, p.id_number, sizeof w->id_number);
		w->sex = p.sex;
		memcpy(w->hukou_division, p.hukou_division, sizeof w->hukou_division);
		memcpy(w->hukou_address, p.hukou_address, sizeof w->hukou_address);
		memcpy(w->marital_status, p.marital_status, sizeof w->marital_status);
	}
	return ST_OK;
}
