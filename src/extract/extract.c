/*
 * ac_page_extract: parse once, walk once, then post-passes over the lists.
 * Shared helpers for the other files of the module live here too.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract.h"
#include "parse.h"

int ac_extract__oom(xctx *x)
{
  return ac_error_set(x->err, AC_ENOMEM, "%s: out of memory", x->page->path);
}

void *ac_extract__push(xctx *x, void *items, size_t *count, size_t *cap, size_t size)
{
  void *p;

  if (*count >= x->max_facts) {
    if (!x->list_full_noted) {
      ac_span none = {0, 0};
      x->list_full_noted = true;
      ac_page_note(x->page, "limit-facts", none,
                   "a facts list reached %zu entries; later ones were dropped", x->max_facts);
    }
    return NULL;
  }
  p = ac_arena_push(x->arena, items, count, cap, size, 0);
  if (p == NULL)
    ac_extract__oom(x);
  return p;
}

int ac_extract__full(const xctx *x, size_t count)
{
  return count >= x->max_facts ? AC_OK : AC_ENOMEM;
}

ac_span ac_extract__tag_span(const GumboElement *el)
{
  ac_span s;

  s.start = el->start_pos.offset;
  s.end = s.start + (uint32_t)el->original_tag.length;
  return s;
}

ac_span ac_extract__elem_span(const GumboElement *el)
{
  ac_span s = ac_extract__tag_span(el);

  if (el->original_end_tag.length > 0 && el->end_pos.offset >= s.start)
    s.end = el->end_pos.offset + (uint32_t)el->original_end_tag.length;
  return s;
}

static bool is_space(unsigned char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

char *ac_extract__collapse(xctx *x, const char *s, size_t len)
{
  char *out, *p;
  bool space = false;

  if (s == NULL)
    return NULL;
  out = ac_arena_alloc(x->arena, len + 1);
  if (out == NULL)
    return NULL;
  p = out;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (is_space(c) || c == 0) {
      space = p != out;
      continue;
    }
    if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xA0) {   /* no-break space */
      space = p != out;
      i++;
      continue;
    }
    if (space)
      *p++ = ' ';
    space = false;
    *p++ = (char)c;
  }
  *p = '\0';
  return p == out ? NULL : out;
}

char *ac_extract__buf_text(xctx *x, uint32_t t0, uint32_t t1)
{
  if (t1 <= t0 || t1 > x->len)
    return NULL;
  return ac_extract__collapse(x, x->buf + t0, t1 - t0);
}

int ac_extract__signal(xctx *x, const char *name, const char *value, ac_span span)
{
  ac_signal *s;
  char *v = value != NULL ? ac_extract__collapse(x, value, strlen(value)) : NULL;

  if (v == NULL)
    return AC_OK;
  s = ac_extract__push(x, &x->facts->signals, &x->facts->n_signals, &x->cap_signals, sizeof *s);
  if (s == NULL)
    return ac_extract__full(x, x->facts->n_signals);
  s->name = name;
  s->value = v;
  s->span = span;
  return AC_OK;
}

/* FNV-1a of the ASCII-lower-cased name: equal under strcasecmp, equal hash. */
static uint32_t name_hash(const char *s)
{
  uint32_t h = AC_FNV_SEED;

  for (; *s != '\0'; s++) {
    unsigned char c = (unsigned char)*s;
    h = AC_FNV_STEP(h, c >= 'A' && c <= 'Z' ? c + 32u : c);
  }
  return h;
}

/* The slot holding `name`, or the empty slot where it would go. */
static uint32_t *author_slot(const xctx *x, const char *name)
{
  size_t mask = x->author_slots - 1, i = name_hash(name) & mask;

  while (x->author_set[i] != 0 &&
         strcasecmp(x->facts->byline[x->author_set[i] - 1].name, name) != 0)
    i = (i + 1) & mask;
  return &x->author_set[i];
}

/* Keep the set at most half full, so probes stay short. */
static int author_set_grow(xctx *x)
{
  size_t slots = x->author_slots ? x->author_slots * 2 : 64;
  uint32_t *old = x->author_set;
  size_t n = x->facts->n_byline;

  if (x->author_slots > 2 * (n + 1))
    return AC_OK;
  x->author_set = calloc(slots, sizeof *x->author_set);
  if (x->author_set == NULL) {
    x->author_set = old;
    return ac_extract__oom(x);
  }
  x->author_slots = slots;
  for (size_t i = 0; i < n; i++)
    *author_slot(x, x->facts->byline[i].name) = (uint32_t)(i + 1);
  free(old);
  return AC_OK;
}

int ac_extract__author(xctx *x, const char *name, ac_signal_source src, ac_span span)
{
  ac_facts *f = x->facts;
  ac_author *a;
  uint32_t *slot;
  char *n;
  int rc;

  if (f->n_byline >= x->max_facts) {      /* full: the push notes it (once); the name is dropped */
    (void)ac_extract__push(x, &f->byline, &f->n_byline, &x->cap_byline, sizeof *a);
    return AC_OK;
  }
  n = name != NULL ? ac_extract__collapse(x, name, strlen(name)) : NULL;
  if (n == NULL || strlen(n) > 200)
    return AC_OK;
  if ((rc = author_set_grow(x)) < 0)
    return rc;
  slot = author_slot(x, n);
  if (*slot != 0)
    return AC_OK;                         /* listed already, perhaps in other case */
  a = ac_extract__push(x, &f->byline, &f->n_byline, &x->cap_byline, sizeof *a);
  if (a == NULL)
    return ac_extract__full(x, f->n_byline);
  a->name = n;
  a->source = src;
  a->span = span;
  *slot = (uint32_t)f->n_byline;
  return AC_OK;
}

static bool license_known(const ac_facts *f, const char *id, ac_scope scope,
                          ac_signal_source src)
{
  for (size_t i = 0; i < f->n_licenses; i++) {
    const ac_license *l = &f->licenses[i];
    if (strcmp(l->id, id) == 0 && l->scope == scope &&
        (l->source == src || src == AC_SIGNAL_TEXT))
      return true;
  }
  return false;
}

int ac_extract__license(xctx *x, const char *url, const char *text, ac_scope scope,
                        ac_signal_source src, ac_span span)
{
  ac_facts *f = x->facts;
  const char *id = url != NULL ? ac_extract__license_from_url(x, url) : NULL;
  ac_license *l;

  if (id == NULL && text != NULL)
    id = ac_extract__license_from_text(x, text, strlen(text));
  if (id == NULL && url != NULL && *url != '\0' && src != AC_SIGNAL_TEXT)
    id = "unknown";                      /* a license link we cannot name */
  if (id == NULL || license_known(f, id, scope, src))
    return AC_OK;
  l = ac_extract__push(x, &f->licenses, &f->n_licenses, &x->cap_licenses, sizeof *l);
  if (l == NULL)
    return ac_extract__full(x, f->n_licenses);
  l->id = id;
  l->url = url != NULL && *url != '\0' ? ac_arena_strdup(x->arena, url) : NULL;
  l->scope = scope;
  l->source = src;
  l->span = span;
  return AC_OK;
}

static int run_passes(xctx *x, const GumboOutput *out)
{
  int rc = ac_extract__walk(x, out->document);

  if (rc == AC_OK)
    rc = ac_extract__resolve(x);
  if (rc == AC_OK)
    rc = ac_extract__maintext(x);
  if (rc == AC_OK)
    rc = ac_extract__notices(x);
  if (rc == AC_OK)
    rc = ac_extract__republication(x);
  if (rc == AC_OK)
    rc = ac_extract__rights(x);
  return rc;
}

/* What the page may still allocate (JSON-LD) while its tree is held. */
static size_t mem_left(const ac_limits *limits, const ac_parse *parsed)
{
  size_t used = ac_parse_used_bytes(parsed);

  if (limits->max_memory == 0)
    return SIZE_MAX;
  return used < limits->max_memory ? limits->max_memory - used : 0;
}

int ac_page_extract(ac_page *page, const ac_rules *rules, const ac_extract_options *opts,
                    ac_error *err)
{
  static const ac_extract_options none = AC_EXTRACT_OPTIONS_INIT;
  ac_error local;
  ac_parse *parsed = NULL;
  xctx x;
  int rc;

  if (page->extracted)
    return AC_OK;
  memset(&x, 0, sizeof x);
  x.page = page;
  x.facts = &page->facts;
  x.arena = page->arena;
  x.rules = rules;
  x.opts = opts != NULL ? opts : &none;
  x.err = err != NULL ? err : &local;
  x.max_facts = page->limits.max_facts ? page->limits.max_facts : AC_DEFAULT_MAX_FACTS;
  x.cur_item = -1;
  rc = ac_parse_html(&parsed, page->path, page->text, page->len, &page->limits, x.err);
  if (rc < 0)
    return rc;
  x.mem_left = mem_left(&page->limits, parsed);
  rc = run_passes(&x, ac_parse_output(parsed));
  ac_parse_free(parsed);
  free(x.buf);
  free(x.map);
  free(x.anchors);
  free(x.cls_cache);
  free(x.author_set);
  if (rc < 0) {
    memset(&page->facts, 0, sizeof page->facts);
    return rc;
  }
  page->extracted = true;
  return AC_OK;
}
