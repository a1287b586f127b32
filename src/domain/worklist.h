/*
 * worklist.h — the work list (待办事项, policy §2(2)): what each office has
 * to do next, per person in its scope, computed from the records and today.
 *
 * Kinds, each with a stable code, a Chinese label and the action to take:
 *
 *   certificate_missing   inflow, floating, here 30 days or more (arrival +
 *                         30 <= today), no certificate in force and no
 *                         temporary one that ran out (that is the next
 *                         kind's item); due on arrival + 30 days
 *   temporary_ending      temporary certificate in force whose last day is
 *                         within today .. today + 15, the holder (floating)
 *                         having no proper certificate yet; due on its last day
 *   temporary_ended       the holder's latest temporary certificate ran out
 *                         (issued or distributed, last day before today), the
 *                         holder floating and holding no certificate in force;
 *                         due on its last day
 *   contract_overdue      active service contract past its deadline; due on
 *                         the deadline
 *   inquiry_due           sent inquiry due within today .. today + 7
 *   inquiry_overdue       sent inquiry past its due date
 *   resident_candidate    inflow, floating, here a calendar year or more
 *                         (arrival + 12 months <= today: 2024-02-29 counts on
 *                         2025-02-28); due on arrival + 12 months
 *   outflow_without_certificate
 *                         outflow, floating, no standard or transfer
 *                         certificate in force; due on the day of leaving
 *                         (arrival_date), none if that is unknown
 *   report_unhandled      field report (domain/field_report.h) still received,
 *                         more than report_handling_days (a setting, default
 *                         3) after it came in; due on that day.  It belongs to
 *                         the town/street office it was routed to, not to a
 *                         person: a query sees those routed inside its
 *                         division, and the item names no person unless the
 *                         report does
 *   complaint_overdue     complaint (domain/complaint.h) still received or
 *                         assigned after its due date; due on that date.
 *                         Like report_unhandled it belongs to the office the
 *                         complaint is with (the city or a town/street), not
 *                         to a person, and names no person
 *
 * An item belongs to the office of the person's residence community; a
 * query names a division and sees the items of persons living inside it.
 * Counts are exact; items are limited per kind (the earliest due first) and
 * then merged by due date.
 */
#ifndef LIUDONG_WORKLIST_H
#define LIUDONG_WORKLIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/error.h"
#include "domain/division.h"
#include "domain/idcard.h"
#include "domain/person.h"

enum worklist_kind {
	WORKLIST_ALL = 0, /* in a query: every kind */
	WORKLIST_CERTIFICATE_MISSING = 1,
	WORKLIST_TEMPORARY_ENDING = 2,
	WORKLIST_TEMPORARY_ENDED = 3,
	WORKLIST_CONTRACT_OVERDUE = 4,
	WORKLIST_INQUIRY_DUE = 5,
	WORKLIST_INQUIRY_OVERDUE = 6,
	WORKLIST_RESIDENT_CANDIDATE = 7,
	WORKLIST_OUTFLOW_WITHOUT_CERTIFICATE = 8,
	WORKLIST_REPORT_UNHANDLED = 9,
	WORKLIST_COMPLAINT_OVERDUE = 10,
	WORKLIST_KIND_END /* one past the last kind */
};

#define WORKLIST_KIND_COUNT (WORKLIST_KIND_END - 1)

#define WORKLIST_LIMIT_DEFAULT 50
#define WORKLIST_LIMIT_MAX 500

/* The rule's day counts. */
#define WORKLIST_CERTIFICATE_GRACE_DAYS 30 /* to hand in a certificate after arrival */
#define WORKLIST_TEMPORARY_NOTICE_DAYS 15  /* warn before a temporary certificate ends */
#define WORKLIST_INQUIRY_NOTICE_DAYS 7     /* follow up before an inquiry's due date */
#define WORKLIST_RESIDENT_MONTHS 12        /* here this long: may become resident */
#define WORKLIST_REPORT_HANDLING_DAYS 3    /* default of the report_handling_days setting */

#define WORKLIST_SUBJECT_SIZE 64

/* What a work list shows: every filter must hold. */
struct worklist_query {
	char division[DIVISION_CODE_SIZE]; /* residence inside this division; "" = the city */
	enum worklist_kind kind;           /* items of this kind only, or WORKLIST_ALL */
	size_t limit;                      /* items per kind, 1..WORKLIST_LIMIT_MAX; 0 = default */
};

/*
 * The bounds every kind's rule compares record dates with, as ISO text (the
 * store compares text; ISO dates sort like days).
 */
struct worklist_dates {
	char today[DATE_TEXT_SIZE];
	char missing_arrived_by[DATE_TEXT_SIZE];  /* arrival on or before: today - 30 days */
	char temporary_ends_by[DATE_TEXT_SIZE];   /* last day on or before: today + 15 days */
	char inquiry_due_by[DATE_TEXT_SIZE];      /* due on or before: today + 7 days */
	char resident_arrived_by[DATE_TEXT_SIZE]; /* arrival on or before: a year ago */
	int report_handling_days;                 /* a report may stay received this long */
	char report_received_before[DATE_TEXT_SIZE]; /* received before: today - those days */
};

/* One thing to do. */
struct worklist_item {
	enum worklist_kind kind;
	char basis[DATE_TEXT_SIZE];     /* the record's date the rule counts from, or "" */
	char due_on[DATE_TEXT_SIZE];    /* by when it should be done, or "" (unknown) */
	long overdue_days;              /* days past due_on; 0 if not yet or unknown */
	int64_t person_id;              /* 0 for a report that names no person */
	char name[PERSON_NAME_SIZE];
	char id_number[IDCARD_SIZE];
	char residence_division[DIVISION_CODE_SIZE];
	enum person_flow flow;
	char subject[WORKLIST_SUBJECT_SIZE]; /* "certificate:<number>", "contract:3", "inquiry:5", "" */
};

/* A run's result: exact counts of every kind, and the items (owned). */
struct worklist_result {
	int64_t counts[WORKLIST_KIND_END]; /* by kind; [WORKLIST_ALL] is the total */
	struct worklist_item *items;       /* by due_on (unknown last), kind, person */
	size_t item_count;
};

const char *worklist_kind_name(enum worklist_kind kind);   /* "certificate_missing" */
const char *worklist_kind_label(enum worklist_kind kind);  /* "未交验婚育证明" */
const char *worklist_kind_action(enum worklist_kind kind); /* "催交户籍地婚育证明或…" */
bool worklist_kind_parse(const char *name, enum worklist_kind *out);

/* The bounds of every rule on `today` (reports: the default handling days). */
void worklist_dates_on(const struct date *today, struct worklist_dates *out);

/* Sets the report rule's days (1..60) and its bound on `today`. */
void worklist_dates_set_report_days(struct worklist_dates *dates, const struct date *today,
				    int days);

/*
 * The due date of an item of `kind` counted from the record's date `basis`:
 * arrival + 30 days, arrival + 12 months, or the date itself.
 */
struct date worklist_due_on(enum worklist_kind kind, const struct date *basis);

/*
 * Checks and completes a query: the division resolved (a division of the
 * city; "" becomes the city), the limit defaulted and bounded.
 */
enum status worklist_query_prepare(const struct registry *reg, struct worklist_query *q,
				   struct error *err);

/*
 * Runs a prepared query on reg->today: counts of every kind, items of the
 * kinds asked for.  `out` is filled and owns its items (worklist_result_release).
 */
enum status worklist_run(const struct registry *reg, const struct worklist_query *q,
			 struct worklist_result *out, struct error *err);

/* Frees the items of a result and empties it; safe on an empty result. */
void worklist_result_release(struct worklist_result *result);

#endif
