/*
 * authz.c — the role table: what each role may do, and where.
 */
#include "security/authz.h"

#include <string.h>

struct role_entry {
	const char *name;
	const char *label;
	unsigned long long permissions; /* bit per enum permission */
	unsigned scope_levels;  /* bit per enum division_level */
};

#define P(p) (1ull << (p))
#define L(l) (1u << (l))

_Static_assert(PERM__COUNT <= 64, "permissions are bits of an unsigned long long");

/* What the city and the town/street offices do (§2(2)). */
#define OFFICE_PERMISSIONS                                                                \
	(P(PERM_PERSON_READ) | P(PERM_PERSON_WRITE) | P(PERM_PERSON_LOOKUP) |             \
	 P(PERM_CERTIFICATE_ISSUE) | P(PERM_CERTIFICATE_DISTRIBUTE) |                      \
	 P(PERM_CERTIFICATE_CHECK) | P(PERM_INQUIRY_WRITE) | P(PERM_TRANSITION_WRITE) |    \
	 P(PERM_WORKLIST_READ) | P(PERM_BENEFIT_WRITE) | P(PERM_ORGANIZATION_READ) |        \
	 P(PERM_ORGANIZATION_WRITE) | P(PERM_NOTICE_SEND) | P(PERM_NOTICE_READ) |          \
	 P(PERM_SERVICE_WRITE) | P(PERM_STATS_READ) | P(PERM_ASSESSMENT_READ) |            \
	 P(PERM_AID_WRITE) | P(PERM_IMPORT_WRITE))

/* Who keeps the workers of organizations and the construction registers (§2(1)(2)). */
#define EMPLOYMENT_PERMISSIONS (P(PERM_EMPLOYMENT_READ) | P(PERM_EMPLOYMENT_WRITE))

/* The two sides of a joint registration visit (§3): police and family planning. */
#define VISIT_POLICE_PERMISSIONS (P(PERM_VISIT_READ) | P(PERM_VISIT_POLICE))
#define VISIT_FAMILY_PERMISSIONS (P(PERM_VISIT_READ) | P(PERM_VISIT_FAMILY))

/* Let homes and their tenants (§2(2)); police_liaison reads only. */
#define HOUSING_PERMISSIONS (P(PERM_HOUSING_READ) | P(PERM_HOUSING_WRITE))

static const struct role_entry roles[ROLE__COUNT] = {
	[ROLE_ADMIN] = {"admin", "系统管理员",
			P(PERM_AUDIT_READ) | P(PERM_USER_ADMIN) | P(PERM_SETTING_ADMIN) |
				P(PERM_EXCHANGE_READ),
			L(DIVISION_CITY)},
	[ROLE_CITY_OFFICER] = {"city_officer", "市人口计生委",
			       OFFICE_PERMISSIONS | P(PERM_AUDIT_READ) | EMPLOYMENT_PERMISSIONS |
				       VISIT_FAMILY_PERMISSIONS | HOUSING_PERMISSIONS |
				       P(PERM_REPORT_HANDLE) | P(PERM_COMPLAINT_HANDLE) |
				       P(PERM_ASSESSMENT_WRITE) | P(PERM_EXCHANGE_READ),
			       L(DIVISION_CITY)},
	[ROLE_TOWN_OFFICER] = {"town_officer", "镇/街道计生办",
			       OFFICE_PERMISSIONS | EMPLOYMENT_PERMISSIONS | VISIT_FAMILY_PERMISSIONS |
				       HOUSING_PERMISSIONS | P(PERM_REPORT_HANDLE) |
				       P(PERM_COMPLAINT_HANDLE),
			       L(DIVISION_TOWN)},
	[ROLE_COMMUNITY_OFFICER] = {"community_officer", "社区(村)专管员",
				    P(PERM_PERSON_READ) | P(PERM_PERSON_WRITE) |
					    P(PERM_PERSON_LOOKUP) | P(PERM_CERTIFICATE_DISTRIBUTE) |
					    P(PERM_CERTIFICATE_CHECK) | P(PERM_WORKLIST_READ) |
					    P(PERM_ORGANIZATION_READ) | P(PERM_NOTICE_SEND) |
					    P(PERM_NOTICE_READ) | EMPLOYMENT_PERMISSIONS |
					    VISIT_FAMILY_PERMISSIONS | HOUSING_PERMISSIONS |
					    P(PERM_REPORT_CREATE) | P(PERM_STATS_READ) |
					    P(PERM_AID_WRITE) | P(PERM_IMPORT_WRITE),
				    L(DIVISION_VILLAGE)},
	[ROLE_POLICE_LIAISON] = {"police_liaison", "派出所/协管民警",
				 P(PERM_PERSON_READ) | P(PERM_PERSON_LOOKUP) |
					 P(PERM_CERTIFICATE_CHECK) | P(PERM_ORGANIZATION_READ) |
					 P(PERM_NOTICE_SEND) | P(PERM_EMPLOYMENT_READ) |
					 VISIT_POLICE_PERMISSIONS | P(PERM_HOUSING_READ) |
					 P(PERM_REPORT_CREATE),
				 L(DIVISION_TOWN) | L(DIVISION_VILLAGE)},
	[ROLE_DEPARTMENT] = {"department", "职能部门",
			     P(PERM_PERSON_LOOKUP) | P(PERM_CERTIFICATE_CHECK) |
				     P(PERM_ORGANIZATION_READ) | P(PERM_NOTICE_SEND) |
				     P(PERM_STATS_READ) | P(PERM_ASSESSMENT_READ),
			     L(DIVISION_CITY) | L(DIVISION_TOWN)},
	[ROLE_WARDEN] = {"warden", "保安综治员", HOUSING_PERMISSIONS | P(PERM_REPORT_CREATE),
			 L(DIVISION_VILLAGE)},
	[ROLE_LIAISON] = {"liaison", "计生协会联络员", P(PERM_REPORT_CREATE), L(DIVISION_VILLAGE)},
	[ROLE_EMPLOYER] = {"employer", "用工单位/雇主", EMPLOYMENT_PERMISSIONS | P(PERM_REPORT_CREATE),
			   L(DIVISION_CITY) | L(DIVISION_TOWN) | L(DIVISION_VILLAGE)},
	[ROLE_LANDLORD] = {"landlord", "出租户", HOUSING_PERMISSIONS | P(PERM_REPORT_CREATE),
			   L(DIVISION_CITY) | L(DIVISION_TOWN) | L(DIVISION_VILLAGE)},
};

static const char *const permission_names[PERM__COUNT] = {
	[PERM_PUBLIC] = "public",
	[PERM_LOGIN] = "login",
	[PERM_PERSON_READ] = "person.read",
	[PERM_PERSON_WRITE] = "person.write",
	[PERM_PERSON_LOOKUP] = "person.lookup",
	[PERM_AUDIT_READ] = "audit.read",
	[PERM_USER_ADMIN] = "user.admin",
	[PERM_CERTIFICATE_ISSUE] = "certificate.issue",
	[PERM_CERTIFICATE_DISTRIBUTE] = "certificate.distribute",
	[PERM_CERTIFICATE_CHECK] = "certificate.check",
	[PERM_INQUIRY_WRITE] = "inquiry.write",
	[PERM_TRANSITION_WRITE] = "transition.write",
	[PERM_WORKLIST_READ] = "worklist.read",
	[PERM_BENEFIT_WRITE] = "benefit.write",
	[PERM_ORGANIZATION_READ] = "organization.read",
	[PERM_ORGANIZATION_WRITE] = "organization.write",
	[PERM_NOTICE_SEND] = "notice.send",
	[PERM_NOTICE_READ] = "notice.read",
	[PERM_EMPLOYMENT_READ] = "employment.read",
	[PERM_EMPLOYMENT_WRITE] = "employment.write",
	[PERM_VISIT_READ] = "visit.read",
	[PERM_VISIT_POLICE] = "visit.police",
	[PERM_VISIT_FAMILY] = "visit.family",
	[PERM_HOUSING_READ] = "housing.read",
	[PERM_HOUSING_WRITE] = "housing.write",
	[PERM_REPORT_CREATE] = "report.create",
	[PERM_REPORT_HANDLE] = "report.handle",
	[PERM_SETTING_ADMIN] = "setting.admin",
	[PERM_SERVICE_WRITE] = "service.write",
	[PERM_COMPLAINT_HANDLE] = "complaint.handle",
	[PERM_STATS_READ] = "stats.read",
	[PERM_ASSESSMENT_READ] = "assessment.read",
	[PERM_ASSESSMENT_WRITE] = "assessment.write",
	[PERM_AID_WRITE] = "aid.write",
	[PERM_IMPORT_WRITE] = "import.write",
	[PERM_EXCHANGE_READ] = "exchange.read",
};

static bool role_is_valid(enum role role)
{
	return role > ROLE_NONE && role < ROLE__COUNT;
}

const char *role_name(enum role role)
{
	return role_is_valid(role) ? roles[role].name : "";
}

const char *role_label(enum role role)
{
	return role_is_valid(role) ? roles[role].label : "";
}

bool role_parse(const char *name, enum role *out)
{
	for (int r = ROLE_NONE + 1; r < ROLE__COUNT; r++)
		if (strcmp(roles[r].name, name) == 0) {
			*out = (enum role)r;
			return true;
		}
	return false;
}

const char *permission_name(enum permission permission)
{
	return (unsigned)permission < PERM__COUNT ? permission_names[permission] : "";
}

bool authz_role_has(enum role role, enum permission permission)
{
	if (!role_is_valid(role) || (unsigned)permission >= PERM__COUNT)
		return false;
	if (permission == PERM_PUBLIC || permission == PERM_LOGIN)
		return true;
	return (roles[role].permissions & P(permission)) != 0;
}

bool authz_scope_fits_role(enum role role, enum division_level level)
{
	return role_is_valid(role) && (roles[role].scope_levels & L(level)) != 0;
}

bool authz_in_scope(const struct principal *who, const char *code)
{
	return who != NULL && division_contains(who->scope, code);
}

bool authz_narrow_to_scope(const struct principal *who, const char *wanted,
			   char out[DIVISION_CODE_SIZE])
{
	const char *narrower;
	if (wanted == NULL || wanted[0] == '\0')
		narrower = who->scope;
	else if (division_contains(who->scope, wanted))
		narrower = wanted;
	else if (division_contains(wanted, who->scope))
		narrower = who->scope;
	else
		return false;
	size_t len = strlen(narrower);
	memcpy(out, narrower, len + 1);
	return true;
}
