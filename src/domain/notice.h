/*
 * notice.h — notices (通报, policy §3): the police, the departments and the
 * offices notify the town/street offices and communities of what they find
 * ("公安、工商、民政……发现……应及时通报所在镇（街道）").
 *
 * A notice has a sender (kept as it was when sending), a subject, a body,
 * optionally the person or organization it is about, and 1 to
 * NOTICE_RECIPIENTS_MAX recipient divisions: towns/streets or communities
 * of the city.  Each recipient is read (when an office first opens it) and
 * acknowledged (once, by a named user) on its own.
 *
 * Who sees what: an office's inbox holds the notices addressed to any
 * division inside its scope — a community officer those to its community,
 * a town officer those to its town and to its communities, the city all.
 * Opening and acknowledging act on the recipients inside the caller's
 * scope.  The functions here take that scope as a division code; the API
 * passes the logged-in user's.
 */
#ifndef LIUDONG_NOTICE_H
#define LIUDONG_NOTICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "domain/division.h"
#include "domain/person.h"

#define NOTICE_RECIPIENTS_MAX 20
#define NOTICE_SUBJECT_MIN_CHARS 2
#define NOTICE_SUBJECT_MAX_CHARS 60
#define NOTICE_SUBJECT_SIZE 256      /* 60 characters of up to 4 bytes, and a NUL */
#define NOTICE_BODY_MIN_CHARS 2
#define NOTICE_BODY_MAX_CHARS 1000
#define NOTICE_BODY_SIZE 4004        /* 1000 characters of up to 4 bytes, and a NUL */
#define NOTICE_USERNAME_SIZE 64
#define NOTICE_ROLE_SIZE 32
#define NOTICE_LIST_MAX 64           /* rows of one page, and one more to see if more follow */

/* Who sends a notice, as kept with it. */
struct notice_sender {
	int64_t user_id;
	char username[NOTICE_USERNAME_SIZE];
	char role[NOTICE_ROLE_SIZE];          /* role name, "police_liaison" */
	char division[DIVISION_CODE_SIZE];    /* the sender's scope */
};

/* One addressed division and what it did with the notice. */
struct notice_recipient {
	char division[DIVISION_CODE_SIZE];    /* canonical town or community code */
	int64_t read_at;                      /* Unix seconds, 0 = not yet */
	int64_t acknowledged_at;              /* Unix seconds, 0 = not yet */
	char acknowledged_by[NOTICE_USERNAME_SIZE];  /* username, "" = not yet */
};

/*
 * A notice as one office sees it: recipients holds only the rows inside
 * that office's scope (all of them right after sending).
 */
struct notice {
	int64_t id;
	struct notice_sender sender;
	char subject[NOTICE_SUBJECT_SIZE];
	char body[NOTICE_BODY_SIZE];
	int64_t person_id;                    /* 0 = about no person */
	int64_t organization_id;              /* 0 = about no organization */
	int64_t created_at;
	struct notice_recipient recipients[NOTICE_RECIPIENTS_MAX];
	size_t recipient_count;
};

/*
 * What a sender asks for.  The strings are borrowed from the caller for
 * the duration of notice_send; recipients are division codes as typed
 * (any accepted length), repeated ones counted once.
 */
struct notice_request {
	struct notice_sender sender;
	const char *const *recipients;
	size_t recipient_count;               /* 1..NOTICE_RECIPIENTS_MAX */
	const char *subject;
	const char *body;
	int64_t person_id;                    /* 0 = none; else must exist */
	int64_t organization_id;              /* 0 = none; else must exist */
};

/* A page of one office's inbox, newest first. */
struct notice_query {
	char scope[DIVISION_CODE_SIZE];       /* the office's scope */
	bool unread_only;                     /* only notices with an unread recipient in scope */
	int64_t before_id;                    /* cursor, 0 = from the newest */
	size_t limit;                         /* 1..NOTICE_LIST_MAX - 1 */
};

/*
 * Checks one recipient code: ST_OK and its canonical code in `out` if it
 * is a town/street or community/village of the city; ST_INVALID_DIVISION
 * (field "recipients") otherwise.
 */
enum status notice_check_recipient(const struct registry *reg, const char *code,
				   char out[DIVISION_CODE_SIZE], struct error *err);

/* True if an office with `scope` sees what is addressed to `division`. */
bool notice_recipient_in_scope(const char *scope, const char *division);

/*
 * Sends a notice: checks everything (recipients, subject, body, that the
 * person and organization exist), then writes the notice and one row per
 * recipient.  The write joins the caller's transaction if there is one
 * (registry_begin), so that other registers can send a notice together
 * with their own change; otherwise it is its own.  `out` receives the
 * notice with all its recipients.  Nothing is written on a refusal.
 */
enum status notice_send(const struct registry *reg, const struct notice_request *req,
			struct notice *out, struct error *err);

/*
 * Notice `id` as an office with `scope` sees it; ST_NOT_FOUND unless it is
 * addressed to a division inside the scope.
 */
enum status notice_get(const struct registry *reg, int64_t id, const char *scope,
		       struct notice *out, struct error *err);

/*
 * Marks notice `id` read for its recipients inside `scope` that had not
 * read it (joins the caller's transaction); `out` receives it as read.
 * ST_NOT_FOUND as notice_get.  *marked counts the rows newly marked.
 */
enum status notice_mark_read(const struct registry *reg, int64_t id, const char *scope,
			     struct notice *out, size_t *marked, struct error *err);

/*
 * Acknowledges notice `id` for its recipients inside `scope`, by user
 * `username` (also marking them read).  ST_INVALID_STATE if every one of
 * them had already acknowledged it; ST_NOT_FOUND as notice_get.
 */
enum status notice_acknowledge(const struct registry *reg, int64_t id, const char *scope,
			       const char *username, struct notice *out, struct error *err);

/*
 * A page of the inbox of `q->scope`: at most q->limit notices into `out`
 * (room for NOTICE_LIST_MAX), *more if more follow; *unread_count is the
 * number of notices in the whole inbox with an unread recipient in scope.
 */
enum status notice_inbox(const struct registry *reg, const struct notice_query *q,
			 struct notice *out, size_t *count, bool *more, int64_t *unread_count,
			 struct error *err);

#endif
