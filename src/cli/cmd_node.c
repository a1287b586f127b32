/*
 * cmd_node.c — `liudong node init|show`, `liudong peer add|list|remove` and
 * `liudong exchange status`: this node of the exchange between places, the
 * other nodes it talks to, and the messages under way.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "exchange/exchange.h"
#include "exchange/exchange_io.h"
#include "store/store.h"

#define PEERS_MAX 64

/* Parses long options of a subcommand into `values` (one per option); false on error. */
static bool take_options(int argc, char **argv, const struct option *options,
			 const char **values, const char *usage, int *status)
{
	int opt, index = 0;
	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+h", options, &index)) != -1) {
		if (opt == 'h') {
			fputs(usage, stdout);
			*status = CLI_OK;
			return false;
		}
		if (opt != 0) {
			*status = cli_usage_error(usage, "参数 %s 不正确", argv[optind - 1]);
			return false;
		}
		values[index] = optarg;
	}
	if (optind != argc) {
		*status = cli_usage_error(usage, "多余的参数 %s", argv[optind]);
		return false;
	}
	return true;
}

/* --- node ------------------------------------------------------------------------ */

static const char init_usage[] =
	"用法：liudong [--db 文件] node init --name 名称 --divisions 区划[,区划...]\n"
	"\n"
	"把本数据库设为信息交换网络中的一个节点：记下节点名称和负责的区划，\n"
	"并生成节点签名密钥（Ed25519）。私钥写入数据库旁的 <数据库>.node-key（权限 0600），\n"
	"公钥记入数据库，用 liudong node show 查看后交给对端登记。\n"
	"\n"
	"  --name 名称            1 至 40 个小写字母、数字或 -，如 jiayuguan\n"
	"  --divisions 区划       本节点负责的区划代码（前缀），如 620200 或 41,4101\n";

static int node_init(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{"name", required_argument, NULL, 0},
		{"divisions", required_argument, NULL, 0},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *values[3] = {NULL, NULL, NULL};
	int status = CLI_USAGE;
	if (!take_options(argc, argv, options, values, init_usage, &status))
		return status;
	if (values[0] == NULL || values[1] == NULL)
		return cli_usage_error(init_usage, "必须给出 --name 和 --divisions");
	struct exchange_node node;
	struct crypto_node_key key;
	struct workspace ws;
	struct error err;
	char path[4096];
	bool found = false;
	memset(&node, 0, sizeof node);
	error_clear(&err);
	if (!exchange_name_valid(values[0]))
		return cli_usage_error(init_usage, "节点名称只能用小写字母、数字和 -（1 至 40 个）");
	snprintf(node.name, sizeof node.name, "%s", values[0]);
	if (exchange_divisions_parse(values[1], "divisions", node.divisions, sizeof node.divisions,
				     &err) != ST_OK)
		return cli_fail(&err);
	if (!cli_open_workspace(cli, &ws))
		return CLI_FAILURE;
	struct exchange_node existing;
	enum status st = store_exchange_node_get(ws.store, &existing, &found, &err);
	if (st == ST_OK && found)
		st = error_set(&err, ST_ALREADY_INITIALIZED, "name", "本节点已经初始化过，不能重复初始化");
	exchange_node_key_path(cli->db_path, path, sizeof path);
	if (st == ST_OK && (st = crypto_node_key_create(path, &err)) == ST_OK) {
		if ((st = crypto_node_key_load(path, &key, &err)) == ST_OK) {
			memcpy(node.public_key, key.public_key, sizeof node.public_key);
			crypto_wipe(&key, sizeof key);
			st = store_exchange_node_insert(ws.store, &node, &err);
		}
		if (st != ST_OK)
			unlink(path);
	}
	if (st == ST_OK) {
		char text[EXCHANGE_PUBLIC_KEY_TEXT_SIZE];
		exchange_key_text(node.public_key, text);
		printf("节点 %s 已初始化，负责区划 %s\n公钥：%s\n私钥文件：%s\n", node.name,
		       node.divisions, text, path);
	}
	workspace_close(&ws);
	return st == ST_OK ? CLI_OK : cli_fail(&err);
}

static const char show_usage[] =
	"用法：liudong [--db 文件] node show\n"
	"\n"
	"显示本节点的名称、负责的区划和公钥（交给对端用 liudong peer add 登记）。\n";

static int node_show(struct cli *cli, int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		fputs(show_usage, stdout);
		return CLI_OK;
	}
	if (argc != 1)
		return cli_usage_error(show_usage, "node show 不需要参数");
	struct exchange_node node;
	struct crypto_node_key key;
	struct workspace ws;
	struct error err;
	error_clear(&err);
	if (!cli_open_workspace(cli, &ws))
		return CLI_FAILURE;
	enum status st = exchange_node_open(ws.store, cli->db_path, &node, &key, &err);
	if (st == ST_OK) {
		char text[EXCHANGE_PUBLIC_KEY_TEXT_SIZE];
		exchange_key_text(node.public_key, text);
		crypto_wipe(&key, sizeof key);
		printf("名称：%s\n区划：%s\n公钥：%s\n", node.name, node.divisions, text);
	}
	workspace_close(&ws);
	return st == ST_OK ? CLI_OK : cli_fail(&err);
}

static const struct cli_command node_commands[] = {
	{"init", "设为交换网络的节点：名称、负责的区划，生成节点密钥", node_init},
	{"show", "显示本节点的名称、区划和公钥", node_show},
	{NULL, NULL, NULL},
};

int cmd_node(struct cli *cli, int argc, char **argv)
{
	return cli_dispatch(cli, "node", node_commands, argc - 1, argv + 1);
}

/* --- peer ----------------------------------------------------------------------------- */

static const char add_usage[] =
	"用法：liudong [--db 文件] peer add --name 名称 --url 地址 --public-key 公钥\n"
	"                                  --divisions 区划[,区划...]\n"
	"\n"
	"登记（或更新）一个对端节点。发给它负责的区划的消息都送到它那里；\n"
	"几个对端都负责某区划时，区划前缀最长的那个负责。对端发来的消息须用这个公钥签名。\n"
	"\n"
	"  --name 名称            对端节点的名称（与对端 node show 显示的一致）\n"
	"  --url 地址             对端服务地址，如 https://10.62.1.5:8443（https 时校验证书）\n"
	"  --public-key 公钥      对端 node show 显示的公钥（64 位十六进制）\n"
	"  --divisions 区划       对端负责的区划代码（前缀），如 41 或 620100\n";

static int peer_add(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{"name", required_argument, NULL, 0},
		{"url", required_argument, NULL, 0},
		{"public-key", required_argument, NULL, 0},
		{"divisions", required_argument, NULL, 0},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *values[5] = {NULL};
	int status = CLI_USAGE;
	if (!take_options(argc, argv, options, values, add_usage, &status))
		return status;
	if (!values[0] || !values[1] || !values[2] || !values[3])
		return cli_usage_error(add_usage, "必须给出 --name、--url、--public-key 和 --divisions");
	struct exchange_peer peer;
	struct workspace ws;
	struct error err;
	memset(&peer, 0, sizeof peer);
	error_clear(&err);
	if (!exchange_name_valid(values[0]))
		return cli_usage_error(add_usage, "节点名称只能用小写字母、数字和 -（1 至 40 个）");
	if (!exchange_url_valid(values[1]))
		return cli_usage_error(add_usage, "地址应以 http:// 或 https:// 开头，不含空格");
	if (!exchange_key_parse(values[2], peer.public_key))
		return cli_usage_error(add_usage, "公钥应为 64 位十六进制数字");
	snprintf(peer.name, sizeof peer.name, "%s", values[0]);
	snprintf(peer.url, sizeof peer.url, "%s", values[1]);
	if (exchange_divisions_parse(values[3], "divisions", peer.divisions, sizeof peer.divisions,
				     &err) != ST_OK)
		return cli_fail(&err);
	if (!cli_open_workspace(cli, &ws))
		return CLI_FAILURE;
	enum status st = store_exchange_peer_put(ws.store, &peer, &err);
	if (st == ST_OK)
		printf("对端 %s 已登记：%s，负责区划 %s\n", peer.name, peer.url, peer.divisions);
	workspace_close(&ws);
	return st == ST_OK ? CLI_OK : cli_fail(&err);
}

static const char list_usage[] =
	"用法：liudong [--db 文件] peer list\n"
	"\n"
	"列出对端节点：名称、地址、负责的区划、公钥，以制表符分隔。\n";

static int peer_list(struct cli *cli, int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		fputs(list_usage, stdout);
		return CLI_OK;
	}
	if (argc != 1)
		return cli_usage_error(list_usage, "peer list 不需要参数");
	static struct exchange_peer peers[PEERS_MAX];
	struct workspace ws;
	struct error err;
	size_t count = 0;
	error_clear(&err);
	if (!cli_open_workspace(cli, &ws))
		return CLI_FAILURE;
	enum status st = store_exchange_peer_list(ws.store, peers, PEERS_MAX, &count, &err);
	for (size_t i = 0; st == ST_OK && i < count; i++) {
		char text[EXCHANGE_PUBLIC_KEY_TEXT_SIZE];
		exchange_key_text(peers[i].public_key, text);
		printf("%s\t%s\t%s\t%s\n", peers[i].name, peers[i].url, peers[i].divisions, text);
	}
	workspace_close(&ws);
	return st == ST_OK ? CLI_OK : cli_fail(&err);
}

static const char remove_usage[] =
	"用法：liudong [--db 文件] peer remove 名称\n"
	"\n"
	"删除一个对端节点：此后不再接收它的消息；发给它的待发消息留在发件箱中，\n"
	"重新登记后继续发送。\n";

static int peer_remove(struct cli *cli, int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		fputs(remove_usage, stdout);
		return CLI_OK;
	}
	if (argc != 2)
		return cli_usage_error(remove_usage, "请给出要删除的对端名称");
	struct workspace ws;
	struct error err;
	error_clear(&err);
	if (!cli_open_workspace(cli, &ws))
		return CLI_FAILURE;
	enum status st = store_exchange_peer_remove(ws.store, argv[1], &err);
	if (st == ST_OK)
		printf("对端 %s 已删除\n", argv[1]);
	workspace_close(&ws);
	return st == ST_OK ? CLI_OK : cli_fail(&err);
}

static const struct cli_command peer_commands[] = {
	{"add", "登记或更新对端节点（名称、地址、公钥、负责的区划）", peer_add},
	{"list", "列出对端节点", peer_list},
	{"remove", "删除对端节点", peer_remove},
	{NULL, NULL, NULL},
};

int cmd_peer(struct cli *cli, int argc, char **argv)
{
	return cli_dispatch(cli, "peer", peer_commands, argc - 1, argv + 1);
}

/* --- exchange status ---------------------------------------------------------------- */

static const char status_usage[] =
	"用法：liudong [--db 文件] exchange status\n"
	"\n"
	"显示发件箱：待发、已送达、失败的消息数，送达时间的中位数，\n"
	"以及最近 20 条待发或失败的消息（编号、对端、类型、尝试次数、最近的错误）。\n";

static int exchange_status(struct cli *cli, int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		fputs(status_usage, stdout);
		return CLI_OK;
	}
	if (argc != 1)
		return cli_usage_error(status_usage, "exchange status 不需要参数");
	static struct store_outbox_row rows[20];
	struct workspace ws;
	struct error err;
	int64_t counts[4], median = 0, first = 0, last = 0, delivered = 0;
	size_t count = 0;
	error_clear(&err);
	if (!cli_open_workspace(cli, &ws))
		return CLI_FAILURE;
	enum status st = store_exchange_outbox_counts(ws.store, counts, &err);
	if (st == ST_OK)
		st = store_exchange_outbox_timing(ws.store, &median, &first, &last, &delivered, &err);
	if (st == ST_OK) {
		printf("待发 %lld，已送达 %lld，失败 %lld\n", (long long)counts[1],
		       (long long)counts[2], (long long)counts[3]);
		if (delivered > 0)
			printf("送达时间中位数 %lld 毫秒；第一条入队到最后一条送达 %lld 毫秒\n",
			       (long long)median, (long long)(last - first));
	}
	for (int state = STORE_OUTBOX_QUEUED; st == ST_OK && state <= STORE_OUTBOX_FAILED;
	     state += 2) {
		st = store_exchange_outbox_list(ws.store, (enum store_outbox_state)state, 0, rows, 20,
						&count, &err);
		for (size_t i = 0; st == ST_OK && i < count; i++)
			printf("%s\t%s\t%s\t%s\t%d\t%s\n",
			       state == STORE_OUTBOX_QUEUED ? "queued" : "failed", rows[i].id,
			       rows[i].peer, rows[i].type, rows[i].attempts, rows[i].last_error);
	}
	workspace_close(&ws);
	return st == ST_OK ? CLI_OK : cli_fail(&err);
}

static const struct cli_command exchange_commands[] = {
	{"status", "发件箱：待发、已送达、失败的消息", exchange_status},
	{NULL, NULL, NULL},
};

int cmd_exchange(struct cli *cli, int argc, char **argv)
{
	return cli_dispatch(cli, "exchange", exchange_commands, argc - 1, argv + 1);
}
