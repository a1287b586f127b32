/*
 * api/division.c — the administrative divisions a screen offers to choose
 * from: the towns of the city to assign a complaint to, the scope of a new
 * account.  Read from the table held in memory; names with their full path.
 */
#include <string.h>

#include "api/api.h"

#define DIVISION_LIST_MAX 2000  /* one city's towns and communities fit many times */

static const char *const level_names[] = {
	[DIVISION_PROVINCE] = "province", [DIVISION_CITY] = "city", [DIVISION_COUNTY] = "county",
	[DIVISION_TOWN] = "town", [DIVISION_VILLAGE] = "village",
};

static bool level_parse(const char *name, enum division_level *out)
{
	for (int l = DIVISION_PROVINCE; l <= DIVISION_VILLAGE; l++)
		if (strcmp(level_names[l], name) == 0) {
			*out = (enum division_level)l;
			return true;
		}
	return false;
}

/*
 * GET /api/v1/divisions?within=CODE&level=LEVEL: the divisions of `level`
 * inside `within` (a known division, padded forms accepted), in code order.
 */
void api_division_list(struct api_call *call)
{
	static const char *const names[] = {"within", "level", NULL};
	char within[32], level_text[16];
	enum division_level level;
	if (!api_query_known_or_reply(call, names) ||
	    !api_copy_query_or_reply(call, "within", within, sizeof within) ||
	    !api_copy_query_or_reply(call, "level", level_text, sizeof level_text))
		return;
	if (within[0] == '\0' || level_text[0] == '\0') {
		api_fail_status(call, ST_MISSING_FIELD, within[0] ? "level" : "within", NULL);
		return;
	}
	if (!level_parse(level_text, &level)) {
		api_fail_status(call, ST_INVALID_INPUT, "level",
				"level 应为 province、city、county、town 或 village");
		return;
	}
	const struct division_table *table = call->reg.divisions;
	const struct division *parent = division_table_resolve(table, within);
	if (parent == NULL) {
		api_fail_status(call, ST_INVALID_DIVISION, "within", NULL);
		return;
	}
	if (level <= parent->level) {
		api_fail_status(call, ST_INVALID_INPUT, "level", "level 应低于 within 的级别");
		return;
	}
	json_t *items = json_array();
	size_t count = 0;
	for (size_t i = 0; i < table->count && count < DIVISION_LIST_MAX; i++) {
		const struct division *d = &table->items[i];
		if (d->level != level || !division_contains(parent->code, d->code))
			continue;
		char path[DIVISION_PATH_SIZE];
		division_table_path(table, d->code, path, sizeof path);
		json_array_append_new(items, json_pack("{s:s, s:s, s:s}", "code", d->code, "name",
						       d->name, "path", path));
		count++;
	}
	api_reply(call, 200, json_pack("{s:o}", "items", items));
}
