/*
 * Internal: the page object, shared by the library's modules (never by the CLI).
 * Each module fills its own part: load (text), extract (facts), fingerprint
 * (fp), index (matches), rules (findings, chain, attribution).
 */
#ifndef AC_PAGE_INTERNAL_H
#define AC_PAGE_INTERNAL_H

#include "attrcheck/facts.h"
#include "attrcheck/finding.h"
#include "attrcheck/fingerprint.h"
#include "attrcheck/page.h"
#include "../util/arena.h"
#include "../util/linemap.h"

struct ac_page {
  char *path;              /* malloc'd */
  char *text;              /* decoded UTF-8, NUL-terminated, malloc'd */
  size_t len;
  const char *charset;     /* static string */
  ac_limits limits;
  ac_input_type input_type;
  ac_input_type kind;      /* what the document was read as (view_load.c) */
  char *orig;              /* a Markdown or text file as opened, malloc'd; text is its view */
  size_t orig_len;
  struct ac_view_seg *view_map;   /* view offset -> orig offset, malloc'd, or NULL */
  size_t n_view_map;
  char *source_url;        /* malloc'd, or NULL */
  char *http_headers;      /* malloc'd, NUL-terminated, or NULL */
  size_t http_headers_len;
  ac_arena *arena;         /* everything below lives here */
  ac_linemap *linemap;     /* built on first ac_page_pos() */

  bool extracted;
  ac_facts facts;
  ac_fingerprint *fp;      /* malloc'd, freed with the page by fp_free */
  void (*fp_free)(ac_fingerprint *fp); /* set by the fingerprint stage with fp, so that
                                          page/ calls nothing in fingerprint/ */

  ac_note *notes;          size_t n_notes, cap_notes, notes_dropped;
  ac_finding *findings;    size_t n_findings, cap_findings, findings_dropped;
  ac_match *matches;       size_t n_matches, cap_matches;
  struct ac_fetch_result *fetched; size_t n_fetched, cap_fetched;  /* --fetch (src/page/fetched.c) */
  ac_hop *chain;           size_t n_chain;
  ac_attribution attribution;
};

/*
 * The stages' writers into a page: internal, no longer in include/ (the rules
 * engine and the index store their results through them; tests use them too).
 */

/** Store the attribution summary; strings are copied. */
int ac_page_set_attribution(ac_page *page, const ac_attribution *a);
/** Store the provenance chain, origin first; strings are copied. */
int ac_page_set_chain(ac_page *page, const ac_hop *hops, size_t n);
/**
 * Add a finding; strings are copied into the page. Used by the rules engine and
 * for page-level failures such as page-too-complex. Past limits->max_findings
 * the finding is dropped and the page gets one "limit-findings" note.
 * Returns AC_ENOMEM.
 */
int ac_page_add_finding(ac_page *page, const ac_finding *finding);
/** Keep a match in the page; strings and passages are copied. */
int ac_page_add_match(ac_page *page, const ac_match *match);

/** Copy the load options' URL, headers and input type into a new page. */
int ac_page__adopt_options(ac_page *page, const ac_load_options *opts, ac_error *err);

/**
 * Decide the document's kind (forced, else by name and sniffing); for
 * Markdown and text, replace the text with its HTML view and keep the
 * original for positions (view_load.c). AC_ENOTPAGE for a kind not read.
 */
int ac_page__make_view(ac_page *page, ac_input_type forced, ac_error *err);
/** The original offset of a text offset (the same for HTML). */
uint32_t ac_page__orig_offset(const ac_page *page, uint32_t offset);

/** Take ownership of decoded text and make a page of it. */
int ac_page__new(ac_page **out, const char *path, char *text, size_t len, const char *charset,
                 const ac_limits *limits, ac_error *err);

/**
 * Decode raw bytes to UTF-8 as the HTML standard does: BOM, then a
 * <meta charset>/http-equiv prescan of the first 1024 bytes, then a
 * valid-UTF-8 check, then windows-1252. `*out` is malloc'd, NUL-terminated.
 * `*charset` is a static name. A guessed charset adds no error.
 */
int ac_page__decode(const unsigned char *bytes, size_t len, char **out, size_t *out_len,
                    const char **charset, const char *name, ac_error *err);

#endif
