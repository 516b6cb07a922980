/* Building the rule set from a pack document that passed attrcheck-rules.xsd. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "load.h"

typedef struct build_ctx {
  ac_rules *rules;
  const char *file;
  const char *pack;          /* the pack's name */
  const char *policy;        /* the pack's name when it is a policy pack */
  ac_error *err;
} build_ctx;

static unsigned line_of(xmlNodePtr n)
{
  long l = xmlGetLineNo(n);
  return l > 0 ? (unsigned)l : 0;
}

static int oom(build_ctx *b)
{
  return ac_error_set_file(b->err, AC_ENOMEM, b->file, 0, 0, "out of memory");
}

/* An attribute copied into the rule set's memory; NULL when absent. */
static const char *attr(build_ctx *b, xmlNodePtr n, const char *name)
{
  xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
  char *s;

  if (v == NULL)
    return NULL;
  s = ac_arena_strdup(b->rules->mem, (const char *)v);
  xmlFree(v);
  return s;
}

/* Element text with surrounding white space trimmed. */
static const char *text_of(build_ctx *b, xmlNodePtr n)
{
  xmlChar *v = xmlNodeGetContent(n);
  const char *s = v ? (const char *)v : "";
  size_t len;
  char *out;

  while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
    s++;
  len = strlen(s);
  while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\n' || s[len - 1] == '\t' ||
                     s[len - 1] == '\r'))
    len--;
  out = ac_arena_strndup(b->rules->mem, s, len);
  xmlFree(v);
  return out;
}

static bool is(xmlNodePtr n, const char *name)
{
  return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static bool attr_true(xmlNodePtr n, const char *name)
{
  xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
  bool t = v != NULL && (strcmp((const char *)v, "true") == 0 || strcmp((const char *)v, "1") == 0);
  xmlFree(v);
  return t;
}

/* -1 when absent, else 0/1 */
static int attr_tristate(xmlNodePtr n, const char *name)
{
  xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
  int t = v == NULL ? -1 : (strcmp((const char *)v, "true") == 0 || strcmp((const char *)v, "1") == 0);
  xmlFree(v);
  return t;
}

static int phrase_add(build_ctx *b, xmlNodePtr n, const char *lang)
{
  ac_rules *r = b->rules;
  ac_phrase ph = {0};
  ac_phrase *slot = NULL;
  const char *pattern = text_of(b, n);
  int rc;

  ph.id = attr(b, n, "id");
  ph.lang = lang;
  ph.kind = (ac_notice_kind)ac_notice_kind_from_name(attr(b, n, "kind"));
  ph.permission = attr_true(n, "permission");
  if (ph.id == NULL || pattern == NULL)
    return oom(b);
  rc = ac_rules__phrase_compile(&ph, pattern, b->file, line_of(n), b->err);
  if (rc < 0)
    return rc;
  for (size_t i = 0; i < r->n_phrases && slot == NULL; i++)
    if (strcmp(r->phrases[i].id, ph.id) == 0) {
      slot = &r->phrases[i];
      ac_rules__phrase_free(slot);
    }
  if (slot == NULL)
    slot = ac_arena_push(r->mem, &r->phrases, &r->n_phrases, &r->cap_phrases, sizeof *slot, 0);
  if (slot == NULL) {
    ac_rules__phrase_free(&ph);
    return oom(b);
  }
  *slot = ph;
  return AC_OK;
}

static int phrasings_add(build_ctx *b, xmlNodePtr n)
{
  const char *lang = attr(b, n, "lang");

  for (xmlNodePtr c = n->children; c != NULL; c = c->next) {
    if (is(c, "phrase")) {
      int rc = phrase_add(b, c, lang);
      if (rc < 0)
        return rc;
    }
  }
  return AC_OK;
}

/* Collect the text of every child element called `name` into a NULL-free array. */
static int child_texts(build_ctx *b, xmlNodePtr n, const char *name, const char *const **out,
                       size_t *count)
{
  size_t cap = 0;
  const char **items = NULL;

  *count = 0;
  for (xmlNodePtr c = n->children; c != NULL; c = c->next) {
    if (!is(c, name))
      continue;
    const char **slot = ac_arena_push(b->rules->mem, &items, count, &cap, sizeof *slot, 0);
    if (slot == NULL || (*slot = text_of(b, c)) == NULL)
      return oom(b);
  }
  *out = items;
  return AC_OK;
}

static int source_add(build_ctx *b, xmlNodePtr n)
{
  ac_rules *r = b->rules;
  ac_source s = {0};
  ac_source *slot = NULL;
  int rc;

  s.id = attr(b, n, "id");
  s.name = attr(b, n, "name");
  s.owner = attr(b, n, "owner");
  s.holder = attr(b, n, "holder");
  s.license = attr(b, n, "license");
  s.lang = attr(b, n, "lang");
  s.policy = attr(b, n, "policy");
  s.agency = attr_true(n, "agency");
  rc = child_texts(b, n, "alias", &s.aliases, &s.n_aliases);
  if (rc == 0)
    rc = child_texts(b, n, "domain", &s.domains, &s.n_domains);
  if (rc < 0)
    return rc;
  for (size_t i = 0; i < r->n_sources && slot == NULL; i++)
    if (strcmp(r->sources[i].id, s.id) == 0)
      slot = &r->sources[i];
  if (slot == NULL)
    slot = ac_arena_push(r->mem, &r->sources, &r->n_sources, &r->cap_sources, sizeof *slot, 0);
  if (slot == NULL)
    return oom(b);
  *slot = s;
  return AC_OK;
}

/* A space-separated attribute as a list of words. */
static int word_list(build_ctx *b, xmlNodePtr n, const char *name, ac_strlist *out)
{
  const char *v = attr(b, n, name);
  size_t cap = 0;

  out->items = NULL;
  out->n = 0;
  while (v != NULL && *v != '\0') {
    size_t len;
    while (*v == ' ' || *v == '\t' || *v == '\n')
      v++;
    len = strcspn(v, " \t\n");
    if (len == 0)
      break;
    const char **slot = ac_arena_push(b->rules->mem, &out->items, &out->n, &cap, sizeof *slot, 0);
    if (slot == NULL || (*slot = ac_arena_strndup(b->rules->mem, v, len)) == NULL)
      return oom(b);
    v += len;
  }
  return AC_OK;
}

static int when_read(build_ctx *b, ac_rule *rule, xmlNodePtr n)
{
  int rc;

  rule->when_republished = attr_tristate(n, "republished");
  rule->when_matched = attr_tristate(n, "matched");
  rc = word_list(b, n, "upstream-license", &rule->when_license);
  if (rc == 0)
    rc = word_list(b, n, "upstream-source", &rule->when_source);
  if (rc == 0)
    rc = word_list(b, n, "path", &rule->when_path);
  if (rc == 0)
    rc = word_list(b, n, "lang", &rule->when_lang);
  return rc;
}

/* Numeric parameters and their ranges: checks convert them (min-words to a
 * count), so a value out of range, NaN or not a number is refused here. */
static const struct {
  const char *name;
  double min, max;
  bool whole;
} numeric_params[] = {
    {"min-coverage", 0.0, 1.0, false},
    {"min-words", 0.0, 1000000.0, true},
    {"max", 0.0, 1.0, false},
};

static int param_check_number(build_ctx *b, const ac_rule *rule, xmlNodePtr n, const ac_param *p)
{
  for (size_t i = 0; i < AC_COUNT(numeric_params); i++) {
    char *end;
    double d;
    if (strcmp(numeric_params[i].name, p->name) != 0)
      continue;
    d = strtod(p->value, &end);
    while (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r')
      end++;
    if (end == p->value || *end != '\0' || !isfinite(d) || d < numeric_params[i].min ||
        d > numeric_params[i].max || (numeric_params[i].whole && d != floor(d)))
      return ac_error_set_file(b->err, AC_EINVALID, b->file, line_of(n), 0,
                               "parameter '%s' of rule '%s' is '%s'; expected a %s from %.10g "
                               "to %.10g",
                               p->name, rule->info.id, p->value,
                               numeric_params[i].whole ? "whole number" : "number",
                               numeric_params[i].min, numeric_params[i].max);
  }
  return AC_OK;
}

static int param_add(build_ctx *b, ac_rule *rule, xmlNodePtr n, size_t *cap)
{
  const char *name = attr(b, n, "name");
  ac_param *p;
  bool known = false;

  if (name == NULL)
    return oom(b);
  for (size_t i = 0; i < AC_COUNT(rule->check->params) && rule->check->params[i]; i++)
    known = known || strcmp(rule->check->params[i], name) == 0;
  if (!known)
    return ac_error_set_file(b->err, AC_EINVALID, b->file, line_of(n), 0,
                             "check '%s' has no parameter '%s' (rule '%s')", rule->check->name,
                             name, rule->info.id);
  p = ac_arena_push(b->rules->mem, &rule->params, &rule->n_params, cap, sizeof *p, 0);
  if (p == NULL)
    return oom(b);
  p->name = name;
  p->value = attr(b, n, "value");
  return p->value ? param_check_number(b, rule, n, p) : oom(b);
}

static int rule_children(build_ctx *b, ac_rule *rule, xmlNodePtr n)
{
  size_t cap = 0;
  int rc = AC_OK;

  for (xmlNodePtr c = n->children; c != NULL && rc == AC_OK; c = c->next) {
    if (is(c, "summary"))
      rule->info.summary = text_of(b, c);
    else if (is(c, "description"))
      rule->info.description = text_of(b, c);
    else if (is(c, "hint"))
      rule->info.hint = text_of(b, c);
    else if (is(c, "example"))
      rule->info.example = text_of(b, c);
    else if (is(c, "message"))
      rule->message = text_of(b, c);
    else if (is(c, "when"))
      rc = when_read(b, rule, c);
    else if (is(c, "param"))
      rc = param_add(b, rule, c, &cap);
  }
  return rc;
}

static int rule_store(build_ctx *b, ac_rule *rule)
{
  ac_rules *r = b->rules;
  ac_rule **slot;

  for (size_t i = 0; i < r->n_rules; i++)
    if (strcmp(r->rules[i]->info.id, rule->info.id) == 0) {
      r->rules[i] = rule;        /* a later pack overrides an earlier rule */
      return AC_OK;
    }
  slot = ac_arena_push(r->mem, &r->rules, &r->n_rules, &r->cap_rules, sizeof *slot, 0);
  if (slot == NULL)
    return oom(b);
  *slot = rule;
  return AC_OK;
}

static int rule_add(build_ctx *b, xmlNodePtr n)
{
  ac_rule *rule = ac_arena_new_of(b->rules->mem, ac_rule);
  const char *check;
  int rc;

  if (rule == NULL)
    return oom(b);
  rule->info.id = attr(b, n, "id");
  rule->info.pack = b->pack;
  rule->info.check = check = attr(b, n, "check");
  rule->info.severity = (ac_severity)ac_severity_from_name(attr(b, n, "severity"));
  rule->policy = b->policy;
  rule->when_republished = rule->when_matched = -1;
  ac_strlist supersedes;         /* kept once, in info: rules explain and eval read it */
  if (word_list(b, n, "supersedes", &supersedes) < 0)
    return oom(b);
  rule->info.supersedes = supersedes.items;
  rule->info.n_supersedes = supersedes.n;
  rule->line = line_of(n);
  rule->file = ac_arena_strdup(b->rules->mem, b->file);
  if (rule->info.id == NULL || check == NULL || rule->file == NULL)
    return oom(b);
  rule->check = ac_rules__check_find(check);
  if (rule->check == NULL)
    return ac_error_set_file(b->err, AC_EINVALID, b->file, rule->line, 0,
                             "unknown check '%s' in rule '%s'", check, rule->info.id);
  rc = rule_children(b, rule, n);
  return rc < 0 ? rc : rule_store(b, rule);
}

/* The <domain> children of a host list, appended to *list. */
static int domains_add(build_ctx *b, xmlNodePtr n, const char ***list, size_t *len, size_t *cap)
{
  for (xmlNodePtr c = n->children; c != NULL; c = c->next) {
    const char **slot;
    if (!is(c, "domain"))
      continue;
    slot = ac_arena_push(b->rules->mem, list, len, cap, sizeof *slot, 0);
    if (slot == NULL || (*slot = text_of(b, c)) == NULL)
      return oom(b);
  }
  return AC_OK;
}

/* <asset-hosts>: CDN and file hosts, whose links are files, never a credit's article. */
static int assets_add(build_ctx *b, xmlNodePtr n)
{
  return domains_add(b, n, &b->rules->assets, &b->rules->n_assets, &b->rules->cap_assets);
}

/* <platform-hosts>: sites where anyone publishes, whose links go to an account's page. */
static int platforms_add(build_ctx *b, xmlNodePtr n)
{
  return domains_add(b, n, &b->rules->platforms, &b->rules->n_platforms,
                     &b->rules->cap_platforms);
}

/* <reference-hosts>: DOI resolvers, literature databases, shops and affiliate networks. */
static int refs_add(build_ctx *b, xmlNodePtr n)
{
  return domains_add(b, n, &b->rules->refs, &b->rules->n_refs, &b->rules->cap_refs);
}

static int section_each(build_ctx *b, xmlNodePtr n, const char *child,
                        int (*fn)(build_ctx *, xmlNodePtr))
{
  for (xmlNodePtr c = n->children; c != NULL; c = c->next) {
    if (is(c, child)) {
      int rc = fn(b, c);
      if (rc < 0)
        return rc;
    }
  }
  return AC_OK;
}

static int pack_note(build_ctx *b)
{
  ac_rules *r = b->rules;
  const char **slot;

  slot = ac_arena_push(r->mem, &r->packs, &r->n_packs, &r->cap_packs, sizeof *slot, 0);
  if (slot == NULL)
    return oom(b);
  *slot = b->pack;
  if (b->policy != NULL) {
    slot = ac_arena_push(r->mem, &r->policies, &r->n_policies, &r->cap_policies, sizeof *slot, 0);
    if (slot == NULL)
      return oom(b);
    *slot = b->policy;
  }
  return AC_OK;
}

int ac_rules__build(ac_rules *rules, xmlNodePtr root, const char *file, ac_error *err)
{
  build_ctx b = {rules, file, NULL, NULL, err};
  int rc = AC_OK;

  b.pack = attr(&b, root, "name");
  if (b.pack == NULL)
    return oom(&b);
  if (attr_true(root, "policy"))
    b.policy = b.pack;
  for (xmlNodePtr c = root->children; c != NULL && rc == AC_OK; c = c->next) {
    if (is(c, "phrasings"))
      rc = phrasings_add(&b, c);
    else if (is(c, "sources"))
      rc = section_each(&b, c, "source", source_add);
    else if (is(c, "asset-hosts"))
      rc = assets_add(&b, c);
    else if (is(c, "platform-hosts"))
      rc = platforms_add(&b, c);
    else if (is(c, "reference-hosts"))
      rc = refs_add(&b, c);
    else if (is(c, "rules"))
      rc = section_each(&b, c, "rule", rule_add);
  }
  return rc < 0 ? rc : pack_note(&b);
}
