/*
 * attrcheck: a page — the document being checked, and everything derived from it.
 *
 * An ac_page owns its decoded UTF-8 text and an arena from which extraction,
 * fingerprinting, matching and rule evaluation allocate; ac_page_free()
 * releases all of it at once.
 */
#ifndef ATTRCHECK_PAGE_H
#define ATTRCHECK_PAGE_H

#include "common.h"
#include "error.h"

typedef struct ac_page ac_page;

/** An input problem the run survives (broken markup, a guessed charset, a cut list). */
typedef struct ac_note {
  const char *code;        /* "charset-guessed", "jsonld-invalid", "limit-facts", … */
  const char *message;
  ac_span span;
} ac_note;

/**
 * Read and decode one page from a file ("-" for standard input). On success
 * `*out` is yours: release it with ac_page_free(). Returns AC_EIO (unreadable),
 * AC_ELIMIT (over limits->max_bytes), AC_ENOTPAGE (binary data) or AC_ENOMEM;
 * `err` names the file. `limits` may be NULL for the defaults.
 */
AC_EXTERN int ac_page_load_file(ac_page **out, const char *path, const ac_limits *limits,
                                ac_error *err);

/**
 * Decode a page from memory. `name` is what messages call it. The bytes are
 * copied (after charset conversion); `*out` is yours.
 */
AC_EXTERN int ac_page_load_buffer(ac_page **out, const char *name, const void *bytes,
                                  size_t len, const ac_limits *limits, ac_error *err);

/** Release a page and all it owns. NULL does nothing. */
AC_EXTERN void ac_page_free(ac_page *page);

/** The name given at load time (the path); borrowed. */
AC_EXTERN const char *ac_page_path(const ac_page *page);
/** The decoded UTF-8 text; borrowed, NUL-terminated, may contain NUL bytes. */
AC_EXTERN const char *ac_page_text(const ac_page *page, size_t *len);
/** The charset the bytes were decoded from ("utf-8", "windows-1252", …). */
AC_EXTERN const char *ac_page_charset(const ac_page *page);
/** The limits the page was loaded with; borrowed. */
AC_EXTERN const ac_limits *ac_page_limits(const ac_page *page);

/** 1-based line:column (code points) of a byte offset in the page text. */
AC_EXTERN ac_pos ac_page_pos(const ac_page *page, uint32_t offset);

/** The notes collected so far (bounded by limits->max_notes); borrowed. */
AC_EXTERN const ac_note *ac_page_notes(const ac_page *page, size_t *count);
/** How many notes were dropped after the list was full. */
AC_EXTERN size_t ac_page_notes_dropped(const ac_page *page);

/**
 * What a note code means and what to do about it, for `rules explain`; NULL
 * for a code attrcheck does not write. Static strings.
 */
AC_EXTERN const char *ac_note_explain(const char *code);

/** Add a note; the strings are copied. Returns AC_ENOMEM; a full list only counts. */
AC_EXTERN int ac_page_note(ac_page *page, const char *code, ac_span span, const char *fmt,
                           ...) AC_PRINTF(4, 5);

#endif
