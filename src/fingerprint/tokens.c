/*
 * Normalisation and tokens. NFKC + case folding (utf8proc); every code point
 * that is not a letter, number or mark separates tokens; scripts written
 * without spaces give one token per character (with its marks). Runs of ASCII
 * letters and digits never reach utf8proc: ASCII is already NFKC and folds by
 * lower-casing, and a byte loop is several times faster.
 */
#include "fp.h"
#include "../util/grow.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
/* Inlined: most inputs are a few bytes long, where a call costs as much as the hash. */
#define XXH_INLINE_ALL
#include <xxhash.h>

/* 0: ASCII separator, 1: ASCII letter or digit, 2: a byte of a non-ASCII code point. */
static const unsigned char byte_class[256] = {
  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0, 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0, 1,1,1,1,1,1,1,1,1,1,0,0,0,0,0,0,
  0,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1, 1,1,1,1,1,1,1,1,1,1,1,0,0,0,0,0,
  0,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1, 1,1,1,1,1,1,1,1,1,1,1,0,0,0,0,0,
  2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2, 2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,
  2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2, 2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,
  2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2, 2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,
  2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2, 2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,
};

/* Decompose (compatibility), fold case and drop default-ignorables such as
 * the soft hyphen, so "extra\u00ADordinary" stays one word; then compose. */
#define NFKC_CF_DECOMPOSE \
  (UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE | UTF8PROC_STABLE)
#define NFKC_CF_COMPOSE (UTF8PROC_COMPOSE | UTF8PROC_STABLE)

/* The token being built from a non-ASCII run. */
typedef struct builder {
  bool open;
  bool single;          /* a character of a script without spaces: the next letter ends it */
  uint32_t start, end;  /* bytes in the input */
  size_t norm_start;
} builder;

static unsigned char ascii_lower(unsigned char c)
{
  return (unsigned char)(c + (((unsigned)c - 'A') < 26u) * 32u);
}

static int reserve(ac_fp__tokens *t, size_t bytes)
{
  if (!ac_grow(&t->tok, &t->cap, t->n + 1, sizeof *t->tok, 256) ||
      !ac_grow(&t->norm, &t->cap_norm, t->len + bytes + 1, 1, 1024))
    return AC_ENOMEM;
  return AC_OK;
}

static void push_token(ac_fp__tokens *t, uint32_t start, uint32_t end, size_t norm_start)
{
  ac_token *tok = &t->tok[t->n++];

  tok->start = start;
  tok->end = end;
  tok->hash = XXH3_64bits(t->norm + norm_start, t->len - norm_start);
}

/* The whole run is ASCII letters and digits: one token, lower-cased in place. */
static int emit_ascii(ac_fp__tokens *t, const unsigned char *s, uint32_t start, uint32_t end)
{
  size_t norm_start;
  char *dst;

  if (reserve(t, end - start + 1) < 0)
    return AC_ENOMEM;
  if (t->n > 0)
    t->norm[t->len++] = ' ';
  norm_start = t->len;
  dst = t->norm + t->len;
  for (uint32_t i = start; i < end; i++)
    *dst++ = (char)ascii_lower(s[i]);
  t->len = (size_t)(dst - t->norm);
  push_token(t, start, end, norm_start);
  return AC_OK;
}

static void builder_close(ac_fp__tokens *t, builder *b)
{
  if (b->open)
    push_token(t, b->start, b->end, b->norm_start);
  b->open = false;
}

static void builder_open(ac_fp__tokens *t, builder *b, uint32_t start, bool single)
{
  if (t->n > 0)
    t->norm[t->len++] = ' ';
  b->open = true;
  b->single = single;
  b->start = start;
  b->norm_start = t->len;
}

/* Hangul vowel and trailing jamo compose with the syllable before them. */
static bool hangul_vt(int32_t cp)
{
  return (cp >= 0x1161 && cp <= 0x1175) || (cp >= 0x11A8 && cp <= 0x11C2);
}

static bool is_mark(utf8proc_category_t c)
{
  return c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC || c == UTF8PROC_CATEGORY_ME;
}

/* Can normalisation start afresh before cp? Only before a starter that composes
 * with nothing before it, so a chunk normalised alone equals the whole run's NFKC. */
static bool chunk_boundary(int32_t cp)
{
  const utf8proc_property_t *p;

  if (cp < 0x80)
    return true;
  p = utf8proc_get_property(cp);
  return p->combining_class == 0 && !is_mark((utf8proc_category_t)p->category) && !hangul_vt(cp);
}

/* Scripts written without spaces between words: one token per character. */
static bool no_space_script(int32_t cp)
{
  return (cp >= 0x0E00 && cp <= 0x0EFF)      /* Thai, Lao */
      || (cp >= 0x1000 && cp <= 0x109F)      /* Myanmar */
      || (cp >= 0x1780 && cp <= 0x17FF)      /* Khmer */
      || (cp >= 0x19E0 && cp <= 0x19FF)      /* Khmer symbols */
      || (cp >= 0x2E80 && cp <= 0x2FDF)      /* CJK radicals, Kangxi */
      || (cp >= 0x3005 && cp <= 0x3007)      /* iteration mark, ideographic zero */
      || (cp >= 0x3021 && cp <= 0x3029)      /* Hangzhou numerals */
      || (cp >= 0x3040 && cp <= 0x30FF)      /* Hiragana, Katakana */
      || (cp >= 0x31F0 && cp <= 0x31FF)      /* Katakana extensions */
      || (cp >= 0x3400 && cp <= 0x4DBF)      /* CJK extension A */
      || (cp >= 0x4E00 && cp <= 0x9FFF)      /* CJK unified ideographs */
      || (cp >= 0xA000 && cp <= 0xA4CF)      /* Yi */
      || (cp >= 0xA9E0 && cp <= 0xA9FF)      /* Myanmar extended B */
      || (cp >= 0xAA60 && cp <= 0xAA7F)      /* Myanmar extended A */
      || (cp >= 0xF900 && cp <= 0xFAFF)      /* CJK compatibility ideographs */
      || (cp >= 0x1B000 && cp <= 0x1B16F)    /* Kana supplement, extended */
      || (cp >= 0x20000 && cp <= 0x3134F);   /* CJK extensions B… */
}

/* What a normalised code point does to tokens. */
enum { CP_SEP = 0, CP_WORD, CP_MARK, CP_SINGLE };

static uint8_t category_class(utf8proc_category_t c, int32_t cp)
{
  if (c < UTF8PROC_CATEGORY_LU || c > UTF8PROC_CATEGORY_NO)     /* not L*, M*, N* */
    return CP_SEP;
  if (is_mark(c))
    return CP_MARK;
  return no_space_script(cp) ? CP_SINGLE : CP_WORD;
}

static uint8_t cp_class(int32_t cp)
{
  return category_class(utf8proc_category(cp), cp);
}

/* One normalised code point from the chunk [start, end) of the input. */
static int add_code_point(ac_fp__tokens *t, builder *b, int32_t cp, uint8_t cls, uint32_t start,
                          uint32_t end)
{
  if (reserve(t, 5) < 0)        /* room for a closed token, a space and one code point */
    return AC_ENOMEM;
  if (cls == CP_SEP) {
    builder_close(t, b);
    return AC_OK;
  }
  if (cls == CP_SINGLE || (cls == CP_WORD && b->single))
    builder_close(t, b);
  if (!b->open)
    builder_open(t, b, start, cls == CP_SINGLE);
  if (cp < 0x80)
    t->norm[t->len++] = (char)cp;
  else
    t->len += (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)t->norm + t->len);
  b->end = end;
  return AC_OK;
}

/* NFKC + case fold of s[start, end) into buf; the count, or negative for invalid UTF-8. */
static utf8proc_ssize_t normalize(const unsigned char *s, uint32_t start, uint32_t end,
                                  utf8proc_int32_t **buf, size_t cap)
{
  utf8proc_ssize_t n = utf8proc_decompose(s + start, end - start, *buf, (utf8proc_ssize_t)cap,
                                          NFKC_CF_DECOMPOSE);

  if (n > (utf8proc_ssize_t)cap) {                 /* a long run of marks */
    *buf = malloc((size_t)n * sizeof **buf);
    if (*buf == NULL)
      return UTF8PROC_ERROR_NOMEM;
    n = utf8proc_decompose(s + start, end - start, *buf, n, NFKC_CF_DECOMPOSE);
  }
  return n > 0 ? utf8proc_normalize_utf32(*buf, n, NFKC_CF_COMPOSE) : n;
}

/* NFKC + case fold one chunk (a starter and the marks that follow it). */
static int emit_chunk(ac_fp__tokens *t, builder *b, const unsigned char *s, uint32_t start,
                      uint32_t end)
{
  utf8proc_int32_t small[32], *buf = small;
  utf8proc_ssize_t n = normalize(s, start, end, &buf, AC_COUNT(small));
  int rc = AC_OK;

  if (n == UTF8PROC_ERROR_NOMEM)
    return AC_ENOMEM;
  if (n < 0)                                       /* invalid UTF-8: a separator */
    rc = add_code_point(t, b, ' ', CP_SEP, start, end);
  for (utf8proc_ssize_t i = 0; i < n && rc == AC_OK; i++)
    rc = add_code_point(t, b, buf[i], cp_class(buf[i]), start, end);
  if (buf != small)
    free(buf);
  return rc;
}

/*
 * A chunk that is one code point normalises the same way wherever it occurs,
 * so its result is kept in a small direct-mapped cache: text in one script
 * uses few distinct characters, and utf8proc is the slow part.
 */
#define CACHE_SLOTS 512u

typedef struct ac_fp__cache_entry {
  int32_t cp;                   /* -1: empty */
  uint8_t n;                    /* normalised code points (at most 3 are kept) */
  uint8_t cls[3];
  int32_t out[3];
} cache_entry;

static int emit_single(ac_fp__tokens *t, builder *b, const unsigned char *s, uint32_t start,
                       uint32_t end, int32_t cp)
{
  const utf8proc_property_t *p = utf8proc_get_property(cp);
  cache_entry *e;
  int rc = AC_OK;

  /* Most code points (ideographs, kana, lower-case letters of most scripts)
   * have no decomposition and no case folding: NFKC + fold leaves them alone. */
  if (p->decomp_seqindex == UINT16_MAX && p->casefold_seqindex == UINT16_MAX && !p->ignorable)
    return add_code_point(t, b, cp, category_class((utf8proc_category_t)p->category, cp), start,
                          end);
  if (t->cache == NULL) {
    t->cache = malloc(CACHE_SLOTS * sizeof *t->cache);
    if (t->cache == NULL)
      return AC_ENOMEM;
    memset(t->cache, 0xFF, CACHE_SLOTS * sizeof *t->cache);    /* every cp -1 */
  }
  e = &t->cache[((uint32_t)cp * 2654435761u) >> 23];          /* 9 bits: 512 slots */
  if (e->cp != cp) {
    utf8proc_int32_t small[8], *buf = small;
    utf8proc_ssize_t n = normalize(s, start, end, &buf, AC_COUNT(small));
    if (n >= 0 && n <= 3) {
      e->cp = cp;
      e->n = (uint8_t)n;
      for (utf8proc_ssize_t i = 0; i < n; i++) {
        e->out[i] = buf[i];
        e->cls[i] = cp_class(buf[i]);
      }
    }
    if (buf != small)
      free(buf);                   /* only now: buf was read above */
    if (n < 0 || n > 3)
      return n == UTF8PROC_ERROR_NOMEM ? AC_ENOMEM : emit_chunk(t, b, s, start, end);
  }
  for (unsigned i = 0; i < e->n && rc == AC_OK; i++)
    rc = add_code_point(t, b, e->out[i], e->cls[i], start, end);
  return rc;
}

/*
 * Canonical ordering sorts a run of marks in quadratic time, so a chunk keeps
 * at most this many code points after its first: UAX #15's Stream-Safe Text
 * Format, which cuts longer runs with U+034F. Text within the limit (all
 * real text) normalises exactly as before; a longer run is cut where U+034F
 * would go, and its bytes still belong to the chunks, so spans stay exact.
 */
#define STREAM_SAFE_MARKS 30u

/* The end of the chunk that starts at i: the code point and the marks after it.
 * `*single` is the code point when the chunk holds only that one, else -1. */
static uint32_t chunk_end(const unsigned char *s, uint32_t i, uint32_t end, int32_t *single)
{
  utf8proc_int32_t cp;
  utf8proc_ssize_t n = utf8proc_iterate(s + i, end - i, &cp);
  unsigned marks = 0;

  *single = -1;
  if (n <= 0)
    return i + 1;                  /* an invalid byte is a chunk of its own */
  i += (uint32_t)n;
  *single = cp;
  while (i < end && marks < STREAM_SAFE_MARKS) {
    utf8proc_int32_t next;
    n = utf8proc_iterate(s + i, end - i, &next);
    if (n <= 0 || chunk_boundary(next))
      break;
    i += (uint32_t)n;
    marks++;
    *single = -1;
  }
  return i;
}

/* A run holding non-ASCII bytes: normalise it chunk by chunk, keeping spans. */
static int emit_run(ac_fp__tokens *t, const unsigned char *s, uint32_t start, uint32_t end)
{
  builder b = {0};
  int rc = AC_OK;

  for (uint32_t i = start; i < end && rc == AC_OK;) {
    uint32_t next;
    int32_t single;
    if (s[i] < 0x80 && (i + 1 == end || s[i + 1] < 0x80)) {   /* ASCII before ASCII */
      rc = add_code_point(t, &b, ascii_lower(s[i]), CP_WORD, i, i + 1);
      i++;
      continue;
    }
    next = chunk_end(s, i, end, &single);
    rc = single >= 0x80 ? emit_single(t, &b, s, i, next, single)
       : single >= 0   ? add_code_point(t, &b, ascii_lower(s[i]), CP_WORD, i, next)
                       : emit_chunk(t, &b, s, i, next);
    i = next;
  }
  if (rc == AC_OK && reserve(t, 0) == AC_OK)
    builder_close(t, &b);
  return rc;
}

/* Room for typical text at once: ASCII never grows, words average over 4 bytes. */
static int presize(ac_fp__tokens *t, size_t len)
{
  t->cap = len / 5 + 16;
  t->cap_norm = len + 16;
  t->tok = malloc(t->cap * sizeof *t->tok);
  t->norm = malloc(t->cap_norm);
  return t->tok != NULL && t->norm != NULL ? AC_OK : AC_ENOMEM;
}

int ac_fp__tokenize(ac_fp__tokens *t, const char *text, size_t len)
{
  const unsigned char *s = (const unsigned char *)text;
  uint32_t i = 0, n = (uint32_t)len;
  int rc = presize(t, len);

  while (i < n && rc == AC_OK) {
    uint32_t start;
    unsigned seen = 0;

    while (i < n && byte_class[s[i]] == 0)
      i++;
    start = i;
    while (i < n && byte_class[s[i]] != 0)
      seen |= byte_class[s[i++]];
    if (start == i)
      break;
    rc = seen == 1 ? emit_ascii(t, s, start, i) : emit_run(t, s, start, i);
  }
  if (rc == AC_OK && t->norm != NULL)
    t->norm[t->len] = '\0';
  return rc;
}

void ac_fp__tokens_dispose(ac_fp__tokens *t)
{
  free(t->tok);
  free(t->norm);
  free(t->cache);
  memset(t, 0, sizeof *t);
}
