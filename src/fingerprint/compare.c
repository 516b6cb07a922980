/*
 * Passage alignment: which words of the original a copy holds, and where.
 * Seeds are winnowed hashes the two texts share (found through a hash map);
 * seeds that advance together in both texts with small gaps form chains;
 * neighbouring chains merge; passages grow word by word at both ends
 * (stepping over small edits); passages too short to matter are dropped.
 * docs/fingerprint.md gives the rules and the class decisions.
 */
#include "compare.h"
#include "../util/grow.h"

#include <stdlib.h>
#include <string.h>

/* A seed is tried at this many of its hash's places in the original at most. */
#define MAX_OCCURRENCES 8u
/* How far off its diagonal a recurring seed may continue a chain. */
#define RECURRING_SKEW 3u

typedef struct hmap_slot {
  uint64_t key;
  uint32_t first, count;        /* a run in the sorted hash array; count 0: empty */
} hmap_slot;

typedef struct hmap {
  hmap_slot *slots;
  size_t mask;
  ac_winnow *sorted;            /* the original's hashes by (hash, pos) */
} hmap;

static int winnow_cmp(const void *x, const void *y)
{
  const ac_winnow *a = x, *b = y;

  if (a->hash != b->hash)
    return a->hash < b->hash ? -1 : 1;
  return a->pos < b->pos ? -1 : a->pos > b->pos;
}

static hmap_slot *hmap_find(const hmap *m, uint64_t key)
{
  size_t i = (size_t)(key ^ (key >> 29)) & m->mask;

  while (m->slots[i].count != 0 && m->slots[i].key != key)
    i = (i + 1) & m->mask;
  return &m->slots[i];
}

static int hmap_build(hmap *m, const ac_fingerprint *fp)
{
  size_t size = 16;

  while (size < 2 * fp->n_hashes)
    size *= 2;
  m->mask = size - 1;
  m->slots = calloc(size, sizeof *m->slots);
  m->sorted = malloc((fp->n_hashes ? fp->n_hashes : 1) * sizeof *m->sorted);
  if (m->slots == NULL || m->sorted == NULL)
    return AC_ENOMEM;
  if (fp->n_hashes > 0)
    memcpy(m->sorted, fp->hashes, fp->n_hashes * sizeof *m->sorted);
  qsort(m->sorted, fp->n_hashes, sizeof *m->sorted, winnow_cmp);
  for (size_t i = 0; i < fp->n_hashes; i++) {
    hmap_slot *s = hmap_find(m, m->sorted[i].hash);
    if (s->count == 0) {
      s->key = m->sorted[i].hash;
      s->first = (uint32_t)i;
    }
    s->count++;
  }
  return AC_OK;
}

static void hmap_dispose(hmap *m)
{
  free(m->slots);
  free(m->sorted);
}

static bool same_shingle(const cmp_ctx *x, uint32_t a, uint32_t b)
{
  unsigned k = x->k;

  if (a + k > x->na || b + k > x->nb)
    return false;
  for (unsigned i = 0; i < k; i++)
    if (x->A[a + i].hash != x->B[b + i].hash)
      return false;
  return true;
}

static int chain_add(cmp_ctx *x, uint32_t a, uint32_t b)
{
  cmp_pass *p;

  if (!ac_grow(&x->ps, &x->cap, x->n + 1, sizeof *x->ps, 64))
    return AC_ENOMEM;
  p = &x->ps[x->n++];
  memset(p, 0, sizeof *p);
  p->a0 = p->a1 = a;
  p->b0 = p->b1 = b;
  return AC_OK;
}

/* Is the text between two stretches an edited copy (some words agree) rather
 * than different sentences that happen to sit at similar distances? */
static bool gap_agrees(const cmp_ctx *x, uint32_t a0, uint32_t a1, uint32_t b0, uint32_t b1)
{
  cmp_pass gap = {a0, a1, b0, b1, 0};
  uint32_t la = a1 > a0 ? a1 - a0 : 0, lb = b1 > b0 ? b1 - b0 : 0;
  uint32_t longer = la > lb ? la : lb;

  if (la == 0 || lb == 0 || longer <= AC_CMP_SMALL_GAP)
    return true;                  /* words added or dropped, or a short rewrite */
  return ac_fp__count_matches(x, &gap) >= AC_CMP_GAP_AGREEMENT * longer;
}

/* The active chain this seed continues best, or -1. Chains left behind drop out.
 * A seed whose words recur in the original may only continue a chain close to
 * its diagonal (max_skew): anywhere else it would join unrelated sentences. */
static long chain_pick(cmp_ctx *x, size_t *active, size_t *n_active, uint32_t a, uint32_t b,
                       uint32_t max_skew)
{
  long best = -1;
  uint32_t best_cost = UINT32_MAX;

  for (size_t i = 0; i < *n_active;) {
    const cmp_pass *c = &x->ps[active[i]];   /* a1/b1 hold the last seed while chaining */
    uint32_t da = a - c->a1, db = b - c->b1;
    if (c->b1 + AC_CMP_MAX_GAP < b) {
      active[i] = active[--*n_active];
      continue;
    }
    i++;
    if (a <= c->a1 || b <= c->b1 || da > AC_CMP_MAX_GAP)
      continue;
    if ((da > db ? da - db : db - da) > max_skew || da + db >= best_cost)
      continue;
    best_cost = da + db;
    best = (long)active[i - 1];
  }
  if (best >= 0 && !gap_agrees(x, x->ps[best].a1 + x->k, a, x->ps[best].b1 + x->k, b))
    return -1;
  return best;
}

/* The first of the occurrences [lo, hi) of a hash (sorted by position) at or after pos. */
static uint32_t occurrence_at(const hmap *m, uint32_t lo, uint32_t hi, uint32_t pos)
{
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (m->sorted[mid].pos < pos)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/*
 * Which occurrences in the original a seed at copy position b is tried at
 * (at most MAX_OCCURRENCES, written to picks). A hash that occurs no more
 * often than that is tried everywhere. One that occurs more often (a text
 * that repeats itself, or a refrain) is tried where an active chain expects
 * it next, and else at the occurrences nearest to b's proportional place in
 * the original: dropping it, as boilerplate, would erase a document's own
 * repeated text (a text repeated ten times compared with itself).
 */
static size_t seed_places(const cmp_ctx *x, const hmap *m, const hmap_slot *s, uint32_t b,
                          const size_t *active, size_t n_active, uint32_t *picks)
{
  uint32_t lo = s->first, hi = s->first + s->count, n = 0;
  uint32_t want, at, left, right;

  if (s->count <= MAX_OCCURRENCES) {
    for (uint32_t j = lo; j < hi; j++)
      picks[n++] = j;
    return n;
  }
  for (size_t i = 0; i < n_active && n < MAX_OCCURRENCES; i++) {
    const cmp_pass *c = &x->ps[active[i]];
    if (b <= c->b1 || b - c->b1 > AC_CMP_MAX_GAP)
      continue;
    at = occurrence_at(m, lo, hi, c->a1 + (b - c->b1) - RECURRING_SKEW);
    if (at < hi && m->sorted[at].pos <= c->a1 + (b - c->b1) + RECURRING_SKEW &&
        (n == 0 || picks[n - 1] != at))
      picks[n++] = at;
  }
  if (n > 0)
    return n;
  want = (uint32_t)((uint64_t)b * x->na / (x->nb ? x->nb : 1));
  right = occurrence_at(m, lo, hi, want);
  left = right;
  while (n < MAX_OCCURRENCES && (left > lo || right < hi)) {   /* nearest first */
    bool take_left = right >= hi ||
                     (left > lo && want - m->sorted[left - 1].pos <= m->sorted[right].pos - want);
    picks[n++] = take_left ? --left : right++;
  }
  return n;
}

/* Seeds in copy order, each joined to the chain it continues or starting one
 * (at most MAX_OCCURRENCES chains per copy fingerprint). */
static int chain_seeds(cmp_ctx *x, const hmap *m, const ac_fingerprint *copy)
{
  size_t *active = malloc((copy->n_hashes * MAX_OCCURRENCES + 1) * sizeof *active);
  size_t n_active = 0;
  uint32_t picks[MAX_OCCURRENCES];
  int rc = active != NULL ? AC_OK : AC_ENOMEM;

  for (size_t i = 0; i < copy->n_hashes && rc == AC_OK; i++) {
    const hmap_slot *s = hmap_find(m, copy->hashes[i].hash);
    uint32_t b = copy->hashes[i].pos;
    size_t n_picks;
    if (s->count == 0)
      continue;
    n_picks = seed_places(x, m, s, b, active, n_active, picks);
    for (size_t j = 0; j < n_picks && rc == AC_OK; j++) {
      uint32_t a = m->sorted[picks[j]].pos;
      long c;
      if (!same_shingle(x, a, b))      /* a hash collision, not shared words */
        continue;
      c = chain_pick(x, active, &n_active, a, b,
                     s->count > 1 ? RECURRING_SKEW : AC_CMP_MAX_SKEW);
      if (c >= 0) {
        x->ps[c].a1 = a;
        x->ps[c].b1 = b;
        continue;
      }
      rc = chain_add(x, a, b);
      if (rc == AC_OK)
        active[n_active++] = x->n - 1;
    }
  }
  free(active);
  for (size_t i = 0; i < x->n; i++) {    /* the last seed's shingle ends the chain */
    x->ps[i].a1 += x->k;
    x->ps[i].b1 += x->k;
  }
  return rc;
}

static int pass_cmp(const void *p, const void *q)
{
  const cmp_pass *a = p, *b = q;

  if (a->b0 != b->b0)
    return a->b0 < b->b0 ? -1 : 1;
  return a->a0 < b->a0 ? -1 : a->a0 > b->a0;
}

/* Does q continue p in both texts (gaps up to twice a chain's, similar in both,
 * the words between agreeing)? A heavily rewritten sentence between two copied
 * stretches on the same diagonal still belongs to one copy. */
static bool continues(const cmp_ctx *x, const cmp_pass *p, const cmp_pass *q)
{
  long gb = (long)q->b0 - (long)p->b1, ga = (long)q->a0 - (long)p->a1;
  long skew = ga > gb ? ga - gb : gb - ga;

  return gb >= -(long)x->k && gb <= 2 * AC_CMP_MAX_GAP && ga >= -(long)x->k &&
         ga <= 2 * AC_CMP_MAX_GAP && skew <= AC_CMP_MAX_SKEW &&
         gap_agrees(x, p->a1, q->a0, p->b1, q->b0);
}

/* Passages that continue each other (in copy order) become one. */
static void merge_neighbours(cmp_ctx *x)
{
  size_t out = 0;

  if (x->n == 0)
    return;
  qsort(x->ps, x->n, sizeof *x->ps, pass_cmp);
  for (size_t i = 0; i < x->n; i++) {
    const cmp_pass *q = &x->ps[i];
    cmp_pass *p = out > 0 ? &x->ps[out - 1] : NULL;
    if (p != NULL && continues(x, p, q)) {
      p->a1 = q->a1 > p->a1 ? q->a1 : p->a1;
      p->b1 = q->b1 > p->b1 ? q->b1 : p->b1;
      continue;
    }
    x->ps[out++] = *q;
  }
  x->n = out;
}

/* Cut the last `cut` copy tokens off p (and as many original tokens). */
static void trim_end(cmp_pass *p, uint32_t cut)
{
  p->b1 = p->b1 - p->b0 > cut ? p->b1 - cut : p->b0;
  p->a1 = p->a1 - p->a0 > cut ? p->a1 - cut : p->a0;
}

/* Original tokens of [a0, a1) that kept passages already cover. */
static uint32_t used_count(const uint8_t *used, uint32_t a0, uint32_t a1)
{
  uint32_t n = 0;

  for (uint32_t i = a0; used != NULL && i < a1; i++)
    n += used[i];
  return n;
}

static void mark_used(uint8_t *used, const cmp_pass *p)
{
  if (used != NULL)
    memset(used + p->a0, 1, p->a1 - p->a0);
}

/* Is q the better of two places in the original for the same copied words?
 * When the original repeats a sentence, each copy of it takes a free one. */
static bool better_alternative(const uint8_t *used, const cmp_pass *p, const cmp_pass *q)
{
  return q->b0 == p->b0 && q->b1 == p->b1 &&
         used_count(used, q->a0, q->a1) < used_count(used, p->a0, p->a1);
}

/* A copy token belongs to one passage at most: of two overlapping passages
 * the shorter gives way (a stray seed must not cut into a long passage). */
static void resolve_overlaps(cmp_ctx *x)
{
  uint8_t *used = calloc(x->na ? x->na : 1, 1);   /* NULL: no preference, still correct */
  size_t out = 0;

  for (size_t i = 0; i < x->n; i++) {
    cmp_pass q = x->ps[i];
    while (out > 0 && q.b0 < x->ps[out - 1].b1) {
      cmp_pass *p = &x->ps[out - 1];
      uint32_t cut = p->b1 - q.b0;
      if (better_alternative(used, p, &q)) {
        *p = q;
        q.b0 = q.b1;                               /* nothing left of q */
        break;
      }
      if (q.b1 - q.b0 <= p->b1 - p->b0) {         /* q is shorter: it starts later */
        q.b0 = q.b0 + cut < q.b1 ? q.b0 + cut : q.b1;
        q.a0 = q.a0 + cut < q.a1 ? q.a0 + cut : q.a1;
        break;
      }
      trim_end(p, cut);                            /* p is shorter: it ends sooner */
      if (p->b0 < p->b1 && p->a0 < p->a1)
        break;
      out--;
    }
    if (q.b0 < q.b1 && q.a0 < q.a1) {
      if (out > 0)
        mark_used(used, &x->ps[out - 1]);          /* settled: nothing later starts before q */
      x->ps[out++] = q;
    }
  }
  free(used);
  x->n = out;
}

static void drop_short(cmp_ctx *x)
{
  size_t out = 0;

  for (size_t i = 0; i < x->n; i++) {
    cmp_pass *p = &x->ps[i];
    uint32_t la = p->a1 - p->a0, lb = p->b1 - p->b0;
    if (p->matched >= x->min_tokens &&
        p->matched >= AC_CMP_MIN_EXACTNESS * (la > lb ? la : lb))
      x->ps[out++] = *p;
  }
  x->n = out;
}

static int align(cmp_ctx *x, const ac_fingerprint *original, const ac_fingerprint *copy)
{
  hmap m = {0};
  int rc = hmap_build(&m, original);

  if (rc == AC_OK)
    rc = chain_seeds(x, &m, copy);
  hmap_dispose(&m);
  if (rc < 0)
    return rc;
  merge_neighbours(x);
  resolve_overlaps(x);          /* a stray seed inside a passage must not block its growth */
  ac_fp__extend_all(x);
  merge_neighbours(x);
  resolve_overlaps(x);
  for (size_t i = 0; i < x->n; i++)
    x->ps[i].matched = ac_fp__count_matches(x, &x->ps[i]);
  drop_short(x);
  return AC_OK;
}

static int fill_result(ac_comparison *c, const cmp_ctx *x)
{
  uint64_t matched = 0, span = 0;

  c->passages = calloc(x->n ? x->n : 1, sizeof *c->passages);
  if (c->passages == NULL)
    return AC_ENOMEM;
  for (size_t i = 0; i < x->n; i++) {
    const cmp_pass *p = &x->ps[i];
    ac_passage *o = &c->passages[i];
    uint32_t la = p->a1 - p->a0, lb = p->b1 - p->b0, longer = la > lb ? la : lb;
    o->orig_tok_start = p->a0;
    o->orig_tok_end = p->a1;
    o->copy_tok_start = p->b0;
    o->copy_tok_end = p->b1;
    o->orig_start = x->A[p->a0].start;
    o->orig_end = x->A[p->a1 - 1].end;
    o->copy_start = x->B[p->b0].start;
    o->copy_end = x->B[p->b1 - 1].end;
    o->exactness = (double)p->matched / longer;
    matched += p->matched;
    span += longer;
  }
  c->n_passages = x->n;
  c->exactness = span ? (double)matched / (double)span : 0.0;
  ac_fp__coverage(c, x);
  c->cls = ac_fp__classify(c, x);
  return ac_fp__prose(c, x);
}

int ac_fp_compare(ac_comparison **out, const ac_fingerprint *original,
                  const ac_fingerprint *copy, ac_error *err)
{
  return ac_fp_compare_with(out, original, copy, NULL, err);
}

int ac_fp_compare_with(ac_comparison **out, const ac_fingerprint *original,
                       const ac_fingerprint *copy, const ac_compare_options *opts,
                       ac_error *err)
{
  static const ac_compare_options defaults = AC_COMPARE_OPTIONS_INIT;
  cmp_ctx x = {0};
  ac_comparison *c;
  int rc;

  *out = NULL;
  if (original->params.k != copy->params.k || original->params.w != copy->params.w)
    return ac_error_set(err, AC_EINVALID, "fingerprints made with different parameters "
                        "(k=%u w=%u and k=%u w=%u)", original->params.k, original->params.w,
                        copy->params.k, copy->params.w);
  c = calloc(1, sizeof *c);
  if (c == NULL)
    return ac_error_set(err, AC_ENOMEM, "out of memory");
  x.A = original->tokens;
  x.na = (uint32_t)original->n_tokens;
  x.B = copy->tokens;
  x.nb = (uint32_t)copy->n_tokens;
  x.k = original->params.k;
  x.min_tokens = original->params.k + original->params.w - 1;
  x.opts = opts != NULL ? *opts : defaults;
  if (x.opts.min_passage < 1)
    x.opts.min_passage = 1;
  x.qa = original->quoted;
  x.qb = copy->quoted;
  rc = align(&x, original, copy);
  if (rc == AC_OK)
    rc = fill_result(c, &x);
  free(x.ps);
  if (rc < 0) {
    ac_comparison_free(c);
    return ac_error_set(err, rc, "out of memory");
  }
  *out = c;
  return AC_OK;
}

void ac_comparison_free(ac_comparison *c)
{
  if (c == NULL)
    return;
  free(c->passages);
  free(c);
}
