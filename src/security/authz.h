/*
 * authz.h — roles, permissions and scopes (DESIGN.md, "Who uses it").
 *
 * Every user has one role and one scope (a division code at significant
 * length).  A route needs one permission; a role either has it or not.  A
 * record is visible only if its jurisdiction lies inside the user's scope.
 */
#ifndef LIUDONG_AUTHZ_H
#define LIUDONG_AUTHZ_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/division.h"

enum role {
	ROLE_NONE = 0,
	ROLE_ADMIN,             /* system administrator: users, configuration, audit */
	ROLE_CITY_OFFICER,      /* 市人口计生委 */
	ROLE_TOWN_OFFICER,      /* 镇/街道计生办 */
	ROLE_COMMUNITY_OFFICER, /* 社区(村)专管员 */
	ROLE_POLICE_LIAISON,    /* 派出所/协管民警 */
	ROLE_DEPARTMENT,        /* 宣传、综治、公安、工商、民政、卫生… */
	ROLE_WARDEN,            /* 保安综治员 */
	ROLE_LIAISON,           /* 计生协会联络员 */
	ROLE_EMPLOYER,          /* 用工单位/雇主 */
	ROLE_LANDLORD,          /* 出租户 */
	ROLE__COUNT
};

enum permission {
	PERM_PUBLIC = 0,      /* no login needed */
	PERM_LOGIN,           /* any logged-in user */
	PERM_PERSON_READ,     /* read and search person records in scope */
	PERM_PERSON_WRITE,    /* register and change person records in scope */
	PERM_PERSON_LOOKUP,   /* remote query (异地查询) by ID number, anywhere */
	PERM_AUDIT_READ,      /* search the audit trail */
	PERM_USER_ADMIN,      /* manage users and tokens */
	PERM_CERTIFICATE_ISSUE,      /* issue, revoke and replace certificates of its towns */
	PERM_CERTIFICATE_DISTRIBUTE, /* hand out certificates, record external ones */
	PERM_CERTIFICATE_CHECK,      /* check a certificate by number (any place) */
	PERM_INQUIRY_WRITE,          /* letter inquiries: create, send, record answers */
	PERM_TRANSITION_WRITE,       /* hand-over, resident management, left, returned */
	PERM_WORKLIST_READ,          /* the work list of its offices */
	PERM_BENEFIT_WRITE,          /* grant, pay and cancel rewards and preferential policies */
	PERM_ORGANIZATION_READ,      /* read and search organizations (§3) in scope */
	PERM_ORGANIZATION_WRITE,     /* register and change organizations in scope */
	PERM_NOTICE_SEND,            /* send notices (通报) to towns and communities of the city */
	PERM_NOTICE_READ,            /* the notices addressed into its scope: read, acknowledge */
	PERM_EMPLOYMENT_READ,        /* workers of an organization, construction registers */
	PERM_EMPLOYMENT_WRITE,       /* register and change workers (employer: its own) */
	PERM_VISIT_READ,             /* joint registration visits (§3) in scope: read, open, add persons */
	PERM_VISIT_POLICE,           /* write the police part of a joint visit */
	PERM_VISIT_FAMILY,           /* write the family-planning part of a joint visit */
	PERM_HOUSING_READ,           /* let homes and tenancies: landlord its own, officers in scope */
	PERM_HOUSING_WRITE,          /* register homes, start and end tenancies (same reach) */
	PERM_REPORT_CREATE,          /* file field reports (§6(3)) and see one's own */
	PERM_REPORT_HANDLE,          /* verify and close the field reports routed to its offices */
	PERM_SETTING_ADMIN,          /* deployment settings */
	PERM_SERVICE_WRITE,          /* register and change service points (§2(3)(4)) in scope */
	PERM_COMPLAINT_HANDLE,       /* take in, assign, answer and close complaints (§3) */
	PERM_STATS_READ,             /* statistics of its scope (§6(2)) and their export */
	PERM_ASSESSMENT_READ,        /* responsibility agreements and assessment results (§6(1)) */
	PERM_ASSESSMENT_WRITE,       /* make agreements, score them, give awards (§6(4)) */
	PERM_AID_WRITE,              /* record aid given by aid stores (§2(4)) in scope */
	PERM_IMPORT_WRITE,           /* import persons from WIS and spreadsheets (§5) */
	PERM_EXCHANGE_READ,          /* the messages exchanged with other places (§5) */
	PERM__COUNT
};

/* Who is making a request, once authenticated. */
struct principal {
	int64_t user_id;
	char username[64];
	enum role role;
	char scope[DIVISION_CODE_SIZE];
	int64_t organization_id;  /* employer, landlord: the organization acted for, or 0 */
	int64_t person_id;        /* landlord who is a person, or 0 */
	int64_t session_id;       /* 0 when authenticated by API token */
	char csrf_token[48];      /* the session's; "" for API tokens */
};

const char *role_name(enum role role);   /* "town_officer" */
const char *role_label(enum role role);  /* "镇/街道计生办" */
bool role_parse(const char *name, enum role *out);

const char *permission_name(enum permission permission);  /* "person.read" */

/* True if `role` holds `permission`. PERM_PUBLIC and PERM_LOGIN: every role. */
bool authz_role_has(enum role role, enum permission permission);

/*
 * The division levels a role's scope may have (a town officer's scope is a
 * town or street); used when creating users.
 */
bool authz_scope_fits_role(enum role role, enum division_level level);

/* True if the division `code` lies inside the principal's scope. */
bool authz_in_scope(const struct principal *who, const char *code);

/*
 * Narrows a search's division to the principal's scope: writes the division
 * to search in `out` (the narrower of the two) and returns true, or returns
 * false if they do not overlap (the search finds nothing).
 */
bool authz_narrow_to_scope(const struct principal *who, const char *wanted,
			   char out[DIVISION_CODE_SIZE]);

#endif
