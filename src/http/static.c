/*
 * static.c — serving the embedded web files.
 *
 * Files are revalidated on every use (Cache-Control: no-cache) against an
 * ETag computed once from their bytes, so that a new build is seen at once
 * and an unchanged file costs a 304.
 */
#include "http/static.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/embedded.h"
#include "security/crypto.h"

extern const struct embedded_file web_assets[];
extern const size_t web_assets_count;

#define ETAG_HEX 16

static char (*etags)[ETAG_HEX + 1];  /* one per embedded file, made once; never freed */
static pthread_once_t etags_once = PTHREAD_ONCE_INIT;

static void compute_etags(void)
{
	static const char hex[] = "0123456789abcdef";
	etags = calloc(web_assets_count ? web_assets_count : 1, sizeof *etags);
	if (etags == NULL)
		return;
	for (size_t i = 0; i < web_assets_count; i++) {
		unsigned char digest[CRYPTO_DIGEST_SIZE];
		crypto_chain_hash((const unsigned char[CRYPTO_DIGEST_SIZE]){0}, web_assets[i].data,
				  web_assets[i].size, digest);
		for (int b = 0; b < ETAG_HEX / 2; b++) {
			etags[i][2 * b] = hex[digest[b] >> 4];
			etags[i][2 * b + 1] = hex[digest[b] & 15];
		}
		etags[i][ETAG_HEX] = '\0';
	}
}

static const char *content_type(const char *name)
{
	static const struct {
		const char *suffix, *type;
	} types[] = {
		{".html", "text/html; charset=utf-8"},
		{".js", "text/javascript; charset=utf-8"},
		{".mjs", "text/javascript; charset=utf-8"},
		{".css", "text/css; charset=utf-8"},
		{".json", "application/json; charset=utf-8"},
		{".svg", "image/svg+xml"},
		{".png", "image/png"},
		{".ico", "image/x-icon"},
		{".txt", "text/plain; charset=utf-8"},
	};
	size_t len = strlen(name);
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
		size_t n = strlen(types[i].suffix);
		if (len > n && strcmp(name + len - n, types[i].suffix) == 0)
			return types[i].type;
	}
	return "application/octet-stream";
}

/* The embedded file a path names, or SIZE_MAX; no "..", no hidden files. */
static size_t find_file(const char *path)
{
	if (strcmp(path, "/") == 0)
		path = "/index.html";
	if (path[0] != '/' || strstr(path, "..") != NULL || strstr(path, "/.") != NULL)
		return (size_t)-1;
	for (size_t i = 0; i < web_assets_count; i++)
		if (strcmp(web_assets[i].name, path + 1) == 0)
			return i;
	return (size_t)-1;
}

/* True if If-None-Match names this ETag (quoted, possibly in a list, or *). */
static bool not_modified(const struct http_request *req, const char *etag)
{
	const char *header = http_header(req, "If-None-Match");
	char quoted[ETAG_HEX + 3];
	if (header == NULL)
		return false;
	snprintf(quoted, sizeof quoted, "\"%s\"", etag);
	return strstr(header, quoted) != NULL || strcmp(header, "*") == 0;
}

bool static_serve(const struct http_request *req, struct http_reply *reply)
{
	if (req->method != HTTP_GET && req->method != HTTP_HEAD)
		return false;
	size_t i = find_file(req->path);
	if (i == (size_t)-1)
		return false;
	pthread_once(&etags_once, compute_etags);
	const struct embedded_file *file = &web_assets[i];
	reply->cache = "no-cache";
	if (etags != NULL) {
		snprintf(reply->etag, sizeof reply->etag, "%s", etags[i]);
		if (not_modified(req, etags[i])) {
			reply->status = 304;
			return true;
		}
	}
	reply->status = 200;
	reply->content_type = content_type(file->name);
	reply->static_body = (const char *)file->data;
	reply->body_length = file->size;
	return true;
}
