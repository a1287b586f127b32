/*
 * demo.c — sample persons registered through the rules, as an office would.
 */
#include "sample/demo.h"

#include <stdlib.h>
#include <string.h>

#include "sample/sample.h"
#include "store/store.h"

#define DEMO_BATCH 500
#define DEMO_ACTOR "demo"

/* Counts what the summary reports; `seen` marks communities and provinces. */
static void tally(const struct person *p, const struct sample_pool *pool, bool *community_seen,
		  bool province_seen[100], struct demo_summary *s)
{
	s->persons++;
	s->flagged += p->possible_duplicate;
	if (p->flow == FLOW_INFLOW) {
		s->inflow++;
		int province = (p->hukou_division[0] - '0') * 10 + (p->hukou_division[1] - '0');
		if (!province_seen[province]) {
			province_seen[province] = true;
			s->hukou_provinces++;
		}
	} else {
		s->outflow++;
	}
	for (size_t i = 0; i < pool->community_count; i++)
		if (!community_seen[i] && strcmp(pool->communities[i]->code, p->residence_division) == 0) {
			community_seen[i] = true;
			s->communities++;
		}
}

/* Registers one drawn person; a drawn ID number that exists already is drawn again. */
static enum status register_one(const struct registry *reg, struct sample_rng *rng,
				const struct sample_pool *pool, size_t index, struct person *stored,
				struct error *err)
{
	for (int attempt = 0; attempt < 16; attempt++) {
		struct person drawn;
		struct person_value values[PERSON_FIELD_COUNT];
		/* The first round gives every community somebody; then at random. */
		if (index < pool->community_count)
			sample_person_at(rng, pool, index, &reg->today, &drawn);
		else
			sample_person(rng, pool, &reg->today, &drawn);
		size_t n = sample_person_values(&drawn, values, PERSON_FIELD_COUNT);
		enum status st = person_create(reg, values, n, DEMO_ACTOR, stored, NULL, err);
		if (st != ST_DUPLICATE_PERSON)
			return st;
	}
	return error_set(err, ST_DUPLICATE_PERSON, "", "示例号码重复过多，请换一个种子");
}

enum status demo_fill(const struct registry *reg, size_t count, uint64_t seed,
		      demo_progress_fn progress, void *ctx, struct demo_summary *summary,
		      struct error *err)
{
	struct sample_pool pool;
	struct sample_rng rng;
	bool province_seen[100] = {false};
	enum status st = sample_pool_init(&pool, reg->divisions, reg->city, err);
	if (st != ST_OK)
		return st;
	bool *community_seen = calloc(pool.community_count, sizeof *community_seen);
	if (community_seen == NULL) {
		sample_pool_release(&pool);
		return error_set(err, ST_NO_MEMORY, "", NULL);
	}
	memset(summary, 0, sizeof *summary);
	sample_rng_seed(&rng, seed);

	for (size_t done = 0; done < count && st == ST_OK;) {
		if ((st = store_begin(reg->store, err)) != ST_OK)
			break;
		size_t end = done + DEMO_BATCH < count ? done + DEMO_BATCH : count;
		for (; done < end; done++) {
			struct person stored;
			if ((st = register_one(reg, &rng, &pool, done, &stored, err)) != ST_OK)
				break;
			tally(&stored, &pool, community_seen, province_seen, summary);
		}
		if (st != ST_OK) {
			store_rollback(reg->store);
			break;
		}
		st = store_commit(reg->store, err);
		if (progress)
			progress(done, count, ctx);
	}
	free(community_seen);
	sample_pool_release(&pool);
	return st;
}
