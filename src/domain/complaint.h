/*
 * complaint.h — complaints of the floating population (policy §3: the
 * rights-protection hotline and e-mail complaints).
 *
 * A complaint comes in by hotline, e-mail, the public web form, letter or
 * visit; it gets a random tracking code the complainant follows it with
 * (without login), and a due date (received + setting complaint_due_days).
 * It is received by the city, which may assign it to a town/street; the
 * handling office replies and closes it; a closed or answered complaint
 * may be reopened.
 *
 *   received → assigned → answered → closed   (reopening: back to assigned
 *   or received, as the office is a town or the city)
 *
 * The complainant (name, phone) is optional: anonymous complaints are
 * allowed.  The phone is sealed at rest.
 */
#ifndef LIUDONG_COMPLAINT_H
#define LIUDONG_COMPLAINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/error.h"
#include "domain/division.h"
#include "domain/person.h"

#define COMPLAINT_CODE_CHARS 12
#define COMPLAINT_CODE_SIZE 16
#define COMPLAINT_SUBJECT_MIN_CHARS 2
#define COMPLAINT_SUBJECT_MAX_CHARS 60
#define COMPLAINT_SUBJECT_SIZE 192
#define COMPLAINT_CONTENT_MIN_CHARS 2
#define COMPLAINT_CONTENT_MAX_CHARS 2000
#define COMPLAINT_CONTENT_SIZE 6144
#define COMPLAINT_NAME_MAX_CHARS 30
#define COMPLAINT_NAME_SIZE 96
#define COMPLAINT_RESPONDENT_MAX_CHARS 60
#define COMPLAINT_RESPONDENT_SIZE 192
#define COMPLAINT_TEXT_MIN_CHARS 2
#define COMPLAINT_TEXT_MAX_CHARS 1000   /* reply, outcome, reopening reason */
#define COMPLAINT_TEXT_SIZE 3072
#define COMPLAINT_LIST_MAX 64           /* rows of one page, and one more */

enum complaint_channel {
	COMPLAINT_CHANNEL_NONE = 0,
	COMPLAINT_HOTLINE = 1,
	COMPLAINT_EMAIL = 2,
	COMPLAINT_WEB = 3,
	COMPLAINT_LETTER = 4,
	COMPLAINT_VISIT = 5,
};

enum complaint_category {
	COMPLAINT_CATEGORY_NONE = 0,
	COMPLAINT_RIGHTS_INFRINGEMENT = 1,  /* 侵害流动人口合法权益 */
	COMPLAINT_SERVICE = 2,              /* 服务质量 */
	COMPLAINT_FEE = 3,                  /* 违规收费 */
	COMPLAINT_CERTIFICATE = 4,          /* 证明办理 */
	COMPLAINT_OTHER = 5,                /* 其他 */
};

enum complaint_state {
	COMPLAINT_STATE_NONE = 0,
	COMPLAINT_RECEIVED = 1,
	COMPLAINT_ASSIGNED = 2,
	COMPLAINT_ANSWERED = 3,
	COMPLAINT_CLOSED = 4,
};

struct complaint {
	int64_t id;
	char code[COMPLAINT_CODE_SIZE];
	enum complaint_channel channel;
	enum complaint_category category;
	char subject[COMPLAINT_SUBJECT_SIZE];
	char content[COMPLAINT_CONTENT_SIZE];
	char complainant_name[COMPLAINT_NAME_SIZE];  /* or "" (anonymous) */
	char complainant_phone[PERSON_PHONE_SIZE];   /* or ""; sealed at rest */
	char respondent[COMPLAINT_RESPONDENT_SIZE];  /* the unit complained about, or "" */
	char office[DIVISION_CODE_SIZE];             /* the city or a town of it */
	char received_on[DATE_TEXT_SIZE];
	char due_on[DATE_TEXT_SIZE];
	enum complaint_state state;
	char reply[COMPLAINT_TEXT_SIZE];
	char outcome[COMPLAINT_TEXT_SIZE];
	int reopened;
	char reopen_reason[COMPLAINT_TEXT_SIZE];  /* of the last reopening, or "" */
	int64_t version;
	int64_t created_at;
	int64_t updated_at;
};

/* What an intake sends, as text. */
struct complaint_request {
	char channel[32];
	char category[32];
	char subject[COMPLAINT_SUBJECT_SIZE + 4];
	char content[COMPLAINT_CONTENT_SIZE + 4];
	char complainant_name[COMPLAINT_NAME_SIZE + 4];
	char complainant_phone[PERSON_PHONE_SIZE + 8];
	char respondent[COMPLAINT_RESPONDENT_SIZE + 4];
};

/* A listing, newest first, a page at a time. */
struct complaint_query {
	char office[DIVISION_CODE_SIZE];  /* offices inside this */
	enum complaint_state state;       /* or NONE */
	enum complaint_category category; /* or NONE */
	enum complaint_channel channel;   /* or NONE */
	bool overdue_only;                /* not answered/closed and due_on before today */
	char today[DATE_TEXT_SIZE];
	int64_t before_id;
	size_t limit;
};

const char *complaint_channel_name(enum complaint_channel c);
const char *complaint_channel_label(enum complaint_channel c);
bool complaint_channel_parse(const char *name, enum complaint_channel *out);
const char *complaint_category_name(enum complaint_category c);
const char *complaint_category_label(enum complaint_category c);
bool complaint_category_parse(const char *name, enum complaint_category *out);
const char *complaint_state_name(enum complaint_state s);
const char *complaint_state_label(enum complaint_state s);
bool complaint_state_parse(const char *name, enum complaint_state *out);

/* True if `c` is not answered or closed and its due date lies before `today`. */
bool complaint_is_overdue(const struct complaint *c, const char *today);

/*
 * Checks an intake and registers the complaint (state received at `office`,
 * the city or a town of it, "" for the city; a fresh tracking code; due
 * date from complaint_due_days).  `web`:
 * the public form, whose channel is always web; otherwise the channel must
 * be hotline, email, letter or visit.  Joins the caller's transaction.
 */
enum status complaint_create(const struct registry *reg, const struct complaint_request *req,
			     bool web, const char *office, struct complaint *out,
			     struct error *err);

enum status complaint_get(const struct registry *reg, int64_t id, struct complaint *out,
			  struct error *err);
enum status complaint_get_by_code(const struct registry *reg, const char *code,
				  struct complaint *out, struct error *err);

/* The steps; each joins the caller's transaction and bumps the version. */
enum status complaint_assign(const struct registry *reg, struct complaint *c,
			     const char *office, struct error *err);
enum status complaint_answer(const struct registry *reg, struct complaint *c,
			     const char *reply, struct error *err);
enum status complaint_close(const struct registry *reg, struct complaint *c,
			    const char *outcome, struct error *err);
enum status complaint_reopen(const struct registry *reg, struct complaint *c,
			     const char *reason, struct error *err);

/* At most q->limit rows into `out` (room for q->limit + 1); *more if more follow. */
enum status complaint_search(const struct registry *reg, const struct complaint_query *q,
			     struct complaint *out, size_t *count, bool *more, struct error *err);

#endif
