/*
 * paperwork.h — the certificates, contracts and inquiries an office would
 * have on file for a sample person, made through the same rules.
 */
#ifndef LIUDONG_PAPERWORK_H
#define LIUDONG_PAPERWORK_H

#include <stddef.h>

#include "core/error.h"
#include "domain/person.h"
#include "sample/sample.h"

struct paperwork_summary {
	size_t standard;     /* standard certificates issued to outflow persons */
	size_t distributed;  /* of those, handed out */
	size_t temporary;    /* temporary certificates, each with its contract */
	size_t external;     /* certificates from the hukou place recorded */
	size_t inquiries;    /* letter inquiries sent */
	size_t answered;     /* of those, answered */
};

/*
 * Gives a freshly registered sample person the paperwork drawn for it
 * (none for some), in the caller's transaction.
 */
enum status paperwork_add(const struct registry *reg, struct sample_rng *rng,
			  const struct person *p, struct paperwork_summary *summary,
			  struct error *err);

#endif
