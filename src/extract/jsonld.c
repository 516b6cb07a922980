/*
 * schema.org JSON-LD (https://www.w3.org/TR/json-ld11/): every object of a
 * creative-work type, in plain blocks, arrays and @graph, with references
 * {"@id": …} resolved to the named node of the same block (NYT-style
 * copyrightHolder → #publisher). Invalid JSON is a note, never a failure.
 *
 * Memory: jansson spends about 200 bytes on each value (a 15 MB `[{},{},…]`
 * is 1.2 GB), outside Gumbo's allocator, so a block is parsed within what is
 * left of the page's memory budget (--max-memory) once the tree is built, and
 * is ignored with a `limit-memory` note when it needs more. jansson's
 * allocator hook, json_set_alloc_funcs(), is process-wide: it is installed
 * once, before main() (a constructor, so no thread can be inside jansson
 * while it changes), and the hook charges a block only to the budget of the
 * calling thread's current JSON-LD parse (a thread-local pointer), so --jobs
 * workers never share a budget and every other use of jansson in the
 * process runs as plain malloc/free. The hook keeps no header in front of a
 * block (sizes come from malloc_usable_size()), so a string from json_dumps()
 * may still be released with free(), as jansson documents. What remains
 * process-wide: a program that links this library and installs its own
 * jansson allocator replaces ours, and JSON-LD is then parsed unbounded.
 */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "extract.h"

/* What one JSON-LD parse may still allocate; see the top comment. */
typedef struct ld_budget {
  size_t used, limit;
  bool refused;   /* an allocation was refused: jansson's error is ours */
} ld_budget;

static _Thread_local ld_budget *active_budget;

/* What a block costs: its usable size and malloc's own size word. */
static size_t block_cost(void *p)
{
  return malloc_usable_size(p) + sizeof(size_t);
}

static void *budget_malloc(size_t size)
{
  ld_budget *b = active_budget;
  void *p;

  if (b == NULL)
    return malloc(size);
  if (b->refused || size > b->limit - b->used)
    goto refuse;
  p = malloc(size);
  if (p == NULL)
    goto refuse;
  if (block_cost(p) > b->limit - b->used) {
    free(p);
    goto refuse;
  }
  b->used += block_cost(p);
  return p;
refuse:
  b->refused = true;   /* sticky: jansson unwinds quickly once one allocation fails */
  return NULL;
}

static void budget_free(void *p)
{
  ld_budget *b = active_budget;

  if (b != NULL && p != NULL) {
    size_t cost = block_cost(p);
    b->used -= cost < b->used ? cost : b->used;
  }
  free(p);
}

__attribute__((constructor)) static void install_budget_hook(void)
{
  json_set_alloc_funcs(budget_malloc, budget_free);
}

#define MAX_IDS 256
#define MAX_DEPTH 32

typedef struct ld {
  xctx *x;
  ac_span span;
  const char *ids[MAX_IDS];
  json_t *nodes[MAX_IDS];
  size_t n_ids;
} ld;

static void index_ids(ld *l, json_t *v, int depth)
{
  size_t i;
  const char *key;
  json_t *item;

  if (depth > MAX_DEPTH)
    return;
  if (json_is_array(v)) {
    json_array_foreach(v, i, item)
      index_ids(l, item, depth + 1);
    return;
  }
  if (!json_is_object(v))
    return;
  json_t *id = json_object_get(v, "@id");
  if (json_is_string(id) && json_object_size(v) > 1 && l->n_ids < MAX_IDS) {
    l->ids[l->n_ids] = json_string_value(id);
    l->nodes[l->n_ids++] = v;
  }
  json_object_foreach(v, key, item)
    index_ids(l, item, depth + 1);
}

static json_t *deref(const ld *l, json_t *v)
{
  json_t *id = json_object_get(v, "@id");

  if (!json_is_string(id))
    return v;
  for (size_t i = 0; i < l->n_ids; i++)
    if (l->nodes[i] != v && strcmp(l->ids[i], json_string_value(id)) == 0)
      return l->nodes[i];
  return v;
}

/*
 * A value as text: strings as they are, nodes by name (else url, else @id);
 * for properties that point at a work (isBasedOn, license …) the URL first.
 */
static const char *text_of(const ld *l, json_t *v, bool url_first, char *num, size_t nsize)
{
  static const char *const by_name[] = {"name", "url", "@id", "@value"};
  static const char *const by_url[] = {"url", "@id", "name", "@value"};
  const char *const *keys = url_first ? by_url : by_name;

  if (json_is_string(v))
    return json_string_value(v);
  if (json_is_integer(v)) {
    snprintf(num, nsize, "%lld", (long long)json_integer_value(v));
    return num;
  }
  if (!json_is_object(v))
    return NULL;
  v = deref(l, v);
  for (size_t i = 0; i < AC_COUNT(by_name); i++) {
    json_t *k = json_object_get(v, keys[i]);
    if (json_is_string(k))
      return json_string_value(k);
  }
  return NULL;
}

static bool type_is(json_t *t, bool *media)
{
  static const char *const works[] = {"CreativeWork", "WebPage", "Report", "Review", "Book",
                                      "Recipe", "Blog", "Dataset", "Photograph", "Thesis"};
  const char *s = json_string_value(t);
  size_t n;

  if (s == NULL)
    return false;
  n = strlen(s);
  *media = n >= 6 && strcmp(s + n - 6, "Object") == 0;        /* ImageObject, VideoObject */
  if (*media || (n >= 7 && strcmp(s + n - 7, "Article") == 0) ||
      (n >= 7 && strcmp(s + n - 7, "Posting") == 0) || (n >= 4 && strcmp(s + n - 4, "Page") == 0))
    return true;
  for (size_t i = 0; i < AC_COUNT(works); i++)
    if (strcmp(s, works[i]) == 0)
      return true;
  return false;
}

static bool is_work(json_t *obj, bool *media)
{
  json_t *t = json_object_get(obj, "@type"), *item;
  size_t i;

  *media = false;
  if (json_is_array(t)) {
    json_array_foreach(t, i, item)
      if (type_is(item, media))
        return true;
    return false;
  }
  return type_is(t, media);
}

static const struct { const char *prop, *signal; bool url_first; } props[] = {
  {"headline", "jsonld.headline", false}, {"author", "jsonld.author", false},
  {"publisher", "jsonld.publisher", false}, {"copyrightHolder", "jsonld.copyrightHolder", false},
  {"copyrightYear", "jsonld.copyrightYear", false},
  {"copyrightNotice", "jsonld.copyrightNotice", false},
  {"creditText", "jsonld.creditText", false}, {"license", "jsonld.license", true},
  {"isBasedOn", "jsonld.isBasedOn", true},
  {"sourceOrganization", "jsonld.sourceOrganization", false},
  {"translationOfWork", "jsonld.translationOfWork", true}, {"url", "jsonld.url", true},
  {"datePublished", "jsonld.datePublished", false}};

static int one_value(ld *l, size_t p, json_t *v, bool media)
{
  char num[32];
  const char *s = text_of(l, v, props[p].url_first, num, sizeof num);
  int rc;

  if (s == NULL)
    return AC_OK;
  rc = ac_extract__signal(l->x, props[p].signal, s, l->span);
  if (rc == AC_OK && p == 1)
    rc = ac_extract__author(l->x, s, AC_SIGNAL_JSONLD, l->span);
  if (rc == AC_OK && p == 7)
    rc = ac_extract__license(l->x, strncmp(s, "http", 4) == 0 ? s : NULL, s,
                             media ? AC_SCOPE_FIGURE : AC_SCOPE_PAGE, AC_SIGNAL_JSONLD, l->span);
  return rc;
}

static int work(ld *l, json_t *obj, bool media)
{
  int rc = AC_OK;

  for (size_t p = 0; rc == AC_OK && p < AC_COUNT(props); p++) {
    json_t *v = json_object_get(obj, props[p].prop), *item;
    size_t i;
    if (json_is_array(v)) {
      json_array_foreach(v, i, item) {
        rc = one_value(l, p, item, media);
        if (rc < 0)
          break;
      }
    } else if (v != NULL) {
      rc = one_value(l, p, v, media);
    }
  }
  return rc;
}

/* Properties whose value is another work: its url, author … are not this page's. */
static bool other_work(const char *key)
{
  static const char *const keys[] = {"isBasedOn", "translationOfWork", "isPartOf", "citation",
                                      "mentions", "about", "workTranslation", "subjectOf"};

  for (size_t i = 0; i < AC_COUNT(keys); i++)
    if (strcmp(key, keys[i]) == 0)
      return true;
  return false;
}

static int visit(ld *l, json_t *v, int depth)
{
  const char *key;
  json_t *item;
  size_t i;
  bool media;
  int rc = AC_OK;

  if (depth > MAX_DEPTH)
    return AC_OK;
  if (json_is_array(v)) {
    json_array_foreach(v, i, item) {
      rc = visit(l, item, depth + 1);
      if (rc < 0)
        return rc;
    }
    return AC_OK;
  }
  if (!json_is_object(v))
    return AC_OK;
  if (is_work(v, &media))
    rc = work(l, v, media);
  json_object_foreach(v, key, item) {
    if (rc < 0)
      break;
    if ((json_is_object(item) || json_is_array(item)) && !other_work(key))
      rc = visit(l, item, depth + 1);
  }
  return rc;
}

/* json_loadb() within x->mem_left; NULL with a note (or an error) when it cannot be. */
static json_t *load_within_budget(xctx *x, const char *json, size_t len, ac_span span, int *rc)
{
  ld_budget budget = {0, x->mem_left, false};
  json_error_t jerr;
  json_t *root;

  active_budget = &budget;
  root = json_loadb(json, len, 0, &jerr);
  active_budget = NULL;
  *rc = AC_OK;
  if (root != NULL)
    return root;
  if (budget.refused)
    *rc = ac_page_note(x->page, "limit-memory", span,
                       "JSON-LD block of %zu bytes ignored: parsing it needs more than the "
                       "%zu bytes left of the memory budget (--max-memory)", len, x->mem_left);
  else
    *rc = ac_page_note(x->page, "jsonld-invalid", span, "JSON-LD block ignored: %s (line %d)",
                       jerr.text, jerr.line);
  return NULL;
}

int ac_extract__jsonld(xctx *x, const char *json, size_t len, ac_span span)
{
  int rc;
  json_t *root = load_within_budget(x, json, len, span, &rc);
  ld *l;

  if (root == NULL)
    return rc;
  l = calloc(1, sizeof *l);
  if (l == NULL) {
    json_decref(root);
    return ac_extract__oom(x);
  }
  l->x = x;
  l->span = span;
  index_ids(l, root, 0);
  rc = visit(l, root, 0);
  free(l);
  json_decref(root);
  return rc;
}
