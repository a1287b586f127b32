/*
 * static.c — serving the embedded web files.
 *
 * Files are revalidated on every use (Cache-Control: no-cache) against an
 * ETag computed once from their bytes, so that a new build is seen at once
 * and an unchanged file costs a 304.
 *
 * Text files of GZIP_MIN_SIZE bytes or more are also gzip-compressed once,
 * at first use, and kept when that saves at least a tenth; a client whose
 * Accept-Encoding takes gzip gets that variant (Content-Encoding: gzip),
 * under its own ETag ("<hex>-gz"), so that a cache never mixes the two.
 * Both variants of such a file say Vary: Accept-Encoding.
 */
#include "http/static.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#include "core/embedded.h"
#include "security/crypto.h"

extern const struct embedded_file web_assets[];
extern const size_t web_assets_count;

#define ETAG_HEX 16
#define GZIP_ETAG_SUFFIX "-gz"
#define GZIP_MIN_SIZE 1024

/* What is worked out once per embedded file; never freed. */
struct prepared_file {
	char etag[ETAG_HEX + 1];
	char gzip_etag[ETAG_HEX + sizeof GZIP_ETAG_SUFFIX];
	unsigned char *gzip;  /* the gzip variant, or NULL when it does not pay */
	size_t gzip_size;
};

static struct prepared_file *prepared;  /* one per embedded file, made once */
static pthread_once_t prepared_once = PTHREAD_ONCE_INIT;

static const char *content_type(const char *name);

static bool compressible(const char *type)
{
	return strncmp(type, "text/", 5) == 0 || strncmp(type, "application/json", 16) == 0 ||
	       strcmp(type, "image/svg+xml") == 0;
}

/*
 * The gzip form of data (maximum compression, no file name or time in the
 * header, so that every build gives the same bytes).  Returns a malloc'd
 * buffer the caller owns, or NULL if it cannot be made or would not save a
 * tenth of the size.
 */
static unsigned char *gzip_compress(const unsigned char *data, size_t size, size_t *out_size)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	if (size > UINT32_MAX || deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9,
					      Z_DEFAULT_STRATEGY) != Z_OK)
		return NULL;
	uLong bound = deflateBound(&z, (uLong)size);
	unsigned char *out = malloc(bound);
	if (out == NULL) {
		deflateEnd(&z);
		return NULL;
	}
	z.next_in = (Bytef *)data;
	z.avail_in = (uInt)size;
	z.next_out = out;
	z.avail_out = (uInt)bound;
	int result = deflate(&z, Z_FINISH);
	*out_size = z.total_out;
	deflateEnd(&z);
	if (result != Z_STREAM_END || *out_size > size - size / 10) {
		free(out);
		return NULL;
	}
	return out;
}

static void prepare_files(void)
{
	static const char hex[] = "0123456789abcdef";
	prepared = calloc(web_assets_count ? web_assets_count : 1, sizeof *prepared);
	if (prepared == NULL)
		return;
	for (size_t i = 0; i < web_assets_count; i++) {
		const struct embedded_file *file = &web_assets[i];
		struct prepared_file *p = &prepared[i];
		unsigned char digest[CRYPTO_DIGEST_SIZE];
		crypto_chain_hash((const unsigned char[CRYPTO_DIGEST_SIZE]){0}, file->data,
				  file->size, digest);
		for (int b = 0; b < ETAG_HEX / 2; b++) {
			p->etag[2 * b] = hex[digest[b] >> 4];
			p->etag[2 * b + 1] = hex[digest[b] & 15];
		}
		p->etag[ETAG_HEX] = '\0';
		snprintf(p->gzip_etag, sizeof p->gzip_etag, "%s" GZIP_ETAG_SUFFIX, p->etag);
		if (file->size >= GZIP_MIN_SIZE && compressible(content_type(file->name)))
			p->gzip = gzip_compress(file->data, file->size, &p->gzip_size);
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

/* True if If-None-Match names this ETag (quoted or weak, possibly in a list, or *). */
static bool not_modified(const struct http_request *req, const char *etag)
{
	const char *header = http_header(req, "If-None-Match");
	char quoted[ETAG_HEX + sizeof GZIP_ETAG_SUFFIX + 2];
	if (header == NULL)
		return false;
	if (strcmp(header, "*") == 0)
		return true;
	snprintf(quoted, sizeof quoted, "\"%s\"", etag);
	size_t len = strlen(quoted);
	for (const char *at = strstr(header, quoted); at != NULL; at = strstr(at + 1, quoted)) {
		char after = at[len];
		if (after == '\0' || after == ',' || after == ' ' || after == '\t')
			return true;
	}
	return false;
}

/* True if q names a weight of zero ("0", "0.", "0.000"): the coding is refused. */
static bool zero_weight(const char *q, size_t len)
{
	if (len == 0 || q[0] != '0')
		return false;
	for (size_t i = 1; i < len; i++)
		if (q[i] != '0' && q[i] != '.')
			return false;
	return true;
}

/*
 * True if Accept-Encoding takes gzip: "gzip" (or "x-gzip") with a weight
 * above zero, or "*" with one when gzip is not named.
 */
static bool accepts_gzip(const char *header)
{
	int star = -1;
	if (header == NULL)
		return false;
	for (const char *item = header; *item != '\0';) {
		item += strspn(item, " \t,");
		size_t item_len = strcspn(item, ",");
		if (item_len == 0)
			break;
		size_t name_len = strcspn(item, " \t;,");
		bool accepted = true;
		const char *params = memchr(item, ';', item_len);
		for (const char *q = params; q != NULL && q < item + item_len;
		     q = memchr(q + 1, ';', (size_t)(item + item_len - q - 1))) {
			const char *value = q + 1 + strspn(q + 1, " \t");
			if ((value[0] == 'q' || value[0] == 'Q') && value[1] == '=')
				accepted = !zero_weight(value + 2, strcspn(value + 2, " \t;,"));
		}
		if ((name_len == 4 && strncasecmp(item, "gzip", 4) == 0) ||
		    (name_len == 6 && strncasecmp(item, "x-gzip", 6) == 0))
			return accepted;
		if (name_len == 1 && item[0] == '*')
			star = accepted;
		item += item_len;
	}
	return star == 1;
}

bool static_serve(const struct http_request *req, struct http_reply *reply)
{
	if (req->method != HTTP_GET && req->method != HTTP_HEAD)
		return false;
	size_t i = find_file(req->path);
	if (i == (size_t)-1)
		return false;
	pthread_once(&prepared_once, prepare_files);
	const struct embedded_file *file = &web_assets[i];
	reply->cache = "no-cache";
	reply->content_type = content_type(file->name);
	reply->static_body = (const char *)file->data;
	reply->body_length = file->size;
	if (prepared == NULL) {
		reply->status = 200;
		return true;
	}
	const struct prepared_file *p = &prepared[i];
	const char *etag = p->etag;
	if (p->gzip != NULL) {
		reply->vary = "Accept-Encoding";
		if (accepts_gzip(http_header(req, "Accept-Encoding"))) {
			etag = p->gzip_etag;
			reply->content_encoding = "gzip";
			reply->static_body = (const char *)p->gzip;
			reply->body_length = p->gzip_size;
		}
	}
	snprintf(reply->etag, sizeof reply->etag, "%s", etag);
	if (not_modified(req, etag)) {
		reply->status = 304;
		reply->static_body = NULL;
		reply->body_length = 0;
		return true;
	}
	reply->status = 200;
	return true;
}
