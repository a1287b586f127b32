/*
 * organization.h — the organizations that carry duties for the floating
 * population (policy §2(1)(2), §3: "谁用工、谁出租、谁受益，谁负责").
 *
 *   department               one of the departments of §3 that share the
 *                            work (宣传、综治、公安、工商 …), named by
 *                            `department`
 *   unit                     机关、团体、企事业单位
 *   construction_enterprise  建筑施工企业
 *   individual_business      个体工商户
 *   service_institution      服务机构 (e.g. the service centre of a town)
 *
 * Units, construction enterprises and individual businesses must give their
 * unified social credit code (domain/credit_code.h); it is unique.  Each
 * lies in the city, a town or a community of the city: its division decides
 * who sees it, like a person's residence.  Every change is kept as history
 * (who, when, which field, old and new value) in the same transaction; the
 * contact phone is sealed at rest, in the record and in its history.
 */
#ifndef LIUDONG_ORGANIZATION_H
#define LIUDONG_ORGANIZATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "domain/credit_code.h"
#include "domain/division.h"
#include "domain/person.h"

#define ORGANIZATION_NAME_SIZE 192       /* at most ORGANIZATION_NAME_MAX_CHARS characters */
#define ORGANIZATION_NAME_MIN_CHARS 2
#define ORGANIZATION_NAME_MAX_CHARS 60
#define ORGANIZATION_LIST_MAX 64         /* rows of one page, and one more to see if more follow */
#define ORGANIZATION_VALUE_SIZE 256      /* any one field as text */

enum organization_kind {
	ORGANIZATION_KIND_NONE = 0,
	ORGANIZATION_DEPARTMENT = 1,
	ORGANIZATION_UNIT = 2,
	ORGANIZATION_CONSTRUCTION_ENTERPRISE = 3,
	ORGANIZATION_INDIVIDUAL_BUSINESS = 4,
	ORGANIZATION_SERVICE_INSTITUTION = 5,
};

/* The departments of §3; NONE for organizations of other kinds. */
enum organization_department {
	DEPARTMENT_NONE = 0,
	DEPARTMENT_PUBLICITY = 1,      /* 宣传 */
	DEPARTMENT_COMPREHENSIVE = 2,  /* 综治 */
	DEPARTMENT_POLICE = 3,         /* 公安 */
	DEPARTMENT_COMMERCE = 4,       /* 工商 */
	DEPARTMENT_POPULATION = 5,     /* 人口 */
	DEPARTMENT_CIVIL_AFFAIRS = 6,  /* 民政 */
	DEPARTMENT_HEALTH = 7,         /* 卫生 */
	DEPARTMENT_CONSTRUCTION = 8,   /* 建设 */
	DEPARTMENT_LABOUR = 9,         /* 劳动保障 */
	DEPARTMENT_TRANSPORT = 10,     /* 交通 */
	DEPARTMENT_HOUSING = 11,       /* 房管 */
	DEPARTMENT__COUNT
};

/* The fields an office fills in and changes, in history and PATCH order. */
enum organization_field {
	ORGANIZATION_FIELD_KIND = 0,
	ORGANIZATION_FIELD_DEPARTMENT,
	ORGANIZATION_FIELD_NAME,
	ORGANIZATION_FIELD_CREDIT_CODE,
	ORGANIZATION_FIELD_DIVISION,
	ORGANIZATION_FIELD_ADDRESS,
	ORGANIZATION_FIELD_RESPONSIBLE_PERSON,
	ORGANIZATION_FIELD_CONTACT_PHONE,
	ORGANIZATION_FIELD_COUNT
};

struct organization {
	int64_t id;
	enum organization_kind kind;
	enum organization_department department;   /* NONE unless kind is DEPARTMENT */
	char name[ORGANIZATION_NAME_SIZE];
	char credit_code[CREDIT_CODE_SIZE];         /* canonical, or "" */
	char division[DIVISION_CODE_SIZE];          /* the city, a town or a community */
	char address[PERSON_ADDRESS_SIZE];          /* or "" */
	char responsible_person[PERSON_NAME_SIZE];  /* or "" */
	char contact_phone[PERSON_PHONE_SIZE];      /* or ""; sealed at rest */
	int64_t version;
	int64_t created_at;
	int64_t updated_at;
};

/*
 * What an office sends: every field as text.  For a create the absent ones
 * are ""; for an update only those with present[f] set change.
 */
struct organization_request {
	char values[ORGANIZATION_FIELD_COUNT][ORGANIZATION_VALUE_SIZE];
	bool present[ORGANIZATION_FIELD_COUNT];
};

/* One changed field of an update: what the history keeps. */
struct organization_change {
	enum organization_field field;
	char old_value[ORGANIZATION_VALUE_SIZE];
	char new_value[ORGANIZATION_VALUE_SIZE];
};

/* One row of the history; created is true for the creation row (no field). */
struct organization_history_entry {
	int64_t version;
	int64_t changed_at;
	char actor[64];
	bool created;
	enum organization_field field;
	char old_value[ORGANIZATION_VALUE_SIZE];
	char new_value[ORGANIZATION_VALUE_SIZE];
};

/* A listing: the organizations in a division, newest first, a page at a time. */
struct organization_query {
	char division[DIVISION_CODE_SIZE];  /* inside this (already narrowed to scope) */
	enum organization_kind kind;        /* or NONE */
	char name[ORGANIZATION_NAME_SIZE];  /* part of the name, or "" */
	int64_t before_id;                  /* cursor, 0 = from the newest */
	size_t limit;                       /* 1..ORGANIZATION_LIST_MAX - 1 */
};

const char *organization_kind_name(enum organization_kind k);           /* "unit" */
const char *organization_kind_label(enum organization_kind k);          /* "机关、团体、企事业单位" */
bool organization_kind_parse(const char *name, enum organization_kind *out);
const char *organization_department_name(enum organization_department d);   /* "police" */
const char *organization_department_label(enum organization_department d);  /* "公安" */
const char *organization_field_name(enum organization_field f);         /* "credit_code" */
bool organization_field_parse(const char *name, enum organization_field *out);

/* The value of field `f` of `o` as text (kind and department by name). */
void organization_field_value(const struct organization *o, enum organization_field f,
			      char *buf, size_t size);

/*
 * Checks the fields of `req` and fills `out` (id, version and timestamps
 * zero) without storing anything; the division in canonical form.  Used by
 * callers that must see the division before the write (scope).
 */
enum status organization_check(const struct registry *reg, const struct organization_request *req,
			       struct organization *out, struct error *err);

/*
 * Registers an organization with its creation history row, in one write.
 * ST_DUPLICATE_ORGANIZATION (related_id: the existing one) if its credit
 * code is taken.
 */
enum status organization_create(const struct registry *reg, const struct organization_request *req,
				const char *actor, struct organization *out, struct error *err);

/*
 * Merges the present fields of `req` into organization `id`, checks the
 * whole record and writes it with one history row per changed field if its
 * stored version is still `expected_version` (ST_VERSION_CONFLICT
 * otherwise).  *changed counts the changed fields; none changed writes
 * nothing and keeps the version.
 */
enum status organization_update(const struct registry *reg, int64_t id, int64_t expected_version,
				const struct organization_request *req, const char *actor,
				struct organization *out, size_t *changed, struct error *err);

enum status organization_get(const struct registry *reg, int64_t id, struct organization *out,
			     struct error *err);

/* At most q->limit rows into `out` (room for q->limit + 1); *more if more follow. */
enum status organization_search(const struct registry *reg, const struct organization_query *q,
				struct organization *out, size_t *count, bool *more,
				struct error *err);

/* Callback for history rows, oldest first; return false to stop. */
typedef bool (*organization_history_fn)(const struct organization_history_entry *entry, void *ctx);

/* Calls `fn` for each history row of organization `id`; ST_NOT_FOUND if none. */
enum status organization_history(const struct registry *reg, int64_t id,
				 organization_history_fn fn, void *ctx, struct error *err);

#endif
