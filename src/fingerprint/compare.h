/* Internal: the state of one alignment, shared by compare.c, extend.c and classify.c. */
#ifndef AC_FINGERPRINT_COMPARE_H
#define AC_FINGERPRINT_COMPARE_H

#include "fp.h"

/* Seeds further apart than this (tokens, either text) do not chain. */
#define AC_CMP_MAX_GAP 48
/* Nor do seeds whose gaps in the two texts differ by more than this. */
#define AC_CMP_MAX_SKEW 6
/* Between chained seeds, a gap longer than this needs this share of equal words. */
#define AC_CMP_SMALL_GAP 4
#define AC_CMP_GAP_AGREEMENT 0.2
/* Counting matches looks this many tokens ahead for the texts to agree again… */
#define AC_CMP_LOOKAHEAD 8
/* …growing a passage only this far (isolated edits), and needs this many
 * equal tokens there to step over an edit. */
#define AC_CMP_EXTEND_LOOK 3
#define AC_CMP_CONFIRM 3
/* A passage needs this share of its words equal (chance matches stay below). */
#define AC_CMP_MIN_EXACTNESS 0.6

/** A passage in tokens: [a0, a1) of the original, [b0, b1) of the copy. */
typedef struct cmp_pass {
  uint32_t a0, a1, b0, b1;
  uint32_t matched;             /* equal tokens inside, by a greedy diff */
} cmp_pass;

typedef struct cmp_ctx {
  const ac_token *A, *B;        /* original, copy */
  uint32_t na, nb;
  unsigned k;
  unsigned min_tokens;          /* shorter passages are dropped */
  const uint8_t *qa, *qb;       /* quoted tokens of each side, or NULL */
  ac_compare_options opts;
  cmp_pass *ps;  size_t n, cap; /* sorted by b0 after merging */
} cmp_ctx;

/** Grow every passage word by word at both ends, stopping short of its neighbours. */
void ac_fp__extend_all(cmp_ctx *x);
/** Equal tokens inside the passage (a greedy diff that steps over edits). */
uint32_t ac_fp__count_matches(const cmp_ctx *x, const cmp_pass *p);
/** original_coverage and page_coverage from the passages. */
void ac_fp__coverage(ac_comparison *c, const cmp_ctx *x);
/** The class, by the rules in docs/fingerprint.md. */
ac_copy_class ac_fp__classify(const ac_comparison *c, const cmp_ctx *x);
/**
 * Take quoted text out of the coverages (into quoted_coverage), count the
 * copied prose (passages' own and c->prose_tokens), and class as related a
 * copy with too little of it. After ac_fp__classify(). AC_ENOMEM.
 */
int ac_fp__prose(ac_comparison *c, const cmp_ctx *x);

#endif
