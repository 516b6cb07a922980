/*
 * attrcheck: --fetch — bring the credited original over HTTP(S) and compare.
 *
 * A fetcher is made once per run and shared by every worker thread: it holds
 * the options, the per-host gate (one request at a time per host, a delay
 * between them), the robots.txt answers and the SQLite cache. Fetched pages
 * go through the same load, extract, fingerprint and compare steps as an
 * index match, and land in the page as a match plus one fetch result each.
 * docs/fetch.md describes the rules and the politeness.
 */
#ifndef ATTRCHECK_FETCH_H
#define ATTRCHECK_FETCH_H

#include "common.h"
#include "error.h"
#include "fingerprint.h"

typedef struct ac_page ac_page;
typedef struct ac_rules ac_rules;
typedef struct ac_fetch ac_fetch;

#define AC_FETCH_USER_AGENT "attrcheck/" ATTRCHECK_VERSION " (attribution check of a credited source)"
#define AC_FETCH_DEFAULT_DELAY 1.0        /* seconds between two requests to one host */
#define AC_FETCH_DEFAULT_TIMEOUT 20.0     /* seconds for a whole request */
#define AC_FETCH_CONNECT_TIMEOUT 10.0     /* seconds to connect, at most the total */
#define AC_FETCH_MAX_REDIRECTS 5L
#define AC_FETCH_MAX_URLS 3u              /* sources fetched per page */

typedef struct ac_fetch_options {
  const char *cache_path;  /* SQLite cache file; NULL: no cache */
  double delay;            /* --fetch-delay, seconds, >= 0 */
  double timeout;          /* --fetch-timeout, total seconds, > 0 */
  size_t max_bytes;        /* --max-bytes: longest body kept */
  bool allow_private;      /* --fetch-allow-private: loopback/private/link-local allowed */
  ac_compare_options compare;
} ac_fetch_options;
#define AC_FETCH_OPTIONS_INIT \
  { NULL, AC_FETCH_DEFAULT_DELAY, AC_FETCH_DEFAULT_TIMEOUT, 16u << 20, false, AC_COMPARE_OPTIONS_INIT }

/** How a fetch ended. */
typedef enum {
  AC_FETCH_OK = 0,         /* a response (any HTTP status) */
  AC_FETCH_GONE,           /* the host does not resolve */
  AC_FETCH_REFUSED,        /* private address without --fetch-allow-private, or not http(s) */
  AC_FETCH_ROBOTS,         /* robots.txt disallows attrcheck */
  AC_FETCH_TIMEOUT,
  AC_FETCH_TOO_BIG,        /* body over max_bytes */
  AC_FETCH_FAILED          /* connection, TLS or protocol error */
} ac_fetch_outcome;

/** "ok", "gone", "refused", "robots", "timeout", "too-big", "failed". */
AC_EXTERN const char *ac_fetch_outcome_name(ac_fetch_outcome o);

/**
 * The machine-readable and visible terms of a fetched source (its meta, its
 * HTTP fields and its robots.txt), kept only when the page copies its text,
 * so the rules upstream-terms-dropped and upstream-license-differs compare
 * them with the page's. Strings owned by the page; NULL when not stated.
 */
typedef struct ac_fetch_terms {
  bool read;               /* the source was compared and the page copies it */
  int tdm_reservation;     /* -1 not stated, 0, 1 (ac_rights_summary) */
  const char *tdm_policy;
  const char *ai_use;      /* AI-use opt-outs, "noai train-ai=n" */
  const char *rsl_license; /* an RSL License: line or Link rel=license rsl+xml URL */
  const char *license;     /* the article's SPDX license id */
} ac_fetch_terms;

typedef struct ac_facts ac_facts;

/**
 * The terms a page's facts state, read the same way for a fetched source and
 * for the page that copies it (strings borrowed from `facts`). `read` is set.
 */
AC_EXTERN void ac_fetch_terms_of(const ac_facts *facts, ac_fetch_terms *out);

/** What one fetched source gave, kept in the page (strings owned by the page). */
typedef struct ac_fetch_result {
  const char *url;         /* the link as found on the page */
  const char *final_url;   /* after redirects; NULL unless a response came */
  const char *why;         /* "source-link", "canonical", "read-original" */
  ac_fetch_outcome outcome;
  long status;             /* HTTP status; 0 without a response */
  bool from_cache;         /* no request was made */
  bool compared;           /* the text was compared (2xx HTML with text) */
  double page_coverage;    /* share of the page found in the source */
  double original_coverage;
  ac_copy_class cls;
  ac_span span;            /* the link (or canonical) on the page */
  /* What the rules report (src/rules/fetched.c, rules/core.xml): */
  bool not_source;         /* credit-not-source: the source has text, but not the page's */
  bool broken;             /* source-link-broken: 404, 410 or a host that does not resolve */
  bool redirected;         /* source-redirected: final_url is on another site */
  const char *reason;      /* for broken: "HTTP 404", "its host does not resolve"; or NULL */
  ac_fetch_terms terms;    /* the source's own terms, read when the page copies it */
} ac_fetch_result;

/**
 * Make a fetcher (libcurl global init happens here: call it before starting
 * threads). The options' strings are copied. `*out` is yours: ac_fetch_free().
 * Returns AC_ENOMEM, AC_EDB (cache cannot be opened or created) or AC_EINVALID.
 */
AC_EXTERN int ac_fetch_new(ac_fetch **out, const ac_fetch_options *opts, ac_error *err);
AC_EXTERN void ac_fetch_free(ac_fetch *f);

/** Requests sent so far (cache hits are not requests); for tests and benchmarks. */
AC_EXTERN unsigned long ac_fetch_requests(const ac_fetch *f);

/**
 * For an extracted, fingerprinted page: fetch its credited source link, a
 * canonical naming another site and its read-original link (at most
 * AC_FETCH_MAX_URLS), compare each with the page, and add to the page a match
 * per compared source and a fetch result per URL, which the rules
 * credit-not-source, source-link-broken and source-redirected read (call it
 * before ac_rules_eval). Network problems are notes, never errors. Safe from several threads. Returns AC_ENOMEM.
 */
AC_EXTERN int ac_fetch_check_page(ac_fetch *f, ac_page *page, const ac_rules *rules,
                                  ac_error *err);

/** The page's fetch results in the order fetched; borrowed. */
AC_EXTERN const ac_fetch_result *ac_page_fetched(const ac_page *page, size_t *count);

#endif
