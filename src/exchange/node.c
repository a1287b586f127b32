/*
 * exchange/node.c — this node's identity: its recorded name, divisions and
 * public key, and the secret key file beside the database.
 */
#include <stdio.h>
#include <string.h>

#include "exchange/exchange.h"
#include "exchange/exchange_io.h"
#include "store/store.h"

void exchange_node_key_path(const char *db_path, char *buf, size_t size)
{
	snprintf(buf, size, "%s.node-key", db_path);
}

enum status exchange_node_open(struct store *store, const char *db_path,
			       struct exchange_node *node, struct crypto_node_key *key,
			       struct error *err)
{
	bool found = false;
	char path[4096];
	enum status st = store_exchange_node_get(store, node, &found, err);
	if (st != ST_OK)
		return st;
	if (!found)
		return error_set(err, ST_NOT_INITIALIZED, "node",
				 "本节点尚未初始化，请先运行 liudong node init");
	exchange_node_key_path(db_path, path, sizeof path);
	if ((st = crypto_node_key_load(path, key, err)) != ST_OK)
		return st;
	if (!crypto_equal(key->public_key, node->public_key, CRYPTO_PUBLIC_KEY_SIZE)) {
		crypto_wipe(key, sizeof *key);
		return error_set(err, ST_KEY_MISMATCH, "node",
				 "节点密钥文件与数据库记录的公钥不一致，请换上本节点自己的密钥文件");
	}
	return ST_OK;
}
