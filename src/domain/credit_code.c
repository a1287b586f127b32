/*
 * credit_code.c — checking unified social credit codes (GB 32100-2015).
 */
#include "domain/credit_code.h"

#include <string.h>

/* The 31 characters of the code; a character's value is its index here. */
static const char charset[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* Weights of positions 1–17: 3^(i-1) mod 31. */
static const int weights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

static const char *const reason_codes[] = {
	[CREDIT_CODE_OK] = "ok",
	[CREDIT_CODE_BAD_LENGTH] = "bad_length",
	[CREDIT_CODE_BAD_CHARACTER] = "bad_character",
	[CREDIT_CODE_BAD_CHECK_CHARACTER] = "bad_check_character",
};

static const char *const reason_messages[] = {
	[CREDIT_CODE_OK] = "统一社会信用代码正确",
	[CREDIT_CODE_BAD_LENGTH] = "统一社会信用代码应为18位，请对照营业执照或登记证书核对位数",
	[CREDIT_CODE_BAD_CHARACTER] =
		"统一社会信用代码只能由数字和大写字母组成（不含I、O、S、V、Z），第1位不能是0，"
		"第3至8位应为数字，请对照证照核对",
	[CREDIT_CODE_BAD_CHECK_CHARACTER] =
		"统一社会信用代码最后一位校验码不符，可能有字符输错，请对照证照逐位核对",
};

const char *credit_code_reason_code(enum credit_code_reason reason)
{
	return reason_codes[reason];
}

const char *credit_code_reason_message(enum credit_code_reason reason)
{
	return reason_messages[reason];
}

/* Value of an upper-case character of the set, or -1. */
static int value_of(char c)
{
	if (c == '\0')
		return -1;
	const char *at = strchr(charset, c);
	return at ? (int)(at - charset) : -1;
}

char credit_code_check_character(const char *first17)
{
	int sum = 0;
	for (int i = 0; i < 17; i++) {
		int v = value_of(first17[i]);
		if (v < 0)
			return '\0';
		sum += v * weights[i];
	}
	int check = 31 - sum % 31;
	return charset[check == 31 ? 0 : check];
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

enum credit_code_reason credit_code_parse(const char *input, char out[CREDIT_CODE_SIZE])
{
	char code[CREDIT_CODE_SIZE];
	out[0] = '\0';
	while (is_blank(*input))
		input++;
	size_t len = strlen(input);
	while (len > 0 && is_blank(input[len - 1]))
		len--;
	if (len != CREDIT_CODE_LENGTH)
		return CREDIT_CODE_BAD_LENGTH;
	for (size_t i = 0; i < len; i++) {
		char c = input[i];
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (value_of(c) < 0)
			return CREDIT_CODE_BAD_CHARACTER;
		code[i] = c;
	}
	code[len] = '\0';
	if (code[0] == '0')
		return CREDIT_CODE_BAD_CHARACTER;
	for (size_t i = 2; i < 8; i++)
		if (code[i] < '0' || code[i] > '9')
			return CREDIT_CODE_BAD_CHARACTER;
	if (credit_code_check_character(code) != code[17])
		return CREDIT_CODE_BAD_CHECK_CHARACTER;
	memcpy(out, code, sizeof code);
	return CREDIT_CODE_OK;
}

enum status credit_code_validate(const char *input, char out[CREDIT_CODE_SIZE],
				 const char *field, struct error *err)
{
	enum credit_code_reason reason = credit_code_parse(input, out);
	if (reason == CREDIT_CODE_OK)
		return ST_OK;
	error_set(err, ST_INVALID_CREDIT_CODE, field, "%s", credit_code_reason_message(reason));
	error_set_reason(err, credit_code_reason_code(reason));
	return ST_INVALID_CREDIT_CODE;
}
