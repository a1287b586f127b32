/*
 * field_report.h — field reports (现场报告, policy §6(3), §2(2)): wardens,
 * liaisons, employers, landlords, the police and community officers report
 * move-ins, move-outs, rentals, transfers and sales of homes, births and
 * unclear situations; each report is routed to the town/street office of
 * the community where it happened, which verifies and closes it.
 *
 * States: received → verified → closed (received → closed too, for a report
 * that needs no change).  Verifying a move_in may register the person or
 * update the residence of the person's record in the same transaction;
 * changed_records then names the record ("person:12").
 */
#ifndef LIUDONG_FIELD_REPORT_H
#define LIUDONG_FIELD_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "domain/division.h"
#include "domain/person.h"

#define FIELD_REPORT_TEXT_SIZE 1536       /* bytes; at most FIELD_REPORT_TEXT_MAX_CHARS characters */
#define FIELD_REPORT_TEXT_MIN_CHARS 2
#define FIELD_REPORT_TEXT_MAX_CHARS 500
#define FIELD_REPORT_RECORDS_SIZE 128
#define FIELD_REPORT_LIST_MAX 64          /* rows of one page, and one more to see if more follow */

enum field_report_kind {
	FIELD_REPORT_KIND_NONE = 0,
	FIELD_REPORT_MOVE_IN = 1,   /* 入住 */
	FIELD_REPORT_MOVE_OUT = 2,  /* 搬离 */
	FIELD_REPORT_RENTAL = 3,    /* 房屋出租 */
	FIELD_REPORT_TRANSFER = 4,  /* 房屋转让 */
	FIELD_REPORT_SALE = 5,      /* 房屋买卖 */
	FIELD_REPORT_BIRTH = 6,     /* 生育 */
	FIELD_REPORT_UNCLEAR = 7,   /* 不明生育或情况不明 */
	FIELD_REPORT_OTHER = 8,
	FIELD_REPORT_KIND_END
};

enum field_report_state {
	FIELD_REPORT_STATE_NONE = 0,
	FIELD_REPORT_RECEIVED = 1,
	FIELD_REPORT_VERIFIED = 2,
	FIELD_REPORT_CLOSED = 3,
	FIELD_REPORT_STATE_END
};

struct field_report {
	int64_t id;
	enum field_report_kind kind;
	int64_t reporter_user_id;
	char reporter_username[64];
	char reporter_role[32];                     /* role name when reporting */
	int64_t person_id;                          /* or 0 */
	int64_t home_id;                            /* or 0 */
	char community[DIVISION_CODE_SIZE];         /* where it happened (12 digits) */
	char office_division[DIVISION_CODE_SIZE];   /* the town/street it is routed to (9 digits) */
	char description[FIELD_REPORT_TEXT_SIZE];
	enum field_report_state state;
	char outcome[FIELD_REPORT_TEXT_SIZE];       /* "" until closed */
	char changed_records[FIELD_REPORT_RECORDS_SIZE]; /* "person:12", or "" */
	int64_t received_at;                        /* Unix seconds */
	int64_t verified_at;                        /* or 0 */
	int64_t closed_at;                          /* or 0 */
	int64_t version;
};

/* A listing, newest first: every set filter must hold. */
struct field_report_query {
	int64_t reporter_user_id;                   /* only this reporter's, or 0 */
	char office_division[DIVISION_CODE_SIZE];   /* routed inside this, or "" (reporter's own) */
	enum field_report_kind kind;                /* or NONE */
	enum field_report_state state;              /* or NONE */
	int64_t before_id;                          /* cursor, 0 = from the newest */
	size_t limit;                               /* 1..FIELD_REPORT_LIST_MAX - 1 */
};

const char *field_report_kind_name(enum field_report_kind k);    /* "move_in" */
const char *field_report_kind_label(enum field_report_kind k);   /* "入住" */
bool field_report_kind_parse(const char *name, enum field_report_kind *out);
const char *field_report_state_name(enum field_report_state s);  /* "received" */
const char *field_report_state_label(enum field_report_state s); /* "已接收" */
bool field_report_state_parse(const char *name, enum field_report_state *out);

/*
 * The routing rule: a report about community `community` (12 digits) goes to
 * the town/street office whose code is the community's first 9 digits.
 * False if `community` is not a 12-digit code.
 */
bool field_report_office_of(const char *community, char office[DIVISION_CODE_SIZE]);

/*
 * Files a report: checks kind, community (a community of the city; routed
 * to its town/street) and description; person_id and home_id, when given,
 * must exist.  The reporter fields of `r` are the caller's.  State received.
 */
enum status field_report_create(const struct registry *reg, struct field_report *r,
				struct error *err);

enum status field_report_get(const struct registry *reg, int64_t id, struct field_report *out,
			     struct error *err);

/* At most q->limit rows into `out` (room for q->limit + 1); *more if more follow. */
enum status field_report_search(const struct registry *reg, const struct field_report_query *q,
				struct field_report *out, size_t *count, bool *more,
				struct error *err);

/*
 * Verifies report `r` (received → verified), recording `changed_records`
 * ("" for none).  Joins the caller's transaction, so that a person
 * registered or changed for it is written together with it.
 */
enum status field_report_verify(const struct registry *reg, struct field_report *r,
				const char *changed_records, struct error *err);

/* Closes report `r` (received or verified → closed) with its outcome (required). */
enum status field_report_close(const struct registry *reg, struct field_report *r,
			       const char *outcome, struct error *err);

#endif
