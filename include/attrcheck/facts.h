/*
 * attrcheck: the facts model — everything extraction finds on a page.
 *
 * All strings are NUL-terminated UTF-8 owned by the page (its arena) and valid
 * until ac_page_free(). Every fact keeps the byte span in the page text it
 * comes from; reporters turn spans into line:column with ac_page_pos().
 * docs/facts.md documents the JSON form written by `attrcheck extract`.
 */
#ifndef ATTRCHECK_FACTS_H
#define ATTRCHECK_FACTS_H

#include "common.h"
#include "error.h"
#include "rights.h"

typedef struct ac_page ac_page;
typedef struct ac_rules ac_rules;

/** What a notice says. Phrasings in rule packs name these kinds (kebab-case). */
typedef enum {
  AC_NOTICE_SOURCE = 0,         /* "Source : X", "Quelle: X", "Fuente: X" */
  AC_NOTICE_ORIGINALLY_PUBLISHED, /* "Originally published on/by X" */
  AC_NOTICE_FIRST_APPEARED,     /* "This article first appeared on X" */
  AC_NOTICE_REPUBLISHED,        /* "Republished with permission of X" */
  AC_NOTICE_VIA,                /* "via X" */
  AC_NOTICE_READ_ORIGINAL,      /* "Read the original article" */
  AC_NOTICE_SYNDICATION,        /* "Copyright for syndicated content belongs to the linked Source" */
  AC_NOTICE_APPEARED_FIRST,     /* "The post … appeared first on X" */
  AC_NOTICE_AGENCY,             /* "Mit Material von dpa", "with AP" */
  AC_NOTICE_COPYRIGHT,          /* "© 2023 X", "Copyright 2022 X" */
  AC_NOTICE_RIGHTS_RESERVED,    /* "All rights reserved", "Tous droits réservés" */
  AC_NOTICE_LICENSE,            /* "licensed under CC BY 4.0" */
  AC_NOTICE_KIND_COUNT
} ac_notice_kind;

/** "source", "originally-published", … ; NULL for an out-of-range kind. */
AC_EXTERN const char *ac_notice_kind_name(ac_notice_kind kind);
/** The kind for a kebab-case name; -1 when unknown. */
AC_EXTERN int ac_notice_kind_from_name(const char *name);

/* rel values kept on links (RFC 8288 link relations, split on spaces). */
enum {
  AC_REL_NOFOLLOW = 1u << 0,
  AC_REL_SPONSORED = 1u << 1,
  AC_REL_UGC = 1u << 2,
  AC_REL_CANONICAL = 1u << 3,
  AC_REL_LICENSE = 1u << 4,
  AC_REL_AUTHOR = 1u << 5,
  AC_REL_NOOPENER = 1u << 6,
  AC_REL_NOREFERRER = 1u << 7,
  AC_REL_EXTERNAL = 1u << 8
};

/** One `<a href>` (or `<link>`), resolved against `<base>` and the page URL. */
typedef struct ac_link {
  const char *href;    /* as written */
  const char *url;     /* absolute; NULL when it cannot be resolved */
  const char *host;    /* lower-case host of url; NULL without one */
  const char *text;    /* anchor text, whitespace collapsed */
  unsigned rel;        /* AC_REL_* flags */
  bool visible;
  ac_span span;        /* the start tag */
} ac_link;

/** Whether a fact is the article's or only an image's, chart's or embed's (a caption). */
typedef enum { AC_SCOPE_PAGE = 0, AC_SCOPE_FIGURE } ac_scope;

/** A visible (or hidden) statement of provenance or rights. */
typedef struct ac_notice {
  ac_notice_kind kind;
  const char *phrase;      /* id of the phrasing that matched */
  const char *text;        /* the block's text, whitespace collapsed */
  const char *credit;      /* the credited name; NULL when none */
  const char *lang;        /* language of the phrasing, or of the page */
  const uint32_t *links;   /* indexes into ac_facts.links: in or next to the block */
  size_t n_links;
  bool visible;            /* not hidden, display:none, aria-hidden, template, script */
  bool in_main;            /* inside the article text (copied from upstream) */
  bool permission;         /* the phrasing states a permission to republish */
  ac_scope scope;          /* AC_SCOPE_FIGURE: in a caption, credits a picture, not the text */
  ac_span span;            /* the block */
  ac_span credit_span;     /* the credited name; {0,0} when none */
} ac_notice;

typedef enum {
  AC_SIGNAL_TEXT = 0, AC_SIGNAL_REL_LICENSE, AC_SIGNAL_JSONLD, AC_SIGNAL_CCREL,
  AC_SIGNAL_META, AC_SIGNAL_MICRODATA, AC_SIGNAL_LINK
} ac_signal_source;

AC_EXTERN const char *ac_signal_source_name(ac_signal_source s);

/** A license statement mapped to an SPDX id ("CC-BY-4.0", "CC0-1.0"). */
typedef struct ac_license {
  const char *id;          /* SPDX id, or "unknown" */
  const char *url;         /* license URL when there is one */
  ac_scope scope;          /* the article's, or only a figure's */
  ac_signal_source source;
  ac_span span;
} ac_license;

/** A copyright statement: "© 2019 Example Ltd". */
typedef struct ac_copyright {
  const char *holder;      /* NULL when the line names nobody */
  const char *years;       /* "2019", "2019-2023"; NULL when none */
  const char *text;
  ac_span span;
} ac_copyright;

/**
 * A machine-readable provenance value: name is "canonical", "og:url",
 * "og:site_name", "original-source", "syndication-source", "author",
 * "copyright", "robots", "dc.source", "dc.rights", "jsonld.isBasedOn",
 * "jsonld.copyrightHolder", "ccrel.attributionName", "microdata.copyrightHolder", …
 */
typedef struct ac_signal {
  const char *name;
  const char *value;
  bool self_reference;     /* the value is the page's own URL/canonical/og:url */
  ac_span span;
} ac_signal;

/** A sign that the page republishes someone else's text. */
typedef struct ac_republication {
  const char *name;        /* "canonical-elsewhere", "read-original-link", "feed-plugin", "tracking-pixel", … */
  const char *evidence;    /* the URL, class name or text that shows it */
  ac_span span;
} ac_republication;

/** A person named as author: byline text, meta author, JSON-LD author. */
typedef struct ac_author {
  const char *name;
  ac_signal_source source;
  ac_span span;
} ac_author;

/** An image that could be a republishing tool's tracking pixel. */
typedef struct ac_pixel {
  const char *url;
  const char *host;
  const char *id;          /* the element id, e.g. "republication-tracker-tool-source" */
  ac_span span;
} ac_pixel;

/** An inline suppression: <!-- attrcheck-disable rule: reason --> … enable. */
typedef struct ac_suppression {
  const char *rule;        /* a rule id, or "*" */
  const char *reason;      /* required; NULL marks a suppression without one */
  ac_span span;            /* from the disable comment to the enable (or page end) */
} ac_suppression;

typedef struct ac_facts {
  const char *url;         /* the page's URL: --url, else og:url when the canonical
                              contradicts it, else canonical, else og:url */
  const char *lang;        /* <html lang>, lower-case; NULL when unknown */
  const char *title;
  const char *site_name;
  const char *canonical;   /* absolute; NULL when none */
  ac_span canonical_span;
  bool noindex;            /* meta robots noindex */

  ac_link *links;               size_t n_links;
  ac_notice *notices;           size_t n_notices;
  ac_license *licenses;         size_t n_licenses;
  ac_copyright *copyrights;     size_t n_copyrights;
  ac_signal *signals;           size_t n_signals;
  ac_republication *republication; size_t n_republication;
  ac_author *byline;            size_t n_byline;
  ac_pixel *pixels;             size_t n_pixels;
  ac_suppression *suppressions; size_t n_suppressions;

  /* The article body without chrome; main_map[i] is the page offset of byte i. */
  const char *main_text;   size_t main_len;
  const uint32_t *main_map;
  ac_span main_span;       /* the element the body was taken from */
  /* Bytes of main_text inside <q> or <blockquote>, in order. */
  const ac_span *main_quotes;  size_t n_main_quotes;
  /* All visible text, for rules that look beyond the body. */
  const char *visible_text; size_t visible_len;
  /* url is only the canonical: no --url or og:url confirms it is the page's
     own, and a copy's canonical often names its original. */
  bool url_assumed;
  /* Machine-readable rights (rights.h): meta, HTTP fields, --tdmrep, --robots. */
  ac_right *rights;             size_t n_rights;
  ac_rights_summary rights_summary;
} ac_facts;

/** A phrasing that matched a block of text. Offsets are bytes into that text. */
typedef struct ac_phrase_match {
  ac_notice_kind kind;
  const char *phrase;      /* phrasing id; borrowed from the rules */
  const char *lang;        /* the phrasing's language, NULL for any */
  bool permission;         /* the phrasing states permission to republish */
  uint32_t start, end;     /* the whole match */
  uint32_t credit_start, credit_end; /* the named group "credit"; equal when absent */
} ac_phrase_match;

/**
 * How extraction finds notices by their phrasing: match one block of text, write at
 * most `max` matches in text order without overlaps, return how many (or a negative
 * AC_E*). Phrasings are data that extraction receives; ac_rules_notice_matcher()
 * gives the rule packs' one. `ctx` is the matcher's own, borrowed for the call.
 */
typedef int (*ac_notice_matcher)(const void *ctx, const char *text, size_t len,
                                 ac_phrase_match *out, size_t max);

/** Options for ac_page_extract_with() and ac_page_extract(). */
typedef struct ac_extract_options {
  const char *url;         /* where the page is or will be published; NULL when unknown */
  ac_notice_matcher match_notices; /* NULL: no notice is found by its phrasing */
  const void *match_ctx;   /* passed to match_notices; borrowed */
  /* Site files read with the page (NULL: none); the texts are borrowed. */
  const char *tdmrep_name, *tdmrep;   /* a /.well-known/tdmrep.json (--tdmrep) */
  size_t tdmrep_len;
  const char *robots_name, *robots;   /* a robots.txt (--robots) */
  size_t robots_len;
} ac_extract_options;

#define AC_EXTRACT_OPTIONS_INIT { NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL, 0 }

/**
 * Parse the page (Gumbo, explicit length, guarded by the page's limits) and
 * extract its facts, finding notices with opts->match_notices. The facts belong
 * to the page. Returns AC_ENOMEM, AC_ECOMPLEX (memory or time budget exceeded:
 * "page-too-complex") or AC_ELIMIT; `err` names the page.
 */
AC_EXTERN int ac_page_extract_with(ac_page *page, const ac_extract_options *opts,
                                   ac_error *err);

/**
 * ac_page_extract_with() matching the notice phrasings of `rules` (NULL: none),
 * unless opts already names a matcher.
 */
AC_EXTERN int ac_page_extract(ac_page *page, const ac_rules *rules,
                              const ac_extract_options *opts, ac_error *err);

enum { AC_JSON_PRETTY = 1 };

/**
 * The page's facts as one JSON object (the `attrcheck extract` format,
 * docs/facts.md), malloc'd into `*out` (the caller frees). AC_JSON_PRETTY
 * indents; otherwise one line. Returns AC_ENOMEM or AC_EINVALID (not extracted).
 */
AC_EXTERN int ac_page_facts_json(const ac_page *page, int flags, char **out, ac_error *err);

/** The facts found by ac_page_extract(); borrowed; NULL before extraction. */
AC_EXTERN const ac_facts *ac_page_facts(const ac_page *page);

#endif
