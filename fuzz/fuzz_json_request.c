/*
 * fuzz_json_request.c — the person body of POST/PATCH /api/v1/persons.
 *
 * The input is a request body.  As the router does, it is parsed with
 * json_loadb(JSON_REJECT_DUPLICATES) and must be an object; then
 * api_person_values_or_reply turns it into person values (or answers 400
 * itself), and each value goes through person_set_field into a record.
 *
 * Rules checked besides "never crashes or leaks": a refusal is a 400 with
 * an error object {code, message, field} whose code is one of the input
 * codes; an acceptance yields only known, non-derived fields, each at most
 * once, each value NUL-terminated within PERSON_VALUE_SIZE and equal to the
 * body's string; person_set_field refuses only with an input error.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/log.h"

#define CHECK(cond)                                                                       \
	do {                                                                              \
		if (!(cond)) {                                                            \
			fprintf(stderr, "fuzz_json_request: rule broken: %s (line %d)\n", \
				#cond, __LINE__);                                         \
			abort();                                                          \
		}                                                                         \
	} while (0)

static const char *request_header(const struct http_request *req, const char *name)
{
	(void)req;
	(void)name;
	return NULL;
}

static bool is_input_code(const char *code)
{
	static const char *const codes[] = {"invalid_input", "unknown_field", "missing_field",
					    "invalid_id_number", "invalid_date",
					    "invalid_division", "invalid_code", NULL};
	for (const char *const *c = codes; *c; c++)
		if (strcmp(*c, code) == 0)
			return true;
	return false;
}

static void check_error_reply(const struct http_reply *reply)
{
	CHECK(reply->status == 400);
	CHECK(reply->body != NULL && reply->body_length == strlen(reply->body));
	json_error_t jerr;
	json_t *doc = json_loads(reply->body, 0, &jerr);
	CHECK(doc != NULL);
	json_t *error = json_object_get(doc, "error");
	CHECK(json_is_object(error));
	CHECK(json_is_string(json_object_get(error, "code")));
	CHECK(json_is_string(json_object_get(error, "message")));
	CHECK(json_is_string(json_object_get(error, "field")));
	CHECK(is_input_code(json_string_value(json_object_get(error, "code"))));
	CHECK(json_string_length(json_object_get(error, "message")) > 0);
	json_decref(doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool quiet;
	if (!quiet) {
		log_set_quiet(1);
		quiet = true;
	}
	/* The body as the server holds it: NUL-terminated, with its length. */
	char *body = malloc(size + 1);
	if (body == NULL)
		return 0;
	memcpy(body, data, size);
	body[size] = '\0';

	struct http_request req;
	struct http_reply reply;
	struct api_call call;
	memset(&req, 0, sizeof req);
	memset(&reply, 0, sizeof reply);
	memset(&call, 0, sizeof call);
	req.method = HTTP_POST;
	req.method_text = "POST";
	req.path = "/api/v1/persons";
	snprintf(req.address, sizeof req.address, "127.0.0.1");
	req.body = body;
	req.body_length = size;
	req.header = request_header;
	call.req = &req;
	call.reply = &reply;

	json_error_t jerr;
	call.body = json_loadb(body, size, JSON_REJECT_DUPLICATES, &jerr);
	if (call.body == NULL || !json_is_object(call.body)) {
		json_decref(call.body);
		free(body);
		return 0;
	}

	struct person_value values[PERSON_FIELD_COUNT];
	size_t count = SIZE_MAX;
	memset(values, 0xA5, sizeof values);
	if (!api_person_values_or_reply(&call, values, &count)) {
		check_error_reply(&reply);
	} else {
		CHECK(reply.body == NULL);
		CHECK(count == json_object_size(call.body));
		CHECK(count <= PERSON_FIELD_COUNT);
		bool seen[PERSON_FIELD_COUNT] = {false};
		struct person p;
		memset(&p, 0, sizeof p);
		for (size_t i = 0; i < count; i++) {
			enum person_field f = values[i].field;
			CHECK((unsigned)f < PERSON_FIELD_COUNT);
			CHECK(!seen[f]);
			seen[f] = true;
			const struct person_field_info *info = person_field_info(f);
			CHECK(info != NULL && !info->derived);
			CHECK(memchr(values[i].value, '\0', sizeof values[i].value) != NULL);
			json_t *member = json_object_get(call.body, info->name);
			CHECK(json_is_string(member));
			CHECK(strcmp(json_string_value(member), values[i].value) == 0);

			struct error err;
			error_clear(&err);
			enum status st = person_set_field(&p, f, values[i].value, &err);
			if (st != ST_OK) {
				CHECK(err.status == st);
				CHECK(error_http_status(st) == 400);
				CHECK(is_input_code(error_code(st)));
			}
		}
		/* Text fields stay NUL-terminated within their arrays. */
		CHECK(memchr(p.id_number, '\0', sizeof p.id_number) != NULL);
		CHECK(memchr(p.name, '\0', sizeof p.name) != NULL);
		CHECK(memchr(p.ethnicity, '\0', sizeof p.ethnicity) != NULL);
		CHECK(memchr(p.hukou_division, '\0', sizeof p.hukou_division) != NULL);
		CHECK(memchr(p.residence_division, '\0', sizeof p.residence_division) != NULL);
		CHECK(memchr(p.hukou_address, '\0', sizeof p.hukou_address) != NULL);
		CHECK(memchr(p.residence_address, '\0', sizeof p.residence_address) != NULL);
		CHECK(memchr(p.marital_status, '\0', sizeof p.marital_status) != NULL);
		CHECK(memchr(p.marriage_date, '\0', sizeof p.marriage_date) != NULL);
		CHECK(memchr(p.arrival_date, '\0', sizeof p.arrival_date) != NULL);
		CHECK(memchr(p.phone, '\0', sizeof p.phone) != NULL);
	}
	free(reply.body);
	json_decref(call.body);
	free(body);
	return 0;
}
