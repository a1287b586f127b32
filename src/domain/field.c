/*
 * field.c — checks of single values shared by the registry's records.
 */
#include "domain/field.h"

#include "core/text.h"

enum status field_text(const char *value, const char *field, const char *label,
		       size_t min_chars, size_t max_chars, struct error *err)
{
	if (value[0] == '\0')
		return min_chars > 0 ? error_set(err, ST_MISSING_FIELD, field, "请填写%s", label)
				     : ST_OK;
	if (text_is_clean(value, max_chars) && text_char_count(value) >= min_chars)
		return ST_OK;
	if (min_chars <= 1)
		return error_set(err, ST_INVALID_INPUT, field, "%s不能含控制字符，且不超过 %zu 个字",
				 label, max_chars);
	return error_set(err, ST_INVALID_INPUT, field, "%s应为 %zu 到 %zu 个字，不能含控制字符",
			 label, min_chars, max_chars);
}

enum status field_past_date(const char *value, bool required, const char *earliest,
			    const struct date *today, const char *field, const char *label,
			    struct date *out, struct error *err)
{
	if (value[0] == '\0') {
		if (required)
			return error_set(err, ST_MISSING_FIELD, field, "请填写%s", label);
		*out = *today;
		return ST_OK;
	}
	if (!date_parse(value, out))
		return error_set(err, ST_INVALID_DATE, field, "%s应为真实日期，格式如 2026-11-29",
				 label);
	if (date_compare(out, today) > 0)
		return error_set(err, ST_INVALID_DATE, field, "%s不能晚于今天", label);
	struct date first;
	if (earliest && date_parse(earliest, &first) && date_compare(out, &first) < 0)
		return error_set(err, ST_INVALID_DATE, field, "%s不能早于 %s", label, earliest);
	return ST_OK;
}

enum status field_phone(const char *value, const char *field, struct error *err)
{
	size_t digits = 0;
	for (const char *c = value; *c; c++) {
		if (*c >= '0' && *c <= '9')
			digits++;
		else if (*c != '-' && *c != '+' && *c != ' ')
			digits = 99;
	}
	if (value[0] && (digits < 5 || digits > 20))
		return error_set(err, ST_INVALID_INPUT, field,
				 "联系电话应为 5 到 20 位数字，可含空格、+ 和 -，如 13909371234 或 0937-6221234");
	return ST_OK;
}
