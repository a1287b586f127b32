/*
 * exchange/transport.c — messages over HTTP with libcurl: asking a peer and
 * waiting for its signed answer, and the sender thread that delivers the
 * outbox, in order per peer, retrying with growing back-off while a peer
 * is down.
 *
 * A peer acknowledges with 200 and a body signed by its key:
 *     {"id":"<message id>","from":"<peer>","result":"applied"|"duplicate",
 *      "payload":{…} or null}
 * Anything else is retried (no answer, 5xx, 429, an unsigned or forged
 * answer, exchange_unknown_sender and exchange_clock_skew, which an
 * administrator can fix) or, for the other refusals, marked failed.
 */
#include <curl/curl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "core/log.h"
#include "exchange/exchange_io.h"
#include "store/store.h"

#define ANSWER_MAX (256 * 1024)
#define CONNECT_TIMEOUT_MS 3000L
#define REQUEST_TIMEOUT_MS 15000L
#define RETRY_FIRST_MS 250
#define QUEUE_PER_PEER 64
#define QUEUE_BATCH 512
#define IDLE_WAIT_MS 500

static int64_t now_ms(void)
{
	struct timeval tv;
	gettimeofday(&tv, NULL);
	return (int64_t)tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

/* --- one HTTP exchange ----------------------------------------------------------- */

struct answer {
	char *body;
	size_t len;
	char signature[EXCHANGE_SIGNATURE_TEXT_SIZE + 8];
	long status;
	bool too_large;
};

static size_t on_body(char *data, size_t size, size_t n, void *ctx)
{
	struct answer *a = ctx;
	size_t len = size * n;
	if (a->len + len > ANSWER_MAX) {
		a->too_large = true;
		return 0;
	}
	char *grown = realloc(a->body, a->len + len + 1);
	if (grown == NULL)
		return 0;
	memcpy(grown + a->len, data, len);
	a->body = grown;
	a->len += len;
	a->body[a->len] = '\0';
	return len;
}

static size_t on_header(char *data, size_t size, size_t n, void *ctx)
{
	struct answer *a = ctx;
	size_t len = size * n;
	size_t name_len = strlen(EXCHANGE_SIGNATURE_HEADER);
	if (len > name_len + 1 && strncasecmp(data, EXCHANGE_SIGNATURE_HEADER, name_len) == 0 &&
	    data[name_len] == ':') {
		const char *v = data + name_len + 1;
		size_t vlen = len - name_len - 1;
		while (vlen && (*v == ' ' || *v == '\t'))
			v++, vlen--;
		while (vlen && (v[vlen - 1] == '\r' || v[vlen - 1] == '\n' || v[vlen - 1] == ' '))
			vlen--;
		if (vlen < sizeof a->signature) {
			memcpy(a->signature, v, vlen);
			a->signature[vlen] = '\0';
		}
	}
	return len;
}

/*
 * POSTs a signed body to the peer's message route; false (with `why`) if
 * there was no HTTP answer.  `curl` is reused (keep-alive) when given.
 */
static bool post_message(CURL *curl, const struct exchange_peer *peer, const char *body,
			 size_t len, const char *signature, struct answer *a, char *why,
			 size_t why_size)
{
	char url[EXCHANGE_URL_SIZE + 32], header[160];
	struct curl_slist *headers = NULL;
	size_t base = strlen(peer->url);
	while (base > 0 && peer->url[base - 1] == '/')
		base--;
	snprintf(url, sizeof url, "%.*s/exchange/v1/messages", (int)base, peer->url);
	snprintf(header, sizeof header, "%s: %s", EXCHANGE_SIGNATURE_HEADER, signature);
	headers = curl_slist_append(headers, "Content-Type: application/json");
	headers = curl_slist_append(headers, header);
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(curl, CURLOPT_POST, 1L);
	curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, (long)len);
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, CONNECT_TIMEOUT_MS);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, REQUEST_TIMEOUT_MS);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, a);
	curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(curl, CURLOPT_HEADERDATA, a);
	CURLcode rc = curl_easy_perform(curl);
	curl_slist_free_all(headers);
	if (rc != CURLE_OK) {
		snprintf(why, why_size, "%s", a->too_large ? "answer too large" : curl_easy_strerror(rc));
		return false;
	}
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &a->status);
	return true;
}

/*
 * Checks a 200 answer: signed by the peer, about message `id`, from the
 * peer.  *result gets "applied" or "duplicate", *payload the payload (owned).
 */
static bool answer_valid(const struct exchange_peer *peer, const struct answer *a,
			 const char *id, char result[16], json_t **payload)
{
	json_error_t jerr;
	if (a->body == NULL || !exchange_signature_valid(peer->public_key, a->body, a->len,
							 a->signature))
		return false;
	json_t *o = json_loadb(a->body, a->len, 0, &jerr);
	const char *got_id = json_string_value(json_object_get(o, "id"));
	const char *from = json_string_value(json_object_get(o, "from"));
	const char *res = json_string_value(json_object_get(o, "result"));
	bool ok = got_id && from && res && strcmp(got_id, id) == 0 && strcmp(from, peer->name) == 0 &&
		  (strcmp(res, "applied") == 0 || strcmp(res, "duplicate") == 0);
	if (ok) {
		snprintf(result, 16, "%s", res);
		json_t *p = json_object_get(o, "payload");
		if (payload)
			*payload = json_is_object(p) ? json_incref(p) : NULL;
	}
	json_decref(o);
	return ok;
}

/* The error code of a refusal body, or "". */
static void refusal_code(const struct answer *a, char *out, size_t size)
{
	json_error_t jerr;
	out[0] = '\0';
	if (a->body == NULL)
		return;
	json_t *o = json_loadb(a->body, a->len, 0, &jerr);
	const char *code = json_string_value(json_object_get(json_object_get(o, "error"), "code"));
	if (code)
		snprintf(out, size, "%.60s", code);
	json_decref(o);
}

/* Renders and signs an envelope sent now; the body is malloc'd. */
static char *signed_body(const struct exchange_node *node, const struct crypto_node_key *key,
			 const char *id, const char *to, const char *type, json_t *payload,
			 int64_t created_ms, size_t *len, char signature[EXCHANGE_SIGNATURE_TEXT_SIZE])
{
	struct exchange_envelope e = {.created_at = created_ms / 1000, .sent_at = time(NULL),
				      .payload = payload};
	snprintf(e.id, sizeof e.id, "%s", id);
	snprintf(e.type, sizeof e.type, "%s", type);
	snprintf(e.from, sizeof e.from, "%s", node->name);
	snprintf(e.to, sizeof e.to, "%s", to);
	char *body = exchange_envelope_render(&e, len);
	if (body)
		exchange_sign(key, body, *len, signature);
	return body;
}

/* --- asking ------------------------------------------------------------------------- */

enum status exchange_ask(struct store *store, const char *db_path, const char *peer_name,
			 const char *type, json_t *payload, json_t **answer, struct error *err)
{
	struct exchange_node node;
	struct crypto_node_key key;
	struct exchange_peer peer;
	struct answer a = {0};
	char id[EXCHANGE_ID_SIZE], signature[EXCHANGE_SIGNATURE_TEXT_SIZE], why[128], result[16];
	size_t len = 0;
	enum status st;
	*answer = NULL;
	if ((st = exchange_node_open(store, db_path, &node, &key, err)) != ST_OK)
		goto out_payload;
	if ((st = store_exchange_peer_get(store, peer_name, &peer, err)) != ST_OK)
		goto out_key;
	exchange_new_id(id);
	char *body = signed_body(&node, &key, id, peer.name, type, payload, now_ms(), &len,
				 signature);
	if (body == NULL) {
		st = error_set(err, ST_NO_MEMORY, "", NULL);
		goto out_key;
	}
	CURL *curl = curl_easy_init();
	if (curl == NULL) {
		st = error_set(err, ST_NO_MEMORY, "", NULL);
		goto out_body;
	}
	if (!post_message(curl, &peer, body, len, signature, &a, why, sizeof why)) {
		log_error("exchange: asking %s failed: %s", peer.name, why);
		st = error_set(err, ST_EXCHANGE_UNREACHABLE, "peer", NULL);
	} else if (a.status == 200) {
		if (!answer_valid(&peer, &a, id, result, answer) || *answer == NULL)
			st = error_set(err, ST_EXCHANGE_UNREACHABLE, "peer",
				       "对端节点的应答无法核验签名，未采用");
		else
			st = ST_OK;
	} else {
		char code[64];
		refusal_code(&a, code, sizeof code);
		log_error("exchange: %s refused %s: %ld %s", peer.name, type, a.status, code);
		st = error_set(err, ST_EXCHANGE_UNREACHABLE, "peer",
			       "对端节点拒绝了请求（%s），请联系对端管理员", code[0] ? code : "error");
	}
	curl_easy_cleanup(curl);
out_body:
	free(body);
	free(a.body);
out_key:
	crypto_wipe(&key, sizeof key);
out_payload:
	json_decref(payload);
	return st;
}

/* --- the sender thread ----------------------------------------------------------------- */

static struct {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool running;
	bool woken;
	atomic_bool stopping;
	char *db_path;
	long retry_max_ms;
} sender = {.lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER};

void exchange_sender_wake(void)
{
	pthread_mutex_lock(&sender.lock);
	sender.woken = true;
	pthread_cond_signal(&sender.wake);
	pthread_mutex_unlock(&sender.lock);
}

/* Sleeps up to `ms` or until woken or stopped. */
static void sender_wait(long ms)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += ms / 1000;
	until.tv_nsec += (ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&sender.lock);
	while (!sender.woken && !atomic_load(&sender.stopping))
		if (pthread_cond_timedwait(&sender.wake, &sender.lock, &until) != 0)
			break;
	sender.woken = false;
	pthread_mutex_unlock(&sender.lock);
}

enum delivery { DELIVERED, RETRY, FAILED };

static bool retryable_code(const char *code)
{
	return strcmp(code, "exchange_unknown_sender") == 0 ||
	       strcmp(code, "exchange_clock_skew") == 0 || strcmp(code, "unavailable") == 0 ||
	       code[0] == '\0';
}

/* One attempt at delivering `row`; the reason of a retry or failure into row->last_error. */
static enum delivery deliver(CURL *curl, const struct exchange_node *node,
			     const struct crypto_node_key *key, const struct exchange_peer *peer,
			     struct store_outbox_row *row)
{
	json_error_t jerr;
	char signature[EXCHANGE_SIGNATURE_TEXT_SIZE], result[16], code[64];
	struct answer a = {0};
	size_t len = 0;
	json_t *payload = json_loads(row->payload, 0, &jerr);
	if (!json_is_object(payload)) {
		json_decref(payload);
		snprintf(row->last_error, sizeof row->last_error, "payload unreadable");
		return FAILED;
	}
	char *body = signed_body(node, key, row->id, peer->name, row->type, payload,
				 row->created_ms, &len, signature);
	json_decref(payload);
	if (body == NULL) {
		snprintf(row->last_error, sizeof row->last_error, "no memory");
		return RETRY;
	}
	enum delivery d;
	if (!post_message(curl, peer, body, len, signature, &a, row->last_error,
			  sizeof row->last_error)) {
		d = RETRY;
	} else if (a.status == 200) {
		d = answer_valid(peer, &a, row->id, result, NULL) ? DELIVERED : RETRY;
		snprintf(row->last_error, sizeof row->last_error, "%s",
			 d == DELIVERED ? (strcmp(result, "duplicate") == 0 ? "duplicate" : "")
					: "answer not signed by the peer");
	} else {
		refusal_code(&a, code, sizeof code);
		snprintf(row->last_error, sizeof row->last_error, "HTTP %ld %s", a.status, code);
		d = a.status >= 500 || a.status == 429 || retryable_code(code) ? RETRY : FAILED;
	}
	free(body);
	free(a.body);
	return d;
}

static long backoff_ms(int attempts, long max_ms)
{
	long ms = RETRY_FIRST_MS;
	for (int i = 1; i < attempts && ms < max_ms; i++)
		ms *= 2;
	return ms < max_ms ? ms : max_ms;
}

/* True if `name` is among the first `count` of `names`. */
static bool among(char (*names)[EXCHANGE_NAME_SIZE], size_t count, const char *name)
{
	for (size_t i = 0; i < count; i++)
		if (strcmp(names[i], name) == 0)
			return true;
	return false;
}

/*
 * Records the attempts of a round (rows whose seq was negated) in one
 * transaction, so that a commit is not paid per message.  If this fails or
 * the program stops first, the messages are sent again and the peer
 * acknowledges them as duplicates.
 */
static void record_round(struct store *store, struct store_outbox_row *rows, size_t count)
{
	struct error err;
	enum status st = store_begin(store, &err);
	for (size_t i = 0; st == ST_OK && i < count; i++) {
		if (rows[i].seq >= 0)
			continue;
		rows[i].seq = -rows[i].seq;
		st = store_exchange_outbox_mark(store, &rows[i], &err);
	}
	if (st == ST_OK)
		st = store_commit(store, &err);
	if (st != ST_OK) {
		store_rollback(store);
		log_error("exchange: recording deliveries failed: %s", err.message);
	}
}

/*
 * One round over the queue: per peer, its messages in order until one is
 * not due or fails.  Returns how many were attempted; *next_due_ms gets the
 * earliest time a blocked message is due.
 */
static size_t send_round(struct store *store, CURL *curl, const struct exchange_node *node,
			 const struct crypto_node_key *key, struct store_outbox_row *rows,
			 int64_t *next_due_ms)
{
	static char blocked[QUEUE_BATCH][EXCHANGE_NAME_SIZE];
	struct exchange_peer peer;
	struct error err;
	size_t count = 0, blocked_count = 0, attempted = 0;
	*next_due_ms = 0;
	if (store_exchange_outbox_queued(store, QUEUE_PER_PEER, rows, QUEUE_BATCH, &count, &err) !=
	    ST_OK)
		return 0;
	peer.name[0] = '\0';
	for (size_t i = 0; i < count && !atomic_load(&sender.stopping); i++) {
		struct store_outbox_row *row = &rows[i];
		if (among(blocked, blocked_count, row->peer))
			continue;
		int64_t now = now_ms();
		if (row->next_attempt_ms > now) {
			if (*next_due_ms == 0 || row->next_attempt_ms < *next_due_ms)
				*next_due_ms = row->next_attempt_ms;
			snprintf(blocked[blocked_count++], EXCHANGE_NAME_SIZE, "%s", row->peer);
			continue;
		}
		if (strcmp(peer.name, row->peer) != 0 &&
		    store_exchange_peer_get(store, row->peer, &peer, &err) != ST_OK) {
			peer.name[0] = '\0';
			row->attempts++;
			row->next_attempt_ms = now + sender.retry_max_ms;
			snprintf(row->last_error, sizeof row->last_error, "peer not registered");
			store_exchange_outbox_mark(store, row, &err);
			snprintf(blocked[blocked_count++], EXCHANGE_NAME_SIZE, "%s", row->peer);
			continue;
		}
		attempted++;
		row->attempts++;
		enum delivery d = deliver(curl, node, key, &peer, row);
		if (d == DELIVERED) {
			row->state = STORE_OUTBOX_DELIVERED;
			row->delivered_ms = now_ms();
		} else if (d == FAILED) {
			row->state = STORE_OUTBOX_FAILED;
			log_error("exchange: %s refused message %s: %s", row->peer, row->id,
				  row->last_error);
		} else {
			row->next_attempt_ms = now_ms() + backoff_ms(row->attempts, sender.retry_max_ms);
			snprintf(blocked[blocked_count++], EXCHANGE_NAME_SIZE, "%s", row->peer);
		}
		row->seq = -row->seq;  /* attempted: recorded below */
	}
	record_round(store, rows, count);
	return attempted;
}

/* Aborts a transfer in progress when the server stops. */
static int stop_transfer(void *ctx, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
			 curl_off_t ulnow)
{
	(void)ctx, (void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
	return atomic_load(&sender.stopping) ? 1 : 0;
}

static void *sender_main(void *arg)
{
	struct store *store = NULL;
	struct exchange_node node;
	struct crypto_node_key key;
	struct error err;
	bool ready = false;
	(void)arg;
	struct store_outbox_row *rows = calloc(QUEUE_BATCH, sizeof *rows);
	CURL *curl = curl_easy_init();
	if (rows == NULL || curl == NULL ||
	    store_open(sender.db_path, STORE_OPEN_EXISTING, &store, &err) != ST_OK) {
		log_error("exchange: the sender cannot start");
		goto out_free;
	}
	curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, stop_transfer);
	while (!atomic_load(&sender.stopping)) {
		if (!ready) {
			ready = exchange_node_open(store, sender.db_path, &node, &key, &err) == ST_OK;
			if (!ready) {
				sender_wait(2000);
				continue;
			}
		}
		int64_t next_due = 0;
		size_t attempted = send_round(store, curl, &node, &key, rows, &next_due);
		if (attempted == 0) {
			long wait = IDLE_WAIT_MS;
			if (next_due && next_due - now_ms() < wait)
				wait = next_due - now_ms() > 1 ? (long)(next_due - now_ms()) : 1;
			sender_wait(wait);
		}
	}
	crypto_wipe(&key, sizeof key);
out_free:
	if (store)
		store_close(store);
	if (curl)
		curl_easy_cleanup(curl);
	free(rows);
	return NULL;
}

enum status exchange_sender_start(const char *db_path, long retry_max_ms, struct error *err)
{
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return error_set(err, ST_IO, "", "网络库初始化失败");
	sender.db_path = strdup(db_path);
	sender.retry_max_ms = retry_max_ms > RETRY_FIRST_MS ? retry_max_ms : RETRY_FIRST_MS;
	atomic_store(&sender.stopping, false);
	if (sender.db_path == NULL || pthread_create(&sender.thread, NULL, sender_main, NULL) != 0) {
		free(sender.db_path);
		sender.db_path = NULL;
		return error_set(err, ST_NO_MEMORY, "", "无法启动交换发送线程");
	}
	sender.running = true;
	return ST_OK;
}

void exchange_sender_stop(void)
{
	if (!sender.running)
		return;
	atomic_store(&sender.stopping, true);
	exchange_sender_wake();
	pthread_join(sender.thread, NULL);
	sender.running = false;
	free(sender.db_path);
	sender.db_path = NULL;
	curl_global_cleanup();
}
