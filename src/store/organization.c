/*
 * store/organization.c — organization rows and their history.
 *
 * The contact phone is sealed here on the way in and opened on the way
 * out, like a departure's (store/outflow.c); in history rows its values are
 * sealed text, like the person's sensitive fields (store/person.c).  The
 * rest of the program only ever sees plain values.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain/organization.h"
#include "store/store_internal.h"

#define SEALED_PHONE_SIZE (CRYPTO_SEAL_OVERHEAD + PERSON_PHONE_SIZE)
#define SEALED_VALUE_SIZE CRYPTO_SEALED_TEXT_SIZE(ORGANIZATION_VALUE_SIZE)
#define HISTORY_CREATED "*"

#define ORGANIZATION_COLUMNS                                                             \
	"id, kind, department, name, credit_code, division, address, responsible_person, " \
	"contact_phone_sealed, version, created_at, updated_at"

/* Reads a row laid out as ORGANIZATION_COLUMNS, opening the sealed phone. */
static enum status read_organization(struct store *store, sqlite3_stmt *stmt,
				     struct organization *o, struct error *err)
{
	memset(o, 0, sizeof *o);
	o->id = sqlite3_column_int64(stmt, 0);
	o->kind = (enum organization_kind)sqlite3_column_int(stmt, 1);
	o->department = (enum organization_department)sqlite3_column_int(stmt, 2);
	store_column_text(stmt, 3, o->name, sizeof o->name);
	store_column_text(stmt, 4, o->credit_code, sizeof o->credit_code);
	store_column_text(stmt, 5, o->division, sizeof o->division);
	store_column_text(stmt, 6, o->address, sizeof o->address);
	store_column_text(stmt, 7, o->responsible_person, sizeof o->responsible_person);
	if (sqlite3_column_type(stmt, 8) == SQLITE_BLOB) {
		enum status st = crypto_open(&store->keys, sqlite3_column_blob(stmt, 8),
					     (size_t)sqlite3_column_bytes(stmt, 8), o->contact_phone,
					     sizeof o->contact_phone, err);
		if (st != ST_OK)
			return st;
	}
	o->version = sqlite3_column_int64(stmt, 9);
	o->created_at = sqlite3_column_int64(stmt, 10);
	o->updated_at = sqlite3_column_int64(stmt, 11);
	return ST_OK;
}

/* Reads at most `max` rows of a bound statement and finalizes it. */
static enum status read_organizations(struct store *store, sqlite3_stmt *stmt,
				      struct organization *out, size_t max, size_t *count,
				      struct error *err)
{
	int rc = SQLITE_DONE;
	enum status st = ST_OK;
	*count = 0;
	while (*count < max && (rc = sqlite3_step(stmt)) == SQLITE_ROW)
		if ((st = read_organization(store, stmt, &out[(*count)++], err)) != ST_OK)
			break;
	sqlite3_finalize(stmt);
	if (st != ST_OK)
		return st;
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_fail(store, err, "organization read");
	return ST_OK;
}

/* Binds the phone of `o` at `index`: sealed into `sealed`, or NULL when none. */
static enum status bind_phone(struct store *store, sqlite3_stmt *stmt, int index,
			      const struct organization *o, unsigned char *sealed, size_t size,
			      struct error *err)
{
	size_t len = strlen(o->contact_phone);
	if (len == 0) {
		sqlite3_bind_null(stmt, index);
		return ST_OK;
	}
	enum status st = crypto_seal(&store->keys, o->contact_phone, len, sealed, size, err);
	if (st == ST_OK)
		sqlite3_bind_blob(stmt, index, sealed, (int)crypto_sealed_size(len), SQLITE_STATIC);
	return st;
}

/* Binds the fields every write has, at 1..7 (credit code NULL when ""). */
static void bind_fields(sqlite3_stmt *stmt, const struct organization *o)
{
	sqlite3_bind_int(stmt, 1, (int)o->kind);
	sqlite3_bind_int(stmt, 2, (int)o->department);
	store_bind_text(stmt, 3, o->name);
	if (o->credit_code[0])
		store_bind_text(stmt, 4, o->credit_code);
	else
		sqlite3_bind_null(stmt, 4);
	store_bind_text(stmt, 5, o->division);
	store_bind_text(stmt, 6, o->address);
	store_bind_text(stmt, 7, o->responsible_person);
}

/* The duplicate: ST_DUPLICATE_ORGANIZATION naming the organization that has the code. */
static enum status duplicate(struct store *store, const char *credit_code, struct error *err)
{
	long long existing = 0;
	sqlite3_stmt *stmt = store_prepare(store, "SELECT id FROM organization WHERE credit_code = ?1",
					   NULL);
	if (stmt != NULL) {
		store_bind_text(stmt, 1, credit_code);
		if (sqlite3_step(stmt) == SQLITE_ROW)
			existing = sqlite3_column_int64(stmt, 0);
		sqlite3_finalize(stmt);
	}
	error_set(err, ST_DUPLICATE_ORGANIZATION, "credit_code", NULL);
	if (err)
		err->related_id = existing;
	return ST_DUPLICATE_ORGANIZATION;
}

/* Adds one history row; a contact phone's values sealed. */
static enum status insert_history(struct store *store, int64_t id, int64_t version, int64_t now,
				  const char *actor, const char *field, const char *old_value,
				  const char *new_value, struct error *err)
{
	char sealed_old[SEALED_VALUE_SIZE], sealed_new[SEALED_VALUE_SIZE];
	enum status st;
	if (strcmp(field, "contact_phone") == 0) {
		if (old_value[0] && (st = crypto_seal_text(&store->keys, old_value, sealed_old,
							   sizeof sealed_old, err)) != ST_OK)
			return st;
		if (new_value[0] && (st = crypto_seal_text(&store->keys, new_value, sealed_new,
							   sizeof sealed_new, err)) != ST_OK)
			return st;
		old_value = old_value[0] ? sealed_old : "";
		new_value = new_value[0] ? sealed_new : "";
	}
	return store_history_row(store,
				 "INSERT INTO organization_history (organization_id, version, changed_at, "
				 "actor, field, old_value, new_value) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
				 id, version, now, actor, field, old_value, new_value, err);
}

enum status store_organization_insert(struct store *store, struct organization *o,
				      const char *actor, struct error *err)
{
	unsigned char sealed[SEALED_PHONE_SIZE];
	int64_t now = (int64_t)time(NULL);
	enum status st;
	sqlite3_stmt *stmt = store_prepare(
		store,
		"INSERT INTO organization (kind, department, name, credit_code, division, address, "
		"responsible_person, contact_phone_sealed, version, created_at, updated_at) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1, ?9, ?9)",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	bind_fields(stmt, o);
	if ((st = bind_phone(store, stmt, 8, o, sealed, sizeof sealed, err)) != ST_OK) {
		sqlite3_finalize(stmt);
		return st;
	}
	sqlite3_bind_int64(stmt, 9, now);
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc == SQLITE_CONSTRAINT_UNIQUE)  /* organization_credit_code */
		return duplicate(store, o->credit_code, err);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, "organization insert");
	o->id = sqlite3_last_insert_rowid(store->db);
	o->version = 1;
	o->created_at = o->updated_at = now;
	return insert_history(store, o->id, 1, now, actor, HISTORY_CREATED, NULL, NULL, err);
}

enum status store_organization_get(struct store *store, int64_t id, struct organization *out,
				   struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(
		store, "SELECT " ORGANIZATION_COLUMNS " FROM organization WHERE id = ?1", err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, id);
	size_t count;
	enum status st = read_organizations(store, stmt, out, 1, &count, err);
	if (st == ST_OK && count == 0)
		st = error_set(err, ST_NOT_FOUND, "id", "单位不存在");
	return st;
}

enum status store_organization_update(struct store *store, struct organization *o,
				      int64_t expected_version,
				      const struct organization_change *changes, size_t count,
				      const char *actor, struct error *err)
{
	unsigned char sealed[SEALED_PHONE_SIZE];
	int64_t now = (int64_t)time(NULL);
	enum status st;
	sqlite3_stmt *stmt = store_prepare(
		store,
		"UPDATE organization SET kind = ?1, department = ?2, name = ?3, credit_code = ?4, "
		"division = ?5, address = ?6, responsible_person = ?7, contact_phone_sealed = ?8, "
		"version = version + 1, updated_at = ?9 WHERE id = ?10 AND version = ?11",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	bind_fields(stmt, o);
	if ((st = bind_phone(store, stmt, 8, o, sealed, sizeof sealed, err)) != ST_OK) {
		sqlite3_finalize(stmt);
		return st;
	}
	sqlite3_bind_int64(stmt, 9, now);
	sqlite3_bind_int64(stmt, 10, o->id);
	sqlite3_bind_int64(stmt, 11, expected_version);
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc == SQLITE_CONSTRAINT_UNIQUE)
		return duplicate(store, o->credit_code, err);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, "organization update");
	if (sqlite3_changes(store->db) == 0)
		return error_set(err, ST_VERSION_CONFLICT, "version",
				 "单位信息已被他人修改，请刷新后在最新版本上修改");
	o->version = expected_version + 1;
	o->updated_at = now;
	for (size_t i = 0; i < count; i++)
		if ((st = insert_history(store, o->id, o->version, now, actor,
					 organization_field_name(changes[i].field),
					 changes[i].old_value, changes[i].new_value, err)) != ST_OK)
			return st;
	return ST_OK;
}

enum status store_organization_search(struct store *store, const struct organization_query *q,
				      struct organization *out, size_t max, size_t *count,
				      struct error *err)
{
	/* ':' follows '9': codes that start with the prefix sort below prefix + ':'. */
	char division_end[DIVISION_CODE_SIZE + 1];
	snprintf(division_end, sizeof division_end, "%s:", q->division);
	sqlite3_stmt *stmt = store_prepare(
		store,
		"SELECT " ORGANIZATION_COLUMNS " FROM organization "
		"WHERE division >= ?1 AND division < ?2 AND (?3 = 0 OR kind = ?3) "
		"AND (?4 = '' OR instr(name, ?4) > 0) AND (?5 = 0 OR id < ?5) "
		"ORDER BY id DESC LIMIT ?6",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	store_bind_text(stmt, 1, q->division);
	store_bind_text(stmt, 2, division_end);
	sqlite3_bind_int(stmt, 3, (int)q->kind);
	store_bind_text(stmt, 4, q->name);
	sqlite3_bind_int64(stmt, 5, q->before_id);
	sqlite3_bind_int64(stmt, 6, (sqlite3_int64)max);
	return read_organizations(store, stmt, out, max, count, err);
}

enum status store_organization_history(struct store *store, int64_t id,
				       organization_history_fn fn, void *ctx, struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(
		store,
		"SELECT version, changed_at, actor, field, old_value, new_value "
		"FROM organization_history WHERE organization_id = ?1 ORDER BY id",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, id);
	struct organization_history_entry entry;
	char field[64], old_value[SEALED_VALUE_SIZE], new_value[SEALED_VALUE_SIZE];
	enum status st = ST_OK;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		memset(&entry, 0, sizeof entry);
		entry.version = sqlite3_column_int64(stmt, 0);
		entry.changed_at = sqlite3_column_int64(stmt, 1);
		store_column_text(stmt, 2, entry.actor, sizeof entry.actor);
		store_column_text(stmt, 3, field, sizeof field);
		store_column_text(stmt, 4, old_value, sizeof old_value);
		store_column_text(stmt, 5, new_value, sizeof new_value);
		entry.created = strcmp(field, HISTORY_CREATED) == 0;
		if (!entry.created && !organization_field_parse(field, &entry.field)) {
			st = error_set(err, ST_INTEGRITY, "field", "单位变更历史中有无法识别的字段");
			break;
		}
		if (!entry.created && entry.field == ORGANIZATION_FIELD_CONTACT_PHONE) {
			if ((old_value[0] && (st = crypto_open_text(&store->keys, old_value,
								  entry.old_value,
								  sizeof entry.old_value, err)) != ST_OK) ||
			    (new_value[0] && (st = crypto_open_text(&store->keys, new_value,
								  entry.new_value,
								  sizeof entry.new_value, err)) != ST_OK))
				break;
		} else {
			snprintf(entry.old_value, sizeof entry.old_value, "%s", old_value);
			snprintf(entry.new_value, sizeof entry.new_value, "%s", new_value);
		}
		if (!fn(&entry, ctx))
			break;
	}
	if (st == ST_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
		st = store_fail(store, err, "organization history");
	sqlite3_finalize(stmt);
	return st;
}
