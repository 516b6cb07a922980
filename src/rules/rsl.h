/*
 * Internal: RSL 1.0 documents (application/rsl+xml) read with the rule packs'
 * XML safety (xml.c: no network, no entities, no DTD) and validated against
 * rules/rsl.xsd. The interface has no libxml2 types: extraction hands in the
 * text and receives each term through a callback.
 */
#ifndef AC_RULES_RSL_H
#define AC_RULES_RSL_H

#include <stddef.h>

#include "attrcheck/error.h"

/**
 * One term of an RSL document: name is "rsl-content" (value: its url),
 * "rsl-permits" / "rsl-prohibits" (value: the tokens, detail: "type=usage"),
 * "rsl-payment" (value: its type), "rsl-copyright" (value: the holder),
 * "rsl-terms", "rsl-legal" (detail: "type=…"). `line` is 1-based in the XML
 * text. The strings are valid only during the call. A negative return stops.
 */
typedef int (*ac_rsl_emit)(void *ctx, const char *name, const char *value,
                           const char *detail, unsigned line);

/**
 * Parse and validate `xml`; each term goes to `emit`. Returns AC_OK,
 * AC_EINVALID (not well-formed, a DOCTYPE, or not RSL: err holds
 * "line: message", err->line the line), AC_ELIMIT, AC_ENOMEM, or what emit
 * returned.
 */
int ac_rules__rsl_read(const char *xml, size_t len, ac_rsl_emit emit, void *ctx,
                       ac_error *err);

#endif
