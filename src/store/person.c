/*
 * store/person.c — person rows and their history.
 *
 * The ID number and phone are sealed here on the way in and opened on the
 * way out; the rest of the program only ever sees plain values.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "store/store_internal.h"

#define SEALED_ID_SIZE (CRYPTO_SEAL_OVERHEAD + IDCARD_LENGTH)
#define SEALED_PHONE_SIZE (CRYPTO_SEAL_OVERHEAD + PERSON_PHONE_SIZE)
#define HISTORY_CREATED "*"

/* Sealed forms of a person's sensitive fields, alive while a statement runs. */
struct sealed_fields {
	unsigned char id_index[CRYPTO_BLIND_INDEX_SIZE];
	unsigned char id_number[SEALED_ID_SIZE];
	unsigned char phone[SEALED_PHONE_SIZE];
	size_t phone_len;
	char sex[2];
};

static enum status seal_fields(struct store *store, const struct person *p,
			       struct sealed_fields *s, struct error *err)
{
	size_t id_len = strlen(p->id_number), phone_len = strlen(p->phone);
	enum status st;
	crypto_blind_index(&store->keys, CRYPTO_INDEX_ID_NUMBER, p->id_number, id_len,
			   s->id_index);
	if ((st = crypto_seal(&store->keys, p->id_number, id_len, s->id_number,
			      sizeof s->id_number, err)) != ST_OK)
		return st;
	s->phone_len = 0;
	if (phone_len > 0) {
		if ((st = crypto_seal(&store->keys, p->phone, phone_len, s->phone,
				      sizeof s->phone, err)) != ST_OK)
			return st;
		s->phone_len = crypto_sealed_size(phone_len);
	}
	s->sex[0] = p->sex;
	s->sex[1] = '\0';
	return ST_OK;
}

/* Binds parameters 1..17 shared by insert and update (18 is the time). */
static void bind_person(sqlite3_stmt *stmt, const struct person *p,
			const struct sealed_fields *s)
{
	sqlite3_bind_blob(stmt, 1, s->id_index, sizeof s->id_index, SQLITE_STATIC);
	sqlite3_bind_blob(stmt, 2, s->id_number, (int)crypto_sealed_size(strlen(p->id_number)),
			  SQLITE_STATIC);
	store_bind_text(stmt, 3, p->name);
	store_bind_text(stmt, 4, s->sex);
	store_bind_text(stmt, 5, p->birth_date);
	store_bind_text(stmt, 6, p->ethnicity);
	store_bind_text(stmt, 7, p->hukou_division);
	store_bind_text(stmt, 8, p->hukou_address);
	store_bind_text(stmt, 9, p->residence_division);
	store_bind_text(stmt, 10, p->residence_address);
	sqlite3_bind_int(stmt, 11, (int)p->flow);
	sqlite3_bind_int(stmt, 12, (int)p->management);
	store_bind_text(stmt, 13, p->marital_status);
	store_bind_text(stmt, 14, p->marriage_date);
	store_bind_text(stmt, 15, p->arrival_date);
	if (s->phone_len > 0)
		sqlite3_bind_blob(stmt, 16, s->phone, (int)s->phone_len, SQLITE_STATIC);
	else
		sqlite3_bind_null(stmt, 16);
	sqlite3_bind_int(stmt, 17, p->possible_duplicate ? 1 : 0);
}

/* Reads a row laid out as PERSON_COLUMNS, opening the sealed fields. */
static enum status read_person(struct store *store, sqlite3_stmt *stmt, struct person *p,
			       struct error *err)
{
	enum status st;
	memset(p, 0, sizeof *p);
	p->id = sqlite3_column_int64(stmt, 0);
	if ((st = crypto_open(&store->keys, sqlite3_column_blob(stmt, 1),
			      (size_t)sqlite3_column_bytes(stmt, 1), p->id_number,
			      sizeof p->id_number, err)) != ST_OK)
		return st;
	store_column_text(stmt, 2, p->name, sizeof p->name);
	const unsigned char *sex = sqlite3_column_text(stmt, 3);
	p->sex = sex ? (char)sex[0] : '?';
	store_column_text(stmt, 4, p->birth_date, sizeof p->birth_date);
	store_column_text(stmt, 5, p->ethnicity, sizeof p->ethnicity);
	store_column_text(stmt, 6, p->hukou_division, sizeof p->hukou_division);
	store_column_text(stmt, 7, p->hukou_address, sizeof p->hukou_address);
	store_column_text(stmt, 8, p->residence_division, sizeof p->residence_division);
	store_column_text(stmt, 9, p->residence_address, sizeof p->residence_address);
	p->flow = (enum person_flow)sqlite3_column_int(stmt, 10);
	p->management = (enum person_management)sqlite3_column_int(stmt, 11);
	store_column_text(stmt, 12, p->marital_status, sizeof p->marital_status);
	store_column_text(stmt, 13, p->marriage_date, sizeof p->marriage_date);
	store_column_text(stmt, 14, p->arrival_date, sizeof p->arrival_date);
	if (sqlite3_column_type(stmt, 15) != SQLITE_NULL &&
	    (st = crypto_open(&store->keys, sqlite3_column_blob(stmt, 15),
			      (size_t)sqlite3_column_bytes(stmt, 15), p->phone, sizeof p->phone,
			      err)) != ST_OK)
		return st;
	p->possible_duplicate = sqlite3_column_int(stmt, 16) != 0;
	p->version = sqlite3_column_int64(stmt, 17);
	p->created_at = sqlite3_column_int64(stmt, 18);
	p->updated_at = sqlite3_column_int64(stmt, 19);
	return ST_OK;
}

/* Id of the record holding this blind index, or 0. */
static int64_t id_by_index(struct store *store, const unsigned char *index)
{
	sqlite3_stmt *stmt = store_statement(store, STMT_PERSON_ID_BY_INDEX, NULL);
	if (stmt == NULL)
		return 0;
	sqlite3_bind_blob(stmt, 1, index, CRYPTO_BLIND_INDEX_SIZE, SQLITE_STATIC);
	int64_t id = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
	sqlite3_reset(stmt);
	return id;
}

static enum status duplicate_error(struct store *store, const struct sealed_fields *s,
				   struct error *err)
{
	int64_t existing = id_by_index(store, s->id_index);
	error_set(err, ST_DUPLICATE_PERSON, "id_number",
		  "该公民身份号码已有档案（档案编号 %lld），请打开已有档案，不要重复登记",
		  (long long)existing);
	if (err)
		err->related_id = existing;
	return ST_DUPLICATE_PERSON;
}

/* Adds one history row; values of sealed fields are sealed here too. */
static enum status insert_history(struct store *store, int64_t person_id, int64_t version,
				  int64_t when, const char *actor, const char *field,
				  bool sensitive, const char *old_value, const char *new_value,
				  struct error *err)
{
	char sealed_old[CRYPTO_SEALED_TEXT_SIZE(PERSON_VALUE_SIZE)];
	char sealed_new[CRYPTO_SEALED_TEXT_SIZE(PERSON_VALUE_SIZE)];
	enum status st;
	if (sensitive) {
		if (old_value && *old_value &&
		    (st = crypto_seal_text(&store->keys, old_value, sealed_old, sizeof sealed_old,
					   err)) != ST_OK)
			return st;
		if (new_value && *new_value &&
		    (st = crypto_seal_text(&store->keys, new_value, sealed_new, sizeof sealed_new,
					   err)) != ST_OK)
			return st;
		old_value = old_value && *old_value ? sealed_old : old_value;
		new_value = new_value && *new_value ? sealed_new : new_value;
	}
	sqlite3_stmt *stmt = store_statement(store, STMT_PERSON_HISTORY_INSERT, err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, person_id);
	sqlite3_bind_int64(stmt, 2, version);
	sqlite3_bind_int64(stmt, 3, when);
	store_bind_text(stmt, 4, actor);
	store_bind_text(stmt, 5, field);
	if (old_value)
		store_bind_text(stmt, 6, old_value);
	if (new_value)
		store_bind_text(stmt, 7, new_value);
	int rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, "history insert");
	return ST_OK;
}

/*
 * The start both writes share: seal the sensitive fields into `sealed`,
 * begin (or join) the write, and bind parameters 1..18 of statement `which`.
 * On failure nothing is left open.
 */
static enum status begin_person_write(struct store *store, const struct person *p,
				      enum statement which, struct sealed_fields *sealed,
				      int64_t now, sqlite3_stmt **stmt, struct error *err)
{
	enum status st = seal_fields(store, p, sealed, err);
	if (st != ST_OK)
		return st;
	if ((st = store_write_begin(store, err)) != ST_OK)
		return st;
	*stmt = store_statement(store, which, err);
	if (*stmt == NULL) {
		store_write_abort(store);
		return err ? err->status : ST_STORAGE;
	}
	bind_person(*stmt, p, sealed);
	sqlite3_bind_int64(*stmt, 18, now);
	return ST_OK;
}

enum status store_person_insert(struct store *store, struct person *p, const char *actor,
				struct error *err)
{
	struct sealed_fields sealed;
	sqlite3_stmt *stmt;
	int64_t now = (int64_t)time(NULL);
	enum status st = begin_person_write(store, p, STMT_PERSON_INSERT, &sealed, now, &stmt, err);
	if (st != ST_OK)
		return st;
	int rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		st = store_fail(store, err, "person insert");
		goto out_abort;
	}
	if (sqlite3_changes(store->db) == 0) { /* ON CONFLICT DO NOTHING: registered already */
		st = duplicate_error(store, &sealed, err);
		store_write_cancel(store);
		return st;
	}
	int64_t id = sqlite3_last_insert_rowid(store->db);
	if ((st = insert_history(store, id, 1, now, actor, HISTORY_CREATED, false, NULL, NULL,
				 err)) != ST_OK)
		goto out_abort;
	if ((st = store_write_commit(store, err)) != ST_OK)
		return st;
	p->id = id;
	p->version = 1;
	p->created_at = p->updated_at = now;
	return ST_OK;

out_abort:
	store_write_abort(store);
	return st;
}

/* Runs a single-row statement already bound and reads the person. */
static enum status fetch_one(struct store *store, sqlite3_stmt *stmt, struct person *out,
			     struct error *err)
{
	int rc = sqlite3_step(stmt);
	enum status st;
	if (rc == SQLITE_ROW)
		st = read_person(store, stmt, out, err);
	else if (rc == SQLITE_DONE)
		st = error_set(err, ST_NOT_FOUND, "id", "档案不存在");
	else
		st = store_fail(store, err, "person get");
	sqlite3_reset(stmt);
	return st;
}

enum status store_person_get(struct store *store, int64_t id, struct person *out,
			     struct error *err)
{
	sqlite3_stmt *stmt = store_statement(store, STMT_PERSON_GET, err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, id);
	return fetch_one(store, stmt, out, err);
}

enum status store_person_get_by_id_number(struct store *store, const char *id_number,
					  struct person *out, struct error *err)
{
	unsigned char index[CRYPTO_BLIND_INDEX_SIZE];
	crypto_blind_index(&store->keys, CRYPTO_INDEX_ID_NUMBER, id_number, strlen(id_number),
			   index);
	sqlite3_stmt *stmt = store_statement(store, STMT_PERSON_GET_BY_INDEX, err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_blob(stmt, 1, index, sizeof index, SQLITE_STATIC);
	return fetch_one(store, stmt, out, err);
}

enum status store_person_find_similar(struct store *store, const struct person *p,
				      int64_t *ids, size_t max, size_t *count,
				      struct error *err)
{
	unsigned char index[CRYPTO_BLIND_INDEX_SIZE];
	char county[7];
	snprintf(county, sizeof county, "%.6s", p->hukou_division);
	crypto_blind_index(&store->keys, CRYPTO_INDEX_ID_NUMBER, p->id_number,
			   strlen(p->id_number), index);
	sqlite3_stmt *stmt = store_statement(store, STMT_PERSON_SIMILAR, err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	store_bind_text(stmt, 1, p->name);
	store_bind_text(stmt, 2, p->birth_date);
	store_bind_text(stmt, 3, county);
	sqlite3_bind_blob(stmt, 4, index, sizeof index, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 5, (sqlite3_int64)max);
	int rc;
	*count = 0;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW && *count < max)
		ids[(*count)++] = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_fail(store, err, "person similar");
	return ST_OK;
}

/* Tells a stale version from a vanished record after an update hit no row. */
static enum status explain_missed_update(struct store *store, int64_t id, struct error *err)
{
	sqlite3_stmt *stmt = store_statement(store, STMT_PERSON_VERSION, err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, id);
	int rc = sqlite3_step(stmt);
	int64_t current = rc == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
	sqlite3_reset(stmt);
	if (rc == SQLITE_DONE)
		return error_set(err, ST_NOT_FOUND, "id", "档案不存在");
	if (rc != SQLITE_ROW)
		return store_fail(store, err, "person version");
	error_set(err, ST_VERSION_CONFLICT, "version",
		  "档案已被他人修改（当前版本 %lld），请刷新后在最新版本上重新修改",
		  (long long)current);
	return ST_VERSION_CONFLICT;
}

enum status store_person_update(struct store *store, struct person *p,
				int64_t expected_version, const struct person_change *changes,
				size_t count, const char *actor, struct error *err)
{
	struct sealed_fields sealed;
	sqlite3_stmt *stmt;
	int64_t now = (int64_t)time(NULL);
	enum status st = begin_person_write(store, p, STMT_PERSON_UPDATE, &sealed, now, &stmt, err);
	if (st != ST_OK)
		return st;
	sqlite3_bind_int64(stmt, 19, p->id);
	sqlite3_bind_int64(stmt, 20, expected_version);
	int rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	/* A refused statement is undone by SQLite itself: nothing changed. */
	if (rc == SQLITE_CONSTRAINT_UNIQUE) {
		st = duplicate_error(store, &sealed, err);
		store_write_cancel(store);
		return st;
	}
	if (rc != SQLITE_DONE) {
		st = store_fail(store, err, "person update");
		goto out_abort;
	}
	if (sqlite3_changes(store->db) == 0) {
		st = explain_missed_update(store, p->id, err);
		store_write_cancel(store);
		return st;
	}
	int64_t version = expected_version + 1;
	for (size_t i = 0; i < count; i++) {
		const struct person_field_info *info = person_field_info(changes[i].field);
		if ((st = insert_history(store, p->id, version, now, actor, info->name,
					 info->sensitive, changes[i].old_value,
					 changes[i].new_value, err)) != ST_OK)
			goto out_abort;
	}
	if ((st = store_write_commit(store, err)) != ST_OK)
		return st;
	p->version = version;
	p->updated_at = now;
	return ST_OK;

out_abort:
	store_write_abort(store);
	return st;
}

/* --- search ------------------------------------------------------------ */

enum search_filter {
	FILTER_ID_NUMBER = 1 << 0,
	FILTER_NAME = 1 << 1,
	FILTER_DIVISION = 1 << 2,
	FILTER_FLOW = 1 << 3,
	FILTER_MANAGEMENT = 1 << 4,
};

static unsigned query_filters(const struct person_query *q)
{
	unsigned filters = 0;
	if (q->id_number[0])
		filters |= FILTER_ID_NUMBER;
	if (q->name_prefix[0])
		filters |= FILTER_NAME;
	if (q->division[0])
		filters |= FILTER_DIVISION;
	if (q->flow != FLOW_NONE)
		filters |= FILTER_FLOW;
	if (q->management != MANAGEMENT_NONE)
		filters |= FILTER_MANAGEMENT;
	return filters;
}

/* The search statement for a set of filters; parameters keep fixed numbers. */
static sqlite3_stmt *search_statement(struct store *store, unsigned filters, struct error *err)
{
	sqlite3_stmt **slot = &store->search_statements[filters];
	if (*slot != NULL) {
		sqlite3_reset(*slot);
		sqlite3_clear_bindings(*slot);
		return *slot;
	}
	char sql[1024];
	/*
	 * With an ID number or name filter, "+id" keeps SQLite from walking the
	 * primary key and filtering every row: it uses the filter's index and
	 * sorts the few matches instead.
	 */
	bool indexed = filters & (FILTER_ID_NUMBER | FILTER_NAME);
	snprintf(sql, sizeof sql,
		 "SELECT " PERSON_COLUMNS " FROM person WHERE %s > ?1%s%s%s%s%s "
		 "ORDER BY id LIMIT ?9",
		 indexed ? "+id" : "id",
		 filters & FILTER_ID_NUMBER ? " AND id_number_index = ?2" : "",
		 filters & FILTER_NAME ? " AND name >= ?3 AND name < ?4" : "",
		 filters & FILTER_DIVISION
			 ? " AND residence_division >= ?5 AND residence_division < ?6"
			 : "",
		 filters & FILTER_FLOW ? " AND flow = ?7" : "",
		 filters & FILTER_MANAGEMENT ? " AND management = ?8" : "");
	*slot = store_prepare(store, sql, err);
	return *slot;
}

enum status store_person_search(struct store *store, const struct person_query *q,
				struct person *out, size_t max, size_t *count,
				struct error *err)
{
	unsigned filters = query_filters(q);
	unsigned char index[CRYPTO_BLIND_INDEX_SIZE];
	char name_end[PERSON_NAME_SIZE + 4], division_end[DIVISION_CODE_SIZE + 1];
	sqlite3_stmt *stmt = search_statement(store, filters, err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;

	sqlite3_bind_int64(stmt, 1, q->after_id);
	if (filters & FILTER_ID_NUMBER) {
		crypto_blind_index(&store->keys, CRYPTO_INDEX_ID_NUMBER, q->id_number,
				   strlen(q->id_number), index);
		sqlite3_bind_blob(stmt, 2, index, sizeof index, SQLITE_STATIC);
	}
	if (filters & FILTER_NAME) {
		/* Every UTF-8 text that starts with the prefix sorts below prefix + F4 90. */
		snprintf(name_end, sizeof name_end, "%s\xF4\x90", q->name_prefix);
		store_bind_text(stmt, 3, q->name_prefix);
		store_bind_text(stmt, 4, name_end);
	}
	if (filters & FILTER_DIVISION) {
		/* ':' follows '9': codes that start with the prefix sort below prefix + ':'. */
		snprintf(division_end, sizeof division_end, "%s:", q->division);
		store_bind_text(stmt, 5, q->division);
		store_bind_text(stmt, 6, division_end);
	}
	if (filters & FILTER_FLOW)
		sqlite3_bind_int(stmt, 7, (int)q->flow);
	if (filters & FILTER_MANAGEMENT)
		sqlite3_bind_int(stmt, 8, (int)q->management);
	sqlite3_bind_int64(stmt, 9, (sqlite3_int64)max);

	enum status st = ST_OK;
	int rc = SQLITE_DONE;
	*count = 0;
	while (*count < max && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if ((st = read_person(store, stmt, &out[*count], err)) != ST_OK)
			break;
		(*count)++;
	}
	if (st == ST_OK && *count < max && rc != SQLITE_DONE)
		st = store_fail(store, err, "person search");
	sqlite3_reset(stmt);
	return st;
}

enum status store_person_history(struct store *store, int64_t id, person_history_fn fn,
				 void *ctx, struct error *err)
{
	sqlite3_stmt *stmt = store_statement(store, STMT_PERSON_HISTORY, err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, id);
	struct person_history_entry entry;
	enum status st = ST_OK;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		char field[64], old_value[CRYPTO_SEALED_TEXT_SIZE(PERSON_VALUE_SIZE)],
			new_value[CRYPTO_SEALED_TEXT_SIZE(PERSON_VALUE_SIZE)];
		memset(&entry, 0, sizeof entry);
		entry.version = sqlite3_column_int64(stmt, 0);
		entry.changed_at = sqlite3_column_int64(stmt, 1);
		store_column_text(stmt, 2, entry.actor, sizeof entry.actor);
		store_column_text(stmt, 3, field, sizeof field);
		store_column_text(stmt, 4, old_value, sizeof old_value);
		store_column_text(stmt, 5, new_value, sizeof new_value);
		entry.field = PERSON_FIELD_COUNT;
		bool sensitive = false;
		if (strcmp(field, HISTORY_CREATED) != 0) {
			if (!person_field_by_name(field, &entry.field)) {
				st = error_set(err, ST_INTEGRITY, "field", "历史记录中有无法识别的字段");
				break;
			}
			sensitive = person_field_info(entry.field)->sensitive;
		}
		if (sensitive) {
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
		st = store_fail(store, err, "person history");
	sqlite3_reset(stmt);
	return st;
}

enum status store_person_count(struct store *store, int64_t *count, struct error *err)
{
	sqlite3_stmt *stmt = store_statement(store, STMT_PERSON_COUNT, err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	enum status st = ST_OK;
	if (sqlite3_step(stmt) == SQLITE_ROW)
		*count = sqlite3_column_int64(stmt, 0);
	else
		st = store_fail(store, err, "person count");
	sqlite3_reset(stmt);
	return st;
}

enum status store_person_check_sealed(struct store *store, store_problem_fn report, void *ctx,
				      size_t *problems, struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(store, "SELECT " PERSON_COLUMNS " FROM person", err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	struct person p;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (read_person(store, stmt, &p, NULL) != ST_OK) {
			char line[160];
			snprintf(line, sizeof line, "档案 %lld 的加密字段无法解开（密钥不匹配或数据被改动）",
				 (long long)sqlite3_column_int64(stmt, 0));
			if (report)
				report(line, ctx);
			(*problems)++;
		}
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, "check sealed");
	return ST_OK;
}
