/*
 * exchange/apply.c — what a message from another node does here.  Each
 * runs inside the receiver's transaction (with the inbox and audit rows);
 * a payload not of its type's form changes nothing (exchange_malformed).
 *
 *   person.notice      an inflow person of our hukou registered at (or left)
 *                      the sender: feedback received on the person's record
 *                      and, for an outflow person without an open departure,
 *                      a departure to the sender's county.
 *   inquiry.request    a letter inquiry into the received-inquiry inbox.
 *   inquiry.answer     the answer to one of our network inquiries.
 *   certificate.verify the state of a certificate issued here.
 *   person.query       the minimal summary of a person (remote query).
 *   person.handover    a person handed over to this place with the transfer
 *                      certificate, into the list of received hand-overs.
 */
#include <stdio.h>
#include <string.h>

#include "core/text.h"
#include "domain/certificate.h"
#include "domain/codes.h"
#include "domain/idcard.h"
#include "domain/outflow.h"
#include "exchange/exchange_io.h"
#include "store/store.h"

/* String member `name` of the payload into buf; false if absent, not a string or too long. */
static bool text_of(json_t *payload, const char *name, char *buf, size_t size, bool required)
{
	json_t *v = json_object_get(payload, name);
	buf[0] = '\0';
	if (v == NULL && !required)
		return true;
	if (!json_is_string(v) || json_string_length(v) >= size ||
	    strlen(json_string_value(v)) != json_string_length(v))
		return false;
	memcpy(buf, json_string_value(v), json_string_length(v) + 1);
	return !required || buf[0] != '\0';
}

static enum status malformed(struct error *err, const char *field)
{
	return error_set(err, ST_EXCHANGE_MALFORMED, field, "交换消息内容不完整或格式不正确，未作任何处理");
}

static void actor_of(const struct exchange_envelope *e, char *buf, size_t size)
{
	snprintf(buf, size, "node:%s", e->from);
}

/* --- person.notice ------------------------------------------------------------ */

static enum status apply_notice(const struct registry *reg, const struct exchange_envelope *e,
				struct exchange_effect *effect, struct error *err)
{
	char event[16], id_number[IDCARD_SIZE + 4], name[PERSON_NAME_SIZE];
	char residence[DIVISION_CODE_SIZE], arrival[DATE_TEXT_SIZE], actor[64];
	struct idcard card;
	struct person p;
	json_t *pl = e->payload;
	if (!text_of(pl, "event", event, sizeof event, true) ||
	    (strcmp(event, "registered") != 0 && strcmp(event, "left") != 0))
		return malformed(err, "event");
	if (!text_of(pl, "id_number", id_number, sizeof id_number, true) ||
	    idcard_parse(id_number, &reg->today, &card) != IDCARD_OK)
		return malformed(err, "id_number");
	if (!text_of(pl, "name", name, sizeof name, true))
		return malformed(err, "name");
	if (!text_of(pl, "residence_division", residence, sizeof residence, true) ||
	    strlen(residence) < 6)
		return malformed(err, "residence_division");
	if (!text_of(pl, "arrival_date", arrival, sizeof arrival, false))
		return malformed(err, "arrival_date");
	actor_of(e, actor, sizeof actor);

	enum status st = person_get_by_id_number(reg, card.number, &p, err);
	if (st == ST_NOT_FOUND) {
		snprintf(effect->outcome, sizeof effect->outcome, "person_not_registered");
		return ST_OK;
	}
	if (st != ST_OK)
		return st;
	snprintf(effect->object, sizeof effect->object, "person:%lld", (long long)p.id);
	snprintf(effect->outcome, sizeof effect->outcome, "applied");
	if (p.flow != FLOW_OUTFLOW) {
		snprintf(effect->outcome, sizeof effect->outcome, "not_outflow");
		return ST_OK;
	}
	struct departure_request dr;
	struct departure d;
	bool open = false;
	if ((st = store_departure_find_open(reg->store, p.id, &d, &open, err)) != ST_OK)
		return st;
	if (!open && strcmp(event, "registered") == 0) {
		memset(&dr, 0, sizeof dr);
		dr.person_id = p.id;
		snprintf(dr.departed_on, sizeof dr.departed_on, "%s",
			 arrival[0] ? arrival : "");
		if (dr.departed_on[0] == '\0')
			date_format(&reg->today, dr.departed_on, sizeof dr.departed_on);
		snprintf(dr.destination_division, sizeof dr.destination_division, "%.6s", residence);
		snprintf(dr.note, sizeof dr.note, "流入地节点 %s 通过网络反馈", e->from);
		/* A departure the rules refuse (e.g. the person is no longer under
		 * floating management) leaves the feedback below as the record. */
		st = departure_create(reg, &dr, actor, &d, err);
		if (st == ST_OK)
			snprintf(effect->outcome, sizeof effect->outcome, "departure_recorded");
		else if (st == ST_STORAGE || st == ST_NO_MEMORY)
			return st;
	}
	struct feedback_request fr;
	struct feedback f;
	memset(&fr, 0, sizeof fr);
	fr.person_id = p.id;
	snprintf(fr.direction, sizeof fr.direction, "received");
	snprintf(fr.channel, sizeof fr.channel, "network");
	snprintf(fr.counterpart, sizeof fr.counterpart, "流入地节点 %s", e->from);
	snprintf(fr.content, sizeof fr.content, "%s：现居住地区划 %s%s%s",
		 strcmp(event, "registered") == 0 ? "已在流入地登记为流入人口" : "已离开该流入地",
		 residence, arrival[0] ? "，到达日期 " : "", arrival);
	return feedback_create(reg, &fr, actor, &f, err);
}

/* --- inquiries ----------------------------------------------------------------- */

static bool id_member(json_t *pl, const char *name, int64_t *out)
{
	json_t *v = json_object_get(pl, name);
	if (!json_is_integer(v) || json_integer_value(v) <= 0)
		return false;
	*out = json_integer_value(v);
	return true;
}

static enum status apply_inquiry_request(const struct registry *reg,
					 const struct exchange_envelope *e,
					 struct exchange_effect *effect, struct error *err)
{
	struct exchange_received_inquiry q;
	struct idcard card;
	char id_number[IDCARD_SIZE + 4];
	json_t *pl = e->payload;
	memset(&q, 0, sizeof q);
	if (!id_member(pl, "inquiry_id", &q.remote_id))
		return malformed(err, "inquiry_id");
	if (!text_of(pl, "name", q.person_name, sizeof q.person_name, true))
		return malformed(err, "name");
	if (!text_of(pl, "id_number", id_number, sizeof id_number, true) ||
	    idcard_parse(id_number, &reg->today, &card) != IDCARD_OK)
		return malformed(err, "id_number");
	if (!text_of(pl, "hukou_division", q.hukou_division, sizeof q.hukou_division, true) ||
	    !division_code_is_wellformed(q.hukou_division))
		return malformed(err, "hukou_division");
	if (!text_of(pl, "from_division", q.from_division, sizeof q.from_division, true))
		return malformed(err, "from_division");
	if (!text_of(pl, "subject", q.subject, sizeof q.subject, true))
		return malformed(err, "subject");
	if (!text_of(pl, "note", q.note, sizeof q.note, false))
		return malformed(err, "note");
	if (!text_of(pl, "due_on", q.due_on, sizeof q.due_on, false))
		return malformed(err, "due_on");
	memcpy(q.id_number, card.number, sizeof q.id_number);
	memcpy(q.message_id, e->id, sizeof q.message_id);
	memcpy(q.from_node, e->from, sizeof q.from_node);
	enum status st = store_exchange_inquiry_insert(reg->store, &q, err);
	if (st == ST_OK) {
		snprintf(effect->object, sizeof effect->object, "exchange_inquiry:%lld",
			 (long long)q.id);
		snprintf(effect->outcome, sizeof effect->outcome, "applied");
	}
	return st;
}

static enum status apply_inquiry_answer(const struct registry *reg,
					const struct exchange_envelope *e,
					struct exchange_effect *effect, struct error *err)
{
	struct inquiry_answer a;
	struct inquiry q;
	struct exchange_peer peers[1];
	int64_t id;
	char actor[64];
	json_t *pl = e->payload;
	memset(&a, 0, sizeof a);
	if (!id_member(pl, "inquiry_id", &id))
		return malformed(err, "inquiry_id");
	if (!text_of(pl, "answered_on", a.answered_on, sizeof a.answered_on, true))
		return malformed(err, "answered_on");
	if (!text_of(pl, "marital_status", a.marital_status, sizeof a.marital_status, true))
		return malformed(err, "marital_status");
	if (!text_of(pl, "answer_text", a.text, sizeof a.text, false))
		return malformed(err, "answer_text");
	if (!text_of(pl, "reference", a.reference, sizeof a.reference, false))
		return malformed(err, "reference");
	enum status st = inquiry_get(reg, id, &q, err);
	if (st != ST_OK)
		return st;
	/* Only the node our inquiry went to may answer it. */
	if (q.channel != INQUIRY_NETWORK ||
	    store_exchange_peer_get(reg->store, e->from, &peers[0], err) != ST_OK ||
	    exchange_prefix_match(peers[0].divisions, q.to_division) == 0)
		return error_set(err, ST_NOT_ALLOWED, "inquiry_id", "该函调不是发给此节点的，不能由它答复");
	actor_of(e, actor, sizeof actor);
	if ((st = inquiry_record_answer(reg, id, &a, actor, &q, err)) != ST_OK)
		return st;
	snprintf(effect->object, sizeof effect->object, "inquiry:%lld", (long long)id);
	snprintf(effect->outcome, sizeof effect->outcome, "applied");
	return ST_OK;
}

/* --- synchronous: certificate.verify, person.query ------------------------------ */

static enum status apply_verify(const struct registry *reg, const struct exchange_envelope *e,
				struct exchange_effect *effect, struct error *err)
{
	char number[CERTIFICATE_NUMBER_SIZE];
	struct certificate c;
	if (!text_of(e->payload, "number", number, sizeof number, true))
		return malformed(err, "number");
	enum status st = certificate_get(reg, number, &c, err);
	if (st == ST_NOT_FOUND) {
		snprintf(effect->outcome, sizeof effect->outcome, "not_found");
		effect->answer = json_pack("{s:s, s:b}", "number", number, "found", 0);
		return ST_OK;
	}
	if (st != ST_OK)
		return st;
	enum certificate_state state = certificate_state_on(&c, &reg->today);
	snprintf(effect->object, sizeof effect->object, "certificate:%lld", (long long)c.id);
	snprintf(effect->outcome, sizeof effect->outcome, "ok");
	effect->answer = json_pack(
		"{s:s, s:b, s:s, s:s, s:s, s:s, s:s, s:s, s:b}", "number", c.number, "found", 1,
		"kind", certificate_kind_name(c.kind), "state", certificate_state_name(state),
		"state_label", certificate_state_label(state), "issuer_name", c.issuer_name,
		"issued_on", c.issued_on, "valid_until", c.valid_until, "valid",
		certificate_is_valid_on(&c, &reg->today));
	return effect->answer ? ST_OK : error_set(err, ST_NO_MEMORY, "", NULL);
}

static enum status apply_query(const struct registry *reg, const struct exchange_envelope *e,
			       struct exchange_effect *effect, struct error *err)
{
	char id_number[IDCARD_SIZE + 4], user[64], reason[300];
	struct idcard card;
	struct person p;
	json_t *pl = e->payload;
	if (!text_of(pl, "id_number", id_number, sizeof id_number, true) ||
	    idcard_parse(id_number, &reg->today, &card) != IDCARD_OK)
		return malformed(err, "id_number");
	if (!text_of(pl, "user", user, sizeof user, true))
		return malformed(err, "user");
	if (!text_of(pl, "reason", reason, sizeof reason, true) || text_char_count(reason) < 2)
		return malformed(err, "reason");
	snprintf(effect->detail, sizeof effect->detail, "node:%s user:%s reason:%s", e->from, user,
		 reason);
	enum status st = person_get_by_id_number(reg, card.number, &p, err);
	if (st == ST_NOT_FOUND) {
		snprintf(effect->outcome, sizeof effect->outcome, "not_found");
		effect->answer = json_pack("{s:b}", "found", 0);
		return ST_OK;
	}
	if (st != ST_OK)
		return st;
	char masked[PERSON_NAME_SIZE], town[DIVISION_CODE_SIZE];
	char sex[2] = {p.sex, '\0'};
	person_mask_name(p.name, masked, sizeof masked);
	snprintf(town, sizeof town, "%.9s", p.residence_division);
	snprintf(effect->object, sizeof effect->object, "person:%lld", (long long)p.id);
	snprintf(effect->outcome, sizeof effect->outcome, "ok");
	effect->answer = json_pack("{s:b, s:s, s:s, s:s, s:s, s:s}", "found", 1, "name_masked",
				   masked, "sex", sex, "flow", person_flow_name(p.flow), "management",
				   person_management_name(p.management), "residence_town", town);
	return effect->answer ? ST_OK : error_set(err, ST_NO_MEMORY, "", NULL);
}

/* --- person.handover ---------------------------------------------------------------- */

static enum status apply_handover(const struct registry *reg, const struct exchange_envelope *e,
				  struct exchange_effect *effect, struct error *err)
{
	struct exchange_handover h;
	struct idcard card;
	char id_number[IDCARD_SIZE + 4];
	json_t *pl = e->payload;
	json_t *c = json_object_get(pl, "certificate");
	memset(&h, 0, sizeof h);
	if (!text_of(pl, "id_number", id_number, sizeof id_number, true) ||
	    idcard_parse(id_number, &reg->today, &card) != IDCARD_OK)
		return malformed(err, "id_number");
	if (!text_of(pl, "name", h.person_name, sizeof h.person_name, true))
		return malformed(err, "name");
	if (!text_of(pl, "hukou_division", h.hukou_division, sizeof h.hukou_division, true))
		return malformed(err, "hukou_division");
	if (!text_of(pl, "destination_division", h.destination_division,
		     sizeof h.destination_division, true) ||
	    !division_code_is_wellformed(h.destination_division))
		return malformed(err, "destination_division");
	if (!text_of(pl, "destination_address", h.destination_address,
		     sizeof h.destination_address, false))
		return malformed(err, "destination_address");
	if (!text_of(pl, "effective_on", h.effective_on, sizeof h.effective_on, true))
		return malformed(err, "effective_on");
	if (!json_is_object(c) ||
	    !text_of(c, "number", h.certificate_number, sizeof h.certificate_number, true) ||
	    !text_of(c, "issuer_name", h.certificate_issuer, sizeof h.certificate_issuer, false) ||
	    !text_of(c, "issued_on", h.certificate_issued_on, sizeof h.certificate_issued_on,
		     true) ||
	    !text_of(c, "marital_status", h.marital_status, sizeof h.marital_status, false) ||
	    !text_of(c, "spouse_name", h.spouse_name, sizeof h.spouse_name, false))
		return malformed(err, "certificate");
	memcpy(h.id_number, card.number, sizeof h.id_number);
	memcpy(h.message_id, e->id, sizeof h.message_id);
	memcpy(h.from_node, e->from, sizeof h.from_node);
	enum status st = store_exchange_handover_insert(reg->store, &h, err);
	if (st == ST_OK) {
		snprintf(effect->object, sizeof effect->object, "exchange_handover:%lld",
			 (long long)h.id);
		snprintf(effect->outcome, sizeof effect->outcome, "applied");
	}
	return st;
}

enum status exchange_apply(const struct registry *reg, const struct exchange_envelope *e,
			   struct exchange_effect *effect, struct error *err)
{
	memset(effect, 0, sizeof *effect);
	if (strcmp(e->type, "person.notice") == 0)
		return apply_notice(reg, e, effect, err);
	if (strcmp(e->type, "inquiry.request") == 0)
		return apply_inquiry_request(reg, e, effect, err);
	if (strcmp(e->type, "inquiry.answer") == 0)
		return apply_inquiry_answer(reg, e, effect, err);
	if (strcmp(e->type, "certificate.verify") == 0)
		return apply_verify(reg, e, effect, err);
	if (strcmp(e->type, "person.query") == 0)
		return apply_query(reg, e, effect, err);
	if (strcmp(e->type, "person.handover") == 0)
		return apply_handover(reg, e, effect, err);
	return error_set(err, ST_EXCHANGE_MALFORMED, "type", "本节点不处理这种消息");
}
