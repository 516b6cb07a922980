/*
 * Winnowing (Schleimer, Wilkerson, Aiken, SIGMOD 2003) and SimHash (Charikar 2002).
 * Keeping the minimum hash of every window of w shingles guarantees that any
 * shared run of at least k + w - 1 tokens yields a shared fingerprint.
 */
#include "fp.h"

#include <stdlib.h>

/* The rightmost minimum of h[lo, hi). */
static size_t rightmost_min(const uint64_t *h, size_t lo, size_t hi)
{
  size_t m = lo;

  for (size_t i = lo + 1; i < hi; i++)
    if (h[i] <= h[m])
      m = i;
  return m;
}

int ac_fp__winnow(const uint64_t *h, size_t n, unsigned w, ac_winnow **out, size_t *n_out)
{
  size_t win = n < w ? n : w, count = 0, sel;
  ac_winnow *res;

  *out = NULL;
  *n_out = 0;
  if (n == 0)
    return AC_OK;
  /* At most one fingerprint per window position, plus the first. */
  res = malloc((n - win + 1) * sizeof *res);
  if (res == NULL)
    return AC_ENOMEM;
  sel = rightmost_min(h, 0, win);
  res[count++] = (ac_winnow){h[sel], (uint32_t)sel};
  for (size_t r = win; r < n; r++) {
    size_t lo = r + 1 - win;
    if (sel < lo)                       /* the minimum left the window: scan afresh */
      sel = rightmost_min(h, lo, r + 1);
    else if (h[r] < h[sel])             /* robust: on a tie keep the earlier choice */
      sel = r;
    else
      continue;
    if (res[count - 1].pos != sel)
      res[count++] = (ac_winnow){h[sel], (uint32_t)sel};
  }
  *out = res;
  *n_out = count;
  return AC_OK;
}

/*
 * Bit counts kept in byte lanes: lanes[j] counts bits j, j+8, … j+56 of every
 * hash, eight counters to a word, flushed before a byte can overflow.
 */
static void simhash_flush(uint64_t lanes[8], int64_t counts[64])
{
  for (int j = 0; j < 8; j++) {
    for (int byte = 0; byte < 8; byte++)
      counts[byte * 8 + j] += (int64_t)((lanes[j] >> (byte * 8)) & 0xFF);
    lanes[j] = 0;
  }
}

uint64_t ac_fp__simhash(const uint64_t *h, size_t n)
{
  uint64_t lanes[8] = {0}, result = 0;
  int64_t counts[64] = {0};
  const uint64_t ones = 0x0101010101010101ull;

  for (size_t i = 0; i < n; i++) {
    for (int j = 0; j < 8; j++)
      lanes[j] += (h[i] >> j) & ones;
    if ((i + 1) % 255 == 0)
      simhash_flush(lanes, counts);
  }
  simhash_flush(lanes, counts);
  for (int b = 0; b < 64; b++)
    if (2 * counts[b] > (int64_t)n)
      result |= 1ull << b;
  return result;
}
