/*
 * api/verify.c — the certificate's QR code and the public page it links to.
 *
 * The QR code carries "<public address>/verify/<number>?sig=<signature>".
 * Anyone who scans it sees, without logging in, whether the certificate is
 * valid, expired, revoked or forged, with the holder's name masked, the
 * kind, the issuer and the validity — nothing else.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/qr.h"
#include "domain/certificate.h"
#include "domain/settings.h"
#include "security/certsig.h"

#define PAGE_SIZE 6144

/* The base of verification links: the deployment's public address, else this host. */
static bool base_url(struct api_call *call, char *buf, size_t size)
{
	struct error err;
	if (setting_get(&call->reg, SETTING_PUBLIC_URL, buf, size, &err) == ST_OK && buf[0])
		return true;
	const char *host = http_header(call->req, "Host");
	if (host == NULL || host[0] == '\0' || strlen(host) > 100)
		return false;
	for (const char *c = host; *c; c++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]", *c))
			return false;
	snprintf(buf, size, "http://%s", host);
	return true;
}

bool api_certificate_verify_url(struct api_call *call, const char *number, char *buf,
				size_t size)
{
	char base[SETTING_VALUE_SIZE];
	struct error err;
	return base_url(call, base, sizeof base) &&
	       certificate_verify_link(&call->reg, base, number, buf, size, &err) == ST_OK;
}

void api_certificate_qr(struct api_call *call)
{
	const char *number = http_param(call->req, "number");
	struct certificate *c = calloc(1, sizeof *c);
	struct person p;
	struct error err;
	char url[CERTSIG_URL_MAX], base[SETTING_VALUE_SIZE];
	char *svg = NULL;
	size_t len = 0;
	if (c == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	enum status st = certificate_get(&call->reg, number ? number : "", c, &err);
	if (st == ST_OK && (st = person_get(&call->reg, c->person_id, &p, &err)) == ST_OK &&
	    !authz_in_scope(&call->who, p.residence_division))
		st = error_set(&err, ST_NOT_FOUND, "number", "证明不存在");
	if (st == ST_OK && !certificate_number_is_ours(c->number))
		st = error_set(&err, ST_NOT_FOUND, "number", "外地出具的证明没有本系统的二维码");
	if (st == ST_OK && !base_url(call, base, sizeof base))
		st = error_set(&err, ST_INVALID_INPUT, "Host", "无法确定对外访问地址，请设置 public_url");
	if (st == ST_OK &&
	    (st = certificate_verify_link(&call->reg, base, c->number, url, sizeof url, &err)) == ST_OK)
		st = qr_svg(url, &svg, &len, &err);
	free(c);
	if (st != ST_OK) {
		api_fail(call, &err);
		return;
	}
	free(call->reply->body);
	call->reply->status = 200;
	call->reply->body = svg;
	call->reply->body_length = len;
	call->reply->content_type = "image/svg+xml";
}

/* --- the public page ---------------------------------------------------------- */

/* Text for HTML: & < > " escaped. */
static void escape_html(const char *in, char *out, size_t size)
{
	size_t used = 0;
	for (; *in && used + 7 < size; in++) {
		const char *rep = NULL;
		switch (*in) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		default: break;
		}
		if (rep) {
			memcpy(out + used, rep, strlen(rep));
			used += strlen(rep);
		} else {
			out[used++] = *in;
		}
	}
	out[used] = '\0';
}

struct verdict {
	const char *code;   /* valid, expired, revoked, forged, not_found */
	const char *title;  /* Chinese */
	const char *advice;
};

static const struct verdict VALID = {"valid", "证明有效", "该证明由本系统签发，目前有效。"};
static const struct verdict EXPIRED = {"expired", "证明已过期", "该证明已超过有效期，请持证人到签发机关办理新证明。"};
static const struct verdict REVOKED = {"revoked", "证明已注销", "该证明已注销或已补发换证，不能再使用。"};
static const struct verdict FORGED = {"forged", "证明无法核验（签名无效）", "二维码签名不正确，可能是伪造或被篡改，请与签发机关核实。"};

static void render(struct api_call *call, int status, const struct verdict *v,
		   const struct certificate *c, const char *masked_name)
{
	char *page = malloc(PAGE_SIZE);
	char number[96], issuer[CERTIFICATE_TEXT_SIZE * 2], name[PERSON_NAME_SIZE * 2];
	if (page == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	int n = snprintf(page, PAGE_SIZE,
			 "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
			 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
			 "<title>%s · 婚育证明核验</title><link rel=\"stylesheet\" href=\"/verify.css\">"
			 "</head><body><main class=\"verify verify-%s\"><h1>婚育证明核验</h1>"
			 "<p class=\"verdict\" id=\"verdict\" data-verdict=\"%s\">%s</p><p>%s</p>",
			 v->title, v->code, v->code, v->title, v->advice);
	if (c) {
		escape_html(c->number, number, sizeof number);
		escape_html(c->issuer_name, issuer, sizeof issuer);
		escape_html(masked_name, name, sizeof name);
		n += snprintf(page + n, PAGE_SIZE - (size_t)n,
			      "<dl><dt>证明编号</dt><dd>%s</dd><dt>证明种类</dt><dd>%s</dd>"
			      "<dt>持证人</dt><dd>%s</dd><dt>签发机关</dt><dd>%s</dd>"
			      "<dt>签发日期</dt><dd>%s</dd><dt>有效期至</dt><dd>%s</dd></dl>",
			      number, certificate_kind_label(c->kind), name, issuer, c->issued_on,
			      c->valid_until[0] ? c->valid_until : "长期有效（注销前）");
	}
	snprintf(page + n, PAGE_SIZE - (size_t)n,
		 "<p class=\"note\">本页只显示核验所需的信息。如有疑问，请与签发机关联系。</p>"
		 "</main></body></html>");
	free(call->reply->body);
	call->reply->status = status;
	call->reply->body = page;
	call->reply->body_length = strlen(page);
	call->reply->content_type = "text/html; charset=utf-8";
}

void api_verify_page(struct api_call *call)
{
	static const struct verdict *const verdicts[] = {
		[CERTIFICATE_VERDICT_VALID] = &VALID,
		[CERTIFICATE_VERDICT_EXPIRED] = &EXPIRED,
		[CERTIFICATE_VERDICT_REVOKED] = &REVOKED,
		[CERTIFICATE_VERDICT_FORGED] = &FORGED,
	};
	const char *number = http_param(call->req, "number");
	struct certificate *c = calloc(1, sizeof *c);
	enum certificate_verdict verdict;
	struct person p;
	struct error err;
	char object[80], masked[PERSON_NAME_SIZE];
	snprintf(object, sizeof object, "certificate:%s", number ? number : "");
	if (c == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	enum status st = certificate_verify(&call->reg, number, http_query(call->req, "sig"), c,
					    &verdict, &err);
	if (st == ST_OK && verdict != CERTIFICATE_VERDICT_FORGED)
		st = person_get(&call->reg, c->person_id, &p, &err);
	if (st != ST_OK) {
		free(c);
		api_fail(call, &err);
		return;
	}
	const struct verdict *v = verdicts[verdict];
	api_audit_read(call, "certificate.verify", object, v->code, "");
	if (verdict == CERTIFICATE_VERDICT_FORGED) {
		render(call, 200, v, NULL, "");
	} else {
		person_mask_name(p.name, masked, sizeof masked);
		render(call, 200, v, c, masked);
	}
	free(c);
}
