/*
 * Word-by-word work on passages: growing them at both ends, and counting the
 * words they share. Both step over small edits (a word changed, added or
 * dropped) when the texts agree again within a few tokens.
 */
#include "compare.h"

/* Where a walk may go: tokens [a_lo, a_hi) of the original, [b_lo, b_hi) of the copy. */
typedef struct box {
  uint32_t a_lo, a_hi, b_lo, b_hi;
} box;

/* The t-th token pair from boundary (i, j): forward A[i+t], backward A[i-1-t]. */
static bool eq_at(const cmp_ctx *x, const box *bx, int dir, uint32_t i, uint32_t j, uint32_t t)
{
  if (dir > 0) {
    if (i + t >= bx->a_hi || j + t >= bx->b_hi)
      return false;
    return x->A[i + t].hash == x->B[j + t].hash;
  }
  if (i < bx->a_lo + 1 + t || j < bx->b_lo + 1 + t)
    return false;
  return x->A[i - 1 - t].hash == x->B[j - 1 - t].hash;
}

static uint32_t run_len(const cmp_ctx *x, const box *bx, int dir, uint32_t i, uint32_t j,
                        uint32_t max)
{
  uint32_t t = 0;

  while (t < max && eq_at(x, bx, dir, i, j, t))
    t++;
  return t;
}

/* Move (i, j) past an edit to where `confirm` tokens agree again, looking at
 * most `look` tokens ahead in each text; the smallest step first (a dropped or
 * added word before a changed one). */
static bool resync(const cmp_ctx *x, const box *bx, int dir, uint32_t *i, uint32_t *j,
                   uint32_t confirm, uint32_t look)
{
  for (uint32_t d = 1; d <= 2 * look; d++) {
    for (uint32_t di = d > look ? d - look : 0; di <= d && di <= look; di++) {
      uint32_t dj = d - di, ni, nj;
      if (dir < 0 && (*i < di || *j < dj))
        continue;
      ni = dir > 0 ? *i + di : *i - di;
      nj = dir > 0 ? *j + dj : *j - dj;
      if (run_len(x, bx, dir, ni, nj, confirm) >= confirm) {
        *i = ni;
        *j = nj;
        return true;
      }
    }
  }
  return false;
}

static void extend(const cmp_ctx *x, cmp_pass *p, const box *bx, int dir)
{
  uint32_t i = dir > 0 ? p->a1 : p->a0, j = dir > 0 ? p->b1 : p->b0;

  for (;;) {
    uint32_t m = run_len(x, bx, dir, i, j, UINT32_MAX);
    i = dir > 0 ? i + m : i - m;
    j = dir > 0 ? j + m : j - m;
    if (dir > 0) {
      p->a1 = i;
      p->b1 = j;
    } else {
      p->a0 = i;
      p->b0 = j;
    }
    if (!resync(x, bx, dir, &i, &j, AC_CMP_CONFIRM, AC_CMP_EXTEND_LOOK))
      break;
  }
}

void ac_fp__extend_all(cmp_ctx *x)
{
  for (size_t n = 0; n < x->n; n++) {
    cmp_pass *p = &x->ps[n];
    box bx = {0, x->na, 0, x->nb};
    if (n > 0)
      bx.b_lo = x->ps[n - 1].b1 <= p->b0 ? x->ps[n - 1].b1 : p->b0;
    if (n + 1 < x->n)
      bx.b_hi = x->ps[n + 1].b0 >= p->b1 ? x->ps[n + 1].b0 : p->b1;
    extend(x, p, &bx, -1);
    extend(x, p, &bx, +1);
  }
}

uint32_t ac_fp__count_matches(const cmp_ctx *x, const cmp_pass *p)
{
  box bx = {p->a0, p->a1, p->b0, p->b1};
  uint32_t i = p->a0, j = p->b0, matched = 0;

  while (i < p->a1 && j < p->b1) {
    uint32_t m = run_len(x, &bx, +1, i, j, UINT32_MAX);
    matched += m;
    i += m;
    j += m;
    if (i >= p->a1 || j >= p->b1)
      break;
    /* Near first; then as far as chains reach, where only a whole shingle
     * counts as agreement; else a changed word. */
    if (!resync(x, &bx, +1, &i, &j, 2, AC_CMP_LOOKAHEAD) &&
        !resync(x, &bx, +1, &i, &j, x->k, AC_CMP_MAX_GAP)) {
      i++;
      j++;
    }
  }
  return matched;
}
