/* The HTML view builder, its position map, and the choice of a document's kind. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "view.h"

void ac_view_init(ac_view *v, size_t limit)
{
  memset(v, 0, sizeof *v);
  v->limit = limit;
}

void ac_view_dispose(ac_view *v)
{
  free(v->text);
  free(v->segs);
  v->text = NULL;
  v->segs = NULL;
}

static int view_fail(ac_view *v, int code)
{
  if (v->status == AC_OK)
    v->status = code;
  return v->status;
}

static int reserve(ac_view *v, size_t more)
{
  size_t need;
  char *grown;

  if (v->status < 0)
    return v->status;
  if (more > v->limit - v->len)       /* len <= limit always holds */
    return view_fail(v, AC_ELIMIT);
  need = v->len + more + 1;
  if (need <= v->cap)
    return AC_OK;
  need = need < 2 * v->cap ? 2 * v->cap : need;
  grown = realloc(v->text, need < 4096 ? 4096 : need);
  if (grown == NULL)
    return view_fail(v, AC_ENOMEM);
  v->text = grown;
  v->cap = need < 4096 ? 4096 : need;
  return AC_OK;
}

/* Map the next `len` view bytes to original bytes from `orig`; joins a run that continues. */
static int map_add(ac_view *v, uint32_t orig, uint32_t len)
{
  ac_view_seg *last = v->n_segs ? &v->segs[v->n_segs - 1] : NULL;

  if (last != NULL && last->len > 0 && len > 0 && last->view + last->len == v->len &&
      last->orig + last->len == orig) {
    last->len += len;
    return AC_OK;
  }
  if (last != NULL && last->view == v->len) {   /* nothing was written since: replace */
    last->orig = orig;
    last->len = len;
    return AC_OK;
  }
  if (v->n_segs == v->cap_segs) {
    size_t ncap = v->cap_segs ? 2 * v->cap_segs : 256;
    ac_view_seg *grown = realloc(v->segs, ncap * sizeof *grown);
    if (grown == NULL)
      return view_fail(v, AC_ENOMEM);
    v->segs = grown;
    v->cap_segs = ncap;
  }
  v->segs[v->n_segs].view = (uint32_t)v->len;
  v->segs[v->n_segs].orig = orig;
  v->segs[v->n_segs].len = len;
  v->n_segs++;
  return AC_OK;
}

static void put(ac_view *v, const char *s, size_t n)
{
  memcpy(v->text + v->len, s, n);
  v->len += n;
  v->text[v->len] = '\0';
}

int ac_view_raw(ac_view *v, const char *src, size_t n, uint32_t orig)
{
  if (n == 0)
    return v->status;
  if (reserve(v, n) < 0 || map_add(v, orig, (uint32_t)n) < 0)
    return v->status;
  put(v, src, n);
  return AC_OK;
}

static const char *entity(unsigned char c)
{
  switch (c) {
  case '&': return "&amp;";
  case '<': return "&lt;";
  case '>': return "&gt;";
  case '"': return "&quot;";
  case '\0': return " ";           /* a NUL would end the parse's strings */
  default: return NULL;
  }
}

int ac_view_text(ac_view *v, const char *src, size_t n, uint32_t orig)
{
  size_t run = 0;

  for (size_t i = 0; i < n; i++) {
    const char *e = entity((unsigned char)src[i]);
    if (e == NULL)
      continue;
    if (ac_view_raw(v, src + run, i - run, orig + (uint32_t)run) < 0 ||
        reserve(v, strlen(e)) < 0 || map_add(v, orig + (uint32_t)i, 0) < 0)
      return v->status;
    put(v, e, strlen(e));
    run = i + 1;
  }
  return ac_view_raw(v, src + run, n - run, orig + (uint32_t)run);
}

int ac_view_tag(ac_view *v, const char *markup, uint32_t orig)
{
  size_t n = strlen(markup);

  if (reserve(v, n) < 0 || map_add(v, orig, 0) < 0)
    return v->status;
  put(v, markup, n);
  return AC_OK;
}

int ac_view_value(ac_view *v, const char *s, size_t n, uint32_t orig)
{
  for (size_t i = 0; i < n; i++) {
    const char *e = entity((unsigned char)s[i]);
    size_t k = e != NULL ? strlen(e) : 1;
    if (reserve(v, k) < 0 || (i == 0 && map_add(v, orig, 0) < 0))
      return v->status;
    put(v, e != NULL ? e : s + i, k);
  }
  return v->status;
}

void ac_view_note_add(ac_view *v, uint32_t orig, const char *code, const char *fmt, ...)
{
  ac_view_note *n;
  uint32_t at = (uint32_t)v->len;
  va_list ap;

  if (v->n_notes >= AC_VIEW_MAX_NOTES || ac_view_tag(v, "\n", orig) < 0)
    return;
  n = &v->notes[v->n_notes++];
  n->code = code;
  n->at = at;
  va_start(ap, fmt);
  vsnprintf(n->msg, sizeof n->msg, fmt, ap);
  va_end(ap);
}

uint32_t ac_view_orig(const ac_view_seg *segs, size_t n, uint32_t at)
{
  size_t lo = 0, hi = n;
  const ac_view_seg *s;
  uint32_t d;

  if (n == 0)
    return 0;
  while (hi - lo > 1) {                 /* the last segment that starts at or before `at` */
    size_t mid = lo + (hi - lo) / 2;
    if (segs[mid].view <= at)
      lo = mid;
    else
      hi = mid;
  }
  s = &segs[lo];
  d = at >= s->view ? at - s->view : 0;
  return s->orig + (d < s->len ? d : s->len);
}

static const char *extension(const char *name)
{
  const char *slash = strrchr(name, '/'), *dot = strrchr(name, '.');

  return dot != NULL && (slash == NULL || dot > slash) ? dot + 1 : NULL;
}

bool ac_page__is_mdx(const char *name)
{
  const char *ext = name != NULL ? extension(name) : NULL;

  return ext != NULL && strcasecmp(ext, "mdx") == 0;
}

/* A feed's root element: <rss>, <feed> (Atom) or <rdf:RDF> (RSS 1.0), after any prolog. */
static bool feed_root(const char *text, size_t len)
{
  size_t head = len < 4096 ? len : 4096;

  for (size_t i = 0; i + 1 < head; i++) {
    const char *p = text + i + 1;
    size_t left = head - i - 1;
    if (text[i] != '<' || *p == '?' || *p == '!')
      continue;
    return (left >= 4 && strncmp(p, "rss", 3) == 0 && (p[3] == ' ' || p[3] == '>')) ||
           (left >= 5 && strncmp(p, "feed", 4) == 0 && (p[4] == ' ' || p[4] == '>')) ||
           (left >= 7 && strncmp(p, "rdf:RDF", 7) == 0);
  }
  return false;
}

static ac_input_type by_extension(const char *ext, const char *text, size_t len)
{
  static const struct { const char *ext; ac_input_type kind; } table[] = {
    {"md", AC_INPUT_MARKDOWN}, {"markdown", AC_INPUT_MARKDOWN}, {"mdx", AC_INPUT_MARKDOWN},
    {"txt", AC_INPUT_TEXT}, {"rss", AC_INPUT_FEED}, {"atom", AC_INPUT_FEED},
    {"html", AC_INPUT_HTML}, {"htm", AC_INPUT_HTML}, {"xhtml", AC_INPUT_HTML},
  };

  for (size_t i = 0; i < AC_COUNT(table); i++)
    if (strcasecmp(ext, table[i].ext) == 0)
      return table[i].kind;
  if (strcasecmp(ext, "xml") == 0 && feed_root(text, len))
    return AC_INPUT_FEED;
  return AC_INPUT_AUTO;
}

ac_input_type ac_page__kind(ac_input_type forced, const char *name, const char *text, size_t len)
{
  const char *ext = name != NULL ? extension(name) : NULL;
  ac_input_type kind = ext != NULL ? by_extension(ext, text, len) : AC_INPUT_AUTO;

  if (forced != AC_INPUT_AUTO)
    return forced;
  if (kind != AC_INPUT_AUTO)
    return kind;
  /* No telling name (stdin, "article"): front matter says Markdown, a feed root a feed. */
  if (ac_page__front_matter_length(text, len) > 0 && (len == 0 || text[0] != '{'))
    return AC_INPUT_MARKDOWN;
  if (feed_root(text, len))
    return AC_INPUT_FEED;
  return AC_INPUT_HTML;
}
