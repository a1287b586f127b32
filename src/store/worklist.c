/*
 * store/worklist.c — the work list's rules as SQL: one condition per kind,
 * shared by its count and its list, so that the counts are exactly the
 * items there are.
 *
 * Every condition binds the same parameters: ?1 and ?2 the range of
 * residence codes inside the division (prefix .. prefix ':'), ?3 today and
 * ?4 the kind's other bound (worklist_dates).  Dates are ISO text, which
 * sorts like the days.
 *
 * Every kind starts from the persons inside the division (CROSS JOIN keeps
 * SQLite to that order), so that a community's list costs what its persons
 * cost, not a scan of the city's certificates; migration 0004 adds the
 * indexes that make each step an index lookup (persons by flow, management,
 * residence and arrival; certificates, contracts and inquiries by person and
 * state).  A list steps through all its rows once, in due order: it keeps
 * the first ones and counts the rest, so its count and its items come from
 * one statement; it sorts person ids only and reads the persons it keeps.
 * Statements are prepared per call, like the other rarely used ones.
 */
#include <stdio.h>
#include <string.h>

#include "domain/worklist.h"
#include "store/store_internal.h"

/* Persons living inside the division. */
#define IN_DIVISION "p.residence_division >= ?1 AND p.residence_division < ?2"

/* Certificate `x` is in force today (STORE_CERTIFICATE_IN_FORCE). */
#define IN_FORCE(x) STORE_CERTIFICATE_IN_FORCE(x, "?3")

/* China's date of a Unix time column (UTC+8 all year, like date_in_china). */
#define CHINA_DATE(x) "date(" x " + 28800, 'unixepoch')"

/*
 * One kind: the rows (FROM … WHERE …), the basis date, the subject, the
 * order, and the person's id (NULL: p.id; 0 when the row names none).
 */
struct kind_sql {
	const char *rows;
	const char *basis;
	const char *subject;
	const char *order;
	const char *person;
};

static const struct kind_sql kind_sql[WORKLIST_KIND_END] = {
	/* Here 30 days or more without any certificate in force; persons whose
	 * temporary certificate ran out are temporary_ended's items. */
	[WORKLIST_CERTIFICATE_MISSING] = {
		"person AS p WHERE p.flow = 1 AND p.management = 1 AND " IN_DIVISION
		" AND p.arrival_date <> '' AND p.arrival_date <= ?4 AND NOT EXISTS ("
		"SELECT 1 FROM certificate AS x WHERE x.person_id = p.id AND x.state IN (1, 2) "
		"AND (x.kind = 2 OR x.valid_until = '' OR x.valid_until >= ?3))",
		"p.arrival_date", "''", "p.arrival_date, p.id"},
	[WORKLIST_TEMPORARY_ENDING] = {
		"person AS p CROSS JOIN certificate AS c ON c.person_id = p.id "
		"WHERE p.flow = 1 AND p.management = 1 AND " IN_DIVISION " AND c.kind = 2 "
		"AND c.state IN (1, 2) AND c.valid_until >= ?3 AND c.valid_until <= ?4 "
		"AND NOT EXISTS (SELECT 1 FROM certificate AS x WHERE x.person_id = p.id "
		"AND x.kind <> 2 AND " IN_FORCE("x") ")",
		"c.valid_until", "'certificate:' || c.number", "c.valid_until, c.id"},
	/* Only the holder's latest temporary certificate, and only while the
	 * holder has none in force (a new temporary one included). */
	[WORKLIST_TEMPORARY_ENDED] = {
		"person AS p CROSS JOIN certificate AS c ON c.person_id = p.id "
		"WHERE p.flow = 1 AND p.management = 1 AND " IN_DIVISION " AND c.kind = 2 "
		"AND c.state IN (1, 2) AND c.valid_until <> '' AND c.valid_until < ?3 "
		"AND NOT EXISTS (SELECT 1 FROM certificate AS x WHERE x.person_id = p.id AND "
		IN_FORCE("x") ") AND NOT EXISTS (SELECT 1 FROM certificate AS n "
		"WHERE n.person_id = p.id AND n.kind = 2 AND n.state IN (1, 2) AND "
		"(n.valid_until > c.valid_until OR (n.valid_until = c.valid_until AND n.id > c.id)))",
		"c.valid_until", "'certificate:' || c.number", "c.valid_until, c.id"},
	[WORKLIST_CONTRACT_OVERDUE] = {
		"person AS p CROSS JOIN contract AS k ON k.person_id = p.id WHERE " IN_DIVISION
		" AND k.state = 1 AND k.deadline <> '' AND k.deadline < ?3",
		"k.deadline", "'contract:' || k.id", "k.deadline, k.id"},
	[WORKLIST_INQUIRY_DUE] = {
		"person AS p CROSS JOIN inquiry AS i ON i.person_id = p.id WHERE " IN_DIVISION
		" AND i.state = 2 AND i.due_on >= ?3 AND i.due_on <= ?4",
		"i.due_on", "'inquiry:' || i.id", "i.due_on, i.id"},
	[WORKLIST_INQUIRY_OVERDUE] = {
		"person AS p CROSS JOIN inquiry AS i ON i.person_id = p.id WHERE " IN_DIVISION
		" AND i.state = 2 AND i.due_on <> '' AND i.due_on < ?3",
		"i.due_on", "'inquiry:' || i.id", "i.due_on, i.id"},
	[WORKLIST_RESIDENT_CANDIDATE] = {
		"person AS p WHERE p.flow = 1 AND p.management = 1 AND " IN_DIVISION
		" AND p.arrival_date <> '' AND p.arrival_date <= ?4",
		"p.arrival_date", "''", "p.arrival_date, p.id"},
	[WORKLIST_OUTFLOW_WITHOUT_CERTIFICATE] = {
		"person AS p WHERE p.flow = 2 AND p.management = 1 AND " IN_DIVISION
		" AND NOT EXISTS (SELECT 1 FROM certificate AS x WHERE x.person_id = p.id "
		"AND x.kind IN (1, 3) AND " IN_FORCE("x") ")",
		"p.arrival_date", "''", "p.arrival_date = '', p.arrival_date, p.id"},
	/* Not a person's item: reports routed to an office inside the division
	 * (a community's division holds none), still received after the days. */
	[WORKLIST_REPORT_UNHANDLED] = {
		"field_report AS r WHERE r.office_division >= ?1 AND r.office_division < ?2 "
		"AND r.state = 1 AND " CHINA_DATE("r.received_at") " < ?4",
		CHINA_DATE("r.received_at"), "'field_report:' || r.id", "r.received_at, r.id",
		"coalesce(r.person_id, 0)"},
	/* Not a person's item either: complaints with an office inside the
	 * division, neither answered nor closed, past their due date. */
	[WORKLIST_COMPLAINT_OVERDUE] = {
		"complaint AS m WHERE m.office >= ?1 AND m.office < ?2 AND m.state IN (1, 2) "
		"AND m.due_on < ?3",
		"m.due_on", "'complaint:' || m.id", "m.due_on, m.id", "0"},
};

/* The kind's own bound (?4), or "" for kinds that have none. */
static const char *kind_bound(enum worklist_kind kind, const struct worklist_dates *dates)
{
	switch (kind) {
	case WORKLIST_CERTIFICATE_MISSING: return dates->missing_arrived_by;
	case WORKLIST_TEMPORARY_ENDING: return dates->temporary_ends_by;
	case WORKLIST_INQUIRY_DUE: return dates->inquiry_due_by;
	case WORKLIST_RESIDENT_CANDIDATE: return dates->resident_arrived_by;
	case WORKLIST_REPORT_UNHANDLED: return dates->report_received_before;
	default: return "";
	}
}

static bool kind_is_listed(enum worklist_kind kind)
{
	return kind > WORKLIST_ALL && kind < WORKLIST_KIND_END;
}

/*
 * Prepares `sql` and binds the parameters every condition shares;
 * `division_end` must outlive the statement's steps.
 */
static sqlite3_stmt *prepare_bound(struct store *store, const char *sql, enum worklist_kind kind,
				   const char *division, char *division_end, size_t end_size,
				   const struct worklist_dates *dates, struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(store, sql, err);
	if (stmt == NULL)
		return NULL;
	/* ':' follows '9': codes that start with the prefix sort below prefix + ':'. */
	snprintf(division_end, end_size, "%s:", division);
	store_bind_text(stmt, 1, division);
	store_bind_text(stmt, 2, division_end);
	store_bind_text(stmt, 3, dates->today);
	if (sqlite3_bind_parameter_count(stmt) >= 4)
		store_bind_text(stmt, 4, kind_bound(kind, dates));
	return stmt;
}

enum status store_worklist_count(struct store *store, enum worklist_kind kind,
				 const char *division, const struct worklist_dates *dates,
				 int64_t *count, struct error *err)
{
	char sql[1536], division_end[DIVISION_CODE_SIZE + 1];
	*count = 0;
	if (!kind_is_listed(kind))
		return error_set(err, ST_INVALID_INPUT, "kind", "待办事项类别不正确");
	if (snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", kind_sql[kind].rows) >=
	    (int)sizeof sql)
		return error_set(err, ST_STORAGE, "", NULL);
	sqlite3_stmt *stmt = prepare_bound(store, sql, kind, division, division_end,
					   sizeof division_end, dates, err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*count = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW ? ST_OK : store_fail(store, err, "worklist count");
}

/*
 * Fills the person's columns of an item from its row (only the items kept
 * are read this way: the list itself sorts person ids, not whole rows).
 */
static enum status read_person(struct store *store, sqlite3_stmt *person,
			       struct worklist_item *item, struct error *err)
{
	sqlite3_reset(person);
	sqlite3_bind_int64(person, 1, item->person_id);
	if (sqlite3_step(person) != SQLITE_ROW)
		return store_fail(store, err, "worklist person");
	store_column_text(person, 0, item->name, sizeof item->name);
	enum status st = crypto_open(&store->keys, sqlite3_column_blob(person, 1),
				     (size_t)sqlite3_column_bytes(person, 1), item->id_number,
				     sizeof item->id_number, err);
	if (st != ST_OK)
		return st;
	store_column_text(person, 2, item->residence_division, sizeof item->residence_division);
	item->flow = (enum person_flow)sqlite3_column_int(person, 3);
	return ST_OK;
}

/* Reads one row of a list: the person's id, the basis date and the subject. */
static enum status read_item(struct store *store, sqlite3_stmt *stmt, sqlite3_stmt *person,
			     enum worklist_kind kind, struct worklist_item *item,
			     struct error *err)
{
	memset(item, 0, sizeof *item);
	item->kind = kind;
	item->person_id = sqlite3_column_int64(stmt, 0);
	store_column_text(stmt, 1, item->basis, sizeof item->basis);
	store_column_text(stmt, 2, item->subject, sizeof item->subject);
	if (item->person_id == 0)
		return ST_OK;
	return read_person(store, person, item, err);
}

enum status store_worklist_list(struct store *store, enum worklist_kind kind,
				const char *division, const struct worklist_dates *dates,
				size_t max, struct worklist_item *out, size_t *count,
				int64_t *total, struct error *err)
{
	char sql[2048], division_end[DIVISION_CODE_SIZE + 1];
	*count = 0;
	*total = 0;
	if (!kind_is_listed(kind))
		return error_set(err, ST_INVALID_INPUT, "kind", "待办事项类别不正确");
	const struct kind_sql *k = &kind_sql[kind];
	if (snprintf(sql, sizeof sql, "SELECT %s, %s, %s FROM %s ORDER BY %s",
		     k->person ? k->person : "p.id", k->basis, k->subject, k->rows,
		     k->order) >= (int)sizeof sql)
		return error_set(err, ST_STORAGE, "", NULL);
	sqlite3_stmt *person = store_prepare(
		store, "SELECT name, id_number_sealed, residence_division, flow FROM person "
		       "WHERE id = ?1",
		err);
	if (person == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_stmt *stmt = prepare_bound(store, sql, kind, division, division_end,
					   sizeof division_end, dates, err);
	if (stmt == NULL) {
		sqlite3_finalize(person);
		return err ? err->status : ST_STORAGE;
	}
	enum status st = ST_OK;
	int rc;
	while (st == ST_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (*count < max &&
		    (st = read_item(store, stmt, person, kind, &out[*count], err)) == ST_OK)
			(*count)++;
		(*total)++;
	}
	if (st == ST_OK && rc != SQLITE_DONE)
		st = store_fail(store, err, "worklist list");
	sqlite3_finalize(stmt);
	sqlite3_finalize(person);
	return st;
}
