/*
 * http.h — one request as the handlers see it, independent of the HTTP
 * library.  Filled by server.c, read by the router and the API handlers.
 */
#ifndef LIUDONG_HTTP_H
#define LIUDONG_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum http_method {
	HTTP_OTHER = 0,
	HTTP_GET = 1 << 0,
	HTTP_HEAD = 1 << 1,
	HTTP_POST = 1 << 2,
	HTTP_PATCH = 1 << 3,
	HTTP_PUT = 1 << 4,
	HTTP_DELETE = 1 << 5,
};

#define HTTP_MAX_PARAMS 4
#define HTTP_MAX_QUERY 16
#define HTTP_MAX_HEADERS 8

struct http_pair {
	const char *name;
	const char *value;
};

/* Owned by server.c; valid until the response is sent. */
struct http_request {
	enum http_method method;
	const char *method_text;
	const char *path;                 /* without the query string */
	char address[48];                 /* client IP address */
	bool tls;
	struct http_pair query[HTTP_MAX_QUERY];
	size_t query_count;
	bool query_overflow;              /* more arguments than HTTP_MAX_QUERY */
	struct http_pair params[HTTP_MAX_PARAMS]; /* {id} and the like, set by the router */
	size_t param_count;
	char param_text[128];             /* storage of the parameter values */
	char *body;                       /* NUL-terminated; owned */
	size_t body_length;
	bool body_too_large;
	/* Header lookup, answered by server.c. */
	const char *(*header)(const struct http_request *req, const char *name);
	void *connection;                 /* the library's connection handle */
	uint64_t started_ns;
};

/* What goes back; the router renders it. */
struct http_reply {
	int status;
	char *body;                       /* owned, or NULL */
	const char *static_body;          /* not owned (embedded files), or NULL */
	size_t body_length;
	const char *cache;                /* Cache-Control; NULL means no-store */
	const char *content_type;
	const char *content_encoding;     /* NULL or "gzip" (embedded files) */
	const char *vary;                 /* NULL or the Vary header */
	char etag[32];                    /* "" or the value without quotes */
	char set_cookie[256];             /* "" or one Set-Cookie value */
	char allow[64];                   /* "" or the Allow header of a 405 */
	char retry_after[16];             /* "" or seconds */
	char signature[96];               /* "" or X-Liudong-Signature of an exchange answer */
	char content_disposition[128];    /* "" or the Content-Disposition of a download */
};

/* A header of the request (case-insensitive name), or NULL. */
const char *http_header(const struct http_request *req, const char *name);

/* A query argument, or NULL; a path parameter such as "id", or NULL. */
const char *http_query(const struct http_request *req, const char *name);
const char *http_param(const struct http_request *req, const char *name);

/* The value of cookie `name` copied into buf; false if absent or too long. */
bool http_cookie(const struct http_request *req, const char *name, char *buf, size_t size);

const char *http_method_name(enum http_method method);
enum http_method http_method_parse(const char *text);

#endif
