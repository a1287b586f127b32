/*
 * exchange/outbox.c — queuing messages to other nodes in the transaction of
 * the change that causes them (the sender thread delivers them later).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "domain/certificate.h"
#include "exchange/exchange_io.h"
#include "store/store.h"

#define PEERS_MAX 64

static int64_t now_ms(void)
{
	struct timeval tv;
	gettimeofday(&tv, NULL);
	return (int64_t)tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

enum status exchange_enqueue_to(struct store *store, const char *peer, const char *type,
				json_t *payload, struct error *err)
{
	char id[EXCHANGE_ID_SIZE];
	if (payload == NULL)
		return error_set(err, ST_NO_MEMORY, "", NULL);
	char *text = json_dumps(payload, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(payload);
	if (text == NULL)
		return error_set(err, ST_NO_MEMORY, "", NULL);
	exchange_new_id(id);
	enum status st = store_exchange_outbox_add(store, id, peer, type, text, now_ms(), err);
	free(text);
	return st;
}

enum status exchange_enqueue_for_division(struct store *store, const char *division,
					  const char *type, json_t *payload, bool *queued,
					  struct error *err)
{
	struct exchange_node node;
	struct exchange_peer *peers = calloc(PEERS_MAX, sizeof *peers);
	bool found = false;
	size_t count = 0;
	enum status st;
	*queued = false;
	if (peers == NULL) {
		json_decref(payload);
		return error_set(err, ST_NO_MEMORY, "", NULL);
	}
	if ((st = store_exchange_node_get(store, &node, &found, err)) != ST_OK || !found ||
	    (st = store_exchange_peer_list(store, peers, PEERS_MAX, &count, err)) != ST_OK)
		goto out_free;
	long chosen = exchange_peer_choose(peers, count, division);
	if (chosen < 0 || exchange_prefix_match(node.divisions, division) >=
				  exchange_prefix_match(peers[chosen].divisions, division))
		goto out_free;
	st = exchange_enqueue_to(store, peers[chosen].name, type, payload, err);
	payload = NULL;
	*queued = st == ST_OK;
out_free:
	json_decref(payload);
	free(peers);
	return st;
}

enum status exchange_peer_for(struct store *store, const char *division,
			      char name[EXCHANGE_NAME_SIZE], struct error *err)
{
	struct exchange_peer *peers = calloc(PEERS_MAX, sizeof *peers);
	size_t count = 0;
	if (peers == NULL)
		return error_set(err, ST_NO_MEMORY, "", NULL);
	enum status st = store_exchange_peer_list(store, peers, PEERS_MAX, &count, err);
	long chosen = st == ST_OK ? exchange_peer_choose(peers, count, division) : -1;
	if (st == ST_OK && chosen < 0)
		st = error_set(err, ST_EXCHANGE_NO_PEER, "division", NULL);
	if (st == ST_OK)
		memcpy(name, peers[chosen].name, EXCHANGE_NAME_SIZE);
	free(peers);
	return st;
}

/* The hukou county of a person: the recorded hukou place, else the ID number's region. */
static void hukou_of(const struct person *p, char out[DIVISION_CODE_SIZE])
{
	if (p->hukou_division[0])
		memcpy(out, p->hukou_division, DIVISION_CODE_SIZE);
	else {
		memcpy(out, p->id_number, 6);
		out[6] = '\0';
	}
}

enum status exchange_notice_person(struct store *store, const struct person *p,
				   const char *event, struct error *err)
{
	char hukou[DIVISION_CODE_SIZE];
	bool queued;
	hukou_of(p, hukou);
	json_t *payload = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "event", event,
				    "id_number", p->id_number, "name", p->name, "hukou_division",
				    hukou, "residence_division", p->residence_division,
				    "arrival_date", p->arrival_date, "flow", person_flow_name(p->flow));
	return exchange_enqueue_for_division(store, hukou, "person.notice", payload, &queued, err);
}

enum status exchange_request_inquiry(struct store *store, const struct inquiry *q,
				     const struct person *p, struct error *err)
{
	bool queued;
	if (q->channel != INQUIRY_NETWORK || q->state != INQUIRY_SENT)
		return ST_OK;
	json_t *payload = json_pack(
		"{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "inquiry_id", (json_int_t)q->id,
		"name", p->name, "id_number", p->id_number, "hukou_division", q->to_division,
		"from_division", q->from_division, "subject", inquiry_subject_name(q->subject),
		"note", q->note, "due_on", q->due_on);
	return exchange_enqueue_for_division(store, q->to_division, "inquiry.request", payload,
					     &queued, err);
}

enum status exchange_answer_inquiry(struct store *store,
				    const struct exchange_received_inquiry *q, struct error *err)
{
	json_t *payload = json_pack("{s:I, s:s, s:s, s:s, s:s}", "inquiry_id",
				    (json_int_t)q->remote_id, "answered_on", q->answered_on,
				    "marital_status", q->marital_status, "answer_text",
				    q->answer_text, "reference", q->reference);
	return exchange_enqueue_to(store, q->from_node, "inquiry.answer", payload, err);
}

enum status exchange_hand_over(struct store *store, const struct person *p,
			       const char *destination_division, const char *destination_address,
			       const char *effective_on, const struct certificate *c,
			       struct error *err)
{
	bool queued;
	json_t *certificate = json_pack(
		"{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "number", c->number, "kind",
		certificate_kind_name(c->kind), "issuer_name", c->issuer_name, "issued_on",
		c->issued_on, "marital_status", c->marital_status, "marriage_date", c->marriage_date,
		"spouse_name", c->spouse_name);
	json_t *payload = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o}", "id_number", p->id_number,
				    "name", p->name, "hukou_division", p->hukou_division,
				    "destination_division", destination_division,
				    "destination_address", destination_address, "effective_on",
				    effective_on, "certificate", certificate);
	return exchange_enqueue_for_division(store, destination_division, "person.handover", payload,
					     &queued, err);
}
