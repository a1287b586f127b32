/*
 * paperwork.c — sample certificates, contracts and inquiries.
 *
 * Dates are drawn so that the rules accept them: nothing before the
 * person's arrival (or birth) or after today.  Some temporary certificates
 * have run out and their contracts are overdue, as in any office.
 */
#include "sample/paperwork.h"

#include <stdio.h>
#include <string.h>

#include "domain/certificate.h"
#include "domain/codes.h"
#include "domain/inquiry.h"

#define PAPERWORK_ACTOR "demo"

static const char *const spouse_names[] = {"李秀英", "王建国", "张丽华", "刘志强", "陈海燕",
					   "杨晓东", "赵玉兰", "黄文博", "周静", "吴勇"};

static const char *const receivers[] = {"本人", "本人", "本人", "其母", "其父", "其配偶"};

/* A day between `from` and today, drawn; `from` itself if that is today or later. */
static struct date day_between(struct sample_rng *rng, const struct date *from,
			       const struct date *today)
{
	long span = date_days_between(from, today);
	if (span <= 0)
		return *from;
	return date_add_days(from, (long)sample_rng_below(rng, (uint32_t)(span + 1)));
}

static void fill_family(struct sample_rng *rng, const struct person *p,
			struct certificate_request *req)
{
	if (codes_marital_status_is_married(p->marital_status))
		snprintf(req->spouse_name, sizeof req->spouse_name, "%s",
			 spouse_names[sample_rng_below(rng, sizeof spouse_names / sizeof spouse_names[0])]);
}

/* When the person arrived (inflow) or left (outflow); a year ago if unknown. */
static struct date start_of(const struct registry *reg, const struct person *p)
{
	struct date d, birth, adult;
	if (date_parse(p->arrival_date, &d))
		return d;
	date_parse(p->birth_date, &birth);
	adult = date_add_months(&birth, 18 * 12);
	d = date_add_months(&reg->today, -12);
	return date_compare(&adult, &d) > 0 ? adult : d;
}

static enum status outflow_paperwork(const struct registry *reg, struct sample_rng *rng,
				     const struct person *p, struct paperwork_summary *s,
				     struct error *err)
{
	struct certificate_request req = {.kind = CERTIFICATE_STANDARD};
	struct certificate c;
	if (sample_rng_below(rng, 10) >= 6)
		return ST_OK;
	struct date start = start_of(reg, p), issued = day_between(rng, &start, &reg->today);
	date_format(&issued, req.issued_on, sizeof req.issued_on);
	fill_family(rng, p, &req);
	enum status st = certificate_issue(reg, p->id, &req, PAPERWORK_ACTOR, &c, NULL, err);
	if (st != ST_OK)
		return st;
	s->standard++;
	if (sample_rng_below(rng, 10) >= 7)
		return ST_OK;
	char on[DATE_TEXT_SIZE];
	struct date handed = day_between(rng, &issued, &reg->today);
	date_format(&handed, on, sizeof on);
	const char *who = receivers[sample_rng_below(rng, sizeof receivers / sizeof receivers[0])];
	if ((st = certificate_distribute(reg, c.number, on, who, PAPERWORK_ACTOR, &c, err)) == ST_OK)
		s->distributed++;
	return st;
}

static enum status record_external(const struct registry *reg, struct sample_rng *rng,
				   const struct person *p, const struct date *after,
				   struct paperwork_summary *s, struct error *err)
{
	struct certificate_request req = {.kind = CERTIFICATE_EXTERNAL};
	struct certificate c;
	char place[DIVISION_PATH_SIZE];
	struct date issued = day_between(rng, after, &reg->today);
	date_format(&issued, req.issued_on, sizeof req.issued_on);
	snprintf(req.number, sizeof req.number, "%.6s-%04d-%06lld", p->hukou_division, issued.year,
		 (long long)p->id);
	division_table_path(reg->divisions, p->hukou_division, place, sizeof place);
	snprintf(req.issuer_name, sizeof req.issuer_name, "%s人口和计划生育局", place);
	fill_family(rng, p, &req);
	enum status st = certificate_issue(reg, p->id, &req, PAPERWORK_ACTOR, &c, NULL, err);
	if (st == ST_OK)
		s->external++;
	return st;
}

static enum status inquire(const struct registry *reg, struct sample_rng *rng,
			   const struct person *p, struct paperwork_summary *s, struct error *err)
{
	struct inquiry_request req = {.person_id = p->id, .send = true};
	struct inquiry q;
	snprintf(req.urgency, sizeof req.urgency, "%s", sample_rng_below(rng, 4) ? "normal" : "urgent");
	enum status st = inquiry_create(reg, &req, PAPERWORK_ACTOR, &q, err);
	if (st != ST_OK)
		return st;
	s->inquiries++;
	if (sample_rng_below(rng, 2))
		return ST_OK;
	struct inquiry_answer answer = {.answered_on = ""};
	snprintf(answer.marital_status, sizeof answer.marital_status, "%s",
		 p->marital_status[0] ? p->marital_status : "10");
	snprintf(answer.reference, sizeof answer.reference, "计生函〔%d〕%lld号", reg->today.year,
		 (long long)q.id);
	snprintf(answer.text, sizeof answer.text, "经核实，婚姻状况与档案所载一致。");
	if ((st = inquiry_record_answer(reg, q.id, &answer, PAPERWORK_ACTOR, &q, err)) == ST_OK)
		s->answered++;
	return st;
}

static enum status inflow_paperwork(const struct registry *reg, struct sample_rng *rng,
				    const struct person *p, struct paperwork_summary *s,
				    struct error *err)
{
	struct date arrival = start_of(reg, p);
	uint32_t draw = sample_rng_below(rng, 100);
	enum status st = ST_OK;
	if (draw < 45)
		return record_external(reg, rng, p, &arrival, s, err);
	if (draw < 70 && p->marital_status[0]) {
		struct certificate_request req = {.kind = CERTIFICATE_TEMPORARY};
		struct certificate c;
		struct contract contract;
		struct date issued = day_between(rng, &arrival, &reg->today);
		date_format(&issued, req.issued_on, sizeof req.issued_on);
		fill_family(rng, p, &req);
		if ((st = certificate_issue(reg, p->id, &req, PAPERWORK_ACTOR, &c, &contract, err)) !=
		    ST_OK)
			return st;
		s->temporary++;
		if (draw < 55)
			st = record_external(reg, rng, p, &issued, s, err);
	}
	if (st == ST_OK && draw >= 90)
		st = inquire(reg, rng, p, s, err);
	return st;
}

enum status paperwork_add(const struct registry *reg, struct sample_rng *rng,
			  const struct person *p, struct paperwork_summary *summary,
			  struct error *err)
{
	if (p->management != MANAGEMENT_FLOATING)
		return ST_OK;
	return p->flow == FLOW_OUTFLOW ? outflow_paperwork(reg, rng, p, summary, err)
				       : inflow_paperwork(reg, rng, p, summary, err);
}
