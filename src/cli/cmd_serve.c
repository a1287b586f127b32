/*
 * cmd_serve.c — `liudong serve` and `liudong routes`.
 */
#include <getopt.h>
#include <stdio.h>

#include "api/api.h"
#include "cli/cli.h"
#include "core/log.h"
#include "http/server.h"

static const char serve_usage[] =
	"用法：liudong [--db 文件] serve [--listen IP:端口] [选项]\n"
	"\n"
	"提供网页和 JSON 接口服务，直到收到 SIGTERM 或 Ctrl-C：此时不再接受新连接，\n"
	"等正在处理的请求完成（最多 10 秒），写完审计记录后关闭数据库并退出。\n"
	"\n"
	"  --listen IP:端口        默认 127.0.0.1:8080；端口 0 表示自动选择\n"
	"  --tls-cert 文件          TLS 证书（PEM），与 --tls-key 一起启用 HTTPS\n"
	"  --tls-key 文件           TLS 私钥（PEM）\n"
	"  --threads 数量           工作线程数，默认为 CPU 核数\n"
	"  --max-connections 数量   最大连接数，默认 1024\n"
	"  --max-per-ip 数量        每个客户端地址的最大连接数，默认 256\n"
	"  --timeout 秒             空闲连接超时，默认 30\n"
	"  --body-limit 字节        请求体上限，默认 1048576（1 MiB），超出返回 413\n"
	"  --exchange-retry-max 秒  对端节点不通时重发间隔的上限，默认 60（从 0.25 秒起逐次加倍）\n";

static bool parse_unsigned(const char *text, long max, unsigned *out)
{
	long value;
	if (!cli_parse_count(text, max, &value) || value == 0)
		return false;
	*out = (unsigned)value;
	return true;
}

int cmd_serve(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{"listen", required_argument, NULL, 'l'},
		{"tls-cert", required_argument, NULL, 'c'},
		{"tls-key", required_argument, NULL, 'k'},
		{"threads", required_argument, NULL, 't'},
		{"max-connections", required_argument, NULL, 'm'},
		{"max-per-ip", required_argument, NULL, 'p'},
		{"timeout", required_argument, NULL, 'o'},
		{"body-limit", required_argument, NULL, 'b'},
		{"exchange-retry-max", required_argument, NULL, 'r'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct server_options o = {.listen = "127.0.0.1:8080", .db_path = cli->db_path};
	unsigned body_limit = 0;
	bool ok = true;
	int opt;
	optind = 0;
	opterr = 0;
	while (ok && (opt = getopt_long(argc, argv, "+h", options, NULL)) != -1) {
		switch (opt) {
		case 'l': o.listen = optarg; break;
		case 'c': o.tls_cert = optarg; break;
		case 'k': o.tls_key = optarg; break;
		case 't': ok = parse_unsigned(optarg, 256, &o.threads); break;
		case 'm': ok = parse_unsigned(optarg, 100000, &o.max_connections); break;
		case 'p': ok = parse_unsigned(optarg, 100000, &o.max_per_address); break;
		case 'o': ok = parse_unsigned(optarg, 3600, &o.timeout_seconds); break;
		case 'b': ok = parse_unsigned(optarg, 64L * 1024 * 1024, &body_limit); break;
		case 'r': ok = parse_unsigned(optarg, 3600, &o.exchange_retry_max_seconds); break;
		case 'h': fputs(serve_usage, stdout); return CLI_OK;
		default: ok = false; break;
		}
	}
	if (!ok)
		return cli_usage_error(serve_usage, "参数 %s 不正确", argv[optind - 1]);
	if (optind != argc)
		return cli_usage_error(serve_usage, "多余的参数");
	o.body_limit = body_limit;
	log_set_quiet(0);
	struct error err;
	error_clear(&err);
	if (server_run(&o, &err) != ST_OK)
		return cli_fail(&err);
	return CLI_OK;
}

static const char routes_usage[] =
	"用法：liudong routes\n"
	"\n"
	"列出全部接口：方法、路径、所需权限、请求体上限（字节，0 为默认）、说明，以制表符分隔。\n";

int cmd_routes(struct cli *cli, int argc, char **argv)
{
	(void)cli;
	if (cli_wants_help(argc, argv)) {
		fputs(routes_usage, stdout);
		return CLI_OK;
	}
	if (argc != 1)
		return cli_usage_error(routes_usage, "routes 不需要参数");
	for (size_t i = 0; i < api_route_count; i++) {
		const struct route *r = &api_routes[i];
		printf("%s\t%s\t%s\t%zu\t%s\n", http_method_name(r->method), r->pattern,
		       permission_name(r->permission), r->body_limit, r->summary);
	}
	return CLI_OK;
}
