/* Decoding UTF-8 one sequence at a time, for every module that validates or escapes text. */
#ifndef AC_UTIL_UTF8_H
#define AC_UTIL_UTF8_H

#include <stddef.h>
#include <stdint.h>

/**
 * The code point of the UTF-8 sequence at s[*i] (with *i < len), advancing
 * *i past it. An ill-formed sequence (overlong, a surrogate, past U+10FFFF,
 * cut short) returns -1 and advances *i past its maximal subpart: the bytes
 * one U+FFFD stands for in the Encoding standard's decoder, at least one.
 */
int32_t ac_utf8_next(const char *s, size_t len, size_t *i);

#endif
