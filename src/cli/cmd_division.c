/*
 * cmd_division.c — `liudong division show CODE` and `division children CODE`.
 */
#include <stdio.h>

#include "cli/cli.h"

static const char show_usage[] =
	"用法：liudong [--db 文件] division show 代码\n"
	"\n"
	"显示一个行政区划的代码、名称、级别、完整名称、上级和下级数量。\n"
	"代码可写有效位（6202）或补零形式（620200、620201001000）。\n";

static const char children_usage[] =
	"用法：liudong [--db 文件] division children 代码\n"
	"\n"
	"按代码顺序列出一个行政区划的直接下级（每行：代码 名称）。\n";

/* Resolves argv[1] to a division of the workspace, or reports why not. */
static const struct division *resolve_argument(struct workspace *ws, const char *input)
{
	const struct division *d = division_table_resolve(&ws->divisions, input);
	if (d == NULL) {
		struct error err;
		error_set(&err, ST_INVALID_DIVISION, "code",
			  "区划代码不在本数据库的区划表中（本库含全国县级和本市乡镇、社区）");
		cli_fail(&err);
	}
	return d;
}

/*
 * The shared start of both commands: help, one code argument, the workspace
 * and the division it names.  Returns -1 to go on (ws open, *d set), else
 * the exit status.
 */
static int open_division(struct cli *cli, int argc, char **argv, const char *usage,
			 struct workspace *ws, const struct division **d)
{
	if (cli_wants_help(argc, argv)) {
		fputs(usage, stdout);
		return CLI_OK;
	}
	if (argc != 2)
		return cli_usage_error(usage, "请给出一个区划代码");
	if (!cli_open_workspace(cli, ws))
		return CLI_FAILURE;
	*d = resolve_argument(ws, argv[1]);
	if (*d == NULL) {
		workspace_close(ws);
		return CLI_FAILURE;
	}
	return -1;
}

static int division_show(struct cli *cli, int argc, char **argv)
{
	struct workspace ws;
	const struct division *d = NULL;
	int code = open_division(cli, argc, argv, show_usage, &ws, &d);
	if (code >= 0)
		return code;
	char path[DIVISION_PATH_SIZE], parent[DIVISION_CODE_SIZE];
	division_table_path(&ws.divisions, d->code, path, sizeof path);
	printf("代码     %s\n名称     %s\n级别     %s\n完整名称 %s\n", d->code, d->name,
	       division_level_name(d->level), path);
	if (division_parent_code(d->code, parent)) {
		const struct division *up = division_table_find(&ws.divisions, parent);
		printf("上级     %s %s\n", parent, up ? up->name : "（不在区划表中）");
	}
	printf("下级数量 %zu\n", division_table_children(&ws.divisions, d->code, NULL, 0));
	workspace_close(&ws);
	return CLI_OK;
}

static int division_children(struct cli *cli, int argc, char **argv)
{
	struct workspace ws;
	const struct division *d = NULL;
	int code = open_division(cli, argc, argv, children_usage, &ws, &d);
	if (code >= 0)
		return code;
	enum { CHUNK = 4096 };
	static const struct division *children[CHUNK];
	size_t n = division_table_children(&ws.divisions, d->code, children, CHUNK);
	for (size_t i = 0; i < n && i < CHUNK; i++)
		printf("%s %s\n", children[i]->code, children[i]->name);
	if (n == 0)
		fprintf(stderr, "%s %s 在本数据库中没有下级区划\n", d->code, d->name);
	workspace_close(&ws);
	return CLI_OK;
}

static const struct cli_command division_commands[] = {
	{"show", "显示区划的名称、级别、完整名称和上级", division_show},
	{"children", "列出区划的直接下级", division_children},
	{NULL, NULL, NULL},
};

int cmd_division(struct cli *cli, int argc, char **argv)
{
	return cli_dispatch(cli, "division", division_commands, argc - 1, argv + 1);
}
