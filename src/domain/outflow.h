/*
 * outflow.h — outflow registration and benefits (policy §2(2)): "做好外出人员
 * 登记工作，依法落实流出人口及其家庭应享有的奖励优惠政策 … 及时向流入地反馈相关信息".
 *
 *   departure  an outflow person's stay away (外出登记): when they left, where
 *              to (a county or below outside the city), address, employer and
 *              phone there; open until the return is recorded.  Only for
 *              outflow persons under floating management, one open at a time.
 *   feedback   information on an outflow person sent to, or received from, the
 *              office of the place they flow to (反馈), by letter, network or
 *              the province's out-of-province work stations.  Never changed.
 *   benefit    a reward or preferential policy owed to a person (奖励优惠):
 *              kind, period, amount; granted → paid, or granted → cancelled.
 *              For outflow persons and their families alike: no flow rule.
 *
 * Every write is one transaction with its record_event row (the person's
 * timeline); the API adds the audit row to the same transaction.
 */
#ifndef LIUDONG_OUTFLOW_H
#define LIUDONG_OUTFLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/error.h"
#include "domain/division.h"
#include "domain/person.h"

#define OUTFLOW_TEXT_SIZE 1536        /* notes and contents: at most 500 characters */
#define OUTFLOW_TEXT_MAX_CHARS 500
#define OUTFLOW_NAME_SIZE 384         /* employer, counterpart: at most 100 characters */
#define OUTFLOW_NAME_MAX_CHARS 100
#define OUTFLOW_LIST_MAX 64           /* rows of one kind listed per person */

#define FEEDBACK_CONTENT_MIN_CHARS 2
#define FEEDBACK_COUNTERPART_MIN_CHARS 2

#define BENEFIT_NOTE_MAX_CHARS 200    /* the grant note and the cancel reason each */
#define BENEFIT_NOTE_SIZE 1664        /* note + "；撤销原因：" + reason */
#define BENEFIT_PERIOD_SIZE 24        /* "YYYY-MM..YYYY-MM" and its NUL */
#define BENEFIT_AMOUNT_SIZE 24        /* "1000000.00" and its NUL, with room */
#define BENEFIT_AMOUNT_MAX_FEN 100000000  /* 1,000,000 yuan */

/* --- departures ------------------------------------------------------------- */

struct departure {
	int64_t id;
	int64_t person_id;
	char departed_on[DATE_TEXT_SIZE];
	char destination_division[DIVISION_CODE_SIZE];  /* county or below, outside the city */
	char destination_address[PERSON_ADDRESS_SIZE];  /* or "" */
	char employer_there[OUTFLOW_NAME_SIZE];         /* or "" */
	char contact_phone[PERSON_PHONE_SIZE];          /* or ""; sealed at rest */
	char returned_on[DATE_TEXT_SIZE];               /* "" while away */
	char note[OUTFLOW_TEXT_SIZE];                   /* or "" */
	int64_t version;
	int64_t created_at;
	int64_t updated_at;
};

/* What an office registers when an outflow person leaves. */
struct departure_request {
	int64_t person_id;
	char departed_on[DATE_TEXT_SIZE];                  /* required */
	char destination_division[DIVISION_CODE_SIZE + 8]; /* required; padded forms accepted */
	char destination_address[PERSON_ADDRESS_SIZE];
	char employer_there[OUTFLOW_NAME_SIZE];
	char contact_phone[PERSON_PHONE_SIZE];
	char note[OUTFLOW_TEXT_SIZE];
};

/* "away" (外出中) while returned_on is "", else "returned" (已返回). */
const char *departure_state_name(const struct departure *d);
const char *departure_state_label(const struct departure *d);

/*
 * Registers a departure of person req->person_id.  ST_NOT_ALLOWED if the
 * person is no outflow person under floating management or has an open
 * departure; ST_INVALID_DIVISION if the destination is no county or below
 * outside the city.
 */
enum status departure_create(const struct registry *reg, const struct departure_request *req,
			     const char *actor, struct departure *out, struct error *err);

/* Records the return of an open departure on `returned_on` ("" = today). */
enum status departure_record_return(const struct registry *reg, int64_t id,
				    const char *returned_on, const char *actor,
				    struct departure *out, struct error *err);

enum status departure_get(const struct registry *reg, int64_t id, struct departure *out,
			  struct error *err);

/* The departures of a person, newest first: at most `max`. */
enum status departure_list_for_person(const struct registry *reg, int64_t person_id,
				      struct departure *out, size_t max, size_t *count,
				      struct error *err);

/* --- feedback ---------------------------------------------------------------- */

enum feedback_direction {
	FEEDBACK_DIRECTION_NONE = 0,
	FEEDBACK_SENT = 1,      /* to the place the person flows to */
	FEEDBACK_RECEIVED = 2,  /* from there */
};

enum feedback_channel {
	FEEDBACK_CHANNEL_NONE = 0,
	FEEDBACK_LETTER = 1,
	FEEDBACK_NETWORK = 2,
	FEEDBACK_WORKSTATION = 3,
};

struct feedback {
	int64_t id;
	int64_t person_id;
	enum feedback_direction direction;
	enum feedback_channel channel;
	char happened_on[DATE_TEXT_SIZE];
	char counterpart[OUTFLOW_NAME_SIZE];  /* the office at the other end */
	char content[OUTFLOW_TEXT_SIZE];
	char actor[64];                       /* who recorded it */
	int64_t created_at;
};

struct feedback_request {
	int64_t person_id;
	char direction[16];                   /* "sent" or "received" */
	char channel[16];                     /* "letter", "network" or "workstation" */
	char happened_on[DATE_TEXT_SIZE];     /* "" = today */
	char counterpart[OUTFLOW_NAME_SIZE];
	char content[OUTFLOW_TEXT_SIZE];
};

const char *feedback_direction_name(enum feedback_direction d);   /* "sent" */
const char *feedback_direction_label(enum feedback_direction d);  /* "发往流入地" */
const char *feedback_channel_name(enum feedback_channel c);       /* "letter" */
const char *feedback_channel_label(enum feedback_channel c);      /* "信函" */

/* Records feedback about an outflow person (ST_NOT_ALLOWED for others). */
enum status feedback_create(const struct registry *reg, const struct feedback_request *req,
			    const char *actor, struct feedback *out, struct error *err);

/* The feedback about a person, newest first: at most `max`. */
enum status feedback_list_for_person(const struct registry *reg, int64_t person_id,
				     struct feedback *out, size_t max, size_t *count,
				     struct error *err);

/* --- benefits ------------------------------------------------------------------ */

enum benefit_kind {
	BENEFIT_KIND_NONE = 0,
	BENEFIT_ONLY_CHILD_PARENT_REWARD = 1,  /* 独生子女父母奖励费 */
	BENEFIT_RURAL_FAMILY_SUPPORT = 2,      /* 农村部分计划生育家庭奖励扶助 */
	BENEFIT_SPECIAL_HARDSHIP_SUPPORT = 3,  /* 计划生育家庭特别扶助 */
	BENEFIT_OTHER = 4,                     /* 其他奖励优惠 */
};

enum benefit_state {
	BENEFIT_STATE_NONE = 0,
	BENEFIT_GRANTED = 1,
	BENEFIT_PAID = 2,
	BENEFIT_CANCELLED = 3,
};

struct benefit {
	int64_t id;
	int64_t person_id;
	enum benefit_kind kind;
	char period[BENEFIT_PERIOD_SIZE];    /* "2026", "2026-03" or "2026-01..2026-06" */
	int64_t amount_fen;                  /* 0..BENEFIT_AMOUNT_MAX_FEN */
	enum benefit_state state;
	char granted_on[DATE_TEXT_SIZE];
	char paid_on[DATE_TEXT_SIZE];        /* "" unless paid */
	char note[BENEFIT_NOTE_SIZE];        /* grant note; the cancel reason appended */
	int64_t version;
	int64_t created_at;
	int64_t updated_at;
};

struct benefit_request {
	int64_t person_id;
	char kind[40];
	char period[BENEFIT_PERIOD_SIZE];
	char amount[BENEFIT_AMOUNT_SIZE];    /* yuan: "960.00", "120" */
	char granted_on[DATE_TEXT_SIZE];     /* "" = today */
	char note[OUTFLOW_TEXT_SIZE];        /* at most BENEFIT_NOTE_MAX_CHARS */
};

/* A period: from the first month to the last, inclusive. */
struct benefit_period {
	int first_year, first_month;  /* month 1 for a whole year */
	int last_year, last_month;    /* month 12 for a whole year */
};

const char *benefit_kind_name(enum benefit_kind k);     /* "only_child_parent_reward" */
const char *benefit_kind_label(enum benefit_kind k);    /* "独生子女父母奖励费" */
const char *benefit_state_name(enum benefit_state s);   /* "granted" */
const char *benefit_state_label(enum benefit_state s);  /* "已核定" */

/*
 * Parses an amount in yuan: digits with at most two decimals ("960.00",
 * "120", "0.5"), at most BENEFIT_AMOUNT_MAX_FEN fen.  No sign, exponent,
 * blanks or separators.  False (and *fen 0) otherwise.
 */
bool benefit_amount_parse(const char *text, int64_t *fen);

/* Writes fen as yuan with two decimals ("960.00"). */
void benefit_amount_format(int64_t fen, char *buf, size_t size);

/*
 * Parses "YYYY", "YYYY-MM" or "YYYY-MM..YYYY-MM" (years 1950..2099, months
 * 01..12, the first month not after the last); false otherwise.
 */
bool benefit_period_parse(const char *text, struct benefit_period *out);

/* Grants a benefit to person req->person_id (state granted). */
enum status benefit_grant(const struct registry *reg, const struct benefit_request *req,
			  const char *actor, struct benefit *out, struct error *err);

/* Records the payment of a granted benefit on `paid_on` ("" = today). */
enum status benefit_record_payment(const struct registry *reg, int64_t id, const char *paid_on,
				   const char *actor, struct benefit *out, struct error *err);

/* Cancels a granted benefit with a reason (appended to its note). */
enum status benefit_cancel(const struct registry *reg, int64_t id, const char *reason,
			   const char *actor, struct benefit *out, struct error *err);

enum status benefit_get(const struct registry *reg, int64_t id, struct benefit *out,
			struct error *err);

/* The benefits of a person, newest first: at most `max`. */
enum status benefit_list_for_person(const struct registry *reg, int64_t person_id,
				    struct benefit *out, size_t max, size_t *count,
				    struct error *err);

#endif
