/*
 * store/certificate.c — certificate, contract and record_event rows.
 *
 * The spouse's ID number is sealed here on the way in and opened on the
 * way out.  These rows change far less often than persons, so statements
 * are prepared per call.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain/certificate.h"
#include "store/store_internal.h"

#define CERTIFICATE_COLUMNS                                                                \
	"id, number, person_id, kind, state, issuer_division, issuer_name, issued_on, "     \
	"valid_until, destination_division, marital_status, marriage_date, spouse_name, "   \
	"spouse_id_number_sealed, distributed_on, received_by, ended_on, end_reason, "      \
	"replaces_id, version, created_at, updated_at"

#define CONTRACT_COLUMNS                                                                   \
	"id, person_id, certificate_id, office_division, signed_on, deadline, terms, state, " \
	"fulfilled_on, fulfilled_by, version, created_at, updated_at"

/* Runs a prepared write statement to completion and finalizes it. */
static enum status run_write(struct store *store, sqlite3_stmt *stmt, const char *what,
			     struct error *err)
{
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? ST_OK : store_fail(store, err, what);
}

/* --- sequences ----------------------------------------------------------- */

enum status store_certificate_next_sequence(struct store *store, const char *town, int year,
					    long *sequence, struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(
		store,
		"INSERT INTO certificate_sequence (town, year, last) VALUES (?1, ?2, 1) "
		"ON CONFLICT (town, year) DO UPDATE SET last = last + 1 RETURNING last",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	store_bind_text(stmt, 1, town);
	sqlite3_bind_int(stmt, 2, year);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*sequence = (long)sqlite3_column_int64(stmt, 0);
	/* RETURNING: the row's change is only complete once stepped to the end. */
	int done = rc == SQLITE_ROW ? sqlite3_step(stmt) : rc;
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW || done != SQLITE_DONE)
		return store_fail(store, err, "certificate sequence");
	return ST_OK;
}

/* --- certificates -------------------------------------------------------- */

static enum status insert_children(struct store *store, const struct certificate *c,
				   struct error *err)
{
	for (size_t i = 0; i < c->child_count; i++) {
		const struct certificate_child *child = &c->children[i];
		char sex[2] = {child->sex, '\0'};
		sqlite3_stmt *stmt = store_prepare(
			store,
			"INSERT INTO certificate_child (certificate_id, ordinal, name, sex, "
			"birth_date) VALUES (?1, ?2, ?3, ?4, ?5)",
			err);
		if (stmt == NULL)
			return err ? err->status : ST_STORAGE;
		sqlite3_bind_int64(stmt, 1, c->id);
		sqlite3_bind_int(stmt, 2, (int)i + 1);
		store_bind_text(stmt, 3, child->name);
		store_bind_text(stmt, 4, sex);
		store_bind_text(stmt, 5, child->birth_date);
		enum status st = run_write(store, stmt, "certificate child insert", err);
		if (st != ST_OK)
			return st;
	}
	return ST_OK;
}

static enum status bind_and_insert(struct store *store, struct certificate *c, int64_t now,
				   struct error *err)
{
	unsigned char sealed[CRYPTO_SEAL_OVERHEAD + IDCARD_SIZE];
	size_t spouse_len = strlen(c->spouse_id_number);
	enum status st;
	if (spouse_len > 0 && (st = crypto_seal(&store->keys, c->spouse_id_number, spouse_len,
						sealed, sizeof sealed, err)) != ST_OK)
		return st;
	sqlite3_stmt *stmt = store_prepare(
		store,
		"INSERT INTO certificate (number, person_id, kind, state, issuer_division, "
		"issuer_name, issued_on, valid_until, destination_division, marital_status, "
		"marriage_date, spouse_name, spouse_id_number_sealed, distributed_on, received_by, "
		"ended_on, end_reason, replaces_id, version, created_at, updated_at) VALUES "
		"(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
		"1, ?19, ?19) ON CONFLICT (number) DO NOTHING",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	store_bind_text(stmt, 1, c->number);
	sqlite3_bind_int64(stmt, 2, c->person_id);
	sqlite3_bind_int(stmt, 3, (int)c->kind);
	sqlite3_bind_int(stmt, 4, (int)c->state);
	store_bind_text(stmt, 5, c->issuer_division);
	store_bind_text(stmt, 6, c->issuer_name);
	store_bind_text(stmt, 7, c->issued_on);
	store_bind_text(stmt, 8, c->valid_until);
	store_bind_text(stmt, 9, c->destination_division);
	store_bind_text(stmt, 10, c->marital_status);
	store_bind_text(stmt, 11, c->marriage_date);
	store_bind_text(stmt, 12, c->spouse_name);
	if (spouse_len > 0)
		sqlite3_bind_blob(stmt, 13, sealed, (int)crypto_sealed_size(spouse_len),
				  SQLITE_STATIC);
	else
		sqlite3_bind_null(stmt, 13);
	store_bind_text(stmt, 14, c->distributed_on);
	store_bind_text(stmt, 15, c->received_by);
	store_bind_text(stmt, 16, c->ended_on);
	store_bind_text(stmt, 17, c->end_reason);
	if (c->replaces_id > 0)
		sqlite3_bind_int64(stmt, 18, c->replaces_id);
	else
		sqlite3_bind_null(stmt, 18);
	sqlite3_bind_int64(stmt, 19, now);
	if ((st = run_write(store, stmt, "certificate insert", err)) != ST_OK)
		return st;
	if (sqlite3_changes(store->db) == 0)
		return error_set(err, ST_DUPLICATE_CERTIFICATE, "number",
				 "证明编号 %s 已经登记过，请勿重复登记", c->number);
	return ST_OK;
}

enum status store_certificate_insert(struct store *store, struct certificate *c,
				     struct error *err)
{
	int64_t now = (int64_t)time(NULL);
	enum status st = store_write_begin(store, err);
	if (st != ST_OK)
		return st;
	if ((st = bind_and_insert(store, c, now, err)) != ST_OK) {
		if (st == ST_DUPLICATE_CERTIFICATE)
			store_write_cancel(store);
		else
			store_write_abort(store);
		return st;
	}
	c->id = sqlite3_last_insert_rowid(store->db);
	if ((st = insert_children(store, c, err)) != ST_OK) {
		store_write_abort(store);
		return st;
	}
	if ((st = store_write_commit(store, err)) != ST_OK)
		return st;
	c->version = 1;
	c->created_at = c->updated_at = now;
	return ST_OK;
}

static enum status read_children(struct store *store, struct certificate *c, struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(store,
					   "SELECT name, sex, birth_date FROM certificate_child "
					   "WHERE certificate_id = ?1 ORDER BY ordinal",
					   err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, c->id);
	int rc;
	c->child_count = 0;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW && c->child_count < CERTIFICATE_CHILDREN_MAX) {
		struct certificate_child *child = &c->children[c->child_count++];
		char sex[2];
		store_column_text(stmt, 0, child->name, sizeof child->name);
		store_column_text(stmt, 1, sex, sizeof sex);
		child->sex = sex[0];
		store_column_text(stmt, 2, child->birth_date, sizeof child->birth_date);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_fail(store, err, "certificate children");
	return ST_OK;
}

/* Reads a row laid out as CERTIFICATE_COLUMNS, opening the spouse's ID number. */
static enum status read_certificate(struct store *store, sqlite3_stmt *stmt,
				    struct certificate *c, struct error *err)
{
	memset(c, 0, sizeof *c);
	c->id = sqlite3_column_int64(stmt, 0);
	store_column_text(stmt, 1, c->number, sizeof c->number);
	c->person_id = sqlite3_column_int64(stmt, 2);
	c->kind = (enum certificate_kind)sqlite3_column_int(stmt, 3);
	c->state = (enum certificate_state)sqlite3_column_int(stmt, 4);
	store_column_text(stmt, 5, c->issuer_division, sizeof c->issuer_division);
	store_column_text(stmt, 6, c->issuer_name, sizeof c->issuer_name);
	store_column_text(stmt, 7, c->issued_on, sizeof c->issued_on);
	store_column_text(stmt, 8, c->valid_until, sizeof c->valid_until);
	store_column_text(stmt, 9, c->destination_division, sizeof c->destination_division);
	store_column_text(stmt, 10, c->marital_status, sizeof c->marital_status);
	store_column_text(stmt, 11, c->marriage_date, sizeof c->marriage_date);
	store_column_text(stmt, 12, c->spouse_name, sizeof c->spouse_name);
	if (sqlite3_column_type(stmt, 13) == SQLITE_BLOB) {
		enum status st = crypto_open(&store->keys, sqlite3_column_blob(stmt, 13),
					     (size_t)sqlite3_column_bytes(stmt, 13),
					     c->spouse_id_number, sizeof c->spouse_id_number, err);
		if (st != ST_OK)
			return st;
	}
	store_column_text(stmt, 14, c->distributed_on, sizeof c->distributed_on);
	store_column_text(stmt, 15, c->received_by, sizeof c->received_by);
	store_column_text(stmt, 16, c->ended_on, sizeof c->ended_on);
	store_column_text(stmt, 17, c->end_reason, sizeof c->end_reason);
	c->replaces_id = sqlite3_column_int64(stmt, 18);
	c->version = sqlite3_column_int64(stmt, 19);
	c->created_at = sqlite3_column_int64(stmt, 20);
	c->updated_at = sqlite3_column_int64(stmt, 21);
	return ST_OK;
}

/* Reads at most `max` certificates from a bound statement, with their children. */
static enum status read_certificates(struct store *store, sqlite3_stmt *stmt,
				     struct certificate *out, size_t max, size_t *count,
				     struct error *err)
{
	int rc = SQLITE_DONE;
	enum status st = ST_OK;
	*count = 0;
	while (st == ST_OK && *count < max && (rc = sqlite3_step(stmt)) == SQLITE_ROW)
		if ((st = read_certificate(store, stmt, &out[*count], err)) == ST_OK)
			(*count)++;
	if (st == ST_OK && *count < max && rc != SQLITE_DONE)
		st = store_fail(store, err, "certificate read");
	sqlite3_finalize(stmt);
	for (size_t i = 0; st == ST_OK && i < *count; i++)
		st = read_children(store, &out[i], err);
	return st;
}

static enum status get_one(struct store *store, const char *where, int64_t id,
			   const char *number, struct certificate *out, struct error *err)
{
	char sql[512];
	snprintf(sql, sizeof sql, "SELECT " CERTIFICATE_COLUMNS " FROM certificate WHERE %s",
		 where);
	sqlite3_stmt *stmt = store_prepare(store, sql, err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	if (number)
		store_bind_text(stmt, 1, number);
	else
		sqlite3_bind_int64(stmt, 1, id);
	size_t count;
	enum status st = read_certificates(store, stmt, out, 1, &count, err);
	if (st == ST_OK && count == 0)
		st = error_set(err, ST_NOT_FOUND, number ? "number" : "id", "证明不存在");
	return st;
}

enum status store_certificate_get(struct store *store, int64_t id, struct certificate *out,
				  struct error *err)
{
	return get_one(store, "id = ?1", id, NULL, out, err);
}

enum status store_certificate_get_by_number(struct store *store, const char *number,
					    struct certificate *out, struct error *err)
{
	return get_one(store, "number = ?1", 0, number, out, err);
}

enum status store_certificate_number_exists(struct store *store, const char *number,
					    bool *exists, struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(store, "SELECT 1 FROM certificate WHERE number = ?1", err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	store_bind_text(stmt, 1, number);
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(store, err, "certificate exists");
	*exists = rc == SQLITE_ROW;
	return ST_OK;
}

enum status store_certificate_list(struct store *store, int64_t person_id,
				   struct certificate *out, size_t max, size_t *count,
				   struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(store,
					   "SELECT " CERTIFICATE_COLUMNS " FROM certificate "
					   "WHERE person_id = ?1 ORDER BY id DESC",
					   err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, person_id);
	return read_certificates(store, stmt, out, max, count, err);
}

enum status store_certificate_update(struct store *store, struct certificate *c,
				     int64_t expected_version, struct error *err)
{
	int64_t now = (int64_t)time(NULL);
	sqlite3_stmt *stmt = store_prepare(
		store,
		"UPDATE certificate SET state = ?1, distributed_on = ?2, received_by = ?3, "
		"ended_on = ?4, end_reason = ?5, version = version + 1, updated_at = ?6 "
		"WHERE id = ?7 AND version = ?8",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int(stmt, 1, (int)c->state);
	store_bind_text(stmt, 2, c->distributed_on);
	store_bind_text(stmt, 3, c->received_by);
	store_bind_text(stmt, 4, c->ended_on);
	store_bind_text(stmt, 5, c->end_reason);
	sqlite3_bind_int64(stmt, 6, now);
	sqlite3_bind_int64(stmt, 7, c->id);
	sqlite3_bind_int64(stmt, 8, expected_version);
	enum status st = run_write(store, stmt, "certificate update", err);
	if (st != ST_OK)
		return st;
	if (sqlite3_changes(store->db) == 0)
		return error_set(err, ST_VERSION_CONFLICT, "version",
				 "证明已被他人办理，请刷新后重试");
	c->version = expected_version + 1;
	c->updated_at = now;
	return ST_OK;
}

/* --- contracts ----------------------------------------------------------- */

enum status store_contract_insert(struct store *store, struct contract *c, struct error *err)
{
	int64_t now = (int64_t)time(NULL);
	sqlite3_stmt *stmt = store_prepare(
		store,
		"INSERT INTO contract (person_id, certificate_id, office_division, signed_on, "
		"deadline, terms, state, fulfilled_on, fulfilled_by, version, created_at, "
		"updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, '', NULL, 1, ?8, ?8)",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, c->person_id);
	sqlite3_bind_int64(stmt, 2, c->certificate_id);
	store_bind_text(stmt, 3, c->office_division);
	store_bind_text(stmt, 4, c->signed_on);
	store_bind_text(stmt, 5, c->deadline);
	store_bind_text(stmt, 6, c->terms);
	sqlite3_bind_int(stmt, 7, (int)c->state);
	sqlite3_bind_int64(stmt, 8, now);
	enum status st = run_write(store, stmt, "contract insert", err);
	if (st != ST_OK)
		return st;
	c->id = sqlite3_last_insert_rowid(store->db);
	c->version = 1;
	c->created_at = c->updated_at = now;
	return ST_OK;
}

static void read_contract(sqlite3_stmt *stmt, struct contract *c)
{
	memset(c, 0, sizeof *c);
	c->id = sqlite3_column_int64(stmt, 0);
	c->person_id = sqlite3_column_int64(stmt, 1);
	c->certificate_id = sqlite3_column_int64(stmt, 2);
	store_column_text(stmt, 3, c->office_division, sizeof c->office_division);
	store_column_text(stmt, 4, c->signed_on, sizeof c->signed_on);
	store_column_text(stmt, 5, c->deadline, sizeof c->deadline);
	store_column_text(stmt, 6, c->terms, sizeof c->terms);
	c->state = (enum contract_state)sqlite3_column_int(stmt, 7);
	store_column_text(stmt, 8, c->fulfilled_on, sizeof c->fulfilled_on);
	c->fulfilled_by = sqlite3_column_int64(stmt, 9);
	c->version = sqlite3_column_int64(stmt, 10);
	c->created_at = sqlite3_column_int64(stmt, 11);
	c->updated_at = sqlite3_column_int64(stmt, 12);
}

static enum status read_contracts(struct store *store, sqlite3_stmt *stmt, struct contract *out,
				  size_t max, size_t *count, struct error *err)
{
	int rc = SQLITE_DONE;
	*count = 0;
	while (*count < max && (rc = sqlite3_step(stmt)) == SQLITE_ROW)
		read_contract(stmt, &out[(*count)++]);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_fail(store, err, "contract read");
	return ST_OK;
}

enum status store_contract_get(struct store *store, int64_t id, struct contract *out,
			       struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(
		store, "SELECT " CONTRACT_COLUMNS " FROM contract WHERE id = ?1", err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, id);
	size_t count;
	enum status st = read_contracts(store, stmt, out, 1, &count, err);
	if (st == ST_OK && count == 0)
		st = error_set(err, ST_NOT_FOUND, "id", "合同不存在");
	return st;
}

enum status store_contract_list(struct store *store, int64_t person_id, struct contract *out,
				size_t max, size_t *count, struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(
		store,
		"SELECT " CONTRACT_COLUMNS " FROM contract WHERE person_id = ?1 ORDER BY id DESC",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, person_id);
	return read_contracts(store, stmt, out, max, count, err);
}

enum status store_contract_fulfil(struct store *store, int64_t person_id,
				  int64_t certificate_id, const char *on, int *fulfilled,
				  struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(
		store,
		"UPDATE contract SET state = ?1, fulfilled_on = ?2, fulfilled_by = ?3, "
		"version = version + 1, updated_at = ?4 WHERE person_id = ?5 AND state = ?6",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int(stmt, 1, CONTRACT_FULFILLED);
	store_bind_text(stmt, 2, on);
	sqlite3_bind_int64(stmt, 3, certificate_id);
	sqlite3_bind_int64(stmt, 4, (int64_t)time(NULL));
	sqlite3_bind_int64(stmt, 5, person_id);
	sqlite3_bind_int(stmt, 6, CONTRACT_ACTIVE);
	enum status st = run_write(store, stmt, "contract fulfil", err);
	if (st == ST_OK)
		*fulfilled = sqlite3_changes(store->db);
	return st;
}

/* --- events -------------------------------------------------------------- */

enum status store_event_insert(struct store *store, struct record_event *e, struct error *err)
{
	e->at = (int64_t)time(NULL);
	sqlite3_stmt *stmt = store_prepare(
		store,
		"INSERT INTO record_event (person_id, subject, at, actor, action, detail) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, e->person_id);
	store_bind_text(stmt, 2, e->subject);
	sqlite3_bind_int64(stmt, 3, e->at);
	store_bind_text(stmt, 4, e->actor);
	store_bind_text(stmt, 5, e->action);
	store_bind_text(stmt, 6, e->detail);
	enum status st = run_write(store, stmt, "event insert", err);
	if (st == ST_OK)
		e->id = sqlite3_last_insert_rowid(store->db);
	return st;
}

enum status store_event_list(struct store *store, int64_t person_id,
			     bool (*fn)(const struct record_event *e, void *ctx), void *ctx,
			     struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(store,
					   "SELECT id, person_id, subject, at, actor, action, detail "
					   "FROM record_event WHERE person_id = ?1 ORDER BY id",
					   err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, person_id);
	int rc;
	struct record_event e;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		e.id = sqlite3_column_int64(stmt, 0);
		e.person_id = sqlite3_column_int64(stmt, 1);
		store_column_text(stmt, 2, e.subject, sizeof e.subject);
		e.at = sqlite3_column_int64(stmt, 3);
		store_column_text(stmt, 4, e.actor, sizeof e.actor);
		store_column_text(stmt, 5, e.action, sizeof e.action);
		store_column_text(stmt, 6, e.detail, sizeof e.detail);
		if (!fn(&e, ctx)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? ST_OK : store_fail(store, err, "event list");
}
