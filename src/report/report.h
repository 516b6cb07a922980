/*
 * Internal: the report driver shared by the writers (one file per format).
 *
 * report.c owns the output (a stream, or an -o file written atomically) and
 * the counters; each format file defines one ac_report_ops, and the table in
 * report.c maps --format names to them. Writers print through r->out and
 * never check each write: the driver looks at ferror() after every call and
 * turns a failed write (EPIPE, ENOSPC) into AC_EIO naming the output.
 */
#ifndef AC_REPORT_INTERNAL_H
#define AC_REPORT_INTERNAL_H

#include <stdio.h>

#include "attrcheck/facts.h"
#include "attrcheck/finding.h"
#include "attrcheck/fingerprint.h"
#include "attrcheck/page.h"
#include "attrcheck/report.h"
#include "attrcheck/rules.h"
#include "../util/file.h"

typedef struct ac_report_ops {
  const char *name;                                       /* the --format value */
  int (*begin)(ac_report *r);
  int (*page)(ac_report *r, const ac_page *page);
  /* an input that could not be checked; `message` has no "path: " prefix */
  int (*failure)(ac_report *r, const char *path, const char *message);
  /* an input that is not a page (binary, FIFO…); NULL: the format does not list them */
  int (*skipped)(ac_report *r, const char *path, const char *reason);
  int (*end)(ac_report *r, const ac_totals *totals);      /* close arrays, summary */
  void (*dispose)(ac_report *r);                          /* free r->state; may be NULL */
} ac_report_ops;

struct ac_report {
  const ac_report_ops *ops;
  ac_report_options opts;  /* strings borrowed from the caller */
  FILE *out;               /* file.f, or opts.stream */
  ac_atomic file;          /* the -o file; file.f is NULL when writing a stream */
  char *where;             /* malloc'd name of the output, for messages */
  char *cwd;               /* malloc'd working directory at ac_report_new; may be NULL */
  char *base_abs;          /* malloc'd absolute base directory; may be NULL */
  bool ended;
  ac_totals seen;          /* counted by the driver, for writers that need it before end */
  void *state;             /* the writer's own, freed by ops->dispose */
};

extern const ac_report_ops ac_report__text;
extern const ac_report_ops ac_report__csv;
extern const ac_report_ops ac_report__findings_csv;
extern const ac_report_ops ac_report__json;
extern const ac_report_ops ac_report__sarif;
extern const ac_report_ops ac_report__junit;
extern const ac_report_ops ac_report__github;
extern const ac_report_ops ac_report__html;

/**
 * json.c: one page's object as the JSON report writes it in "pages", so
 * json_page.c (the service's body) shares the writer byte for byte.
 */
struct ac_jsonw;
void ac_report__json_page_object(struct ac_jsonw *w, const ac_report *r, const ac_page *page);

/* ---- report.c: shared judgements ---- */

/** True when the finding counts against --fail-on (unsuppressed, at or above it). */
bool ac_report__fails(const ac_report *r, const ac_finding *f);
/** "pass" or "fail" for a checked page. */
const char *ac_report__verdict(const ac_report *r, const ac_page *page);
/** Line:column of a finding; 0:0 for whole-page findings (span {0,0}). */
ac_pos ac_report__pos(const ac_page *page, ac_span span);
/** The best match (first), or NULL. */
const ac_match *ac_report__best_match(const ac_page *page);
/** The page's URL: facts url, else canonical; NULL when unknown. */
const char *ac_report__page_url(const ac_page *page);

/* ---- provenance.c: what the audit reports say about a page's provenance ---- */

/** "stated: <phrase>", "license: <phrase> (SPDX id)" or "none"; malloc'd, NULL when out of memory. */
char *ac_report__permission(const ac_page *page);
/** Cell `column` (0..AC_CSV_RIGHTS_COLUMNS-1) of the CSV rights columns; malloc'd, NULL empty. */
char *ac_report__rights_cell(const ac_page *page, int column);
#define AC_CSV_RIGHTS_COLUMNS 4
/**
 * The chain from the text's origin: "coastnews.example (text) > aggregator.example;
 * credited: bbc.co.uk (wrong)"; the credits' chain when nothing was matched; ""
 * when the page has no chain. malloc'd, NULL when out of memory.
 */
char *ac_report__origin_chain(const ac_report *r, const ac_page *page);

/* ---- escape.c: text that stays valid in every format ---- */

/** Write s as XML 1.0 character data (attr: also quotes and newlines escaped). */
void ac_report__xml(FILE *out, const char *s, bool attr);
/** Write one RFC 4180 CSV cell, neutralising formula triggers; NULL is empty. */
void ac_report__csv_cell(FILE *out, const char *s);
/** Write s with GitHub workflow-command escaping (property: also ':' and ','). */
void ac_report__gh_escape(FILE *out, const char *s, bool property);
/**
 * True when a line beginning with s would be read by a GitHub runner as a
 * workflow command: "::" after nothing but blanks or folded controls.
 */
bool ac_report__starts_command(const char *s);
/** Before a path that begins a line: "./" when it would start a command, else nothing. */
void ac_report__lead(FILE *out, const char *path);

/* ---- previous.c: what an -o file may replace ---- */

/**
 * AC_OK when `path` is new, empty, a link, a device or FIFO, or a previous
 * report of `format`; else AC_EINVALID ("not overwritten: …") or AC_EIO.
 */
int ac_report__may_replace(const char *format, const char *path, ac_error *err);

/* ---- path.c: paths as reports show them ---- */

/** The working directory, malloc'd; NULL when it cannot be read. */
char *ac_report__cwd(void);
/** The absolute, cleaned form of `path` (NULL: `cwd`); `cwd` NULL: asked for. malloc'd. */
char *ac_report__abspath(const char *path, const char *cwd);
/**
 * The path relative to `base_abs` (absolute, cleaned) with forward slashes, or
 * the cleaned absolute path when it lies outside; `cwd` resolves a relative
 * path (NULL: asked for). malloc'd.
 */
char *ac_report__relpath(const char *path, const char *base_abs, const char *cwd);
/** `path` as reports show it: relative to the base directory; malloc'd. */
char *ac_report__rel(const ac_report *r, const char *path);
/** Write a relpath() result as a URI reference (file:// when absolute), percent-encoded. */
void ac_report__uri(FILE *out, const char *rel);
/** Write v with `decimals` digits after a '.', whatever the locale says. */
void ac_report__fixed(FILE *out, double v, int decimals);
/** Write text on one line: invalid UTF-8 as U+FFFD, control characters but tab as spaces. */
void ac_report__plain(FILE *out, const char *s);

#endif
