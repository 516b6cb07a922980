/*
 * Quoted text: which tokens stand inside quotation marks. Copy checkers leave
 * quotations out of what counts as copied (two outlets quoting the same
 * statement have not copied each other), so the token stream marks them.
 *
 * Marks of every script in use pair up: “…” and „…“ / „…” (English, German,
 * Polish), ‘…’ and ‚…‘, «…» and »…« (French, Russian, German), ‹…› and ›…‹,
 * 「…」 and 『…』 (CJK), and the ASCII "…" and '…'. An apostrophe between
 * letters (don't, l'homme, it’s) is not a mark. Quotes nest; a paragraph end
 * (a line break in the text) closes every open quote, so a stray mark can
 * never reach past its paragraph (and English multi-paragraph quotations,
 * which reopen each paragraph, still count). HTML <q> and <blockquote> reach
 * the fingerprint as byte spans (ac_fp_mark_quoted). Marking is a step of its
 * own after ac_fp_compute(): only comparison needs it, not the index's hashes.
 */
#include "fp.h"
#include "../util/utf8.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Deeper nesting than this is not prose: further marks are ignored. */
#define MAX_DEPTH 8

typedef struct qscan {
  int32_t open[MAX_DEPTH];      /* the opening mark of each open quote */
  int depth;
  uint32_t start;               /* where the outermost quote opened */
} qscan;

static bool closes(int32_t open, int32_t cp)
{
  switch (open) {
  case 0x201C: return cp == 0x201D;                      /* “…” */
  case 0x201D: return cp == 0x201D;                      /* ”…” (Swedish, Finnish) */
  case 0x201E: return cp == 0x201C || cp == 0x201D;      /* „…“ „…” */
  case 0x2018: return cp == 0x2019;                      /* ‘…’ */
  case 0x201A: return cp == 0x2018 || cp == 0x2019;      /* ‚…‘ ‚…’ */
  case 0x00AB: return cp == 0x00BB;                      /* «…» */
  case 0x00BB: return cp == 0x00AB;                      /* »…« */
  case 0x2039: return cp == 0x203A;                      /* ‹…› */
  case 0x203A: return cp == 0x2039;                      /* ›…‹ */
  case 0x300C: return cp == 0x300D;                      /* 「…」 */
  case 0x300E: return cp == 0x300F;                      /* 『…』 */
  case 0x0022: return cp == 0x0022;
  case 0x0027: return cp == 0x0027;
  default: return false;
  }
}

/* May cp open a quote? ” » › open only where nothing they could close is open. */
static bool opens(int32_t cp)
{
  switch (cp) {
  case 0x201C: case 0x201D: case 0x201E: case 0x2018: case 0x201A: case 0x00AB:
  case 0x00BB: case 0x2039: case 0x203A: case 0x300C: case 0x300E: case 0x0022:
  case 0x0027:
    return true;
  default:
    return false;
  }
}

static bool is_word_cp(int32_t cp)
{
  utf8proc_category_t c;

  if (cp < 0)
    return false;
  c = utf8proc_category(cp);
  return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_NO;
}

/* ' and ’ between two letters are apostrophes; ' opens only before a word and
 * after none, and closes only after a word (or punctuation) and before none. */
static bool apostrophe(int32_t cp, int32_t before, int32_t after)
{
  return (cp == 0x0027 || cp == 0x2019) && is_word_cp(before) && is_word_cp(after);
}

/* The depth in the stack whose mark cp closes, or -1. */
static int closer_of(const qscan *q, int32_t cp)
{
  for (int d = q->depth - 1; d >= 0; d--)
    if (closes(q->open[d], cp))
      return d;
  return -1;
}

typedef struct qspan {
  uint32_t start, end;
} qspan;

typedef struct qlist {
  qspan *v;
  size_t n, cap;
} qlist;

static int span_add(qlist *l, uint32_t start, uint32_t end)
{
  if (l->n == l->cap) {
    size_t cap = l->cap ? 2 * l->cap : 16;
    qspan *v = realloc(l->v, cap * sizeof *v);
    if (v == NULL)
      return AC_ENOMEM;
    l->v = v;
    l->cap = cap;
  }
  l->v[l->n].start = start;
  l->v[l->n].end = end;
  l->n++;
  return AC_OK;
}

/* One mark at byte `at`: open, close (down to the quote it closes) or nothing. */
static int on_mark(qscan *q, qlist *l, int32_t cp, int32_t before, int32_t after, uint32_t at,
                   uint32_t next)
{
  int d;

  if (apostrophe(cp, before, after))
    return AC_OK;
  d = closer_of(q, cp);
  if (d >= 0 && !(cp == 0x0027 && !is_word_cp(before) && before != '.' && before != ',' &&
                  before != '!' && before != '?')) {
    q->depth = d;
    return d == 0 ? span_add(l, q->start, next) : AC_OK;
  }
  if (!opens(cp) || q->depth == MAX_DEPTH || (cp == 0x0027 && !is_word_cp(after)))
    return AC_OK;
  if (q->depth == 0)
    q->start = at;
  q->open[q->depth++] = cp;
  return AC_OK;
}

/* A quote still open at a paragraph's end runs to it when it opened with a
 * double mark (English reopens each paragraph of a long quotation); a single
 * mark left open is more likely an elision ('90s, ‘tis) than a quotation. */
static int close_paragraph(qscan *q, qlist *l, uint32_t end)
{
  int32_t first = q->open[0];
  bool single = first == 0x0027 || first == 0x2018 || first == 0x201A || first == 0x2039 ||
                first == 0x203A;
  int rc = q->depth > 0 && !single ? span_add(l, q->start, end) : AC_OK;

  q->depth = 0;
  return rc;
}

static bool is_mark_cp(int32_t cp)
{
  return cp == 0x2019 || cp == 0x300D || cp == 0x300F || opens(cp);
}

/* Bytes that may start a mark or a line break: ASCII " ' \n \r, and the lead
 * bytes of « » (C2), of ‘ ’ ‚ “ ” „ ‹ › (E2) and of 「 」 『 』 (E3). Every
 * other byte is skipped without decoding (fingerprinting runs at 100 MB/s). */
static bool may_start_mark(unsigned char c)
{
  return c == '"' || c == '\'' || c == '\n' || c == '\r' || c == 0xC2 || c == 0xE2 ||
         c == 0xE3;
}

/* The code point that ends just before byte i, or -1 at the start. */
static int32_t cp_before(const char *text, size_t i)
{
  size_t start = i, k;

  if (i == 0)
    return -1;
  while (start > 0 && i - start < 4 && ((unsigned char)text[start - 1] & 0xC0) == 0x80)
    start--;
  start = start > 0 ? start - 1 : 0;
  k = start;
  return ac_utf8_next(text, i, &k);
}

/* Marks and line breaks in the bytes [from, to) of text. */
static int scan_gap(qscan *q, qlist *l, const char *text, size_t len, size_t from, size_t to)
{
  int rc = AC_OK;

  for (size_t i = from; i < to && rc == AC_OK; i++) {
    size_t next = i, after_end;
    int32_t cp, after;
    if (!may_start_mark((unsigned char)text[i]))
      continue;
    cp = ac_utf8_next(text, len, &next);
    if (cp == '\n' || cp == '\r') {              /* a paragraph ends every quote in it */
      rc = close_paragraph(q, l, (uint32_t)i);
    } else if (is_mark_cp(cp)) {
      after_end = next;
      after = next < len ? ac_utf8_next(text, len, &after_end) : -1;
      rc = on_mark(q, l, cp, cp_before(text, i), after, (uint32_t)i, (uint32_t)next);
    }
    i = next - 1;
  }
  return rc;
}

/*
 * The quoted byte ranges of text, in order and disjoint; l->v malloc'd. Marks
 * and line breaks separate tokens, so only the gaps between tokens are read
 * (a single space, the usual gap, is skipped at once).
 */
static int scan(const char *text, size_t len, const ac_token *tok, size_t n, qlist *l)
{
  qscan q = {{0}, 0, 0};
  size_t from = 0;
  int rc = AC_OK;

  for (size_t t = 0; t <= n && rc == AC_OK; t++) {
    size_t to = t < n ? tok[t].start : len;
    if (to > from && !(to - from == 1 && text[from] == ' '))
      rc = scan_gap(&q, l, text, len, from, to);
    from = t < n ? tok[t].end : len;
  }
  return rc == AC_OK ? close_paragraph(&q, l, (uint32_t)len) : rc;
}

/* Marks tokens that start inside one of the spans (both sorted by start). */
static size_t mark_tokens(uint8_t *quoted, const ac_token *tok, size_t n, const qspan *s,
                          size_t ns)
{
  size_t k = 0, marked = 0;

  for (size_t t = 0; t < n && k < ns; t++) {
    while (k < ns && s[k].end <= tok[t].start)
      k++;
    if (k < ns && tok[t].start >= s[k].start && tok[t].start < s[k].end && !quoted[t]) {
      quoted[t] = 1;
      marked++;
    }
  }
  return marked;
}

static int mark(ac_fingerprint *fp, const qspan *s, size_t ns)
{
  if (ns == 0 || fp->n_tokens == 0)
    return AC_OK;
  if (fp->quoted == NULL) {
    fp->quoted = calloc(fp->n_tokens, 1);
    if (fp->quoted == NULL)
      return AC_ENOMEM;
  }
  fp->n_quoted += mark_tokens(fp->quoted, fp->tokens, fp->n_tokens, s, ns);
  return AC_OK;
}

int ac_fp_mark_quotes(ac_fingerprint *fp, const char *text, size_t len, ac_error *err)
{
  qlist l = {NULL, 0, 0};
  int rc = scan(text, len, fp->tokens, fp->n_tokens, &l);

  if (rc == AC_OK)
    rc = mark(fp, l.v, l.n);
  free(l.v);
  return rc < 0 ? ac_error_set(err, rc, "out of memory") : AC_OK;
}

static int span_cmp(const void *a, const void *b)
{
  const qspan *x = a, *y = b;

  return x->start < y->start ? -1 : x->start > y->start;
}

int ac_fp_mark_quoted(ac_fingerprint *fp, const ac_span *spans, size_t n, ac_error *err)
{
  qspan *s;
  int rc;

  if (n == 0)
    return AC_OK;
  s = malloc(n * sizeof *s);
  if (s == NULL)
    return ac_error_set(err, AC_ENOMEM, "out of memory");
  for (size_t i = 0; i < n; i++) {
    s[i].start = spans[i].start;
    s[i].end = spans[i].end;
  }
  qsort(s, n, sizeof *s, span_cmp);
  rc = mark(fp, s, n);
  free(s);
  return rc < 0 ? ac_error_set(err, rc, "out of memory") : AC_OK;
}
