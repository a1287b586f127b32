/*
 * server.h — the HTTP server: libmicrohttpd with an internal thread pool
 * (epoll), limits against slow or greedy clients, graceful stop on SIGTERM
 * or SIGINT.
 */
#ifndef LIUDONG_SERVER_H
#define LIUDONG_SERVER_H

#include <stddef.h>

#include "core/error.h"

struct server_options {
	const char *listen;           /* "127.0.0.1:8080", "[::1]:8080"; port 0 picks one */
	const char *db_path;
	const char *tls_cert;         /* PEM file, or NULL for plain HTTP */
	const char *tls_key;
	size_t body_limit;            /* bytes; default 1 MiB */
	unsigned threads;             /* default: the number of cores */
	unsigned max_connections;     /* default 1024 */
	unsigned max_per_address;     /* default 256 */
	unsigned timeout_seconds;     /* idle connection timeout; default 30 */
	unsigned exchange_retry_max_seconds; /* longest back-off between deliveries to a peer that is down; default 60 */
};

/*
 * Serves until SIGTERM or SIGINT: then stops accepting, lets requests in
 * flight finish (up to 10 s), flushes the audit queue and closes the
 * database.  Prints "listening on http://ADDRESS:PORT" once ready.
 */
enum status server_run(const struct server_options *options, struct error *err);

#endif
