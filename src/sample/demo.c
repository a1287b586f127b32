/*
 * demo.c — sample persons registered through the rules, as an office would.
 */
#include "sample/demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sample/paperwork.h"
#include "sample/sample.h"
#include "security/auth.h"
#include "security/crypto.h"
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
			if ((st = register_one(reg, &rng, &pool, done, &stored, err)) != ST_OK ||
			    (st = paperwork_add(reg, &rng, &stored, &summary->paperwork, err)) != ST_OK)
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

static const struct demo_login demo_accounts[DEMO_LOGIN_COUNT] = {
	{"admin", "admin", "620200", "系统管理员", ""},
	{"shiwei", "city_officer", "620200", "市人口计生委", ""},
	{"xiongguan", "town_officer", "620201001000", "雄关街道计生办", ""},
	{"gangcheng", "town_officer", "620201002000", "钢城街道计生办", ""},
	{"fumin", "community_officer", "620201001001", "雄关街道福民社区专管员", ""},
	{"paichusuo", "police_liaison", "620201001000", "雄关街道派出所协管民警", ""},
};

enum status demo_users(const struct registry *reg, struct demo_login logins[DEMO_LOGIN_COUNT],
		       struct error *err)
{
	for (size_t i = 0; i < DEMO_LOGIN_COUNT; i++) {
		char token[CRYPTO_TOKEN_SIZE];
		enum role role;
		int64_t id;
		logins[i] = demo_accounts[i];
		crypto_random_token(token);
		snprintf(logins[i].password, sizeof logins[i].password, "%.16s", token);
		if (!role_parse(logins[i].role, &role))
			return error_set(err, ST_INVALID_INPUT, "role", "示例角色不正确");
		enum status st = auth_user_add(reg->store, DEMO_ACTOR, reg->divisions, logins[i].username, role,
					       logins[i].scope, logins[i].password, &id, err);
		if (st != ST_OK)
			return st;
	}
	return ST_OK;
}
