/*
 * housing.c — the rules of let homes and tenancies (§2(2)).
 */
#include "domain/housing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "domain/field.h"
#include "domain/organization.h"
#include "store/store.h"

static const char *const field_names[HOME_FIELD_COUNT] = {
	[HOME_FIELD_COMMUNITY] = "community",
	[HOME_FIELD_ADDRESS] = "address",
	[HOME_FIELD_ROOMS] = "rooms",
	[HOME_FIELD_NOTE] = "note",
};

const char *home_field_name(enum home_field f)
{
	return (unsigned)f < HOME_FIELD_COUNT ? field_names[f] : "";
}

bool home_let_by(const struct home *h, int64_t person_id, int64_t organization_id)
{
	return (person_id > 0 && h->landlord_person_id == person_id) ||
	       (organization_id > 0 && h->landlord_organization_id == organization_id);
}

/* The community: a community or village (12 digits) of the city. */
static enum status check_community(const struct registry *reg, const char *given,
				   struct home *h, struct error *err)
{
	if (given[0] == '\0')
		return error_set(err, ST_MISSING_FIELD, "community", "请选择房屋所在的社区（村）");
	const struct division *place = division_table_resolve(reg->divisions, given);
	if (place == NULL || place->level != DIVISION_VILLAGE || !division_contains(reg->city, place->code))
		return error_set(err, ST_INVALID_DIVISION, "community",
				 "房屋所在地应为本市的社区（村），请选择 12 位区划代码");
	memcpy(h->community, place->code, sizeof h->community);
	return ST_OK;
}

static enum status check_rooms(const char *given, struct home *h, struct error *err)
{
	if (given[0] == '\0') {
		h->rooms = 1;
		return ST_OK;
	}
	long n = text_is_digits(given) && strlen(given) <= 2 ? strtol(given, NULL, 10) : 0;
	if (n < 1 || n > HOME_ROOMS_MAX)
		return error_set(err, ST_INVALID_INPUT, "rooms", "出租间数应为 1 到 %d 的整数",
				 HOME_ROOMS_MAX);
	h->rooms = (int)n;
	return ST_OK;
}

/* Exactly one landlord, and it exists. */
static enum status check_landlord(const struct registry *reg, const struct home_request *req,
				  struct home *h, struct error *err)
{
	bool by_person = req->landlord_person_id > 0, by_organization = req->landlord_organization_id > 0;
	if (by_person == by_organization)
		return error_set(err, by_person ? ST_INVALID_INPUT : ST_MISSING_FIELD,
				 "landlord_person_id",
				 "请填写出租人：个人出租户填 landlord_person_id，单位填 "
				 "landlord_organization_id，只填其中一个");
	if (by_person) {
		struct person p;
		if (person_get(reg, req->landlord_person_id, &p, err) != ST_OK)
			return error_set(err, ST_NOT_FOUND, "landlord_person_id", "出租人档案不存在");
		h->landlord_person_id = p.id;
	} else {
		struct organization o;
		if (organization_get(reg, req->landlord_organization_id, &o, err) != ST_OK)
			return error_set(err, ST_NOT_FOUND, "landlord_organization_id", "出租单位不存在");
		h->landlord_organization_id = o.id;
	}
	return ST_OK;
}

enum status home_check(const struct registry *reg, const struct home_request *req,
		       bool with_landlord, struct home *out, struct error *err)
{
	enum status st;
	memset(out, 0, sizeof *out);
	if ((st = check_community(reg, req->values[HOME_FIELD_COMMUNITY], out, err)) != ST_OK ||
	    (st = field_text(req->values[HOME_FIELD_ADDRESS], "address", "房屋地址", 2,
			     PERSON_ADDRESS_MAX_CHARS, err)) != ST_OK ||
	    (st = check_rooms(req->values[HOME_FIELD_ROOMS], out, err)) != ST_OK ||
	    (st = field_text(req->values[HOME_FIELD_NOTE], "note", "备注", 0,
			     HOME_NOTE_MAX_CHARS, err)) != ST_OK)
		return st;
	if (with_landlord && (st = check_landlord(reg, req, out, err)) != ST_OK)
		return st;
	snprintf(out->address, sizeof out->address, "%s", req->values[HOME_FIELD_ADDRESS]);
	snprintf(out->note, sizeof out->note, "%s", req->values[HOME_FIELD_NOTE]);
	return ST_OK;
}

/* Commits a write begun with store_write_begin if `st` is ST_OK, else aborts it. */
static enum status finish_write(const struct registry *reg, enum status st, struct error *err)
{
	if (st != ST_OK) {
		store_write_abort(reg->store);
		return st;
	}
	return store_write_commit(reg->store, err);
}

enum status home_create(const struct registry *reg, const struct home_request *req,
			struct home *out, struct error *err)
{
	enum status st = home_check(reg, req, true, out, err);
	if (st != ST_OK || (st = store_write_begin(reg->store, err)) != ST_OK)
		return st;
	return finish_write(reg, store_home_insert(reg->store, out, err), err);
}

enum status home_update(const struct registry *reg, int64_t id, int64_t expected_version,
			const struct home_request *req, struct home *out, bool *changed,
			struct error *err)
{
	struct home before;
	struct home_request merged;
	char rooms[8];
	enum status st = store_home_get(reg->store, id, &before, err);
	*changed = false;
	if (st != ST_OK)
		return st;
	if (before.version != expected_version)
		return error_set(err, ST_VERSION_CONFLICT, "version",
				 "房屋信息已被他人修改（现为第 %lld 版），请刷新后在最新版本上修改",
				 (long long)before.version);
	memset(&merged, 0, sizeof merged);
	snprintf(rooms, sizeof rooms, "%d", before.rooms);
	const char *old[HOME_FIELD_COUNT] = {before.community, before.address, rooms, before.note};
	for (int f = 0; f < HOME_FIELD_COUNT; f++)
		snprintf(merged.values[f], sizeof merged.values[f], "%s",
			 req->present[f] ? req->values[f] : old[f]);
	if ((st = home_check(reg, &merged, false, out, err)) != ST_OK)
		return st;
	out->id = before.id;
	out->landlord_person_id = before.landlord_person_id;
	out->landlord_organization_id = before.landlord_organization_id;
	out->version = before.version;
	out->created_at = before.created_at;
	out->updated_at = before.updated_at;
	*changed = strcmp(out->community, before.community) != 0 ||
		   strcmp(out->address, before.address) != 0 || out->rooms != before.rooms ||
		   strcmp(out->note, before.note) != 0;
	if (!*changed)
		return ST_OK;
	if ((st = store_write_begin(reg->store, err)) != ST_OK)
		return st;
	st = store_home_update(reg->store, out, expected_version, err);
	if (st == ST_VERSION_CONFLICT) {
		store_write_cancel(reg->store);
		return st;
	}
	return finish_write(reg, st, err);
}

enum status home_get(const struct registry *reg, int64_t id, struct home *out,
		     struct error *err)
{
	return store_home_get(reg->store, id, out, err);
}

enum status home_search(const struct registry *reg, const struct home_query *q,
			struct home *out, size_t *count, bool *more, struct error *err)
{
	size_t limit = q->limit < 1 ? 1 : q->limit;
	if (limit > HOME_LIST_MAX - 1)
		limit = HOME_LIST_MAX - 1;
	enum status st = store_home_search(reg->store, q, out, limit + 1, count, err);
	*more = st == ST_OK && *count > limit;
	if (*more)
		*count = limit;
	return st;
}

enum status tenancy_start(const struct registry *reg, int64_t home_id, int64_t person_id,
			  const char *starts_on, struct tenancy *out, struct error *err)
{
	struct date start;
	struct person p;
	enum status st = field_past_date(starts_on, false, NULL, &reg->today, "starts_on",
					 "起租日期", &start, err);
	if (st != ST_OK || (st = person_get(reg, person_id, &p, err)) != ST_OK)
		return st;
	memset(out, 0, sizeof *out);
	out->home_id = home_id;
	out->person_id = p.id;
	date_format(&start, out->starts_on, sizeof out->starts_on);
	snprintf(out->person_name, sizeof out->person_name, "%s", p.name);
	snprintf(out->person_id_number, sizeof out->person_id_number, "%s", p.id_number);
	if ((st = store_write_begin(reg->store, err)) != ST_OK)
		return st;
	st = store_tenancy_insert(reg->store, out, err);
	if (st == ST_INVALID_STATE) {
		store_write_cancel(reg->store);
		return st;
	}
	return finish_write(reg, st, err);
}

enum status tenancy_end(const struct registry *reg, int64_t id, const char *ends_on,
			struct tenancy *out, struct error *err)
{
	struct date end;
	enum status st = store_tenancy_get(reg->store, id, out, err);
	if (st != ST_OK)
		return st;
	if (out->ends_on[0])
		return error_set(err, ST_INVALID_STATE, "id", "该租住已于 %s 结束", out->ends_on);
	if ((st = field_past_date(ends_on, false, out->starts_on, &reg->today, "ends_on",
				  "退租日期", &end, err)) != ST_OK)
		return st;
	int64_t version = out->version;
	date_format(&end, out->ends_on, sizeof out->ends_on);
	if ((st = store_write_begin(reg->store, err)) != ST_OK)
		return st;
	st = store_tenancy_end(reg->store, out, version, err);
	if (st == ST_VERSION_CONFLICT) {
		store_write_cancel(reg->store);
		return st;
	}
	return finish_write(reg, st, err);
}

enum status tenancy_get(const struct registry *reg, int64_t id, struct tenancy *out,
			struct error *err)
{
	return store_tenancy_get(reg->store, id, out, err);
}

enum status tenancy_list(const struct registry *reg, int64_t home_id, struct tenancy *out,
			 size_t max, size_t *count, struct error *err)
{
	return store_tenancy_list(reg->store, home_id, out, max, count, err);
}
