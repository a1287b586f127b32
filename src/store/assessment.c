/*
 * store/assessment.c — agreement, agreement_item and award rows, and the
 * measures of measured target items (domain/assessment.h).
 *
 * An agreement's items are written with it: an update that changes them
 * deletes the stored ones and inserts them all again, inside the caller's
 * transaction.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain/assessment.h"
#include "store/store_internal.h"

#define AGREEMENT_COLUMNS                                                                  \
	"id, year, party_kind, party_division, party_organization_id, party_name, "        \
	"party_place, title, signed_on, state, assessed_on, total, veto, veto_reason, "    \
	"result, assessed_by, finalized_by, finalized_at, version, created_at, updated_at"

#define AWARD_COLUMNS                                                                      \
	"id, year, kind, party_kind, party_division, party_organization_id, party_name, "  \
	"party_place, citation, awarded_on, awarded_by, created_at"

/* China's date of a Unix time in milliseconds (UTC+8 all year, like date_in_china). */
#define CHINA_DATE_MS(x) "date(" x " / 1000 + 28800, 'unixepoch')"

/* Reads the party laid out from `column`: kind, division, organization, name, place. */
static void read_party(sqlite3_stmt *stmt, int column, struct assessment_party *p)
{
	p->kind = (enum assessment_party_kind)sqlite3_column_int(stmt, column);
	store_column_text(stmt, column + 1, p->division, sizeof p->division);
	p->organization_id = sqlite3_column_int64(stmt, column + 2);
	store_column_text(stmt, column + 3, p->name, sizeof p->name);
	store_column_text(stmt, column + 4, p->place, sizeof p->place);
}

/* Binds the party from parameter `index`: kind, division, organization, name, place. */
static void bind_party(sqlite3_stmt *stmt, int index, const struct assessment_party *p)
{
	sqlite3_bind_int(stmt, index, (int)p->kind);
	if (p->division[0])
		store_bind_text(stmt, index + 1, p->division);
	else
		sqlite3_bind_null(stmt, index + 1);
	if (p->organization_id > 0)
		sqlite3_bind_int64(stmt, index + 2, p->organization_id);
	else
		sqlite3_bind_null(stmt, index + 2);
	store_bind_text(stmt, index + 3, p->name);
	store_bind_text(stmt, index + 4, p->place);
}

static void read_agreement(sqlite3_stmt *stmt, struct agreement *a)
{
	memset(a, 0, sizeof *a);
	a->id = sqlite3_column_int64(stmt, 0);
	a->year = sqlite3_column_int(stmt, 1);
	read_party(stmt, 2, &a->party);
	store_column_text(stmt, 7, a->title, sizeof a->title);
	store_column_text(stmt, 8, a->signed_on, sizeof a->signed_on);
	a->state = (enum agreement_state)sqlite3_column_int(stmt, 9);
	store_column_text(stmt, 10, a->assessed_on, sizeof a->assessed_on);
	a->total = sqlite3_column_int(stmt, 11);
	a->veto = sqlite3_column_int(stmt, 12) != 0;
	store_column_text(stmt, 13, a->veto_reason, sizeof a->veto_reason);
	a->result = (enum assessment_result)sqlite3_column_int(stmt, 14);
	store_column_text(stmt, 15, a->assessed_by, sizeof a->assessed_by);
	store_column_text(stmt, 16, a->finalized_by, sizeof a->finalized_by);
	a->finalized_at = sqlite3_column_int64(stmt, 17);
	a->version = sqlite3_column_int64(stmt, 18);
	a->created_at = sqlite3_column_int64(stmt, 19);
	a->updated_at = sqlite3_column_int64(stmt, 20);
}

/* Binds an optional integer: NULL unless `present`. */
static void bind_optional(sqlite3_stmt *stmt, int index, bool present, int64_t value)
{
	if (present)
		sqlite3_bind_int64(stmt, index, value);
	else
		sqlite3_bind_null(stmt, index);
}

/* Deletes the stored items of `a` and inserts its items. */
static enum status write_items(struct store *store, const struct agreement *a,
			       struct error *err)
{
	sqlite3_stmt *del = store_prepare(store, "DELETE FROM agreement_item WHERE agreement_id = ?1",
					  err);
	if (del == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(del, 1, a->id);
	int rc = sqlite3_step(del);
	sqlite3_finalize(del);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, "agreement items delete");
	sqlite3_stmt *ins = store_prepare(
		store,
		"INSERT INTO agreement_item (agreement_id, ordinal, description, weight, measure, "
		"score, measured_numerator, measured_denominator, measured_score, override_reason) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
		err);
	if (ins == NULL)
		return err ? err->status : ST_STORAGE;
	rc = SQLITE_DONE;
	for (size_t i = 0; i < a->item_count && rc == SQLITE_DONE; i++) {
		const struct agreement_item *item = &a->items[i];
		sqlite3_reset(ins);
		sqlite3_bind_int64(ins, 1, a->id);
		sqlite3_bind_int(ins, 2, item->ordinal);
		store_bind_text(ins, 3, item->description);
		sqlite3_bind_int(ins, 4, item->weight);
		sqlite3_bind_int(ins, 5, (int)item->measure);
		bind_optional(ins, 6, item->scored, item->score);
		bind_optional(ins, 7, item->measured, item->numerator);
		bind_optional(ins, 8, item->measured, item->denominator);
		bind_optional(ins, 9, item->measured, item->measured_score);
		store_bind_text(ins, 10, item->override_reason);
		rc = sqlite3_step(ins);
	}
	sqlite3_finalize(ins);
	return rc == SQLITE_DONE ? ST_OK : store_fail(store, err, "agreement item insert");
}

static enum status read_items(struct store *store, struct agreement *a, struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(
		store,
		"SELECT ordinal, description, weight, measure, score, measured_numerator, "
		"measured_denominator, measured_score, override_reason FROM agreement_item "
		"WHERE agreement_id = ?1 ORDER BY ordinal",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, a->id);
	int rc;
	a->item_count = 0;
	while (a->item_count < ASSESSMENT_ITEMS_MAX && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct agreement_item *item = &a->items[a->item_count++];
		memset(item, 0, sizeof *item);
		item->ordinal = sqlite3_column_int(stmt, 0);
		store_column_text(stmt, 1, item->description, sizeof item->description);
		item->weight = sqlite3_column_int(stmt, 2);
		item->measure = (enum assessment_measure)sqlite3_column_int(stmt, 3);
		item->scored = sqlite3_column_type(stmt, 4) != SQLITE_NULL;
		item->score = sqlite3_column_int(stmt, 4);
		item->measured = sqlite3_column_type(stmt, 7) != SQLITE_NULL;
		item->numerator = sqlite3_column_int64(stmt, 5);
		item->denominator = sqlite3_column_int64(stmt, 6);
		item->measured_score = sqlite3_column_int(stmt, 7);
		store_column_text(stmt, 8, item->override_reason, sizeof item->override_reason);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_fail(store, err, "agreement items read");
	return ST_OK;
}

enum status store_agreement_insert(struct store *store, struct agreement *a, struct error *err)
{
	int64_t now = (int64_t)time(NULL);
	sqlite3_stmt *stmt = store_prepare(
		store,
		"INSERT INTO agreement (year, party_kind, party_division, party_organization_id, "
		"party_name, party_place, title, signed_on, state, assessed_on, total, veto, "
		"veto_reason, result, assessed_by, finalized_by, finalized_at, version, created_at, "
		"updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, '', 0, 0, '', 0, '', '', "
		"NULL, 1, ?10, ?10)",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int(stmt, 1, a->year);
	bind_party(stmt, 2, &a->party);
	store_bind_text(stmt, 7, a->title);
	store_bind_text(stmt, 8, a->signed_on);
	sqlite3_bind_int(stmt, 9, (int)a->state);
	sqlite3_bind_int64(stmt, 10, now);
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, "agreement insert");
	a->id = sqlite3_last_insert_rowid(store->db);
	a->version = 1;
	a->created_at = a->updated_at = now;
	return write_items(store, a, err);
}

enum status store_agreement_get(struct store *store, int64_t id, struct agreement *out,
				struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(
		store, "SELECT " AGREEMENT_COLUMNS " FROM agreement WHERE id = ?1", err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, id);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		read_agreement(stmt, out);
	sqlite3_finalize(stmt);
	if (rc == SQLITE_DONE)
		return error_set(err, ST_NOT_FOUND, "id", "责任书不存在");
	if (rc != SQLITE_ROW)
		return store_fail(store, err, "agreement get");
	return read_items(store, out, err);
}

enum status store_agreement_find(struct store *store, int year,
				 const struct assessment_party *party, int64_t *id,
				 struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(
		store,
		"SELECT id FROM agreement WHERE year = ?1 AND party_kind = ?2 "
		"AND coalesce(party_division, '') = ?3 AND coalesce(party_organization_id, 0) = ?4",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int(stmt, 1, year);
	sqlite3_bind_int(stmt, 2, (int)party->kind);
	store_bind_text(stmt, 3, party->division);
	sqlite3_bind_int64(stmt, 4, party->organization_id);
	int rc = sqlite3_step(stmt);
	*id = rc == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? ST_OK
						     : store_fail(store, err, "agreement find");
}

enum status store_agreement_update(struct store *store, struct agreement *a,
				   int64_t expected_version, bool items, struct error *err)
{
	int64_t now = (int64_t)time(NULL);
	sqlite3_stmt *stmt = store_prepare(
		store,
		"UPDATE agreement SET title = ?1, signed_on = ?2, state = ?3, assessed_on = ?4, "
		"total = ?5, veto = ?6, veto_reason = ?7, result = ?8, assessed_by = ?9, "
		"finalized_by = ?10, finalized_at = ?11, version = version + 1, updated_at = ?12 "
		"WHERE id = ?13 AND version = ?14",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	store_bind_text(stmt, 1, a->title);
	store_bind_text(stmt, 2, a->signed_on);
	sqlite3_bind_int(stmt, 3, (int)a->state);
	store_bind_text(stmt, 4, a->assessed_on);
	sqlite3_bind_int(stmt, 5, a->total);
	sqlite3_bind_int(stmt, 6, a->veto ? 1 : 0);
	store_bind_text(stmt, 7, a->veto_reason);
	sqlite3_bind_int(stmt, 8, (int)a->result);
	store_bind_text(stmt, 9, a->assessed_by);
	store_bind_text(stmt, 10, a->finalized_by);
	bind_optional(stmt, 11, a->finalized_at > 0, a->finalized_at);
	sqlite3_bind_int64(stmt, 12, now);
	sqlite3_bind_int64(stmt, 13, a->id);
	sqlite3_bind_int64(stmt, 14, expected_version);
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, "agreement update");
	if (sqlite3_changes(store->db) == 0)
		return error_set(err, ST_VERSION_CONFLICT, "version",
				 "责任书已被他人修改，请刷新后重试");
	a->version = expected_version + 1;
	a->updated_at = now;
	return items ? write_items(store, a, err) : ST_OK;
}

enum status store_agreement_search(struct store *store, const struct agreement_query *q,
				   struct agreement *out, size_t max, size_t *count,
				   struct error *err)
{
	/* ':' follows '9': codes that start with the prefix sort below prefix + ':'. */
	char place_end[DIVISION_CODE_SIZE + 1];
	snprintf(place_end, sizeof place_end, "%s:", q->place);
	sqlite3_stmt *stmt = store_prepare(
		store,
		"SELECT " AGREEMENT_COLUMNS " FROM agreement WHERE (?1 = 0 OR year = ?1) "
		"AND (?2 = 0 OR party_kind = ?2) AND party_place >= ?3 AND party_place < ?4 "
		"ORDER BY year DESC, party_kind, party_name, id LIMIT ?5",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int(stmt, 1, q->year);
	sqlite3_bind_int(stmt, 2, (int)q->party_kind);
	store_bind_text(stmt, 3, q->place);
	store_bind_text(stmt, 4, place_end);
	sqlite3_bind_int64(stmt, 5, (sqlite3_int64)max);
	int rc = SQLITE_DONE;
	*count = 0;
	while (*count < max && (rc = sqlite3_step(stmt)) == SQLITE_ROW)
		read_agreement(stmt, &out[(*count)++]);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_fail(store, err, "agreement search");
	return ST_OK;
}

/*
 * ?1 ?2 the range of codes inside the division, ?3 the assessment day,
 * ?4 ?5 the first and last day of the year.
 */
static const char *const measure_sql[] = {
	/* Floating inflow and outflow persons living in the division; those
	 * holding a certificate in force on the day. */
	[MEASURE_CERTIFICATE_HOLDING_RATE] =
		"SELECT count(*), coalesce(sum(EXISTS (SELECT 1 FROM certificate AS x "
		"WHERE x.person_id = p.id AND " STORE_CERTIFICATE_IN_FORCE("x", "?3") ")), 0) "
		"FROM person AS p WHERE p.management = 1 AND p.flow IN (1, 2) "
		"AND p.residence_division >= ?1 AND p.residence_division < ?2",
	/* Complaints of offices inside the division received in the year; those
	 * answered (the audit row of the answer, its time in milliseconds) on or before their due date. */
	[MEASURE_COMPLAINTS_ANSWERED_ON_TIME] =
		"SELECT count(*), coalesce(sum(EXISTS (SELECT 1 FROM audit AS u "
		"WHERE u.object = 'complaint:' || m.id AND u.action = 'complaint.answer' "
		"AND u.outcome = 'ok' AND " CHINA_DATE_MS("u.at") " <= m.due_on AND "
		CHINA_DATE_MS("u.at") " <= ?3)), 0) "
		"FROM complaint AS m WHERE m.office >= ?1 AND m.office < ?2 "
		"AND m.received_on >= ?4 AND m.received_on <= ?5 AND m.received_on <= ?3",
};

enum status store_assessment_measure(struct store *store, int measure, const char *division,
				     int year, const char *day, int64_t *numerator,
				     int64_t *denominator, struct error *err)
{
	char end[DIVISION_CODE_SIZE + 1], first[DATE_TEXT_SIZE + 8], last[DATE_TEXT_SIZE + 8];
	*numerator = *denominator = 0;
	if (measure <= MEASURE_MANUAL || measure >= MEASURE__COUNT)
		return error_set(err, ST_INVALID_INPUT, "items.measure", "考核目标的计算方式不正确");
	snprintf(end, sizeof end, "%s:", division);
	snprintf(first, sizeof first, "%04d-01-01", year);
	snprintf(last, sizeof last, "%04d-12-31", year);
	sqlite3_stmt *stmt = store_prepare(store, measure_sql[measure], err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	store_bind_text(stmt, 1, division);
	store_bind_text(stmt, 2, end);
	store_bind_text(stmt, 3, day);
	if (sqlite3_bind_parameter_count(stmt) >= 5) {
		store_bind_text(stmt, 4, first);
		store_bind_text(stmt, 5, last);
	}
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*denominator = sqlite3_column_int64(stmt, 0);
		*numerator = sqlite3_column_int64(stmt, 1);
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW ? ST_OK : store_fail(store, err, "assessment measure");
}

enum status store_award_insert(struct store *store, struct award *a, struct error *err)
{
	int64_t now = (int64_t)time(NULL);
	sqlite3_stmt *stmt = store_prepare(
		store,
		"INSERT INTO award (year, kind, party_kind, party_division, party_organization_id, "
		"party_name, party_place, citation, awarded_on, awarded_by, created_at) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int(stmt, 1, a->year);
	sqlite3_bind_int(stmt, 2, (int)a->kind);
	bind_party(stmt, 3, &a->party);
	store_bind_text(stmt, 8, a->citation);
	store_bind_text(stmt, 9, a->awarded_on);
	store_bind_text(stmt, 10, a->awarded_by);
	sqlite3_bind_int64(stmt, 11, now);
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, "award insert");
	a->id = sqlite3_last_insert_rowid(store->db);
	a->created_at = now;
	return ST_OK;
}

enum status store_award_search(struct store *store, int year, const char *place,
			       struct award *out, size_t max, size_t *count, struct error *err)
{
	char place_end[DIVISION_CODE_SIZE + 1];
	snprintf(place_end, sizeof place_end, "%s:", place);
	sqlite3_stmt *stmt = store_prepare(
		store,
		"SELECT " AWARD_COLUMNS " FROM award WHERE (?1 = 0 OR year = ?1) "
		"AND party_place >= ?2 AND party_place < ?3 ORDER BY id DESC LIMIT ?4",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int(stmt, 1, year);
	store_bind_text(stmt, 2, place);
	store_bind_text(stmt, 3, place_end);
	sqlite3_bind_int64(stmt, 4, (sqlite3_int64)max);
	int rc = SQLITE_DONE;
	*count = 0;
	while (*count < max && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct award *a = &out[(*count)++];
		memset(a, 0, sizeof *a);
		a->id = sqlite3_column_int64(stmt, 0);
		a->year = sqlite3_column_int(stmt, 1);
		a->kind = (enum award_kind)sqlite3_column_int(stmt, 2);
		read_party(stmt, 3, &a->party);
		store_column_text(stmt, 8, a->citation, sizeof a->citation);
		store_column_text(stmt, 9, a->awarded_on, sizeof a->awarded_on);
		store_column_text(stmt, 10, a->awarded_by, sizeof a->awarded_by);
		a->created_at = sqlite3_column_int64(stmt, 11);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_fail(store, err, "award search");
	return ST_OK;
}
