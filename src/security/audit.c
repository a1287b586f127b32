/*
 * audit.c — the audit trail: entries, their canonical bytes, synchronous
 * writes, the group-commit queue for reads, verification and search.
 *
 * The queue is two buffers of AUDIT_QUEUE_CAPACITY entries: request threads
 * append to `pending` under `lock`; a flush swaps it with `batch` (O(1)
 * under the lock) and writes `batch` in one transaction on the queue's own
 * store handle, outside the lock.  A full queue is flushed by the thread
 * that finds it full, so rows are delayed, never dropped while the database
 * can be written.
 */
#include "security/audit.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "core/text.h"
#include "security/crypto.h"
#include "store/store.h"

#define AUDIT_QUEUE_CAPACITY 16384
#define AUDIT_FLUSH_INTERVAL_NS (100 * 1000 * 1000L)
#define AUDIT_SEARCH_MAX 501 /* a page of 500 and one more: is there a next page? */
#define AUDIT_FORMAT_VERSION 1

/* The group-commit queue; one per process. */
static struct {
	pthread_mutex_t lock;         /* guards pending, pending_count, running, stopping;
					 taken after flush_lock when both are needed */
	pthread_cond_t wake;          /* tells the flusher to stop; monotonic clock */
	pthread_mutex_t flush_lock;   /* guards store, batch, batch_count: one flush at a time */
	struct audit_entry *pending;  /* AUDIT_QUEUE_CAPACITY entries, filled by audit_queue */
	size_t pending_count;
	struct audit_entry *batch;    /* AUDIT_QUEUE_CAPACITY entries, written by a flush */
	size_t batch_count;           /* > 0 between flushes only if a write failed */
	struct store *store;          /* the queue's own handle, owned */
	pthread_t thread;
	bool running;
	bool stopping;
} queue = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.flush_lock = PTHREAD_MUTEX_INITIALIZER,
};

/* Copies text, cutting at a character boundary if it does not fit. */
static void audit_copy(char *dst, size_t size, const char *src)
{
	size_t len = src ? strlen(src) : 0;
	if (len >= size) {
		len = size - 1;
		while (len > 0 && ((unsigned char)src[len] & 0xC0) == 0x80)
			len--;
	}
	if (len > 0)
		memcpy(dst, src, len);
	dst[len] = '\0';
}

static int64_t audit_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void audit_entry_init(struct audit_entry *e, const struct principal *who, const char *address,
		      const char *action, const char *object, const char *outcome)
{
	memset(e, 0, sizeof *e);
	e->at = audit_now_ms();
	if (who != NULL) {
		e->user_id = who->user_id;
		audit_copy(e->username, sizeof e->username, who->username);
		audit_copy(e->role, sizeof e->role, role_name(who->role));
	}
	audit_copy(e->address, sizeof e->address, address);
	audit_copy(e->action, sizeof e->action, action);
	audit_copy(e->object, sizeof e->object, object);
	audit_copy(e->outcome, sizeof e->outcome, outcome);
}

/* --- canonical bytes ---------------------------------------------------- */

static size_t put_integer(unsigned char *out, int64_t value)
{
	uint64_t v = (uint64_t)value;
	for (int i = 7; i >= 0; i--) {
		out[i] = (unsigned char)(v & 0xFF);
		v >>= 8;
	}
	return 8;
}

static size_t put_text(unsigned char *out, const char *text, size_t len)
{
	out[0] = (unsigned char)(len >> 8);
	out[1] = (unsigned char)(len & 0xFF);
	memcpy(out + 2, text, len);
	return 2 + len;
}

size_t audit_entry_serialize(const struct audit_entry *e, unsigned char *out, size_t size)
{
	const char *texts[] = {e->username, e->role, e->address, e->action,
			       e->object, e->outcome, e->detail};
	size_t lens[sizeof texts / sizeof texts[0]];
	size_t total = 1 + 3 * 8;
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		lens[i] = strnlen(texts[i], 0xFFFF);
		total += 2 + lens[i];
	}
	if (total > size)
		return 0;
	size_t n = 0;
	out[n++] = AUDIT_FORMAT_VERSION;
	n += put_integer(out + n, e->id);
	n += put_integer(out + n, e->at);
	n += put_integer(out + n, e->user_id);
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
		n += put_text(out + n, texts[i], lens[i]);
	return n;
}

/* Texts cut to fit their fields may end inside a UTF-8 character: drop that part. */
static void entry_trim_texts(struct audit_entry *e)
{
	char *texts[] = {e->username, e->role, e->address, e->action, e->object, e->outcome,
			 e->detail};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
		text_trim_partial_utf8(texts[i]);
}

enum status audit_write(struct store *store, struct audit_entry *e, struct error *err)
{
	entry_trim_texts(e);
	return store_audit_append(store, e, 1, err);
}

/* --- the group-commit queue -------------------------------------------- */

/*
 * Writes what is queued: first a batch left over from a failed write, else
 * whatever is pending.  Returns false if the database refused the batch
 * (it stays for the next flush).
 */
static bool audit_queue_flush(void)
{
	bool ok = true;
	pthread_mutex_lock(&queue.flush_lock);
	if (queue.batch_count == 0) {
		pthread_mutex_lock(&queue.lock);
		struct audit_entry *swap = queue.batch;
		queue.batch = queue.pending;
		queue.batch_count = queue.pending_count;
		queue.pending = swap;
		queue.pending_count = 0;
		pthread_mutex_unlock(&queue.lock);
	}
	if (queue.batch_count > 0 && queue.store != NULL) {
		struct error err;
		error_clear(&err);
		if (store_audit_append(queue.store, queue.batch, queue.batch_count, &err) == ST_OK) {
			queue.batch_count = 0;
		} else {
			log_error("audit: %zu queued rows not written yet (%s)", queue.batch_count,
				  error_code(err.status));
			ok = false;
		}
	}
	pthread_mutex_unlock(&queue.flush_lock);
	return ok;
}

/* The flusher: wakes every AUDIT_FLUSH_INTERVAL_NS and writes what is queued. */
static void *audit_flusher(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&queue.lock);
	while (!queue.stopping) {
		struct timespec deadline;
		clock_gettime(CLOCK_MONOTONIC, &deadline);
		deadline.tv_nsec += AUDIT_FLUSH_INTERVAL_NS;
		if (deadline.tv_nsec >= 1000000000L) {
			deadline.tv_sec++;
			deadline.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&queue.wake, &queue.lock, &deadline);
		if (queue.stopping)
			break;
		pthread_mutex_unlock(&queue.lock);
		audit_queue_flush();
		pthread_mutex_lock(&queue.lock);
	}
	pthread_mutex_unlock(&queue.lock);
	return NULL;
}

/* Frees what audit_queue_start allocated; the flusher must not be running. */
static void audit_queue_release(void)
{
	store_close(queue.store);
	queue.store = NULL;
	free(queue.pending);
	free(queue.batch);
	queue.pending = queue.batch = NULL;
	queue.pending_count = queue.batch_count = 0;
}

/* Initializes the condition variable on the monotonic clock. */
static bool audit_queue_init_wake(void)
{
	pthread_condattr_t attr;
	if (pthread_condattr_init(&attr) != 0)
		return false;
	bool ok = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC) == 0 &&
		  pthread_cond_init(&queue.wake, &attr) == 0;
	pthread_condattr_destroy(&attr);
	return ok;
}

enum status audit_queue_start(const char *db_path, struct error *err)
{
	enum status st = ST_OK;
	pthread_mutex_lock(&queue.lock);
	if (queue.running)
		goto out_unlock;
	queue.pending = calloc(AUDIT_QUEUE_CAPACITY, sizeof *queue.pending);
	queue.batch = calloc(AUDIT_QUEUE_CAPACITY, sizeof *queue.batch);
	if (queue.pending == NULL || queue.batch == NULL) {
		st = error_set(err, ST_NO_MEMORY, "", NULL);
		goto out_release;
	}
	if ((st = store_open(db_path, STORE_OPEN_EXISTING, &queue.store, err)) != ST_OK)
		goto out_release;
	if (!audit_queue_init_wake()) {
		st = error_set(err, ST_NO_MEMORY, "", "无法启动审计写入线程");
		goto out_release;
	}
	queue.stopping = false;
	if (pthread_create(&queue.thread, NULL, audit_flusher, NULL) != 0) {
		pthread_cond_destroy(&queue.wake);
		st = error_set(err, ST_NO_MEMORY, "", "无法启动审计写入线程");
		goto out_release;
	}
	queue.running = true;
	goto out_unlock;

out_release:
	audit_queue_release();
out_unlock:
	pthread_mutex_unlock(&queue.lock);
	return st;
}

void audit_queue(const struct audit_entry *e)
{
	pthread_mutex_lock(&queue.lock);
	/* Full: write it out here rather than drop rows (others may fill it again meanwhile). */
	while (queue.running && queue.pending_count == AUDIT_QUEUE_CAPACITY) {
		pthread_mutex_unlock(&queue.lock);
		bool written = audit_queue_flush();
		pthread_mutex_lock(&queue.lock);
		if (!written)
			break;
	}
	if (!queue.running || queue.pending_count == AUDIT_QUEUE_CAPACITY) {
		pthread_mutex_unlock(&queue.lock);
		log_error("audit: row dropped (%s, %s): queue %s", e->action, e->object,
			  queue.running ? "full and the database refuses writes" : "not started");
		return;
	}
	queue.pending[queue.pending_count] = *e;
	entry_trim_texts(&queue.pending[queue.pending_count++]);
	pthread_mutex_unlock(&queue.lock);
}

/* True if nothing is waiting to be written. */
static bool audit_queue_is_empty(void)
{
	pthread_mutex_lock(&queue.lock);
	bool empty = queue.pending_count == 0;
	pthread_mutex_unlock(&queue.lock);
	pthread_mutex_lock(&queue.flush_lock);
	empty = empty && queue.batch_count == 0;
	pthread_mutex_unlock(&queue.flush_lock);
	return empty;
}

void audit_queue_stop(void)
{
	pthread_mutex_lock(&queue.lock);
	if (!queue.running) {
		pthread_mutex_unlock(&queue.lock);
		return;
	}
	queue.running = false;
	queue.stopping = true;
	pthread_cond_signal(&queue.wake);
	pthread_mutex_unlock(&queue.lock);
	pthread_join(queue.thread, NULL);

	/* A leftover failed batch first, then what is pending; give up if refused. */
	while (!audit_queue_is_empty())
		if (!audit_queue_flush()) {
			log_error("audit: %zu queued rows lost at shutdown",
				  queue.batch_count + queue.pending_count);
			break;
		}
	pthread_mutex_lock(&queue.flush_lock);
	pthread_mutex_lock(&queue.lock);
	pthread_cond_destroy(&queue.wake);
	audit_queue_release();
	pthread_mutex_unlock(&queue.lock);
	pthread_mutex_unlock(&queue.flush_lock);
}

/* --- verify and search ---------------------------------------------------- */

struct verify_state {
	unsigned char previous[CRYPTO_DIGEST_SIZE];
	int64_t rows;
	int64_t first_broken;
};

/* Recomputes one link of the chain; stops the walk at the first broken row. */
static bool audit_verify_row(const struct audit_entry *e, const unsigned char *hash,
			     size_t hash_len, bool intact, void *ctx)
{
	struct verify_state *state = ctx;
	unsigned char bytes[AUDIT_CANONICAL_MAX];
	unsigned char expected[CRYPTO_DIGEST_SIZE];
	state->rows++;
	size_t len = audit_entry_serialize(e, bytes, sizeof bytes);
	if (len > 0)
		crypto_chain_hash(state->previous, bytes, len, expected);
	if (!intact || len == 0 || hash == NULL || hash_len != CRYPTO_DIGEST_SIZE ||
	    !crypto_equal(expected, hash, CRYPTO_DIGEST_SIZE)) {
		state->first_broken = e->id;
		return false;
	}
	memcpy(state->previous, hash, CRYPTO_DIGEST_SIZE);
	return true;
}

enum status audit_verify(struct store *store, int64_t *rows, int64_t *first_broken,
			 struct error *err)
{
	struct verify_state state = {{0}, 0, 0};
	enum status st = store_audit_walk(store, audit_verify_row, &state, err);
	*rows = state.rows;
	*first_broken = state.first_broken;
	if (st != ST_OK)
		return st;
	if (state.first_broken != 0) {
		error_set(err, ST_INTEGRITY, "",
			  "审计链在第 %lld 条记录处断裂：该记录或它之前的记录被改动或删除，"
			  "请用备份核对并报告安全负责人",
			  (long long)state.first_broken);
		if (err)
			err->related_id = state.first_broken;
		return ST_INTEGRITY;
	}
	return ST_OK;
}

enum status audit_search(struct store *store, const struct audit_filter *filter,
			 bool (*fn)(const struct audit_entry *, void *), void *ctx,
			 struct error *err)
{
	if (filter->limit < 1 || filter->limit > AUDIT_SEARCH_MAX)
		return error_set(err, ST_INVALID_INPUT, "limit", "每页条数应为 1 到 %d",
				 AUDIT_SEARCH_MAX);
	if (filter->user_id < 0 || filter->before_id < 0 || filter->from < 0 || filter->to < 0)
		return error_set(err, ST_INVALID_INPUT, "", "查询条件不能为负数");
	return store_audit_search(store, filter, fn, ctx, err);
}
