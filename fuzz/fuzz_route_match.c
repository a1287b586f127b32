/*
 * fuzz_route_match.c — router_match on arbitrary paths and methods.
 *
 * Input: the first byte chooses the method (GET, HEAD, POST, PATCH, PUT,
 * DELETE or an unknown one), the rest up to the first NUL is the path.
 *
 * Rules checked besides "never crashes": a match satisfies its pattern
 * (literal text equal, each {id} one run of 1 to 18 digits and each
 * {number} one run of 1 to 40 digits, letters and '-', whose value the
 * router hands over as the parameter) with the right method (HEAD
 * served as GET); no match means no pattern of that method fits; a
 * "wrong method" answer means some pattern fits, and Allow lists exactly
 * the methods of the patterns that fit.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/router.h"

#define CHECK(cond)                                                                      \
	do {                                                                             \
		if (!(cond)) {                                                           \
			fprintf(stderr, "fuzz_route_match: rule broken: %s (line %d)\n", \
				#cond, __LINE__);                                        \
			abort();                                                         \
		}                                                                        \
	} while (0)

/*
 * A reference matcher written from the route table's rule, segment by
 * segment.  Fills up to 4 parameter values (pointers into `path`, lengths).
 */
static bool reference_match(const char *pattern, const char *path, const char **values,
			    size_t *lengths, size_t *count)
{
	*count = 0;
	for (;;) {
		const char *pend = strchr(pattern, '/');
		const char *send = strchr(path, '/');
		size_t plen = pend ? (size_t)(pend - pattern) : strlen(pattern);
		size_t slen = send ? (size_t)(send - path) : strlen(path);
		if (plen >= 2 && pattern[0] == '{' && pattern[plen - 1] == '}') {
			bool number = plen == 8 && memcmp(pattern, "{number}", 8) == 0;
			const char *chars = number ? "0123456789-ABCDEFGHIJKLMNOPQRSTUVWXYZ"
						     "abcdefghijklmnopqrstuvwxyz"
						   : "0123456789";
			if (slen == 0 || slen > (number ? 40u : 18u) || strspn(path, chars) < slen)
				return false;
			if (*count >= 4)
				return false;
			values[*count] = path;
			lengths[*count] = slen;
			(*count)++;
		} else if (plen != slen || memcmp(pattern, path, plen) != 0) {
			return false;
		}
		if ((pend == NULL) != (send == NULL))
			return false;
		if (pend == NULL)
			return true;
		pattern = pend + 1;
		path = send + 1;
	}
}

/* True if `name` is one of the comma-separated methods in `allow`. */
static bool allow_lists(const char *allow, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = allow; *p;) {
		const char *comma = strstr(p, ", ");
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		if (len == n && memcmp(p, name, n) == 0)
			return true;
		if (comma == NULL)
			break;
		p = comma + 2;
	}
	return false;
}

static size_t allow_items(const char *allow)
{
	if (allow[0] == '\0')
		return 0;
	size_t n = 1;
	for (const char *p = allow; (p = strstr(p, ", ")) != NULL; p += 2)
		n++;
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum http_method methods[] = {HTTP_GET, HTTP_HEAD, HTTP_POST, HTTP_PATCH,
						   HTTP_PUT, HTTP_DELETE, HTTP_OTHER};
	if (size == 0)
		return 0;
	char *path = malloc(size);
	if (path == NULL)
		return 0;
	memcpy(path, data + 1, size - 1);
	path[size - 1] = '\0';

	struct http_request *req = calloc(1, sizeof *req);
	req->method = methods[data[0] % (sizeof methods / sizeof methods[0])];
	req->path = path;
	bool wrong_method = true;
	char allow[64];
	memset(allow, 'x', sizeof allow);
	size_t found = router_match(req, &wrong_method, allow, sizeof allow);
	enum http_method wanted = req->method == HTTP_HEAD ? HTTP_GET : req->method;
	CHECK(memchr(allow, '\0', sizeof allow) != NULL);

	/* What the reference says: first route of this method that fits, and the others. */
	size_t expected = SIZE_MAX, fitting_other = 0;
	for (size_t i = 0; i < api_route_count; i++) {
		const char *values[4];
		size_t lengths[4], count;
		if (!reference_match(api_routes[i].pattern, path, values, lengths, &count))
			continue;
		if (api_routes[i].method == wanted) {
			if (expected == SIZE_MAX)
				expected = i;
		} else {
			fitting_other++;
		}
	}

	if (found != SIZE_MAX) {
		CHECK(found < api_route_count);
		CHECK(found == expected);
		const struct route *r = &api_routes[found];
		CHECK(r->method == wanted);
		CHECK(!wrong_method);
		const char *values[4];
		size_t lengths[4], count;
		CHECK(reference_match(r->pattern, path, values, lengths, &count));
		CHECK(req->param_count == count);
		for (size_t i = 0; i < count; i++) {
			CHECK(req->params[i].name != NULL && req->params[i].value != NULL);
			CHECK(strlen(req->params[i].value) == lengths[i]);
			CHECK(memcmp(req->params[i].value, values[i], lengths[i]) == 0);
			CHECK(http_param(req, req->params[i].name) != NULL);
		}
	} else {
		CHECK(expected == SIZE_MAX);
		CHECK(wrong_method == (fitting_other > 0));
		if (wrong_method) {
			/* Allow names each fitting route's method, and nothing else. */
			CHECK(allow_items(allow) == fitting_other || strlen(allow) >= sizeof allow - 8);
			for (size_t i = 0; i < api_route_count; i++) {
				const char *values[4];
				size_t lengths[4], count;
				if (reference_match(api_routes[i].pattern, path, values, lengths, &count))
					CHECK(allow_lists(allow, http_method_name(api_routes[i].method)));
			}
		} else {
			CHECK(allow[0] == '\0');
		}
	}
	free(req);
	free(path);
	return 0;
}
