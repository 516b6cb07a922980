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

/** What a document is; AC_INPUT_AUTO decides by name and content. */
typedef enum {
  AC_INPUT_AUTO = 0,
  AC_INPUT_HTML,
  AC_INPUT_MARKDOWN,
  AC_INPUT_TEXT,
  AC_INPUT_FEED
} ac_input_type;

/**
 * How a page is loaded, beyond its bytes. All fields may be zero/NULL; the
 * strings are copied into the page. This is where everything the document
 * came with arrives: a forced kind (--input-type), the URL it was fetched
 * from, and the raw HTTP response header block it was served with (from
 * --headers, a WARC record or a fetch), which rights extraction reads.
 */
typedef struct ac_load_options {
  const ac_limits *limits;    /* NULL: the defaults */
  ac_input_type input_type;   /* AC_INPUT_AUTO: by extension and sniffing */
  const char *url;            /* where the bytes came from, or NULL */
  const char *http_headers;   /* raw header block ("Name: value" lines), or NULL */
  size_t http_headers_len;
} ac_load_options;

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

/** ac_page_load_buffer() with load options; `opts` may be NULL. */
AC_EXTERN int ac_page_load_buffer_with(ac_page **out, const char *name, const void *bytes,
                                       size_t len, const ac_load_options *opts, ac_error *err);
/** ac_page_load_file() with load options; `opts` may be NULL. */
AC_EXTERN int ac_page_load_file_with(ac_page **out, const char *path,
                                     const ac_load_options *opts, ac_error *err);

/** Release a page and all it owns. NULL does nothing. */
AC_EXTERN void ac_page_free(ac_page *page);

/** The name given at load time (the path); borrowed. */
AC_EXTERN const char *ac_page_path(const ac_page *page);
/** The decoded UTF-8 text; borrowed, NUL-terminated, may contain NUL bytes. */
AC_EXTERN const char *ac_page_text(const ac_page *page, size_t *len);
/** The charset the bytes were decoded from ("utf-8", "windows-1252", …). */
AC_EXTERN const char *ac_page_charset(const ac_page *page);
/** The input type asked for at load time (AC_INPUT_AUTO when none was forced). */
AC_EXTERN ac_input_type ac_page_input_type(const ac_page *page);
/** What the document was read as: HTML, Markdown, text or a feed item (never AUTO). */
AC_EXTERN ac_input_type ac_page_kind(const ac_page *page);
/** That kind as `extract` JSON writes it: "html", "markdown", "text", "feed-item". Static. */
AC_EXTERN const char *ac_page_kind_name(const ac_page *page);
/**
 * The document as opened, before a Markdown or text file became its HTML view
 * (ac_page_text() is the view, which spans index); for HTML the same as
 * ac_page_text(). Borrowed.
 */
AC_EXTERN const char *ac_page_original_text(const ac_page *page, size_t *len);
/** The URL given at load time, or NULL; borrowed. */
AC_EXTERN const char *ac_page_source_url(const ac_page *page);
/** The raw HTTP header block given at load time, or NULL; borrowed. */
AC_EXTERN const char *ac_page_http_headers(const ac_page *page, size_t *len);
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
