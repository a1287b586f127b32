/*
 * store/visit.c — joint registration visits, their persons and history
 * (migration 0011).
 *
 * The fields of both parts travel as text (struct visit's values); the
 * count of women of childbearing age is an INTEGER column, NULL when "".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/visit.h"
#include "store/store_internal.h"

#define HISTORY_CREATED "*"

#define VISIT_COLUMNS                                                                     \
	"id, community, address, visited_on, police_officer, community_officer, "         \
	"household_type, residence_permit, police_note, women_of_childbearing_age, "      \
	"contraception_note, certificate_note, fp_note, police_version, fp_version, "     \
	"created_at, updated_at"

/* Column of the first field in VISIT_COLUMNS; the others follow in enum visit_field order. */
#define FIRST_FIELD_COLUMN 6

/* Reads a row laid out as VISIT_COLUMNS (no persons). */
static void read_visit(sqlite3_stmt *stmt, struct visit *v)
{
	memset(v, 0, sizeof *v);
	v->id = sqlite3_column_int64(stmt, 0);
	store_column_text(stmt, 1, v->community, sizeof v->community);
	store_column_text(stmt, 2, v->address, sizeof v->address);
	store_column_text(stmt, 3, v->visited_on, sizeof v->visited_on);
	store_column_text(stmt, 4, v->police_officer, sizeof v->police_officer);
	store_column_text(stmt, 5, v->community_officer, sizeof v->community_officer);
	for (int f = 0; f < VISIT_FIELD_COUNT; f++)
		store_column_text(stmt, FIRST_FIELD_COLUMN + f, v->values[f], sizeof v->values[f]);
	v->police_version = sqlite3_column_int64(stmt, 13);
	v->fp_version = sqlite3_column_int64(stmt, 14);
	v->created_at = sqlite3_column_int64(stmt, 15);
	v->updated_at = sqlite3_column_int64(stmt, 16);
}

/* Binds field `f` of `v` at `index`: the count as an integer or NULL, the rest as text. */
static void bind_field(sqlite3_stmt *stmt, int index, const struct visit *v, enum visit_field f)
{
	if (f != VISIT_FIELD_WOMEN_OF_CHILDBEARING_AGE)
		store_bind_text(stmt, index, v->values[f]);
	else if (v->values[f][0])
		sqlite3_bind_int64(stmt, index, strtoll(v->values[f], NULL, 10));
	else
		sqlite3_bind_null(stmt, index);
}

/* Adds one history row. */
static enum status insert_history(struct store *store, int64_t id, const char *part,
				  int64_t version, int64_t now, const char *actor,
				  const char *field, const char *old_value, const char *new_value,
				  struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(
		store,
		"INSERT INTO joint_visit_history (visit_id, part, version, changed_at, actor, field, "
		"old_value, new_value) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, id);
	store_bind_text(stmt, 2, part);
	sqlite3_bind_int64(stmt, 3, version);
	sqlite3_bind_int64(stmt, 4, now);
	store_bind_text(stmt, 5, actor);
	store_bind_text(stmt, 6, field);
	if (old_value)
		store_bind_text(stmt, 7, old_value);
	if (new_value)
		store_bind_text(stmt, 8, new_value);
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? ST_OK : store_fail(store, err, "visit history insert");
}

/* Links one person to visit `id`. */
static enum status insert_person(struct store *store, int64_t id, const struct visit_person *p,
				 struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(
		store,
		"INSERT INTO joint_visit_person (visit_id, person_id, relation) VALUES (?1, ?2, ?3)",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int64(stmt, 2, p->person_id);
	store_bind_text(stmt, 3, visit_relation_name(p->relation));
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? ST_OK : store_fail(store, err, "visit person insert");
}

enum status store_visit_insert(struct store *store, struct visit *v, const char *actor,
			       struct error *err)
{
	int64_t now = (int64_t)time(NULL);
	enum status st;
	sqlite3_stmt *stmt = store_prepare(
		store,
		"INSERT INTO joint_visit (community, address, visited_on, police_officer, "
		"community_officer, household_type, residence_permit, police_note, "
		"women_of_childbearing_age, contraception_note, certificate_note, fp_note, "
		"police_version, fp_version, created_at, updated_at) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 1, 1, ?13, ?13)",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	store_bind_text(stmt, 1, v->community);
	store_bind_text(stmt, 2, v->address);
	store_bind_text(stmt, 3, v->visited_on);
	store_bind_text(stmt, 4, v->police_officer);
	store_bind_text(stmt, 5, v->community_officer);
	for (int f = 0; f < VISIT_FIELD_COUNT; f++)
		bind_field(stmt, 6 + f, v, (enum visit_field)f);
	sqlite3_bind_int64(stmt, 13, now);
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, "visit insert");
	v->id = sqlite3_last_insert_rowid(store->db);
	v->police_version = v->fp_version = 1;
	v->created_at = v->updated_at = now;
	for (size_t i = 0; i < v->person_count; i++)
		if ((st = insert_person(store, v->id, &v->persons[i], err)) != ST_OK)
			return st;
	return insert_history(store, v->id, "visit", 1, now, actor, HISTORY_CREATED, NULL, NULL,
			      err);
}

/* The persons of visit `v->id`, in the order they were linked. */
static enum status read_persons(struct store *store, struct visit *v, struct error *err)
{
	char relation[16];
	sqlite3_stmt *stmt = store_prepare(
		store,
		"SELECT person_id, relation FROM joint_visit_person WHERE visit_id = ?1 ORDER BY rowid",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, v->id);
	int rc;
	v->person_count = 0;
	while (v->person_count < VISIT_PERSONS_MAX && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct visit_person *p = &v->persons[v->person_count++];
		memset(p, 0, sizeof *p);
		p->person_id = sqlite3_column_int64(stmt, 0);
		store_column_text(stmt, 1, relation, sizeof relation);
		visit_relation_parse(relation, &p->relation);
	}
	sqlite3_finalize(stmt);
	if (v->person_count < VISIT_PERSONS_MAX && rc != SQLITE_DONE)
		return store_fail(store, err, "visit persons");
	return ST_OK;
}

enum status store_visit_get(struct store *store, int64_t id, struct visit *out,
			    struct error *err)
{
	sqlite3_stmt *stmt =
		store_prepare(store, "SELECT " VISIT_COLUMNS " FROM joint_visit WHERE id = ?1", err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, id);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		read_visit(stmt, out);
	sqlite3_finalize(stmt);
	if (rc == SQLITE_DONE)
		return error_set(err, ST_NOT_FOUND, "id", "走访记录不存在");
	if (rc != SQLITE_ROW)
		return store_fail(store, err, "visit get");
	return read_persons(store, out, err);
}

enum status store_visit_update_part(struct store *store, struct visit *v, int part,
				    int64_t expected_version, const struct visit_change *changes,
				    size_t count, const char *actor, struct error *err)
{
	int64_t now = (int64_t)time(NULL);
	bool police = part == VISIT_PART_POLICE;
	enum status st;
	sqlite3_stmt *stmt = store_prepare(
		store,
		police ? "UPDATE joint_visit SET household_type = ?1, residence_permit = ?2, "
			 "police_note = ?3, police_officer = ?5, police_version = police_version + 1, "
			 "updated_at = ?6 WHERE id = ?7 AND police_version = ?8"
		       : "UPDATE joint_visit SET women_of_childbearing_age = ?1, "
			 "contraception_note = ?2, certificate_note = ?3, fp_note = ?4, "
			 "community_officer = ?5, fp_version = fp_version + 1, updated_at = ?6 "
			 "WHERE id = ?7 AND fp_version = ?8",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	int first = police ? VISIT_FIELD_HOUSEHOLD_TYPE : VISIT_FIELD_WOMEN_OF_CHILDBEARING_AGE;
	int last = police ? VISIT_FIELD_POLICE_NOTE : VISIT_FIELD_FP_NOTE;
	for (int f = first; f <= last; f++)
		bind_field(stmt, 1 + f - first, v, (enum visit_field)f);
	store_bind_text(stmt, 5, police ? v->police_officer : v->community_officer);
	sqlite3_bind_int64(stmt, 6, now);
	sqlite3_bind_int64(stmt, 7, v->id);
	sqlite3_bind_int64(stmt, 8, expected_version);
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, "visit update");
	if (sqlite3_changes(store->db) == 0)
		return error_set(err, ST_VERSION_CONFLICT, "version",
				 "走访记录已被他人修改，请刷新后在最新版本上修改");
	int64_t version = expected_version + 1;
	if (police)
		v->police_version = version;
	else
		v->fp_version = version;
	v->updated_at = now;
	for (size_t i = 0; i < count; i++)
		if ((st = insert_history(store, v->id, visit_part_name((enum visit_part)part), version,
					 now, actor, visit_field_name(changes[i].field),
					 changes[i].old_value, changes[i].new_value, err)) != ST_OK)
			return st;
	return ST_OK;
}

enum status store_visit_add_person(struct store *store, struct visit *v,
				   const struct visit_person *person, const char *actor,
				   struct error *err)
{
	int64_t now = (int64_t)time(NULL);
	char linked[64];
	enum status st = insert_person(store, v->id, person, err);
	if (st != ST_OK)
		return st;
	sqlite3_stmt *stmt =
		store_prepare(store, "UPDATE joint_visit SET updated_at = ?1 WHERE id = ?2", err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, now);
	sqlite3_bind_int64(stmt, 2, v->id);
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, "visit touch");
	v->updated_at = now;
	snprintf(linked, sizeof linked, "%lld %s", (long long)person->person_id,
		 visit_relation_name(person->relation));
	return insert_history(store, v->id, "visit", 0, now, actor, "person", NULL, linked, err);
}

enum status store_visit_search(struct store *store, const struct visit_query *q,
			       struct visit *out, size_t max, size_t *count, struct error *err)
{
	/* ':' follows '9': codes that start with the prefix sort below prefix + ':'. */
	char division_end[DIVISION_CODE_SIZE + 1];
	snprintf(division_end, sizeof division_end, "%s:", q->division);
	sqlite3_stmt *stmt = store_prepare(
		store,
		"SELECT " VISIT_COLUMNS " FROM joint_visit "
		"WHERE community >= ?1 AND community < ?2 AND (?3 = '' OR visited_on >= ?3) "
		"AND (?4 = '' OR visited_on <= ?4) AND (?5 = 0 OR id < ?5) "
		"ORDER BY id DESC LIMIT ?6",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	store_bind_text(stmt, 1, q->division);
	store_bind_text(stmt, 2, division_end);
	store_bind_text(stmt, 3, q->from);
	store_bind_text(stmt, 4, q->to);
	sqlite3_bind_int64(stmt, 5, q->before_id);
	sqlite3_bind_int64(stmt, 6, (sqlite3_int64)max);
	int rc = SQLITE_DONE;
	*count = 0;
	while (*count < max && (rc = sqlite3_step(stmt)) == SQLITE_ROW)
		read_visit(stmt, &out[(*count)++]);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_fail(store, err, "visit search");
	return ST_OK;
}
