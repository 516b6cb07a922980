/*
 * Index-side winnowing. The fingerprint module winnows shingles with a small
 * window w (dense, for alignment). The postings keep a sparser set: the
 * minimum of each window of W >= w shingles. The minimum of a W-window is the
 * minimum of every w-window inside it, so it is always among the page's
 * winnowed hashes: the sparse set is exactly winnowing with W, taken from
 * fp->hashes without rehashing, and every shared run of k + W - 1 tokens still
 * shares a posting (Schleimer et al., SIGMOD 2003). Postings keep the upper 32
 * bits of the hash: alignment checks every candidate token by token.
 */
#include <stdlib.h>
#include <string.h>

#include "index.h"

static int by_pos(const void *a, const void *b)
{
  const ac_winnow *x = a, *y = b;

  return (x->pos > y->pos) - (x->pos < y->pos);
}

static int by_hash(const void *a, const void *b)
{
  const ac_posting *x = a, *y = b;

  if (x->h != y->h)
    return (x->h > y->h) - (x->h < y->h);
  return (x->pos > y->pos) - (x->pos < y->pos);
}

/* Rightmost minimum of each window of `window` shingle positions. */
static size_t select_minima(const ac_winnow *w, size_t n, size_t n_shingles, unsigned window,
                            ac_posting *out)
{
  size_t count = 0, lo = 0, last = (size_t)-1;
  size_t starts = n_shingles > window ? n_shingles - window + 1 : 1;

  for (size_t s = 0; s < starts; s++) {
    size_t best = (size_t)-1;

    while (lo < n && w[lo].pos < s)
      lo++;
    for (size_t i = lo; i < n && w[i].pos < s + window; i++)
      if (best == (size_t)-1 || w[i].hash <= w[best].hash)
        best = i;
    if (best == (size_t)-1 || best == last)
      continue;
    last = best;
    out[count].h = (int32_t)(uint32_t)(w[best].hash >> 32);
    out[count].pos = w[best].pos;
    count++;
  }
  return count;
}

int ac_index__coarse(const ac_fingerprint *fp, unsigned window, ac_posting **out, size_t *n)
{
  ac_winnow *sorted;
  ac_posting *post;
  size_t count, uniq = 0;
  size_t k = fp->params.k ? fp->params.k : 1;
  size_t n_shingles = fp->n_tokens >= k ? fp->n_tokens - k + 1 : 0;

  *out = NULL;
  *n = 0;
  if (fp->n_hashes == 0)
    return AC_OK;
  sorted = malloc(fp->n_hashes * sizeof *sorted);
  post = malloc(fp->n_hashes * sizeof *post);
  if (sorted == NULL || post == NULL) {
    free(sorted);
    free(post);
    return AC_ENOMEM;
  }
  memcpy(sorted, fp->hashes, fp->n_hashes * sizeof *sorted);
  qsort(sorted, fp->n_hashes, sizeof *sorted, by_pos);
  count = select_minima(sorted, fp->n_hashes, n_shingles, window ? window : 1, post);
  free(sorted);
  /* One posting per hash and original: the first position is enough to report. */
  qsort(post, count, sizeof *post, by_hash);
  for (size_t i = 0; i < count; i++)
    if (uniq == 0 || post[uniq - 1].h != post[i].h)
      post[uniq++] = post[i];
  *out = post;
  *n = uniq;
  return AC_OK;
}

int ac_index__fingerprint_text(ac_index *ix, const char *text, size_t len, ac_fingerprint **out,
                               ac_error *err)
{
  return ac_fp_compute(out, text, len, &ix->params, err);
}

unsigned char *ac_index__pack(const ac_posting *p, size_t n)
{
  unsigned char *blob = malloc(n * 4 + 1);

  if (blob == NULL)
    return NULL;
  for (size_t i = 0; i < n; i++)
    ac_index__put_u32(blob + i * 4, (uint32_t)p[i].h);
  return blob;
}

int32_t *ac_index__unpack(const void *blob, size_t len)
{
  const unsigned char *b = blob;
  size_t n = len / 4;
  int32_t *out = malloc(n * sizeof *out + 1);

  if (out == NULL)
    return NULL;
  for (size_t i = 0; i < n; i++)
    out[i] = (int32_t)ac_index__get_u32(b + i * 4);
  return out;
}
