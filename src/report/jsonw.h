/*
 * Internal: a small streaming JSON writer for the json and sarif reports.
 *
 * It tracks nesting so callers never write commas by hand, and escapes every
 * string so the output stays valid JSON whatever the page held: invalid UTF-8
 * becomes U+FFFD, control characters are escaped.
 */
#ifndef AC_REPORT_JSONW_H
#define AC_REPORT_JSONW_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define AC_JSONW_MAX_DEPTH 32

typedef struct ac_jsonw {
  FILE *out;
  int depth;
  bool pretty;
  bool need_comma[AC_JSONW_MAX_DEPTH];
  bool after_key;          /* a key was written: the value follows on the same line */
} ac_jsonw;

void ac_jsonw_init(ac_jsonw *w, FILE *out, bool pretty);
void ac_jsonw_object(ac_jsonw *w);
void ac_jsonw_array(ac_jsonw *w);
/** Close the innermost object or array. */
void ac_jsonw_close(ac_jsonw *w, char bracket);
void ac_jsonw_key(ac_jsonw *w, const char *key);
/** A string value; NULL writes null. */
void ac_jsonw_str(ac_jsonw *w, const char *s);
void ac_jsonw_strn(ac_jsonw *w, const char *s, size_t len);
/** One string value made of a, b and c (none NULL), without building it first. */
void ac_jsonw_concat(ac_jsonw *w, const char *a, const char *b, const char *c);
void ac_jsonw_int(ac_jsonw *w, long long v);
/** A number with `decimals` digits after the point; NaN and infinities write null. */
void ac_jsonw_num(ac_jsonw *w, double v, int decimals);
void ac_jsonw_bool(ac_jsonw *w, bool v);
void ac_jsonw_null(ac_jsonw *w);

/* key + value in one call */
void ac_jsonw_kstr(ac_jsonw *w, const char *key, const char *s);
void ac_jsonw_kint(ac_jsonw *w, const char *key, long long v);
void ac_jsonw_kbool(ac_jsonw *w, const char *key, bool v);
void ac_jsonw_knum(ac_jsonw *w, const char *key, double v, int decimals);
/** Write only the escaped body of a string (no quotes), for callers that build one. */
void ac_jsonw_escaped(FILE *out, const char *s, size_t len);

#endif
