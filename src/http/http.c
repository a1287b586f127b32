/*
 * http.c — request accessors shared by the router and the handlers.
 */
#include "http/http.h"

#include <string.h>
#include <strings.h>

const char *http_header(const struct http_request *req, const char *name)
{
	return req->header ? req->header(req, name) : NULL;
}

const char *http_query(const struct http_request *req, const char *name)
{
	for (size_t i = 0; i < req->query_count; i++)
		if (strcmp(req->query[i].name, name) == 0)
			return req->query[i].value;
	return NULL;
}

const char *http_param(const struct http_request *req, const char *name)
{
	for (size_t i = 0; i < req->param_count; i++)
		if (strcmp(req->params[i].name, name) == 0)
			return req->params[i].value;
	return NULL;
}

/* Finds name=value in the Cookie header ("a=1; b=2"). */
bool http_cookie(const struct http_request *req, const char *name, char *buf, size_t size)
{
	const char *header = http_header(req, "Cookie");
	size_t name_len = strlen(name);
	while (header && *header) {
		while (*header == ' ' || *header == ';')
			header++;
		const char *end = strchr(header, ';');
		size_t len = end ? (size_t)(end - header) : strlen(header);
		if (len > name_len && strncmp(header, name, name_len) == 0 && header[name_len] == '=') {
			size_t value_len = len - name_len - 1;
			if (value_len + 1 > size || value_len == 0)
				return false;
			memcpy(buf, header + name_len + 1, value_len);
			buf[value_len] = '\0';
			return true;
		}
		header = end;
	}
	return false;
}

static const struct {
	enum http_method method;
	const char *name;
} methods[] = {
	{HTTP_GET, "GET"},     {HTTP_HEAD, "HEAD"}, {HTTP_POST, "POST"},
	{HTTP_PATCH, "PATCH"}, {HTTP_PUT, "PUT"},   {HTTP_DELETE, "DELETE"},
};

const char *http_method_name(enum http_method method)
{
	for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
		if (methods[i].method == method)
			return methods[i].name;
	return "OTHER";
}

enum http_method http_method_parse(const char *text)
{
	for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
		if (text && strcmp(methods[i].name, text) == 0)
			return methods[i].method;
	return HTTP_OTHER;
}
