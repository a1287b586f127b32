/*
 * division.c — division codes, the in-memory table, paths and containment.
 */
#include "domain/division.h"

#include <stdlib.h>
#include <string.h>

static const int level_lengths[] = {0, 2, 4, 6, 9, 12};

enum division_level division_level_of(const char *code)
{
	size_t len = strnlen(code, DIVISION_CODE_SIZE);
	for (int level = DIVISION_PROVINCE; level <= DIVISION_VILLAGE; level++)
		if ((size_t)level_lengths[level] == len)
			return (enum division_level)level;
	return 0;
}

const char *division_level_name(enum division_level level)
{
	static const char *const names[] = {"未知", "省级", "地级", "县级", "乡镇街道", "社区村"};
	if (level < DIVISION_PROVINCE || level > DIVISION_VILLAGE)
		return names[0];
	return names[level];
}

bool division_code_is_wellformed(const char *code)
{
	if (division_level_of(code) == 0)
		return false;
	for (const char *p = code; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	return true;
}

bool division_parent_code(const char *code, char out[DIVISION_CODE_SIZE])
{
	enum division_level level = division_level_of(code);
	if (level <= DIVISION_PROVINCE)
		return false;
	size_t len = (size_t)level_lengths[level - 1];
	memcpy(out, code, len);
	out[len] = '\0';
	return true;
}

bool division_contains(const char *scope, const char *code)
{
	size_t scope_len = strlen(scope);
	return division_level_of(scope) != 0 && strncmp(scope, code, scope_len) == 0 &&
	       strlen(code) >= scope_len;
}

void division_table_init(struct division_table *table)
{
	memset(table, 0, sizeof *table);
}

void division_table_release(struct division_table *table)
{
	free(table->items);
	division_table_init(table);
}

enum status division_table_add(struct division_table *table, const char *code,
			       const char *name, struct error *err)
{
	if (!division_code_is_wellformed(code))
		return error_set(err, ST_INVALID_DIVISION, "code", "区划代码位数不正确");
	if (strlen(name) >= DIVISION_NAME_SIZE || name[0] == '\0')
		return error_set(err, ST_INVALID_INPUT, "name", "区划名称为空或过长");
	if (table->count == table->capacity) {
		size_t capacity = table->capacity ? table->capacity * 2 : 1024;
		struct division *items = reallocarray(table->items, capacity, sizeof *items);
		if (items == NULL)
			return error_set(err, ST_NO_MEMORY, "", NULL);
		table->items = items;
		table->capacity = capacity;
	}
	struct division *d = &table->items[table->count++];
	memcpy(d->code, code, strlen(code) + 1); /* length checked above */
	memcpy(d->name, name, strlen(name) + 1);
	d->level = division_level_of(code);
	return ST_OK;
}

static int compare_codes(const void *a, const void *b)
{
	return strcmp(((const struct division *)a)->code, ((const struct division *)b)->code);
}

void division_table_sort(struct division_table *table)
{
	if (table->count > 1)
		qsort(table->items, table->count, sizeof *table->items, compare_codes);
}

const struct division *division_table_find(const struct division_table *table,
					   const char *code)
{
	struct division key;
	if (strlen(code) >= sizeof key.code || table->count == 0)
		return NULL;
	memcpy(key.code, code, strlen(code) + 1);
	return bsearch(&key, table->items, table->count, sizeof *table->items, compare_codes);
}

/* Strips one level of padding zeros (620201001000 -> 620201001); false if none. */
static bool strip_padding(char *code)
{
	enum division_level level = division_level_of(code);
	if (level <= DIVISION_PROVINCE)
		return false;
	size_t len = strlen(code), parent_len = (size_t)level_lengths[level - 1];
	for (size_t i = parent_len; i < len; i++)
		if (code[i] != '0')
			return false;
	code[parent_len] = '\0';
	return true;
}

const struct division *division_table_resolve(const struct division_table *table,
					      const char *input)
{
	char code[DIVISION_CODE_SIZE];
	if (input == NULL || strlen(input) >= sizeof code || !division_code_is_wellformed(input))
		return NULL;
	memcpy(code, input, strlen(input) + 1);
	do {
		const struct division *d = division_table_find(table, code);
		if (d != NULL)
			return d;
	} while (strip_padding(code));
	return NULL;
}

static bool is_placeholder_name(const char *name)
{
	return strcmp(name, "市辖区") == 0 || strcmp(name, "县") == 0 ||
	       strstr(name, "直辖县级行政区划") != NULL;
}

void division_table_path(const struct division_table *table, const char *code,
			 char *buf, size_t size)
{
	char prefix[DIVISION_CODE_SIZE];
	const char *previous = "";
	size_t used = 0, code_len = strlen(code);

	if (size == 0)
		return;
	buf[0] = '\0';
	for (int level = DIVISION_PROVINCE; level <= DIVISION_VILLAGE; level++) {
		size_t len = (size_t)level_lengths[level];
		if (len > code_len || len >= sizeof prefix)
			break;
		memcpy(prefix, code, len);
		prefix[len] = '\0';
		const struct division *d = division_table_find(table, prefix);
		if (d == NULL || is_placeholder_name(d->name) || strcmp(d->name, previous) == 0)
			continue;
		size_t name_len = strlen(d->name);
		if (used + name_len + 1 > size)
			break;
		memcpy(buf + used, d->name, name_len + 1);
		used += name_len;
		previous = d->name;
	}
}

size_t division_table_children(const struct division_table *table, const char *code,
			       const struct division **out, size_t max)
{
	enum division_level level = division_level_of(code);
	size_t code_len = strlen(code), count = 0;
	if (level == 0 || level == DIVISION_VILLAGE)
		return 0;
	size_t child_len = (size_t)level_lengths[level + 1];
	/* Descendants share the prefix and sort right after the parent. */
	size_t lo = 0, hi = table->count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(table->items[mid].code, code) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < table->count; i++) {
		const char *c = table->items[i].code;
		if (strncmp(c, code, code_len) != 0)
			break;
		if (strlen(c) != child_len)
			continue;
		if (count < max)
			out[count] = &table->items[i];
		count++;
	}
	return count;
}
