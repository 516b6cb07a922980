/*
 * attrcheck: checks republished web content for licensing and attribution.
 *
 * The calls in order, for one page (the example below the includes is compiled
 * by tests/headers/header_test.c, which defines ATTRCHECK_EXAMPLE):
 *
 *   ac_rules_new, ac_rules_add_defaults   rule packs: loaded once, shared, read-only
 *   ac_index_open                         originals (optional; one per thread)
 *   ac_page_load_file                     bytes → page (ac_page_load_*_with for a URL or headers)
 *   ac_check_document                     extract → fingerprint → match → evaluate, kept in the page
 *   ac_report_new, ac_report_page, ac_report_end   write what the page holds
 *   ac_report_free, ac_page_free, ac_index_close, ac_rules_free
 *
 * Ownership: `**out` arguments and *_new give you an object you release with its
 * *_free (or *_close); getters (ac_page_facts, ac_page_findings, …) lend what the
 * object owns until it is freed. An ac_error is yours, on your stack.
 */
#ifndef ATTRCHECK_H
#define ATTRCHECK_H

#include "attrcheck/common.h"
#include "attrcheck/error.h"
#include "attrcheck/page.h"
#include "attrcheck/facts.h"
#include "attrcheck/rights.h"
#include "attrcheck/finding.h"
#include "attrcheck/url.h"
#include "attrcheck/rules.h"
#include "attrcheck/fingerprint.h"
#include "attrcheck/index.h"
#include "attrcheck/report.h"
#include "attrcheck/sign.h"
#include "attrcheck/fetch.h"
#include "attrcheck/config.h"
#include "attrcheck/check.h"

#ifdef ATTRCHECK_EXAMPLE
/* Check one file against the built-in packs and an index; report as text on stdout. */
static inline int attrcheck_example(const char *path, const char *index_path)
{
  ac_rules *rules = NULL;
  ac_index *index = NULL;
  ac_page *page = NULL;
  ac_report *report = NULL;
  ac_report_options ro = AC_REPORT_OPTIONS_INIT;
  ac_check_options co = AC_CHECK_OPTIONS_INIT;
  ac_totals totals = {0};
  ac_error err = {0};
  int rc;

  ro.stream = stdout;
  rc = ac_rules_new(&rules, &err);
  if (rc == AC_OK)
    rc = ac_rules_add_defaults(rules, NULL, &err);
  if (rc == AC_OK && index_path != NULL)
    rc = ac_index_open(&index, index_path, AC_INDEX_READONLY, &err);
  if (rc == AC_OK)
    rc = ac_page_load_file(&page, path, NULL, &err);
  if (rc == AC_OK)
    rc = ac_check_document(page, rules, index, &co, &err);
  if (rc == AC_OK)
    rc = ac_report_new(&report, &ro, &err);       /* text (format NULL) on ro.stream */
  if (rc == AC_OK)
    rc = ac_report_page(report, page, &err);
  totals.pages = 1;
  if (rc == AC_OK)
    rc = ac_report_end(report, &totals, &err);
  /* On failure err.msg is "path:line:col: what"; err.path, err.line, err.column as data. */
  ac_report_free(report);
  ac_page_free(page);
  ac_index_close(index);
  ac_rules_free(rules);
  return rc;
}
#endif

#endif
