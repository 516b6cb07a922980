/* attrcheck.xml: read, validated against attrcheck-config.xsd, turned into ac_config. */
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "attrcheck/config.h"
#include "attrcheck/url.h"
#include "../util/arena.h"
#include "xml.h"

extern const unsigned char ac_rules__config_xsd[];
extern const size_t ac_rules__config_xsd_len;

#define CONFIG_MAX_BYTES ((size_t)1 << 20)
#define CONFIG_MAX_ITEMS 1024u
#define CONFIG_MAX_JOBS 256ul

/* The public record first, so a pointer to it is a pointer to the whole. */
typedef struct config {
  ac_config pub;
  ac_arena *mem;
  size_t cap_rules, cap_include, cap_exclude, cap_policies;
} config;

static const char starter[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<!--\n"
  "  attrcheck configuration. `attrcheck check` finds this file in the current\n"
  "  directory or a parent; options on the command line win over it, except\n"
  "  that rule packs and excludes given there add to its own. Paths are\n"
  "  relative to this file. Remove what you do not need.\n"
  "-->\n"
  "<attrcheck version=\"1\">\n"
  "  <!-- Extra rule packs, after the built-in ones (defaults=\"false\" drops those). -->\n"
  "  <!-- <rules pack=\"attrcheck-rules/house.xml\"/> -->\n"
  "\n"
  "  <!-- An index of originals (attrcheck index add) to find copied text. -->\n"
  "  <!-- <index>originals.db</index> -->\n"
  "\n"
  "  <!-- Which files in directories are pages. -->\n"
  "  <include>*.html</include>\n"
  "  <include>*.htm</include>\n"
  "  <include>*.xhtml</include>\n"
  "  <!-- What to skip (excludes on the command line add to these): a name\n"
  "       without a slash at any depth, a glob with one below this directory. -->\n"
  "  <exclude>node_modules</exclude>\n"
  "  <!-- <exclude>content/vendor/*</exclude> -->\n"
  "\n"
  "  <!-- What makes the run fail: error, warning, note or never. -->\n"
  "  <fail-on>error</fail-on>\n"
  "\n"
  "  <!-- Findings recorded here (attrcheck check with the write-baseline option)\n"
  "       do not fail. -->\n"
  "  <!-- <baseline>attrcheck-baseline.txt</baseline> -->\n"
  "\n"
  "  <!-- Where the pages of this repository are published: URL + path. -->\n"
  "  <!-- <base-url>https://www.example.org/</base-url> -->\n"
  "\n"
  "  <!-- A republishing policy for part of the site. -->\n"
  "  <!-- <policy path=\"partners/propublica/*\" name=\"propublica\"/> -->\n"
  "</attrcheck>\n";

const char *ac_config_starter(void)
{
  return starter;
}

static char *node_text(config *c, xmlNodePtr n)
{
  xmlChar *s = xmlNodeGetContent(n);
  char *copy = s ? ac_arena_strdup(c->mem, (const char *)s) : NULL;

  xmlFree(s);
  return copy;
}

static char *node_attr(config *c, xmlNodePtr n, const char *name)
{
  xmlChar *s = xmlGetProp(n, (const xmlChar *)name);
  char *copy = s ? ac_arena_strdup(c->mem, (const char *)s) : NULL;

  xmlFree(s);
  return copy;
}

static int push_string(config *c, const char *const **items, size_t *n, size_t *cap,
                       const char *value)
{
  const char **slot;

  if (value == NULL)
    return AC_ENOMEM;
  slot = ac_arena_push(c->mem, (void *)items, n, cap, sizeof *slot, CONFIG_MAX_ITEMS);
  if (slot == NULL)
    return AC_ELIMIT;
  *slot = value;
  return AC_OK;
}

static int add_rules(config *c, xmlNodePtr n)
{
  char *pack = node_attr(c, n, "pack"), *defaults = node_attr(c, n, "defaults");

  if (defaults != NULL && (strcmp(defaults, "false") == 0 || strcmp(defaults, "0") == 0))
    c->pub.no_default_rules = true;
  if (pack == NULL)
    return AC_OK;
  return push_string(c, &c->pub.rules, &c->pub.n_rules, &c->cap_rules, pack);
}

static int add_policy(config *c, xmlNodePtr n)
{
  ac_config_policy *p = ac_arena_push(c->mem, (void *)&c->pub.policies, &c->pub.n_policies,
                                      &c->cap_policies, sizeof *p, CONFIG_MAX_ITEMS);

  if (p == NULL)
    return AC_ELIMIT;
  p->path = node_attr(c, n, "path");
  p->policy = node_attr(c, n, "name");
  p->line = (unsigned)xmlGetLineNo(n);
  return p->path && p->policy ? AC_OK : AC_ENOMEM;
}

/* On AC_EINVALID, *why says what is wrong with the element's value. */
static int add_element(config *c, xmlNodePtr n, const char **why)
{
  const char *name = (const char *)n->name;
  ac_config *p = &c->pub;

  if (strcmp(name, "rules") == 0)
    return add_rules(c, n);
  if (strcmp(name, "policy") == 0)
    return add_policy(c, n);
  if (strcmp(name, "include") == 0)
    return push_string(c, &p->include, &p->n_include, &c->cap_include, node_text(c, n));
  if (strcmp(name, "exclude") == 0)
    return push_string(c, &p->exclude, &p->n_exclude, &c->cap_exclude, node_text(c, n));
  if (strcmp(name, "index") == 0)
    p->index = node_text(c, n);
  else if (strcmp(name, "fail-on") == 0)
    p->fail_on = node_text(c, n);
  else if (strcmp(name, "baseline") == 0)
    p->baseline = node_text(c, n);
  else if (strcmp(name, "base-url") == 0) {
    char *url = (p->base_url = node_text(c, n)) ? ac_url_resolve(NULL, p->base_url) : NULL;
    free(url);
    if (url == NULL) {
      *why = "not an absolute http(s) URL";
      return AC_EINVALID;
    }
  }
  else if (strcmp(name, "format") == 0)
    p->format = node_text(c, n);
  else if (strcmp(name, "jobs") == 0) {
    char *v = node_text(c, n), *end = NULL;
    unsigned long jobs = v ? strtoul(v, &end, 10) : 0;
    if (v == NULL || end == v || *end != '\0' || jobs < 1 || jobs > CONFIG_MAX_JOBS) {
      *why = "out of range";      /* the same range as --jobs */
      return AC_EINVALID;
    }
    p->jobs = (unsigned)jobs;
  }
  return AC_OK;
}

static int config_build(config *c, xmlDocPtr doc, const char *path, ac_error *err)
{
  for (xmlNodePtr n = xmlDocGetRootElement(doc)->children; n != NULL; n = n->next) {
    if (n->type != XML_ELEMENT_NODE)
      continue;
    const char *why = NULL;
    int rc = add_element(c, n, &why);
    if (rc < 0)
      return ac_error_set_file(err, rc, path, (unsigned)xmlGetLineNo(n), 0, "<%s>: %s",
                               (const char *)n->name, why != NULL ? why : ac_status_name(rc));
  }
  return AC_OK;
}

void ac_config_free(ac_config *cfg)
{
  config *c = (config *)cfg;

  if (c == NULL)
    return;
  ac_arena_free(c->mem);
  free(c);
}

int ac_config_load_file(ac_config **out, const char *path, ac_error *err)
{
  xmlSchemaPtr schema = NULL;
  xmlDocPtr doc = NULL;
  config *c = NULL;
  char *xml = NULL;
  size_t len = 0;
  int rc;

  *out = NULL;
  rc = ac_rules__read_file(path, CONFIG_MAX_BYTES, &xml, &len, err);
  if (rc == AC_OK)
    rc = ac_rules__xml_parse(&doc, path, xml, len, CONFIG_MAX_BYTES, err);
  if (rc == AC_OK)
    rc = ac_rules__xml_schema(&schema, "attrcheck-config.xsd", ac_rules__config_xsd,
                              ac_rules__config_xsd_len, err);
  if (rc == AC_OK)
    rc = ac_rules__xml_validate(schema, doc, path, "attrcheck-config.xsd", ac_rules__config_xsd,
                                ac_rules__config_xsd_len, err);
  if (rc == AC_OK) {
    c = calloc(1, sizeof *c);
    if (c == NULL || (c->mem = ac_arena_new(0)) == NULL)
      rc = ac_error_set_file(err, AC_ENOMEM, path, 0, 0, "out of memory");
  }
  if (rc == AC_OK)
    rc = config_build(c, doc, path, err);
  if (rc == AC_OK) {
    *out = &c->pub;
    c = NULL;
  }
  ac_config_free(c ? &c->pub : NULL);
  if (schema != NULL)
    xmlSchemaFree(schema);
  xmlFreeDoc(doc);
  free(xml);
  return rc;
}
