/*
 * employment.c — the rules of employments and of the construction
 * registers (§2(1)(2), §3).
 */
#include "domain/employment.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/certificate.h"
#include "domain/field.h"
#include "domain/notice.h"
#include "store/store.h"

#define CERTIFICATES_LOOKED_AT 8

static const char *const field_names[EMPLOYMENT_FIELD_COUNT] = {
	[EMPLOYMENT_FIELD_JOB] = "job",
	[EMPLOYMENT_FIELD_WORK_SITE] = "work_site",
	[EMPLOYMENT_FIELD_SITE_DIVISION] = "site_division",
	[EMPLOYMENT_FIELD_STARTS_ON] = "starts_on",
	[EMPLOYMENT_FIELD_ENDS_ON] = "ends_on",
	[EMPLOYMENT_FIELD_LIVES_ON_SITE] = "lives_on_site",
	[EMPLOYMENT_FIELD_SEASONAL] = "seasonal",
};

const char *employment_field_name(enum employment_field f)
{
	return (unsigned)f < EMPLOYMENT_FIELD_COUNT ? field_names[f] : "";
}

bool employment_field_parse(const char *name, enum employment_field *out)
{
	for (int f = 0; f < EMPLOYMENT_FIELD_COUNT; f++)
		if (strcmp(field_names[f], name) == 0) {
			*out = (enum employment_field)f;
			return true;
		}
	return false;
}

void employment_field_value(const struct employment *e, enum employment_field f, char *buf,
			    size_t size)
{
	const char *value = "";
	switch (f) {
	case EMPLOYMENT_FIELD_JOB: value = e->job; break;
	case EMPLOYMENT_FIELD_WORK_SITE: value = e->work_site; break;
	case EMPLOYMENT_FIELD_SITE_DIVISION: value = e->site_division; break;
	case EMPLOYMENT_FIELD_STARTS_ON: value = e->starts_on; break;
	case EMPLOYMENT_FIELD_ENDS_ON: value = e->ends_on; break;
	case EMPLOYMENT_FIELD_LIVES_ON_SITE: value = e->lives_on_site ? "1" : "0"; break;
	case EMPLOYMENT_FIELD_SEASONAL: value = e->seasonal ? "1" : "0"; break;
	case EMPLOYMENT_FIELD_COUNT: break;
	}
	snprintf(buf, size, "%s", value);
}

static enum status check_flag(const char *value, const char *field, bool *out,
			      struct error *err)
{
	if (value[0] == '\0' || strcmp(value, "0") == 0) {
		*out = false;
		return ST_OK;
	}
	if (strcmp(value, "1") == 0) {
		*out = true;
		return ST_OK;
	}
	return error_set(err, ST_INVALID_INPUT, field, "%s 应为 true 或 false", field);
}

/* The work site's community: a community or village of the city. */
static enum status check_site_division(const struct registry *reg, const char *given,
				       struct employment *e, struct error *err)
{
	if (given[0] == '\0')
		return error_set(err, ST_MISSING_FIELD, "site_division", "请选择工地所在的社区（村）");
	const struct division *place = division_table_resolve(reg->divisions, given);
	if (place == NULL || !division_contains(reg->city, place->code) ||
	    place->level != DIVISION_VILLAGE)
		return error_set(err, ST_INVALID_DIVISION, "site_division",
				 "工地所在地应为本市的社区（村）");
	memcpy(e->site_division, place->code, sizeof e->site_division);
	return ST_OK;
}

/* Checks the fields of `req` into `e` (ids, version, timestamps untouched). */
static enum status check(const struct registry *reg, const struct employment_request *req,
			 struct employment *e, struct error *err)
{
	const char(*v)[EMPLOYMENT_VALUE_SIZE] = req->values;
	struct date starts, ends;
	enum status st;
	if ((st = field_text(v[EMPLOYMENT_FIELD_JOB], "job", "工种", 1, EMPLOYMENT_JOB_MAX_CHARS,
			     err)) != ST_OK ||
	    (st = field_text(v[EMPLOYMENT_FIELD_WORK_SITE], "work_site", "工地（工作地点）", 1,
			     PERSON_ADDRESS_MAX_CHARS, err)) != ST_OK ||
	    (st = check_site_division(reg, v[EMPLOYMENT_FIELD_SITE_DIVISION], e, err)) != ST_OK ||
	    (st = field_past_date(v[EMPLOYMENT_FIELD_STARTS_ON], true, NULL, &reg->today,
				  "starts_on", "进场（入职）日期", &starts, err)) != ST_OK)
		return st;
	date_format(&starts, e->starts_on, sizeof e->starts_on);
	e->ends_on[0] = '\0';
	if (v[EMPLOYMENT_FIELD_ENDS_ON][0]) {
		if ((st = field_past_date(v[EMPLOYMENT_FIELD_ENDS_ON], false, e->starts_on,
					  &reg->today, "ends_on", "离场（离职）日期", &ends,
					  err)) != ST_OK)
			return st;
		date_format(&ends, e->ends_on, sizeof e->ends_on);
	}
	if ((st = check_flag(v[EMPLOYMENT_FIELD_LIVES_ON_SITE], "lives_on_site", &e->lives_on_site,
			     err)) != ST_OK ||
	    (st = check_flag(v[EMPLOYMENT_FIELD_SEASONAL], "seasonal", &e->seasonal, err)) != ST_OK)
		return st;
	snprintf(e->job, sizeof e->job, "%s", v[EMPLOYMENT_FIELD_JOB]);
	snprintf(e->work_site, sizeof e->work_site, "%s", v[EMPLOYMENT_FIELD_WORK_SITE]);
	return ST_OK;
}

static enum status finish_write(const struct registry *reg, enum status st, struct error *err)
{
	if (st != ST_OK) {
		store_write_abort(reg->store);
		return st;
	}
	return store_write_commit(reg->store, err);
}

enum status employment_create(const struct registry *reg, int64_t organization_id,
			      int64_t person_id, const struct employment_request *req,
			      const char *actor, struct employment *out, struct error *err)
{
	struct organization o;
	struct person p;
	enum status st;
	memset(out, 0, sizeof *out);
	if ((st = check(reg, req, out, err)) != ST_OK ||
	    (st = store_organization_get(reg->store, organization_id, &o, err)) != ST_OK ||
	    (st = store_person_get(reg->store, person_id, &p, err)) != ST_OK)
		return st;
	out->organization_id = organization_id;
	out->person_id = person_id;
	if ((st = store_write_begin(reg->store, err)) != ST_OK)
		return st;
	st = store_employment_insert(reg->store, out, actor, err);
	if (st == ST_INVALID_STATE) {  /* refused before anything was written */
		store_write_cancel(reg->store);
		return st;
	}
	return finish_write(reg, st, err);
}

enum status employment_update(const struct registry *reg, int64_t id, int64_t expected_version,
			      const struct employment_request *req, const char *actor,
			      struct employment *before_out, struct employment *out,
			      size_t *changed, struct error *err)
{
	struct employment before;
	struct employment_request merged;
	struct employment_change changes[EMPLOYMENT_FIELD_COUNT];
	enum status st = store_employment_get(reg->store, id, &before, err);
	*changed = 0;
	if (st != ST_OK)
		return st;
	if (before_out)
		*before_out = before;
	if (before.version != expected_version)
		return error_set(err, ST_VERSION_CONFLICT, "version",
				 "用工记录已被他人修改（现为第 %lld 版），请刷新后在最新版本上修改",
				 (long long)before.version);
	memset(&merged, 0, sizeof merged);
	for (int f = 0; f < EMPLOYMENT_FIELD_COUNT; f++) {
		if (req->present[f])
			snprintf(merged.values[f], sizeof merged.values[f], "%s", req->values[f]);
		else
			employment_field_value(&before, (enum employment_field)f, merged.values[f],
					       sizeof merged.values[f]);
	}
	*out = before;
	if ((st = check(reg, &merged, out, err)) != ST_OK)
		return st;
	for (int f = 0; f < EMPLOYMENT_FIELD_COUNT; f++) {
		struct employment_change *c = &changes[*changed];
		c->field = (enum employment_field)f;
		employment_field_value(&before, c->field, c->old_value, sizeof c->old_value);
		employment_field_value(out, c->field, c->new_value, sizeof c->new_value);
		if (strcmp(c->old_value, c->new_value) != 0)
			(*changed)++;
	}
	if (*changed == 0)
		return ST_OK;
	if ((st = store_write_begin(reg->store, err)) != ST_OK)
		return st;
	st = store_employment_update(reg->store, out, expected_version, changes, *changed, actor,
				     err);
	if (st == ST_VERSION_CONFLICT || st == ST_INVALID_STATE) {
		store_write_cancel(reg->store);
		return st;
	}
	return finish_write(reg, st, err);
}

enum status employment_get(const struct registry *reg, int64_t id, struct employment *out,
			   struct error *err)
{
	return store_employment_get(reg->store, id, out, err);
}

enum status employment_list(const struct registry *reg, int64_t organization_id,
			    bool current_only, struct employment_worker *out, size_t max,
			    size_t *count, struct error *err)
{
	struct employment_filter f = {organization_id, current_only, false, ""};
	return store_employment_workers(reg->store, &f, out, max, count, err);
}

/* 持证情况 of a worker: the kind of the certificate in force, or that none is. */
static enum status certificate_status(const struct registry *reg, int64_t person_id,
				      char *buf, size_t size, struct error *err)
{
	size_t count = 0;
	struct certificate *list = calloc(CERTIFICATES_LOOKED_AT, sizeof *list);
	if (list == NULL)
		return error_set(err, ST_NO_MEMORY, "", NULL);
	enum status st = certificate_list(reg, person_id, list, CERTIFICATES_LOOKED_AT, &count, err);
	snprintf(buf, size, "%s", "未持证");
	for (size_t i = 0; st == ST_OK && i < count; i++)
		if (certificate_is_valid_on(&list[i], &reg->today)) {
			snprintf(buf, size, "%s", certificate_kind_label(list[i].kind));
			break;
		}
	free(list);
	return st;
}

enum status employment_register(const struct registry *reg, int64_t organization_id,
				const char *site, struct employment_worker *out, size_t max,
				size_t *count, struct error *err)
{
	struct organization o;
	enum status st = store_organization_get(reg->store, organization_id, &o, err);
	*count = 0;
	if (st != ST_OK)
		return st;
	if (o.kind != ORGANIZATION_CONSTRUCTION_ENTERPRISE)
		return error_set(err, ST_NOT_ALLOWED, "id",
				 "只有建筑施工企业才有流动人口管理服务登记册");
	struct employment_filter f = {organization_id, false, true, site ? site : ""};
	if ((st = store_employment_workers(reg->store, &f, out, max, count, err)) != ST_OK)
		return st;
	for (size_t i = 0; i < *count && st == ST_OK; i++)
		st = certificate_status(reg, out[i].employment.person_id, out[i].certificate,
					sizeof out[i].certificate, err);
	return st;
}

bool employment_in_register(const struct organization *o, const struct employment *e)
{
	return o->kind == ORGANIZATION_CONSTRUCTION_ENTERPRISE && e->lives_on_site;
}

enum status employment_notify_register(const struct registry *reg,
				       const struct notice_sender *sender,
				       const struct organization *o, const struct employment *e,
				       const char *what, struct error *err)
{
	char town[DIVISION_CODE_SIZE], body[NOTICE_BODY_SIZE];
	/* The street office of the site: the town/street part of its community. */
	snprintf(town, sizeof town, "%.9s", e->site_division);
	const char *recipients[] = {town};
	snprintf(body, sizeof body, "建筑施工企业「%s」工地「%s」的流动人口管理服务登记册有变更：%s。",
		 o->name, e->work_site, what);
	struct notice_request req = {
		.sender = *sender,
		.recipients = recipients,
		.recipient_count = 1,
		.subject = "建筑工地登记册变更",
		.body = body,
		.organization_id = o->id,
	};
	struct notice *sent = malloc(sizeof *sent);
	if (sent == NULL)
		return error_set(err, ST_NO_MEMORY, "", NULL);
	enum status st = notice_send(reg, &req, sent, err);
	free(sent);
	return st;
}
