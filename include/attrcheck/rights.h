/*
 * attrcheck: machine-readable rights facts — the W3C TDM Reservation Protocol
 * (tdm-reservation, tdm-policy), AI-use preferences (noai, noimageai,
 * X-Robots-Tag, robots.txt Content-Usage) and the HTTP fields a page was
 * served with. They are part of ac_facts (facts.h) and belong to the page.
 */
#ifndef ATTRCHECK_RIGHTS_H
#define ATTRCHECK_RIGHTS_H

#include "common.h"

/** Where a rights fact was read: the page, its HTTP header block, or a site file. */
typedef enum {
  AC_ORIGIN_PAGE = 0,     /* a <meta> of the page; span is in the page text */
  AC_ORIGIN_HTTP,         /* the header block (ac_page_http_headers, --headers) */
  AC_ORIGIN_TDMREP,       /* a /.well-known/tdmrep.json given with --tdmrep */
  AC_ORIGIN_ROBOTS        /* a robots.txt given with --robots */
} ac_rights_origin;

/** "page", "http", "tdmrep", "robots". */
AC_EXTERN const char *ac_rights_origin_name(ac_rights_origin origin);

/**
 * One rights statement. name is "tdm-reservation", "tdm-policy", "ai-use"
 * (a noai / noimageai / noindex token, or a Content-Usage preference such as
 * "train-ai=n"), "rsl-license" (robots.txt License: line), "link" (an HTTP
 * Link field, value the URL, rel and type in `detail`) or "charset"
 * (Content-Type). Positions: for AC_ORIGIN_PAGE, span is in the page text
 * (ac_page_pos() gives line:column) and line/column are 0; for the other
 * origins, line and column (1-based) are in the origin's own text.
 */
typedef struct ac_right {
  const char *name;
  const char *value;
  const char *agent;       /* the crawler addressed ("googlebot"), NULL for all */
  const char *detail;      /* Link: "rel=license type=application/rsl+xml"; else NULL */
  ac_rights_origin origin;
  ac_span span;
  uint32_t line, column;
} ac_right;

/** What the channels add up to (computed after extraction). */
typedef struct ac_rights_summary {
  /* TDMRep: -1 not stated, 0 not reserved, 1 reserved. The report's processing
     order decides: a matching tdmrep.json rule, else the HTTP fields, else the
     page's meta. `tdm_from` indexes ac_facts.rights (-1 when not stated). */
  int tdm_reservation;
  int tdm_from;
  const char *tdm_policy;  /* from the same channel as the reservation; NULL none */
  /* AI-use opt-outs found, space-separated and sorted ("noai noimageai"); NULL none. */
  const char *ai_use;
} ac_rights_summary;

#endif
