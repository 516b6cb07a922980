/* Decoding UTF-8 one sequence at a time, for every module that validates or escapes text. */
#ifndef AC_UTIL_UTF8_H
#define AC_UTIL_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/**
 * The code point of the UTF-8 sequence at s[*i] (with *i < len), advancing
 * *i past it. An ill-formed sequence (overlong, a surrogate, past U+10FFFF,
 * cut short) returns -1 and advances *i past its maximal subpart: the bytes
 * one U+FFFD stands for in the Encoding standard's decoder, at least one.
 */
int32_t ac_utf8_next(const char *s, size_t len, size_t *i);

/**
 * True for a code point no output may carry raw: C0 controls (tab and line
 * breaks included: callers that keep them test first), DEL, C1 (CSI starts
 * terminal escapes), the bidirectional controls that reorder what a reader
 * sees (U+061C, U+200E/F, U+202A-U+202E, U+2066-U+2069; "Trojan Source",
 * CVE-2021-42574) and the line and paragraph separators U+2028/U+2029.
 */
bool ac_utf8_unsafe(int32_t cp);

/**
 * True when s[at] is the '[' of "##[": a GitHub Actions runner reads
 * "##[error]…" anywhere in a log line as a command (its older syntax), so
 * every writer breaks it up or escapes the bracket.
 */
bool ac_utf8_legacy_command(const char *s, size_t at);

#endif
