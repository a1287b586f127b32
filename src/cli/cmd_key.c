/*
 * cmd_key.c — `liudong key public`: the deployment's public signing key,
 * which whoever checks certificate QR codes offline needs.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "security/crypto.h"
#include "store/store.h"

static const char public_usage[] =
	"用法：liudong [--db 文件] key public\n"
	"\n"
	"显示本部署的签名公钥（64 位十六进制字符，单独一行）。证明上的二维码由本部署的\n"
	"签名密钥签名，签名密钥由密钥文件（<数据库>.key）导出，随密钥文件备份和恢复。\n"
	"公钥可以公开：把它交给核验证明的单位，他们用\n"
	"  liudong verify 二维码内容 --public-key 公钥\n"
	"即可离线核验二维码，不需要数据库和密钥文件。\n";

static int key_public(struct cli *cli, int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		fputs(public_usage, stdout);
		return CLI_OK;
	}
	if (argc != 1)
		return cli_usage_error(public_usage, "key public 不需要参数");
	struct workspace ws;
	if (!cli_open_workspace(cli, &ws))
		return CLI_FAILURE;
	unsigned char public_key[CRYPTO_PUBLIC_KEY_SIZE];
	char hex[2 * CRYPTO_PUBLIC_KEY_SIZE + 1];
	store_public_key(ws.store, public_key);
	workspace_close(&ws);
	crypto_hex_encode(public_key, sizeof public_key, hex, sizeof hex);
	printf("%s\n", hex);
	return CLI_OK;
}

static const struct cli_command key_commands[] = {
	{"public", "显示本部署的签名公钥（十六进制）", key_public},
	{NULL, NULL, NULL},
};

int cmd_key(struct cli *cli, int argc, char **argv)
{
	return cli_dispatch(cli, "key", key_commands, argc - 1, argv + 1);
}
