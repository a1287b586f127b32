/*
 * store/exchange.c — this node, its peers, the outbox and inbox of the
 * exchange between places, and the inquiries received from other places.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "exchange/exchange.h"
#include "store/store_internal.h"

/* --- this node ------------------------------------------------------------- */

enum status store_exchange_node_get(struct store *store, struct exchange_node *out, bool *found,
				    struct error *err)
{
	char key[EXCHANGE_PUBLIC_KEY_TEXT_SIZE];
	sqlite3_stmt *stmt = store_prepare(
		store, "SELECT name, divisions, public_key FROM exchange_node WHERE id = 1", err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	memset(out, 0, sizeof *out);
	int rc = sqlite3_step(stmt);
	*found = rc == SQLITE_ROW;
	if (*found) {
		store_column_text(stmt, 0, out->name, sizeof out->name);
		store_column_text(stmt, 1, out->divisions, sizeof out->divisions);
		store_column_text(stmt, 2, key, sizeof key);
		if (!exchange_key_parse(key, out->public_key))
			*found = false;
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(store, err, "exchange node read");
	return ST_OK;
}

enum status store_exchange_node_insert(struct store *store, const struct exchange_node *node,
				       struct error *err)
{
	char key[EXCHANGE_PUBLIC_KEY_TEXT_SIZE];
	exchange_key_text(node->public_key, key);
	sqlite3_stmt *stmt = store_prepare(
		store,
		"INSERT INTO exchange_node (id, name, divisions, public_key, created_at) "
		"VALUES (1, ?1, ?2, ?3, ?4)",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	store_bind_text(stmt, 1, node->name);
	store_bind_text(stmt, 2, node->divisions);
	store_bind_text(stmt, 3, key);
	sqlite3_bind_int64(stmt, 4, (int64_t)time(NULL));
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc == SQLITE_CONSTRAINT)
		return error_set(err, ST_ALREADY_INITIALIZED, "name", "本节点已经初始化过");
	if (rc != SQLITE_DONE)
		return store_fail(store, err, "exchange node insert");
	return ST_OK;
}

/* --- peers ------------------------------------------------------------------ */

#define PEER_COLUMNS "name, url, public_key, divisions, created_at"

static void read_peer(sqlite3_stmt *stmt, struct exchange_peer *p)
{
	char key[EXCHANGE_PUBLIC_KEY_TEXT_SIZE];
	memset(p, 0, sizeof *p);
	store_column_text(stmt, 0, p->name, sizeof p->name);
	store_column_text(stmt, 1, p->url, sizeof p->url);
	store_column_text(stmt, 2, key, sizeof key);
	exchange_key_parse(key, p->public_key);
	store_column_text(stmt, 3, p->divisions, sizeof p->divisions);
	p->created_at = sqlite3_column_int64(stmt, 4);
}

enum status store_exchange_peer_put(struct store *store, struct exchange_peer *peer,
				    struct error *err)
{
	char key[EXCHANGE_PUBLIC_KEY_TEXT_SIZE];
	exchange_key_text(peer->public_key, key);
	peer->created_at = (int64_t)time(NULL);
	sqlite3_stmt *stmt = store_prepare(
		store,
		"INSERT INTO exchange_peer (" PEER_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5) "
		"ON CONFLICT (name) DO UPDATE SET url = excluded.url, "
		"public_key = excluded.public_key, divisions = excluded.divisions",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	store_bind_text(stmt, 1, peer->name);
	store_bind_text(stmt, 2, peer->url);
	store_bind_text(stmt, 3, key);
	store_bind_text(stmt, 4, peer->divisions);
	sqlite3_bind_int64(stmt, 5, peer->created_at);
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, "exchange peer put");
	return ST_OK;
}

enum status store_exchange_peer_get(struct store *store, const char *name,
				    struct exchange_peer *out, struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(
		store, "SELECT " PEER_COLUMNS " FROM exchange_peer WHERE name = ?1", err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	store_bind_text(stmt, 1, name);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		read_peer(stmt, out);
	sqlite3_finalize(stmt);
	if (rc == SQLITE_DONE)
		return error_set(err, ST_NOT_FOUND, "name", "没有这个对端节点");
	if (rc != SQLITE_ROW)
		return store_fail(store, err, "exchange peer read");
	return ST_OK;
}

enum status store_exchange_peer_remove(struct store *store, const char *name, struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(store, "DELETE FROM exchange_peer WHERE name = ?1", err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	store_bind_text(stmt, 1, name);
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, "exchange peer remove");
	if (sqlite3_changes(store->db) == 0)
		return error_set(err, ST_NOT_FOUND, "name", "没有这个对端节点");
	return ST_OK;
}

enum status store_exchange_peer_list(struct store *store, struct exchange_peer *out, size_t max,
				     size_t *count, struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(
		store, "SELECT " PEER_COLUMNS " FROM exchange_peer ORDER BY name", err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	int rc = SQLITE_DONE;
	*count = 0;
	while (*count < max && (rc = sqlite3_step(stmt)) == SQLITE_ROW)
		read_peer(stmt, &out[(*count)++]);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_fail(store, err, "exchange peer list");
	return ST_OK;
}

/* --- the outbox --------------------------------------------------------------- */

#define OUTBOX_COLUMNS                                                                   \
	"seq, id, peer, type, payload, state, attempts, next_attempt_ms, last_error, " \
	"created_ms, delivered_ms"

static void read_outbox(sqlite3_stmt *stmt, struct store_outbox_row *r)
{
	r->seq = sqlite3_column_int64(stmt, 0);
	store_column_text(stmt, 1, r->id, sizeof r->id);
	store_column_text(stmt, 2, r->peer, sizeof r->peer);
	store_column_text(stmt, 3, r->type, sizeof r->type);
	store_column_text(stmt, 4, r->payload, sizeof r->payload);
	r->state = (enum store_outbox_state)sqlite3_column_int(stmt, 5);
	r->attempts = sqlite3_column_int(stmt, 6);
	r->next_attempt_ms = sqlite3_column_int64(stmt, 7);
	store_column_text(stmt, 8, r->last_error, sizeof r->last_error);
	r->created_ms = sqlite3_column_int64(stmt, 9);
	r->delivered_ms = sqlite3_column_int64(stmt, 10);
}

static enum status read_outbox_rows(struct store *store, sqlite3_stmt *stmt,
				    struct store_outbox_row *out, size_t max, size_t *count,
				    struct error *err)
{
	int rc = SQLITE_DONE;
	*count = 0;
	while (*count < max && (rc = sqlite3_step(stmt)) == SQLITE_ROW)
		read_outbox(stmt, &out[(*count)++]);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_fail(store, err, "exchange outbox read");
	return ST_OK;
}

enum status store_exchange_outbox_add(struct store *store, const char *id, const char *peer,
				      const char *type, const char *payload, int64_t created_ms,
				      struct error *err)
{
	if (strlen(payload) >= STORE_OUTBOX_PAYLOAD_SIZE)
		return error_set(err, ST_INVALID_INPUT, "payload", "交换消息内容过长");
	sqlite3_stmt *stmt = store_prepare(
		store,
		"INSERT INTO exchange_outbox (id, peer, type, payload, state, attempts, "
		"next_attempt_ms, last_error, created_ms, delivered_ms) "
		"VALUES (?1, ?2, ?3, ?4, 1, 0, 0, '', ?5, 0)",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	store_bind_text(stmt, 1, id);
	store_bind_text(stmt, 2, peer);
	store_bind_text(stmt, 3, type);
	store_bind_text(stmt, 4, payload);
	sqlite3_bind_int64(stmt, 5, created_ms);
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, "exchange outbox add");
	return ST_OK;
}

enum status store_exchange_outbox_queued(struct store *store, size_t per_peer,
					 struct store_outbox_row *out, size_t max, size_t *count,
					 struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(
		store,
		"SELECT " OUTBOX_COLUMNS " FROM (SELECT *, row_number() OVER "
		"(PARTITION BY peer ORDER BY seq) AS place FROM exchange_outbox WHERE state = 1) "
		"WHERE place <= ?1 ORDER BY seq LIMIT ?2",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, (sqlite3_int64)per_peer);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)max);
	return read_outbox_rows(store, stmt, out, max, count, err);
}

enum status store_exchange_outbox_mark(struct store *store, const struct store_outbox_row *row,
				       struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(
		store,
		"UPDATE exchange_outbox SET state = ?1, attempts = ?2, next_attempt_ms = ?3, "
		"last_error = ?4, delivered_ms = ?5 WHERE seq = ?6",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int(stmt, 1, (int)row->state);
	sqlite3_bind_int(stmt, 2, row->attempts);
	sqlite3_bind_int64(stmt, 3, row->next_attempt_ms);
	store_bind_text(stmt, 4, row->last_error);
	sqlite3_bind_int64(stmt, 5, row->delivered_ms);
	sqlite3_bind_int64(stmt, 6, row->seq);
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, "exchange outbox mark");
	return ST_OK;
}

enum status store_exchange_outbox_list(struct store *store, enum store_outbox_state state,
				       int64_t before_seq, struct store_outbox_row *out,
				       size_t max, size_t *count, struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(
		store,
		"SELECT " OUTBOX_COLUMNS " FROM exchange_outbox WHERE (?1 = 0 OR state = ?1) "
		"AND (?2 = 0 OR seq < ?2) ORDER BY seq DESC LIMIT ?3",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int(stmt, 1, (int)state);
	sqlite3_bind_int64(stmt, 2, before_seq);
	sqlite3_bind_int64(stmt, 3, (sqlite3_int64)max);
	return read_outbox_rows(store, stmt, out, max, count, err);
}

enum status store_exchange_outbox_counts(struct store *store, int64_t counts[4],
					 struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(
		store, "SELECT state, count(*) FROM exchange_outbox GROUP BY state", err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	memset(counts, 0, 4 * sizeof counts[0]);
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		int state = sqlite3_column_int(stmt, 0);
		if (state >= 1 && state <= 3)
			counts[state] = sqlite3_column_int64(stmt, 1);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, "exchange outbox counts");
	counts[0] = counts[1] + counts[2] + counts[3];
	return ST_OK;
}

enum status store_exchange_outbox_timing(struct store *store, int64_t *median_ms,
					 int64_t *first_created_ms, int64_t *last_delivered_ms,
					 int64_t *delivered, struct error *err)
{
	*median_ms = *first_created_ms = *last_delivered_ms = *delivered = 0;
	sqlite3_stmt *stmt = store_prepare(
		store,
		"SELECT count(*), min(created_ms), max(delivered_ms) FROM exchange_outbox "
		"WHERE state = 2",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		*delivered = sqlite3_column_int64(stmt, 0);
		*first_created_ms = sqlite3_column_int64(stmt, 1);
		*last_delivered_ms = sqlite3_column_int64(stmt, 2);
	}
	sqlite3_finalize(stmt);
	if (*delivered == 0)
		return ST_OK;
	stmt = store_prepare(store,
			     "SELECT delivered_ms - created_ms AS t FROM exchange_outbox "
			     "WHERE state = 2 ORDER BY t LIMIT 1 OFFSET ?1",
			     err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, *delivered / 2);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		*median_ms = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return ST_OK;
}

/* --- the inbox ------------------------------------------------------------------ */

enum status store_exchange_inbox_seen(struct store *store, const char *id, bool *seen,
				      struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(store, "SELECT 1 FROM exchange_inbox WHERE id = ?1", err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	store_bind_text(stmt, 1, id);
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(store, err, "exchange inbox read");
	*seen = rc == SQLITE_ROW;
	return ST_OK;
}

enum status store_exchange_inbox_add(struct store *store, const struct store_inbox_row *row,
				     struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(
		store,
		"INSERT INTO exchange_inbox (id, from_node, type, outcome, received_ms) "
		"VALUES (?1, ?2, ?3, ?4, ?5)",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	store_bind_text(stmt, 1, row->id);
	store_bind_text(stmt, 2, row->from_node);
	store_bind_text(stmt, 3, row->type);
	store_bind_text(stmt, 4, row->outcome);
	sqlite3_bind_int64(stmt, 5, row->received_ms);
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, "exchange inbox add");
	return ST_OK;
}

enum status store_exchange_inbox_list(struct store *store, struct store_inbox_row *out,
				      size_t max, size_t *count, struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(
		store,
		"SELECT id, from_node, type, outcome, received_ms FROM exchange_inbox "
		"ORDER BY received_ms DESC, id LIMIT ?1",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, (sqlite3_int64)max);
	int rc = SQLITE_DONE;
	*count = 0;
	while (*count < max && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct store_inbox_row *r = &out[(*count)++];
		store_column_text(stmt, 0, r->id, sizeof r->id);
		store_column_text(stmt, 1, r->from_node, sizeof r->from_node);
		store_column_text(stmt, 2, r->type, sizeof r->type);
		store_column_text(stmt, 3, r->outcome, sizeof r->outcome);
		r->received_ms = sqlite3_column_int64(stmt, 4);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_fail(store, err, "exchange inbox list");
	return ST_OK;
}

/* --- received inquiries ----------------------------------------------------------- */

#define INQUIRY_COLUMNS                                                                    \
	"id, message_id, from_node, remote_id, person_name, id_number_sealed, "            \
	"hukou_division, from_division, subject, note, due_on, state, answered_on, "       \
	"marital_status, answer_text, reference, version, created_at, updated_at"

static void read_inquiry(struct store *store, sqlite3_stmt *stmt,
			 struct exchange_received_inquiry *q)
{
	char sealed[CRYPTO_SEALED_TEXT_SIZE(IDCARD_SIZE)];
	memset(q, 0, sizeof *q);
	q->id = sqlite3_column_int64(stmt, 0);
	store_column_text(stmt, 1, q->message_id, sizeof q->message_id);
	store_column_text(stmt, 2, q->from_node, sizeof q->from_node);
	q->remote_id = sqlite3_column_int64(stmt, 3);
	store_column_text(stmt, 4, q->person_name, sizeof q->person_name);
	store_column_text(stmt, 5, sealed, sizeof sealed);
	if (crypto_open_text(&store->keys, sealed, q->id_number, sizeof q->id_number, NULL) != ST_OK)
		q->id_number[0] = '\0';
	store_column_text(stmt, 6, q->hukou_division, sizeof q->hukou_division);
	store_column_text(stmt, 7, q->from_division, sizeof q->from_division);
	store_column_text(stmt, 8, q->subject, sizeof q->subject);
	store_column_text(stmt, 9, q->note, sizeof q->note);
	store_column_text(stmt, 10, q->due_on, sizeof q->due_on);
	q->state = (enum exchange_inquiry_state)sqlite3_column_int(stmt, 11);
	store_column_text(stmt, 12, q->answered_on, sizeof q->answered_on);
	store_column_text(stmt, 13, q->marital_status, sizeof q->marital_status);
	store_column_text(stmt, 14, q->answer_text, sizeof q->answer_text);
	store_column_text(stmt, 15, q->reference, sizeof q->reference);
	q->version = sqlite3_column_int64(stmt, 16);
	q->created_at = sqlite3_column_int64(stmt, 17);
	q->updated_at = sqlite3_column_int64(stmt, 18);
}

enum status store_exchange_inquiry_insert(struct store *store,
					  struct exchange_received_inquiry *q, struct error *err)
{
	char sealed[CRYPTO_SEALED_TEXT_SIZE(IDCARD_SIZE)];
	int64_t now = (int64_t)time(NULL);
	enum status st = crypto_seal_text(&store->keys, q->id_number, sealed, sizeof sealed, err);
	if (st != ST_OK)
		return st;
	sqlite3_stmt *stmt = store_prepare(
		store,
		"INSERT INTO exchange_inquiry (message_id, from_node, remote_id, person_name, "
		"id_number_sealed, hukou_division, from_division, subject, note, due_on, state, "
		"answered_on, marital_status, answer_text, reference, version, created_at, "
		"updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 1, '', '', '', '', 1, "
		"?11, ?11)",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	store_bind_text(stmt, 1, q->message_id);
	store_bind_text(stmt, 2, q->from_node);
	sqlite3_bind_int64(stmt, 3, q->remote_id);
	store_bind_text(stmt, 4, q->person_name);
	store_bind_text(stmt, 5, sealed);
	store_bind_text(stmt, 6, q->hukou_division);
	store_bind_text(stmt, 7, q->from_division);
	store_bind_text(stmt, 8, q->subject);
	store_bind_text(stmt, 9, q->note);
	store_bind_text(stmt, 10, q->due_on);
	sqlite3_bind_int64(stmt, 11, now);
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, "exchange inquiry insert");
	q->id = sqlite3_last_insert_rowid(store->db);
	q->state = EXCHANGE_INQUIRY_RECEIVED;
	q->version = 1;
	q->created_at = q->updated_at = now;
	return ST_OK;
}

enum status store_exchange_inquiry_get(struct store *store, int64_t id,
				       struct exchange_received_inquiry *out, struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(
		store, "SELECT " INQUIRY_COLUMNS " FROM exchange_inquiry WHERE id = ?1", err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int64(stmt, 1, id);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		read_inquiry(store, stmt, out);
	sqlite3_finalize(stmt);
	if (rc == SQLITE_DONE)
		return error_set(err, ST_NOT_FOUND, "id", "来函不存在");
	if (rc != SQLITE_ROW)
		return store_fail(store, err, "exchange inquiry read");
	return ST_OK;
}

enum status store_exchange_inquiry_answer(struct store *store,
					  struct exchange_received_inquiry *q,
					  int64_t expected_version, struct error *err)
{
	int64_t now = (int64_t)time(NULL);
	sqlite3_stmt *stmt = store_prepare(
		store,
		"UPDATE exchange_inquiry SET state = ?1, answered_on = ?2, marital_status = ?3, "
		"answer_text = ?4, reference = ?5, version = version + 1, updated_at = ?6 "
		"WHERE id = ?7 AND version = ?8",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	sqlite3_bind_int(stmt, 1, (int)q->state);
	store_bind_text(stmt, 2, q->answered_on);
	store_bind_text(stmt, 3, q->marital_status);
	store_bind_text(stmt, 4, q->answer_text);
	store_bind_text(stmt, 5, q->reference);
	sqlite3_bind_int64(stmt, 6, now);
	sqlite3_bind_int64(stmt, 7, q->id);
	sqlite3_bind_int64(stmt, 8, expected_version);
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, "exchange inquiry answer");
	if (sqlite3_changes(store->db) == 0)
		return error_set(err, ST_VERSION_CONFLICT, "version", "来函已被他人办理，请刷新后重试");
	q->version = expected_version + 1;
	q->updated_at = now;
	return ST_OK;
}

enum status store_exchange_inquiry_list(struct store *store, const char *division,
					struct exchange_received_inquiry *out, size_t max,
					size_t *count, struct error *err)
{
	char division_end[DIVISION_CODE_SIZE + 1];
	snprintf(division_end, sizeof division_end, "%s:", division);
	sqlite3_stmt *stmt = store_prepare(
		store,
		"SELECT " INQUIRY_COLUMNS " FROM exchange_inquiry "
		"WHERE hukou_division >= ?1 AND hukou_division < ?2 ORDER BY id DESC LIMIT ?3",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	store_bind_text(stmt, 1, division);
	store_bind_text(stmt, 2, division_end);
	sqlite3_bind_int64(stmt, 3, (sqlite3_int64)max);
	int rc = SQLITE_DONE;
	*count = 0;
	while (*count < max && (rc = sqlite3_step(stmt)) == SQLITE_ROW)
		read_inquiry(store, stmt, &out[(*count)++]);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_fail(store, err, "exchange inquiry list");
	return ST_OK;
}

/* --- handovers ----------------------------------------------------------------------- */

enum status store_exchange_handover_insert(struct store *store, struct exchange_handover *h,
					   struct error *err)
{
	char sealed[CRYPTO_SEALED_TEXT_SIZE(IDCARD_SIZE)];
	enum status st = crypto_seal_text(&store->keys, h->id_number, sealed, sizeof sealed, err);
	if (st != ST_OK)
		return st;
	h->created_at = (int64_t)time(NULL);
	sqlite3_stmt *stmt = store_prepare(
		store,
		"INSERT INTO exchange_handover (message_id, from_node, person_name, id_number_sealed, "
		"hukou_division, destination_division, destination_address, effective_on, "
		"certificate_number, certificate_issuer, certificate_issued_on, marital_status, "
		"spouse_name, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
		"?13, ?14)",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	const char *texts[] = {h->message_id, h->from_node, h->person_name, sealed,
			       h->hukou_division, h->destination_division, h->destination_address,
			       h->effective_on, h->certificate_number, h->certificate_issuer,
			       h->certificate_issued_on, h->marital_status, h->spouse_name};
	for (int i = 0; i < 13; i++)
		store_bind_text(stmt, i + 1, texts[i]);
	sqlite3_bind_int64(stmt, 14, h->created_at);
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, "exchange handover insert");
	h->id = sqlite3_last_insert_rowid(store->db);
	return ST_OK;
}

enum status store_exchange_handover_list(struct store *store, const char *division,
					 struct exchange_handover *out, size_t max,
					 size_t *count, struct error *err)
{
	char division_end[DIVISION_CODE_SIZE + 1];
	char sealed[CRYPTO_SEALED_TEXT_SIZE(IDCARD_SIZE)];
	snprintf(division_end, sizeof division_end, "%s:", division);
	sqlite3_stmt *stmt = store_prepare(
		store,
		"SELECT id, message_id, from_node, person_name, id_number_sealed, hukou_division, "
		"destination_division, destination_address, effective_on, certificate_number, "
		"certificate_issuer, certificate_issued_on, marital_status, spouse_name, created_at "
		"FROM exchange_handover WHERE destination_division >= ?1 AND destination_division < ?2 "
		"ORDER BY id DESC LIMIT ?3",
		err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	store_bind_text(stmt, 1, division);
	store_bind_text(stmt, 2, division_end);
	sqlite3_bind_int64(stmt, 3, (sqlite3_int64)max);
	int rc = SQLITE_DONE;
	*count = 0;
	while (*count < max && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct exchange_handover *h = &out[(*count)++];
		memset(h, 0, sizeof *h);
		h->id = sqlite3_column_int64(stmt, 0);
		store_column_text(stmt, 1, h->message_id, sizeof h->message_id);
		store_column_text(stmt, 2, h->from_node, sizeof h->from_node);
		store_column_text(stmt, 3, h->person_name, sizeof h->person_name);
		store_column_text(stmt, 4, sealed, sizeof sealed);
		if (crypto_open_text(&store->keys, sealed, h->id_number, sizeof h->id_number, NULL) !=
		    ST_OK)
			h->id_number[0] = '\0';
		store_column_text(stmt, 5, h->hukou_division, sizeof h->hukou_division);
		store_column_text(stmt, 6, h->destination_division, sizeof h->destination_division);
		store_column_text(stmt, 7, h->destination_address, sizeof h->destination_address);
		store_column_text(stmt, 8, h->effective_on, sizeof h->effective_on);
		store_column_text(stmt, 9, h->certificate_number, sizeof h->certificate_number);
		store_column_text(stmt, 10, h->certificate_issuer, sizeof h->certificate_issuer);
		store_column_text(stmt, 11, h->certificate_issued_on, sizeof h->certificate_issued_on);
		store_column_text(stmt, 12, h->marital_status, sizeof h->marital_status);
		store_column_text(stmt, 13, h->spouse_name, sizeof h->spouse_name);
		h->created_at = sqlite3_column_int64(stmt, 14);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_fail(store, err, "exchange handover list");
	return ST_OK;
}
