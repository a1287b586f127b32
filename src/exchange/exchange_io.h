/*
 * exchange_io.h — the exchange at work: this node's key, queuing messages
 * in the transaction of the change that causes them, applying the messages
 * that arrive, asking a peer and waiting for its answer, and the sender
 * thread that delivers the outbox.
 */
#ifndef LIUDONG_EXCHANGE_IO_H
#define LIUDONG_EXCHANGE_IO_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "domain/inquiry.h"
#include "domain/person.h"
#include "exchange/exchange.h"

struct store;

/* "<database>.node-key". */
void exchange_node_key_path(const char *db_path, char *buf, size_t size);

/*
 * This node and its secret key; ST_NOT_INITIALIZED before `liudong node
 * init`, ST_KEY_MISSING / ST_KEY_INSECURE / ST_KEY_MISMATCH for the key file.
 */
enum status exchange_node_open(struct store *store, const char *db_path,
			       struct exchange_node *node, struct crypto_node_key *key,
			       struct error *err);

/* --- queuing (exchange/outbox.c); each joins the caller's transaction ------- */

/*
 * Queues `type` with `payload` (stolen) to the peer that answers for
 * `division`; *queued false (ST_OK) when this node is not set up, no peer
 * answers for it, or this node's own divisions match it at least as long.
 */
enum status exchange_enqueue_for_division(struct store *store, const char *division,
					  const char *type, json_t *payload, bool *queued,
					  struct error *err);

/* The peer answering for `division` into `name`; ST_EXCHANGE_NO_PEER if none does. */
enum status exchange_peer_for(struct store *store, const char *division,
			      char name[EXCHANGE_NAME_SIZE], struct error *err);

/* Queues `type` with `payload` (stolen) to peer `peer`. */
enum status exchange_enqueue_to(struct store *store, const char *peer, const char *type,
				json_t *payload, struct error *err);

/*
 * person.notice to the node of the person's hukou place: `event` is
 * "registered" (an inflow person registered here) or "left".
 */
enum status exchange_notice_person(struct store *store, const struct person *p,
				   const char *event, struct error *err);

/* inquiry.request for a sent inquiry over the network; nothing for other channels. */
enum status exchange_request_inquiry(struct store *store, const struct inquiry *q,
				     const struct person *p, struct error *err);

/*
 * person.handover to the node of the destination of a hand-over
 * transition, with the transfer certificate issued for it.
 */
struct certificate;
enum status exchange_hand_over(struct store *store, const struct person *p,
			       const char *destination_division, const char *destination_address,
			       const char *effective_on, const struct certificate *c,
			       struct error *err);

/* inquiry.answer for an answered received inquiry, to the node that asked. */
enum status exchange_answer_inquiry(struct store *store,
				    const struct exchange_received_inquiry *q, struct error *err);

/* --- receiving (exchange/apply.c) ------------------------------------------------ */

/*
 * Applies a checked message inside the caller's transaction, acting as
 * "node:<from>", and says what it did in `effect` ("applied",
 * "person_not_registered", ...; the answer of synchronous types).  ST_EXCHANGE_MALFORMED if the payload is
 * not of its type's form; other refusals as the rules give them.
 */
struct exchange_effect {
	json_t *answer;      /* owned; NULL for asynchronous types */
	char outcome[32];    /* for the inbox and the audit row */
	char object[64];     /* the record touched, "person:12", or "" */
	char detail[400];    /* audit detail: who asked and why (person.query) */
};
enum status exchange_apply(const struct registry *reg, const struct exchange_envelope *e,
			   struct exchange_effect *effect, struct error *err);

/* --- asking and delivering (exchange/transport.c) ----------------------------------- */

/*
 * Sends a synchronous message (certificate.verify, person.query) to `peer`
 * and waits for its signed answer; *answer gets its payload (owned).
 * ST_EXCHANGE_UNREACHABLE if the peer does not answer or the answer does not
 * check; the peer's refusal as its status otherwise.
 */
enum status exchange_ask(struct store *store, const char *db_path, const char *peer_name,
			 const char *type, json_t *payload, json_t **answer, struct error *err);

/* Starts the sender thread on its own store handle; retries back off up to `retry_max_ms`. */
enum status exchange_sender_start(const char *db_path, long retry_max_ms, struct error *err);
/* Wakes the sender (something was queued). */
void exchange_sender_wake(void);
/* Stops the sender thread (after the attempt in progress). */
void exchange_sender_stop(void);

#endif
