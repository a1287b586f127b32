/*
 * certificate.c — the rules of certificates and service contracts.
 */
#include "core/name_table.h"
#include "domain/certificate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "domain/event.h"
#include "domain/field.h"
#include "domain/codes.h"
#include "store/store.h"

#define TEMPORARY_VALIDITY_MONTHS 3
#define TOWN_CODE_LENGTH 9

static const char *const kind_names[] = {"", "standard", "temporary", "transfer", "external"};
static const char *const kind_labels[] = {"", "流动人口婚育证明", "临时婚育证明",
					  "流动人口婚育证明（移交）", "外地出具的婚育证明"};
static const char *const state_names[] = {"", "issued", "distributed", "revoked", "replaced",
					  "expired"};
static const char *const state_labels[] = {"", "已签发", "已发放", "已注销", "已补发换证",
					   "已过期"};
static const char *const contract_names[] = {"", "active", "fulfilled", "cancelled", "overdue"};
static const char *const contract_labels[] = {"", "履行中", "已履行", "已解除", "已逾期"};


const char *certificate_kind_name(enum certificate_kind kind)
{
	return NAME_TABLE_AT(kind_names, kind);
}

const char *certificate_kind_label(enum certificate_kind kind)
{
	return NAME_TABLE_AT(kind_labels, kind);
}

bool certificate_kind_parse(const char *name, enum certificate_kind *out)
{
	for (int k = CERTIFICATE_STANDARD; k <= CERTIFICATE_EXTERNAL; k++)
		if (strcmp(kind_names[k], name) == 0) {
			*out = (enum certificate_kind)k;
			return true;
		}
	return false;
}

const char *certificate_state_name(enum certificate_state state)
{
	return NAME_TABLE_AT(state_names, state);
}

const char *certificate_state_label(enum certificate_state state)
{
	return NAME_TABLE_AT(state_labels, state);
}

const char *contract_state_name(enum contract_state state)
{
	return NAME_TABLE_AT(contract_names, state);
}

const char *contract_state_label(enum contract_state state)
{
	return NAME_TABLE_AT(contract_labels, state);
}

bool certificate_loss_parse(const char *name, enum certificate_loss *out)
{
	if (strcmp(name, "lost") == 0)
		*out = CERTIFICATE_LOST;
	else if (strcmp(name, "damaged") == 0)
		*out = CERTIFICATE_DAMAGED;
	else
		return false;
	return true;
}

static bool digits_at(const char *s, size_t from, size_t count)
{
	for (size_t i = from; i < from + count; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

bool certificate_number_is_ours(const char *number)
{
	return strlen(number) == 21 && digits_at(number, 0, 9) && number[9] == '-' &&
	       digits_at(number, 10, 4) && number[14] == '-' && digits_at(number, 15, 6);
}

void certificate_number_format(const char *town, int year, long sequence, char *buf,
			       size_t size)
{
	snprintf(buf, size, "%.9s-%04d-%06ld", town, year, sequence);
}

enum certificate_state certificate_state_on(const struct certificate *c,
					    const struct date *today)
{
	struct date until;
	bool in_force = c->state == CERTIFICATE_ISSUED || c->state == CERTIFICATE_DISTRIBUTED;
	if (in_force && c->valid_until[0] && date_parse(c->valid_until, &until) &&
	    date_compare(today, &until) > 0)
		return CERTIFICATE_EXPIRED;
	return c->state;
}

bool certificate_is_valid_on(const struct certificate *c, const struct date *today)
{
	enum certificate_state s = certificate_state_on(c, today);
	return s == CERTIFICATE_ISSUED || s == CERTIFICATE_DISTRIBUTED;
}

enum contract_state contract_state_on(const struct contract *c, const struct date *today)
{
	struct date deadline;
	if (c->state == CONTRACT_ACTIVE && date_parse(c->deadline, &deadline) &&
	    date_compare(today, &deadline) > 0)
		return CONTRACT_OVERDUE;
	return c->state;
}

static enum status check_children(const struct certificate_request *req,
				  const char *parent_birth, const struct date *today,
				  struct error *err)
{
	if (req->child_count > CERTIFICATE_CHILDREN_MAX)
		return error_set(err, ST_INVALID_INPUT, "children", "子女最多填写 %d 个",
				 CERTIFICATE_CHILDREN_MAX);
	for (size_t i = 0; i < req->child_count; i++) {
		const struct certificate_child *c = &req->children[i];
		struct date birth;
		enum status st;
		if ((st = field_text(c->name, "children", "子女姓名", 1, PERSON_NAME_MAX_CHARS, err)) != ST_OK ||
		    (st = field_past_date(c->birth_date, true, parent_birth, today, "children",
					  "子女出生日期", &birth, err)) != ST_OK)
			return st;
		if (c->sex != 'M' && c->sex != 'F')
			return error_set(err, ST_INVALID_INPUT, "children", "子女性别应为 M（男）或 F（女）");
	}
	return ST_OK;
}

static bool external_number_is_well_formed(const char *number)
{
	size_t len = strlen(number);
	if (len == 0 || len > CERTIFICATE_NUMBER_MAX_CHARS)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = number[i];
		bool ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			  c == '-';
		if (!ok)
			return false;
	}
	return true;
}

/* --- the office that issues ---------------------------------------------- */

/* "嘉峪关市雄关街道办事处", "嘉峪关市峪泉镇人民政府" for the town of a division. */
static void office_name(const struct registry *reg, const char *town, char *buf, size_t size)
{
	const struct division *t = division_table_find(reg->divisions, town);
	const struct division *city = division_table_find(reg->divisions, reg->city);
	const char *name = t ? t->name : town;
	size_t len = strlen(name);
	bool street = len >= 6 && strcmp(name + len - 6, "街道") == 0;
	snprintf(buf, size, "%s%s%s", city ? city->name : "", name, street ? "办事处" : "人民政府");
}

/* --- issuing ------------------------------------------------------------- */

static enum status person_holds(const struct registry *reg, int64_t person_id, unsigned kinds,
				char *number, size_t size, struct error *err)
{
	struct certificate *list = calloc(CERTIFICATE_LIST_MAX, sizeof *list);
	size_t count = 0;
	if (list == NULL)
		return error_set(err, ST_NO_MEMORY, NULL, NULL);
	enum status st = store_certificate_list(reg->store, person_id, list, CERTIFICATE_LIST_MAX,
						&count, err);
	number[0] = '\0';
	for (size_t i = 0; st == ST_OK && i < count && number[0] == '\0'; i++)
		if ((kinds & CERTIFICATE_KIND_BIT(list[i].kind)) &&
		    certificate_is_valid_on(&list[i], &reg->today))
			snprintf(number, size, "%s", list[i].number);
	free(list);
	return st;
}

enum status certificate_person_holds(const struct registry *reg, int64_t person_id,
				     unsigned kinds, bool *held, struct error *err)
{
	char number[CERTIFICATE_NUMBER_SIZE];
	enum status st = person_holds(reg, person_id, kinds, number, sizeof number, err);
	*held = number[0] != '\0';
	return st;
}

/* Whether this kind may be issued to this person now; the reason if not. */
static enum status check_allowed(const struct registry *reg, const struct person *p,
				 enum certificate_kind kind, struct error *err)
{
	char held[CERTIFICATE_NUMBER_SIZE];
	enum status st;
	switch (kind) {
	case CERTIFICATE_STANDARD:
		if (p->flow != FLOW_OUTFLOW || p->management != MANAGEMENT_FLOATING)
			return error_set(err, ST_NOT_ALLOWED, "kind",
					 "婚育证明由户籍地签发，只能为本市正在流动管理的流出人口办理");
		if ((st = person_holds(reg, p->id, CERTIFICATE_KIND_BIT(CERTIFICATE_STANDARD), held,
				       sizeof held, err)) != ST_OK)
			return st;
		if (held[0])
			return error_set(err, ST_NOT_ALLOWED, "kind",
					 "已持有有效的婚育证明 %s；遗失或损坏请办理补发", held);
		break;
	case CERTIFICATE_TEMPORARY:
		if (p->flow != FLOW_INFLOW || p->management != MANAGEMENT_FLOATING)
			return error_set(err, ST_NOT_ALLOWED, "kind",
					 "临时婚育证明只能为正在流动管理的流入人口办理");
		if ((st = person_holds(reg, p->id, CERTIFICATE_ANY_KIND, held, sizeof held, err)) !=
		    ST_OK)
			return st;
		if (held[0])
			return error_set(err, ST_NOT_ALLOWED, "kind",
					 "已持有有效的婚育证明 %s，无需办理临时婚育证明", held);
		break;
	case CERTIFICATE_EXTERNAL:
		if (p->flow != FLOW_INFLOW)
			return error_set(err, ST_NOT_ALLOWED, "kind",
					 "外地出具的婚育证明只能为流入人口登记");
		break;
	case CERTIFICATE_TRANSFER:
		return error_set(err, ST_NOT_ALLOWED, "kind",
				 "移交用婚育证明随“移交户籍地以外配偶所在地”办理，不能单独签发");
	default:
		return error_set(err, ST_INVALID_INPUT, "kind",
				 "kind 只能是 standard、temporary 或 external");
	}
	if (kind != CERTIFICATE_EXTERNAL && p->marital_status[0] == '\0')
		return error_set(err, ST_NOT_ALLOWED, "marital_status",
				 "档案中尚未填写婚姻状况，请先补全档案再办理婚育证明");
	return ST_OK;
}

/* Fills the content of a new certificate from the person and the request. */
static enum status fill_content(const struct registry *reg, const struct person *p,
				const struct certificate_request *req, struct certificate *c,
				struct error *err)
{
	struct date issued;
	enum status st;
	if ((st = field_text(req->spouse_name, "spouse_name", "配偶姓名",
			     codes_marital_status_is_married(p->marital_status) &&
				     req->kind != CERTIFICATE_EXTERNAL,
			     PERSON_NAME_MAX_CHARS, err)) != ST_OK ||
	    (st = check_children(req, p->birth_date, &reg->today, err)) != ST_OK)
		return st;
	if (req->spouse_id_number[0]) {
		struct idcard id;
		if ((st = idcard_validate(req->spouse_id_number, &reg->today, &id,
					  "spouse_id_number", err)) != ST_OK)
			return st;
		memcpy(c->spouse_id_number, id.number, sizeof id.number);
	}
	/* Ours are issued today unless dated; an external one must say when it was. */
	if ((st = field_past_date(req->issued_on, req->kind == CERTIFICATE_EXTERNAL, p->birth_date,
				  &reg->today, "issued_on", "签发日期", &issued, err)) != ST_OK)
		return st;
	c->person_id = p->id;
	c->kind = req->kind;
	c->state = CERTIFICATE_ISSUED;
	date_format(&issued, c->issued_on, sizeof c->issued_on);
	memcpy(c->marital_status, p->marital_status, sizeof c->marital_status);
	memcpy(c->marriage_date, p->marriage_date, sizeof c->marriage_date);
	memcpy(c->spouse_name, req->spouse_name, sizeof c->spouse_name);
	memcpy(c->children, req->children, sizeof c->children);
	c->child_count = req->child_count;
	return ST_OK;
}

/* Our issuer and next number for a certificate of the person's town (writes). */
static enum status number_ours(const struct registry *reg, const struct person *p,
			       struct certificate *c, struct error *err)
{
	struct date issued;
	long sequence;
	date_parse(c->issued_on, &issued);
	snprintf(c->issuer_division, sizeof c->issuer_division, "%.*s", TOWN_CODE_LENGTH,
		 p->residence_division);
	office_name(reg, c->issuer_division, c->issuer_name, sizeof c->issuer_name);
	enum status st = store_certificate_next_sequence(reg->store, c->issuer_division,
							 issued.year, &sequence, err);
	if (st == ST_OK)
		certificate_number_format(c->issuer_division, issued.year, sequence, c->number,
					  sizeof c->number);
	return st;
}

/* The number and issuer of an external certificate, checked before anything else. */
static enum status check_external(const struct certificate_request *req, struct error *err)
{
	if (!external_number_is_well_formed(req->number))
		return error_set(err, req->number[0] ? ST_INVALID_INPUT : ST_MISSING_FIELD, "number",
				 "请填写证明上的编号（最多 %d 个字母、数字或短横线）",
				 CERTIFICATE_NUMBER_MAX_CHARS);
	return field_text(req->issuer_name, "issuer_name", "出具机关", 2,
			  CERTIFICATE_TEXT_MAX_CHARS, err);
}

static enum status fill_external(const struct certificate_request *req, struct certificate *c,
				 struct error *err)
{
	if (req->valid_until[0]) {
		struct date until, issued;
		date_parse(c->issued_on, &issued);
		if (!date_parse(req->valid_until, &until) || date_compare(&until, &issued) < 0)
			return error_set(err, ST_INVALID_DATE, "valid_until",
					 "有效期至应为真实日期，且不早于签发日期");
	}
	snprintf(c->number, sizeof c->number, "%s", req->number);
	snprintf(c->issuer_name, sizeof c->issuer_name, "%s", req->issuer_name);
	snprintf(c->valid_until, sizeof c->valid_until, "%s", req->valid_until);
	return ST_OK;
}

/* The deadline of a temporary certificate's contract: given, or its end. */
static enum status contract_deadline(const struct certificate *c,
				     const struct certificate_request *req, char *out,
				     struct error *err)
{
	struct date signed_on, until, deadline;
	date_parse(c->issued_on, &signed_on);
	date_parse(c->valid_until, &until);
	if (req->contract_deadline[0] == '\0') {
		memcpy(out, c->valid_until, DATE_TEXT_SIZE);
		return ST_OK;
	}
	if (!date_parse(req->contract_deadline, &deadline) ||
	    date_compare(&deadline, &signed_on) < 0 || date_compare(&deadline, &until) > 0)
		return error_set(err, ST_INVALID_DATE, "contract_deadline",
				 "交验期限应为真实日期，在签订日期 %s 和临时婚育证明到期日 %s 之间",
				 c->issued_on, c->valid_until);
	date_format(&deadline, out, DATE_TEXT_SIZE);
	return ST_OK;
}

/* The contract that comes with a temporary certificate. */
static enum status sign_contract(const struct registry *reg, const struct certificate *c,
				 const char *deadline, const char *actor, struct contract *out,
				 struct error *err)
{
	memset(out, 0, sizeof *out);
	enum status st = setting_get(reg, SETTING_CONTRACT_TERMS, out->terms, sizeof out->terms,
				     err);
	if (st != ST_OK)
		return st;
	out->person_id = c->person_id;
	out->certificate_id = c->id;
	memcpy(out->office_division, c->issuer_division, sizeof out->office_division);
	memcpy(out->signed_on, c->issued_on, sizeof out->signed_on);
	memcpy(out->deadline, deadline, sizeof out->deadline);
	out->state = CONTRACT_ACTIVE;
	if ((st = store_contract_insert(reg->store, out, err)) != ST_OK)
		return st;
	return event_add(reg, c->person_id, "contract", out->id, actor, "contract.sign", err,
			 "签订管理服务合同书，须于 %s 前交验户籍地婚育证明", out->deadline);
}

/* Fulfils the person's active contracts with a proper certificate. */
static enum status fulfil_contracts(const struct registry *reg, const struct certificate *c,
				    const char *actor, struct error *err)
{
	int fulfilled = 0;
	enum status st = store_contract_fulfil(reg->store, c->person_id, c->id, c->issued_on,
					       &fulfilled, err);
	if (st != ST_OK || fulfilled == 0)
		return st;
	return event_add(reg, c->person_id, "certificate", c->id, actor, "contract.fulfil", err,
			 "交验婚育证明 %s，%d 份管理服务合同书履行完毕", c->number, fulfilled);
}

/* Writes a new certificate and what goes with it; the caller's write is open. */
static enum status write_new(const struct registry *reg, struct certificate *c,
			     const char *deadline, const char *actor, struct contract *contract,
			     struct error *err)
{
	struct contract unused;
	enum status st = store_certificate_insert(reg->store, c, err);
	if (st != ST_OK)
		return st;
	bool external = c->kind == CERTIFICATE_EXTERNAL;
	if ((st = event_add(reg, c->person_id, "certificate", c->id, actor,
			    external ? "certificate.record" : "certificate.issue", err,
			    "%s%s %s（%s）", external ? "登记" : "签发",
			    certificate_kind_label(c->kind), c->number, c->issuer_name)) != ST_OK)
		return st;
	if (c->kind == CERTIFICATE_TEMPORARY)
		return sign_contract(reg, c, deadline, actor, contract ? contract : &unused, err);
	if (c->kind == CERTIFICATE_STANDARD || external)
		return fulfil_contracts(reg, c, actor, err);
	return ST_OK;
}

/* Refuses an external number that is recorded already, before anything is written. */
static enum status check_number_free(const struct registry *reg, const char *number,
				     struct error *err)
{
	bool exists = false;
	enum status st = store_certificate_number_exists(reg->store, number, &exists, err);
	if (st == ST_OK && exists)
		st = error_set(err, ST_DUPLICATE_CERTIFICATE, "number",
			       "证明编号 %s 已经登记过，请勿重复登记", number);
	return st;
}

/* Checks the request against the person and fills the new certificate. */
static enum status prepare(const struct registry *reg, const struct person *p,
			   const struct certificate_request *req, struct certificate *c,
			   int *validity, struct error *err)
{
	enum status st = check_allowed(reg, p, req->kind, err);
	memset(c, 0, sizeof *c);
	if (st == ST_OK && req->kind == CERTIFICATE_EXTERNAL)
		st = check_external(req, err);
	if (st != ST_OK || (st = fill_content(reg, p, req, c, err)) != ST_OK)
		return st;
	*validity = 0;
	if (req->kind == CERTIFICATE_STANDARD)
		return setting_get_int(reg, SETTING_CERTIFICATE_VALIDITY_MONTHS, validity, err);
	if (req->kind == CERTIFICATE_TEMPORARY)
		*validity = TEMPORARY_VALIDITY_MONTHS;
	if (req->kind == CERTIFICATE_EXTERNAL &&
	    ((st = fill_external(req, c, err)) != ST_OK ||
	     (st = check_number_free(reg, c->number, err)) != ST_OK))
		return st;
	return ST_OK;
}

/* The end of validity `months` after the issue date, or "" for none. */
static void set_validity(struct certificate *c, int months)
{
	struct date issued, until;
	c->valid_until[0] = '\0';
	if (months <= 0 || !date_parse(c->issued_on, &issued))
		return;
	until = date_add_months(&issued, months);
	date_format(&until, c->valid_until, sizeof c->valid_until);
}

enum status certificate_issue(const struct registry *reg, int64_t person_id,
			      const struct certificate_request *req, const char *actor,
			      struct certificate *out, struct contract *contract,
			      struct error *err)
{
	struct person p;
	int validity;
	char deadline[DATE_TEXT_SIZE] = "";
	enum status st = person_get(reg, person_id, &p, err);
	if (st != ST_OK || (st = prepare(reg, &p, req, out, &validity, err)) != ST_OK)
		return st;
	if (req->kind != CERTIFICATE_EXTERNAL)
		set_validity(out, validity);
	if (req->kind == CERTIFICATE_TEMPORARY &&
	    (st = contract_deadline(out, req, deadline, err)) != ST_OK)
		return st;
	if ((st = store_write_begin(reg->store, err)) != ST_OK)
		return st;
	if (req->kind != CERTIFICATE_EXTERNAL)
		st = number_ours(reg, &p, out, err);
	if (st == ST_OK)
		st = write_new(reg, out, deadline, actor, contract, err);
	if (st != ST_OK) {
		store_write_abort(reg->store);
		return st;
	}
	return store_write_commit(reg->store, err);
}

enum status certificate_issue_transfer(const struct registry *reg, const struct person *p,
				       const struct certificate_request *req, const char *actor,
				       struct certificate *out, struct error *err)
{
	struct certificate_request transfer = *req;
	transfer.kind = CERTIFICATE_TRANSFER;
	transfer.issued_on[0] = '\0';
	memset(out, 0, sizeof *out);
	if (p->marital_status[0] == '\0')
		return error_set(err, ST_NOT_ALLOWED, "marital_status",
				 "档案中尚未填写婚姻状况，请先补全档案再办理婚育证明");
	enum status st = fill_content(reg, p, &transfer, out, err);
	if (st != ST_OK)
		return st;
	memcpy(out->destination_division, req->destination_division,
	       sizeof out->destination_division);
	if ((st = store_write_begin(reg->store, err)) != ST_OK)
		return st;
	if ((st = number_ours(reg, p, out, err)) != ST_OK ||
	    (st = write_new(reg, out, "", actor, NULL, err)) != ST_OK) {
		store_write_abort(reg->store);
		return st;
	}
	return store_write_commit(reg->store, err);
}

/* --- reading ------------------------------------------------------------- */

enum status certificate_get(const struct registry *reg, const char *number,
			    struct certificate *out, struct error *err)
{
	if (!external_number_is_well_formed(number))
		return error_set(err, ST_NOT_FOUND, "number", "证明不存在");
	return store_certificate_get_by_number(reg->store, number, out, err);
}

enum status certificate_get_by_id(const struct registry *reg, int64_t id,
				  struct certificate *out, struct error *err)
{
	return store_certificate_get(reg->store, id, out, err);
}

enum status certificate_list(const struct registry *reg, int64_t person_id,
			     struct certificate *out, size_t max, size_t *count,
			     struct error *err)
{
	return store_certificate_list(reg->store, person_id, out, max, count, err);
}

enum status contract_list(const struct registry *reg, int64_t person_id,
			  struct contract *out, size_t max, size_t *count, struct error *err)
{
	return store_contract_list(reg->store, person_id, out, max, count, err);
}

enum status contract_get(const struct registry *reg, int64_t id, struct contract *out,
			 struct error *err)
{
	return store_contract_get(reg->store, id, out, err);
}

/* --- hand-out, revocation, replacement ------------------------------------ */

/* Writes a changed certificate with its event in one write. */
static enum status write_change(const struct registry *reg, struct certificate *c,
				int64_t version, const char *actor, const char *action,
				const char *detail, struct error *err)
{
	enum status st = store_write_begin(reg->store, err);
	if (st != ST_OK)
		return st;
	if ((st = store_certificate_update(reg->store, c, version, err)) != ST_OK) {
		store_write_cancel(reg->store);
		return st;
	}
	if ((st = event_add(reg, c->person_id, "certificate", c->id, actor, action, err, "%s",
			    detail)) != ST_OK) {
		store_write_abort(reg->store);
		return st;
	}
	return store_write_commit(reg->store, err);
}

static enum status refuse_state(const struct certificate *c, const struct date *today,
				const char *what, struct error *err)
{
	return error_set(err, ST_INVALID_STATE, "state", "该证明%s，不能%s",
			 certificate_state_label(certificate_state_on(c, today)), what);
}

enum status certificate_distribute(const struct registry *reg, const char *number,
				   const char *on, const char *received_by, const char *actor,
				   struct certificate *out, struct error *err)
{
	struct date when;
	enum status st = certificate_get(reg, number, out, err);
	if (st != ST_OK)
		return st;
	if (out->kind == CERTIFICATE_EXTERNAL)
		return error_set(err, ST_INVALID_STATE, "kind", "外地出具的婚育证明无需发放");
	if (certificate_state_on(out, &reg->today) != CERTIFICATE_ISSUED)
		return refuse_state(out, &reg->today, "发放", err);
	if ((st = field_past_date(on ? on : "", false, out->issued_on, &reg->today,
				  "distributed_on", "发放日期", &when, err)) != ST_OK)
		return st;
	if ((st = field_text(received_by ? received_by : "", "received_by", "领取人", 1,
				 PERSON_NAME_MAX_CHARS, err)) !=
	    ST_OK)
		return st;
	int64_t version = out->version;
	out->state = CERTIFICATE_DISTRIBUTED;
	date_format(&when, out->distributed_on, sizeof out->distributed_on);
	snprintf(out->received_by, sizeof out->received_by, "%s", received_by);
	char detail[256];
	snprintf(detail, sizeof detail, "发放 %s，领取人 %s，发放日期 %s", out->number,
		 out->received_by, out->distributed_on);
	return write_change(reg, out, version, actor, "certificate.distribute", detail, err);
}

enum status certificate_revoke(const struct registry *reg, const char *number,
			       const char *reason, const char *actor, struct certificate *out,
			       struct error *err)
{
	enum status st = certificate_get(reg, number, out, err);
	if (st != ST_OK)
		return st;
	if (out->state != CERTIFICATE_ISSUED && out->state != CERTIFICATE_DISTRIBUTED)
		return refuse_state(out, &reg->today, "注销", err);
	if ((st = field_text(reason ? reason : "", "reason", "注销原因", 2,
				 CERTIFICATE_TEXT_MAX_CHARS, err)) != ST_OK)
		return st;
	int64_t version = out->version;
	out->state = CERTIFICATE_REVOKED;
	date_format(&reg->today, out->ended_on, sizeof out->ended_on);
	snprintf(out->end_reason, sizeof out->end_reason, "%s", reason);
	char detail[512];
	snprintf(detail, sizeof detail, "注销 %s，原因：%s", out->number, out->end_reason);
	text_trim_partial_utf8(detail);
	return write_change(reg, out, version, actor, "certificate.revoke", detail, err);
}

/* The replacement's content: the old one's, with a new number issued today. */
static void copy_for_replacement(const struct registry *reg, const struct certificate *old,
				 struct certificate *c)
{
	*c = *old;
	c->id = 0;
	c->state = CERTIFICATE_ISSUED;
	date_format(&reg->today, c->issued_on, sizeof c->issued_on);
	c->distributed_on[0] = c->received_by[0] = '\0';
	c->ended_on[0] = c->end_reason[0] = '\0';
	c->replaces_id = old->id;
}

enum status certificate_replace(const struct registry *reg, const char *number,
				enum certificate_loss loss, const char *note, const char *actor,
				struct certificate *replacement, struct error *err)
{
	struct certificate old;
	long sequence;
	enum status st = certificate_get(reg, number, &old, err);
	if (st != ST_OK)
		return st;
	if (old.kind == CERTIFICATE_EXTERNAL)
		return error_set(err, ST_NOT_ALLOWED, "kind",
				 "外地出具的婚育证明应由出具机关补发，本系统只能登记新证明");
	if (!certificate_is_valid_on(&old, &reg->today))
		return refuse_state(&old, &reg->today, "补发", err);
	if (note && note[0] && !text_is_clean(note, CERTIFICATE_TEXT_MAX_CHARS))
		return error_set(err, ST_INVALID_INPUT, "note", "说明不能含控制字符，且不超过 %d 个字",
				 CERTIFICATE_TEXT_MAX_CHARS);
	copy_for_replacement(reg, &old, replacement);
	int64_t version = old.version;
	old.state = CERTIFICATE_REPLACED;
	date_format(&reg->today, old.ended_on, sizeof old.ended_on);
	snprintf(old.end_reason, sizeof old.end_reason, "%s%s%s",
		 loss == CERTIFICATE_LOST ? "遗失" : "损坏", note && note[0] ? "：" : "",
		 note ? note : "");
	text_trim_partial_utf8(old.end_reason);
	if ((st = store_write_begin(reg->store, err)) != ST_OK)
		return st;
	char detail[256];
	if ((st = store_certificate_next_sequence(reg->store, replacement->issuer_division,
						  reg->today.year, &sequence, err)) != ST_OK)
		goto abort;
	certificate_number_format(replacement->issuer_division, reg->today.year, sequence,
				  replacement->number, sizeof replacement->number);
	snprintf(detail, sizeof detail, "%s，换发新证 %s", old.end_reason, replacement->number);
	text_trim_partial_utf8(detail);
	if ((st = store_certificate_update(reg->store, &old, version, err)) != ST_OK ||
	    (st = event_add(reg, old.person_id, "certificate", old.id, actor,
			    "certificate.replace", err, "%s", detail)) != ST_OK ||
	    (st = store_certificate_insert(reg->store, replacement, err)) != ST_OK ||
	    (st = event_add(reg, old.person_id, "certificate", replacement->id, actor,
			    "certificate.issue", err, "补发%s %s，原证 %s 作废",
			    certificate_kind_label(replacement->kind), replacement->number,
			    old.number)) != ST_OK)
		goto abort;
	return store_write_commit(reg->store, err);
abort:
	store_write_abort(reg->store);
	return st;
}
