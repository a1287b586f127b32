/*
 * store/inquiry.c — inquiry rows.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain/inquiry.h"
#include "store/store_internal.h"

#define INQUIRY_COLUMNS                                                                    \
	"q.id, q.person_id, q.from_division, q.to_division, q.channel, q.urgency, q.subject, " \
	"q.state, q.note, q.sent_on, q.due_on, q.answered_on, q.answer_marital_status, "      \
	"q.answer_text, q.answer_reference, q.cancel_reason, q.version, q.created_at, "       \
	"q.updated_at"

static void read_inquiry(sqlite3_stmt *stmt, struct inquiry *q)
{
	memset(q, 0, sizeof *q);
	q->id = sqlite3_column_int64(stmt, 0);
	q->person_id = sqlite3_column_int64(stmt, 1);
	store_column_text(stmt, 2, q->from_division, sizeof q->from_division);
	store_column_text(stmt, 3, q->to_division, sizeof q->to_division);
	q->channel = (enum inquiry_channel)sqlite3_column_int(stmt, 4);
	q->urgency = (enum inquiry_urgency)sqlite3_column_int(stmt, 5);
	q->subject = (enum inquiry_subject)sqlite3_column_int(stmt, 6);
	q->state = (enum inquiry_state)sqlite3_column_int(stmt, 7);
	store_column_text(stmt, 8, q->note, sizeof q->note);
	store_column_text(stmt, 9, q->sent_on, sizeof q->sent_on);
	store_column_text(stmt, 10, q->due_on, sizeof q->due_on);
	store_column_text(stmt, 11, q->answered_on, sizeof q->answered_on);
	store_column_text(stmt, 12, q->answer_marital_status, sizeof q->answer_marital_status);
	store_column_text(stmt, 13, q->answer_text, sizeof q->answer_text);
	store_column_text(stmt, 14, q->answer_reference, sizeof q->answer_reference);
	store_column_text(stmt, 15, q->cancel_reason, sizeof q->cancel_reason);
	q->version = sqlite3_column_int64(stmt, 16);
	q->created_at = sqlite3_column_int64(stmt, 17);
	q->updated_at = sqlite3_column_int64(stmt, 18);
}

/* Reads at most `max` rows of a bound statement and finalizes it. */
static enum status read_all(struct store *store, sqlite3_stmt *stmt, struct inquiry *out,
			    size_t max, size_t *count, struct error *err)
{
	int rc = SQLITE_DONE;
	*count = 0;
	while (*count < max && (rc = sqlite3_step(stmt)) == SQLITE_ROW)
		read_inquiry(stmt, &out[(*count)++]);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_fail(store, err, "inquiry read");
	return ST_OK;
}

enum status store_inquiry_insert(struct store *store, struct inquiry *q, struct error *err)
{
	int64_t now = (int64_t)time(NULL);
	sqlite3_stmt *stmt = store_prepare(
		store,
		"INSERT INTO inquiry (person_id, from_division, to_division, channel, urgency, "
		"subject, state, note, sent_on, due_on, answered_on, answer_marital_status, "
		"answer_text, answer_reference, cancel_reason, version, created_at, updated_at) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, '', '', '', '', '', 1, ?11, ?11)",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, q->person_id);
	store_bind_text(stmt, 2, q->from_division);
	store_bind_text(stmt, 3, q->to_division);
	sqlite3_bind_int(stmt, 4, (int)q->channel);
	sqlite3_bind_int(stmt, 5, (int)q->urgency);
	sqlite3_bind_int(stmt, 6, (int)q->subject);
	sqlite3_bind_int(stmt, 7, (int)q->state);
	store_bind_text(stmt, 8, q->note);
	store_bind_text(stmt, 9, q->sent_on);
	store_bind_text(stmt, 10, q->due_on);
	sqlite3_bind_int64(stmt, 11, now);
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, "inquiry insert");
	q->id = sqlite3_last_insert_rowid(store->db);
	q->version = 1;
	q->created_at = q->updated_at = now;
	return ST_OK;
}

enum status store_inquiry_get(struct store *store, int64_t id, struct inquiry *out,
			      struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(
		store, "SELECT " INQUIRY_COLUMNS " FROM inquiry AS q WHERE q.id = ?1", err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, id);
	size_t count;
	enum status st = read_all(store, stmt, out, 1, &count, err);
	if (st == ST_OK && count == 0)
		st = error_set(err, ST_NOT_FOUND, "id", "函调不存在");
	return st;
}

enum status store_inquiry_update(struct store *store, struct inquiry *q,
				 int64_t expected_version, struct error *err)
{
	int64_t now = (int64_t)time(NULL);
	sqlite3_stmt *stmt = store_prepare(
		store,
		"UPDATE inquiry SET state = ?1, sent_on = ?2, due_on = ?3, answered_on = ?4, "
		"answer_marital_status = ?5, answer_text = ?6, answer_reference = ?7, "
		"cancel_reason = ?8, version = version + 1, updated_at = ?9 "
		"WHERE id = ?10 AND version = ?11",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int(stmt, 1, (int)q->state);
	store_bind_text(stmt, 2, q->sent_on);
	store_bind_text(stmt, 3, q->due_on);
	store_bind_text(stmt, 4, q->answered_on);
	store_bind_text(stmt, 5, q->answer_marital_status);
	store_bind_text(stmt, 6, q->answer_text);
	store_bind_text(stmt, 7, q->answer_reference);
	store_bind_text(stmt, 8, q->cancel_reason);
	sqlite3_bind_int64(stmt, 9, now);
	sqlite3_bind_int64(stmt, 10, q->id);
	sqlite3_bind_int64(stmt, 11, expected_version);
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, "inquiry update");
	if (sqlite3_changes(store->db) == 0)
		return error_set(err, ST_VERSION_CONFLICT, "version", "函调已被他人办理，请刷新后重试");
	q->version = expected_version + 1;
	q->updated_at = now;
	return ST_OK;
}

enum status store_inquiry_list_for_person(struct store *store, int64_t person_id,
					  struct inquiry *out, size_t max, size_t *count,
					  struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(store,
					   "SELECT " INQUIRY_COLUMNS " FROM inquiry AS q "
					   "WHERE q.person_id = ?1 ORDER BY q.id DESC",
					   err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, person_id);
	return read_all(store, stmt, out, max, count, err);
}

enum status store_inquiry_search(struct store *store, const struct inquiry_query *q,
				 const char *today, struct inquiry *out, size_t max,
				 size_t *count, struct error *err)
{
	/* ':' follows '9': codes that start with the prefix sort below prefix + ':'. */
	char division_end[DIVISION_CODE_SIZE + 1];
	snprintf(division_end, sizeof division_end, "%s:", q->division);
	sqlite3_stmt *stmt = store_prepare(
		store,
		"SELECT " INQUIRY_COLUMNS " FROM inquiry AS q JOIN person AS p ON p.id = q.person_id "
		"WHERE p.residence_division >= ?1 AND p.residence_division < ?2 "
		"AND (?3 = 0 OR (?3 = 5 AND q.state = 2 AND q.due_on < ?4) OR (?3 <> 5 AND q.state = ?3)) "
		"AND (?5 = 0 OR q.id < ?5) ORDER BY q.id DESC LIMIT ?6",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	store_bind_text(stmt, 1, q->division);
	store_bind_text(stmt, 2, division_end);
	sqlite3_bind_int(stmt, 3, (int)q->state);
	store_bind_text(stmt, 4, today);
	sqlite3_bind_int64(stmt, 5, q->before_id);
	sqlite3_bind_int64(stmt, 6, (sqlite3_int64)max);
	return read_all(store, stmt, out, max, count, err);
}
