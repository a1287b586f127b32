/*
 * service_point.c — the rules of the service-point directory (§2(3), §2(4)).
 */
#include "core/name_table.h"
#include "domain/service_point.h"

#include <stdio.h>
#include <string.h>

#include "domain/field.h"
#include "store/store.h"

static const char *const kind_names[] = {"", "service_point", "health_institution",
					 "service_home", "aid_store"};
static const char *const kind_labels[] = {"", "定点服务机构", "生殖健康定点服务机构",
					  "流动人口服务之家", "爱心救助超市"};
static const char *const service_names[SERVICE__COUNT] = {
	[SERVICE_CONTRACEPTION] = "contraception", [SERVICE_PRENATAL] = "prenatal",
	[SERVICE_CHECKUP] = "checkup",             [SERVICE_CONSULTATION] = "consultation",
	[SERVICE_CERTIFICATE] = "certificate",     [SERVICE_LEGAL_AID] = "legal_aid",
	[SERVICE_EMPLOYMENT] = "employment",       [SERVICE_AID] = "aid",
};
static const char *const service_labels[SERVICE__COUNT] = {
	[SERVICE_CONTRACEPTION] = "避孕节育",   [SERVICE_PRENATAL] = "孕前优生",
	[SERVICE_CHECKUP] = "生殖健康检查",     [SERVICE_CONSULTATION] = "政策咨询",
	[SERVICE_CERTIFICATE] = "婚育证明办理", [SERVICE_LEGAL_AID] = "维权服务",
	[SERVICE_EMPLOYMENT] = "就业服务",      [SERVICE_AID] = "救助",
};


const char *service_point_kind_name(enum service_point_kind k) { return NAME_TABLE_AT(kind_names, k); }
const char *service_point_kind_label(enum service_point_kind k) { return NAME_TABLE_AT(kind_labels, k); }
const char *service_code_name(enum service_code s) { return NAME_TABLE_AT(service_names, s); }
const char *service_code_label(enum service_code s) { return NAME_TABLE_AT(service_labels, s); }

bool service_point_kind_parse(const char *name, enum service_point_kind *out)
{
	int i = name_table_value(kind_names, NAME_TABLE_COUNT(kind_names), name);
	if (i == 0)
		return false;
	*out = (enum service_point_kind)i;
	return true;
}

bool service_code_parse(const char *name, enum service_code *out)
{
	int i = name_table_find(service_names, NAME_TABLE_COUNT(service_names), name);
	if (i < 0)
		return false;
	*out = (enum service_code)i;
	return true;
}

/* The division: a town or a community of the city (not the city itself). */
static enum status check_division(const struct registry *reg, const char *given,
				  struct service_point *p, struct error *err)
{
	if (given[0] == '\0')
		return error_set(err, ST_MISSING_FIELD, "division", "请选择服务网点所在的镇（街道）或社区");
	const struct division *place = division_table_resolve(reg->divisions, given);
	if (place == NULL || !division_contains(reg->city, place->code) ||
	    (place->level != DIVISION_TOWN && place->level != DIVISION_VILLAGE))
		return error_set(err, ST_INVALID_DIVISION, "division",
				 "服务网点所在地应为本市的镇（街道）或社区（村）");
	memcpy(p->division, place->code, sizeof p->division);
	return ST_OK;
}

static enum status check_services(const struct service_point_request *req,
				  struct service_point *p, struct error *err)
{
	if (req->service_count > SERVICE__COUNT)
		return error_set(err, ST_INVALID_INPUT, "services", "服务项目最多 %d 项",
				 (int)SERVICE__COUNT);
	p->services = 0;
	for (size_t i = 0; i < req->service_count; i++) {
		enum service_code s;
		if (!service_code_parse(req->services[i], &s))
			return error_set(err, ST_INVALID_CODE, "services",
					 "服务项目应为 contraception、prenatal、checkup、consultation、"
					 "certificate、legal_aid、employment 或 aid");
		p->services |= 1u << s;
	}
	return ST_OK;
}

enum status service_point_check(const struct registry *reg,
				 const struct service_point_request *req,
				 struct service_point *out, struct error *err)
{
	enum status st;
	memset(out, 0, sizeof *out);
	if (req->kind[0] == '\0')
		return error_set(err, ST_MISSING_FIELD, "kind", "请选择网点类别");
	if (!service_point_kind_parse(req->kind, &out->kind))
		return error_set(err, ST_INVALID_CODE, "kind",
				 "网点类别应为 service_point、health_institution、service_home 或 aid_store");
	if ((st = field_text(req->name, "name", "网点名称", SERVICE_POINT_NAME_MIN_CHARS,
			     SERVICE_POINT_NAME_MAX_CHARS, err)) != ST_OK ||
	    (st = check_division(reg, req->division, out, err)) != ST_OK ||
	    (st = field_text(req->address, "address", "地址", 0, PERSON_ADDRESS_MAX_CHARS, err)) !=
		    ST_OK ||
	    (st = check_services(req, out, err)) != ST_OK ||
	    (st = field_phone(req->phone, "phone", err)) != ST_OK ||
	    (st = field_text(req->hours, "hours", "服务时间", 0, SERVICE_POINT_HOURS_MAX_CHARS,
			     err)) != ST_OK ||
	    (st = field_text(req->notice, "notice", "公示内容", 0, SERVICE_POINT_NOTICE_MAX_CHARS,
			     err)) != ST_OK)
		return st;
	snprintf(out->name, sizeof out->name, "%s", req->name);
	snprintf(out->address, sizeof out->address, "%s", req->address);
	snprintf(out->phone, sizeof out->phone, "%s", req->phone);
	snprintf(out->hours, sizeof out->hours, "%s", req->hours);
	snprintf(out->notice, sizeof out->notice, "%s", req->notice);
	out->active = req->has_active ? req->active : true;
	return ST_OK;
}

/* Ends a write begun with store_write_begin: commits if `st` is ST_OK, else aborts. */
static enum status finish_write(const struct registry *reg, enum status st, struct error *err)
{
	if (st != ST_OK) {
		store_write_abort(reg->store);
		return st;
	}
	return store_write_commit(reg->store, err);
}

enum status service_point_create(const struct registry *reg,
				 const struct service_point_request *req,
				 struct service_point *out, struct error *err)
{
	enum status st = service_point_check(reg, req, out, err);
	if (st != ST_OK || (st = store_write_begin(reg->store, err)) != ST_OK)
		return st;
	return finish_write(reg, store_service_point_insert(reg->store, out, err), err);
}

/* The request that rebuilds `p` as it is stored. */
static void request_of(const struct service_point *p, struct service_point_request *r)
{
	memset(r, 0, sizeof *r);
	snprintf(r->kind, sizeof r->kind, "%s", service_point_kind_name(p->kind));
	snprintf(r->name, sizeof r->name, "%s", p->name);
	snprintf(r->division, sizeof r->division, "%s", p->division);
	snprintf(r->address, sizeof r->address, "%s", p->address);
	for (int s = 0; s < SERVICE__COUNT; s++)
		if (p->services & (1u << s))
			snprintf(r->services[r->service_count++], sizeof r->services[0], "%s",
				 service_code_name((enum service_code)s));
	snprintf(r->phone, sizeof r->phone, "%s", p->phone);
	snprintf(r->hours, sizeof r->hours, "%s", p->hours);
	snprintf(r->notice, sizeof r->notice, "%s", p->notice);
	r->active = p->active;
	r->has_active = true;
}

static bool same(const struct service_point *a, const struct service_point *b)
{
	return a->kind == b->kind && strcmp(a->name, b->name) == 0 &&
	       strcmp(a->division, b->division) == 0 && strcmp(a->address, b->address) == 0 &&
	       a->services == b->services && strcmp(a->phone, b->phone) == 0 &&
	       strcmp(a->hours, b->hours) == 0 && strcmp(a->notice, b->notice) == 0 &&
	       a->active == b->active;
}

enum status service_point_update(const struct registry *reg, int64_t id,
				 int64_t expected_version,
				 const struct service_point_request *req,
				 struct service_point *before, struct service_point *out,
				 bool *changed, struct error *err)
{
	struct service_point_request merged, *m = &merged;
	*changed = false;
	enum status st = store_service_point_get(reg->store, id, before, err);
	if (st != ST_OK)
		return st;
	if (before->version != expected_version)
		return error_set(err, ST_VERSION_CONFLICT, "version",
				 "服务网点信息已被他人修改（现为第 %lld 版），请刷新后在最新版本上修改",
				 (long long)before->version);
	request_of(before, m);
#define TAKE(member)                                                              \
	if (req->has_##member)                                                    \
		memcpy(m->member, req->member, sizeof m->member);
	TAKE(kind) TAKE(name) TAKE(division) TAKE(address) TAKE(phone) TAKE(hours) TAKE(notice)
#undef TAKE
	if (req->has_services) {
		memcpy(m->services, req->services, sizeof m->services);
		m->service_count = req->service_count;
	}
	if (req->has_active)
		m->active = req->active;
	if ((st = service_point_check(reg, m, out, err)) != ST_OK)
		return st;
	out->id = before->id;
	out->version = before->version;
	out->created_at = before->created_at;
	out->updated_at = before->updated_at;
	if (same(before, out))
		return ST_OK;
	*changed = true;
	if ((st = store_write_begin(reg->store, err)) != ST_OK)
		return st;
	st = store_service_point_update(reg->store, out, expected_version, err);
	if (st == ST_VERSION_CONFLICT) {
		store_write_cancel(reg->store);
		return st;
	}
	return finish_write(reg, st, err);
}

enum status service_point_get(const struct registry *reg, int64_t id, struct service_point *out,
			      struct error *err)
{
	return store_service_point_get(reg->store, id, out, err);
}

enum status service_point_search(const struct registry *reg, const struct service_point_query *q,
				 struct service_point *out, size_t *count, bool *more,
				 struct error *err)
{
	size_t limit = q->limit < 1 ? 1 : q->limit;
	if (limit > SERVICE_POINT_LIST_MAX - 1)
		limit = SERVICE_POINT_LIST_MAX - 1;
	enum status st = store_service_point_search(reg->store, q, out, limit + 1, count, err);
	*more = st == ST_OK && *count > limit;
	if (*more)
		*count = limit;
	return st;
}
