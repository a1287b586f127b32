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
void api_audit_search(struct api_call *call);

#endif
