/*
 * codes.c — the GB 3304 and GB/T 2261.2 tables.
 */
#include "domain/codes.h"

#include <stddef.h>
#include <string.h>

struct code_name {
	const char *code;
	const char *name;
};

static const struct code_name ethnicities[] = {
	{"01", "汉族"}, {"02", "蒙古族"}, {"03", "回族"}, {"04", "藏族"},
	{"05", "维吾尔族"}, {"06", "苗族"}, {"07", "彝族"}, {"08", "壮族"},
	{"09", "布依族"}, {"10", "朝鲜族"}, {"11", "满族"}, {"12", "侗族"},
	{"13", "瑶族"}, {"14", "白族"}, {"15", "土家族"}, {"16", "哈尼族"},
	{"17", "哈萨克族"}, {"18", "傣族"}, {"19", "黎族"}, {"20", "傈僳族"},
	{"21", "佤族"}, {"22", "畲族"}, {"23", "高山族"}, {"24", "拉祜族"},
	{"25", "水族"}, {"26", "东乡族"}, {"27", "纳西族"}, {"28", "景颇族"},
	{"29", "柯尔克孜族"}, {"30", "土族"}, {"31", "达斡尔族"}, {"32", "仫佬族"},
	{"33", "羌族"}, {"34", "布朗族"}, {"35", "撒拉族"}, {"36", "毛南族"},
	{"37", "仡佬族"}, {"38", "锡伯族"}, {"39", "阿昌族"}, {"40", "普米族"},
	{"41", "塔吉克族"}, {"42", "怒族"}, {"43", "乌孜别克族"}, {"44", "俄罗斯族"},
	{"45", "鄂温克族"}, {"46", "德昂族"}, {"47", "保安族"}, {"48", "裕固族"},
	{"49", "京族"}, {"50", "塔塔尔族"}, {"51", "独龙族"}, {"52", "鄂伦春族"},
	{"53", "赫哲族"}, {"54", "门巴族"}, {"55", "珞巴族"}, {"56", "基诺族"},
	{"97", "其他"}, {"98", "外国血统中国籍人士"},
};

static const struct code_name marital_statuses[] = {
	{"10", "未婚"}, {"20", "已婚"}, {"21", "初婚"}, {"22", "再婚"},
	{"23", "复婚"}, {"30", "丧偶"}, {"40", "离婚"}, {"90", "未说明的婚姻状况"},
};

static const char *lookup(const struct code_name *table, size_t n, const char *code)
{
	if (code == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (strcmp(table[i].code, code) == 0)
			return table[i].name;
	return NULL;
}

const char *codes_ethnicity_name(const char *code)
{
	return lookup(ethnicities, sizeof ethnicities / sizeof *ethnicities, code);
}

const char *codes_marital_status_name(const char *code)
{
	return lookup(marital_statuses, sizeof marital_statuses / sizeof *marital_statuses,
		      code);
}

bool codes_marital_status_is_married(const char *code)
{
	return code != NULL && code[0] == '2' && codes_marital_status_name(code) != NULL;
}

bool codes_marital_status_is_never_married(const char *code)
{
	return code != NULL && strcmp(code, "10") == 0;
}
