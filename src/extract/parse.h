/*
 * Internal: the guarded Gumbo parse. Gumbo runs with a bounded max_errors and
 * an allocator that charges every block to a memory budget and checks a
 * deadline; on breach the parse is abandoned (never calling Gumbo's recursive
 * free) and every block is released by the allocator itself.
 */
#ifndef AC_EXTRACT_PARSE_H
#define AC_EXTRACT_PARSE_H

#include <gumbo.h>

#include "attrcheck/common.h"
#include "attrcheck/error.h"

typedef struct ac_parse ac_parse;

/**
 * Parse text[0..len) (explicit length: NUL bytes do not truncate). On success
 * `*out` is yours: ac_parse_free() releases the tree and all its memory.
 * Returns AC_ECOMPLEX when limits->max_memory or max_parse_seconds is
 * exceeded (message "NAME: page-too-complex: …"), or AC_ENOMEM.
 */
int ac_parse_html(ac_parse **out, const char *name, const char *text, size_t len,
                  const ac_limits *limits, ac_error *err);

/**
 * The Gumbo output; borrowed, valid until ac_parse_free(). Positions
 * (`.offset`) are byte offsets into the text given to ac_parse_html(), but
 * `original_text.data` may point into a private copy of it (numeric
 * references beyond U+10FFFF are rewritten there, same length): take spans
 * from offsets, never from pointer arithmetic against the page text.
 */
const GumboOutput *ac_parse_output(const ac_parse *p);

/** Peak bytes the parse held, for limits and benchmarks. */
size_t ac_parse_peak_bytes(const ac_parse *p);

/** Bytes the tree holds now (charged like the budget), for what else the page may use. */
size_t ac_parse_used_bytes(const ac_parse *p);

/** Release the tree without recursion. NULL does nothing. */
void ac_parse_free(ac_parse *p);

#endif
