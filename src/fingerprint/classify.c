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

static const char *const class_names[] = {
  "unrelated", "verbatim", "lightly-edited", "truncated", "excerpt",
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
