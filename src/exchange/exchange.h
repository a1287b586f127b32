/*
 * exchange.h — the information network between places (policy §5; the
 * feedback channel of §2(2)).  Each city or province runs its own liudong,
 * a "node"; nodes send each other signed messages.
 *
 * A message is one JSON object, the envelope:
 *     {"id":"<32 hex>","type":"person.notice","from":"jiayuguan",
 *      "to":"henan","created_at":<Unix s>,"sent_at":<Unix s>,"payload":{…}}
 * sent as the body of POST /exchange/v1/messages with the header
 *     X-Liudong-Signature: <base64url Ed25519 signature of the exact body bytes>
 * made with the sending node's key.  The receiver checks, in this order:
 * form (exchange_malformed), sender registered as a peer
 * (exchange_unknown_sender), signature (exchange_signature_invalid),
 * addressee (exchange_wrong_recipient), |now - sent_at| <= 300 s
 * (exchange_clock_skew); then applies the message once: an id applied
 * before is acknowledged as "duplicate" and changes nothing.  Answers are
 * signed the same way by the answering node.
 *
 * Divisions a node answers for are code prefixes at significant length
 * ("620200" is kept as "6202", "410000" as "41"); a message about a
 * division goes to the peer with the longest matching prefix.
 */
#ifndef LIUDONG_EXCHANGE_H
#define LIUDONG_EXCHANGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/error.h"
#include "domain/division.h"
#include "domain/inquiry.h"
#include "security/crypto.h"

#define EXCHANGE_NAME_SIZE 41        /* 1..40 of a-z, 0-9 and '-' */
#define EXCHANGE_URL_SIZE 256
#define EXCHANGE_DIVISIONS_SIZE 256  /* comma-separated prefixes */
#define EXCHANGE_ID_SIZE 33          /* 32 lowercase hex digits */
#define EXCHANGE_TYPE_SIZE 32
#define EXCHANGE_SIGNATURE_TEXT_SIZE 87
#define EXCHANGE_PUBLIC_KEY_TEXT_SIZE 65  /* 64 hex digits */
#define EXCHANGE_MAX_SKEW_SECONDS 300
#define EXCHANGE_BODY_MAX (64 * 1024)
#define EXCHANGE_SIGNATURE_HEADER "X-Liudong-Signature"

/* This node. */
struct exchange_node {
	char name[EXCHANGE_NAME_SIZE];
	char divisions[EXCHANGE_DIVISIONS_SIZE];
	unsigned char public_key[CRYPTO_PUBLIC_KEY_SIZE];
};

/* Another node, as registered with `liudong peer add`. */
struct exchange_peer {
	char name[EXCHANGE_NAME_SIZE];
	char url[EXCHANGE_URL_SIZE];            /* base URL, e.g. https://10.1.2.3:8443 */
	unsigned char public_key[CRYPTO_PUBLIC_KEY_SIZE];
	char divisions[EXCHANGE_DIVISIONS_SIZE];
	int64_t created_at;
};

/* A message; `payload` is owned (json_decref in exchange_envelope_release). */
struct exchange_envelope {
	char id[EXCHANGE_ID_SIZE];
	char type[EXCHANGE_TYPE_SIZE];
	char from[EXCHANGE_NAME_SIZE];
	char to[EXCHANGE_NAME_SIZE];
	int64_t created_at;   /* Unix seconds: when the change was made */
	int64_t sent_at;      /* Unix seconds: when this attempt was signed */
	struct json_t *payload;
};

/*
 * An inquiry received from another place (函调来函): the hukou office
 * answers it here, and the answer goes back as inquiry.answer.
 */
enum exchange_inquiry_state {
	EXCHANGE_INQUIRY_RECEIVED = 1,
	EXCHANGE_INQUIRY_ANSWERED = 2,
};

struct exchange_received_inquiry {
	int64_t id;
	char message_id[EXCHANGE_ID_SIZE];
	char from_node[EXCHANGE_NAME_SIZE];
	int64_t remote_id;                          /* the inquiry's id at the asking node */
	char person_name[PERSON_NAME_SIZE];
	char id_number[IDCARD_SIZE];                /* sealed at rest */
	char hukou_division[DIVISION_CODE_SIZE];
	char from_division[DIVISION_CODE_SIZE];     /* the asking town/street */
	char subject[32];                           /* "marital" or "marital_childbearing" */
	char note[INQUIRY_TEXT_SIZE];
	char due_on[DATE_TEXT_SIZE];
	enum exchange_inquiry_state state;
	char answered_on[DATE_TEXT_SIZE];
	char marital_status[3];
	char answer_text[INQUIRY_TEXT_SIZE];
	char reference[INQUIRY_REFERENCE_SIZE];
	int64_t version;
	int64_t created_at;
	int64_t updated_at;
};

/* A person handed over to this place by the office of the hukou place. */
struct exchange_handover {
	int64_t id;
	char message_id[EXCHANGE_ID_SIZE];
	char from_node[EXCHANGE_NAME_SIZE];
	char person_name[PERSON_NAME_SIZE];
	char id_number[IDCARD_SIZE];                   /* sealed at rest */
	char hukou_division[DIVISION_CODE_SIZE];
	char destination_division[DIVISION_CODE_SIZE]; /* here: the spouse's place */
	char destination_address[PERSON_ADDRESS_SIZE];
	char effective_on[DATE_TEXT_SIZE];
	char certificate_number[48];                   /* the transfer certificate */
	char certificate_issuer[192];
	char certificate_issued_on[DATE_TEXT_SIZE];
	char marital_status[3];
	char spouse_name[PERSON_NAME_SIZE];
	int64_t created_at;
};

/* --- names, divisions, peers (exchange/peer.c) ---------------------------- */

/* True for a node name: 1..40 characters of a-z, 0-9 and '-', not starting with '-'. */
bool exchange_name_valid(const char *name);

/*
 * Parses "620200,41,4101" into `out` ("6202,41,4101"): each item a division
 * code of 2..12 digits brought to its significant length (trailing "00"
 * pairs dropped), duplicates removed.  ST_INVALID_INPUT (field `field`)
 * otherwise.
 */
enum status exchange_divisions_parse(const char *text, const char *field, char *out,
				     size_t size, struct error *err);

/* Length of the longest prefix of `divisions` that `code` starts with; 0 if none. */
size_t exchange_prefix_match(const char *divisions, const char *code);

/*
 * The peer answering for division `code`: the longest matching prefix, the
 * earlier peer on a tie.  -1 if none does.
 */
long exchange_peer_choose(const struct exchange_peer *peers, size_t count, const char *code);

/* True for an http:// or https:// URL without spaces, of at most 255 bytes. */
bool exchange_url_valid(const char *url);

/* Public key as 64 hex digits and back (false for anything else). */
void exchange_key_text(const unsigned char key[CRYPTO_PUBLIC_KEY_SIZE],
		       char out[EXCHANGE_PUBLIC_KEY_TEXT_SIZE]);
bool exchange_key_parse(const char *text, unsigned char key[CRYPTO_PUBLIC_KEY_SIZE]);

/* --- envelopes (exchange/envelope.c) --------------------------------------- */

/* The message types this program knows. */
bool exchange_type_known(const char *type);

/* True for the types answered in the HTTP response (verify, query). */
bool exchange_type_synchronous(const char *type);

/* A fresh random message id (32 lowercase hex digits). */
void exchange_new_id(char out[EXCHANGE_ID_SIZE]);

/*
 * The envelope as compact JSON text with sorted keys (malloc'd, the caller
 * frees; *len gets its length), or NULL without memory.
 */
char *exchange_envelope_render(const struct exchange_envelope *e, size_t *len);

/*
 * Parses a message body: a JSON object with exactly the envelope's members,
 * each of its type and form (a known type, valid names, a 32-hex id, a
 * payload object).  ST_EXCHANGE_MALFORMED with the member at fault.  On
 * success `out` owns the payload.
 */
enum status exchange_envelope_parse(const char *body, size_t len,
				    struct exchange_envelope *out, struct error *err);

/* Drops the payload. */
void exchange_envelope_release(struct exchange_envelope *e);

/* Signature of `len` bytes with the node key, as base64url text. */
void exchange_sign(const struct crypto_node_key *key, const void *body, size_t len,
		   char out[EXCHANGE_SIGNATURE_TEXT_SIZE]);

/* True if `sig_text` is the signature of exactly these bytes under `public_key`. */
bool exchange_signature_valid(const unsigned char public_key[CRYPTO_PUBLIC_KEY_SIZE],
			      const void *body, size_t len, const char *sig_text);

/* True if `sent_at` lies within EXCHANGE_MAX_SKEW_SECONDS of `now`. */
bool exchange_time_acceptable(int64_t sent_at, int64_t now);

#endif
