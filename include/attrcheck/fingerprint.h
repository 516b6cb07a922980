/*
 * attrcheck: fingerprints and comparison — which text was copied, how much, where.
 *
 * Normalisation: NFKC + case folding (utf8proc), every code point that is not
 * a letter, number or mark separates tokens, scripts without spaces give one
 * token per character. Winnowing: k-token shingles hashed with XXH3-64, the
 * rightmost minimum of each window of w. Identity: `ac1:sha256:<hex>` of the
 * tokens joined by single spaces; the `ac1` tag changes whenever normalisation
 * or the default parameters change.
 */
#ifndef ATTRCHECK_FINGERPRINT_H
#define ATTRCHECK_FINGERPRINT_H

#include "common.h"
#include "error.h"

typedef struct ac_page ac_page;

#define AC_FP_TAG "ac1"
#define AC_FP_DEFAULT_K 5u
#define AC_FP_DEFAULT_W 4u

typedef struct ac_fp_params {
  unsigned k;              /* tokens per shingle */
  unsigned w;              /* winnowing window, in shingles */
} ac_fp_params;

#define AC_FP_PARAMS_INIT { AC_FP_DEFAULT_K, AC_FP_DEFAULT_W }

/** A token: its byte span in the text it was cut from, and its hash. */
typedef struct ac_token {
  uint32_t start, end;
  uint64_t hash;           /* XXH3-64 of the normalised token */
} ac_token;

/** A winnowed shingle hash and the index of its first token. */
typedef struct ac_winnow {
  uint64_t hash;
  uint32_t pos;
} ac_winnow;

typedef struct ac_fingerprint {
  char digest[80];         /* "ac1:sha256:<64 hex digits>" */
  uint64_t simhash;        /* near-identity only; unfit for partial copies */
  ac_fp_params params;
  ac_token *tokens;        size_t n_tokens;
  ac_winnow *hashes;       size_t n_hashes;
  /* Per token, 1 when it stands inside quotation marks (ac_fp_mark_quotes())
   * or a span given to ac_fp_mark_quoted(); NULL when no token does. */
  uint8_t *quoted;         size_t n_quoted;
} ac_fingerprint;

/**
 * Fingerprint UTF-8 text (invalid bytes separate words). `params` may be NULL
 * for the defaults. `*out` is yours: ac_fp_free(); token spans are byte
 * offsets into `text`. Returns AC_ENOMEM, AC_EINVALID (bad parameters: k
 * 1..64, w 1..1024) or AC_ELIMIT (4 GiB of text or more). `err` may be NULL.
 */
AC_EXTERN int ac_fp_compute(ac_fingerprint **out, const char *text, size_t len,
                            const ac_fp_params *params, ac_error *err);
AC_EXTERN void ac_fp_free(ac_fingerprint *fp);

/**
 * Mark the tokens that stand inside quotation marks of any script in `text`,
 * the text `fp` was computed from (docs/fingerprint.md). A separate step, as
 * only comparison needs it: ac_page_fingerprint() does it; after
 * ac_fp_compute() on text of your own, call it before ac_fp_compare(). AC_ENOMEM.
 */
AC_EXTERN int ac_fp_mark_quotes(ac_fingerprint *fp, const char *text, size_t len,
                                ac_error *err);

/**
 * Mark the tokens that start inside any of `spans` (byte ranges of the text
 * fingerprinted, such as an HTML <q> or <blockquote>) as quoted. AC_ENOMEM.
 */
AC_EXTERN int ac_fp_mark_quoted(ac_fingerprint *fp, const ac_span *spans, size_t n,
                                ac_error *err);

/**
 * The normalised tokens joined by single spaces (what the digest hashes);
 * malloc'd (the caller frees), NULL when out of memory.
 */
AC_EXTERN char *ac_fp_normalized(const char *text, size_t len);

/**
 * Fingerprint the page's main text (its whole text when it was not extracted)
 * and keep it in the page, replacing an earlier one. Errors as ac_fp_compute().
 */
AC_EXTERN int ac_page_fingerprint(ac_page *page, const ac_fp_params *params, ac_error *err);
/**
 * SHA-256 of data[0..len) as 64 lower-case hex digits and a NUL in out.
 * Returns AC_ERROR when the digest cannot be computed.
 */
AC_EXTERN int ac_sha256_hex(const void *data, size_t len, char out[65]);

/** The page's fingerprint; borrowed; NULL before ac_page_fingerprint(). */
AC_EXTERN const ac_fingerprint *ac_page_fp(const ac_page *page);

typedef enum {
  AC_COPY_UNRELATED = 0,
  AC_COPY_VERBATIM,
  AC_COPY_LIGHTLY_EDITED,
  AC_COPY_TRUNCATED,
  AC_COPY_EXCERPT,
  AC_COPY_RELATED          /* shares words (quotations, named phrases) but too little prose
                              to be a copy: reported, never an error */
} ac_copy_class;

/** "unrelated", "verbatim", "lightly-edited", "truncated", "excerpt", "related". */
AC_EXTERN const char *ac_copy_class_name(ac_copy_class c);

/** A copied passage: token and byte ranges [start, end) on both sides. */
typedef struct ac_passage {
  uint32_t orig_tok_start, orig_tok_end;
  uint32_t copy_tok_start, copy_tok_end;
  uint32_t orig_start, orig_end;   /* bytes in the original's text */
  uint32_t copy_start, copy_end;   /* bytes in the copy's text */
  double exactness;                /* word agreement inside the passage */
  uint32_t quoted_tokens;          /* copy tokens inside quotation marks (on either side) */
  uint32_t prose_tokens;           /* copy tokens counted as copied prose (docs/fingerprint.md) */
} ac_passage;

typedef struct ac_comparison {
  double original_coverage;  /* share of the original's tokens inside passages, not quoted */
  double page_coverage;      /* share of the copy's tokens inside passages, not quoted */
  double exactness;          /* word-level agreement inside passages */
  ac_copy_class cls;
  ac_passage *passages;      size_t n_passages;
  double quoted_coverage;    /* share of the original's tokens inside passages and quoted */
  size_t prose_tokens;       /* copy tokens counted as copied prose */
} ac_comparison;

/* Runs of copied words shorter than this are reported but make no copy (--min-passage). */
#define AC_FP_DEFAULT_MIN_PASSAGE 15u

typedef struct ac_compare_options {
  bool count_quotes;       /* quoted text counts as copied (--count-quotes) */
  unsigned min_passage;    /* words in a run of copied prose, at least 1 */
} ac_compare_options;

#define AC_COMPARE_OPTIONS_INIT { false, AC_FP_DEFAULT_MIN_PASSAGE }

/**
 * Align two fingerprinted texts (made with the same parameters). `*out` is
 * yours: ac_comparison_free(). `opts` may be NULL for the defaults. Returns
 * AC_ENOMEM or AC_EINVALID.
 */
AC_EXTERN int ac_fp_compare_with(ac_comparison **out, const ac_fingerprint *original,
                                 const ac_fingerprint *copy, const ac_compare_options *opts,
                                 ac_error *err);
/** ac_fp_compare_with() with the default options. */
AC_EXTERN int ac_fp_compare(ac_comparison **out, const ac_fingerprint *original,
                            const ac_fingerprint *copy, ac_error *err);
AC_EXTERN void ac_comparison_free(ac_comparison *c);

/** An original in the index that the page copies. */
typedef struct ac_match {
  const char *url;           /* the original's URL */
  const char *host;
  const char *title;
  const char *site_name;
  const char *license;       /* SPDX id, "all-rights-reserved" or NULL */
  const char *holder;
  double original_coverage;
  double page_coverage;
  double exactness;
  ac_copy_class cls;
  size_t copied_tokens;      /* tokens of the page counted as copied prose */
  ac_passage *passages;      size_t n_passages;  /* copy side: bytes in main_text */
  /* The original's indexed text, which the passages' orig_start/orig_end
     point into (for reports that show both sides); NULL when unknown. */
  const char *original_text; size_t original_len;
  double quoted_coverage;    /* as in ac_comparison */
} ac_match;

/**
 * The page's matches, best first; borrowed. After ac_rules_eval(), a credited
 * original comes ahead of an uncredited one whose copied text it accounts for
 * (the same article indexed under several sites).
 */
AC_EXTERN const ac_match *ac_page_matches(const ac_page *page, size_t *count);

#endif
