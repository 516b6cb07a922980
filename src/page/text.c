/*
 * Plain text (wire copy, CMS bodies, text as it was received) as an HTML
 * view: paragraphs end at blank lines; a paragraph whose lines are not
 * hard-wrapped (any line over WRAP_WIDTH bytes) has one block per line, the
 * way "Source : The Verge" stands on a line of its own in received copy; in a
 * hard-wrapped paragraph, a line much shorter than the paragraph's longest
 * ends its block. Bare http(s) URLs become links, checked with uriparser.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <uriparser/Uri.h>

#include "view.h"

/* Wrapped text is set at 60 to 80 columns; a longer line is a paragraph of its own. */
#define WRAP_WIDTH 100

typedef struct text_line {
  size_t from, to;           /* [from, to): the line without its end */
} text_line;

static bool blank(const char *t, text_line l)
{
  for (size_t i = l.from; i < l.to; i++)
    if (t[i] != ' ' && t[i] != '\t' && t[i] != '\r' && t[i] != '\f')
      return false;
  return true;
}

static text_line next_line(const char *t, size_t len, size_t from)
{
  const char *nl = memchr(t + from, '\n', len - from);
  text_line l = {from, nl != NULL ? (size_t)(nl - t) : len};

  return l;
}

static bool url_char(unsigned char c)
{
  return c > ' ' && c != '<' && c != '>' && c != '"' && c != '\'' && c < 0x7F;
}

/* A well-formed absolute http(s) URL (RFC 3986, uriparser). */
static bool valid_url(const char *s, size_t n)
{
  UriUriA uri;
  const char *end = NULL;
  bool ok;

  if (uriParseSingleUriExA(&uri, s, s + n, &end) != URI_SUCCESS)
    return false;
  ok = uri.hostText.first != NULL && uri.hostText.afterLast > uri.hostText.first;
  uriFreeUriMembersA(&uri);
  return ok;
}

/* The length of a bare URL at t[i] (0 when none); trailing punctuation stays prose. */
static size_t url_at(const char *t, size_t i, size_t to)
{
  size_t j = i;

  if (!((to - i > 8 && strncasecmp(t + i, "https://", 8) == 0) ||
        (to - i > 7 && strncasecmp(t + i, "http://", 7) == 0)))
    return 0;
  if (i > 0 && url_char((unsigned char)t[i - 1]) && t[i - 1] != '(')
    return 0;                                   /* inside a word: "xhttp://" */
  while (j < to && url_char((unsigned char)t[j]))
    j++;
  while (j > i && strchr(".,;:!?)]}", t[j - 1]) != NULL)
    j--;
  return valid_url(t + i, j - i) ? j - i : 0;
}

/* A block's text with its URLs as links. */
static void block_text(ac_view *v, const char *t, size_t from, size_t to)
{
  size_t run = from;

  for (size_t i = from; i < to; i++) {
    size_t n = (t[i] == 'h' || t[i] == 'H') ? url_at(t, i, to) : 0;
    if (n == 0)
      continue;
    ac_view_text(v, t + run, i - run, (uint32_t)run);
    ac_view_tag(v, "<a href=\"", (uint32_t)i);
    ac_view_text(v, t + i, n, (uint32_t)i);
    ac_view_tag(v, "\">", (uint32_t)i);
    ac_view_text(v, t + i, n, (uint32_t)i);
    ac_view_tag(v, "</a>", (uint32_t)(i + n));
    i += n - 1;
    run = i + 1;
  }
  ac_view_text(v, t + run, to - run, (uint32_t)run);
}

static void block(ac_view *v, const char *t, size_t from, size_t to)
{
  ac_view_tag(v, "<p>", (uint32_t)from);
  block_text(v, t, from, to);
  ac_view_tag(v, "</p>\n", (uint32_t)to);
}

/* A line that ends a sentence (after its trailing spaces). */
static bool ends_sentence(const char *t, text_line l)
{
  size_t i = l.to;

  while (i > l.from && (t[i - 1] == ' ' || t[i - 1] == '\t' || t[i - 1] == '\r'))
    i--;
  return i > l.from && strchr(".!?:;\"'", t[i - 1]) != NULL;
}

/* One paragraph: lines [first, end) of the text, with no blank line among them. */
static void paragraph(ac_view *v, const char *t, size_t len, size_t first, size_t end)
{
  size_t longest = 0, start = first;

  for (text_line l = next_line(t, len, first); l.from < end; l = next_line(t, len, l.to + 1)) {
    longest = l.to - l.from > longest ? l.to - l.from : longest;
    if (l.to >= len)
      break;
  }
  text_line prev = {first, first};
  for (text_line l = next_line(t, len, first); l.from < end; l = next_line(t, len, l.to + 1)) {
    bool last = l.to + 1 >= end || l.to >= len, shorter = 2 * (l.to - l.from) < longest;
    /* A short last line after a finished sentence stands alone ("Source: Reuters"). */
    if (last && shorter && start < l.from && ends_sentence(t, prev)) {
      block(v, t, start, prev.to);
      start = l.from;
    }
    prev = l;
    /* Unwrapped lines, or a short line in wrapped text, end their block. */
    if (last || longest > WRAP_WIDTH || shorter) {
      block(v, t, start, l.to);
      start = l.to + 1;
    }
    if (last)
      break;
  }
}

int ac_page__view_text(ac_view *v, const char *name, const char *text, size_t len,
                       ac_error *err)
{
  size_t para = SIZE_MAX;
  text_line l = {0, 0};

  ac_view_tag(v, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body><article>\n",
              0);
  for (size_t from = 0; from <= len && v->status == AC_OK; from = l.to + 1) {
    l = next_line(text, len, from);
    if (blank(text, l)) {
      if (para != SIZE_MAX)
        paragraph(v, text, len, para, l.from);
      para = SIZE_MAX;
    } else if (para == SIZE_MAX) {
      para = l.from;
    }
    if (l.to >= len)
      break;
  }
  if (para != SIZE_MAX)
    paragraph(v, text, len, para, len);
  ac_view_tag(v, "</article></body></html>\n", (uint32_t)len);
  if (v->status == AC_ENOMEM)
    return ac_error_set_file(err, v->status, name, 0, 0, "out of memory");
  if (v->status == AC_ELIMIT)
    return ac_error_set(err, AC_ECOMPLEX,
                        "%s: page-too-complex: the text's HTML view needs more than %zu bytes",
                        name, v->limit);
  return v->status;
}
