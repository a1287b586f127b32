/*
 * cmd_person.c — `liudong person add|show|find|update|history`.
 *
 * Fields are given as name=value with the API's field names, so that the
 * command line, the API and the import speak the same words.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "domain/codes.h"

#define FIELDS_HELP                                                                      \
	"字段（名称=值）：\n"                                                            \
	"  id_number           公民身份号码（必填；15位自动升级，性别和出生日期自动得出）\n" \
	"  name                姓名（必填）\n"                                           \
	"  flow                流动类型（必填）：inflow 流入 / outflow 流出\n"            \
	"  hukou_division      户籍地区划代码（必填，县级或更细，如 410102）\n"           \
	"  hukou_address       户籍地详细地址\n"                                         \
	"  residence_division  现居住社区（村）代码（必填，本市12位代码）\n"             \
	"  residence_address   现居住地详细地址\n"                                       \
	"  management          管理状态：floating 流动管理（默认）/ resident 转为常住管理\n" \
	"                      / handed_over 已移交 / left 已离开\n"                      \
	"  ethnicity           民族代码（GB 3304，如 01 汉族、03 回族）\n"                \
	"  marital_status      婚姻状况代码（GB/T 2261.2：10 未婚、20 已婚、21 初婚、\n"  \
	"                      22 再婚、23 复婚、30 丧偶、40 离婚、90 未说明）\n"         \
	"  marriage_date       初婚（结婚）日期 YYYY-MM-DD\n"                           \
	"  arrival_date        流入（流出）日期 YYYY-MM-DD\n"                            \
	"  phone               联系电话\n"

static const char add_usage[] =
	"用法：liudong [--db 文件] person add 字段=值 ...\n"
	"\n"
	"登记一份流动人口档案。同一身份号码只能有一份档案；姓名、出生日期和户籍县\n"
	"相同而号码不同的，登记后标为疑似重复并列出已有档案。\n"
	"\n" FIELDS_HELP
	"\n例：liudong person add id_number=410102199003072313 name=张伟 flow=inflow \\\n"
	"      hukou_division=410102 residence_division=620201001001\n";

static const char show_usage[] =
	"用法：liudong [--db 文件] person show 档案编号\n"
	"      liudong [--db 文件] person show --id-number 公民身份号码\n"
	"\n"
	"显示一份档案的全部字段。\n";

static const char find_usage[] =
	"用法：liudong [--db 文件] person find [条件...]\n"
	"\n"
	"按条件查询档案（条件同时满足），按档案编号排序分页显示，身份号码脱敏。\n"
	"\n"
	"  --id-number 号码     公民身份号码（精确）\n"
	"  --name 姓名          姓名（前缀匹配，如“张”）\n"
	"  --division 代码      现居住地在此区划内（任一级：市、乡镇街道、社区村）\n"
	"  --flow 类型          inflow 或 outflow\n"
	"  --management 状态    floating、resident、handed_over 或 left\n"
	"  --limit 条数         每页条数，默认 20，最多 500\n"
	"  --after 档案编号     从此编号之后开始（翻页用上一页给出的值）\n";

static const char update_usage[] =
	"用法：liudong [--db 文件] person update 档案编号 --version 版本 字段=值 ...\n"
	"\n"
	"修改档案。--version 是修改所依据的版本（person show 显示）；档案在此期间\n"
	"被他人改过时拒绝修改（version_conflict），不会覆盖他人的修改。\n"
	"只写要改的字段；清空某个可选字段请写“字段=”。每个改动的字段都记入历史。\n"
	"\n" FIELDS_HELP;

static const char history_usage[] =
	"用法：liudong [--db 文件] person history 档案编号\n"
	"\n"
	"按时间顺序列出档案的全部变更：时间、版本、操作人、字段、原值、新值。\n";

/* Parses name=value arguments into values; prints the error and returns false. */
static bool parse_values(char **args, int count, struct person_value *values, size_t *n)
{
	struct error err;
	*n = 0;
	for (int i = 0; i < count; i++) {
		char *eq = strchr(args[i], '=');
		if (eq == NULL || eq == args[i]) {
			error_set(&err, ST_USAGE, "", "参数应写成 字段=值，如 name=张伟");
			cli_fail(&err);
			return false;
		}
		*eq = '\0';
		enum person_field field;
		if (!person_field_by_name(args[i], &field)) {
			error_set(&err, ST_UNKNOWN_FIELD, "", "没有字段“%.40s”，请用 --help 查看字段列表",
				  args[i]);
			cli_fail(&err);
			return false;
		}
		if (*n >= PERSON_FIELD_COUNT) {
			error_set(&err, ST_INVALID_INPUT, args[i], "字段重复");
			cli_fail(&err);
			return false;
		}
		values[*n].field = field;
		if (strlen(eq + 1) >= sizeof values[*n].value) {
			error_set(&err, ST_INVALID_INPUT, args[i], "值过长");
			cli_fail(&err);
			return false;
		}
		memcpy(values[*n].value, eq + 1, strlen(eq + 1) + 1);
		(*n)++;
	}
	return true;
}

/* A field's value for people: codes with their names, divisions with their path. */
static void display_value(const struct workspace *ws, enum person_field field, const char *value,
			  char *buf, size_t size)
{
	const char *name = NULL;
	char path[DIVISION_PATH_SIZE];
	enum person_flow flow;
	enum person_management management;
	switch (field) {
	case PERSON_SEX:
		name = value[0] == 'M' ? "男" : value[0] == 'F' ? "女" : NULL;
		break;
	case PERSON_ETHNICITY: name = codes_ethnicity_name(value); break;
	case PERSON_MARITAL_STATUS: name = codes_marital_status_name(value); break;
	case PERSON_FLOW:
		name = person_flow_parse(value, &flow) ? person_flow_label(flow) : NULL;
		break;
	case PERSON_MANAGEMENT:
		name = person_management_parse(value, &management) ? person_management_label(management)
								  : NULL;
		break;
	case PERSON_HUKOU_DIVISION:
	case PERSON_RESIDENCE_DIVISION:
		division_table_path(&ws->divisions, value, path, sizeof path);
		name = path[0] ? path : NULL;
		break;
	default: break;
	}
	if (name && value[0])
		snprintf(buf, size, "%s（%s）", value, name);
	else
		snprintf(buf, size, "%s", value);
}

/* Prints text padded to `columns` display columns (two per CJK character). */
static void print_padded(const char *text, size_t columns)
{
	size_t width = 0;
	for (const unsigned char *c = (const unsigned char *)text; *c; c++)
		if ((*c & 0xC0) != 0x80)
			width += *c < 0x80 ? 1 : 2;
	fputs(text, stdout);
	for (; width < columns; width++)
		putchar(' ');
}

static void print_label(const char *label, size_t columns)
{
	fputs("  ", stdout);
	print_padded(label, columns);
}

static void print_person(const struct workspace *ws, const struct person *p)
{
	char created[32], updated[32];
	printf("档案编号 %lld  版本 %lld%s\n", (long long)p->id, (long long)p->version,
	       p->possible_duplicate ? "  【疑似重复，请核实】" : "");
	for (int f = 0; f < PERSON_FIELD_COUNT; f++) {
		char value[PERSON_VALUE_SIZE], shown[PERSON_VALUE_SIZE + DIVISION_PATH_SIZE];
		person_field_text(p, (enum person_field)f, value, sizeof value);
		display_value(ws, (enum person_field)f, value, shown, sizeof shown);
		print_label(person_field_info((enum person_field)f)->label, 18);
		printf(" %s\n", shown);
	}
	cli_format_time(p->created_at, created, sizeof created);
	cli_format_time(p->updated_at, updated, sizeof updated);
	print_label("建档时间", 18);
	printf(" %s\n", created);
	print_label("最后修改", 18);
	printf(" %s\n", updated);
}

static int person_add(struct cli *cli, int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		fputs(add_usage, stdout);
		return CLI_OK;
	}
	if (argc < 2)
		return cli_usage_error(add_usage, "请给出档案字段");
	struct person_value values[PERSON_FIELD_COUNT];
	size_t n;
	if (!parse_values(argv + 1, argc - 1, values, &n))
		return CLI_USAGE;
	struct workspace ws;
	if (!cli_open_workspace(cli, &ws))
		return CLI_FAILURE;
	struct person p;
	struct person_create_result result;
	struct error err;
	error_clear(&err);
	enum status st = person_create(&ws.registry, values, n, cli_actor(), &p, &result, &err);
	if (st == ST_OK) {
		printf("已登记：档案编号 %lld，版本 %lld\n", (long long)p.id, (long long)p.version);
		for (size_t i = 0; i < result.similar_count; i++)
			printf("注意：与档案 %lld 姓名、出生日期、户籍县相同，已标为疑似重复，请核实\n",
			       (long long)result.similar_ids[i]);
	}
	workspace_close(&ws);
	return st == ST_OK ? CLI_OK : cli_fail(&err);
}

static int person_show(struct cli *cli, int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		fputs(show_usage, stdout);
		return CLI_OK;
	}
	int64_t id = 0;
	const char *id_number = NULL;
	if (argc == 3 && strcmp(argv[1], "--id-number") == 0)
		id_number = argv[2];
	else if (argc != 2 || !cli_parse_id(argv[1], &id))
		return cli_usage_error(show_usage, "请给出档案编号（正整数）或 --id-number 号码");
	struct workspace ws;
	if (!cli_open_workspace(cli, &ws))
		return CLI_FAILURE;
	struct person p;
	struct error err;
	error_clear(&err);
	enum status st = id_number ? person_get_by_id_number(&ws.registry, id_number, &p, &err)
				   : person_get(&ws.registry, id, &p, &err);
	if (st == ST_OK)
		print_person(&ws, &p);
	workspace_close(&ws);
	return st == ST_OK ? CLI_OK : cli_fail(&err);
}

/* Fills a query from find's options; prints the usage error and returns false. */
static bool parse_query(int argc, char **argv, struct person_query *q, int *exit_code)
{
	static const struct option options[] = {
		{"id-number", required_argument, NULL, 'i'},
		{"name", required_argument, NULL, 'n'},
		{"division", required_argument, NULL, 'd'},
		{"flow", required_argument, NULL, 'f'},
		{"management", required_argument, NULL, 'm'},
		{"limit", required_argument, NULL, 'l'},
		{"after", required_argument, NULL, 'a'},
		{NULL, 0, NULL, 0},
	};
	int opt, which = -1;
	long number;
	memset(q, 0, sizeof *q);
	optind = 0;
	opterr = 0;
	*exit_code = CLI_USAGE;
	while ((opt = getopt_long(argc, argv, "+", options, &which)) != -1) {
		bool ok = true;
		switch (opt) {
		case 'i': ok = snprintf(q->id_number, sizeof q->id_number, "%s", optarg) < (int)sizeof q->id_number; break;
		case 'n': ok = snprintf(q->name_prefix, sizeof q->name_prefix, "%s", optarg) < (int)sizeof q->name_prefix; break;
		case 'd': ok = snprintf(q->division, sizeof q->division, "%s", optarg) < (int)sizeof q->division; break;
		case 'f': ok = person_flow_parse(optarg, &q->flow); break;
		case 'm': ok = person_management_parse(optarg, &q->management); break;
		case 'l':
			ok = cli_parse_count(optarg, PERSON_PAGE_MAX, &number) && number > 0;
			q->limit = (size_t)number;
			break;
		case 'a': ok = cli_parse_id(optarg, &q->after_id); break;
		default: ok = false; break;
		}
		if (!ok) {
			if (opt == '?' || which < 0)
				cli_usage_error(find_usage, "无法识别的参数");
			else
				cli_usage_error(find_usage, "参数 --%s 的值不正确", options[which].name);
			return false;
		}
		which = -1;
	}
	if (optind != argc) {
		cli_usage_error(find_usage, "多余的参数");
		return false;
	}
	return true;
}

static void print_row(const struct workspace *ws, const struct person *p)
{
	char masked[IDCARD_MASKED_SIZE], path[DIVISION_PATH_SIZE];
	idcard_mask(p->id_number, masked, sizeof masked);
	division_table_path(&ws->divisions, p->residence_division, path, sizeof path);
	printf("%-8lld %s ", (long long)p->id, masked);
	print_padded(p->name, 12);
	printf(" %s %s %s ", p->sex == 'M' ? "男" : "女", p->birth_date, person_flow_label(p->flow));
	print_padded(person_management_label(p->management), 12);
	printf(" %s%s\n", path, p->possible_duplicate ? " 【疑似重复】" : "");
}

static int person_find(struct cli *cli, int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		fputs(find_usage, stdout);
		return CLI_OK;
	}
	struct person_query q;
	int code;
	if (!parse_query(argc, argv, &q, &code))
		return code;
	struct workspace ws;
	if (!cli_open_workspace(cli, &ws))
		return CLI_FAILURE;
	struct error err;
	error_clear(&err);
	enum status st = person_query_prepare(&ws.registry, &q, &err);
	static struct person rows[PERSON_PAGE_MAX + 1];
	size_t count = 0;
	bool more = false;
	if (st == ST_OK)
		st = person_search(&ws.registry, &q, rows, &count, &more, &err);
	if (st == ST_OK) {
		for (size_t i = 0; i < count; i++)
			print_row(&ws, &rows[i]);
		printf("本页 %zu 条%s", count, more ? "，还有下一页：" : "\n");
		if (more)
			printf("加上 --after %lld 查看\n", (long long)rows[count - 1].id);
	}
	workspace_close(&ws);
	return st == ST_OK ? CLI_OK : cli_fail(&err);
}

static int person_update_command(struct cli *cli, int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		fputs(update_usage, stdout);
		return CLI_OK;
	}
	int64_t id, version = 0;
	if (argc < 2 || !cli_parse_id(argv[1], &id))
		return cli_usage_error(update_usage, "请给出档案编号（正整数）");
	int first_value = 2;
	if (argc >= 4 && strcmp(argv[2], "--version") == 0) {
		if (!cli_parse_id(argv[3], &version))
			return cli_usage_error(update_usage, "版本应为正整数");
		first_value = 4;
	} else if (argc >= 3 && strncmp(argv[2], "--version=", 10) == 0) {
		if (!cli_parse_id(argv[2] + 10, &version))
			return cli_usage_error(update_usage, "版本应为正整数");
		first_value = 3;
	}
	if (version == 0)
		return cli_usage_error(update_usage, "请用 --version 给出修改所依据的版本");
	if (first_value >= argc)
		return cli_usage_error(update_usage, "请给出要修改的字段");
	struct person_value values[PERSON_FIELD_COUNT];
	size_t n;
	if (!parse_values(argv + first_value, argc - first_value, values, &n))
		return CLI_USAGE;
	struct workspace ws;
	if (!cli_open_workspace(cli, &ws))
		return CLI_FAILURE;
	struct person p;
	size_t changed = 0;
	struct error err;
	error_clear(&err);
	enum status st = person_update(&ws.registry, id, version, values, n, cli_actor(), &p,
				       &changed, &err);
	if (st == ST_OK && changed == 0)
		printf("没有变化：档案编号 %lld 仍为版本 %lld\n", (long long)p.id, (long long)p.version);
	else if (st == ST_OK)
		printf("已修改 %zu 个字段：档案编号 %lld，现为版本 %lld\n", changed, (long long)p.id,
		       (long long)p.version);
	workspace_close(&ws);
	return st == ST_OK ? CLI_OK : cli_fail(&err);
}

struct history_printer {
	const struct workspace *ws;
	size_t rows;
};

static bool print_history_row(const struct person_history_entry *e, void *ctx)
{
	struct history_printer *printer = ctx;
	char when[32];
	cli_format_time(e->changed_at, when, sizeof when);
	printer->rows++;
	if (e->field == PERSON_FIELD_COUNT) {
		printf("%s  版本 %-3lld %-16s 登记建档\n", when, (long long)e->version, e->actor);
		return true;
	}
	char old_shown[PERSON_VALUE_SIZE + DIVISION_PATH_SIZE];
	char new_shown[PERSON_VALUE_SIZE + DIVISION_PATH_SIZE];
	display_value(printer->ws, e->field, e->old_value, old_shown, sizeof old_shown);
	display_value(printer->ws, e->field, e->new_value, new_shown, sizeof new_shown);
	printf("%s  版本 %-3lld %-16s %s：%s → %s\n", when, (long long)e->version, e->actor,
	       person_field_info(e->field)->label, old_shown[0] ? old_shown : "（空）",
	       new_shown[0] ? new_shown : "（空）");
	return true;
}

static int person_history_command(struct cli *cli, int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		fputs(history_usage, stdout);
		return CLI_OK;
	}
	int64_t id;
	if (argc != 2 || !cli_parse_id(argv[1], &id))
		return cli_usage_error(history_usage, "请给出档案编号（正整数）");
	struct workspace ws;
	if (!cli_open_workspace(cli, &ws))
		return CLI_FAILURE;
	struct history_printer printer = {&ws, 0};
	struct error err;
	error_clear(&err);
	enum status st = person_history(&ws.registry, id, print_history_row, &printer, &err);
	workspace_close(&ws);
	return st == ST_OK ? CLI_OK : cli_fail(&err);
}

static const struct cli_command person_commands[] = {
	{"add", "登记一份档案（字段=值）", person_add},
	{"show", "显示一份档案", person_show},
	{"find", "按身份号码、姓名、区划、流动类型、管理状态查询", person_find},
	{"update", "修改档案（需给出所依据的版本）", person_update_command},
	{"history", "显示档案的变更历史", person_history_command},
	{NULL, NULL, NULL},
};

int cmd_person(struct cli *cli, int argc, char **argv)
{
	return cli_dispatch(cli, "person", person_commands, argc - 1, argv + 1);
}
