/*
 * service_point.h — the public directory of service points (policy §2(3),
 * §2(4)): 定点服务机构, 生殖健康定点服务机构, per-community 流动人口服务之家
 * and 爱心救助超市, with their address, the services they offer, phone,
 * opening hours and the duties and service items they publish (公示).
 *
 *   service_point       定点服务机构
 *   health_institution  生殖健康定点服务机构
 *   service_home        流动人口服务之家
 *   aid_store           爱心救助超市
 *
 * A point lies in a town or community of the city.  Nothing in it is
 * personal data: active points are published to everyone without login;
 * inactive ones are kept but not shown to the public.
 */
#ifndef LIUDONG_SERVICE_POINT_H
#define LIUDONG_SERVICE_POINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "domain/division.h"
#include "domain/person.h"

#define SERVICE_POINT_NAME_MIN_CHARS 2
#define SERVICE_POINT_NAME_MAX_CHARS 60
#define SERVICE_POINT_NAME_SIZE 192
#define SERVICE_POINT_HOURS_MAX_CHARS 60
#define SERVICE_POINT_HOURS_SIZE 192
#define SERVICE_POINT_NOTICE_MAX_CHARS 1000
#define SERVICE_POINT_NOTICE_SIZE 3072
#define SERVICE_POINT_LIST_MAX 64    /* rows of one page, and one more to see if more follow */
#define SERVICE_POINT_SERVICES_SIZE 160  /* the codes joined by ',' */

enum service_point_kind {
	SERVICE_POINT_KIND_NONE = 0,
	SERVICE_POINT_SERVICE_POINT = 1,
	SERVICE_POINT_HEALTH_INSTITUTION = 2,
	SERVICE_POINT_SERVICE_HOME = 3,
	SERVICE_POINT_AID_STORE = 4,
};

/* The services a point may offer, one bit each in `services`. */
enum service_code {
	SERVICE_CONTRACEPTION = 0,  /* 避孕节育 */
	SERVICE_PRENATAL,           /* 孕前优生 */
	SERVICE_CHECKUP,            /* 生殖健康检查 */
	SERVICE_CONSULTATION,       /* 政策咨询 */
	SERVICE_CERTIFICATE,        /* 婚育证明办理 */
	SERVICE_LEGAL_AID,          /* 维权服务 */
	SERVICE_EMPLOYMENT,         /* 就业服务 */
	SERVICE_AID,                /* 救助 */
	SERVICE__COUNT
};

struct service_point {
	int64_t id;
	enum service_point_kind kind;
	char name[SERVICE_POINT_NAME_SIZE];
	char division[DIVISION_CODE_SIZE];   /* a town or community of the city */
	char address[PERSON_ADDRESS_SIZE];   /* or "" */
	unsigned services;                   /* bit per enum service_code */
	char phone[PERSON_PHONE_SIZE];       /* or "" */
	char hours[SERVICE_POINT_HOURS_SIZE];    /* or "" */
	char notice[SERVICE_POINT_NOTICE_SIZE];  /* duties and service items (公示), or "" */
	bool active;
	int64_t version;
	int64_t created_at;
	int64_t updated_at;
};

/*
 * What an office sends.  Text fields as text; services as codes; for an
 * update only the members with their has_ flag set change.
 */
struct service_point_request {
	char kind[32];
	char name[SERVICE_POINT_NAME_SIZE + 4];
	char division[DIVISION_CODE_SIZE + 8];
	char address[PERSON_ADDRESS_SIZE + 4];
	char services[SERVICE__COUNT + 1][32];   /* at most SERVICE__COUNT codes */
	size_t service_count;                    /* how many given; > SERVICE__COUNT: too many */
	char phone[PERSON_PHONE_SIZE + 8];
	char hours[SERVICE_POINT_HOURS_SIZE + 4];
	char notice[SERVICE_POINT_NOTICE_SIZE + 4];
	bool active;
	bool has_kind, has_name, has_division, has_address, has_services, has_phone, has_hours,
		has_notice, has_active;
};

/* A listing, newest first, a page at a time. */
struct service_point_query {
	char division[DIVISION_CODE_SIZE];  /* inside this ("" = anywhere) */
	enum service_point_kind kind;       /* or NONE */
	int service;                        /* enum service_code, or -1 for any */
	bool active_only;
	int64_t before_id;                  /* cursor, 0 = from the newest */
	size_t limit;                       /* 1..SERVICE_POINT_LIST_MAX - 1 */
};

const char *service_point_kind_name(enum service_point_kind k);   /* "service_home" */
const char *service_point_kind_label(enum service_point_kind k);  /* "流动人口服务之家" */
bool service_point_kind_parse(const char *name, enum service_point_kind *out);
const char *service_code_name(enum service_code s);    /* "contraception" */
const char *service_code_label(enum service_code s);   /* "避孕节育" */
bool service_code_parse(const char *name, enum service_code *out);

/*
 * Checks a create request and registers the point (version 1, active
 * unless `active` was given false).  The caller runs it inside its write
 * transaction (api_write) so that the audit row goes with it; `check`
 * alone fills `out` without storing, to see the division first (scope).
 */
enum status service_point_check(const struct registry *reg,
				 const struct service_point_request *req,
				 struct service_point *out, struct error *err);
enum status service_point_create(const struct registry *reg,
				 const struct service_point_request *req,
				 struct service_point *out, struct error *err);

/*
 * Merges the given members of `req` into point `id`, checks the whole
 * record and stores it if its version is still `expected_version`
 * (ST_VERSION_CONFLICT otherwise).  *changed: whether anything changed;
 * nothing changed writes nothing and keeps the version.  `before` receives
 * the stored record as it was (for the caller's scope check).
 */
enum status service_point_update(const struct registry *reg, int64_t id,
				 int64_t expected_version,
				 const struct service_point_request *req,
				 struct service_point *before, struct service_point *out,
				 bool *changed, struct error *err);

enum status service_point_get(const struct registry *reg, int64_t id, struct service_point *out,
			      struct error *err);

/* At most q->limit rows into `out` (room for q->limit + 1); *more if more follow. */
enum status service_point_search(const struct registry *reg, const struct service_point_query *q,
				 struct service_point *out, size_t *count, bool *more,
				 struct error *err);

#endif
