/*
 * Internal: the HTML view of a non-HTML document.
 *
 * Markdown and plain text are not given a second extractor: each is turned
 * into HTML that the one Gumbo extraction reads, and a position map takes
 * every byte of that view back to a byte of the file the user opened, so
 * facts and findings keep their line:column in the .md or .txt file.
 */
#ifndef AC_PAGE_VIEW_H
#define AC_PAGE_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "attrcheck/common.h"
#include "attrcheck/error.h"
#include "attrcheck/page.h"

/* View bytes [view, view + len) come from original bytes [orig, orig + len); len 0: markup. */
typedef struct ac_view_seg {
  uint32_t view, orig, len;
} ac_view_seg;

#define AC_VIEW_MAX_NOTES 8

/* A note found while building the view; placed at a view offset once the page exists. */
typedef struct ac_view_note {
  const char *code;          /* static */
  uint32_t at;               /* view offset */
  char msg[200];
} ac_view_note;

typedef struct ac_view {
  char *text;                /* malloc'd, NUL-terminated */
  size_t len, cap, limit;
  ac_view_seg *segs;         /* malloc'd, sorted by view */
  size_t n_segs, cap_segs;
  ac_view_note notes[AC_VIEW_MAX_NOTES];
  size_t n_notes;
  int status;                /* AC_OK, or the first AC_ENOMEM / AC_ELIMIT: later writes do nothing */
} ac_view;

/** An empty view that may grow to `limit` bytes. */
void ac_view_init(ac_view *v, size_t limit);
/** Release what the view still owns (after ac_view_take, nothing). */
void ac_view_dispose(ac_view *v);

/** Copy original bytes src[0..n) (at original offset `orig`) unchanged. */
int ac_view_raw(ac_view *v, const char *src, size_t n, uint32_t orig);
/** Copy original bytes, HTML-escaped (also for attribute values); each byte keeps its place. */
int ac_view_text(ac_view *v, const char *src, size_t n, uint32_t orig);
/** Markup of our own (a tag), which points at original offset `orig`. */
int ac_view_tag(ac_view *v, const char *markup, uint32_t orig);
/** A string that is not in the original as is (decoded), escaped, pointing at `orig`. */
int ac_view_value(ac_view *v, const char *s, size_t n, uint32_t orig);
/**
 * Record a note at original offset `orig` (the first AC_VIEW_MAX_NOTES are
 * kept). Writes a newline mapped there, so call it where whitespace is harmless
 * (before or in <head>).
 */
void ac_view_note_add(ac_view *v, uint32_t orig, const char *code, const char *fmt, ...)
    AC_PRINTF(4, 5);

/** The original offset of view offset `at`. */
uint32_t ac_view_orig(const ac_view_seg *segs, size_t n, uint32_t at);

/** The kind of a document: `forced` unless AUTO, else by the name's extension, else sniffed. */
ac_input_type ac_page__kind(ac_input_type forced, const char *name, const char *text, size_t len);

/** True when `name` ends in ".mdx" (JSX and import lines are skipped). */
bool ac_page__is_mdx(const char *name);

/*
 * Build the view of a Markdown document (front matter included) or of plain
 * text. `text` is the decoded original. Returns AC_OK, AC_ENOMEM or AC_ECOMPLEX
 * (the view would pass v->limit: "page-too-complex"), with `err` naming `name`.
 */
int ac_page__view_markdown(ac_view *v, const char *name, const char *text, size_t len,
                           bool mdx, ac_error *err);
int ac_page__view_text(ac_view *v, const char *name, const char *text, size_t len,
                       ac_error *err);

/*
 * Front matter at the start of text[0..len): YAML (---), TOML (+++) or JSON
 * ({…}). Returns its length in bytes (0 when there is none) and writes the
 * provenance keys into the view's <head> as <meta>/<link>/<title> elements
 * pointing at the values' original offsets. Never writes main text.
 */
size_t ac_page__front_matter_length(const char *text, size_t len);

/* Front matter larger than this is skipped with a note: no real page needs more. */
#define AC_FM_MAX_BYTES ((size_t)1 << 20)
int ac_page__front_matter_head(ac_view *v, const char *text, size_t fm_len);

/* The provenance keys front matter may carry, and what each becomes in the view's head. */
typedef enum {
  AC_FM_NONE = 0, AC_FM_TITLE, AC_FM_LANG, AC_FM_CANONICAL, AC_FM_SOURCE, AC_FM_AUTHOR,
  AC_FM_LICENSE, AC_FM_COPYRIGHT, AC_FM_SYNDICATION
} ac_fm_key;

/** The provenance key a front matter key names, or AC_FM_NONE. */
ac_fm_key ac_page__fm_key(const char *key, size_t len);
/**
 * The TOML subset (frontmatter_toml.c): top-level `key = value` lines with basic or
 * literal strings, arrays of strings, dates, booleans and numbers. Anything
 * else is skipped with one `front-matter-partial` note, never read wrong.
 */
int ac_page__toml_head(ac_view *v, const char *text, size_t len);
/** Write one front matter value into the head as the element its key calls for. */
int ac_page__fm_emit(ac_view *v, ac_fm_key key, const char *value, size_t n, uint32_t orig);

#endif
