/*
 * attrcheck: reports — one writer per format over a shared driver.
 *
 * Formats: text, csv (the audit report, one row per page), findings-csv,
 * json, sarif (2.1.0), junit, github, html (one self-contained file for
 * auditors: summary charts, page table, copied passages side by side). A report is fed pages in order and
 * closed with the run's totals.
 */
#ifndef ATTRCHECK_REPORT_H
#define ATTRCHECK_REPORT_H

#include <stdio.h>

#include "common.h"
#include "error.h"
#include "finding.h"

typedef struct ac_page ac_page;
typedef struct ac_rules ac_rules;
typedef struct ac_report ac_report;

typedef enum { AC_COLOR_NEVER = 0, AC_COLOR_ALWAYS } ac_color;

typedef struct ac_report_options {
  const char *format;      /* a --format value; NULL for "text" */
  FILE *stream;            /* where to write when path is NULL */
  const char *path;        /* -o FILE: written atomically (temp, fsync, rename); a device
                              or FIFO is written in place; "-" means `stream`. An existing
                              file is replaced only when it is empty or a previous report
                              of the same format (else AC_EINVALID); a symbolic link is
                              replaced itself, never its target */
  ac_color color;          /* text only; the CLI decides auto */
  const ac_rules *rules;   /* for SARIF's rule table; may be NULL */
  const char *base_dir;    /* paths in SARIF/GitHub are made relative to it; NULL for cwd
                              (the repository root when run from there, as CI does) */
  const char *command_line;/* recorded in JSON and SARIF; may be NULL */
  bool quiet;              /* text: no summary line */
  ac_severity fail_on;     /* a page "fails" with an unsuppressed finding at or above; NONE: never */
  /* What else shaped the run, recorded in the JSON report's `options` so an
     audit can be reproduced (settings from attrcheck.xml included); NULL: unused. */
  const char *config;      /* the attrcheck.xml in use */
  const char *index;
  const char *baseline;
  const char *policy;      /* --policy */
  const char *base_url;
} ac_report_options;

#define AC_REPORT_OPTIONS_INIT                                                            \
  { NULL, NULL, NULL, AC_COLOR_NEVER, NULL, NULL, NULL, false, AC_SEV_ERROR,              \
    NULL, NULL, NULL, NULL, NULL }

/** The run's totals, for summaries. */
typedef struct ac_totals {
  size_t pages;            /* checked */
  size_t failed_inputs;    /* could not be checked */
  size_t skipped;          /* not pages (binary, FIFO…) */
  size_t pages_failing;    /* with a finding at or above --fail-on */
  size_t errors, warnings, notes, suppressed;
  size_t input_notes;      /* problems in the inputs the run survived (ac_page_notes) */
  double seconds;
} ac_totals;

/** The names accepted as --format, NULL-terminated; borrowed. */
AC_EXTERN const char *const *ac_report_formats(void);

/**
 * Start a report. `*out` is yours: finish with ac_report_end() and release
 * with ac_report_free(). Returns AC_EINVALID (unknown format) or AC_EIO
 * (cannot create the output file); `err` names it.
 */
AC_EXTERN int ac_report_new(ac_report **out, const ac_report_options *opts, ac_error *err);

/** Write one checked page: its facts summary, findings and matches. */
AC_EXTERN int ac_report_page(ac_report *r, const ac_page *page, ac_error *err);

/** Record an input that could not be checked (`e` says why). */
AC_EXTERN int ac_report_failure(ac_report *r, const char *path, const ac_error *e,
                                ac_error *err);

/**
 * Record an input skipped as not a page (binary data, a FIFO; `e` says
 * why), so audit reports list every input: a csv row with verdict
 * "skipped", the json "skipped" array, a SARIF note, a JUnit <skipped/>, a
 * GitHub notice. It does not make the run incomplete.
 */
AC_EXTERN int ac_report_skipped(ac_report *r, const char *path, const ac_error *e,
                                ac_error *err);

/**
 * Close the report with the totals. For -o FILE, the file appears only now
 * (atomic rename). Returns AC_EIO when writing failed (disk full, closed pipe).
 */
AC_EXTERN int ac_report_end(ac_report *r, const ac_totals *totals, ac_error *err);

/** Release the report; if it was not ended, a partial -o file is removed. */
AC_EXTERN void ac_report_free(ac_report *r);

/**
 * Write s[0..len) as one quoted JSON string, escaped as every JSON report is:
 * ill-formed UTF-8 as U+FFFD, control characters as \u escapes. For callers
 * that write their own JSON documents (the CLI's fingerprint and compare).
 */
AC_EXTERN void ac_report_json_string(FILE *out, const char *s, size_t len);

/**
 * Write one checked page as its own JSON document:
 * {"verdict": "pass"|"fail", "page": {…}}, where the page object is the one
 * `check --format json` writes in its "pages" array (the same writer), judged
 * against `fail_on`, then a newline. Returns AC_EIO when writing failed.
 */
AC_EXTERN int ac_report_json_page(FILE *out, const ac_page *page, ac_severity fail_on,
                                  ac_error *err);

/**
 * Write s as one CSV cell as every CSV report does (RFC 4180, quoted only
 * when needed, a leading = + - @ tab or CR neutralised with ', ill-formed
 * UTF-8 as U+FFFD, line breaks and the controls of ac_report_plain() as
 * spaces, a cell that would begin a line with "::" quoted). NULL or ""
 * writes nothing. Rows end with CRLF.
 */
AC_EXTERN void ac_report_csv_cell(FILE *out, const char *s);

/**
 * Write s[0..len) as plain terminal text, as the text report does: control
 * characters (C0, DEL, C1 such as CSI), bidirectional controls (U+202E…)
 * and U+2028/U+2029 become spaces, so page text can neither break the line,
 * drive the terminal nor reorder what is shown; tabs are kept when
 * `keep_tab`; ill-formed UTF-8 becomes U+FFFD.
 */
AC_EXTERN void ac_report_plain(FILE *out, const char *s, size_t len, bool keep_tab);

/**
 * Write a path that begins a line of plain text: as ac_report_plain(), after
 * "./" when the line would otherwise begin with "::" (blanks before it
 * included), which a GitHub Actions runner reads as a workflow command.
 */
AC_EXTERN void ac_report_plain_path(FILE *out, const char *path);

/**
 * The audit CSV header, fixed by contract: columns are only ever added at the
 * end. `reason` says why an `error` or `skipped` row has no verdict;
 * `permission` is "stated: …", "license: …" or "none"; `origin_chain` tells
 * the chain from the text's origin (the matched original, marked "(text)")
 * and names a wrong credit, while `chain` keeps the credits' own order.
 */
#define AC_CSV_HEADER                                                                   \
  "path,url,title,verdict,errors,warnings,rules,credited_source,source_link,"           \
  "credit_matches_link,canonical,license,copyright_holder,chain,matched_original,"      \
  "original_coverage,page_coverage,copy_class,fingerprint,reason,permission,origin_chain,"  \
  "quoted_coverage,tdm_reservation,rsl_license,ai_use,license_channels,"                            \
  "source_fetched,source_status,source_coverage"

#define AC_FINDINGS_CSV_HEADER "path,line,column,severity,rule,message,evidence,url,fingerprint"

#endif
