/*
 * server.c — libmicrohttpd glue: per-request state, body accumulation with
 * a ceiling, response headers, access log, metrics, and the lifecycle.
 *
 * Each pool thread opens its own store handle on first use (SQLite
 * connections are not shared between threads); the division table is loaded
 * once and only read.
 */
#include "http/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"
#include "domain/registry.h"
#include "http/metrics.h"
#include "http/router.h"
#include "security/audit.h"
#include "exchange/exchange_io.h"
#include "store/store.h"

#define DEFAULT_BODY_LIMIT (1024 * 1024)
#define DRAIN_SECONDS 10

struct worker {
	struct store *store;
	struct worker *next;
};

struct server {
	struct server_options options;
	struct workspace ws;            /* divisions and city; its store serves the main thread */
	pthread_mutex_t workers_lock;
	struct worker *workers;
	atomic_bool stopping;
	atomic_int in_flight;           /* requests begun and not yet completed */
};

/* State of one request, from its first callback to its completion. */
struct request_state {
	struct http_request req;
	size_t body_capacity;
	int status;
	size_t route_index;
	int64_t user_id;
};

static _Thread_local struct worker *this_worker;

/* This thread's store, opened on first use. */
static struct store *worker_store(struct server *server)
{
	if (this_worker)
		return this_worker->store;
	struct worker *w = calloc(1, sizeof *w);
	struct error err;
	if (w == NULL || store_open(server->options.db_path, STORE_OPEN_EXISTING, &w->store, &err) !=
				 ST_OK) {
		log_error("worker cannot open the database: %s", w ? error_code(err.status) : "no memory");
		free(w);
		return NULL;
	}
	pthread_mutex_lock(&server->workers_lock);
	w->next = server->workers;
	server->workers = w;
	pthread_mutex_unlock(&server->workers_lock);
	this_worker = w;
	return w->store;
}

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* --- the request as http.h describes it --------------------------------- */

static const char *lookup_header(const struct http_request *req, const char *name)
{
	return MHD_lookup_connection_value(req->connection, MHD_HEADER_KIND, name);
}

static enum MHD_Result collect_query(void *cls, enum MHD_ValueKind kind, const char *key,
				     const char *value)
{
	struct http_request *req = cls;
	(void)kind;
	if (req->query_count >= HTTP_MAX_QUERY) {
		req->query_overflow = true;
		return MHD_NO;
	}
	req->query[req->query_count].name = key;
	req->query[req->query_count].value = value ? value : "";
	req->query_count++;
	return MHD_YES;
}

static void client_address(struct MHD_Connection *connection, char *buf, size_t size)
{
	const union MHD_ConnectionInfo *info =
		MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	snprintf(buf, size, "unknown");
	if (info == NULL || info->client_addr == NULL)
		return;
	const struct sockaddr *sa = info->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, buf,
			  (socklen_t)size);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, buf,
			  (socklen_t)size);
}

static struct request_state *request_begin(struct server *server, struct MHD_Connection *connection,
					   const char *url, const char *method)
{
	struct request_state *rs = calloc(1, sizeof *rs);
	if (rs == NULL)
		return NULL;
	atomic_fetch_add(&server->in_flight, 1);
	rs->req.started_ns = now_ns();
	rs->req.method_text = method;
	rs->req.method = http_method_parse(method);
	rs->req.path = url;
	rs->req.header = lookup_header;
	rs->req.connection = connection;
	rs->req.tls = server->options.tls_cert != NULL;
	rs->route_index = SIZE_MAX;
	client_address(connection, rs->req.address, sizeof rs->req.address);
	return rs;
}

/* Appends upload data; past the ceiling the rest is read and dropped. */
static void request_take_body(struct server *server, struct request_state *rs, const char *data,
			      size_t size)
{
	struct http_request *req = &rs->req;
	size_t limit = server->options.body_limit;
	if (req->body_too_large || req->body_length + size > limit) {
		req->body_too_large = true;
		return;
	}
	if (req->body_length + size + 1 > rs->body_capacity) {
		size_t capacity = rs->body_capacity ? rs->body_capacity : 4096;
		while (capacity < req->body_length + size + 1)
			capacity *= 2;
		char *bigger = realloc(req->body, capacity);
		if (bigger == NULL) {
			req->body_too_large = true;
			return;
		}
		req->body = bigger;
		rs->body_capacity = capacity;
	}
	memcpy(req->body + req->body_length, data, size);
	req->body_length += size;
	req->body[req->body_length] = '\0';
}

/* --- the response -------------------------------------------------------- */

static void add_headers(struct MHD_Response *response, const struct http_reply *reply)
{
	MHD_add_response_header(response, "Content-Type",
				reply->content_type ? reply->content_type : "application/json; charset=utf-8");
	MHD_add_response_header(response, "Content-Security-Policy",
				"default-src 'self'; frame-ancestors 'none'");
	MHD_add_response_header(response, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(response, "X-Frame-Options", "DENY");
	MHD_add_response_header(response, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(response, "Cache-Control", reply->cache ? reply->cache : "no-store");
	if (reply->etag[0]) {
		char etag[40];
		snprintf(etag, sizeof etag, "\"%s\"", reply->etag);
		MHD_add_response_header(response, "ETag", etag);
	}
	if (reply->set_cookie[0])
		MHD_add_response_header(response, "Set-Cookie", reply->set_cookie);
	if (reply->allow[0])
		MHD_add_response_header(response, "Allow", reply->allow);
	if (reply->retry_after[0])
		MHD_add_response_header(response, "Retry-After", reply->retry_after);
	if (reply->signature[0])
		MHD_add_response_header(response, "X-Liudong-Signature", reply->signature);
	if (reply->content_disposition[0])
		MHD_add_response_header(response, "Content-Disposition",
					reply->content_disposition);
	if (reply->content_encoding)
		MHD_add_response_header(response, "Content-Encoding", reply->content_encoding);
	if (reply->vary)
		MHD_add_response_header(response, "Vary", reply->vary);
}

static enum MHD_Result send_reply(struct MHD_Connection *connection, struct http_reply *reply)
{
	struct MHD_Response *response;
	if (reply->body) {
		response = MHD_create_response_from_buffer(reply->body_length, reply->body,
							   MHD_RESPMEM_MUST_FREE);
		reply->body = NULL;
	} else if (reply->static_body) {
		response = MHD_create_response_from_buffer(reply->body_length,
							   (void *)reply->static_body,
							   MHD_RESPMEM_PERSISTENT);
	} else {
		response = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	}
	if (response == NULL)
		return MHD_NO;
	add_headers(response, reply);
	enum MHD_Result result = MHD_queue_response(connection, (unsigned)reply->status, response);
	MHD_destroy_response(response);
	return result;
}

static enum MHD_Result answer(struct server *server, struct request_state *rs)
{
	struct http_reply reply = {.status = 500};
	struct router_context ctx = {
		.store = worker_store(server),
		.divisions = &server->ws.divisions,
		.city = server->ws.registry.city,
		.db_path = server->options.db_path,
		.default_body_limit = server->options.body_limit,
	};
	MHD_get_connection_values(rs->req.connection, MHD_GET_ARGUMENT_KIND, collect_query, &rs->req);
	if (ctx.store == NULL || atomic_load(&server->stopping)) {
		static const char body[] = "{\"error\":{\"code\":\"unavailable\",\"message\":"
					   "\"服务正在停止或繁忙，请稍后重试\",\"field\":\"\"}}";
		reply.status = 503;
		reply.body = strdup(body);
		reply.body_length = reply.body ? strlen(body) : 0;
	} else {
		router_handle(&ctx, &rs->req, &reply, &rs->route_index, &rs->user_id);
	}
	rs->status = reply.status;
	enum MHD_Result result = send_reply(rs->req.connection, &reply);
	free(reply.body);
	return result;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *connection, const char *url,
				  const char *method, const char *version,
				  const char *upload_data, size_t *upload_data_size, void **state)
{
	struct server *server = cls;
	struct request_state *rs = *state;
	(void)version;
	if (rs == NULL) {
		rs = request_begin(server, connection, url, method);
		*state = rs;
		return rs ? MHD_YES : MHD_NO;
	}
	if (*upload_data_size > 0) {
		request_take_body(server, rs, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	return answer(server, rs);
}

/* One access-log line per request: never a query string, name or ID number. */
static void on_completed(void *cls, struct MHD_Connection *connection, void **state,
			 enum MHD_RequestTerminationCode code)
{
	struct server *server = cls;
	struct request_state *rs = *state;
	(void)connection;
	if (rs == NULL)
		return;
	atomic_fetch_sub(&server->in_flight, 1);
	uint64_t micros = (now_ns() - rs->req.started_ns) / 1000;
	const char *route = rs->route_index < api_route_count ? api_routes[rs->route_index].pattern
							       : "-";
	if (rs->status > 0)
		metrics_record(rs->route_index, rs->status, micros);
	log_info("access %s %s %d %lluus user=%lld%s", rs->req.method_text ? rs->req.method_text : "-",
		 route, rs->status, (unsigned long long)micros, (long long)rs->user_id,
		 code == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " aborted");
	free(rs->req.body);
	free(rs);
	*state = NULL;
}

static void on_library_error(void *cls, const char *fmt, va_list ap)
{
	char line[512];
	(void)cls;
	vsnprintf(line, sizeof line, fmt, ap);
	line[strcspn(line, "\n")] = '\0';
	log_error("http: %s", line);
}

/* --- lifecycle ------------------------------------------------------------ */

/* Parses "HOST:PORT" ("[v6]:PORT" for IPv6) into a socket address. */
static enum status parse_listen(const char *text, struct sockaddr_storage *addr, bool *ipv6,
				struct error *err)
{
	char host[64];
	const char *colon = strrchr(text, ':');
	memset(addr, 0, sizeof *addr);
	if (colon == NULL || (size_t)(colon - text) >= sizeof host)
		goto out_bad;
	memcpy(host, text, (size_t)(colon - text));
	host[colon - text] = '\0';
	char *end;
	errno = 0;
	long port = strtol(colon + 1, &end, 10);
	if (colon[1] == '\0' || *end != '\0' || errno != 0 || port < 0 || port > 65535)
		goto out_bad;
	size_t len = strlen(host);
	*ipv6 = len >= 2 && host[0] == '[' && host[len - 1] == ']';
	if (*ipv6) {
		struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)addr;
		host[len - 1] = '\0';
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, host + 1, &a6->sin6_addr) != 1)
			goto out_bad;
		return ST_OK;
	}
	struct sockaddr_in *a4 = (struct sockaddr_in *)addr;
	a4->sin_family = AF_INET;
	a4->sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, host[0] ? host : "0.0.0.0", &a4->sin_addr) == 1)
		return ST_OK;
out_bad:
	return error_set(err, ST_USAGE, "listen", "监听地址应写成 IP:端口，如 127.0.0.1:8080 或 [::1]:8080");
}

static char *read_whole_file(const char *path, struct error *err)
{
	FILE *in = fopen(path, "rb");
	char *data = NULL;
	long size;
	if (in == NULL || fseek(in, 0, SEEK_END) != 0 || (size = ftell(in)) < 0 || size > (1 << 20) ||
	    fseek(in, 0, SEEK_SET) != 0 || (data = malloc((size_t)size + 1)) == NULL ||
	    fread(data, 1, (size_t)size, in) != (size_t)size) {
		free(data);
		if (in)
			fclose(in);
		error_set(err, ST_IO, "tls", "无法读取 TLS 证书或私钥文件，请检查路径和权限");
		return NULL;
	}
	fclose(in);
	data[size] = '\0';
	return data;
}

static struct MHD_Daemon *start_daemon(struct server *server, const struct sockaddr_storage *addr,
				       bool ipv6, char *cert, char *key)
{
	const struct server_options *o = &server->options;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC |
			 MHD_USE_ERROR_LOG | (ipv6 ? MHD_USE_IPv6 : 0) | (cert ? MHD_USE_TLS : 0);
	struct MHD_OptionItem tls_options[] = {
		{cert ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, 0, cert},
		{cert ? MHD_OPTION_HTTPS_MEM_KEY : MHD_OPTION_END, 0, key},
		{MHD_OPTION_END, 0, NULL},
	};
	return MHD_start_daemon(
		flags, 0, NULL, NULL, on_request, server,
		MHD_OPTION_EXTERNAL_LOGGER, on_library_error, server,
		MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)addr,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)o->threads,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)o->max_connections,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)o->max_per_address,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)o->timeout_seconds,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(16 * 1024),
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, server,
		MHD_OPTION_ARRAY, tls_options,
		MHD_OPTION_END);
}

static void apply_defaults(struct server_options *o)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	if (o->body_limit == 0)
		o->body_limit = DEFAULT_BODY_LIMIT;
	if (o->threads == 0)
		o->threads = cores > 0 ? (unsigned)cores : 2;
	if (o->max_connections == 0)
		o->max_connections = 1024;
	if (o->max_per_address == 0)
		o->max_per_address = 256;
	if (o->timeout_seconds == 0)
		o->timeout_seconds = 30;
	if (o->exchange_retry_max_seconds == 0)
		o->exchange_retry_max_seconds = 60;
}

/*
 * Stops accepting, lets the requests in flight finish (at most
 * DRAIN_SECONDS), then closes the remaining idle connections.
 */
static void drain_and_stop(struct server *server, struct MHD_Daemon *daemon)
{
	MHD_socket listener = MHD_quiesce_daemon(daemon);
	if (listener != MHD_INVALID_SOCKET)
		close(listener);
	for (int i = 0; i < DRAIN_SECONDS * 100 && atomic_load(&server->in_flight) > 0; i++) {
		struct timespec pause = {0, 10 * 1000 * 1000};
		nanosleep(&pause, NULL);
	}
	atomic_store(&server->stopping, true);
	MHD_stop_daemon(daemon);
}

static void close_workers(struct server *server)
{
	struct worker *w = server->workers;
	while (w) {
		struct worker *next = w->next;
		store_close(w->store);
		free(w);
		w = next;
	}
	server->workers = NULL;
}

static unsigned bound_port(struct MHD_Daemon *daemon)
{
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
	return info ? info->port : 0;
}

static void announce(const struct server_options *o, unsigned port)
{
	char host[64];
	const char *colon = strrchr(o->listen, ':');
	snprintf(host, sizeof host, "%.*s", (int)(colon - o->listen), o->listen);
	printf("listening on %s://%s:%u\n", o->tls_cert ? "https" : "http",
	       host[0] ? host : "0.0.0.0", port);
	fflush(stdout);
}

enum status server_run(const struct server_options *options, struct error *err)
{
	struct server server = {.options = *options};
	struct sockaddr_storage addr;
	bool ipv6 = false;
	char *cert = NULL, *key = NULL;
	enum status st;
	sigset_t stop_signals;

	apply_defaults(&server.options);
	if ((st = parse_listen(server.options.listen, &addr, &ipv6, err)) != ST_OK)
		return st;
	if ((options->tls_cert == NULL) != (options->tls_key == NULL))
		return error_set(err, ST_USAGE, "tls", "--tls-cert 和 --tls-key 必须同时给出");
	if (options->tls_cert && ((cert = read_whole_file(options->tls_cert, err)) == NULL ||
				  (key = read_whole_file(options->tls_key, err)) == NULL)) {
		free(cert);
		return ST_IO;
	}
	if ((st = workspace_open(&server.ws, options->db_path, err)) != ST_OK)
		goto out_free;
	if ((st = audit_queue_start(options->db_path, err)) != ST_OK)
		goto out_close;
	if ((st = exchange_sender_start(options->db_path,
					(long)server.options.exchange_retry_max_seconds * 1000,
					err)) != ST_OK) {
		audit_queue_stop();
		goto out_close;
	}
	pthread_mutex_init(&server.workers_lock, NULL);

	/* Pool threads inherit this mask; only sigwait below sees the signals. */
	sigemptyset(&stop_signals);
	sigaddset(&stop_signals, SIGTERM);
	sigaddset(&stop_signals, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
	signal(SIGPIPE, SIG_IGN);

	struct MHD_Daemon *daemon = start_daemon(&server, &addr, ipv6, cert, key);
	if (daemon == NULL) {
		st = error_set(err, ST_IO, "listen", "无法在该地址上监听：端口可能已被占用或没有权限");
		goto out_stop_audit;
	}
	announce(&server.options, bound_port(daemon));
	int signal_number;
	sigwait(&stop_signals, &signal_number);
	log_info("signal %d: stopping", signal_number);
	drain_and_stop(&server, daemon);
	st = ST_OK;

out_stop_audit:
	exchange_sender_stop();
	audit_queue_stop();
	close_workers(&server);
	pthread_mutex_destroy(&server.workers_lock);
out_close:
	workspace_close(&server.ws);
out_free:
	free(cert);
	free(key);
	return st;
}
