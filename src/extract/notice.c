/*
 * Notices: each run's collapsed text goes to the notice matcher the caller passed in
 * the options (the rule packs' phrasings, as data); match offsets map back to the page through the
 * buffer's map. Credits inside an <a> right after the phrase take the
 * anchor's text. Copyright facts and text licenses come from the same runs.
 */
#include <stdlib.h>
#include <string.h>

#include "extract.h"

#define MAX_MATCHES 16

static ac_span span_of(const xctx *x, uint32_t t0, uint32_t t1)
{
  ac_span s = {0, 0};

  if (t1 > t0) {
    s.start = x->map[t0];
    s.end = x->map[t1 - 1] + 1;
    if (s.end < s.start)
      s.end = s.start;
  }
  return s;
}

/* First anchor whose text starts at or after t. */
static size_t anchor_at(const xctx *x, uint32_t t)
{
  size_t lo = 0, hi = x->facts->n_links;

  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (x->anchors[mid].t0 < t)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

static size_t links_in(const xctx *x, const xrun *r, uint32_t *out, size_t n, size_t max)
{
  for (size_t i = anchor_at(x, r->t0); i < x->facts->n_links && n < max; i++) {
    if (x->anchors[i].t0 > r->t1)
      break;
    out[n++] = (uint32_t)i;
  }
  return n;
}

/* A run that is mostly link text ("Read the original article", a bare URL). */
static bool link_block(const xctx *x, const xrun *r)
{
  uint32_t linked = 0;

  for (size_t i = anchor_at(x, r->t0); i < x->facts->n_links; i++) {
    const xanchor *a = &x->anchors[i];
    if (a->t0 > r->t1)
      break;
    linked += (a->t1 < r->t1 ? a->t1 : r->t1) - a->t0;
  }
  return linked * 2 >= r->t1 - r->t0;
}

/* Links in the run, else those of a link block just before or after it. */
static int notice_links(xctx *x, size_t ri, ac_notice *n)
{
  uint32_t tmp[64];
  size_t k = links_in(x, &x->runs[ri], tmp, 0, AC_COUNT(tmp));
  uint32_t *copy;

  if (k == 0 && ri > 0 && link_block(x, &x->runs[ri - 1]))
    k = links_in(x, &x->runs[ri - 1], tmp, k, AC_COUNT(tmp));
  if (k == 0 && ri + 1 < x->n_runs && link_block(x, &x->runs[ri + 1]))
    k = links_in(x, &x->runs[ri + 1], tmp, k, AC_COUNT(tmp));
  if (k == 0)
    return AC_OK;
  copy = ac_arena_alloc(x->arena, k * sizeof *copy);
  if (copy == NULL)
    return ac_extract__oom(x);
  memcpy(copy, tmp, k * sizeof *copy);
  n->links = copy;
  n->n_links = k;
  return AC_OK;
}

static bool trim_char(char c)
{
  return c == ' ' || c == '.' || c == ',' || c == ';' || c == ':' || c == '-' || c == '\n';
}

/* The credit: the phrasing's "credit" group, or the anchor right after the phrase. */
static void credit(xctx *x, const xrun *r, const ac_phrase_match *m, ac_notice *n)
{
  uint32_t cs = r->t0 + m->credit_start, ce = r->t0 + m->credit_end;
  bool group = m->credit_end > m->credit_start;
  size_t i = anchor_at(x, group ? cs : r->t0 + m->end);

  if (i < x->facts->n_links) {
    const xanchor *a = &x->anchors[i];
    uint32_t from = group ? cs : r->t0 + m->end;
    uint32_t slack = group ? 1 : 4;     /* ": " or " – " between phrase and anchor */
    if (a->t0 <= from + slack && a->t1 > a->t0 && (!group || a->t1 <= ce) && a->t1 <= r->t1) {
      cs = a->t0;
      ce = a->t1;
      group = true;
    }
  }
  if (!group)
    return;
  while (ce > cs && trim_char(x->buf[ce - 1]))
    ce--;
  while (cs < ce && x->buf[cs] == ' ')
    cs++;
  n->credit = ac_extract__buf_text(x, cs, ce);
  if (n->credit != NULL)
    n->credit_span = span_of(x, cs, ce);
}

/* "2019", "2019-2023" in the match, for the copyright fact. */
const char *ac_extract__years(xctx *x, const char *s, size_t len)
{
  for (size_t i = 0; i + 4 <= len; i++) {
    bool y = (s[i] == '1' && s[i + 1] == '9') || (s[i] == '2' && s[i + 1] == '0');
    if (!y || s[i + 2] < '0' || s[i + 2] > '9' || s[i + 3] < '0' || s[i + 3] > '9' ||
        (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9') ||
        (i + 4 < len && s[i + 4] >= '0' && s[i + 4] <= '9'))
      continue;
    size_t j = i + 4, k;
    while (j < len && s[j] == ' ')
      j++;
    k = j;
    if (j < len && s[j] == '-')
      k = j + 1;
    else if (j + 3 <= len && memcmp(s + j, "\xE2\x80\x93", 3) == 0)   /* en dash */
      k = j + 3;
    while (k < len && s[k] == ' ')
      k++;
    if (k != j && k + 4 <= len && s[k] >= '1' && s[k] <= '2' &&
        (k + 4 == len || s[k + 4] < '0' || s[k + 4] > '9'))
      return ac_arena_printf(x->arena, "%.4s-%.4s", s + i, s + k);
    return ac_arena_strndup(x->arena, s + i, 4);
  }
  return NULL;
}

static int copyright(xctx *x, const xrun *r, const ac_phrase_match *m, const ac_notice *n)
{
  ac_facts *f = x->facts;
  ac_copyright *c = ac_extract__push(x, &f->copyrights, &f->n_copyrights, &x->cap_copyrights,
                                     sizeof *c);

  if (c == NULL)
    return ac_extract__full(x, f->n_copyrights);
  c->holder = n->credit;
  c->years = ac_extract__years(x, x->buf + r->t0 + m->start, m->end - m->start);
  c->text = ac_extract__buf_text(x, r->t0 + m->start, r->t0 + m->end);
  c->span = span_of(x, r->t0 + m->start, r->t0 + m->end);
  return AC_OK;
}

static int notice(xctx *x, size_t ri, const ac_phrase_match *m, const char *text)
{
  const xrun *r = &x->runs[ri];
  ac_facts *f = x->facts;
  ac_notice *n = ac_extract__push(x, &f->notices, &f->n_notices, &x->cap_notices, sizeof *n);

  if (n == NULL)
    return ac_extract__full(x, f->n_notices);
  n->kind = m->kind;
  n->phrase = ac_arena_strdup(x->arena, m->phrase);    /* rules may go before the page */
  n->text = text;
  n->lang = m->lang != NULL ? ac_arena_strdup(x->arena, m->lang)
                            : r->lang != NULL ? r->lang : f->lang;
  n->visible = !(r->flags & F_HIDDEN);
  n->in_main = ac_extract__in_main(x, r);
  n->permission = m->permission;
  n->scope = (r->flags & F_FIGURE) ? AC_SCOPE_FIGURE : AC_SCOPE_PAGE;
  n->span = span_of(x, r->t0, r->t1);
  credit(x, r, m, n);
  int rc = notice_links(x, ri, n);
  if (rc == AC_OK && m->kind == AC_NOTICE_COPYRIGHT)
    rc = copyright(x, r, m, n);
  return rc;
}

/* Start of the code point at or before p. */
static uint32_t char_start(const char *buf, uint32_t p, uint32_t lo)
{
  while (p > lo && ((unsigned char)buf[p] & 0xC0) == 0x80)
    p--;
  return p;
}

/*
 * Matches in buf[t0, t1), offsets relative to `base`. A long run (a body
 * paragraph) is matched only in its first and last WINDOW bytes, where a
 * notice line sits, so phrasing cost does not grow with paragraph length.
 */
static int match_text(xctx *x, uint32_t base, uint32_t t0, uint32_t t1, ac_phrase_match *m,
                      size_t max)
{
  int k = x->opts->match_notices != NULL
              ? x->opts->match_notices(x->opts->match_ctx, x->buf + t0, t1 - t0, m, max)
              : 0;

  for (int i = 0; i < k; i++) {
    m[i].start += t0 - base;
    m[i].end += t0 - base;
    m[i].credit_start += t0 - base;
    m[i].credit_end += t0 - base;
  }
  return k;
}

#define WINDOW 512u

static int run_matches(xctx *x, const xrun *r, ac_phrase_match *m)
{
  int k, k2;

  if (r->t1 - r->t0 <= 2 * WINDOW)
    return match_text(x, r->t0, r->t0, r->t1, m, MAX_MATCHES);
  k = match_text(x, r->t0, r->t0, char_start(x->buf, r->t0 + WINDOW, r->t0), m, MAX_MATCHES / 2);
  if (k < 0)
    return k;
  k2 = match_text(x, r->t0, char_start(x->buf, r->t1 - WINDOW, r->t0), r->t1, m + k,
                  MAX_MATCHES / 2);
  return k2 < 0 ? k2 : k + k2;
}

/*
 * Runs whose text an earlier run had, without a match: menus, "Share", dates
 * repeat on a page. A small table of them spares the phrasings the repeat.
 */
#define SEEN_SLOTS 1024u

typedef struct seen {
  uint32_t t0, len;          /* an earlier run's text in x->buf; len 0 = empty slot */
} seen;

/* True when an identical text found nothing before; else remembers this one if it finds nothing. */
static seen *seen_slot(const xctx *x, seen *table, const xrun *r, bool *hit)
{
  uint32_t len = r->t1 - r->t0, h = ac_extract__hash(x->buf + r->t0, len);

  *hit = false;
  for (uint32_t i = 0; i < 8; i++) {
    seen *s = &table[(h + i) & (SEEN_SLOTS - 1)];
    if (s->len == 0)
      return s;
    if (s->len == len && memcmp(x->buf + s->t0, x->buf + r->t0, len) == 0) {
      *hit = true;
      return s;
    }
  }
  return NULL;
}

/* Digits and punctuation only ("12", "|", "0:06"): no phrasing can match without a word. */
static bool wordless(const xctx *x, const xrun *r)
{
  for (uint32_t i = r->t0; i < r->t1; i++) {
    unsigned char c = (unsigned char)x->buf[i];
    if (c >= 0x80 || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
      return false;
  }
  return true;
}

static int match_run(xctx *x, size_t ri, seen *table)
{
  const xrun *r = &x->runs[ri];
  ac_phrase_match m[MAX_MATCHES];
  const char *text = NULL;
  bool hit;
  seen *slot = seen_slot(x, table, r, &hit);
  int k;

  if (hit || wordless(x, r))
    return AC_OK;
  k = run_matches(x, r, m);
  if (k == 0 && slot != NULL) {
    slot->t0 = r->t0;
    slot->len = r->t1 - r->t0;
  }

  if (k < 0)
    return ac_error_set_file(x->err, k, x->page->path, 0, 0, "matching notice phrasings failed");
  for (int i = 0; i < k; i++) {
    if (m[i].end > r->t1 - r->t0 || m[i].credit_end > r->t1 - r->t0 ||
        m[i].start > m[i].end || ac_notice_kind_name(m[i].kind) == NULL)
      continue;                          /* a match outside the text or of no kind: ignore */
    if (text == NULL && (text = ac_extract__buf_text(x, r->t0, r->t1)) == NULL)
      return ac_extract__oom(x);
    int rc = notice(x, ri, &m[i], text);
    if (rc < 0)
      return rc;
  }
  return AC_OK;
}

/*
 * A text license without a version ("CC BY-SA") inside or beside a link to
 * the deed says the same as the link, whose URL has the version: keep that one.
 */
static bool versionless_known(const xctx *x, const char *id, ac_scope scope)
{
  size_t n = strlen(id);

  for (size_t i = 0; i < x->facts->n_licenses; i++) {
    const ac_license *l = &x->facts->licenses[i];
    if (l->scope == scope && strncmp(l->id, id, n) == 0 && l->id[n] == '-' &&
        l->id[n + 1] >= '0' && l->id[n + 1] <= '9')
      return true;
  }
  return false;
}

int ac_extract__notices(xctx *x)
{
  seen *table = x->opts->match_notices != NULL ? calloc(SEEN_SLOTS, sizeof *table) : NULL;
  int rc = AC_OK;

  if (x->opts->match_notices != NULL && table == NULL)
    return ac_extract__oom(x);
  for (size_t i = 0; rc == AC_OK && i < x->n_runs; i++) {
    const xrun *r = &x->runs[i];
    if (x->opts->match_notices != NULL)
      rc = match_run(x, i, table);
    /* A license named in a menu, a form or a comment thread is a filter's label or a reader's
     * words ("CC0" in a navigation box, "Creative Commons Attribution license (reuse allowed)"
     * as a search option), not the page's license. */
    if (rc == AC_OK && !(r->flags & (F_HIDDEN | F_NAV))) {
      const char *id = ac_extract__license_from_text(x, x->buf + r->t0, r->t1 - r->t0);
      ac_scope scope = (r->flags & F_FIGURE) ? AC_SCOPE_FIGURE : AC_SCOPE_PAGE;
      if (id != NULL && !versionless_known(x, id, scope))
        rc = ac_extract__license(x, NULL, id, scope, AC_SIGNAL_TEXT, span_of(x, r->t0, r->t1));
    }
  }
  free(table);
  return rc;
}
