/* Coverage and the copy class of an alignment (rules in docs/fingerprint.md). */
#include "compare.h"

#include <stdlib.h>

/* A copy must share at least this many tokens (or half of a shorter original). */
#define MIN_COPIED_TOKENS 20u
/* Below this coverage on both sides the texts are unrelated. */
#define MIN_COVERAGE 0.02
/* Covering this much of the original, in order and word for word, is verbatim. */
#define VERBATIM_COVERAGE 0.98
#define VERBATIM_EXACTNESS 0.99
/* Covering this much, from start to end, with edits or moves, is lightly edited. */
#define EDITED_COVERAGE 0.90
/* A copy whose words come this much from one run at the original's start is truncated. */
#define LEAD_SHARE 0.90

/* A copy needs this much copied prose (unquoted, in runs of at least min_passage
 * words): this many words (or half of a shorter original) and this share of
 * the original or of the page. Less, on a copy that aligns, is related. */
#define MIN_PROSE_WORDS 40u
#define MIN_PROSE_SHARE 0.05

static const char *const class_names[] = {
  "unrelated", "verbatim", "lightly-edited", "truncated", "excerpt", "related",
};

const char *ac_copy_class_name(ac_copy_class c)
{
  if ((unsigned)c >= AC_COUNT(class_names))
    return "unrelated";
  return class_names[c];
}

static int range_cmp(const void *p, const void *q)
{
  const uint32_t *a = p, *b = q;

  return a[0] < b[0] ? -1 : a[0] > b[0];
}

/* Tokens of the original inside some passage (passages may overlap there). */
static uint64_t original_covered(const cmp_ctx *x)
{
  uint32_t (*r)[2] = malloc((x->n ? x->n : 1) * sizeof *r);
  uint64_t covered = 0;
  uint32_t end = 0;

  if (r == NULL)   /* fall back to the plain sum, which can only overcount overlaps */
    for (size_t i = 0; i < x->n; i++)
      covered += x->ps[i].a1 - x->ps[i].a0;
  if (r == NULL)
    return covered;
  for (size_t i = 0; i < x->n; i++) {
    r[i][0] = x->ps[i].a0;
    r[i][1] = x->ps[i].a1;
  }
  qsort(r, x->n, sizeof *r, range_cmp);
  for (size_t i = 0; i < x->n; i++) {
    uint32_t lo = r[i][0] > end ? r[i][0] : end;
    if (r[i][1] > lo)
      covered += r[i][1] - lo;
    if (r[i][1] > end)
      end = r[i][1];
  }
  free(r);
  return covered;
}

void ac_fp__coverage(ac_comparison *c, const cmp_ctx *x)
{
  uint64_t copied = 0;

  for (size_t i = 0; i < x->n; i++)   /* copy-side passages never overlap */
    copied += x->ps[i].b1 - x->ps[i].b0;
  c->original_coverage = x->na ? (double)original_covered(x) / x->na : 0.0;
  c->page_coverage = x->nb ? (double)copied / x->nb : 0.0;
  if (c->original_coverage > 1.0)
    c->original_coverage = 1.0;
}

static bool in_order(const cmp_ctx *x)
{
  for (size_t i = 1; i < x->n; i++)
    if (x->ps[i].a0 < x->ps[i - 1].a1)
      return false;
  return true;
}

/* Original tokens covered by the passages that form one run from the original's
 * first words (gaps up to a chain's reach), and where that run ends. */
static uint64_t leading_run(const cmp_ctx *x, uint32_t edge, uint32_t *run_end)
{
  uint64_t covered = 0;
  uint32_t end = 0;
  bool grew = true;

  *run_end = 0;
  while (grew) {            /* passages come in copy order: sweep until nothing joins */
    grew = false;
    for (size_t i = 0; i < x->n; i++) {
      const cmp_pass *p = &x->ps[i];
      bool joins = end == 0 ? p->a0 <= edge : p->a0 <= end + AC_CMP_MAX_GAP;
      if (!joins || p->a1 <= end)
        continue;
      covered += p->a1 - (p->a0 > end ? p->a0 : end);
      end = p->a1;
      grew = true;
    }
  }
  *run_end = end;
  return covered;
}

ac_copy_class ac_fp__classify(const ac_comparison *c, const cmp_ctx *x)
{
  uint32_t last = 0, edge = x->na / 50 > 3 ? x->na / 50 : 3, run_end;
  uint32_t need = x->na / 2 < MIN_COPIED_TOKENS ? x->na / 2 : MIN_COPIED_TOKENS;
  uint64_t copied = 0, lead;
  double covered = c->original_coverage * x->na;

  for (size_t i = 0; i < x->n; i++) {
    copied += x->ps[i].b1 - x->ps[i].b0;
    last = x->ps[i].a1 > last ? x->ps[i].a1 : last;
  }
  if (x->n == 0 || copied < (need > 0 ? need : 1) ||
      (c->original_coverage < MIN_COVERAGE && c->page_coverage < MIN_COVERAGE))
    return AC_COPY_UNRELATED;
  /* Nearly all of it: a whole copy, unless word for word yet missing the end. */
  if (c->original_coverage >= EDITED_COVERAGE &&
      (last + edge >= x->na || c->exactness < VERBATIM_EXACTNESS)) {
    if (c->original_coverage >= VERBATIM_COVERAGE && c->exactness >= VERBATIM_EXACTNESS &&
        in_order(x))
      return AC_COPY_VERBATIM;
    return AC_COPY_LIGHTLY_EDITED;
  }
  lead = leading_run(x, edge, &run_end);
  if (lead > 0 && (double)lead >= LEAD_SHARE * covered && run_end + edge < x->na)
    return AC_COPY_TRUNCATED;
  return AC_COPY_EXCERPT;
}

/* Is the copy token j of passage p quoted (in the copy, or at the original's
 * place it aligns with, found by proportion across the passage)? */
static bool copy_quoted(const cmp_ctx *x, const cmp_pass *p, uint32_t j)
{
  uint32_t la = p->a1 - p->a0, lb = p->b1 - p->b0;

  if (x->opts.count_quotes)
    return false;
  if (x->qb != NULL && x->qb[j])
    return true;
  return x->qa != NULL && x->qa[p->a0 + (uint32_t)((uint64_t)(j - p->b0) * la / lb)];
}

static bool orig_quoted(const cmp_ctx *x, const cmp_pass *p, uint32_t i)
{
  uint32_t la = p->a1 - p->a0, lb = p->b1 - p->b0;

  if (x->opts.count_quotes)
    return false;
  if (x->qa != NULL && x->qa[i])
    return true;
  return x->qb != NULL && x->qb[p->b0 + (uint32_t)((uint64_t)(i - p->a0) * lb / la)];
}

/* Copy side of one passage: its quoted tokens, and the unquoted ones in runs of
 * at least min_passage tokens (shorter runs between quotes are not prose). */
static void passage_prose(const cmp_ctx *x, const cmp_pass *p, ac_passage *o)
{
  uint32_t run = 0;

  o->quoted_tokens = 0;
  o->prose_tokens = 0;
  for (uint32_t j = p->b0; j <= p->b1; j++) {
    bool q = j < p->b1 && copy_quoted(x, p, j);
    if (j < p->b1 && !q) {
      run++;
      continue;
    }
    if (run >= x->opts.min_passage)
      o->prose_tokens += run;
    run = 0;
    o->quoted_tokens += q;
  }
}

/* Original tokens inside passages: state 2 unquoted, 1 quoted (unquoted wins
 * where passages overlap). Counts of each into *plain and *quoted. */
static int original_split(const cmp_ctx *x, uint64_t *plain, uint64_t *quoted)
{
  uint8_t *state = calloc(x->na ? x->na : 1, 1);

  *plain = *quoted = 0;
  if (state == NULL)
    return AC_ENOMEM;
  for (size_t n = 0; n < x->n; n++) {
    const cmp_pass *p = &x->ps[n];
    for (uint32_t i = p->a0; i < p->a1; i++) {
      uint8_t v = orig_quoted(x, p, i) ? 1 : 2;
      state[i] = v > state[i] ? v : state[i];
    }
  }
  for (uint32_t i = 0; i < x->na; i++) {
    *plain += state[i] == 2;
    *quoted += state[i] == 1;
  }
  free(state);
  return AC_OK;
}

int ac_fp__prose(ac_comparison *c, const cmp_ctx *x)
{
  uint64_t plain, quoted, copy_plain = 0, prose = 0;
  uint32_t need = x->na / 2 < MIN_PROSE_WORDS ? x->na / 2 : MIN_PROSE_WORDS;

  if (original_split(x, &plain, &quoted) < 0)
    return AC_ENOMEM;
  for (size_t n = 0; n < x->n; n++) {
    ac_passage *o = &c->passages[n];
    passage_prose(x, &x->ps[n], o);
    copy_plain += (x->ps[n].b1 - x->ps[n].b0) - o->quoted_tokens;
    prose += o->prose_tokens;
  }
  c->original_coverage = x->na ? (double)plain / x->na : 0.0;
  c->quoted_coverage = x->na ? (double)quoted / x->na : 0.0;
  c->page_coverage = x->nb ? (double)copy_plain / x->nb : 0.0;
  c->prose_tokens = (size_t)prose;
  if (c->cls != AC_COPY_UNRELATED &&
      (prose < (need > 0 ? need : 1) ||
       (prose < MIN_PROSE_SHARE * x->na && prose < MIN_PROSE_SHARE * x->nb)))
    c->cls = AC_COPY_RELATED;
  return AC_OK;
}
