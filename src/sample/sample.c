/*
 * sample.c — the synthetic-person generator.
 */
#include "sample/sample.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/idcard.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *const surnames[] = {
	"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱",
	"胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯",
	"邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜",
	"叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭",
	"陆", "汪", "范", "金", "石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟",
	"熊", "秦", "邱", "江", "尹", "薛", "闫", "段", "雷", "侯", "龙", "史", "陶", "黎",
	"贺", "顾", "毛", "郝", "龚", "邵", "万", "钱", "严", "覃", "武", "戴", "莫", "孔",
	"欧阳", "司马", "诸葛",
};

static const char *const given_male[] = {
	"伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明", "刚", "平", "辉", "鹏",
	"华", "飞", "鑫", "波", "宇", "浩", "凯", "健", "俊", "帆", "帅", "旭", "宁", "龙",
	"林", "阳", "洋", "东", "文", "博", "成", "亮", "建国", "志强", "海涛", "晓东",
	"国庆", "建军", "永刚", "振华", "子豪", "浩然", "宇航", "俊杰", "天佑", "明轩",
};

static const char *const given_female[] = {
	"芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "秀英", "桂英", "玲", "燕", "萍",
	"红", "梅", "琳", "雪", "慧", "婷", "倩", "洁", "颖", "琴", "云", "莉", "欣", "悦",
	"佳", "晶", "丹", "秀兰", "玉兰", "海燕", "春梅", "晓燕", "丽娟", "雅婷", "欣怡",
	"梓涵", "诗琪", "雨萱", "思彤", "佳怡", "若曦", "紫萱", "梦瑶",
};

static const char *const village_names[] = {
	"李家庄村", "王营村", "张湾村", "新庄村", "东关村", "西沟村", "南街村", "北岭村",
	"马家坪村", "杨树村", "河湾村", "柳树村", "石桥村", "红星村", "团结村", "前进村",
};

static const char *const estates[] = {
	"嘉园小区", "雄关花园", "钢城新村", "祁连佳苑", "南湖世纪城", "长城小区",
	"迎宾家园", "建设小区", "和谐家园", "明珠花园", "紫轩苑", "朝阳小区",
};

/* Ethnicities as found in Jiayuguan's inflow: mostly Han, then Hui, Tibetan, ... */
static const char *const ethnicity_pool[] = {
	"01", "01", "01", "01", "01", "01", "01", "01", "01", "01", "01", "01", "01", "01",
	"01", "01", "01", "01", "03", "03", "04", "05", "26", "30", "35", "48", "02", "11",
};

void sample_rng_seed(struct sample_rng *rng, uint64_t seed)
{
	rng->state = seed ? seed : 0x9E3779B97F4A7C15ull;
}

/* splitmix64: small, fast and good enough for sample data. */
uint64_t sample_rng_next(struct sample_rng *rng)
{
	uint64_t z = (rng->state += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

uint32_t sample_rng_below(struct sample_rng *rng, uint32_t bound)
{
	return bound ? (uint32_t)(sample_rng_next(rng) % bound) : 0;
}

static const char *pick(struct sample_rng *rng, const char *const *items, size_t n)
{
	return items[sample_rng_below(rng, (uint32_t)n)];
}

/* Collects pointers to the table's divisions that `keep` accepts. */
static enum status collect(const struct division_table *table, const char *city,
			   bool (*keep)(const struct division *, const char *),
			   const struct division ***out, size_t *count, struct error *err)
{
	size_t n = 0;
	for (size_t i = 0; i < table->count; i++)
		n += keep(&table->items[i], city);
	*count = 0;
	*out = n ? calloc(n, sizeof **out) : NULL;
	if (n && *out == NULL)
		return error_set(err, ST_NO_MEMORY, "", NULL);
	for (size_t i = 0; i < table->count; i++)
		if (keep(&table->items[i], city))
			(*out)[(*count)++] = &table->items[i];
	return ST_OK;
}

static bool is_community(const struct division *d, const char *city)
{
	return d->level == DIVISION_VILLAGE && division_contains(city, d->code);
}

/* Counties listed by the NBS whose residents hold no mainland ID cards. */
static bool is_outside_mainland_administration(const char *code)
{
	return strcmp(code, "350527") == 0; /* 金门县 */
}

static bool is_county_away(const struct division *d, const char *city)
{
	return d->level == DIVISION_COUNTY && !division_contains(city, d->code) &&
	       idcard_is_province((d->code[0] - '0') * 10 + (d->code[1] - '0')) &&
	       !is_outside_mainland_administration(d->code);
}

static bool is_county_near(const struct division *d, const char *city)
{
	return is_county_away(d, city) && strncmp(d->code, city, 2) == 0;
}

enum status sample_pool_init(struct sample_pool *pool, const struct division_table *table,
			     const char *city, struct error *err)
{
	enum status st;
	memset(pool, 0, sizeof *pool);
	pool->table = table;
	snprintf(pool->city, sizeof pool->city, "%s", city);
	if ((st = collect(table, city, is_community, &pool->communities, &pool->community_count,
			  err)) != ST_OK ||
	    (st = collect(table, city, is_county_away, &pool->counties_away,
			  &pool->county_away_count, err)) != ST_OK ||
	    (st = collect(table, city, is_county_near, &pool->counties_near,
			  &pool->county_near_count, err)) != ST_OK) {
		sample_pool_release(pool);
		return st;
	}
	if (pool->community_count == 0 || pool->county_away_count == 0) {
		sample_pool_release(pool);
		return error_set(err, ST_INVALID_DIVISION, "city", "该城市没有社区（村）数据，无法生成示例人员");
	}
	return ST_OK;
}

void sample_pool_release(struct sample_pool *pool)
{
	free(pool->communities);
	free(pool->counties_away);
	free(pool->counties_near);
	memset(pool, 0, sizeof *pool);
}

/* Builds an 18-character ID number for region, birth date and sex. */
static void make_id_number(struct sample_rng *rng, const char *region, const struct date *birth,
			   char sex, char out[IDCARD_SIZE])
{
	unsigned sequence = sample_rng_below(rng, 500) * 2 + (sex == 'M' ? 1 : 0);
	snprintf(out, IDCARD_SIZE, "%.6s%04d%02d%02d%03u", region, birth->year, birth->month,
		 birth->day, sequence);
	out[17] = idcard_check_character(out);
	out[18] = '\0';
}

static struct date random_date_between(struct sample_rng *rng, const struct date *from,
				       const struct date *to)
{
	long a = date_to_days(from), b = date_to_days(to);
	if (b <= a)
		return *from;
	return date_from_days(a + (long)sample_rng_below(rng, (uint32_t)(b - a + 1)));
}

static struct date years_after(const struct date *d, int years)
{
	struct date r = {d->year + years, d->month, d->day};
	if (!date_is_valid(r.year, r.month, r.day))
		r.day = date_days_in_month(r.year, r.month);
	return r;
}

static void fill_marriage(struct sample_rng *rng, const struct date *birth,
			  const struct date *today, struct person *p)
{
	int age = date_years_between(birth, today);
	uint32_t roll = sample_rng_below(rng, 100);
	const char *status = "10";
	if (age >= 22) {
		if (roll < 60)
			status = "20";
		else if (roll < 78)
			status = "21";
		else if (roll < 83)
			status = "22";
		else if (roll < 87)
			status = "40";
		else if (roll < 88)
			status = "30";
	}
	memcpy(p->marital_status, status, 3);
	if (status[0] != '1') {
		struct date earliest = years_after(birth, 20);
		struct date latest = years_after(birth, 30);
		if (date_compare(&latest, today) > 0)
			latest = *today;
		struct date married = random_date_between(rng, &earliest, &latest);
		date_format(&married, p->marriage_date, sizeof p->marriage_date);
	}
}

static void fill_inflow(struct sample_rng *rng, const struct sample_pool *pool, struct person *p)
{
	bool near = pool->county_near_count > 0 && sample_rng_below(rng, 100) < 35;
	const struct division *county =
		near ? pool->counties_near[sample_rng_below(rng, (uint32_t)pool->county_near_count)]
		     : pool->counties_away[sample_rng_below(rng, (uint32_t)pool->county_away_count)];
	char path[DIVISION_PATH_SIZE];
	memcpy(p->hukou_division, county->code, sizeof county->code);
	division_table_path(pool->table, county->code, path, sizeof path);
	snprintf(p->hukou_address, sizeof p->hukou_address, "%s%s%u组", path,
		 pick(rng, village_names, COUNT(village_names)), 1 + sample_rng_below(rng, 9));
	p->flow = FLOW_INFLOW;
	uint32_t roll = sample_rng_below(rng, 100);
	p->management = roll < 90 ? MANAGEMENT_FLOATING : roll < 96 ? MANAGEMENT_RESIDENT
								 : MANAGEMENT_LEFT;
}

static void fill_outflow(const struct division *home, struct sample_rng *rng,
			 const struct sample_pool *pool, struct person *p)
{
	char path[DIVISION_PATH_SIZE];
	memcpy(p->hukou_division, home->code, sizeof home->code);
	division_table_path(pool->table, home->code, path, sizeof path);
	snprintf(p->hukou_address, sizeof p->hukou_address, "%s%s%u号楼", path,
		 pick(rng, estates, COUNT(estates)), 1 + sample_rng_below(rng, 30));
	p->flow = FLOW_OUTFLOW;
	uint32_t roll = sample_rng_below(rng, 100);
	p->management = roll < 93 ? MANAGEMENT_FLOATING : MANAGEMENT_HANDED_OVER;
}

static void fill_residence(struct sample_rng *rng, const struct division *home, struct person *p)
{
	memcpy(p->residence_division, home->code, sizeof home->code);
	if (strstr(home->name, "村") != NULL)
		snprintf(p->residence_address, sizeof p->residence_address, "%s%u组%u号",
			 home->name, 1 + sample_rng_below(rng, 8), 1 + sample_rng_below(rng, 80));
	else
		snprintf(p->residence_address, sizeof p->residence_address,
			 "%s%s%u号楼%u单元%u%02u室", home->name, pick(rng, estates, COUNT(estates)),
			 1 + sample_rng_below(rng, 30), 1 + sample_rng_below(rng, 4),
			 1 + sample_rng_below(rng, 6), 1 + sample_rng_below(rng, 4));
}

void sample_person(struct sample_rng *rng, const struct sample_pool *pool,
		   const struct date *today, struct person *out)
{
	size_t home = sample_rng_below(rng, (uint32_t)pool->community_count);
	sample_person_at(rng, pool, home, today, out);
}

void sample_person_at(struct sample_rng *rng, const struct sample_pool *pool, size_t community,
		      const struct date *today, struct person *out)
{
	struct person p;
	memset(&p, 0, sizeof p);
	const struct division *home = pool->communities[community % pool->community_count];
	bool inflow = sample_rng_below(rng, 100) < 80;
	if (inflow)
		fill_inflow(rng, pool, &p);
	else
		fill_outflow(home, rng, pool, &p);
	fill_residence(rng, home, &p);

	p.sex = sample_rng_below(rng, 2) ? 'M' : 'F';
	struct date oldest = years_after(today, -60), youngest = years_after(today, -16);
	struct date birth = random_date_between(rng, &oldest, &youngest);
	date_format(&birth, p.birth_date, sizeof p.birth_date);
	make_id_number(rng, inflow ? p.hukou_division : home->code, &birth, p.sex, p.id_number);

	snprintf(p.name, sizeof p.name, "%s%s", pick(rng, surnames, COUNT(surnames)),
		 p.sex == 'M' ? pick(rng, given_male, COUNT(given_male))
			      : pick(rng, given_female, COUNT(given_female)));
	memcpy(p.ethnicity, pick(rng, ethnicity_pool, COUNT(ethnicity_pool)), 3);
	fill_marriage(rng, &birth, today, &p);

	struct date sixteen = years_after(&birth, 16), since = years_after(today, -8);
	if (date_compare(&since, &sixteen) < 0)
		since = sixteen;
	struct date arrived = random_date_between(rng, &since, today);
	date_format(&arrived, p.arrival_date, sizeof p.arrival_date);

	if (sample_rng_below(rng, 100) < 85) {
		static const char prefixes[] = "35789";
		snprintf(p.phone, sizeof p.phone, "1%c%09u", prefixes[sample_rng_below(rng, 5)],
			 sample_rng_below(rng, 1000000000));
	}
	*out = p;
}

size_t sample_person_values(const struct person *p, struct person_value *values, size_t max)
{
	size_t n = 0;
	for (int f = 0; f < PERSON_FIELD_COUNT && n < max; f++) {
		const struct person_field_info *info = person_field_info((enum person_field)f);
		if (info->derived)
			continue;
		values[n].field = (enum person_field)f;
		person_field_text(p, (enum person_field)f, values[n].value, sizeof values[n].value);
		if (values[n].value[0])
			n++;
	}
	return n;
}
