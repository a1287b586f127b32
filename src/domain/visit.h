/*
 * visit.h — joint registration visits (联合登记走访, policy §3: "派出所与
 * 社区联合登记，各自采集所需信息").
 *
 * A police liaison and a community officer visit a household together and
 * save it as one visit with two parts:
 *
 *   police part (公安部分)   household type (户别), residence permit
 *                            (居住证情况), a note
 *   family part (计生部分)   women of childbearing age (育龄妇女人数),
 *                            contraception, certificate (婚育证明情况), a note
 *
 * Each part is written only by its own side (the route permissions
 * visit.police and visit.family) and carries its own version, so that the
 * two sides never overwrite each other.  Either side may open the visit
 * and fill its own part at once; the other side's officer is named when it
 * first saves its part.  The visit lies in one community: it is visible to
 * whoever's scope holds that community.  The persons of the household are
 * linked to it, each living in that community.  Every write is one
 * transaction with its history rows (which part, which field, old → new).
 */
#ifndef LIUDONG_VISIT_H
#define LIUDONG_VISIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/error.h"
#include "domain/division.h"
#include "domain/idcard.h"
#include "domain/person.h"

#define VISIT_PERSONS_MAX 20      /* persons of one household */
#define VISIT_LIST_MAX 64         /* rows of one page, and one more to see if more follow */
#define VISIT_NOTE_MAX_CHARS 200
#define VISIT_PERMIT_MAX_CHARS 60
#define VISIT_WOMEN_MAX 99        /* women of childbearing age in one household */
#define VISIT_VALUE_SIZE 640      /* any one field as text (200 characters of UTF-8) */
#define VISIT_OFFICER_SIZE 64     /* a username */

/* The two parts and who writes them. */
enum visit_part {
	VISIT_PART_POLICE = 0,  /* 公安部分: visit.police */
	VISIT_PART_FAMILY = 1,  /* 计生部分: visit.family */
};

/* The fields of the two parts, police first, in history and PATCH order. */
enum visit_field {
	VISIT_FIELD_HOUSEHOLD_TYPE = 0,       /* police: family, collective, rental */
	VISIT_FIELD_RESIDENCE_PERMIT,         /* police: free text */
	VISIT_FIELD_POLICE_NOTE,              /* police: free text */
	VISIT_FIELD_WOMEN_OF_CHILDBEARING_AGE,/* family: 0..VISIT_WOMEN_MAX, "" = not counted */
	VISIT_FIELD_CONTRACEPTION_NOTE,       /* family: free text */
	VISIT_FIELD_CERTIFICATE_NOTE,         /* family: free text */
	VISIT_FIELD_FP_NOTE,                  /* family: free text */
	VISIT_FIELD_COUNT
};

/* How a person belongs to the household. */
enum visit_relation {
	VISIT_RELATION_NONE = 0,
	VISIT_RELATION_HEAD,    /* 户主 */
	VISIT_RELATION_SPOUSE,  /* 配偶 */
	VISIT_RELATION_CHILD,   /* 子女 */
	VISIT_RELATION_TENANT,  /* 租户 */
	VISIT_RELATION_OTHER,   /* 其他 */
};

/* A person of the household as shown with the visit. */
struct visit_person {
	int64_t person_id;
	enum visit_relation relation;
	char name[PERSON_NAME_SIZE];                /* filled by visit_get */
	char id_number_masked[IDCARD_MASKED_SIZE];  /* filled by visit_get */
};

struct visit {
	int64_t id;
	char community[DIVISION_CODE_SIZE];          /* a community/village of the city */
	char address[PERSON_ADDRESS_SIZE];
	char visited_on[DATE_TEXT_SIZE];
	char police_officer[VISIT_OFFICER_SIZE];     /* username, "" until the police side saves */
	char community_officer[VISIT_OFFICER_SIZE];  /* username, "" until the family side saves */
	char values[VISIT_FIELD_COUNT][VISIT_VALUE_SIZE];  /* every field as text, "" when empty */
	int64_t police_version;                      /* 1 on create, +1 per change of the police part */
	int64_t fp_version;                          /* 1 on create, +1 per change of the family part */
	int64_t created_at;                          /* Unix seconds */
	int64_t updated_at;
	struct visit_person persons[VISIT_PERSONS_MAX];
	size_t person_count;
};

/* A person named in a request: its id and relation as text. */
struct visit_person_request {
	int64_t person_id;
	char relation[16];
};

/*
 * What a side sends.  For a create: the visit's place and persons and,
 * optionally, the fields of the opening side's part; for a part's update
 * only the fields with present[f] set change.
 */
struct visit_request {
	char community[DIVISION_CODE_SIZE + 8];
	char address[PERSON_ADDRESS_SIZE];
	char visited_on[DATE_TEXT_SIZE + 8];
	struct visit_person_request persons[VISIT_PERSONS_MAX];
	size_t person_count;
	char values[VISIT_FIELD_COUNT][VISIT_VALUE_SIZE];
	bool present[VISIT_FIELD_COUNT];
};

/* One changed field: what the history keeps. */
struct visit_change {
	enum visit_field field;
	char old_value[VISIT_VALUE_SIZE];
	char new_value[VISIT_VALUE_SIZE];
};

/* A listing: visits in a division, newest first, a page at a time. */
struct visit_query {
	char division[DIVISION_CODE_SIZE];  /* inside this (already narrowed to scope) */
	char from[DATE_TEXT_SIZE];          /* visited on or after, or "" */
	char to[DATE_TEXT_SIZE];            /* visited on or before, or "" */
	int64_t before_id;                  /* cursor, 0 = from the newest */
	size_t limit;                       /* 1..VISIT_LIST_MAX - 1 */
};

const char *visit_part_name(enum visit_part part);          /* "police" */
const char *visit_field_name(enum visit_field f);           /* "household_type" */
bool visit_field_parse(const char *name, enum visit_field *out);
enum visit_part visit_field_part(enum visit_field f);
const char *visit_household_type_label(const char *code);   /* "家庭户", "" for none */
const char *visit_relation_name(enum visit_relation r);     /* "head" */
const char *visit_relation_label(enum visit_relation r);    /* "户主" */
bool visit_relation_parse(const char *name, enum visit_relation *out);

/*
 * Opens a visit for `side`: checks the community (of the city), address,
 * date (not after today), persons (1..VISIT_PERSONS_MAX, each once, each
 * existing inside `scope` — ST_NOT_FOUND otherwise — and living in the
 * community — ST_NOT_ALLOWED otherwise) and the present fields, which must
 * all be of `side`'s part (ST_UNKNOWN_FIELD otherwise).  Writes the visit,
 * its persons and its creation history row; `actor` becomes the officer of
 * `side`.  Whether the community lies in the caller's scope is the
 * caller's check (visit_check_place first).
 */
enum status visit_create(const struct registry *reg, const struct visit_request *req,
			 enum visit_part side, const char *scope, const char *actor,
			 struct visit *out, struct error *err);

/* The community of a create request in canonical form, or ST_INVALID_DIVISION. */
enum status visit_check_place(const struct registry *reg, const struct visit_request *req,
			      char community[DIVISION_CODE_SIZE], struct error *err);

/*
 * Changes the present fields of `part` of visit `id` (fields of the other
 * part: ST_UNKNOWN_FIELD) if that part's stored version is still
 * `expected_version` (ST_VERSION_CONFLICT otherwise), with one history row
 * per changed field; names `actor` as the part's officer if none is yet.
 * *changed counts the changed fields; none changed writes nothing.
 */
enum status visit_update_part(const struct registry *reg, int64_t id, enum visit_part part,
			      int64_t expected_version, const struct visit_request *req,
			      const char *actor, struct visit *out, size_t *changed,
			      struct error *err);

/*
 * Links one more person of the household (same rules as on create;
 * ST_INVALID_STATE if already linked, or the visit is full), with its
 * history row.
 */
enum status visit_add_person(const struct registry *reg, int64_t id,
			     const struct visit_person_request *person, const char *scope,
			     const char *actor, struct visit *out, struct error *err);

/* Visit `id` with its persons (name, masked ID number); ST_NOT_FOUND if none. */
enum status visit_get(const struct registry *reg, int64_t id, struct visit *out,
		      struct error *err);

/* At most q->limit visits (without persons) into `out` (room for q->limit + 1). */
enum status visit_search(const struct registry *reg, const struct visit_query *q,
			 struct visit *out, size_t *count, bool *more, struct error *err);

#endif
