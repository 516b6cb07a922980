/* Safe XML reading shared by rule packs and the configuration file. */
#include "xml.h"
#include "../util/file.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

/* The first error libxml2 reports, with its line. */
typedef struct xml_errors {
  bool set;
  int line;
  const xmlNode *node;     /* the element a schema error is about, when known */
  char msg[400];
} xml_errors;

static void collect_error(void *ctx, xmlErrorPtr e)
{
  xml_errors *c = ctx;
  size_t n;

  if (c == NULL || e == NULL || c->set || e->level == XML_ERR_WARNING)
    return;
  c->set = true;
  c->line = e->line;
  c->node = e->node;
  snprintf(c->msg, sizeof c->msg, "%s", e->message ? e->message : "invalid XML");
  n = strlen(c->msg);
  while (n > 0 && (c->msg[n - 1] == '\n' || c->msg[n - 1] == ' '))
    c->msg[--n] = '\0';
}

/* Parser errors reach this parse's own collector through the context (_private), so
 * the thread's structured error handler, which an embedder may have set, is not touched. */
static void collect_parser_error(void *ctx, xmlErrorPtr e)
{
  xmlParserCtxtPtr ctxt = ctx;

  collect_error(ctxt != NULL ? ctxt->_private : NULL, e);
}

/*
 * Our XML is data: no external entity, DTD or schema may be fetched, ever. These
 * replace the SAX resolvers of one parser context only; libxml2 2.9 (Debian
 * bookworm) has no per-context resource loader, and the process-wide
 * xmlSetExternalEntityLoader would change every other libxml2 user in the program.
 */
static xmlParserInputPtr refuse_entity(void *ctx, const xmlChar *public_id,
                                       const xmlChar *system_id)
{
  (void)ctx;
  (void)public_id;
  (void)system_id;
  return NULL;
}

static void refuse_subset(void *ctx, const xmlChar *name, const xmlChar *external_id,
                          const xmlChar *system_id)
{
  (void)ctx;
  (void)name;
  (void)external_id;
  (void)system_id;
}

static void xml_init_once(void)
{
  xmlInitParser();
}

void ac_rules__xml_init(void)
{
  static pthread_once_t once = PTHREAD_ONCE_INIT;

  pthread_once(&once, xml_init_once);
}

static int xml_fail(ac_error *err, const char *name, const xml_errors *c, const char *what)
{
  if (c->set)
    return ac_error_set_file(err, AC_EINVALID, name, (unsigned)c->line, 0, "%s", c->msg);
  return ac_error_set_file(err, AC_EINVALID, name, 0, 0, "%s", what);
}

/* libxml2 keeps no line for the DOCTYPE node: count the lines before "<!DOCTYPE". */
static int doctype_line(const char *xml, size_t len)
{
  int line = 1;

  for (size_t i = 0; i < len; i++) {
    if (xml[i] == '\n')
      line++;
    else if (xml[i] == '<' && len - i >= 9 && memcmp(xml + i, "<!DOCTYPE", 9) == 0)
      return line;
  }
  return 1;
}

/*
 * libxml2 2.9 checks each attribute of a start tag against all the earlier
 * ones (xmlParseStartTag2): 300,000 attributes in a 3 MB pack take minutes of
 * CPU, and our schemas allow no element more than a handful. So a linear scan
 * counts the attributes of every start tag ('=' outside quotes) and refuses
 * more than this before libxml2 sees the text. Comments, CDATA and processing
 * instructions are skipped whole; anything the scan misreads, libxml2 refuses.
 */
#define MAX_ATTRIBUTES 256

/* The end of the markup construct opened at xml[i] == '<' that `close` ends, or len. */
static size_t skip_past(const char *xml, size_t len, size_t i, const char *close)
{
  size_t n = strlen(close);

  for (; i + n <= len; i++)
    if (memcmp(xml + i, close, n) == 0)
      return i + n;
  return len;
}

/* The line of the first start tag with more than MAX_ATTRIBUTES attributes, or 0. */
static int too_many_attributes(const char *xml, size_t len)
{
  int line = 1;

  for (size_t i = 0; i < len; i++) {
    if (xml[i] == '\n')
      line++;
    if (xml[i] != '<')
      continue;
    if (len - i >= 4 && memcmp(xml + i, "<!--", 4) == 0)
      i = skip_past(xml, len, i + 4, "-->") - 1;
    else if (len - i >= 9 && memcmp(xml + i, "<![CDATA[", 9) == 0)
      i = skip_past(xml, len, i + 9, "]]>") - 1;
    else if (len - i >= 2 && xml[i + 1] == '?')
      i = skip_past(xml, len, i + 2, "?>") - 1;
    else {
      unsigned n = 0;
      char quote = 0;
      for (i++; i < len && (quote != 0 || xml[i] != '>'); i++) {
        if (xml[i] == '\n')
          line++;
        if (quote != 0)
          quote = xml[i] == quote ? 0 : quote;
        else if (xml[i] == '"' || xml[i] == '\'')
          quote = xml[i];
        else if (xml[i] == '=' && ++n > MAX_ATTRIBUTES)
          return line;
      }
    }
  }
  return 0;
}

int ac_rules__xml_parse(xmlDocPtr *out, const char *name, const char *xml, size_t len,
                        size_t max, ac_error *err)
{
  int crowded;

  xml_errors c = {0};
  xmlParserCtxtPtr ctxt;
  xmlDocPtr doc;

  *out = NULL;
  ac_rules__xml_init();
  if (len > max)
    return ac_error_set_file(err, AC_ELIMIT, name, 0, 0, "larger than %zu bytes", max);
  crowded = too_many_attributes(xml, len);
  if (crowded != 0)
    return ac_error_set_file(err, AC_ELIMIT, name, (unsigned)crowded, 0,
                             "more than %d attributes on one element", MAX_ATTRIBUTES);
  ctxt = xmlNewParserCtxt();
  if (ctxt == NULL)
    return ac_error_set_file(err, AC_ENOMEM, name, 0, 0, "out of memory");
  ctxt->_private = &c;
  ctxt->sax->serror = collect_parser_error;
  ctxt->sax->resolveEntity = refuse_entity;
  ctxt->sax->externalSubset = refuse_subset;
  /* No XML_PARSE_NOENT (no entity substitution) and no DTDLOAD: nothing is loaded. */
  doc = xmlCtxtReadMemory(ctxt, xml, (int)len, name, NULL,
                          XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOWARNING);
  xmlFreeParserCtxt(ctxt);
  if (doc == NULL || c.set) {
    xmlFreeDoc(doc);
    return xml_fail(err, name, &c, "not well-formed XML");
  }
  /* No use for a DTD; refusing it rules out entity tricks (billion laughs, XXE). */
  if (doc->intSubset != NULL || doc->extSubset != NULL) {
    int line = doctype_line(xml, len);
    xmlFreeDoc(doc);
    return ac_error_set_file(err, AC_EINVALID, name, (unsigned)line, 0,
                             "a DOCTYPE is not allowed here");
  }
  *out = doc;
  return AC_OK;
}

int ac_rules__xml_schema(xmlSchemaPtr *out, const char *xsd_name, const unsigned char *xsd,
                         size_t len, ac_error *err)
{
  xml_errors c = {0};
  xmlSchemaParserCtxtPtr pc;

  ac_rules__xml_init();
  pc = xmlSchemaNewMemParserCtxt((const char *)xsd, (int)len);
  if (pc == NULL)
    return ac_error_set_file(err, AC_ENOMEM, xsd_name, 0, 0, "out of memory");
  xmlSchemaSetParserStructuredErrors(pc, collect_error, &c);
  *out = xmlSchemaParse(pc);
  xmlSchemaFreeParserCtxt(pc);
  if (*out == NULL)
    return ac_error_set_file(err, AC_ERROR, xsd_name, (unsigned)(c.line), 0, "%s",
                             c.set ? c.msg : "cannot compile the schema");
  return AC_OK;
}

int ac_rules__xml_validate(xmlSchemaPtr schema, xmlDocPtr doc, const char *name,
                           const char *xsd_name, const unsigned char *xsd, size_t xsd_len,
                           ac_error *err)
{
  xml_errors c = {0};
  xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
  char what[128], raw[sizeof c.msg];
  int rc;

  if (vc == NULL)
    return ac_error_set_file(err, AC_ENOMEM, name, 0, 0, "out of memory");
  xmlSchemaSetValidStructuredErrors(vc, collect_error, &c);
  rc = xmlSchemaValidateDoc(vc, doc);
  xmlSchemaFreeValidCtxt(vc);
  if (rc == 0)
    return AC_OK;
  if (c.set) {                    /* what was expected there, not libxml2's wording */
    memcpy(raw, c.msg, sizeof raw);
    ac_rules__schema_reword(c.msg, sizeof c.msg, raw, c.node, xsd, xsd_len);
  }
  snprintf(what, sizeof what, "does not follow %s", xsd_name);
  return xml_fail(err, name, &c, what);
}

int ac_rules__read_file(const char *path, size_t max, char **out, size_t *len, ac_error *err)
{
  FILE *f = fopen(path, "rb");
  unsigned char *buf = NULL;
  int rc;

  *out = NULL;
  if (f == NULL)
    return ac_error_set_file(err, AC_EIO, path, 0, 0, "%s", strerror(errno));
  rc = ac_read_stream(f, max, &buf, len);
  if (rc == AC_EIO)
    ac_error_set_file(err, rc, path, 0, 0, "%s", strerror(errno));
  fclose(f);
  if (rc == AC_ENOMEM)
    return ac_error_set_file(err, rc, path, 0, 0, "out of memory");
  if (rc == AC_ELIMIT)
    return ac_error_set_file(err, rc, path, 0, 0, "larger than %zu bytes", max);
  if (rc < 0)
    return rc;
  *out = (char *)buf;
  return AC_OK;
}
