/* A streaming JSON writer (RFC 8259) that always produces valid documents. */
#include "jsonw.h"

#include <math.h>
#include <string.h>

#include "report.h"
#include "../util/utf8.h"

void ac_jsonw_init(ac_jsonw *w, FILE *out, bool pretty)
{
  memset(w, 0, sizeof *w);
  w->out = out;
  w->pretty = pretty;
}

static void newline(ac_jsonw *w)
{
  if (!w->pretty)
    return;
  fputc('\n', w->out);
  for (int i = 0; i < w->depth; i++)
    fputs("  ", w->out);
}

/* Before any value or key: the comma and indentation its position needs. */
static void before_value(ac_jsonw *w)
{
  if (w->after_key) {
    w->after_key = false;
    return;
  }
  if (w->depth == 0)
    return;
  if (w->need_comma[w->depth])
    fputc(',', w->out);
  w->need_comma[w->depth] = true;
  newline(w);
}

static void open(ac_jsonw *w, char bracket)
{
  before_value(w);
  fputc(bracket, w->out);
  if (w->depth + 1 < AC_JSONW_MAX_DEPTH)   /* deeper nesting is never written by us */
    w->depth++;
  w->need_comma[w->depth] = false;
}

void ac_jsonw_object(ac_jsonw *w)
{
  open(w, '{');
}

void ac_jsonw_array(ac_jsonw *w)
{
  open(w, '[');
}

void ac_jsonw_close(ac_jsonw *w, char bracket)
{
  bool had_items = w->need_comma[w->depth];

  if (w->depth > 0)
    w->depth--;
  if (had_items)
    newline(w);
  fputc(bracket, w->out);
  if (w->depth == 0 && w->pretty)
    fputc('\n', w->out);
}

void ac_jsonw_key(ac_jsonw *w, const char *key)
{
  before_value(w);
  fputc('"', w->out);
  ac_jsonw_escaped(w->out, key, strlen(key));
  fputs(w->pretty ? "\": " : "\":", w->out);
  w->after_key = true;
}

/* Escape one code point; U+2028/2029 too, so the output is also safe as JavaScript. */
static void escape_cp(FILE *out, int32_t cp, const char *raw, size_t n)
{
  switch (cp) {
  case '"': fputs("\\\"", out); return;
  case '\\': fputs("\\\\", out); return;
  case '\n': fputs("\\n", out); return;
  case '\r': fputs("\\r", out); return;
  case '\t': fputs("\\t", out); return;
  case '\b': fputs("\\b", out); return;
  case '\f': fputs("\\f", out); return;
  default: break;
  }
  if (cp < 0)
    fputs("\\ufffd", out);
  else if (ac_utf8_unsafe(cp))          /* C0, DEL, C1, bidi controls, U+2028/2029 */
    fprintf(out, "\\u%04x", (unsigned)cp);
  else
    fwrite(raw, 1, n, out);
}

void ac_jsonw_escaped(FILE *out, const char *s, size_t len)
{
  size_t i = 0;

  while (i < len) {
    size_t start = i;
    int32_t cp = ac_utf8_next(s, len, &i);

    if (ac_utf8_legacy_command(s, start))
      fputs("\\u005b", out);          /* the same value; no "##[" command in a CI log */
    else
      escape_cp(out, cp, s + start, i - start);
  }
}

void ac_report_json_string(FILE *out, const char *s, size_t len)
{
  fputc('"', out);
  ac_jsonw_escaped(out, s, len);
  fputc('"', out);
}

void ac_jsonw_strn(ac_jsonw *w, const char *s, size_t len)
{
  before_value(w);
  fputc('"', w->out);
  ac_jsonw_escaped(w->out, s, len);
  fputc('"', w->out);
}

void ac_jsonw_concat(ac_jsonw *w, const char *a, const char *b, const char *c)
{
  before_value(w);
  fputc('"', w->out);
  ac_jsonw_escaped(w->out, a, strlen(a));
  ac_jsonw_escaped(w->out, b, strlen(b));
  ac_jsonw_escaped(w->out, c, strlen(c));
  fputc('"', w->out);
}

void ac_jsonw_str(ac_jsonw *w, const char *s)
{
  if (s == NULL)
    ac_jsonw_null(w);
  else
    ac_jsonw_strn(w, s, strlen(s));
}

void ac_jsonw_int(ac_jsonw *w, long long v)
{
  before_value(w);
  fprintf(w->out, "%lld", v);
}

void ac_jsonw_num(ac_jsonw *w, double v, int decimals)
{
  if (!isfinite(v)) {
    ac_jsonw_null(w);
    return;
  }
  before_value(w);
  ac_report__fixed(w->out, v, decimals);
}

void ac_jsonw_bool(ac_jsonw *w, bool v)
{
  before_value(w);
  fputs(v ? "true" : "false", w->out);
}

void ac_jsonw_null(ac_jsonw *w)
{
  before_value(w);
  fputs("null", w->out);
}

void ac_jsonw_kstr(ac_jsonw *w, const char *key, const char *s)
{
  ac_jsonw_key(w, key);
  ac_jsonw_str(w, s);
}

void ac_jsonw_kint(ac_jsonw *w, const char *key, long long v)
{
  ac_jsonw_key(w, key);
  ac_jsonw_int(w, v);
}

void ac_jsonw_kbool(ac_jsonw *w, const char *key, bool v)
{
  ac_jsonw_key(w, key);
  ac_jsonw_bool(w, v);
}

void ac_jsonw_knum(ac_jsonw *w, const char *key, double v, int decimals)
{
  ac_jsonw_key(w, key);
  ac_jsonw_num(w, v, decimals);
}
