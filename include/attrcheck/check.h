/*
 * attrcheck: the whole pipeline in one call, for embedders, the CLI and the
 * service. A loaded page goes through extraction (with the rules' phrasings),
 * fingerprinting, matching against the index and rule evaluation; the results
 * are kept in the page and read with its getters (ac_page_facts,
 * ac_page_fp, ac_page_matches, ac_page_findings, ac_page_chain,
 * ac_page_attribution), as the reports do.
 */
#ifndef ATTRCHECK_CHECK_H
#define ATTRCHECK_CHECK_H

#include "common.h"
#include "error.h"
#include "facts.h"
#include "fetch.h"
#include "index.h"
#include "rules.h"

/** Options for ac_check_document(): one per stage. */
typedef struct ac_check_options {
  const char *url;         /* where the page is or will be published; NULL when unknown */
  ac_match_options match;
  ac_eval_options eval;
  ac_fetch *fetch;         /* borrowed; NULL: the credited sources are not fetched */
} ac_check_options;

#define AC_CHECK_OPTIONS_INIT { NULL, AC_MATCH_OPTIONS_INIT, AC_EVAL_OPTIONS_INIT, NULL }

/**
 * Check one loaded page: extract (skipped when the page is already extracted),
 * fingerprint, match against `index` (borrowed; NULL: no matching), fetch and
 * compare the credited sources (when `opts->fetch` is set), evaluate
 * `rules` (borrowed; they may be shared by threads). Everything made belongs to
 * the page and is released by ac_page_free(). On failure `err` names the page and
 * the page holds what the stages before the failing one made.
 */
AC_EXTERN int ac_check_document(ac_page *page, const ac_rules *rules, ac_index *index,
                                const ac_check_options *opts, ac_error *err);

#endif
