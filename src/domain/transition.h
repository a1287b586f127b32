/*
 * transition.h — changes of how a person is managed (policy §2(2)), each a
 * rule the system checks and explains:
 *
 *   handover             outflow person, married, living long-term with a
 *                        fixed residence at the spouse's place outside the
 *                        city → a transfer certificate is issued to that
 *                        place, management becomes handed_over;
 *   resident_by_marriage one spouse of local hukou, the other not, living
 *                        here long-term with a fixed residence, after an
 *                        answered marital-status inquiry → resident;
 *   resident_by_stay     inflow person here a year or more (from the
 *                        arrival date) with a fixed residence and intent to
 *                        stay, after an answered inquiry and with a
 *                        certificate → resident;
 *   left                 moved away (with the destination) → left;
 *   returned             back from left or handed over → floating.
 *
 * A request whose conditions are not all met is refused with
 * ST_CONDITION_UNMET and changes nothing; the check lists every condition
 * and whether it is met.  An accepted transition, its evidence, the
 * person's changed management (with its history row), the transfer
 * certificate and the event are one transaction.
 */
#ifndef LIUDONG_TRANSITION_H
#define LIUDONG_TRANSITION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/error.h"
#include "domain/certificate.h"
#include "domain/person.h"

#define TRANSITION_CONDITIONS_MAX 8
#define TRANSITION_TEXT_SIZE 1536  /* documents noted: at most 500 characters */
#define TRANSITION_TEXT_MAX_CHARS 500
#define TRANSITION_LIST_MAX 32

enum transition_kind {
	TRANSITION_KIND_NONE = 0,
	TRANSITION_HANDOVER = 1,
	TRANSITION_RESIDENT_BY_MARRIAGE = 2,
	TRANSITION_RESIDENT_BY_STAY = 3,
	TRANSITION_LEFT = 4,
	TRANSITION_RETURNED = 5,
};

struct transition_request {
	enum transition_kind kind;
	char effective_on[DATE_TEXT_SIZE];          /* "" = today */
	bool long_term_residence;                   /* declared by the office */
	bool fixed_residence;
	bool intent_to_stay;
	int64_t inquiry_id;                         /* the answered inquiry, or 0 */
	char spouse_name[PERSON_NAME_SIZE];         /* handover: for the transfer certificate */
	char spouse_id_number[IDCARD_INPUT_MAX];    /* resident_by_marriage: the local spouse */
	char destination_division[DIVISION_CODE_SIZE + 8];
	char destination_address[PERSON_ADDRESS_SIZE];
	char documents[TRANSITION_TEXT_SIZE];       /* evidence seen, e.g. 房产证、结婚证 */
};

struct transition_condition {
	const char *code;     /* stable, e.g. "inquiry_answered" */
	const char *message;  /* Chinese: what must hold */
	bool met;
};

struct transition_check {
	struct transition_condition items[TRANSITION_CONDITIONS_MAX];
	size_t count;
	bool allowed;         /* every condition met */
};

struct transition {
	int64_t id;
	int64_t person_id;
	enum transition_kind kind;
	char effective_on[DATE_TEXT_SIZE];
	enum person_management from_management;
	enum person_management to_management;
	int64_t inquiry_id;                          /* or 0 */
	int64_t certificate_id;                      /* the transfer certificate, or 0 */
	char destination_division[DIVISION_CODE_SIZE];
	char destination_address[PERSON_ADDRESS_SIZE];
	char documents[TRANSITION_TEXT_SIZE];
	char actor[64];
	int64_t created_at;
};

const char *transition_kind_name(enum transition_kind kind);   /* "handover" */
const char *transition_kind_label(enum transition_kind kind);  /* "移交配偶所在地管理" */
bool transition_kind_parse(const char *name, enum transition_kind *out);

/*
 * Checks the conditions of a transition for person `person_id` without
 * writing anything.  Fails only on bad input (unknown person, malformed
 * values); unmet conditions are reported in `check`.
 */
enum status transition_check(const struct registry *reg, int64_t person_id,
			     const struct transition_request *req,
			     struct transition_check *check, struct error *err);

/*
 * Checks and, when every condition is met, carries out the transition.
 * ST_CONDITION_UNMET (with `check` listing the conditions) otherwise.
 * `certificate` (may be NULL) receives the transfer certificate of a
 * hand-over.
 */
enum status transition_apply(const struct registry *reg, int64_t person_id,
			     const struct transition_request *req, const char *actor,
			     struct transition *out, struct certificate *certificate,
			     struct transition_check *check, struct error *err);

/* Sets ST_CONDITION_UNMET with every unmet condition named in the message. */
enum status transition_unmet_error(const struct transition_check *check, struct error *err);

/* The transitions of a person, newest first. */
enum status transition_list(const struct registry *reg, int64_t person_id,
			    struct transition *out, size_t max, size_t *count,
			    struct error *err);

#endif
