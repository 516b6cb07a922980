/*
 * Internal: the fingerprint module's steps, shared between its files.
 * tokens.c cuts and normalises, winnow.c selects shingle hashes, digest.c
 * hashes the normalised text, compare.c aligns two fingerprints.
 */
#ifndef AC_FINGERPRINT_FP_H
#define AC_FINGERPRINT_FP_H

#include "attrcheck/fingerprint.h"

typedef struct ac_fp__cache_entry ac_fp__cache_entry;

/** Tokens of one text and their normalised form joined by single spaces. */
typedef struct ac_fp__tokens {
  ac_token *tok;   size_t n, cap;        /* malloc'd */
  char *norm;      size_t len, cap_norm; /* malloc'd, NUL-terminated */
  ac_fp__cache_entry *cache;             /* normalised code points; malloc'd on first use */
} ac_fp__tokens;

/** Cut and normalise `text`; fills `t` (zeroed by the caller). AC_ENOMEM. */
int ac_fp__tokenize(ac_fp__tokens *t, const char *text, size_t len);
void ac_fp__tokens_dispose(ac_fp__tokens *t);

/**
 * Robust winnowing of `n` shingle hashes with window `w`: the minimum of each
 * window, the rightmost on ties when the window is scanned afresh, recorded
 * only when the selected position changes. `*out` is malloc'd (NULL when n == 0).
 */
int ac_fp__winnow(const uint64_t *shingles, size_t n, unsigned w, ac_winnow **out,
                  size_t *n_out);

/** 64-bit SimHash of a set of hashes (bit i set when most hashes have it). */
uint64_t ac_fp__simhash(const uint64_t *hashes, size_t n);

/** Writes "ac1:sha256:<hex>" of data into out (at least 80 bytes). AC_ERROR on failure. */
int ac_fp__digest(const char *data, size_t len, char *out, size_t out_size);

#endif
