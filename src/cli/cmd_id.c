/*
 * cmd_id.c — `liudong id check NUMBER...`.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "domain/division_source.h"
#include "domain/idcard.h"

static const char check_usage[] =
	"用法：liudong [--db 文件] id check 号码 [号码...]\n"
	"\n"
	"逐个校验公民身份号码（GB 11643-1999），每个号码输出一行：\n"
	"  OK <18位号码> birth=YYYY-MM-DD sex=M|F region=<6位地址码> <地区名称>\n"
	"  INVALID <号码> <原因代码>\n"
	"15位旧号码自动升级为18位。地址码不在现行区划表中时，名称处显示 region_unknown。\n"
	"原因代码：bad_length、bad_character、bad_province、bad_birth_date、bad_check_character。\n"
	"有任一号码无效时退出码为 1。\n";

/* Divisions for region names: the database's if there is one, else the source files. */
static void load_divisions(struct cli *cli, struct workspace *ws, bool *have_ws,
			   struct division_table *fallback)
{
	struct error err;
	*have_ws = false;
	if (access(cli->db_path, F_OK) == 0 && workspace_open(ws, cli->db_path, &err) == ST_OK) {
		*have_ws = true;
		return;
	}
	if (division_source_read_national(cli_divisions_dir(NULL), fallback, &err) != ST_OK)
		division_table_release(fallback);
}

static bool print_check(const struct division_table *divisions, const char *input,
			const struct date *today)
{
	struct idcard card;
	enum idcard_reason reason = idcard_parse(input, today, &card);
	if (reason != IDCARD_OK) {
		printf("INVALID %.64s %s\n", input, idcard_reason_code(reason));
		return false;
	}
	char birth[DATE_TEXT_SIZE], path[DIVISION_PATH_SIZE] = "";
	date_format(&card.birth, birth, sizeof birth);
	const struct division *region = division_table_resolve(divisions, card.region);
	if (region)
		division_table_path(divisions, region->code, path, sizeof path);
	printf("OK %s birth=%s sex=%c region=%s %s\n", card.number, birth, card.sex, card.region,
	       region ? path : "region_unknown");
	return true;
}

static int id_check(struct cli *cli, int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		fputs(check_usage, stdout);
		return CLI_OK;
	}
	if (argc < 2)
		return cli_usage_error(check_usage, "请给出至少一个公民身份号码");
	struct workspace ws;
	struct division_table fallback;
	bool have_ws;
	division_table_init(&fallback);
	load_divisions(cli, &ws, &have_ws, &fallback);
	const struct division_table *divisions = have_ws ? &ws.divisions : &fallback;
	struct date today = date_today();
	bool all_valid = true;
	for (int i = 1; i < argc; i++)
		all_valid &= print_check(divisions, argv[i], &today);
	if (have_ws)
		workspace_close(&ws);
	division_table_release(&fallback);
	return all_valid ? CLI_OK : CLI_FAILURE;
}

static const struct cli_command id_commands[] = {
	{"check", "校验公民身份号码，给出出生日期、性别和地区", id_check},
	{NULL, NULL, NULL},
};

int cmd_id(struct cli *cli, int argc, char **argv)
{
	return cli_dispatch(cli, "id", id_commands, argc - 1, argv + 1);
}
