/*
 * api/health.c — liveness and metrics for operators and monitoring.
 */
#include <stdlib.h>

#include "api/api.h"
#include "http/metrics.h"
#include "store/store.h"

void api_health(struct api_call *call)
{
	api_reply(call, 200, json_pack("{s:s}", "status", "ok"));
}

void api_metrics(struct api_call *call)
{
	int64_t bytes = 0;
	struct error err;
	if (store_size_bytes(call->reg.store, &bytes, &err) != ST_OK)
		bytes = -1;
	size_t length = 0;
	char *text = metrics_render(bytes, &length);
	if (text == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	free(call->reply->body);
	call->reply->status = 200;
	call->reply->body = text;
	call->reply->body_length = length;
	call->reply->content_type = "text/plain; version=0.0.4; charset=utf-8";
}
