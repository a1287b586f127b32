/*
 * router.h — matches a request to the route table and runs it through the
 * checks every route shares before its handler.
 */
#ifndef LIUDONG_ROUTER_H
#define LIUDONG_ROUTER_H

#include <stddef.h>

#include "api/api.h"

/* What the router needs besides the request. */
struct router_context {
	struct store *store;                   /* this thread's */
	const struct division_table *divisions;
	const char *city;
	const char *db_path;
	size_t default_body_limit;
};

/*
 * Answers one request into `reply`.  *route_index is the matched route, or
 * SIZE_MAX if none; *user_id the authenticated user or 0.
 */
void router_handle(const struct router_context *ctx, struct http_request *req,
		   struct http_reply *reply, size_t *route_index, int64_t *user_id);

/*
 * Finds the route for method and path, filling path parameters into req.
 * Returns its index; SIZE_MAX if no pattern matches; and sets *wrong_method
 * if a pattern matches with another method (`allow` gets those methods).
 */
size_t router_match(struct http_request *req, bool *wrong_method, char *allow, size_t size);

#endif
