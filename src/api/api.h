/*
 * api.h — what the API handlers share: the call, the route table's row type,
 * and helpers that keep handlers straight (parse, authorize, call the
 * domain, render).  Handlers never contain rules and never speak SQL.
 */
#ifndef LIUDONG_API_H
#define LIUDONG_API_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/error.h"
#include "domain/person.h"
#include "http/http.h"
#include "security/authz.h"

struct api_call;
typedef void (*api_handler)(struct api_call *call);

/* One row of the route table. */
struct route {
	enum http_method method;
	const char *pattern;        /* "/api/v1/persons/{id}"; {id} matches digits only */
	api_handler handler;
	enum permission permission;
	size_t body_limit;          /* bytes; 0 means the server's default */
	const char *summary;        /* Chinese, for the reference and `liudong routes` */
};

extern const struct route api_routes[];
extern const size_t api_route_count;

/* A request on its way through the router to a handler. */
struct api_call {
	const struct http_request *req;
	struct http_reply *reply;
	const struct route *route;
	size_t route_index;
	bool authenticated;
	struct principal who;
	struct registry reg;        /* this thread's store, the shared divisions */
	const char *db_path;
	json_t *body;               /* parsed JSON object of POST/PATCH/PUT, or NULL */
};

/* Renders `value` (stolen) as the JSON reply with `status`. */
void api_reply(struct api_call *call, int status, json_t *value);

/* Replies {"error":{"code","message","field"}} with the catalogue's HTTP status. */
void api_fail(struct api_call *call, const struct error *err);

/* Shorthand: an error from the catalogue with a field and optional message. */
void api_fail_status(struct api_call *call, enum status st, const char *field,
		     const char *message);

/* Replies 204 with no body. */
void api_no_content(struct api_call *call);

/*
 * The body's members as person values: every member must be a known,
 * non-derived person field with a string value.  Replies 400 itself and
 * returns false otherwise.
 */
bool api_person_values_or_reply(struct api_call *call, struct person_value *values,
				size_t *count);

/*
 * Checks the query string against the names a route accepts; replies 400
 * (unknown_field) itself and returns false otherwise.
 */
bool api_query_known_or_reply(struct api_call *call, const char *const *names);

/* A body member that must be a string (or absent if optional); replies 400 otherwise. */
bool api_string_member_or_reply(struct api_call *call, const char *name, bool required,
				const char **out);

/* Path parameter {id} as a positive integer; replies 404 itself otherwise. */
bool api_id_param_or_reply(struct api_call *call, int64_t *id);

/* RFC 3339 time text (local time with offset) of Unix seconds. */
void api_format_time(int64_t seconds, char *buf, size_t size);

/* Unix time in milliseconds. */
int64_t api_now_ms(void);

/*
 * Audits a read (queued, group-committed) or records the outcome of a
 * write inside the current transaction (audit_write).
 */
void api_audit_read(struct api_call *call, const char *action, const char *object,
		    const char *outcome, const char *detail);
enum status api_audit_write(struct api_call *call, const char *action, const char *object,
			    const char *outcome, const char *detail, struct error *err);

/* A text value as JSON: null when empty. */
json_t *api_text_or_null(const char *text);

/* {"code","name"} of a division with its full path; null for "". */
json_t *api_division_json(const struct api_call *call, const char *code);

/* The audit object of a person record: "person:12". */
void api_person_object(int64_t id, char *buf, size_t size);

/*
 * Loads person `id` if it lies in the caller's scope; otherwise replies 404
 * (as if it did not exist), audits the attempt as `action` and returns false.
 */
bool api_person_in_scope_or_reply(struct api_call *call, int64_t id, struct person *p,
				  const char *action);

/* Audits a refused or failed write in its own transaction and replies the error. */
void api_fail_write(struct api_call *call, const char *action, const char *object,
		    const struct error *failure);

/*
 * Runs one write: begins a transaction, calls fn (which may name the
 * object it changed in `object`), adds the audit row and commits.  On any
 * failure everything is rolled back, the failure audited and replied, and
 * false returned; on success the caller renders the reply.
 */
typedef enum status (*api_write_fn)(struct api_call *call, void *ctx, char *object,
				    size_t object_size, struct error *err);
bool api_write(struct api_call *call, const char *action, const char *object,
	       api_write_fn fn, void *ctx);

/*
 * The version an If-Match header names ("3" or 3) for an update of `what`
 * ("档案", "单位信息的"); replies 428 when it is missing and 400 when it is
 * malformed, and returns false.
 */
bool api_if_match_or_reply(struct api_call *call, const char *what, int64_t *version);

/*
 * The page a listing asks for: ?limit= (1..max; *limit keeps its default
 * when absent) and ?cursor= (`prefix` and the id where the previous page
 * ended, into *cursor_id).  Replies 400 itself and returns false.
 */
bool api_page_or_reply(struct api_call *call, char prefix, size_t max, size_t *limit,
		       int64_t *cursor_id);

/*
 * A division a listing asks for (query parameter `field`), brought to its
 * significant length in place; "" stays "".  Replies 400 itself.
 */
bool api_resolve_division_or_reply(struct api_call *call, const char *field, char *code,
				   size_t size);

/* Sets "next_cursor" of a page: `prefix` and the last id when more follow, else null. */
void api_set_next_cursor(json_t *body, bool more, char prefix, int64_t last_id);

/* Refuses body members not in `names` (NULL-terminated); replies 400 itself. */
bool api_body_known_or_reply(struct api_call *call, const char *const *names);

/*
 * Copies string member `name` of `object` into buf ("" when absent or
 * null); replies 400 itself if it is no string or too long.
 */
bool api_copy_string_or_reply(struct api_call *call, json_t *object, const char *name,
			      char *buf, size_t size);

/* Copies query parameter `name` into buf ("" when absent); 400 if too long. */
bool api_copy_query_or_reply(struct api_call *call, const char *name, char *buf, size_t size);

/*
 * The signed verification link of one of our certificates (what its QR
 * code carries); false for external ones or when no address is known.
 */
bool api_certificate_verify_url(struct api_call *call, const char *number, char *buf,
				size_t size);

/* How to list one kind of record a person has (certificates, inquiries, ...). */
struct api_person_listing {
	const char *action;  /* audited as, e.g. "certificate.list" */
	size_t item_size;    /* bytes of one record */
	size_t max;          /* at most this many are listed */
	enum status (*load)(const struct registry *reg, int64_t person_id, void *out, size_t max,
			    size_t *count, struct error *err);
	json_t *(*render)(const struct api_call *call, const void *item);
};

/*
 * GET /api/v1/persons/{id}/...: the records of person {id} (in the caller's
 * scope, else 404) as {"items":[...]}, audited as a read.
 */
void api_list_for_person(struct api_call *call, const struct api_person_listing *listing);

/* Handlers, one file per resource. */
void api_health(struct api_call *call);
void api_metrics(struct api_call *call);
void api_session_create(struct api_call *call);
void api_session_delete(struct api_call *call);
void api_me(struct api_call *call);
void api_me_password(struct api_call *call);
void api_person_create(struct api_call *call);
void api_person_search(struct api_call *call);
void api_person_get(struct api_call *call);
void api_person_update(struct api_call *call);
void api_person_history(struct api_call *call);
void api_person_lookup(struct api_call *call);
void api_person_export(struct api_call *call);
void api_worklist_export(struct api_call *call);
void api_import_create(struct api_call *call);
void api_import_get(struct api_call *call);
void api_import_errors(struct api_call *call);
void api_audit_search(struct api_call *call);
void api_certificate_issue(struct api_call *call);
void api_certificate_record(struct api_call *call);
void api_certificate_list(struct api_call *call);
void api_certificate_get(struct api_call *call);
void api_certificate_distribute(struct api_call *call);
void api_certificate_revoke(struct api_call *call);
void api_certificate_replace(struct api_call *call);
void api_certificate_check(struct api_call *call);
void api_contract_list(struct api_call *call);
void api_worklist(struct api_call *call);
void api_inquiry_create(struct api_call *call);
void api_inquiry_search(struct api_call *call);
void api_inquiry_get(struct api_call *call);
void api_inquiry_send(struct api_call *call);
void api_inquiry_answer(struct api_call *call);
void api_inquiry_cancel(struct api_call *call);
void api_inquiry_list_for_person(struct api_call *call);
void api_certificate_qr(struct api_call *call);
void api_verify_page(struct api_call *call);
void api_transition_create(struct api_call *call);
void api_transition_list(struct api_call *call);
void api_departure_create(struct api_call *call);
void api_departure_list(struct api_call *call);
void api_departure_return(struct api_call *call);
void api_feedback_create(struct api_call *call);
void api_feedback_list(struct api_call *call);
void api_benefit_create(struct api_call *call);
void api_benefit_list(struct api_call *call);
void api_benefit_pay(struct api_call *call);
void api_benefit_cancel(struct api_call *call);
void api_person_events(struct api_call *call);
void api_organization_create(struct api_call *call);
void api_organization_search(struct api_call *call);
void api_organization_get(struct api_call *call);
void api_organization_update(struct api_call *call);
void api_organization_history(struct api_call *call);
void api_service_point_create(struct api_call *call);
void api_service_point_update(struct api_call *call);
void api_public_service_point_search(struct api_call *call);
void api_public_service_point_get(struct api_call *call);
void api_service_point_search(struct api_call *call);
void api_service_point_get(struct api_call *call);
void api_public_complaint_create(struct api_call *call);
void api_public_complaint_get(struct api_call *call);
void api_complaint_create(struct api_call *call);
void api_complaint_search(struct api_call *call);
void api_complaint_get(struct api_call *call);
void api_complaint_assign(struct api_call *call);
void api_complaint_reply(struct api_call *call);
void api_complaint_close(struct api_call *call);
void api_complaint_reopen(struct api_call *call);
void api_division_list(struct api_call *call);
void api_user_list(struct api_call *call);
void api_user_create(struct api_call *call);
void api_user_disable(struct api_call *call);
void api_user_unlock(struct api_call *call);
void api_user_reset_password(struct api_call *call);
void api_token_list(struct api_call *call);
void api_token_create(struct api_call *call);
void api_token_revoke(struct api_call *call);
void api_home_create(struct api_call *call);
void api_home_search(struct api_call *call);
void api_home_get(struct api_call *call);
void api_home_update(struct api_call *call);
void api_tenancy_create(struct api_call *call);
void api_tenancy_list(struct api_call *call);
void api_tenancy_end(struct api_call *call);
void api_field_report_create(struct api_call *call);
void api_field_report_search(struct api_call *call);
void api_field_report_get(struct api_call *call);
void api_field_report_verify(struct api_call *call);
void api_field_report_close(struct api_call *call);
void api_employment_create(struct api_call *call);
void api_employment_list(struct api_call *call);
void api_employment_update(struct api_call *call);
void api_site_register(struct api_call *call);
void api_site_register_csv(struct api_call *call);
void api_site_register_xlsx(struct api_call *call);
void api_visit_create(struct api_call *call);
void api_visit_search(struct api_call *call);
void api_visit_get(struct api_call *call);
void api_visit_update_police(struct api_call *call);
void api_visit_update_family(struct api_call *call);
void api_visit_add_person(struct api_call *call);
void api_notice_send(struct api_call *call);
void api_notice_inbox(struct api_call *call);
void api_notice_get(struct api_call *call);
void api_notice_acknowledge(struct api_call *call);
void api_certificate_check_query(struct api_call *call);
void api_certificate_check_notice(struct api_call *call);
void api_stats_persons(struct api_call *call);
void api_stats_certificates(struct api_call *call);
void api_stats_casework(struct api_call *call);
void api_stats_trends(struct api_call *call);

struct stats_result;
/* A statistics table as JSON (columns, rows, total); shared with `liudong stats`. */
json_t *api_stats_json(const struct stats_result *r);
void api_agreement_create(struct api_call *call);
void api_agreement_search(struct api_call *call);
void api_agreement_get(struct api_call *call);
void api_agreement_update(struct api_call *call);
void api_agreement_assess(struct api_call *call);
void api_agreement_finalize(struct api_call *call);
void api_assessment_ranking(struct api_call *call);
void api_award_create(struct api_call *call);
void api_award_search(struct api_call *call);
void api_aid_create(struct api_call *call);
void api_aid_list(struct api_call *call);

/* The exchange between places (api/exchange.c). */
void api_exchange_receive(struct api_call *call);
void api_exchange_messages(struct api_call *call);
void api_exchange_inquiry_list(struct api_call *call);
void api_exchange_inquiry_answer(struct api_call *call);
void api_exchange_handover_list(struct api_call *call);
void api_exchange_certificate(struct api_call *call);
void api_exchange_person_query(struct api_call *call);

#endif
