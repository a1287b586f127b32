/*
 * housing.h — homes let to floating persons and their tenancies (出租房屋与
 * 租住, policy §2(2): "谁出租谁负责").
 *
 * A home lies in one community of the city and is let by exactly one
 * landlord: a person or an organization.  A landlord account bound to that
 * person or organization (principal.person_id / organization_id) sees and
 * edits the homes it lets and their tenants; officers those of their scope.
 * A tenancy is current while ends_on is ""; a person has at most one
 * current tenancy per home.  A tenant must be a registered person: a new
 * tenancy of someone without a record prompts registration (§2(2)).
 */
#ifndef LIUDONG_HOUSING_H
#define LIUDONG_HOUSING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/error.h"
#include "domain/division.h"
#include "domain/person.h"

#define HOME_NOTE_SIZE 512        /* bytes; at most HOME_NOTE_MAX_CHARS characters */
#define HOME_NOTE_MAX_CHARS 120
#define HOME_ROOMS_MAX 99
#define HOME_LIST_MAX 64          /* rows of one page, and one more to see if more follow */
#define TENANCY_LIST_MAX 200      /* tenancies of one home listed */

struct home {
	int64_t id;
	char community[DIVISION_CODE_SIZE];   /* 12 digits, a community of the city */
	char address[PERSON_ADDRESS_SIZE];
	int64_t landlord_person_id;           /* exactly one of the two is non-zero */
	int64_t landlord_organization_id;
	int rooms;                            /* 1..HOME_ROOMS_MAX */
	char note[HOME_NOTE_SIZE];            /* or "" */
	int64_t version;
	int64_t created_at;
	int64_t updated_at;
};

/* What a caller sends for a home, as text; present[] marks given fields (update). */
enum home_field {
	HOME_FIELD_COMMUNITY = 0,
	HOME_FIELD_ADDRESS,
	HOME_FIELD_ROOMS,
	HOME_FIELD_NOTE,
	HOME_FIELD_COUNT
};

struct home_request {
	char values[HOME_FIELD_COUNT][PERSON_VALUE_SIZE];
	bool present[HOME_FIELD_COUNT];
	int64_t landlord_person_id;        /* create only */
	int64_t landlord_organization_id;  /* create only */
};

/* A listing: homes in a division, or of one landlord, newest first. */
struct home_query {
	char division[DIVISION_CODE_SIZE]; /* community inside this (already narrowed) */
	int64_t landlord_person_id;        /* only this landlord's homes, or 0 */
	int64_t landlord_organization_id;  /* only this landlord's homes, or 0 */
	int64_t before_id;                 /* cursor, 0 = from the newest */
	size_t limit;                      /* 1..HOME_LIST_MAX - 1 */
};

struct tenancy {
	int64_t id;
	int64_t home_id;
	int64_t person_id;
	char starts_on[DATE_TEXT_SIZE];
	char ends_on[DATE_TEXT_SIZE];      /* "" while current */
	int64_t version;
	int64_t created_at;
	int64_t updated_at;
	/* Of the person, for display (filled by reads, not stored here). */
	char person_name[PERSON_NAME_SIZE];
	char person_id_number[IDCARD_SIZE];
};

const char *home_field_name(enum home_field f);   /* "community" */

/* True if the home is let by person `person_id` or organization `organization_id` (0: none). */
bool home_let_by(const struct home *h, int64_t person_id, int64_t organization_id);

/*
 * Registers a home: checks community (a community of the city), address,
 * rooms, note and that exactly one landlord is named and exists.  Nothing
 * is kept on a refusal.
 */
enum status home_create(const struct registry *reg, const struct home_request *req,
			struct home *out, struct error *err);

/*
 * Checks the fields of `req` (community, address, rooms, note; the landlord
 * too when `check_landlord`) into `out` without storing anything.
 */
enum status home_check(const struct registry *reg, const struct home_request *req,
		       bool check_landlord, struct home *out, struct error *err);

/*
 * Changes the present fields of home `id` if its version is still
 * `expected_version` (ST_VERSION_CONFLICT otherwise); the landlord never
 * changes.  *changed tells whether anything did.
 */
enum status home_update(const struct registry *reg, int64_t id, int64_t expected_version,
			const struct home_request *req, struct home *out, bool *changed,
			struct error *err);

enum status home_get(const struct registry *reg, int64_t id, struct home *out,
		     struct error *err);

/* At most q->limit rows into `out` (room for q->limit + 1); *more if more follow. */
enum status home_search(const struct registry *reg, const struct home_query *q,
			struct home *out, size_t *count, bool *more, struct error *err);

/*
 * Starts a tenancy of person `person_id` in home `home_id` on `starts_on`
 * (YYYY-MM-DD, not after today; "" for today).  ST_INVALID_STATE if the
 * person already has a current tenancy there.
 */
enum status tenancy_start(const struct registry *reg, int64_t home_id, int64_t person_id,
			  const char *starts_on, struct tenancy *out, struct error *err);

/*
 * Ends tenancy `id` on `ends_on` ("" for today; not before it started, not
 * after today).  ST_INVALID_STATE if it has ended already.
 */
enum status tenancy_end(const struct registry *reg, int64_t id, const char *ends_on,
			struct tenancy *out, struct error *err);

enum status tenancy_get(const struct registry *reg, int64_t id, struct tenancy *out,
			struct error *err);

/* The tenancies of a home, newest first: at most `max`. */
enum status tenancy_list(const struct registry *reg, int64_t home_id, struct tenancy *out,
			 size_t max, size_t *count, struct error *err);

#endif
