/*
 * cmd_verify.c — `liudong verify PAYLOAD`: checks the signature in a
 * certificate's QR code offline, with the deployment's public key.
 *
 * Only the signature is checked: that the number is real and this
 * deployment issued it.  Whether the certificate is still in force
 * (revoked, expired) only the online page /verify/{number} can say.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/text.h"
#include "security/certsig.h"
#include "store/store.h"

#define KEY_FILE_MAX 256

static const char verify_usage[] =
	"用法：liudong verify 二维码内容 [--public-key 公钥 | --public-key-file 文件]\n"
	"      liudong [--db 文件] verify 二维码内容\n"
	"\n"
	"离线核验婚育证明二维码中的签名。二维码内容可以是完整链接\n"
	"（http://…/verify/证明编号?sig=签名），也可以是“/verify/证明编号?sig=签名”\n"
	"或“证明编号?sig=签名”。公钥用 liudong key public 得到（64 位十六进制字符）：\n"
	"  --public-key 公钥        直接给出公钥\n"
	"  --public-key-file 文件   从文件读取公钥（key public 的输出）\n"
	"两者都不给时，使用数据库（--db）所在部署的公钥。\n"
	"\n"
	"签名有效时以 0 退出；签名无效（伪造或被篡改）或内容无法识别时以 1 退出。\n"
	"离线核验只证明编号真实、由本部署签发；证明当前是否有效（已注销、已过期）\n"
	"请以在线核验页面为准。\n";

/* Reads a public key file: 64 hexadecimal digits, surrounding blanks allowed. */
static enum status read_public_key_file(const char *path,
					unsigned char out[CRYPTO_PUBLIC_KEY_SIZE],
					struct error *err)
{
	char buf[KEY_FILE_MAX];
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return error_set(err, ST_IO, "public_key_file", "无法读取公钥文件，请检查路径和权限");
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	bool failed = ferror(f) != 0;
	fclose(f);
	if (failed)
		return error_set(err, ST_IO, "public_key_file", "无法读取公钥文件");
	buf[n] = '\0';
	char key[KEY_FILE_MAX];
	if (!text_copy_trimmed(key, sizeof key, buf) ||
	    !crypto_hex_decode(key, out, CRYPTO_PUBLIC_KEY_SIZE))
		return error_set(err, ST_INVALID_INPUT, "public_key_file",
				 "公钥文件内容应为 64 位十六进制字符（liudong key public 的输出）");
	return ST_OK;
}

/* The public key of the database's deployment. */
static bool database_public_key(struct cli *cli, unsigned char out[CRYPTO_PUBLIC_KEY_SIZE])
{
	struct workspace ws;
	if (!cli_open_workspace(cli, &ws))
		return false;
	store_public_key(ws.store, out);
	workspace_close(&ws);
	return true;
}

int cmd_verify(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{"public-key", required_argument, NULL, 'k'},
		{"public-key-file", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *key_hex = NULL, *key_file = NULL;
	int opt;
	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (opt) {
		case 'k': key_hex = optarg; break;
		case 'f': key_file = optarg; break;
		case 'h': fputs(verify_usage, stdout); return CLI_OK;
		default: return cli_usage_error(verify_usage, "无法识别的参数");
		}
	}
	if (optind == argc)
		return cli_usage_error(verify_usage, "请给出二维码内容");
	if (argc - optind > 1)
		return cli_usage_error(verify_usage, "多余的参数：一次只核验一个二维码内容");
	if (key_hex != NULL && key_file != NULL)
		return cli_usage_error(verify_usage, "--public-key 和 --public-key-file 只能给一个");
	unsigned char public_key[CRYPTO_PUBLIC_KEY_SIZE];
	if (key_hex != NULL && !crypto_hex_decode(key_hex, public_key, sizeof public_key))
		return cli_usage_error(verify_usage,
				       "公钥应为 64 位十六进制字符（liudong key public 的输出）");

	struct certsig_scan scan;
	struct error err;
	error_clear(&err);
	if (certsig_parse(argv[optind], &scan, &err) != ST_OK) {
		if (scan.number[0])
			printf("证明编号：%s\n", scan.number);
		printf("无法识别的二维码内容：%s [%s]\n", err.message, err.reason);
		return CLI_FAILURE;
	}
	if (key_file != NULL) {
		if (read_public_key_file(key_file, public_key, &err) != ST_OK)
			return cli_fail(&err);
	} else if (key_hex == NULL && !database_public_key(cli, public_key)) {
		return CLI_FAILURE;
	}

	printf("证明编号：%s\n", scan.number);
	switch (certsig_check(public_key, scan.number, scan.sig)) {
	case CERTSIG_VALID:
		printf("签名有效（证明编号真实，由本部署签发）\n"
		       "提示：离线核验不能得知证明当前是否有效（是否已注销、已过期），请以在线核验页面为准。\n");
		return CLI_OK;
	case CERTSIG_FORGED:
		printf("签名无效：伪造或被篡改\n");
		return CLI_FAILURE;
	case CERTSIG_MALFORMED:
		break;
	}
	printf("无法识别的二维码内容：签名不是有效的签名编码 [bad_signature]\n");
	return CLI_FAILURE;
}
