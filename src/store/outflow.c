/*
 * store/outflow.c — departure, feedback and benefit rows.
 *
 * A departure's contact phone is sealed here on the way in and opened on the
 * way out, like the person's phone (store/person.c); the rest of the program
 * only ever sees the plain value.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain/outflow.h"
#include "store/store_internal.h"

#define SEALED_PHONE_SIZE (CRYPTO_SEAL_OVERHEAD + PERSON_PHONE_SIZE)

/* --- departures ------------------------------------------------------------ */

#define DEPARTURE_COLUMNS                                                               \
	"id, person_id, departed_on, destination_division, destination_address, "      \
	"employer_there, contact_phone_sealed, returned_on, note, version, created_at, " \
	"updated_at"

/* Reads a row laid out as DEPARTURE_COLUMNS, opening the sealed phone. */
static enum status read_departure(struct store *store, sqlite3_stmt *stmt, struct departure *d,
				  struct error *err)
{
	memset(d, 0, sizeof *d);
	d->id = sqlite3_column_int64(stmt, 0);
	d->person_id = sqlite3_column_int64(stmt, 1);
	store_column_text(stmt, 2, d->departed_on, sizeof d->departed_on);
	store_column_text(stmt, 3, d->destination_division, sizeof d->destination_division);
	store_column_text(stmt, 4, d->destination_address, sizeof d->destination_address);
	store_column_text(stmt, 5, d->employer_there, sizeof d->employer_there);
	if (sqlite3_column_type(stmt, 6) == SQLITE_BLOB) {
		enum status st = crypto_open(&store->keys, sqlite3_column_blob(stmt, 6),
					     (size_t)sqlite3_column_bytes(stmt, 6), d->contact_phone,
					     sizeof d->contact_phone, err);
		if (st != ST_OK)
			return st;
	}
	store_column_text(stmt, 7, d->returned_on, sizeof d->returned_on);
	store_column_text(stmt, 8, d->note, sizeof d->note);
	d->version = sqlite3_column_int64(stmt, 9);
	d->created_at = sqlite3_column_int64(stmt, 10);
	d->updated_at = sqlite3_column_int64(stmt, 11);
	return ST_OK;
}

/* Reads at most `max` rows of a bound statement and finalizes it. */
static enum status read_departures(struct store *store, sqlite3_stmt *stmt,
				   struct departure *out, size_t max, size_t *count,
				   struct error *err)
{
	int rc = SQLITE_DONE;
	enum status st = ST_OK;
	*count = 0;
	while (*count < max && (rc = sqlite3_step(stmt)) == SQLITE_ROW)
		if ((st = read_departure(store, stmt, &out[(*count)++], err)) != ST_OK)
			break;
	sqlite3_finalize(stmt);
	if (st != ST_OK)
		return st;
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_fail(store, err, "departure read");
	return ST_OK;
}

enum status store_departure_insert(struct store *store, struct departure *d, struct error *err)
{
	unsigned char sealed[SEALED_PHONE_SIZE];
	size_t phone_len = strlen(d->contact_phone);
	int64_t now = (int64_t)time(NULL);
	enum status st;
	if (phone_len > 0 && (st = crypto_seal(&store->keys, d->contact_phone, phone_len, sealed,
					       sizeof sealed, err)) != ST_OK)
		return st;
	sqlite3_stmt *stmt = store_prepare(
		store,
		"INSERT INTO departure (person_id, departed_on, destination_division, "
		"destination_address, employer_there, contact_phone_sealed, returned_on, note, "
		"version, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, '', ?7, 1, ?8, ?8)",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, d->person_id);
	store_bind_text(stmt, 2, d->departed_on);
	store_bind_text(stmt, 3, d->destination_division);
	store_bind_text(stmt, 4, d->destination_address);
	store_bind_text(stmt, 5, d->employer_there);
	if (phone_len > 0)
		sqlite3_bind_blob(stmt, 6, sealed, (int)crypto_sealed_size(phone_len), SQLITE_STATIC);
	else
		sqlite3_bind_null(stmt, 6);
	store_bind_text(stmt, 7, d->note);
	sqlite3_bind_int64(stmt, 8, now);
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc == SQLITE_CONSTRAINT_UNIQUE)  /* departure_open: one open departure per person */
		return error_set(err, ST_NOT_ALLOWED, "departed_on",
				 "该人员上次外出尚未登记返回；请先登记返回，再登记新的外出");
	if (rc != SQLITE_DONE)
		return store_fail(store, err, "departure insert");
	d->id = sqlite3_last_insert_rowid(store->db);
	d->returned_on[0] = '\0';
	d->version = 1;
	d->created_at = d->updated_at = now;
	return ST_OK;
}

enum status store_departure_get(struct store *store, int64_t id, struct departure *out,
				struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(
		store, "SELECT " DEPARTURE_COLUMNS " FROM departure WHERE id = ?1", err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, id);
	size_t count;
	enum status st = read_departures(store, stmt, out, 1, &count, err);
	if (st == ST_OK && count == 0)
		st = error_set(err, ST_NOT_FOUND, "id", "外出登记不存在");
	return st;
}

enum status store_departure_find_open(struct store *store, int64_t person_id,
				      struct departure *out, bool *found, struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(store,
					   "SELECT " DEPARTURE_COLUMNS " FROM departure "
					   "WHERE person_id = ?1 AND returned_on = ''",
					   err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, person_id);
	size_t count;
	enum status st = read_departures(store, stmt, out, 1, &count, err);
	*found = st == ST_OK && count > 0;
	return st;
}

enum status store_departure_update(struct store *store, struct departure *d,
				   int64_t expected_version, struct error *err)
{
	int64_t now = (int64_t)time(NULL);
	sqlite3_stmt *stmt = store_prepare(
		store,
		"UPDATE departure SET returned_on = ?1, version = version + 1, updated_at = ?2 "
		"WHERE id = ?3 AND version = ?4",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	store_bind_text(stmt, 1, d->returned_on);
	sqlite3_bind_int64(stmt, 2, now);
	sqlite3_bind_int64(stmt, 3, d->id);
	sqlite3_bind_int64(stmt, 4, expected_version);
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, "departure update");
	if (sqlite3_changes(store->db) == 0)
		return error_set(err, ST_VERSION_CONFLICT, "version",
				 "外出登记已被他人办理，请刷新后重试");
	d->version = expected_version + 1;
	d->updated_at = now;
	return ST_OK;
}

enum status store_departure_list_for_person(struct store *store, int64_t person_id,
					    struct departure *out, size_t max, size_t *count,
					    struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(store,
					   "SELECT " DEPARTURE_COLUMNS " FROM departure "
					   "WHERE person_id = ?1 ORDER BY id DESC",
					   err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, person_id);
	return read_departures(store, stmt, out, max, count, err);
}

/* --- feedback ---------------------------------------------------------------- */

enum status store_feedback_insert(struct store *store, struct feedback *f, struct error *err)
{
	int64_t now = (int64_t)time(NULL);
	sqlite3_stmt *stmt = store_prepare(
		store,
		"INSERT INTO feedback (person_id, direction, channel, happened_on, counterpart, "
		"content, actor, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, f->person_id);
	sqlite3_bind_int(stmt, 2, (int)f->direction);
	sqlite3_bind_int(stmt, 3, (int)f->channel);
	store_bind_text(stmt, 4, f->happened_on);
	store_bind_text(stmt, 5, f->counterpart);
	store_bind_text(stmt, 6, f->content);
	store_bind_text(stmt, 7, f->actor);
	sqlite3_bind_int64(stmt, 8, now);
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, "feedback insert");
	f->id = sqlite3_last_insert_rowid(store->db);
	f->created_at = now;
	return ST_OK;
}

enum status store_feedback_list_for_person(struct store *store, int64_t person_id,
					   struct feedback *out, size_t max, size_t *count,
					   struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(
		store,
		"SELECT id, person_id, direction, channel, happened_on, counterpart, content, "
		"actor, created_at FROM feedback WHERE person_id = ?1 ORDER BY id DESC",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, person_id);
	int rc = SQLITE_DONE;
	*count = 0;
	while (*count < max && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct feedback *f = &out[(*count)++];
		memset(f, 0, sizeof *f);
		f->id = sqlite3_column_int64(stmt, 0);
		f->person_id = sqlite3_column_int64(stmt, 1);
		f->direction = (enum feedback_direction)sqlite3_column_int(stmt, 2);
		f->channel = (enum feedback_channel)sqlite3_column_int(stmt, 3);
		store_column_text(stmt, 4, f->happened_on, sizeof f->happened_on);
		store_column_text(stmt, 5, f->counterpart, sizeof f->counterpart);
		store_column_text(stmt, 6, f->content, sizeof f->content);
		store_column_text(stmt, 7, f->actor, sizeof f->actor);
		f->created_at = sqlite3_column_int64(stmt, 8);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_fail(store, err, "feedback read");
	return ST_OK;
}

/* --- benefits ------------------------------------------------------------------ */

#define BENEFIT_COLUMNS                                                                \
	"id, person_id, kind, period, amount_fen, state, granted_on, paid_on, note, " \
	"version, created_at, updated_at"

static void read_benefit(sqlite3_stmt *stmt, struct benefit *b)
{
	memset(b, 0, sizeof *b);
	b->id = sqlite3_column_int64(stmt, 0);
	b->person_id = sqlite3_column_int64(stmt, 1);
	b->kind = (enum benefit_kind)sqlite3_column_int(stmt, 2);
	store_column_text(stmt, 3, b->period, sizeof b->period);
	b->amount_fen = sqlite3_column_int64(stmt, 4);
	b->state = (enum benefit_state)sqlite3_column_int(stmt, 5);
	store_column_text(stmt, 6, b->granted_on, sizeof b->granted_on);
	store_column_text(stmt, 7, b->paid_on, sizeof b->paid_on);
	store_column_text(stmt, 8, b->note, sizeof b->note);
	b->version = sqlite3_column_int64(stmt, 9);
	b->created_at = sqlite3_column_int64(stmt, 10);
	b->updated_at = sqlite3_column_int64(stmt, 11);
}

/* Reads at most `max` rows of a bound statement and finalizes it. */
static enum status read_benefits(struct store *store, sqlite3_stmt *stmt, struct benefit *out,
				 size_t max, size_t *count, struct error *err)
{
	int rc = SQLITE_DONE;
	*count = 0;
	while (*count < max && (rc = sqlite3_step(stmt)) == SQLITE_ROW)
		read_benefit(stmt, &out[(*count)++]);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_fail(store, err, "benefit read");
	return ST_OK;
}

enum status store_benefit_insert(struct store *store, struct benefit *b, struct error *err)
{
	int64_t now = (int64_t)time(NULL);
	sqlite3_stmt *stmt = store_prepare(
		store,
		"INSERT INTO benefit (person_id, kind, period, amount_fen, state, granted_on, "
		"paid_on, note, version, created_at, updated_at) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1, ?9, ?9)",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, b->person_id);
	sqlite3_bind_int(stmt, 2, (int)b->kind);
	store_bind_text(stmt, 3, b->period);
	sqlite3_bind_int64(stmt, 4, b->amount_fen);
	sqlite3_bind_int(stmt, 5, (int)b->state);
	store_bind_text(stmt, 6, b->granted_on);
	store_bind_text(stmt, 7, b->paid_on);
	store_bind_text(stmt, 8, b->note);
	sqlite3_bind_int64(stmt, 9, now);
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, "benefit insert");
	b->id = sqlite3_last_insert_rowid(store->db);
	b->version = 1;
	b->created_at = b->updated_at = now;
	return ST_OK;
}

enum status store_benefit_get(struct store *store, int64_t id, struct benefit *out,
			      struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(
		store, "SELECT " BENEFIT_COLUMNS " FROM benefit WHERE id = ?1", err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, id);
	size_t count;
	enum status st = read_benefits(store, stmt, out, 1, &count, err);
	if (st == ST_OK && count == 0)
		st = error_set(err, ST_NOT_FOUND, "id", "奖励优惠记录不存在");
	return st;
}

enum status store_benefit_update(struct store *store, struct benefit *b,
				 int64_t expected_version, struct error *err)
{
	int64_t now = (int64_t)time(NULL);
	sqlite3_stmt *stmt = store_prepare(
		store,
		"UPDATE benefit SET state = ?1, paid_on = ?2, note = ?3, version = version + 1, "
		"updated_at = ?4 WHERE id = ?5 AND version = ?6",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int(stmt, 1, (int)b->state);
	store_bind_text(stmt, 2, b->paid_on);
	store_bind_text(stmt, 3, b->note);
	sqlite3_bind_int64(stmt, 4, now);
	sqlite3_bind_int64(stmt, 5, b->id);
	sqlite3_bind_int64(stmt, 6, expected_version);
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, "benefit update");
	if (sqlite3_changes(store->db) == 0)
		return error_set(err, ST_VERSION_CONFLICT, "version",
				 "奖励优惠记录已被他人办理，请刷新后重试");
	b->version = expected_version + 1;
	b->updated_at = now;
	return ST_OK;
}

enum status store_benefit_list_for_person(struct store *store, int64_t person_id,
					  struct benefit *out, size_t max, size_t *count,
					  struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(store,
					   "SELECT " BENEFIT_COLUMNS " FROM benefit "
					   "WHERE person_id = ?1 ORDER BY id DESC",
					   err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, person_id);
	return read_benefits(store, stmt, out, max, count, err);
}
