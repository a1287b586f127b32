/*
 * person.h — the person registry (流动人口档案, policy §2(1)).
 *
 * One record per resident ID number, filed under the community where the
 * person lives (inflow) or is registered (outflow).  Sex and birth date are
 * derived from the ID number.  Every change is kept as history: who, when,
 * which field, old and new value.  Updates name the version they were based
 * on; a stale version is refused, so no update is ever lost.
 *
 * The registry applies the rules and calls the store; it never speaks SQL.
 */
#ifndef LIUDONG_PERSON_H
#define LIUDONG_PERSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/error.h"
#include "domain/division.h"
#include "domain/idcard.h"

#define PERSON_NAME_SIZE 128     /* bytes; at most PERSON_NAME_MAX_CHARS characters */
#define PERSON_NAME_MAX_CHARS 40
#define PERSON_ADDRESS_SIZE 256  /* bytes; at most PERSON_ADDRESS_MAX_CHARS characters */
#define PERSON_ADDRESS_MAX_CHARS 80
#define PERSON_PHONE_SIZE 24
#define PERSON_VALUE_SIZE 256    /* any one field as text */
#define PERSON_SIMILAR_MAX 8

enum person_flow {
	FLOW_NONE = 0,
	FLOW_INFLOW = 1,  /* hukou elsewhere, lives in the city */
	FLOW_OUTFLOW = 2, /* hukou in the city, lives elsewhere */
};

enum person_management {
	MANAGEMENT_NONE = 0,
	MANAGEMENT_FLOATING = 1,    /* managed as floating population */
	MANAGEMENT_RESIDENT = 2,    /* taken into resident management */
	MANAGEMENT_HANDED_OVER = 3, /* handed over to another place */
	MANAGEMENT_LEFT = 4,        /* has left; record kept */
};

/* The fields a person record has, in display order. */
enum person_field {
	PERSON_ID_NUMBER,
	PERSON_NAME,
	PERSON_SEX,
	PERSON_BIRTH_DATE,
	PERSON_ETHNICITY,
	PERSON_HUKOU_DIVISION,
	PERSON_HUKOU_ADDRESS,
	PERSON_RESIDENCE_DIVISION,
	PERSON_RESIDENCE_ADDRESS,
	PERSON_FLOW,
	PERSON_MANAGEMENT,
	PERSON_MARITAL_STATUS,
	PERSON_MARRIAGE_DATE,
	PERSON_ARRIVAL_DATE,
	PERSON_PHONE,
	PERSON_FIELD_COUNT
};

struct person_field_info {
	const char *name;   /* API name, e.g. "hukou_division" */
	const char *label;  /* Chinese label, e.g. "户籍地" */
	bool required;      /* must be present on create */
	bool derived;       /* computed, never typed (sex, birth date) */
	bool sensitive;     /* sealed at rest (ID number, phone) */
};

struct person {
	int64_t id;                                  /* 0 until stored */
	char id_number[IDCARD_SIZE];                 /* canonical 18 characters */
	char name[PERSON_NAME_SIZE];
	char sex;                                    /* 'M' or 'F', derived */
	char birth_date[DATE_TEXT_SIZE];             /* derived */
	char ethnicity[3];                           /* GB 3304, or "" */
	char hukou_division[DIVISION_CODE_SIZE];     /* county or below, significant length */
	char hukou_address[PERSON_ADDRESS_SIZE];
	char residence_division[DIVISION_CODE_SIZE]; /* community/village of the city */
	char residence_address[PERSON_ADDRESS_SIZE];
	enum person_flow flow;
	enum person_management management;
	char marital_status[3];                      /* GB/T 2261.2, or "" */
	char marriage_date[DATE_TEXT_SIZE];          /* or "" */
	char arrival_date[DATE_TEXT_SIZE];           /* or "" */
	char phone[PERSON_PHONE_SIZE];               /* or "" */
	int64_t version;                             /* 1 on create, +1 per update */
	int64_t created_at;                          /* Unix seconds */
	int64_t updated_at;                          /* Unix seconds */
	bool possible_duplicate;                     /* same name, birth, hukou county as another */
};

/* One field as text, for input (create, update) and for history. */
struct person_value {
	enum person_field field;
	char value[PERSON_VALUE_SIZE];
};

/* One changed field of an update: what the history keeps. */
struct person_change {
	enum person_field field;
	char old_value[PERSON_VALUE_SIZE];
	char new_value[PERSON_VALUE_SIZE];
};

/* One row of a record's history; field is PERSON_FIELD_COUNT for "created". */
struct person_history_entry {
	int64_t version;
	int64_t changed_at;  /* Unix seconds */
	char actor[64];
	enum person_field field;
	char old_value[PERSON_VALUE_SIZE];
	char new_value[PERSON_VALUE_SIZE];
};

/* A search: every set filter must hold; results in ascending id after `after_id`. */
struct person_query {
	char id_number[IDCARD_SIZE];           /* exact, canonical form, or "" */
	char name_prefix[PERSON_NAME_SIZE];    /* or "" */
	char division[DIVISION_CODE_SIZE];     /* residence inside this division, or "" */
	enum person_flow flow;                 /* or FLOW_NONE */
	enum person_management management;     /* or MANAGEMENT_NONE */
	int64_t after_id;                      /* cursor: last id of the previous page */
	size_t limit;                          /* 1..PERSON_PAGE_MAX */
};

#define PERSON_PAGE_DEFAULT 20
#define PERSON_PAGE_MAX 500

struct store;

/* What the registry needs to apply its rules; not owned. */
struct registry {
	struct store *store;
	const struct division_table *divisions;
	char city[DIVISION_CODE_SIZE];  /* the city this database serves (6202) */
	struct date today;              /* the day rules are checked against */
};

/* Result of a create besides the record itself. */
struct person_create_result {
	int64_t similar_ids[PERSON_SIMILAR_MAX]; /* possible duplicates found */
	size_t similar_count;
};

const struct person_field_info *person_field_info(enum person_field field);

/* Field by API name; false if no such field. */
bool person_field_by_name(const char *name, enum person_field *out);

const char *person_flow_name(enum person_flow flow);             /* "inflow" */
const char *person_flow_label(enum person_flow flow);            /* "流入" */
const char *person_management_name(enum person_management m);    /* "floating" */
const char *person_management_label(enum person_management m);   /* "流动管理" */
bool person_flow_parse(const char *name, enum person_flow *out);
bool person_management_parse(const char *name, enum person_management *out);

/* A name shown masked: the first character, then one * per further character (张**). */
void person_mask_name(const char *name, char *buf, size_t size);

/* A field's value as text ("" when empty); `buf` of PERSON_VALUE_SIZE. */
void person_field_text(const struct person *p, enum person_field field, char *buf,
		       size_t size);

/*
 * Sets one field from text: checks its form only (length, characters,
 * enumerations).  Derived fields are refused.  Whole-record rules are
 * checked by person_validate.
 */
enum status person_set_field(struct person *p, enum person_field field, const char *value,
			     struct error *err);

/*
 * Checks the whole record against the rules and completes it: derives sex
 * and birth date from the ID number, brings division codes to their
 * significant length.  Nothing is written.
 */
enum status person_validate(const struct registry *reg, struct person *p, struct error *err);

/*
 * Registers a new person from field values.  Validates everything first; on
 * success the record (with its creation history row) is stored in one
 * transaction and `out` holds it.  A second record for an ID number is
 * refused with ST_DUPLICATE_PERSON (err->related_id names the existing one);
 * possible duplicates are flagged and listed in `result`.
 */
enum status person_create(const struct registry *reg, const struct person_value *values,
			  size_t count, const char *actor, struct person *out,
			  struct person_create_result *result, struct error *err);

/* Loads a record by id; ST_NOT_FOUND if there is none. */
enum status person_get(const struct registry *reg, int64_t id, struct person *out,
		       struct error *err);

/* Loads a record by ID number (any accepted form); ST_NOT_FOUND if none. */
enum status person_get_by_id_number(const struct registry *reg, const char *id_number,
				    struct person *out, struct error *err);

/*
 * Changes fields of record `id`, based on `expected_version`.  A stale
 * version is refused with ST_VERSION_CONFLICT.  The new record, the history
 * rows of the fields that really changed, and the version bump are one
 * transaction; `out` holds the new record.  `changed` (may be NULL) receives
 * how many fields changed; zero changes leave the record and version as is.
 */
enum status person_update(const struct registry *reg, int64_t id, int64_t expected_version,
			  const struct person_value *values, size_t count, const char *actor,
			  struct person *out, size_t *changed, struct error *err);

/*
 * How a person is managed changes only through a transition
 * (domain/transition.h): person_update refuses the field with
 * ST_NOT_ALLOWED; transitions change it here, with its history row.
 */
enum status person_change_management(const struct registry *reg, int64_t id,
				     int64_t expected_version, enum person_management management,
				     const char *actor, struct person *out, struct error *err);

/*
 * Checks and completes a query: the ID number is canonicalized, the division
 * resolved, the limit defaulted and bounded.
 */
enum status person_query_prepare(const struct registry *reg, struct person_query *q,
				 struct error *err);

/*
 * Runs a prepared query: fills up to q->limit records into `out`, which must
 * have room for q->limit + 1 (one more is read to learn whether a next page
 * exists), and sets *count; *more tells whether a next page exists.
 */
enum status person_search(const struct registry *reg, const struct person_query *q,
			  struct person *out, size_t *count, bool *more, struct error *err);

/* Callback for history rows, oldest first; return false to stop. */
typedef bool (*person_history_fn)(const struct person_history_entry *entry, void *ctx);

/* Calls `fn` for each history row of record `id`; ST_NOT_FOUND if no record. */
enum status person_history(const struct registry *reg, int64_t id, person_history_fn fn,
			   void *ctx, struct error *err);

#endif
