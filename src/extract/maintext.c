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
#define BODY_EXCLUDE (F_HIDDEN | F_CHROME | F_BYLINE | F_HEADING1 | F_FIGURE)

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
  total = body_len(x, exclude);
  /* A wrapper misread as chrome would leave almost nothing: keep chrome then. */
  if (total < 500 && total * 10 < body_len(x, exclude & ~(uint32_t)F_CHROME)) {
    exclude &= ~(uint32_t)F_CHROME;
    total = body_len(x, exclude);
  }
  int rc = body(x, exclude, total);
  return rc == AC_OK ? visible(x) : rc;
}
