/*
 * aid.h — aid given by aid stores (爱心救助超市, policy §2(3)(4)).
 *
 * An aid store (a service point of kind aid_store) records each act of
 * aid: to whom (a registered person, or the name of someone not
 * registered), what was given (a description, and its value in fen when
 * stated), on which day (not in the future) and who recorded it.  Only
 * active aid stores record aid.  Aid to a registered person is also an
 * event on the person's timeline (domain/event.h), written with the aid.
 */
#ifndef LIUDONG_AID_H
#define LIUDONG_AID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/error.h"
#include "domain/person.h"
#include "domain/service_point.h"

#define AID_NAME_MAX_CHARS 30
#define AID_ITEMS_MIN_CHARS 2
#define AID_ITEMS_MAX_CHARS 200
#define AID_ITEMS_SIZE 640
#define AID_AMOUNT_MAX 100000000   /* fen: one million yuan */
#define AID_EARLIEST "2000-01-01"
#define AID_LIST_MAX 101            /* rows of one page, and one more */
#define AID_ACTOR_SIZE 64

struct aid {
	int64_t id;
	int64_t service_point_id;
	int64_t person_id;                      /* 0: the recipient is not registered */
	char recipient_name[PERSON_NAME_SIZE];  /* the person's name then, or the name given */
	char items[AID_ITEMS_SIZE];
	int64_t amount;                         /* fen; -1 when not stated */
	char given_on[DATE_TEXT_SIZE];
	char given_by[AID_ACTOR_SIZE];          /* username of who recorded it */
	int64_t created_at;
};

/* What a store sends. */
struct aid_request {
	int64_t person_id;                          /* 0: none */
	char recipient_name[PERSON_NAME_SIZE + 4];  /* only when person_id is 0 */
	char items[AID_ITEMS_SIZE + 4];
	bool has_amount;
	int64_t amount;
	char given_on[DATE_TEXT_SIZE + 8];          /* "" = today */
};

/*
 * Checks a request and records the aid given by `point` (an active aid
 * store, ST_NOT_ALLOWED with reason not_aid_store otherwise) to `person`
 * (NULL when the recipient is not registered; then the request names
 * them).  `actor` is the recording user.  Joins the caller's transaction,
 * with the person's timeline event.
 */
enum status aid_record(const struct registry *reg, const struct service_point *point,
		       const struct person *person, const struct aid_request *req,
		       const char *actor, struct aid *out, struct error *err);

/*
 * The aid of point `point_id`, newest first, before id `before_id` (0: from
 * the newest): at most `limit` rows into `out` (room for limit + 1); *more
 * if more follow.
 */
enum status aid_list(const struct registry *reg, int64_t point_id, int64_t before_id,
		     size_t limit, struct aid *out, size_t *count, bool *more,
		     struct error *err);

#endif
