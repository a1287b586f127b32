/*
 * inquiry.h — letter inquiries (函调, policy §2(2)): the residence office
 * asks the household-registration place about a person's marital (and
 * childbearing) status, by letter, over the network or through the
 * province's out-of-province work stations.
 *
 * States: draft → sent → answered, or cancelled; "overdue" is not stored:
 * a sent inquiry is overdue on the days after due_on.  The due date is set
 * when the inquiry is sent: normal 30 days, urgent 15 (deployment settings).
 */
#ifndef LIUDONG_INQUIRY_H
#define LIUDONG_INQUIRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/error.h"
#include "domain/division.h"
#include "domain/person.h"

#define INQUIRY_TEXT_SIZE 1536   /* notes and answers: at most 500 characters */
#define INQUIRY_TEXT_MAX_CHARS 500
#define INQUIRY_REFERENCE_SIZE 192  /* document reference: at most 60 characters */
#define INQUIRY_REFERENCE_MAX_CHARS 60
#define INQUIRY_LIST_MAX 64

enum inquiry_channel {
	INQUIRY_CHANNEL_NONE = 0,
	INQUIRY_LETTER = 1,
	INQUIRY_NETWORK = 2,
	INQUIRY_WORKSTATION = 3,
};

enum inquiry_urgency {
	INQUIRY_URGENCY_NONE = 0,
	INQUIRY_NORMAL = 1,
	INQUIRY_URGENT = 2,
};

enum inquiry_subject {
	INQUIRY_SUBJECT_NONE = 0,
	INQUIRY_MARITAL = 1,
	INQUIRY_MARITAL_CHILDBEARING = 2,
};

enum inquiry_state {
	INQUIRY_STATE_NONE = 0,
	INQUIRY_DRAFT = 1,
	INQUIRY_SENT = 2,
	INQUIRY_ANSWERED = 3,
	INQUIRY_CANCELLED = 4,
	INQUIRY_OVERDUE = 5, /* never stored: sent, past due_on */
};

struct inquiry {
	int64_t id;
	int64_t person_id;
	char from_division[DIVISION_CODE_SIZE]; /* the residence town/street */
	char to_division[DIVISION_CODE_SIZE];   /* the hukou place asked */
	enum inquiry_channel channel;
	enum inquiry_urgency urgency;
	enum inquiry_subject subject;
	enum inquiry_state state;               /* as stored (never OVERDUE) */
	char note[INQUIRY_TEXT_SIZE];           /* what is asked besides the subject */
	char sent_on[DATE_TEXT_SIZE];
	char due_on[DATE_TEXT_SIZE];
	char answered_on[DATE_TEXT_SIZE];
	char answer_marital_status[3];          /* GB/T 2261.2, as the answer states */
	char answer_text[INQUIRY_TEXT_SIZE];
	char answer_reference[INQUIRY_REFERENCE_SIZE]; /* the answering document, e.g. 中原计生函〔2026〕15号 */
	char cancel_reason[INQUIRY_TEXT_SIZE];
	int64_t version;
	int64_t created_at;
	int64_t updated_at;
};

/* What an office asks when it opens an inquiry. */
struct inquiry_request {
	int64_t person_id;
	char to_division[DIVISION_CODE_SIZE + 8];  /* "" = the person's hukou place */
	char channel[16];                          /* "letter" (default), "network", "workstation" */
	char urgency[16];                          /* "normal" (default), "urgent" */
	char subject[32];                          /* "marital" (default), "marital_childbearing" */
	char note[INQUIRY_TEXT_SIZE];
	bool send;                                 /* send at once (sent today) */
};

/* The answer of the hukou place. */
struct inquiry_answer {
	char answered_on[DATE_TEXT_SIZE];  /* "" = today */
	char marital_status[8];
	char text[INQUIRY_TEXT_SIZE];
	char reference[INQUIRY_REFERENCE_SIZE];
};

/* A listing: every set filter must hold; newest first, before `before_id`. */
struct inquiry_query {
	char division[DIVISION_CODE_SIZE];  /* the person's residence inside this, or "" */
	enum inquiry_state state;           /* or NONE; OVERDUE = sent and past due */
	int64_t before_id;                  /* cursor, 0 = from the newest */
	size_t limit;                       /* 1..INQUIRY_LIST_MAX */
};

const char *inquiry_channel_name(enum inquiry_channel c);   /* "letter" */
const char *inquiry_channel_label(enum inquiry_channel c);  /* "信函" */
const char *inquiry_urgency_name(enum inquiry_urgency u);
const char *inquiry_urgency_label(enum inquiry_urgency u);
const char *inquiry_subject_name(enum inquiry_subject s);
const char *inquiry_subject_label(enum inquiry_subject s);
const char *inquiry_state_name(enum inquiry_state s);
const char *inquiry_state_label(enum inquiry_state s);
bool inquiry_state_parse(const char *name, enum inquiry_state *out);

/* The state on `today`: OVERDUE for a sent inquiry past its due date. */
enum inquiry_state inquiry_state_on(const struct inquiry *q, const struct date *today);

/* Opens an inquiry about a person (and sends it at once if asked). */
enum status inquiry_create(const struct registry *reg, const struct inquiry_request *req,
			   const char *actor, struct inquiry *out, struct error *err);

/* Sends a draft on `sent_on` ("" = today); the due date follows from the urgency. */
enum status inquiry_send(const struct registry *reg, int64_t id, const char *sent_on,
			 const char *actor, struct inquiry *out, struct error *err);

/* Records the answer of a sent (or overdue) inquiry. */
enum status inquiry_record_answer(const struct registry *reg, int64_t id,
				  const struct inquiry_answer *answer, const char *actor,
				  struct inquiry *out, struct error *err);

/* Cancels a draft or sent inquiry with a reason. */
enum status inquiry_cancel(const struct registry *reg, int64_t id, const char *reason,
			   const char *actor, struct inquiry *out, struct error *err);

enum status inquiry_get(const struct registry *reg, int64_t id, struct inquiry *out,
			struct error *err);

/* The inquiries about a person, newest first. */
enum status inquiry_list_for_person(const struct registry *reg, int64_t person_id,
				    struct inquiry *out, size_t max, size_t *count,
				    struct error *err);

/* A listing; `out` needs room for q->limit + 1 (the extra tells *more). */
enum status inquiry_search(const struct registry *reg, const struct inquiry_query *q,
			   struct inquiry *out, size_t *count, bool *more, struct error *err);

#endif
