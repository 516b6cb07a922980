/*
 * RSL 1.0 (RSL-SPEC-1.0, namespace https://rslstandard.org/rsl): parse with
 * xml.c's hardened parser, validate against the embedded rules/rsl.xsd, then
 * hand each <content>, <permits>, <prohibits>, <payment>, <copyright>,
 * <terms> and <legal> to the caller.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

#include "rsl.h"
#include "xml.h"

extern const unsigned char ac_rules__rsl_xsd[];
extern const size_t ac_rules__rsl_xsd_len;

#define RSL_NS "https://rslstandard.org/rsl"
#define RSL_MAX_BYTES ((size_t)1 << 20)   /* a license document, not a site map */

static xmlSchemaPtr rsl_schema;
static int rsl_schema_rc;

/* Compiled once, shared read-only by every worker (validation contexts are per call). */
static void schema_once(void)
{
  ac_error err;

  rsl_schema_rc = ac_rules__xml_schema(&rsl_schema, "rsl.xsd", ac_rules__rsl_xsd,
                                       ac_rules__rsl_xsd_len, &err);
}

static bool is_rsl(const xmlNode *n, const char *name)
{
  return n->type == XML_ELEMENT_NODE && n->ns != NULL &&
         strcmp((const char *)n->ns->href, RSL_NS) == 0 &&
         strcmp((const char *)n->name, name) == 0;
}

/* Emit one element: its text (or an attribute) as the value, an attribute as detail. */
static int term(const xmlNode *n, const char *name, const char *value_attr,
                const char *detail_attr, ac_rsl_emit emit, void *ctx)
{
  xmlChar *value = value_attr ? xmlGetProp(n, BAD_CAST value_attr) : xmlNodeGetContent(n);
  xmlChar *d = detail_attr ? xmlGetProp(n, BAD_CAST detail_attr) : NULL;
  char detail[128] = "";
  int rc;

  if (d != NULL)
    snprintf(detail, sizeof detail, "%s=%s", detail_attr, (const char *)d);
  rc = emit(ctx, name, value ? (const char *)value : "", d ? detail : NULL,
            (unsigned)xmlGetLineNo(n));
  xmlFree(value);
  xmlFree(d);
  return rc;
}

static int license_terms(const xmlNode *lic, ac_rsl_emit emit, void *ctx)
{
  int rc = 0;

  for (const xmlNode *n = lic->children; n != NULL && rc >= 0; n = n->next) {
    if (is_rsl(n, "permits"))
      rc = term(n, "rsl-permits", NULL, "type", emit, ctx);
    else if (is_rsl(n, "prohibits"))
      rc = term(n, "rsl-prohibits", NULL, "type", emit, ctx);
    else if (is_rsl(n, "payment"))
      rc = term(n, "rsl-payment", "type", NULL, emit, ctx);
    else if (is_rsl(n, "legal"))
      rc = term(n, "rsl-legal", NULL, "type", emit, ctx);
  }
  return rc;
}

static int content_terms(const xmlNode *c, ac_rsl_emit emit, void *ctx)
{
  int rc = term(c, "rsl-content", "url", NULL, emit, ctx);

  for (const xmlNode *n = c->children; n != NULL && rc >= 0; n = n->next) {
    if (is_rsl(n, "license"))
      rc = license_terms(n, emit, ctx);
    else if (is_rsl(n, "copyright"))
      rc = term(n, "rsl-copyright", NULL, NULL, emit, ctx);
    else if (is_rsl(n, "terms"))
      rc = term(n, "rsl-terms", NULL, NULL, emit, ctx);
  }
  return rc;
}

int ac_rules__rsl_read(const char *xml, size_t len, ac_rsl_emit emit, void *ctx,
                       ac_error *err)
{
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  xmlDocPtr doc = NULL;
  const xmlNode *root;
  int rc;

  pthread_once(&once, schema_once);
  if (rsl_schema_rc < 0)
    return ac_error_set(err, rsl_schema_rc, "rsl.xsd: cannot be compiled");
  rc = ac_rules__xml_parse(&doc, "rsl", xml, len, RSL_MAX_BYTES, err);
  if (rc < 0)
    return rc;
  rc = ac_rules__xml_validate(rsl_schema, doc, "rsl", "rsl.xsd", ac_rules__rsl_xsd,
                              ac_rules__rsl_xsd_len, err);
  root = xmlDocGetRootElement(doc);
  if (rc == AC_OK && root != NULL && is_rsl(root, "content"))
    rc = content_terms(root, emit, ctx);
  else if (rc == AC_OK && root != NULL)
    for (const xmlNode *n = root->children; rc >= 0 && n != NULL; n = n->next)
      if (is_rsl(n, "content"))
        rc = content_terms(n, emit, ctx);
  xmlFreeDoc(doc);
  return rc;
}
