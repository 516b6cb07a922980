/* attrcheck: findings — one rule's verdict on one page. */
#ifndef ATTRCHECK_FINDING_H
#define ATTRCHECK_FINDING_H

#include "common.h"
#include "error.h"

typedef struct ac_page ac_page;

typedef enum {
  AC_SEV_NONE = 0, /* "off" in a pack; never reported */
  AC_SEV_NOTE,
  AC_SEV_WARNING,
  AC_SEV_ERROR
} ac_severity;

/** "error", "warning", "note", "none". */
AC_EXTERN const char *ac_severity_name(ac_severity sev);
/** The severity for a name; -1 when unknown. */
AC_EXTERN int ac_severity_from_name(const char *name);

typedef struct ac_finding {
  const char *rule;        /* kebab-case rule id: "credit-link-mismatch" */
  ac_severity severity;
  const char *message;     /* one line, with the facts it is about */
  const char *hint;        /* how to fix it; NULL when none */
  const char *evidence;    /* the text the finding is about (credit, URL…); may be NULL */
  ac_span span;            /* where; {0,0} for the whole page */
  bool suppressed;         /* by an inline comment or a baseline: counted, not failed */
  const char *suppression; /* "inline: reason" or "baseline"; NULL unless suppressed */
} ac_finding;

/** The provenance chain: origin first, this page last. */
typedef struct ac_hop {
  const char *name;        /* "The Verge", "FredZone", "this page" */
  const char *domain;      /* registrable domain when known */
  const char *url;
  const char *license;     /* SPDX id or NULL */
} ac_hop;

/** The rules engine's summary of a page's attribution, for the audit CSV. */
typedef struct ac_attribution {
  const char *credited_source;  /* the credit judged to be the page's source */
  const char *source_link;      /* the link that goes with it */
  int credit_matches_link;      /* 1 yes, 0 no, -1 not judged */
  const char *license;          /* SPDX id of the page's license statement */
  const char *copyright_holder;
} ac_attribution;

/** The attribution summary; borrowed; all NULL / -1 before evaluation. */
AC_EXTERN const ac_attribution *ac_page_attribution(const ac_page *page);

/** Findings of a page in report order (by position, then rule id); borrowed. */
AC_EXTERN const ac_finding *ac_page_findings(const ac_page *page, size_t *count);

/** The page's provenance chain as judged by the rules engine; borrowed. */
AC_EXTERN const ac_hop *ac_page_chain(const ac_page *page, size_t *count);

/** True when `f` is unsuppressed and at or above `fail_on` (AC_SEV_NONE: never). */
AC_EXTERN bool ac_finding_fails(const ac_finding *f, ac_severity fail_on);
/** True when any finding of the page fails at `fail_on`: the page's verdict. */
AC_EXTERN bool ac_page_fails(const ac_page *page, ac_severity fail_on);

/** Counts of unsuppressed findings by severity, and suppressed ones. */
typedef struct ac_finding_counts {
  size_t errors, warnings, notes, suppressed;
} ac_finding_counts;

AC_EXTERN ac_finding_counts ac_page_finding_counts(const ac_page *page);

#endif
