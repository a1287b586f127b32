/*
 * static.h — the web interface's files, built into the binary from web/.
 */
#ifndef LIUDONG_STATIC_H
#define LIUDONG_STATIC_H

#include <stdbool.h>

#include "http/http.h"

/*
 * Answers GET/HEAD of a web file into `reply` ("/" is index.html): its type,
 * an ETag from its content, 304 when If-None-Match names it.  False if there
 * is no such file (the caller answers 404).
 */
bool static_serve(const struct http_request *req, struct http_reply *reply);

#endif
