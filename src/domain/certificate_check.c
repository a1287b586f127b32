/*
 * certificate_check.c — what a department learns when it checks a
 * person's certificate (§3), and the notice it may send when there is none.
 */
#include "domain/certificate_check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/field.h"

static const char *const result_names[] = {"not_found", "none", "expired", "valid"};
static const char *const result_labels[] = {"查无此人或此证明", "未持有婚育证明",
					    "婚育证明已过期", "持有有效婚育证明"};

const char *certificate_check_result_name(enum certificate_check_result r)
{
	return (unsigned)r < 4 ? result_names[r] : "";
}

const char *certificate_check_result_label(enum certificate_check_result r)
{
	return (unsigned)r < 4 ? result_labels[r] : "";
}

/* The person's part of the answer: masked name and residence town. */
static void describe_person(const struct person *p, struct certificate_check *out)
{
	out->person_id = p->id;
	person_mask_name(p->name, out->name_masked, sizeof out->name_masked);
	if (division_level_of(p->residence_division) == DIVISION_VILLAGE)
		division_parent_code(p->residence_division, out->responsible_division);
	else
		snprintf(out->responsible_division, sizeof out->responsible_division, "%s",
			 p->residence_division);
}

enum status certificate_check_by_id_number(const struct registry *reg, const char *id_number,
					   struct certificate_check *out, struct error *err)
{
	struct person p;
	size_t count = 0;
	memset(out, 0, sizeof *out);
	enum status st = person_get_by_id_number(reg, id_number, &p, err);
	if (st == ST_NOT_FOUND) {
		out->result = CERTIFICATE_CHECK_NOT_FOUND;
		return ST_OK;
	}
	if (st != ST_OK)
		return st;
	describe_person(&p, out);
	struct certificate *list = calloc(CERTIFICATE_LIST_MAX, sizeof *list);
	if (list == NULL)
		return error_set(err, ST_NO_MEMORY, "", NULL);
	if ((st = certificate_list(reg, p.id, list, CERTIFICATE_LIST_MAX, &count, err)) != ST_OK)
		goto out_free_list;
	/* Newest first: the first valid one, else the newest expired one. */
	const struct certificate *valid = NULL, *expired = NULL;
	for (size_t i = 0; i < count && valid == NULL; i++) {
		enum certificate_state state = certificate_state_on(&list[i], &reg->today);
		if (state == CERTIFICATE_EXPIRED && expired == NULL)
			expired = &list[i];
		else if (certificate_is_valid_on(&list[i], &reg->today))
			valid = &list[i];
	}
	out->result = valid ? CERTIFICATE_CHECK_VALID
		    : expired ? CERTIFICATE_CHECK_EXPIRED : CERTIFICATE_CHECK_NONE;
	if (valid || expired) {
		out->has_certificate = true;
		out->certificate = valid ? *valid : *expired;
	}
out_free_list:
	free(list);
	return st;
}

enum status certificate_check_by_number(const struct registry *reg, const char *number,
					struct certificate_check *out, struct error *err)
{
	struct person p;
	memset(out, 0, sizeof *out);
	enum status st = certificate_get(reg, number, &out->certificate, err);
	if (st == ST_NOT_FOUND) {
		memset(&out->certificate, 0, sizeof out->certificate);
		out->result = CERTIFICATE_CHECK_NOT_FOUND;
		return ST_OK;
	}
	if (st != ST_OK || (st = person_get(reg, out->certificate.person_id, &p, err)) != ST_OK)
		return st;
	describe_person(&p, out);
	switch (certificate_state_on(&out->certificate, &reg->today)) {
	case CERTIFICATE_ISSUED:
	case CERTIFICATE_DISTRIBUTED:
		out->result = CERTIFICATE_CHECK_VALID;
		break;
	case CERTIFICATE_EXPIRED:
		out->result = CERTIFICATE_CHECK_EXPIRED;
		break;
	default:
		out->result = CERTIFICATE_CHECK_NONE;
		break;
	}
	out->has_certificate = out->result != CERTIFICATE_CHECK_NONE;
	if (!out->has_certificate)
		memset(&out->certificate, 0, sizeof out->certificate);
	return ST_OK;
}

enum status certificate_check_notify(const struct registry *reg,
				     const struct certificate_check *check,
				     const struct notice_sender *sender, const char *note,
				     struct notice *out, struct error *err)
{
	char body[NOTICE_BODY_SIZE], what[CERTIFICATE_NUMBER_SIZE + 64] = "";
	const char *recipients[1] = {check->responsible_division};
	enum status st;
	if (check->result != CERTIFICATE_CHECK_NONE && check->result != CERTIFICATE_CHECK_EXPIRED)
		return error_set(err, ST_NOT_ALLOWED, "result",
				 "只有查验结果为未持有或已过期时才通报所在镇（街道）");
	if ((st = field_text(note, "note", "备注", 0, CERTIFICATE_CHECK_NOTE_MAX_CHARS, err)) != ST_OK)
		return st;
	if (check->has_certificate)
		snprintf(what, sizeof what, "（证明编号 %s，有效期至 %s）", check->certificate.number,
			 check->certificate.valid_until);
	snprintf(body, sizeof body, "查验对象：%s。查验结果：%s%s。%s%s", check->name_masked,
		 certificate_check_result_label(check->result), what, note[0] ? "查验单位备注：" : "",
		 note);
	struct notice_request req = {
		.sender = *sender,
		.recipients = recipients,
		.recipient_count = 1,
		.subject = CERTIFICATE_CHECK_SUBJECT,
		.body = body,
		.person_id = check->person_id,
	};
	return notice_send(reg, &req, out, err);
}
