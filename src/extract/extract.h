/*
 * Internal: the extraction context shared by the files of src/extract.
 *
 * One iterative walk over the Gumbo tree (walk.c) appends every text node to
 * one buffer with collapsed whitespace and a byte → page-offset map, cut into
 * block-level runs; element handlers (elems.c, jsonld.c) record metadata as
 * they meet it. Post-passes (notice.c, maintext.c, signals.c) then work on the
 * runs and lists only, never on the tree again.
 */
#ifndef AC_EXTRACT_H
#define AC_EXTRACT_H

#include <gumbo.h>

#include "attrcheck/facts.h"
#include "page/page.h"

/* Flags a frame passes to its descendants; runs keep the ones in RUN_FLAGS. */
enum {
  F_HIDDEN = 1u << 0,  /* hidden, display:none, aria-hidden, template, noscript, comment */
  F_CHROME = 1u << 1,  /* nav, footer, aside, form, comment sections … */
  F_FIGURE = 1u << 2,  /* figure, figcaption, caption blocks */
  F_BYLINE = 1u << 3,  /* a byline element */
  F_NOTEXT = 1u << 4,  /* script, style, head: text is not page text */
  F_HEADING1 = 1u << 5, /* h1: the title, not the body */
  F_QUOTE = 1u << 6,    /* q, blockquote: quoted text (fingerprint quotes) */
  F_BOILER = 1u << 7,   /* a run of the main element that is not the body (maintext.c) */
  F_NAV = 1u << 8       /* menus, forms, comment threads: no text license of the page's */
};

/* Work an element's exit must do, decided on entry. */
enum {
  LV_ANCHOR = 1u << 0, LV_BYLINE = 1u << 1, LV_ITEMPROP = 1u << 2, LV_ITEMSCOPE = 1u << 3,
  LV_RDFA = 1u << 4, LV_CAND = 1u << 5, LV_AUTHOR_LINK = 1u << 6
};

/** What entry decided about an element, kept on the walk's stack until exit. */
typedef struct xelem {
  uint32_t flags;         /* inherited + own F_* */
  uint32_t todo;          /* LV_* */
  int32_t link;           /* its facts.links index, or -1 */
  int32_t item;           /* its microdata item, or -1 */
  const char *lang;       /* nearest lang attribute */
  uint32_t mark;          /* bylines listed on entry (LV_BYLINE) */
  float weight;           /* Readability's class weight: + for "content", "article" … */
  uint16_t depth;         /* in the tree */
  uint16_t chrome_depth;  /* depth of the innermost chrome element around it; 0 none */
} xelem;

/** A microdata item being read (itemscope), for its `name` property. */
typedef struct xitem {
  int32_t parent;
  const char *name;
} xitem;
#define RUN_FLAGS (F_HIDDEN | F_CHROME | F_FIGURE | F_BYLINE | F_HEADING1 | F_QUOTE | F_NAV)

/* FNV-1a, the hash of extraction's small per-page lookup tables (URLs, classes, texts). */
#define AC_FNV_SEED 2166136261u
#define AC_FNV_STEP(h, c) (((h) ^ (unsigned char)(c)) * 16777619u)

static inline uint32_t ac_extract__hash(const char *s, size_t len)
{
  uint32_t h = AC_FNV_SEED;

  for (size_t i = 0; i < len; i++)
    h = AC_FNV_STEP(h, s[i]);
  return h;
}

static inline uint32_t ac_extract__hash_str(const char *s)
{
  uint32_t h = AC_FNV_SEED;

  for (; *s != '\0'; s++)
    h = AC_FNV_STEP(h, *s);
  return h;
}

/** A block-level run of text: x->buf[t0, t1), no separators inside. */
typedef struct xrun {
  uint32_t t0, t1;
  uint32_t flags;
  uint16_t chrome_depth;  /* see xelem */
  const char *lang;       /* nearest lang attribute; NULL for the page's */
} xrun;

/** Where an anchor's text sits in x->buf; parallel to facts.links. */
typedef struct xanchor {
  uint32_t t0, t1;
} xanchor;

/** A candidate for the main-text element. */
typedef struct xcand {
  uint32_t t0, t1;        /* its text in x->buf */
  ac_span span;           /* the element in the page */
  double score;
  int kind;               /* CAND_* below: semantic hints beat scoring */
  uint16_t depth;
} xcand;

enum { CAND_SCORED = 0, CAND_MAIN, CAND_ARTICLE, CAND_BODY_PROP };

typedef struct xctx {
  ac_page *page;
  ac_facts *facts;
  ac_arena *arena;
  const ac_extract_options *opts;
  ac_error *err;
  size_t max_facts;
  size_t mem_left;        /* the page's memory budget less the parse tree (SIZE_MAX: none) */

  /* The text buffer and its map (malloc'd, freed after extraction). */
  char *buf;
  uint32_t *map;
  size_t len, cap;
  bool pending_space;     /* whitespace seen since the last character */
  uint32_t pending_off;   /* the page offset of that whitespace */
  bool in_run;            /* characters appended since the last break */
  uint32_t run_t0, run_flags;
  uint16_t run_chrome_depth;
  const char *run_lang;

  xrun *runs;             size_t n_runs, cap_runs;
  xanchor *anchors;       size_t cap_anchors;   /* count = facts->n_links */
  xcand best[4];          /* per CAND_* kind; score 0 = none */
  bool have_main;         /* main_t0/main_t1 chosen */
  uint32_t main_t0, main_t1;
  struct clsslot *cls_cache; /* class/id values already classified (elems.c) */
  xitem *items;           size_t n_items, cap_items;
  int32_t cur_item;

  /* Capacities of the facts lists (arena-backed, grown by ac_arena_push). */
  size_t cap_links, cap_notices, cap_licenses, cap_copyrights, cap_signals, cap_rep,
      cap_byline, cap_pixels, cap_supp, cap_rights;
  uint32_t *author_set;   /* open addressing: byline index + 1, 0 empty (malloc'd) */
  size_t author_slots;    /* a power of two, at least twice n_byline */
  bool list_full_noted;
  bool depth_noted;

  /* Found in the head, used by the post-passes. */
  const char *base_href;
  const char *canonical_href;
  const char *og_url;
  const char *og_title;
  const char *meta_lang;

} xctx;

/* extract.c */
/** Push one zeroed element on a facts list, noting (once) a full list. NULL: full or OOM. */
void *ac_extract__push(xctx *x, void *items, size_t *count, size_t *cap, size_t size);
/** After a failed push: AC_OK when the list was full (noted), else AC_ENOMEM. */
int ac_extract__full(const xctx *x, size_t count);
/** The span of an element: start tag to end of its end tag (or start tag alone). */
ac_span ac_extract__elem_span(const GumboElement *el);
/** The span of an element's start tag. */
ac_span ac_extract__tag_span(const GumboElement *el);
/** Arena copy of s with whitespace collapsed and trimmed; NULL for an empty result. */
char *ac_extract__collapse(xctx *x, const char *s, size_t len);
/** Arena copy of buf[t0, t1) trimmed, separators as spaces; NULL when empty. */
char *ac_extract__buf_text(xctx *x, uint32_t t0, uint32_t t1);
/** Add a signal; `value` is copied. */
int ac_extract__signal(xctx *x, const char *name, const char *value, ac_span span);
/** Add an author unless the same name is already listed. */
int ac_extract__author(xctx *x, const char *name, ac_signal_source src, ac_span span);
/** Add a license for a URL or a text; ignored when neither names a known license. */
int ac_extract__license(xctx *x, const char *url, const char *text, ac_scope scope,
                        ac_signal_source src, ac_span span);
/** Record an out-of-memory error in x->err and return AC_ENOMEM. */
int ac_extract__oom(xctx *x);

/* walk.c */
/** The one tree walk: text, runs, anchors and element handlers. */
int ac_extract__walk(xctx *x, const GumboNode *root);

/** The attributes the handlers read, found in one pass over an element's. */
typedef struct xattrs {
  const char *cls, *id, *style, *href, *rel, *itemprop, *property, *content, *lang, *src;
  const char *width, *height, *type, *name, *ignore, *role, *http_equiv, *resource, *datetime;
  const char *aria_hidden;
  bool hidden, itemscope;
} xattrs;

/* elems.c */
void ac_extract__scan_attrs(const GumboElement *el, xattrs *a);
/** Does a space-separated list hold `word` (ASCII case ignored)? */
bool ac_extract__has_token(const char *list, const char *word);
/** AC_REL_* flags of a rel attribute. */
unsigned ac_extract__rel_flags(const char *rel);
/** Add a republication signal unless the same name and evidence are listed. */
int ac_extract__republication_add(xctx *x, const char *name, const char *evidence,
                                  ac_span span);

/* meta.c */
/** A <meta> element with its name/property/http-equiv `key`. */
int ac_extract__meta(xctx *x, const GumboElement *el, const char *key, const char *content);
/** An <img> that may be a tracking pixel. */
int ac_extract__pixel(xctx *x, const GumboElement *el, const xattrs *a);

/* items.c */
/** Microdata itemscope/itemprop and RDFa on entry. */
int ac_extract__item_enter(xctx *x, const xattrs *a, xelem *e);

/* suppress.c */
/** data-attrcheck-ignore="rule-id: reason" on an element. */
int ac_extract__ignore_attr(xctx *x, const char *value, ac_span span);

/** Handle an element on entry; `e` comes in with the parent's flags and lang. */
int ac_extract__enter(xctx *x, const GumboNode *node, xelem *e);
/** Handle an element on exit (items.c); its text is x->buf[t0, x->len). */
int ac_extract__leave(xctx *x, const GumboNode *node, uint32_t t0, const xelem *e);
/** Handle a comment (inline suppressions; suppress.c). */
int ac_extract__comment(xctx *x, const GumboNode *node);
/** Close the suppressions still open at the end of the page. */
void ac_extract__close_suppressions(xctx *x);

/* license.c */
/** The SPDX id of a license URL ("CC-BY-4.0"); NULL when not recognised. */
const char *ac_extract__license_from_url(xctx *x, const char *url);
/** The SPDX id of a license named in text ("CC BY-SA 4.0"); NULL when none. */
const char *ac_extract__license_from_text(xctx *x, const char *text, size_t len);

/* jsonld.c */
/** Read one application/ld+json block; invalid JSON becomes a note. */
int ac_extract__jsonld(xctx *x, const char *json, size_t len, ac_span span);

/* notice.c */
/** "2019" or "2019-2023", the first year or range in s; NULL when none. */
const char *ac_extract__years(xctx *x, const char *s, size_t len);
/** Match notice phrasings in every run; copyrights and text licenses from them. */
int ac_extract__notices(xctx *x);

/* maintext.c */
/** Choose the main element; fill main_text, main_map, visible_text; set in_main. */
int ac_extract__maintext(xctx *x);
/** True when buf[t0, t1) lies inside the chosen main element and not in chrome. */
bool ac_extract__in_main(const xctx *x, const xrun *run);

/* rights.c (entry), rights_http.c, rights_files.c, rights_fact.c (shared helpers) */
/** A rights fact (TDMRep, AI-use) in a <meta>; also notes syndication-source as deprecated. */
int ac_extract__rights_meta(xctx *x, const char *key, const char *content, ac_span span);
/** Add one rights fact; strings are copied. A full list is noted once. */
int ac_extract__right(xctx *x, const char *name, const char *value, const char *agent,
                      ac_rights_origin origin, ac_span span, ac_pos pos);
/** The page's HTTP header block, the --tdmrep and --robots files, then the summary. */
int ac_extract__rights(xctx *x);
/** Read a tdmrep.json and keep the rule matching the page's path. */
int ac_extract__tdmrep(xctx *x, const char *name, const char *text, size_t len);
/** Read a robots.txt: Content-Usage and RSL License lines. */
int ac_extract__robots(xctx *x, const char *name, const char *text, size_t len);
/** The path and query of an absolute URL ("/" when none); arena copy, NULL without a URL. */
const char *ac_extract__url_path(xctx *x, const char *url);
/** RFC 9309 path matching: prefix, '*' any run, '$' at the end anchors. */
bool ac_extract__path_match(const char *pattern, size_t plen, const char *path);
/** The "rights" object of the facts JSON (rights_json.c); a new jansson reference. */
struct json_t *ac_extract__rights_json(const ac_page *page, const ac_facts *f);
/** Line:column (1-based, code points) of byte `at` in text. */
ac_pos ac_extract__text_pos(const char *text, size_t at);
/** A tdm-reservation (0/1, else a note) or tdm-policy statement. */
int ac_extract__tdm_fact(xctx *x, const char *key, const char *value, size_t len,
                         ac_rights_origin origin, ac_span span, ac_pos pos);
/** Robots directives ("noai, noindex") for `agent` (NULL: all): AI-use facts, noindex. */
int ac_extract__robots_tokens(xctx *x, const char *agent, const char *list, size_t len,
                              ac_rights_origin origin, ac_span span, ac_pos pos);
/** A robots directive that takes a value after ':' ("max-snippet"), not a user agent. */
bool ac_extract__valued_directive(const char *s, size_t len);
/** An inline RSL document (rights_rsl.c); `offset` is where its text starts in the page. */
int ac_extract__rsl_block(xctx *x, const char *text, size_t len, uint32_t offset,
                          ac_span span);
/** <link rel=license type=application/rsl+xml href>: the RSL document's location. */
int ac_extract__rsl_link(xctx *x, const char *href, const char *type, ac_span span);
/** C2PA manifest associations (rights_c2pa.c): <link rel=c2pa-manifest>, */
int ac_extract__c2pa_link(xctx *x, const char *rel, const char *href, ac_span span);
/** <script type="application/c2pa">, */
int ac_extract__c2pa_script(xctx *x, const char *type, ac_span span);
/** a BEGIN C2PA MANIFEST block in a comment, */
int ac_extract__c2pa_comment(xctx *x, const char *text, ac_span span);
/** and the U+FEFF + variation-selector wrapper anywhere in the page text. */
int ac_extract__c2pa_text(xctx *x);
/** The page's HTTP header block (rights_http.c). */
int ac_extract__http_headers(xctx *x);

/* signals.c */
/** Resolve URLs, canonical, page URL; mark self-references; republication signals. */
int ac_extract__resolve(xctx *x);
int ac_extract__republication(xctx *x);

#endif
