/*
 * Schema errors in words an author can act on. libxml2 says "Element
 * 'failon': This element is not expected. Expected is one of ( rules, … )";
 * we say "<failon> is not allowed in <attrcheck>; expected one of <rules>,
 * …". The allowed attributes of an element are looked up in the schema's own
 * source (compiled into the library), so the message always matches it.
 */
#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>

#include "xml.h"

#define NAMES_MAX 24
#define NAME_LEN 48

typedef struct names {
  char item[NAMES_MAX][NAME_LEN];
  size_t n;
} names;

static void names_add(names *l, const char *name, size_t len)
{
  if (l->n == NAMES_MAX || len == 0 || len >= NAME_LEN)
    return;
  for (size_t i = 0; i < l->n; i++)
    if (strlen(l->item[i]) == len && strncmp(l->item[i], name, len) == 0)
      return;
  memcpy(l->item[l->n], name, len);
  l->item[l->n++][len] = '\0';
}

/* "<a>, <b> or <c>" (with `open`/`close` "<" ">") or "a, b or c". */
static void names_join(const names *l, const char *open, const char *close, char *out, size_t size)
{
  size_t len;

  out[0] = '\0';
  for (size_t i = 0; i < l->n; i++) {
    len = strlen(out);
    snprintf(out + len, size - len, "%s%s%s%s", i == 0 ? "" : i + 1 == l->n ? " or " : ", ",
             open, l->item[i], close);
  }
}

static bool is_xs(const xmlNode *n, const char *local)
{
  return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, local) == 0;
}

static bool prop_is(const xmlNode *n, const char *attr, const char *value)
{
  xmlChar *v = xmlGetProp(n, (const xmlChar *)attr);
  bool same = v != NULL && strcmp((const char *)v, value) == 0;

  xmlFree(v);
  return same;
}

/* A top-level declaration of the schema: <xs:KIND name="NAME">. */
static const xmlNode *top_level(const xmlNode *schema, const char *kind, const char *name)
{
  for (const xmlNode *c = schema->children; c != NULL; c = c->next)
    if (is_xs(c, kind) && prop_is(c, "name", name))
      return c;
  return NULL;
}

/* The first <xs:element name="NAME"> anywhere in the schema. */
static const xmlNode *element_decl(const xmlNode *n, const char *name, int depth)
{
  for (const xmlNode *c = n->children; c != NULL && depth < 32; c = c->next) {
    const xmlNode *hit;
    if (is_xs(c, "element") && prop_is(c, "name", name))
      return c;
    if ((hit = element_decl(c, name, depth + 1)) != NULL)
      return hit;
  }
  return NULL;
}

static void collect_attrs(const xmlNode *schema, const xmlNode *n, names *out, int depth);

/* Follow a type="…", base="…" or ref="…" to the named declaration of `kind`. */
static void follow(const xmlNode *schema, const xmlNode *n, const char *attr, const char *kind,
                   names *out, int depth)
{
  xmlChar *v = xmlGetProp(n, (const xmlChar *)attr);
  const xmlNode *target = v != NULL ? top_level(schema, kind, (const char *)v) : NULL;

  xmlFree(v);
  if (target != NULL)
    collect_attrs(schema, target, out, depth + 1);
}

/* Attributes declared directly on a type, its extensions and attribute groups (not in child elements). */
static void collect_attrs(const xmlNode *schema, const xmlNode *n, names *out, int depth)
{
  if (depth > 8)
    return;
  for (const xmlNode *c = n->children; c != NULL; c = c->next) {
    if (is_xs(c, "attribute")) {
      xmlChar *name = xmlGetProp(c, (const xmlChar *)"name");
      if (name != NULL)
        names_add(out, (const char *)name, strlen((const char *)name));
      xmlFree(name);
    } else if (is_xs(c, "attributeGroup")) {
      follow(schema, c, "ref", "attributeGroup", out, depth);
    } else if (is_xs(c, "extension")) {
      follow(schema, c, "base", "complexType", out, depth);
      collect_attrs(schema, c, out, depth + 1);
    } else if (is_xs(c, "complexType") || is_xs(c, "complexContent") ||
               is_xs(c, "simpleContent") || is_xs(c, "restriction")) {
      collect_attrs(schema, c, out, depth + 1);
    }
  }
}

/* Which attributes (or, with `roots`, which root elements) the schema allows. */
static void schema_names(const unsigned char *xsd, size_t len, const char *element, names *out)
{
  xmlDocPtr doc = xmlReadMemory((const char *)xsd, (int)len, "schema.xsd", NULL, XML_PARSE_NONET);
  const xmlNode *schema = doc != NULL ? xmlDocGetRootElement(doc) : NULL;
  const xmlNode *decl;

  if (schema != NULL && element == NULL) {
    for (const xmlNode *c = schema->children; c != NULL; c = c->next)
      if (is_xs(c, "element")) {
        xmlChar *name = xmlGetProp(c, (const xmlChar *)"name");
        if (name != NULL)
          names_add(out, (const char *)name, strlen((const char *)name));
        xmlFree(name);
      }
  } else if (schema != NULL && (decl = element_decl(schema, element, 0)) != NULL) {
    follow(schema, decl, "type", "complexType", out, 0);
    collect_attrs(schema, decl, out, 0);
  }
  xmlFreeDoc(doc);
}

/* The quoted name after `key` in msg ("attribute 'pak'" -> pak), into buf. */
static bool quoted_after(const char *msg, const char *key, char *buf, size_t size)
{
  const char *p = strstr(msg, key), *end;

  if (p == NULL)
    return false;
  p += strlen(key);
  end = strchr(p, '\'');
  if (end == NULL || (size_t)(end - p) >= size)
    return false;
  memcpy(buf, p, (size_t)(end - p));
  buf[end - p] = '\0';
  return true;
}

/* "( a, b )" after "Expected is" or "{'a', 'b'}" after "of the set": the names listed. */
static void listed(const char *msg, const char *key, const char *close, names *out)
{
  const char *p = strstr(msg, key), *end;

  if (p == NULL || (end = strstr(p, close)) == NULL)
    return;
  for (p += strlen(key); p < end; p++) {
    size_t n = strcspn(p, ", '(){}");
    if (p + n > end)
      n = (size_t)(end - p);
    names_add(out, p, n);
    p += n;
  }
}

static const char *parent_name(const xmlNode *node)
{
  return node != NULL && node->parent != NULL && node->parent->type == XML_ELEMENT_NODE
           ? (const char *)node->parent->name : NULL;
}

static void unexpected_element(char *out, size_t size, const char *msg, const xmlNode *node,
                               const char *elem)
{
  names expected = {0};
  char list[600];
  const char *parent = parent_name(node);

  listed(msg, "Expected is one of (", ")", &expected);
  listed(msg, "Expected is (", ")", &expected);
  names_join(&expected, "<", ">", list, sizeof list);
  if (expected.n == 0)
    snprintf(out, size, "<%s> is not allowed %s%s%s", elem, parent ? "in <" : "here",
             parent ? parent : "", parent ? "> here" : "");
  else
    snprintf(out, size, "<%s> is not allowed %s%s%s; expected %s%s", elem,
             parent ? "in <" : "here", parent ? parent : "", parent ? ">" : "",
             expected.n > 2 ? "one of " : "", list);
}

static void bad_attribute(char *out, size_t size, const char *msg, const char *elem,
                          const unsigned char *xsd, size_t xsd_len)
{
  names allowed = {0};
  char attr[NAME_LEN] = "?", list[600];

  quoted_after(msg, "attribute '", attr, sizeof attr);
  schema_names(xsd, xsd_len, elem, &allowed);
  names_join(&allowed, "", "", list, sizeof list);
  if (allowed.n == 0)
    snprintf(out, size, "<%s> takes no attribute '%s'", elem, attr);
  else
    snprintf(out, size, "<%s> takes no attribute '%s'; expected %s%s", elem, attr,
             allowed.n > 2 ? "one of " : "", list);
}

static void bad_value(char *out, size_t size, const char *msg, const char *elem)
{
  names set = {0};
  char value[NAME_LEN] = "?", attr[NAME_LEN], list[600], where[128];

  quoted_after(msg, "The value '", value, sizeof value);
  listed(msg, "of the set {", "}", &set);
  names_join(&set, "", "", list, sizeof list);
  if (quoted_after(msg, ", attribute '", attr, sizeof attr))
    snprintf(where, sizeof where, "attribute %s of <%s>", attr, elem);
  else
    snprintf(where, sizeof where, "<%s>", elem);
  snprintf(out, size, "%s: '%s' is not %s%s", where, value, set.n > 2 ? "one of " : "", list);
}

static void wrong_root(char *out, size_t size, const char *elem, const unsigned char *xsd,
                       size_t xsd_len)
{
  names roots = {0};
  char list[600];

  schema_names(xsd, xsd_len, NULL, &roots);
  names_join(&roots, "<", ">", list, sizeof list);
  snprintf(out, size, "the root element is <%s>; expected %s", elem,
           roots.n > 0 ? list : "another one");
}

/* What a value of a built-in type looks like, in words. */
static const char *type_words(const char *msg)
{
  static const char *const types[][2] = {
    {"'xs:positiveInteger'", "a whole number above 0"},
    {"'xs:nonNegativeInteger'", "a whole number, 0 or more"},
    {"'xs:integer'", "a whole number"},
    {"'xs:decimal'", "a number"},
    {"'xs:double'", "a number"},
    {"'xs:boolean'", "true or false"},
  };

  for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
    if (strstr(msg, types[i][0]) != NULL)
      return types[i][1];
  return NULL;
}

/* The common simple-type failures: a value of the wrong type, empty, or text where elements go. */
static const char *value_words(const char *msg, char *buf, size_t size)
{
  char value[NAME_LEN];
  const char *type = type_words(msg);

  if (strstr(msg, "is not a valid value of the atomic type") != NULL && type != NULL &&
      quoted_after(msg, "'", value, sizeof value)) {
    snprintf(buf, size, "'%s' is not %s", value, type);
    return buf;
  }
  if (strstr(msg, "[facet 'pattern']") != NULL && quoted_after(msg, "The value '", value, sizeof value)) {
    const char *pattern = strstr(msg, "the pattern '");
    int n = pattern != NULL ? (int)strcspn(pattern, "\n") : 0;
    if (n > 0 && pattern[n - 1] == '.')
      n--;                                  /* "…'." ends libxml2's sentence */
    snprintf(buf, size, "'%s' does not have the form this value needs (%.*s)", value, n,
             pattern != NULL ? pattern : "");
    return buf;
  }
  if (strstr(msg, "Duplicate key-sequence ['") != NULL &&
      quoted_after(msg, "Duplicate key-sequence ['", value, sizeof value)) {
    snprintf(buf, size, "'%s' is used twice; each must be unique", value);
    return buf;
  }
  if (strstr(msg, "[facet 'minLength'] The value has a length of '0'") != NULL)
    return "must not be empty";
  if (strstr(msg, "Element content is not allowed, because the type definition is simple") != NULL)
    return "holds text only, not elements";
  if (strstr(msg, "Character content other than whitespace is not allowed") != NULL)
    return "holds elements only, not text";
  return NULL;
}

/* Anything else: "Element 'x': rest" becomes "<x>: rest". */
static void generic(char *out, size_t size, const char *msg, const char *elem)
{
  const char *rest = strstr(msg, "': ");
  char attr[NAME_LEN], words[160];

  rest = rest != NULL ? rest + 3 : msg;
  if (value_words(rest, words, sizeof words) != NULL)
    rest = value_words(rest, words, sizeof words);
  if (quoted_after(msg, ", attribute '", attr, sizeof attr))
    snprintf(out, size, "attribute %s of <%s>: %s", attr, elem, rest);
  else
    snprintf(out, size, "<%s>: %s", elem, rest);
}

void ac_rules__schema_reword(char *out, size_t size, const char *msg, const xmlNode *node,
                             const unsigned char *xsd, size_t xsd_len)
{
  char elem[NAME_LEN], missing[NAME_LEN];

  if (!quoted_after(msg, "Element '", elem, sizeof elem)) {
    snprintf(out, size, "%s", msg);            /* not a schema validity message */
    return;
  }
  if (strstr(msg, "This element is not expected") != NULL)
    unexpected_element(out, size, msg, node, elem);
  else if (strstr(msg, "Missing child element") != NULL) {
    names expected = {0};
    char list[600];
    listed(msg, "Expected is one of (", ")", &expected);
    listed(msg, "Expected is (", ")", &expected);
    names_join(&expected, "<", ">", list, sizeof list);
    snprintf(out, size, "<%s> is missing %s%s", elem, expected.n > 1 ? "one of " : "",
             expected.n > 0 ? list : "a child element");
  } else if (strstr(msg, "is not allowed.") != NULL && strstr(msg, "attribute '") != NULL)
    bad_attribute(out, size, msg, elem, xsd, xsd_len);
  else if (strstr(msg, "is required but missing") != NULL &&
           quoted_after(msg, "The attribute '", missing, sizeof missing))
    snprintf(out, size, "<%s> needs the attribute %s=\"…\"", elem, missing);
  else if (strstr(msg, "[facet 'enumeration']") != NULL)
    bad_value(out, size, msg, elem);
  else if (strstr(msg, "No matching global declaration") != NULL)
    wrong_root(out, size, elem, xsd, xsd_len);
  else
    generic(out, size, msg, elem);
}
