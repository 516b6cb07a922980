/*
 * The part of TOML (v1.0.0) that provenance keys use, for Hugo's "+++" front
 * matter: top-level `key = value` lines whose value is a basic string
 * ("…", with \" \\ \n \t \uXXXX escapes), a literal string ('…'), an array of
 * such strings on one line, a date, a boolean or a number. A table header
 * ends the top level. Whatever else (multi-line strings, inline tables,
 * dotted keys) is skipped with one `front-matter-partial` note naming the
 * line: a key left unread, never a wrong value.
 */
#include <stdio.h>
#include <string.h>

#include "view.h"

#define TOML_MAX_VALUE 4096

typedef struct toml_line {
  const char *t;            /* the whole block; offsets are the file's */
  size_t pos, end;          /* the cursor and the end of this line (before '\n') */
} toml_line;

static void skip_ws(toml_line *l)
{
  while (l->pos < l->end && (l->t[l->pos] == ' ' || l->t[l->pos] == '\t'))
    l->pos++;
}

static bool bare_key_char(char c)
{
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         c == '_' || c == '-';
}

static size_t put_utf8(char *out, unsigned long cp)
{
  if (cp < 0x80) {
    out[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (char)(0xC0 | (cp >> 6));
    out[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | (cp >> 18));
  out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
  out[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

/* One escape after a backslash in a basic string; false for one we do not read. */
static bool basic_escape(toml_line *l, char *out, size_t *n)
{
  static const char from[] = "\"\\nt rbf", to[] = "\"\\\n\t \r\b\f";
  char c = l->t[l->pos++];
  const char *hit = strchr(from, c);
  unsigned long cp = 0;

  if (c != 'u' && c != ' ' && hit != NULL) {
    out[(*n)++] = to[hit - from];
    return true;
  }
  if (c != 'u' || l->end - l->pos < 4)
    return false;
  for (int i = 0; i < 4; i++) {
    char h = l->t[l->pos++];
    int d = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10
          : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
    if (d < 0)
      return false;
    cp = cp * 16 + (unsigned long)d;
  }
  if (cp >= 0xD800 && cp <= 0xDFFF)
    return false;
  *n += put_utf8(out + *n, cp);
  return true;
}

/* A quoted string at the cursor into out (TOML_MAX_VALUE bytes); false when not read. */
static bool read_string(toml_line *l, char *out, size_t *n)
{
  char q = l->t[l->pos];

  *n = 0;
  if ((q != '"' && q != '\'') ||
      (l->end - l->pos >= 3 && l->t[l->pos + 1] == q && l->t[l->pos + 2] == q))
    return false;                                    /* multi-line strings are skipped */
  for (l->pos++; l->pos < l->end; ) {
    char c = l->t[l->pos];
    if (*n + 4 >= TOML_MAX_VALUE)
      return false;
    if (c == q) {
      l->pos++;
      return true;
    }
    if (q == '"' && c == '\\') {
      l->pos++;
      if (l->pos >= l->end || !basic_escape(l, out, n))
        return false;
      continue;
    }
    out[(*n)++] = c;
    l->pos++;
  }
  return false;
}

/* Dates, booleans and numbers: a bare run of these characters, kept as written. */
static bool read_bare(toml_line *l, char *out, size_t *n)
{
  size_t from = l->pos;

  while (l->pos < l->end && (bare_key_char(l->t[l->pos]) || strchr(":.+", l->t[l->pos]) ||
                             (l->t[l->pos] == ' ' && l->pos + 1 < l->end &&
                              l->t[l->pos + 1] >= '0' && l->t[l->pos + 1] <= '9')))
    l->pos++;
  *n = l->pos - from;
  if (*n == 0 || *n >= TOML_MAX_VALUE)
    return false;
  memcpy(out, l->t + from, *n);
  return true;
}

/* The rest of the line after a value: nothing, or a comment. */
static bool line_done(toml_line *l)
{
  skip_ws(l);
  return l->pos >= l->end || l->t[l->pos] == '#' || l->t[l->pos] == '\r';
}

static bool read_array(toml_line *l, ac_view *v, ac_fm_key key, char *buf)
{
  size_t n;

  for (l->pos++;;) {
    uint32_t at;
    skip_ws(l);
    if (l->pos < l->end && l->t[l->pos] == ']') {
      l->pos++;
      return true;
    }
    at = (uint32_t)l->pos;
    if (l->pos >= l->end || !read_string(l, buf, &n))
      return false;
    ac_page__fm_emit(v, key, buf, n, at + 1);
    skip_ws(l);
    if (l->pos < l->end && l->t[l->pos] == ',')
      l->pos++;
  }
}

/* One `key = value` line; false when it is not one we read whole. */
static bool read_pair(toml_line *l, ac_view *v, char *buf)
{
  size_t key_from = l->pos, n;
  ac_fm_key key;
  uint32_t at;

  while (l->pos < l->end && bare_key_char(l->t[l->pos]))
    l->pos++;
  key = ac_page__fm_key(l->t + key_from, l->pos - key_from);
  skip_ws(l);
  if (l->pos == key_from || l->pos >= l->end || l->t[l->pos] != '=')
    return false;
  l->pos++;
  skip_ws(l);
  if (l->pos >= l->end)
    return false;
  at = (uint32_t)l->pos;
  if (l->t[l->pos] == '[') {
    if (!read_array(l, v, key, buf))
      return false;
    return line_done(l);
  }
  if (!(l->t[l->pos] == '"' || l->t[l->pos] == '\'' ? read_string(l, buf, &n)
                                                     : read_bare(l, buf, &n)) ||
      !line_done(l))
    return false;
  if (key != AC_FM_NONE)
    ac_page__fm_emit(v, key, buf, n, l->t[at] == '"' || l->t[at] == '\'' ? at + 1 : at);
  return true;
}

static void partial(ac_view *v, bool *noted, uint32_t at, unsigned line, const char *what)
{
  if (!*noted)
    ac_view_note_add(v, at, "front-matter-partial",
                     "front matter: TOML line %u (%s) was not read; only top-level strings, "
                     "arrays of strings, dates, booleans and numbers are",
                     line, what);
  *noted = true;
}

int ac_page__toml_head(ac_view *v, const char *text, size_t len)
{
  char buf[TOML_MAX_VALUE];
  toml_line l = {text, 0, 0};
  bool noted = false;
  unsigned line = 1;
  uint32_t at;
  size_t next;

  /* The fence lines "+++" are the first and last lines of the block. */
  for (size_t i = 0; i < len; i = next, line++) {
    const char *nl = memchr(text + i, '\n', len - i);
    next = nl != NULL ? (size_t)(nl - text) + 1 : len;
    l.pos = i;
    l.end = nl != NULL ? (size_t)(nl - text) : len;
    skip_ws(&l);
    if (line == 1 || line_done(&l) || (l.end - l.pos >= 3 && memcmp(text + l.pos, "+++", 3) == 0))
      continue;
    if (text[l.pos] == '[') {
      partial(v, &noted, (uint32_t)l.pos, line, "a table: its keys are not top-level");
      break;
    }
    at = (uint32_t)l.pos;
    if (!read_pair(&l, v, buf))
      partial(v, &noted, at, line, "a value of a kind not read");
  }
  return v->status;
}
