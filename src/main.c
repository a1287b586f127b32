/*
 * main.c — the `liudong` program: one table of subcommands.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "core/log.h"

static const struct cli_command commands[] = {
	{"init", "创建数据库并载入全国县级和本市乡镇、社区（村）区划", cmd_init},
	{"demo", "创建嘉峪关市演示数据库（含示例流动人口档案）", cmd_demo},
	{"id", "校验公民身份号码（id check 号码...）", cmd_id},
	{"person", "流动人口档案：登记、查看、查询、修改、历史", cmd_person},
	{"division", "查看行政区划及其下级区划", cmd_division},
	{"due", "待办事项：按类别统计并列出应办的事（催交证明、到期、逾期……）", cmd_due},
	{"stats", "统计：人员、持证率、函调和投诉办理、月度趋势（按区划）", cmd_stats},
	{"backup", "在线备份数据库（服务运行时也可一致备份）", cmd_backup},
	{"check", "检查数据库完整性、外键和加密字段", cmd_check},
	{"serve", "启动网页和接口服务（默认 127.0.0.1:8080）", cmd_serve},
	{"routes", "列出全部接口及所需权限", cmd_routes},
	{"user", "登录用户：新建、停用、重设密码、解锁、列表", cmd_user},
	{"token", "为程序创建接口令牌", cmd_token},
	{"audit", "校验审计记录的哈希链", cmd_audit},
	{"register", "导出建筑企业流动人口登记册（CSV 或 XLSX）", cmd_register},
	{"import", "从 WIS 导出文件或表格（CSV、XLSX）批量导入档案", cmd_import},
	{"export", "导出档案或待办事项（CSV 或 XLSX）：export persons|worklist", cmd_export},
	{"setting", "部署设置：证明有效期、函调期限、合同条款、对外访问地址", cmd_setting},
	{"key", "显示本部署的签名公钥（供离线核验证明二维码）", cmd_key},
	{"node", "信息交换网络：初始化本节点、显示节点名称和公钥", cmd_node},
	{"peer", "信息交换网络：登记、列出、删除对端节点", cmd_peer},
	{"exchange", "信息交换网络：发件箱状态", cmd_exchange},
	{"verify", "离线核验证明上的二维码签名", cmd_verify},
	{NULL, NULL, NULL},
};

int main(int argc, char **argv)
{
	struct cli cli = {0};
	log_set_quiet(1);
	/* Databases, WAL files and backups hold personal data: private to the owner. */
	umask(077);
	const char *env_db = getenv("LIUDONG_DB");
	cli.db_path = env_db && env_db[0] ? env_db : "liudong.db";

	argc = cli_take_db_option(&cli, argc, argv);
	if (argc < 0) {
		fprintf(stderr, "错误：--db 后面需要数据库文件路径 [usage]\n");
		return CLI_USAGE;
	}
	if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
		printf("liudong %s\n", LIUDONG_VERSION);
		return CLI_OK;
	}
	return cli_dispatch(&cli, "", commands, argc - 1, argv + 1);
}
