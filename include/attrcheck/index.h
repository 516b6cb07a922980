/*
 * attrcheck: the index of originals — a SQLite file (WAL, busy timeout) that
 * keeps each original's metadata and winnowed fingerprints, and finds which
 * originals a page copies.
 */
#ifndef ATTRCHECK_INDEX_H
#define ATTRCHECK_INDEX_H

#include "common.h"
#include "error.h"
#include "fingerprint.h"

typedef struct ac_index ac_index;
typedef struct ac_page ac_page;

enum {
  AC_INDEX_READONLY = 0,
  AC_INDEX_WRITE = 1,      /* open for writing */
  AC_INDEX_CREATE = 2      /* create when missing (with WRITE) */
};

/**
 * Open an index. A file that is not an attrcheck index is refused with
 * AC_EINVALID and never written. An older schema is migrated when opened for
 * writing. `*out` is yours: ac_index_close(). Each thread opens its own.
 */
AC_EXTERN int ac_index_open(ac_index **out, const char *path, int flags, ac_error *err);
AC_EXTERN void ac_index_close(ac_index *index);

typedef enum { AC_ADDED = 0, AC_REPLACED, AC_UNCHANGED } ac_add_result;

/**
 * Add an extracted, fingerprinted page as an original under `url`. Same URL and
 * text: AC_UNCHANGED; new text: AC_REPLACED. Committed when it returns 0, unless
 * a batch is open (ac_index_begin): then when ac_index_commit() returns 0.
 * Returns AC_EINVALID (no main text, no URL), AC_EIO (read-only, disk full),
 * AC_EDB or AC_ENOMEM.
 */
AC_EXTERN int ac_index_add(ac_index *index, const ac_page *page, const char *url,
                           ac_add_result *result, ac_error *err);

/**
 * Group the following adds and removes into one transaction, so that many
 * originals cost one disk sync: each call still succeeds or fails alone, but
 * nothing is durable until ac_index_commit() returns 0 (report them as added
 * only then). Holds the write lock until commit.
 */
AC_EXTERN int ac_index_begin(ac_index *index, ac_error *err);
/**
 * Commit the batch. AC_EIO/AC_EDB when it cannot be written, or when an
 * earlier error (disk full) already rolled it back: then none of it was kept.
 */
AC_EXTERN int ac_index_commit(ac_index *index, ac_error *err);
/** Drop an open batch. */
AC_EXTERN void ac_index_rollback(ac_index *index);

/** Remove an original by URL; AC_ENOTFOUND when absent. */
AC_EXTERN int ac_index_remove(ac_index *index, const char *url, ac_error *err);

typedef struct ac_match_options {
  unsigned min_shared;     /* shared non-common index fingerprints to be a candidate (3);
                              the index keeps 1 in about (W+1)/2 shingles, W = 16 */
  unsigned max_candidates; /* aligned per page, best first (10) */
  double min_coverage;     /* matches below this page coverage are dropped (0.0 keeps all non-unrelated) */
  ac_compare_options compare;  /* quoted text and the shortest run of prose (fingerprint.h) */
} ac_match_options;

#define AC_MATCH_OPTIONS_INIT { 3u, 10u, 0.0, AC_COMPARE_OPTIONS_INIT }

/**
 * Find the originals the page copies and store them in the page
 * (ac_page_matches). The page must be fingerprinted. A page never matches
 * itself (same URL).
 */
AC_EXTERN int ac_index_match(ac_index *index, ac_page *page, const ac_match_options *opts,
                             ac_error *err);

typedef struct ac_index_stats {
  uint64_t originals;
  uint64_t fingerprints;   /* winnowed hashes kept, merged or fresh */
  uint64_t distinct_fingerprints;  /* among the merged ones */
  uint64_t common_fingerprints; /* among the merged ones, ignored in matching */
  uint64_t fresh_originals;     /* originals whose hashes wait to be merged */
  uint64_t fresh_fingerprints;  /* their hashes */
  uint64_t bytes;          /* file size on disk */
  uint64_t text_bytes;     /* main text of all originals */
  unsigned common_df;      /* a fingerprint in more originals than this is common */
} ac_index_stats;

AC_EXTERN int ac_index_stats_get(ac_index *index, ac_index_stats *stats, ac_error *err);

/** One original as listed by `index list`. Strings are borrowed for the callback. */
typedef struct ac_original {
  const char *url, *title, *site_name, *authors, *license, *holder, *date;
  const char *digest;
  uint64_t simhash;
  uint64_t tokens;
  const char *added_at;
} ac_original;

/** Call `fn` for each original in URL order; a non-zero return stops and is returned. */
AC_EXTERN int ac_index_foreach(ac_index *index, int (*fn)(const ac_original *o, void *ctx),
                               void *ctx, ac_error *err);

/** SQLite integrity check plus attrcheck's own invariants; AC_EDB with a reason. */
AC_EXTERN int ac_index_verify(ac_index *index, ac_error *err);

#endif
