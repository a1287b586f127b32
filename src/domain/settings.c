/*
 * settings.c — the table of deployment settings and their checks.
 */
#include "domain/settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "domain/person.h"
#include "security/audit.h"
#include "store/store.h"

#define CONTRACT_TERMS_DEFAULT                                                                \
	"一、乙方应在本合同约定的期限内，向现居住地乡（镇）人民政府或街道办事处交验户籍所在地" \
	"乡（镇）人民政府或街道办事处出具的《流动人口婚育证明》。\n"                         \
	"二、乙方应如实提供本人婚姻、生育情况，遵守现居住地人口与计划生育管理规定，接受管理和服务。\n" \
	"三、甲方为乙方免费提供国家规定的基本项目计划生育技术服务、宣传教育、政策咨询和生殖保健服务，" \
	"并告知乙方享有的权利和应尽的义务。\n"                                                 \
	"四、甲方办理婚育证明查验、临时婚育证明等事项，不收取任何费用。\n"                    \
	"五、乙方变更居住地的，应及时告知甲方。\n"                                             \
	"六、本合同自双方签订之日起生效；乙方按期交验婚育证明后，本合同履行完毕。"

static const struct setting_info settings[SETTING__COUNT] = {
	[SETTING_CERTIFICATE_VALIDITY_MONTHS] = {"certificate_validity_months",
						 "婚育证明有效期（月，0 表示长期有效至注销）", "0",
						 0, 120, 0},
	[SETTING_INQUIRY_DUE_DAYS_NORMAL] = {"inquiry_due_days_normal", "普通函调答复期限（天）",
					     "30", 1, 365, 0},
	[SETTING_INQUIRY_DUE_DAYS_URGENT] = {"inquiry_due_days_urgent", "加急函调答复期限（天）",
					     "15", 1, 365, 0},
	[SETTING_CONTRACT_TERMS] = {"contract_terms", "管理服务合同书条款", CONTRACT_TERMS_DEFAULT,
				    0, 0, 2000},
	[SETTING_PUBLIC_URL] = {"public_url",
				"对外访问地址（二维码核验链接的前缀，如 https://ld.example.gov.cn）",
				"", 0, 0, 200},
	[SETTING_REPORT_HANDLING_DAYS] = {"report_handling_days",
					  "现场报告核实期限（天，超过即列入待办事项）", "3", 1, 60, 0},
	[SETTING_COMPLAINT_DUE_DAYS] = {"complaint_due_days", "投诉办理期限（天，自受理之日起）",
					"15", 1, 90, 0},
};

const struct setting_info *setting_info(enum setting which)
{
	return (unsigned)which < SETTING__COUNT ? &settings[which] : NULL;
}

bool setting_by_name(const char *name, enum setting *out)
{
	for (int i = 0; i < SETTING__COUNT; i++)
		if (strcmp(settings[i].name, name) == 0) {
			*out = (enum setting)i;
			return true;
		}
	return false;
}

static bool is_integer_setting(const struct setting_info *info)
{
	return info->max_chars == 0;
}

/* Text that may contain line breaks but no other control characters. */
static bool is_clean_multiline(const char *value, size_t max_chars)
{
	char line[SETTING_VALUE_SIZE];
	size_t chars = 0;
	const char *start = value;
	for (;;) {
		const char *end = strchr(start, '\n');
		size_t len = end ? (size_t)(end - start) : strlen(start);
		if (len >= sizeof line)
			return false;
		memcpy(line, start, len);
		line[len] = '\0';
		if (len > 0 && !text_is_clean(line, max_chars))
			return false;
		chars += text_char_count(line);
		if (chars > max_chars || end == NULL)
			return chars <= max_chars;
		start = end + 1;
	}
}

static bool is_base_url(const char *value)
{
	if (value[0] == '\0')
		return true;
	if (strncmp(value, "http://", 7) != 0 && strncmp(value, "https://", 8) != 0)
		return false;
	size_t len = strlen(value);
	if (value[len - 1] == '/' || strchr(value, '?') || strchr(value, '#'))
		return false;
	for (const char *c = value; *c; c++)
		if ((unsigned char)*c <= ' ' || (unsigned char)*c >= 0x7f)
			return false;
	return strlen(strchr(value, ':') + 3) > 0;
}

enum status setting_check(enum setting which, const char *value, struct error *err)
{
	const struct setting_info *info = setting_info(which);
	if (info == NULL)
		return error_set(err, ST_UNKNOWN_FIELD, "name", "没有这个设置项");
	if (is_integer_setting(info)) {
		long n = text_is_digits(value) && strlen(value) <= 6 ? strtol(value, NULL, 10) : -1;
		if (n < info->min || n > info->max)
			return error_set(err, ST_INVALID_INPUT, info->name, "%s应为 %d 到 %d 的整数",
					 info->label, info->min, info->max);
		return ST_OK;
	}
	if (which == SETTING_PUBLIC_URL && !is_base_url(value))
		return error_set(err, ST_INVALID_INPUT, info->name,
				 "对外访问地址应以 http:// 或 https:// 开头，末尾不带 /");
	if (strlen(value) >= SETTING_VALUE_SIZE || !is_clean_multiline(value, info->max_chars))
		return error_set(err, ST_INVALID_INPUT, info->name,
				 "%s不能含控制字符，且不超过 %zu 个字", info->label, info->max_chars);
	return ST_OK;
}

enum status setting_get(const struct registry *reg, enum setting which, char *buf,
			size_t size, struct error *err)
{
	const struct setting_info *info = setting_info(which);
	if (info == NULL)
		return error_set(err, ST_UNKNOWN_FIELD, "name", "没有这个设置项");
	struct error lookup;
	enum status st = store_setting_get(reg->store, info->name, buf, size, &lookup);
	if (st == ST_NOT_FOUND) {
		if (!text_copy(buf, size, info->default_value))
			return error_set(err, ST_NO_MEMORY, info->name, NULL);
		return ST_OK;
	}
	if (st != ST_OK && err)
		*err = lookup;
	return st;
}

enum status setting_get_int(const struct registry *reg, enum setting which, int *out,
			    struct error *err)
{
	char value[32];
	enum status st = setting_get(reg, which, value, sizeof value, err);
	if (st != ST_OK)
		return st;
	if ((st = setting_check(which, value, err)) != ST_OK)
		return st;
	*out = (int)strtol(value, NULL, 10);
	return ST_OK;
}

enum status setting_set(const struct registry *reg, enum setting which, const char *value,
			const char *actor, struct error *err)
{
	struct audit_entry e;
	enum status st = setting_check(which, value, err);
	if (st != ST_OK)
		return st;
	const char *name = setting_info(which)->name;
	audit_entry_init(&e, NULL, "", "setting.set", "", "ok");
	snprintf(e.object, sizeof e.object, "setting:%s", name);
	snprintf(e.username, sizeof e.username, "%s", actor);
	if ((st = store_begin(reg->store, err)) != ST_OK)
		return st;
	if ((st = store_setting_set(reg->store, name, value, err)) != ST_OK ||
	    (st = audit_write(reg->store, &e, err)) != ST_OK) {
		store_rollback(reg->store);
		return st;
	}
	return store_commit(reg->store, err);
}
