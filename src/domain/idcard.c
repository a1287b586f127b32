/*
 * idcard.c — validation, upgrade and masking of resident ID numbers.
 */
#include "domain/idcard.h"

#include <stdio.h>
#include <string.h>

static const char *const reason_codes[] = {
	[IDCARD_OK] = "ok",
	[IDCARD_BAD_LENGTH] = "bad_length",
	[IDCARD_BAD_CHARACTER] = "bad_character",
	[IDCARD_BAD_PROVINCE] = "bad_province",
	[IDCARD_BAD_BIRTH_DATE] = "bad_birth_date",
	[IDCARD_BAD_CHECK_CHARACTER] = "bad_check_character",
};

static const char *const reason_messages[] = {
	[IDCARD_OK] = "公民身份号码正确",
	[IDCARD_BAD_LENGTH] = "公民身份号码应为18位（旧证15位），请核对位数",
	[IDCARD_BAD_CHARACTER] = "公民身份号码只能由数字组成，最后一位可以是X，请核对",
	[IDCARD_BAD_PROVINCE] = "公民身份号码前两位不是有效的省级行政区划代码，请核对",
	[IDCARD_BAD_BIRTH_DATE] = "公民身份号码中的出生日期不存在、早于1900年或晚于今天，请核对",
	[IDCARD_BAD_CHECK_CHARACTER] = "公民身份号码校验位不符，可能有数字输错，请逐位核对",
};

const char *idcard_reason_code(enum idcard_reason reason)
{
	return reason_codes[reason];
}

const char *idcard_reason_message(enum idcard_reason reason)
{
	return reason_messages[reason];
}

bool idcard_is_province(int code)
{
	static const unsigned char provinces[] = {
		11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37,
		41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65,
		71, 81, 82, 83,
	};
	for (size_t i = 0; i < sizeof provinces; i++)
		if (provinces[i] == code)
			return true;
	return false;
}

char idcard_check_character(const char *first17)
{
	static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
	static const char checks[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
	int sum = 0;
	for (int i = 0; i < 17; i++)
		sum += (first17[i] - '0') * weights[i];
	return checks[sum % 11];
}

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Copies `input` without surrounding blanks into buf; false if too long. */
static bool trim_into(const char *input, char *buf, size_t size, size_t *len)
{
	size_t n = strnlen(input, IDCARD_INPUT_MAX + 1);
	if (n > IDCARD_INPUT_MAX)
		return false;
	while (n > 0 && is_blank(input[n - 1]))
		n--;
	while (n > 0 && is_blank(*input)) {
		input++;
		n--;
	}
	if (n >= size)
		return false;
	memcpy(buf, input, n);
	buf[n] = '\0';
	*len = n;
	return true;
}

/* Brings a 15- or 18-character number to 18 characters without the check. */
static enum idcard_reason canonical_form(const char *in, size_t len, char *out18,
					 bool *upgraded)
{
	if (len == 15) {
		if (!all_digits(in, 15))
			return IDCARD_BAD_CHARACTER;
		memcpy(out18, in, 6);
		memcpy(out18 + 6, "19", 2);
		memcpy(out18 + 8, in + 6, 9);
		out18[17] = idcard_check_character(out18);
		*upgraded = true;
	} else if (len == 18) {
		if (!all_digits(in, 17))
			return IDCARD_BAD_CHARACTER;
		char last = in[17] == 'x' ? 'X' : in[17];
		if (!(last == 'X' || (last >= '0' && last <= '9')))
			return IDCARD_BAD_CHARACTER;
		memcpy(out18, in, 17);
		out18[17] = last;
		*upgraded = false;
	} else {
		return IDCARD_BAD_LENGTH;
	}
	out18[18] = '\0';
	return IDCARD_OK;
}

enum idcard_reason idcard_parse(const char *input, const struct date *today,
				struct idcard *out)
{
	char trimmed[IDCARD_INPUT_MAX + 1];
	size_t len;
	struct idcard card;

	if (input == NULL || !trim_into(input, trimmed, sizeof trimmed, &len))
		return IDCARD_BAD_LENGTH;
	enum idcard_reason reason = canonical_form(trimmed, len, card.number, &card.upgraded);
	if (reason != IDCARD_OK)
		return reason;

	int province = (card.number[0] - '0') * 10 + (card.number[1] - '0');
	if (!idcard_is_province(province))
		return IDCARD_BAD_PROVINCE;

	static const struct date earliest = {1900, 1, 1};
	if (!date_parse_compact(card.number + 6, &card.birth) ||
	    date_compare(&card.birth, &earliest) < 0 ||
	    date_compare(&card.birth, today) > 0)
		return IDCARD_BAD_BIRTH_DATE;

	if (idcard_check_character(card.number) != card.number[17])
		return IDCARD_BAD_CHECK_CHARACTER;

	memcpy(card.region, card.number, 6);
	card.region[6] = '\0';
	card.sex = ((card.number[16] - '0') % 2 == 1) ? 'M' : 'F';
	*out = card;
	return IDCARD_OK;
}

enum status idcard_validate(const char *input, const struct date *today,
			    struct idcard *out, const char *field, struct error *err)
{
	enum idcard_reason reason = idcard_parse(input, today, out);
	if (reason == IDCARD_OK)
		return ST_OK;
	error_set(err, ST_INVALID_ID_NUMBER, field, "%s", idcard_reason_message(reason));
	error_set_reason(err, idcard_reason_code(reason));
	return ST_INVALID_ID_NUMBER;
}

void idcard_mask(const char *number, char *buf, size_t size)
{
	if (strlen(number) != IDCARD_LENGTH) {
		snprintf(buf, size, "******************");
		return;
	}
	snprintf(buf, size, "%.6s********%.4s", number, number + 14);
}
