/*
 * Internal: safe XML for rule packs and attrcheck.xml. Documents are parsed
 * from memory with no network, no entity substitution, no DTD allowed, and SAX
 * resolvers that refuse every external entity and subset, set on each parser
 * context (never libxml2's process-wide loader or error handler); libxml2's errors
 * are collected per parse, never printed; schemas come from bytes compiled into
 * the library.
 */
#ifndef AC_RULES_XML_H
#define AC_RULES_XML_H

#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

#include "attrcheck/error.h"

/** Make sure libxml2 is set up (xmlInitParser, once); no global setting is changed. */
void ac_rules__xml_init(void);

/**
 * Parse `xml` (at most `max` bytes) into `*out` (yours: xmlFreeDoc). A DOCTYPE
 * is refused. Errors "name:line: message" with AC_EINVALID, or AC_ELIMIT.
 */
int ac_rules__xml_parse(xmlDocPtr *out, const char *name, const char *xml, size_t len,
                        size_t max, ac_error *err);

/** Compile an embedded schema; `*out` is yours (xmlSchemaFree). */
int ac_rules__xml_schema(xmlSchemaPtr *out, const char *xsd_name, const unsigned char *xsd,
                         size_t len, ac_error *err);

/**
 * Validate; "name:line: message" naming what breaks `xsd_name` (whose source
 * is `xsd`), AC_EINVALID. The message says which element or attribute was
 * expected there (ac_rules__schema_reword).
 */
int ac_rules__xml_validate(xmlSchemaPtr schema, xmlDocPtr doc, const char *name,
                           const char *xsd_name, const unsigned char *xsd, size_t xsd_len,
                           ac_error *err);

/**
 * Reword libxml2's schema validity message `msg` about `node` ("Element
 * 'failon': This element is not expected. Expected is one of ( rules, … ).")
 * as what was expected ("<failon> is not allowed in <attrcheck>; expected one
 * of <rules>, …"), reading allowed attributes from the schema source `xsd`.
 */
void ac_rules__schema_reword(char *out, size_t size, const char *msg, const xmlNode *node,
                             const unsigned char *xsd, size_t xsd_len);

/** Read a whole file of at most `max` bytes; `*out` is malloc'd. AC_EIO or AC_ELIMIT. */
int ac_rules__read_file(const char *path, size_t max, char **out, size_t *len, ac_error *err);

#endif
