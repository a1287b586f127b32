/*
 * employment.h — who works for whom (policy §2(1)(2), §3: "谁用工、谁负责").
 *
 * An employment says that a person works for an organization: the job, the
 * work site (address text) and the community of the city it lies in, when
 * the work started and ended ("" while employed), whether the worker lives
 * on the site and whether the work is seasonal.  A person has at most one
 * current employment per organization.  Every change is kept as history in
 * the same transaction, like an organization's.
 *
 * Construction enterprises keep a register of the workers who live on
 * their sites (嘉峪关市建筑企业流动人口计划生育管理服务登记册, §2(2)): the
 * on-site employments of the enterprise, per work site, with arrival
 * (starts_on) and departure (ends_on); domain/site_register.h renders it.
 * When such an employment changes, the street office of the site is sent a
 * notice in the same transaction (employment_notify_register).
 */
#ifndef LIUDONG_EMPLOYMENT_H
#define LIUDONG_EMPLOYMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/error.h"
#include "domain/division.h"
#include "domain/organization.h"
#include "domain/person.h"

#define EMPLOYMENT_JOB_SIZE 96           /* at most EMPLOYMENT_JOB_MAX_CHARS characters */
#define EMPLOYMENT_JOB_MAX_CHARS 30
#define EMPLOYMENT_VALUE_SIZE 256        /* any one field as text */
#define EMPLOYMENT_LIST_MAX 500          /* workers of one organization listed or exported */

/* The fields an employer or office fills in and changes, in history order. */
enum employment_field {
	EMPLOYMENT_FIELD_JOB = 0,
	EMPLOYMENT_FIELD_WORK_SITE,
	EMPLOYMENT_FIELD_SITE_DIVISION,
	EMPLOYMENT_FIELD_STARTS_ON,
	EMPLOYMENT_FIELD_ENDS_ON,
	EMPLOYMENT_FIELD_LIVES_ON_SITE,
	EMPLOYMENT_FIELD_SEASONAL,
	EMPLOYMENT_FIELD_COUNT
};

struct employment {
	int64_t id;
	int64_t person_id;
	int64_t organization_id;
	char job[EMPLOYMENT_JOB_SIZE];
	char work_site[PERSON_ADDRESS_SIZE];
	char site_division[DIVISION_CODE_SIZE];  /* community or village of the city */
	char starts_on[DATE_TEXT_SIZE];
	char ends_on[DATE_TEXT_SIZE];            /* "" while employed */
	bool lives_on_site;
	bool seasonal;
	int64_t version;
	int64_t created_at;
	int64_t updated_at;
};

/*
 * What is sent: every field as text ("1"/"0" for the two flags).  For a
 * create absent ones are ""; for an update only those with present[f] change.
 */
struct employment_request {
	char values[EMPLOYMENT_FIELD_COUNT][EMPLOYMENT_VALUE_SIZE];
	bool present[EMPLOYMENT_FIELD_COUNT];
};

/* One changed field of an update: what the history keeps. */
struct employment_change {
	enum employment_field field;
	char old_value[EMPLOYMENT_VALUE_SIZE];
	char new_value[EMPLOYMENT_VALUE_SIZE];
};

/* An employment with what the worker lists and the register show of the person. */
struct employment_worker {
	struct employment employment;
	char name[PERSON_NAME_SIZE];
	char id_number[IDCARD_SIZE];             /* full; callers mask it */
	char sex;                                /* 'M' or 'F' */
	char hukou_division[DIVISION_CODE_SIZE];
	char hukou_address[PERSON_ADDRESS_SIZE];
	char marital_status[3];                  /* GB/T 2261.2, or "" */
	char certificate[32];                    /* 持证情况, filled for the register */
};

const char *employment_field_name(enum employment_field f);   /* "work_site" */
bool employment_field_parse(const char *name, enum employment_field *out);

/* The value of field `f` of `e` as text (flags "1"/"0"). */
void employment_field_value(const struct employment *e, enum employment_field f, char *buf,
			    size_t size);

/*
 * Registers that person `person_id` works for organization `organization_id`,
 * with its creation history row, in one write (joining the caller's
 * transaction).  ST_NOT_FOUND if either does not exist; ST_INVALID_STATE if
 * the person is already employed there.
 */
enum status employment_create(const struct registry *reg, int64_t organization_id,
			      int64_t person_id, const struct employment_request *req,
			      const char *actor, struct employment *out, struct error *err);

/*
 * Merges the present fields of `req` into employment `id`, checks the whole
 * and writes it with one history row per changed field if its version is
 * still `expected_version` (ST_VERSION_CONFLICT otherwise).  *changed counts
 * the changed fields; `before` (may be NULL) receives the old record.
 */
enum status employment_update(const struct registry *reg, int64_t id, int64_t expected_version,
			      const struct employment_request *req, const char *actor,
			      struct employment *before, struct employment *out, size_t *changed,
			      struct error *err);

enum status employment_get(const struct registry *reg, int64_t id, struct employment *out,
			   struct error *err);

/*
 * The workers of organization `organization_id`, newest first (only those
 * still employed if `current_only`): at most `max` into `out`, *count set.
 */
enum status employment_list(const struct registry *reg, int64_t organization_id,
			    bool current_only, struct employment_worker *out, size_t max,
			    size_t *count, struct error *err);

/*
 * The construction register of organization `organization_id`: every
 * on-site worker (employed or gone), at work site `site` ("" = all), by
 * site and arrival, with 持证情况 filled.  ST_NOT_ALLOWED unless the
 * organization is a construction enterprise.
 */
enum status employment_register(const struct registry *reg, int64_t organization_id,
				const char *site, struct employment_worker *out, size_t max,
				size_t *count, struct error *err);

/* True if a change of this employment changes a construction register. */
bool employment_in_register(const struct organization *o, const struct employment *e);

/*
 * Tells the street office of the work site (the town/street of
 * site_division) that the register of `o` changed: a notice 「建筑工地登记册
 * 变更」 naming the enterprise, the site and `what`, linked to the
 * organization, sent by `sender` in the caller's transaction.
 */
struct notice_sender;
enum status employment_notify_register(const struct registry *reg,
				       const struct notice_sender *sender,
				       const struct organization *o, const struct employment *e,
				       const char *what, struct error *err);

#endif
