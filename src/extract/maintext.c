/*
 * Main text: the article body without chrome. Semantic hints win
 * (itemprop=articleBody, then <article>, then <main>/role=main) unless they
 * are much smaller than the best text-density container found by the walk.
 * The body is the runs inside that element that are visible and not chrome,
 * bylines, the h1 title or figure captions, joined by newlines.
 */
#include <string.h>

#include "extract.h"

#define MIN_HINT 200u         /* bytes of text a semantic hint needs to count */
#define BODY_EXCLUDE (F_HIDDEN | F_CHROME | F_BYLINE | F_HEADING1 | F_FIGURE | F_BOILER)
/* A run whose text is mostly links is a list of links (related stories, tools). */
#define LINK_SHARE 0.6
/* A run this long (bytes) or ending a sentence reads as a paragraph. */
#define PARA_BYTES 50u
/* More short lines than this at an edge are the text itself (verse, lyrics, a list). */
#define MAX_EDGE_LINES 5u
/* This many linked lines in a row after the body are a list of links. */
#define LINK_LIST 3u

static const xcand *choose(const xctx *x)
{
  const xcand *scored = x->best[CAND_SCORED].score > 0 ? &x->best[CAND_SCORED] : NULL;
  static const int order[] = {CAND_BODY_PROP, CAND_ARTICLE, CAND_MAIN};

  for (size_t i = 0; i < AC_COUNT(order); i++) {
    const xcand *c = &x->best[order[i]];
    uint32_t len = c->t1 - c->t0;
    if (c->score <= 0 || len < MIN_HINT)
      continue;
    /* A hint that holds the scored container, or is not much smaller, wins. */
    if (scored == NULL || (c->t0 <= scored->t0 && c->t1 >= scored->t1) ||
        len * 3 >= scored->t1 - scored->t0)
      return c;
  }
  return scored;
}

/* Is the run inside the main element and not excluded? */
static bool in_body(const xctx *x, const xrun *r, uint32_t exclude)
{
  return !(r->flags & exclude) && (!x->have_main || (r->t0 >= x->main_t0 && r->t1 <= x->main_t1));
}

bool ac_extract__in_main(const xctx *x, const xrun *run)
{
  if (run->flags & F_CHROME)
    return false;
  return !x->have_main || (run->t0 >= x->main_t0 && run->t1 <= x->main_t1);
}

static size_t body_len(const xctx *x, uint32_t exclude)
{
  size_t n = 0;

  for (size_t i = 0; i < x->n_runs; i++)
    if (in_body(x, &x->runs[i], exclude))
      n += x->runs[i].t1 - x->runs[i].t0 + 1;
  return n;
}

/* Room for the spans of main_text that <q> and <blockquote> runs give. */
static int quotes_alloc(xctx *x, uint32_t exclude, ac_span **out)
{
  size_t n = 0;

  *out = NULL;
  for (size_t i = 0; i < x->n_runs; i++)
    n += (x->runs[i].flags & F_QUOTE) && in_body(x, &x->runs[i], exclude);
  if (n == 0)
    return AC_OK;
  *out = ac_arena_alloc(x->arena, n * sizeof **out);
  return *out != NULL ? AC_OK : ac_extract__oom(x);
}

static int body(xctx *x, uint32_t exclude, size_t total)
{
  char *text = ac_arena_alloc(x->arena, total + 1);
  uint32_t *map = ac_arena_alloc(x->arena, (total + 1) * sizeof *map);
  ac_span *quotes = NULL;
  size_t n = 0, n_quotes = 0;
  int rc;

  if (text == NULL || map == NULL)
    return ac_extract__oom(x);
  rc = quotes_alloc(x, exclude, &quotes);
  if (rc < 0)
    return rc;
  for (size_t i = 0; i < x->n_runs; i++) {
    const xrun *r = &x->runs[i];
    if (!in_body(x, r, exclude))
      continue;
    if (n > 0) {
      map[n] = map[n - 1];
      text[n++] = '\n';
    }
    if (r->flags & F_QUOTE) {
      quotes[n_quotes].start = (uint32_t)n;
      quotes[n_quotes++].end = (uint32_t)(n + r->t1 - r->t0);
    }
    memcpy(text + n, x->buf + r->t0, r->t1 - r->t0);
    memcpy(map + n, x->map + r->t0, (r->t1 - r->t0) * sizeof *map);
    n += r->t1 - r->t0;
  }
  text[n] = '\0';
  x->facts->main_text = text;
  x->facts->main_len = n;
  x->facts->main_map = map;
  x->facts->main_quotes = quotes;
  x->facts->n_main_quotes = n_quotes;
  return AC_OK;
}

static int visible(xctx *x)
{
  size_t total = 0, n = 0;
  char *text;

  for (size_t i = 0; i < x->n_runs; i++)
    if (!(x->runs[i].flags & F_HIDDEN))
      total += x->runs[i].t1 - x->runs[i].t0 + 1;
  text = ac_arena_alloc(x->arena, total + 1);
  if (text == NULL)
    return ac_extract__oom(x);
  for (size_t i = 0; i < x->n_runs; i++) {
    const xrun *r = &x->runs[i];
    if (r->flags & F_HIDDEN)
      continue;
    if (n > 0)
      text[n++] = '\n';
    memcpy(text + n, x->buf + r->t0, r->t1 - r->t0);
    n += r->t1 - r->t0;
  }
  text[n] = '\0';
  x->facts->visible_text = text;
  x->facts->visible_len = n;
  return AC_OK;
}

/* Bytes of run r inside links; *from is the first anchor that may overlap it
 * (anchors and runs are both in text order). */
static uint32_t link_bytes(const xctx *x, const xrun *r, size_t *from)
{
  uint32_t n = 0;

  while (*from < x->facts->n_links && x->anchors[*from].t1 <= r->t0)
    (*from)++;
  for (size_t i = *from; i < x->facts->n_links && x->anchors[i].t0 < r->t1; i++) {
    uint32_t lo = x->anchors[i].t0 > r->t0 ? x->anchors[i].t0 : r->t0;
    uint32_t hi = x->anchors[i].t1 < r->t1 ? x->anchors[i].t1 : r->t1;
    n += hi > lo ? hi - lo : 0;
  }
  return n;
}

/* Is run r mostly link text? *from as for link_bytes(). */
static bool link_dense(const xctx *x, const xrun *r, size_t *from)
{
  uint32_t len = r->t1 - r->t0;

  return x->anchors != NULL && len > 0 && link_bytes(x, r, from) >= LINK_SHARE * len;
}

/* Does the run end like a sentence (. ! ? … 。 ！ ？ or a closing quote after one)? */
static bool ends_sentence(const xctx *x, const xrun *r)
{
  const unsigned char *s = (const unsigned char *)x->buf + r->t0;
  uint32_t n = r->t1 - r->t0;

  while (n > 0 && (s[n - 1] == '"' || s[n - 1] == '\'' || s[n - 1] == ')'))
    n--;
  if (n >= 3 && s[n - 3] == 0xE2 && s[n - 2] == 0x80 &&
      (s[n - 1] == 0x9D || s[n - 1] == 0x99 || s[n - 1] == 0xA6))     /* ” ’ … */
    n -= s[n - 1] == 0xA6 ? 0 : 3;
  if (n >= 2 && s[n - 2] == 0xC2 && s[n - 1] == 0xBB)                 /* » */
    n -= 2;
  if (n == 0)
    return false;
  if (s[n - 1] == '.' || s[n - 1] == '!' || s[n - 1] == '?' || s[n - 1] == ':')
    return true;
  return n >= 3 && ((s[n - 3] == 0xE3 && s[n - 2] == 0x80 && s[n - 1] == 0x82) ||  /* 。 */
                    (s[n - 3] == 0xEF && s[n - 2] == 0xBC &&
                     (s[n - 1] == 0x81 || s[n - 1] == 0x9F)) ||                   /* ！ ？ */
                    (s[n - 3] == 0xE2 && s[n - 2] == 0x80 && s[n - 1] == 0xA6));  /* … */
}

static bool paragraph_like(const xctx *x, const xrun *r)
{
  return r->t1 - r->t0 >= PARA_BYTES || ends_sentence(x, r);
}

/* A short line at an edge that may go: not a quotation, nor a piece of a
 * paragraph that a <q> cut in three (the runs beside a quote). */
static bool edge_line(const xctx *x, size_t i, uint32_t exclude)
{
  const xrun *r = &x->runs[i];

  if (!in_body(x, r, exclude) || paragraph_like(x, r) || (r->flags & F_QUOTE))
    return false;
  return !(i > 0 && (x->runs[i - 1].flags & F_QUOTE)) &&
         !(i + 1 < x->n_runs && (x->runs[i + 1].flags & F_QUOTE));
}

/* Mark the short lines of runs [from, to) as boilerplate, unless there are too many. */
static void trim_edge(xctx *x, size_t from, size_t to, uint32_t exclude)
{
  size_t n = 0;

  for (size_t i = from; i < to; i++)
    n += edge_line(x, i, exclude);
  if (n > MAX_EDGE_LINES)
    return;
  for (size_t i = from; i < to; i++)
    if (edge_line(x, i, exclude))
      x->runs[i].flags |= F_BOILER;
}

/* After the body, a list of links (LINK_LIST runs or more in a row, each mostly
 * link text) is related stories or tags; a single linked line is a credit. */
static void trim_link_lists(xctx *x, size_t start, uint32_t exclude, size_t *from)
{
  size_t run_start = start, n = 0;

  for (size_t i = start; i <= x->n_runs; i++) {
    bool dense = i < x->n_runs && in_body(x, &x->runs[i], exclude) &&
                 link_dense(x, &x->runs[i], from);
    if (dense) {
      run_start = n == 0 ? i : run_start;
      n++;
      continue;
    }
    if (i < x->n_runs && !in_body(x, &x->runs[i], exclude))
      continue;                         /* runs outside the body do not break a list */
    for (size_t k = run_start; n >= LINK_LIST && k < i; k++)
      if (in_body(x, &x->runs[k], exclude))
        x->runs[k].flags |= F_BOILER;
    n = 0;
  }
}

/*
 * Inside the main element, before its last paragraph, what is not the
 * article's body: runs that are mostly link text (related-story lists, share
 * and print tools, "Photos: …" link lists), and, before the first run that
 * reads as a paragraph, the few short lines that do not (photo credits,
 * "Print", "Email", "STORY HIGHLIGHTS"). Headings between paragraphs stay. After
 * the last paragraph only lists of links go: credit lines ("Source: …", "Read
 * the original article") sit there, and the rules read them in the main text.
 */
static void mark_boilerplate(xctx *x, uint32_t exclude)
{
  size_t first = x->n_runs, last = 0, from = 0;

  for (size_t i = 0; i < x->n_runs; i++) {
    if (in_body(x, &x->runs[i], exclude) && paragraph_like(x, &x->runs[i])) {
      first = i < first ? i : first;
      last = i;
    }
  }
  if (first == x->n_runs)
    return;                             /* no paragraph at all: leave the text as it is */
  trim_edge(x, 0, first, exclude);
  for (size_t i = 0; i < last; i++)
    if (in_body(x, &x->runs[i], exclude | F_BOILER) && link_dense(x, &x->runs[i], &from))
      x->runs[i].flags |= F_BOILER;
  trim_link_lists(x, last + 1, exclude, &from);
}

/* Chrome around the main element (a "nav-drawer" wrapper of the whole page) is not chrome in it. */
static void unwrap_chrome(xctx *x, uint16_t main_depth)
{
  for (size_t i = 0; i < x->n_runs; i++) {
    xrun *r = &x->runs[i];
    if ((r->flags & F_CHROME) && r->chrome_depth <= main_depth && r->t0 >= x->main_t0 &&
        r->t1 <= x->main_t1)
      r->flags &= ~(uint32_t)F_CHROME;
  }
}

int ac_extract__maintext(xctx *x)
{
  const xcand *c = choose(x);
  uint32_t exclude = BODY_EXCLUDE;
  size_t total;

  if (c != NULL) {
    x->have_main = true;
    x->main_t0 = c->t0;
    x->main_t1 = c->t1;
    x->facts->main_span = c->span;
    unwrap_chrome(x, c->depth);
  }
  mark_boilerplate(x, exclude & ~(uint32_t)F_BOILER);
  total = body_len(x, exclude);
  /* A wrapper misread as chrome would leave almost nothing: keep chrome then. */
  if (total < 500 && total * 10 < body_len(x, exclude & ~(uint32_t)F_CHROME)) {
    exclude &= ~(uint32_t)F_CHROME;
    total = body_len(x, exclude);
  }
  int rc = body(x, exclude, total);
  return rc == AC_OK ? visible(x) : rc;
}
