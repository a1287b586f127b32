/*
 * store/complaint.c — complaint rows (domain/complaint.h).
 *
 * The complainant's phone is sealed here on the way in and opened on the
 * way out, like an organization's contact phone (store/organization.c);
 * the rest of the program only ever sees plain values.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain/complaint.h"
#include "store/store_internal.h"

#define SEALED_PHONE_SIZE (CRYPTO_SEAL_OVERHEAD + PERSON_PHONE_SIZE)

#define COMPLAINT_COLUMNS                                                                  \
	"id, code, channel, category, subject, content, complainant_name, "                \
	"complainant_phone_sealed, respondent, office, received_on, due_on, state, reply, " \
	"outcome, reopened, reopen_reason, version, created_at, updated_at"

/* Reads a row laid out as COMPLAINT_COLUMNS, opening the sealed phone. */
static enum status read_complaint(struct store *store, sqlite3_stmt *stmt, struct complaint *c,
				  struct error *err)
{
	memset(c, 0, sizeof *c);
	c->id = sqlite3_column_int64(stmt, 0);
	store_column_text(stmt, 1, c->code, sizeof c->code);
	c->channel = (enum complaint_channel)sqlite3_column_int(stmt, 2);
	c->category = (enum complaint_category)sqlite3_column_int(stmt, 3);
	store_column_text(stmt, 4, c->subject, sizeof c->subject);
	store_column_text(stmt, 5, c->content, sizeof c->content);
	store_column_text(stmt, 6, c->complainant_name, sizeof c->complainant_name);
	if (sqlite3_column_type(stmt, 7) == SQLITE_BLOB) {
		enum status st = crypto_open(&store->keys, sqlite3_column_blob(stmt, 7),
					     (size_t)sqlite3_column_bytes(stmt, 7),
					     c->complainant_phone, sizeof c->complainant_phone, err);
		if (st != ST_OK)
			return st;
	}
	store_column_text(stmt, 8, c->respondent, sizeof c->respondent);
	store_column_text(stmt, 9, c->office, sizeof c->office);
	store_column_text(stmt, 10, c->received_on, sizeof c->received_on);
	store_column_text(stmt, 11, c->due_on, sizeof c->due_on);
	c->state = (enum complaint_state)sqlite3_column_int(stmt, 12);
	store_column_text(stmt, 13, c->reply, sizeof c->reply);
	store_column_text(stmt, 14, c->outcome, sizeof c->outcome);
	c->reopened = sqlite3_column_int(stmt, 15);
	store_column_text(stmt, 16, c->reopen_reason, sizeof c->reopen_reason);
	c->version = sqlite3_column_int64(stmt, 17);
	c->created_at = sqlite3_column_int64(stmt, 18);
	c->updated_at = sqlite3_column_int64(stmt, 19);
	return ST_OK;
}

/* Reads at most `max` rows of a bound statement and finalizes it. */
static enum status read_complaints(struct store *store, sqlite3_stmt *stmt,
				   struct complaint *out, size_t max, size_t *count,
				   struct error *err)
{
	int rc = SQLITE_DONE;
	enum status st = ST_OK;
	*count = 0;
	while (*count < max && (rc = sqlite3_step(stmt)) == SQLITE_ROW)
		if ((st = read_complaint(store, stmt, &out[(*count)++], err)) != ST_OK)
			break;
	sqlite3_finalize(stmt);
	if (st != ST_OK)
		return st;
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_fail(store, err, "complaint read");
	return ST_OK;
}

enum status store_complaint_insert(struct store *store, struct complaint *c, struct error *err)
{
	int64_t now = (int64_t)time(NULL);
	unsigned char sealed[SEALED_PHONE_SIZE];
	enum status st;
	sqlite3_stmt *stmt = store_prepare(
		store,
		"INSERT INTO complaint (code, channel, category, subject, content, complainant_name, "
		"complainant_phone_sealed, respondent, office, received_on, due_on, state, reply, "
		"outcome, reopened, reopen_reason, version, created_at, updated_at) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?17, 1, ?16, "
		"?16)",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	store_bind_text(stmt, 1, c->code);
	sqlite3_bind_int(stmt, 2, (int)c->channel);
	sqlite3_bind_int(stmt, 3, (int)c->category);
	store_bind_text(stmt, 4, c->subject);
	store_bind_text(stmt, 5, c->content);
	store_bind_text(stmt, 6, c->complainant_name);
	size_t len = strlen(c->complainant_phone);
	if (len == 0) {
		sqlite3_bind_null(stmt, 7);
	} else if ((st = crypto_seal(&store->keys, c->complainant_phone, len, sealed,
				     sizeof sealed, err)) != ST_OK) {
		sqlite3_finalize(stmt);
		return st;
	} else {
		sqlite3_bind_blob(stmt, 7, sealed, (int)crypto_sealed_size(len), SQLITE_STATIC);
	}
	store_bind_text(stmt, 8, c->respondent);
	store_bind_text(stmt, 9, c->office);
	store_bind_text(stmt, 10, c->received_on);
	store_bind_text(stmt, 11, c->due_on);
	sqlite3_bind_int(stmt, 12, (int)c->state);
	store_bind_text(stmt, 13, c->reply);
	store_bind_text(stmt, 14, c->outcome);
	sqlite3_bind_int(stmt, 15, c->reopened);
	sqlite3_bind_int64(stmt, 16, now);
	store_bind_text(stmt, 17, c->reopen_reason);
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, "complaint insert");
	c->id = sqlite3_last_insert_rowid(store->db);
	c->version = 1;
	c->created_at = c->updated_at = now;
	return ST_OK;
}

enum status store_complaint_get(struct store *store, int64_t id, const char *code,
				struct complaint *out, struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(
		store,
		"SELECT " COMPLAINT_COLUMNS " FROM complaint WHERE (?1 > 0 AND id = ?1) "
		"OR (?1 = 0 AND code = ?2)",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, id);
	store_bind_text(stmt, 2, code ? code : "");
	size_t count;
	enum status st = read_complaints(store, stmt, out, 1, &count, err);
	if (st == ST_OK && count == 0)
		st = error_set(err, ST_NOT_FOUND, id ? "id" : "code", "投诉不存在");
	return st;
}

enum status store_complaint_update(struct store *store, struct complaint *c,
				   int64_t expected_version, struct error *err)
{
	int64_t now = (int64_t)time(NULL);
	sqlite3_stmt *stmt = store_prepare(
		store,
		"UPDATE complaint SET office = ?1, state = ?2, reply = ?3, outcome = ?4, "
		"reopened = ?5, reopen_reason = ?9, version = version + 1, updated_at = ?6 "
		"WHERE id = ?7 AND version = ?8",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	store_bind_text(stmt, 1, c->office);
	sqlite3_bind_int(stmt, 2, (int)c->state);
	store_bind_text(stmt, 3, c->reply);
	store_bind_text(stmt, 4, c->outcome);
	sqlite3_bind_int(stmt, 5, c->reopened);
	sqlite3_bind_int64(stmt, 6, now);
	sqlite3_bind_int64(stmt, 7, c->id);
	sqlite3_bind_int64(stmt, 8, expected_version);
	store_bind_text(stmt, 9, c->reopen_reason);
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, "complaint update");
	if (sqlite3_changes(store->db) == 0)
		return error_set(err, ST_VERSION_CONFLICT, "version",
				 "投诉已被他人处理，请刷新后重试");
	c->version = expected_version + 1;
	c->updated_at = now;
	return ST_OK;
}

enum status store_complaint_search(struct store *store, const struct complaint_query *q,
				   struct complaint *out, size_t max, size_t *count,
				   struct error *err)
{
	/* ':' follows '9': codes that start with the prefix sort below prefix + ':'. */
	char office_end[DIVISION_CODE_SIZE + 1];
	snprintf(office_end, sizeof office_end, "%s:", q->office);
	sqlite3_stmt *stmt = store_prepare(
		store,
		"SELECT " COMPLAINT_COLUMNS " FROM complaint "
		"WHERE office >= ?1 AND office < ?2 AND (?3 = 0 OR state = ?3) "
		"AND (?4 = 0 OR (state IN (1, 2) AND due_on < ?5)) "
		"AND (?6 = 0 OR id < ?6) AND (?8 = 0 OR category = ?8) "
		"AND (?9 = 0 OR channel = ?9) ORDER BY id DESC LIMIT ?7",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	store_bind_text(stmt, 1, q->office);
	store_bind_text(stmt, 2, office_end);
	sqlite3_bind_int(stmt, 3, (int)q->state);
	sqlite3_bind_int(stmt, 4, q->overdue_only ? 1 : 0);
	store_bind_text(stmt, 5, q->today);
	sqlite3_bind_int64(stmt, 6, q->before_id);
	sqlite3_bind_int64(stmt, 7, (sqlite3_int64)max);
	sqlite3_bind_int(stmt, 8, (int)q->category);
	sqlite3_bind_int(stmt, 9, (int)q->channel);
	return read_complaints(store, stmt, out, max, count, err);
}
