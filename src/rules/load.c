/*
 * Loading rule packs: libxml2 parses each pack from memory with no network,
 * no entity expansion and an entity loader that refuses everything, then
 * validates it against the XSD compiled into the library (ac_rules__xsd).
 * Errors are collected through structured handlers, so libxml2 never prints.
 */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

#include "load.h"

extern const unsigned char ac_rules__xsd[];
extern const size_t ac_rules__xsd_len;

#define PACK_MAX_BYTES ((size_t)4 << 20)

/* The first error libxml2 reports, with its line. */
typedef struct xml_errors {
  bool set;
  int line;
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
  snprintf(c->msg, sizeof c->msg, "%s", e->message ? e->message : "invalid XML");
  n = strlen(c->msg);
  while (n > 0 && (c->msg[n - 1] == '\n' || c->msg[n - 1] == ' '))
    c->msg[--n] = '\0';
}

/* Packs are data: no external entity, DTD or schema may be fetched, ever. */
static xmlParserInputPtr refuse_entity(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
  (void)url;
  (void)id;
  (void)ctxt;
  return NULL;
}

static void xml_init_once(void)
{
  xmlInitParser();
  xmlSetExternalEntityLoader(refuse_entity);
}

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

int ac_rules_new(ac_rules **out, ac_error *err)
{
  ac_rules *r;

  *out = NULL;
  pthread_once(&xml_once, xml_init_once);
  r = calloc(1, sizeof *r);
  if (r == NULL)
    return ac_error_set(err, AC_ENOMEM, "rules: out of memory");
  r->mem = ac_arena_new(0);
  r->mctx = ac_rules__match_context();
  if (r->mem == NULL || r->mctx == NULL) {
    ac_arena_free(r->mem);
    pcre2_match_context_free(r->mctx);
    free(r);
    return ac_error_set(err, AC_ENOMEM, "rules: out of memory");
  }
  *out = r;
  return AC_OK;
}

void ac_rules_free(ac_rules *rules)
{
  if (rules == NULL)
    return;
  for (size_t i = 0; i < rules->n_phrases; i++)
    ac_rules__phrase_free(&rules->phrases[i]);
  if (rules->schema != NULL)
    xmlSchemaFree(rules->schema);
  pcre2_match_context_free(rules->mctx);
  ac_arena_free(rules->mem);
  free(rules);
}

/* The compiled schema, parsed from the embedded bytes on first use. */
static int schema_get(ac_rules *rules, xmlSchemaPtr *out, ac_error *err)
{
  xml_errors c = {0};
  xmlSchemaParserCtxtPtr pc;

  if (rules->schema == NULL) {
    pc = xmlSchemaNewMemParserCtxt((const char *)ac_rules__xsd, (int)ac_rules__xsd_len);
    if (pc == NULL)
      return ac_error_set(err, AC_ENOMEM, "rules: out of memory");
    xmlSchemaSetParserStructuredErrors(pc, collect_error, &c);
    xmlSetStructuredErrorFunc(&c, collect_error);
    rules->schema = xmlSchemaParse(pc);
    xmlSetStructuredErrorFunc(NULL, NULL);
    xmlSchemaFreeParserCtxt(pc);
    if (rules->schema == NULL)
      return ac_error_set(err, AC_ERROR, "attrcheck-rules.xsd:%d: %s", c.line,
                          c.set ? c.msg : "cannot compile the schema");
  }
  *out = rules->schema;
  return AC_OK;
}

static int xml_fail(ac_error *err, const char *name, const xml_errors *c, const char *what)
{
  if (c->set)
    return ac_error_set_at(err, AC_EINVALID, (unsigned)c->line, 0, "%s:%d: %s", name, c->line,
                           c->msg);
  return ac_error_set(err, AC_EINVALID, "%s: %s", name, what);
}

/* Parse without network, without substituting entities, keeping big line numbers. */
static int parse_pack(xmlDocPtr *out, const char *name, const char *xml, size_t len,
                      ac_error *err)
{
  xml_errors c = {0};
  xmlParserCtxtPtr ctxt;
  xmlDocPtr doc;

  *out = NULL;
  if (len > PACK_MAX_BYTES)
    return ac_error_set(err, AC_ELIMIT, "%s: rule pack larger than %zu bytes", name,
                        PACK_MAX_BYTES);
  ctxt = xmlNewParserCtxt();
  if (ctxt == NULL)
    return ac_error_set(err, AC_ENOMEM, "%s: out of memory", name);
  xmlSetStructuredErrorFunc(&c, collect_error);
  doc = xmlCtxtReadMemory(ctxt, xml, (int)len, name, NULL,
                          XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOWARNING);
  xmlSetStructuredErrorFunc(NULL, NULL);
  xmlFreeParserCtxt(ctxt);
  if (doc == NULL || c.set) {
    xmlFreeDoc(doc);
    return xml_fail(err, name, &c, "not well-formed XML");
  }
  /* A pack has no use for a DTD; refusing it rules out entity tricks. */
  if (doc->intSubset != NULL || doc->extSubset != NULL) {
    int line = doc->intSubset ? (int)xmlGetLineNo((xmlNodePtr)doc->intSubset) : 1;
    xmlFreeDoc(doc);
    if (line <= 0)
      line = 1;
    return ac_error_set_at(err, AC_EINVALID, (unsigned)line, 0,
                           "%s:%d: a DOCTYPE is not allowed in a rule pack", name, line);
  }
  *out = doc;
  return AC_OK;
}

static int validate_pack(ac_rules *rules, xmlDocPtr doc, const char *name, ac_error *err)
{
  xml_errors c = {0};
  xmlSchemaPtr schema = NULL;
  xmlSchemaValidCtxtPtr vc;
  int rc = schema_get(rules, &schema, err);

  if (rc < 0)
    return rc;
  vc = xmlSchemaNewValidCtxt(schema);
  if (vc == NULL)
    return ac_error_set(err, AC_ENOMEM, "%s: out of memory", name);
  xmlSchemaSetValidStructuredErrors(vc, collect_error, &c);
  rc = xmlSchemaValidateDoc(vc, doc);
  xmlSchemaFreeValidCtxt(vc);
  if (rc != 0)
    return xml_fail(err, name, &c, "does not follow attrcheck-rules.xsd");
  return AC_OK;
}

int ac_rules_add_buffer(ac_rules *rules, const char *name, const char *xml, size_t len,
                        ac_error *err)
{
  xmlDocPtr doc = NULL;
  int rc;

  pthread_once(&xml_once, xml_init_once);
  rc = parse_pack(&doc, name, xml, len, err);
  if (rc < 0)
    return rc;
  rc = validate_pack(rules, doc, name, err);
  if (rc == 0)
    rc = ac_rules__build(rules, xmlDocGetRootElement(doc), name, err);
  xmlFreeDoc(doc);
  return rc;
}

static int read_pack(const char *path, char **out, size_t *len, ac_error *err)
{
  FILE *f = fopen(path, "rb");
  struct stat st;
  char *buf;

  *out = NULL;
  if (f == NULL)
    return ac_error_set(err, AC_EIO, "%s: %s", path, strerror(errno));
  if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
    fclose(f);
    return ac_error_set(err, AC_EIO, "%s: not a regular file", path);
  }
  if ((size_t)st.st_size > PACK_MAX_BYTES) {
    fclose(f);
    return ac_error_set(err, AC_ELIMIT, "%s: rule pack larger than %zu bytes", path,
                        PACK_MAX_BYTES);
  }
  buf = malloc((size_t)st.st_size + 1);
  if (buf == NULL) {
    fclose(f);
    return ac_error_set(err, AC_ENOMEM, "%s: out of memory", path);
  }
  *len = fread(buf, 1, (size_t)st.st_size, f);
  if (ferror(f)) {
    fclose(f);
    free(buf);
    return ac_error_set(err, AC_EIO, "%s: read error", path);
  }
  fclose(f);
  buf[*len] = '\0';
  *out = buf;
  return AC_OK;
}

int ac_rules_add_file(ac_rules *rules, const char *path, ac_error *err)
{
  char *xml;
  size_t len = 0;
  int rc = read_pack(path, &xml, &len, err);

  if (rc < 0)
    return rc;
  rc = ac_rules_add_buffer(rules, path, xml, len, err);
  free(xml);
  return rc;
}

static bool is_dir(const char *path)
{
  struct stat st;
  return path != NULL && stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int xml_file(const struct dirent *d)
{
  size_t n = strlen(d->d_name);
  return d->d_name[0] != '.' && n > 4 && strcmp(d->d_name + n - 4, ".xml") == 0;
}

/* The directory to load built-in packs from: dir, $ATTRCHECK_RULES_DIR, installed, source. */
static const char *defaults_dir(const char *dir)
{
  const char *env = getenv("ATTRCHECK_RULES_DIR");

  if (dir != NULL)
    return dir;
  if (env != NULL && env[0] != '\0')
    return env;
  if (is_dir(AC_RULES_DIR))
    return AC_RULES_DIR;
  return AC_SOURCE_RULES_DIR;
}

int ac_rules_add_defaults(ac_rules *rules, const char *dir, ac_error *err)
{
  const char *base = defaults_dir(dir);
  struct dirent **names = NULL;
  int n = scandir(base, &names, xml_file, alphasort);
  int rc = AC_OK;

  if (n < 0)
    return ac_error_set(err, AC_EIO, "%s: cannot read rule packs: %s", base, strerror(errno));
  for (int i = 0; i < n; i++) {
    if (rc == AC_OK) {
      char path[4096];
      snprintf(path, sizeof path, "%s/%s", base, names[i]->d_name);
      rc = ac_rules_add_file(rules, path, err);
    }
    free(names[i]);
  }
  free(names);
  return rc;
}
