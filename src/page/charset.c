/*
 * Decoding a page to UTF-8 as the HTML standard does (section 13.2.3, "determining the
 * character encoding"): a BOM wins; then a <meta> prescan of the first 1024
 * bytes; then, with no declaration, valid UTF-8 is UTF-8 and anything else is
 * windows-1252. Labels follow the Encoding standard: "iso-8859-1", "latin1"
 * and "ascii" all mean windows-1252, and its 0x80-0x9F are the Windows
 * characters (€ ‚ ƒ …), not glibc ISO-8859-1's C1 controls. Legacy
 * multi-byte encodings are converted with iconv. A NUL byte is data.
 */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "page.h"
#include "../util/grow.h"
#include "../util/utf8.h"

#define PRESCAN_BYTES 1024

/* An encoding we decode: its name for ac_page_charset() and for iconv (NULL: ours). */
typedef struct encoding {
  const char *name;
  const char *iconv_name;
  const char *labels;   /* the Encoding standard's labels, space separated */
} encoding;

static const encoding UTF8 = {"utf-8", NULL, NULL};
static const encoding WIN1252 = {"windows-1252", NULL, NULL};
static const encoding UTF16LE = {"utf-16le", "UTF-16LE", NULL};
static const encoding UTF16BE = {"utf-16be", "UTF-16BE", NULL};

/* The labels of the Encoding standard's table that glibc's iconv can decode. */
static const encoding encodings[] = {
  {"utf-8", NULL, "utf-8 utf8 unicode-1-1-utf-8 unicode11utf8 unicode20utf8 x-unicode20utf8"},
  {"windows-1252", NULL,
   "windows-1252 cp1252 x-cp1252 iso-8859-1 iso8859-1 iso88591 iso_8859-1 iso_8859-1:1987 "
   "latin1 l1 ascii us-ascii ansi_x3.4-1968 cp819 ibm819 iso-ir-100 csisolatin1"},
  {"iso-8859-2", "ISO-8859-2", "iso-8859-2 iso8859-2 iso88592 iso_8859-2 latin2 l2 csisolatin2"},
  {"iso-8859-3", "ISO-8859-3", "iso-8859-3 iso8859-3 iso88593 iso_8859-3 latin3 l3"},
  {"iso-8859-4", "ISO-8859-4", "iso-8859-4 iso8859-4 iso88594 iso_8859-4 latin4 l4"},
  {"iso-8859-5", "ISO-8859-5", "iso-8859-5 iso8859-5 iso88595 iso_8859-5 cyrillic"},
  {"iso-8859-6", "ISO-8859-6", "iso-8859-6 iso8859-6 iso88596 iso_8859-6 arabic"},
  {"iso-8859-7", "ISO-8859-7", "iso-8859-7 iso8859-7 iso88597 iso_8859-7 greek greek8"},
  {"iso-8859-8", "ISO-8859-8", "iso-8859-8 iso8859-8 iso88598 iso_8859-8 hebrew visual"},
  {"iso-8859-10", "ISO-8859-10", "iso-8859-10 iso8859-10 iso885910 latin6 l6"},
  {"iso-8859-13", "ISO-8859-13", "iso-8859-13 iso8859-13 iso885913"},
  {"iso-8859-14", "ISO-8859-14", "iso-8859-14 iso8859-14 iso885914"},
  {"iso-8859-15", "ISO-8859-15", "iso-8859-15 iso8859-15 iso885915 iso_8859-15 l9 latin9"},
  {"iso-8859-16", "ISO-8859-16", "iso-8859-16"},
  {"koi8-r", "KOI8-R", "koi8-r koi8_r koi8 koi cskoi8r"},
  {"koi8-u", "KOI8-U", "koi8-u koi8-ru"},
  {"windows-874", "CP874", "windows-874 dos-874 tis-620 iso-8859-11 iso8859-11 iso885911"},
  {"windows-1250", "CP1250", "windows-1250 cp1250 x-cp1250"},
  {"windows-1251", "CP1251", "windows-1251 cp1251 x-cp1251"},
  {"windows-1253", "CP1253", "windows-1253 cp1253 x-cp1253"},
  {"windows-1254", "CP1254",
   "windows-1254 cp1254 x-cp1254 iso-8859-9 iso8859-9 iso88599 iso_8859-9 latin5 l5"},
  {"windows-1255", "CP1255", "windows-1255 cp1255 x-cp1255"},
  {"windows-1256", "CP1256", "windows-1256 cp1256 x-cp1256"},
  {"windows-1257", "CP1257", "windows-1257 cp1257 x-cp1257"},
  {"windows-1258", "CP1258", "windows-1258 cp1258 x-cp1258"},
  {"ibm866", "IBM866", "ibm866 866 cp866 csibm866"},
  {"macintosh", "MACINTOSH", "macintosh mac x-mac-roman csmacintosh"},
  {"gbk", "GB18030",
   "gbk gb2312 chinese csgb2312 x-gbk gb_2312-80 iso-ir-58 csiso58gb231280 cp936 ms936 "
   "windows-936"},
  {"gb18030", "GB18030", "gb18030"},
  {"big5", "BIG5-HKSCS", "big5 big5-hkscs cn-big5 csbig5 x-x-big5"},
  {"euc-jp", "EUC-JP", "euc-jp x-euc-jp cseucpkdfmtjapanese"},
  {"iso-2022-jp", "ISO-2022-JP", "iso-2022-jp csiso2022jp"},
  {"shift_jis", "CP932",
   "shift_jis shift-jis sjis ms_kanji windows-31j x-sjis csshiftjis ms932"},
  {"euc-kr", "CP949",
   "euc-kr ks_c_5601-1987 ks_c_5601-1989 ksc5601 ksc_5601 windows-949 cseuckr korean "
   "iso-ir-149 csksc56011987"},
  /* A <meta> saying UTF-16 is wrong by construction (it was read as ASCII): UTF-8. */
  {"utf-8", NULL, "utf-16 utf-16le utf-16be unicode unicodefffe ucs-2 iso-10646-ucs-2"},
  /* x-user-defined maps 0x80-0xFF to the private use area; treat it as the default. */
  {"windows-1252", NULL, "x-user-defined"},
};

/* The Windows characters of 0x80-0x9F; the five unassigned bytes keep their C1 value. */
static const unsigned short win1252_high[32] = {
  0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
  0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

static const encoding *encoding_for_label(const char *label, size_t n)
{
  while (n > 0 && strchr(" \t\n\f\r", label[0]) != NULL) {
    label++;
    n--;
  }
  while (n > 0 && strchr(" \t\n\f\r", label[n - 1]) != NULL)
    n--;
  if (n == 0)
    return NULL;
  for (size_t i = 0; i < AC_COUNT(encodings); i++) {
    const char *l = encodings[i].labels;
    while (*l != '\0') {
      size_t ln = strcspn(l, " ");
      if (ln == n && strncasecmp(l, label, n) == 0)
        return &encodings[i];
      l += ln;
      l += *l == ' ';
    }
  }
  return NULL;
}

static size_t put_utf8(char *o, unsigned cp)
{
  if (cp < 0x80) {
    o[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    o[0] = (char)(0xC0 | (cp >> 6));
    o[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  o[0] = (char)(0xE0 | (cp >> 12));
  o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
  o[2] = (char)(0x80 | (cp & 0x3F));
  return 3;
}

/*
 * Where the well-formed UTF-8 that starts at b[i] ends. Pages are mostly
 * ASCII: eight bytes are tested at once, and only the other code points go
 * through the decoder.
 */
static size_t valid_run_end(const unsigned char *b, size_t len, size_t i)
{
  while (i < len) {
    uint64_t w;
    size_t next = i;
    if (len - i >= 8 && (memcpy(&w, b + i, 8), (w & 0x8080808080808080ull) == 0)) {
      i += 8;
      continue;
    }
    if (b[i] < 0x80) {
      i++;
      continue;
    }
    if (ac_utf8_next((const char *)b, len, &next) < 0)
      return i;
    i = next;
  }
  return len;
}

static bool is_valid_utf8(const unsigned char *b, size_t len)
{
  return valid_run_end(b, len, 0) == len;
}

/* UTF-8 with each ill-formed subpart replaced by U+FFFD; valid runs are copied whole. */
static char *decode_utf8(const unsigned char *b, size_t len, size_t *out_len)
{
  char *out = malloc(len * 3 + 1), *o = out;
  size_t i = 0;

  if (out == NULL)
    return NULL;
  while (i < len) {
    size_t end = valid_run_end(b, len, i);
    memcpy(o, b + i, end - i);
    o += end - i;
    i = end;
    if (i < len) {                      /* an ill-formed subpart: the decoder says how long */
      (void)ac_utf8_next((const char *)b, len, &i);
      o += put_utf8(o, 0xFFFD);
    }
  }
  *o = '\0';
  *out_len = (size_t)(o - out);
  return out;
}

static char *decode_win1252(const unsigned char *b, size_t len, size_t *out_len)
{
  char *out = malloc(len * 3 + 1), *o = out;

  if (out == NULL)
    return NULL;
  for (size_t i = 0; i < len; i++) {
    unsigned cp = b[i];
    if (cp >= 0x80 && cp <= 0x9F)
      cp = win1252_high[cp - 0x80];
    o += put_utf8(o, cp);
  }
  *o = '\0';
  *out_len = (size_t)(o - out);
  return out;
}

/*
 * Convert with iconv; an undecodable or truncated sequence becomes U+FFFD
 * (skipping one unit: two bytes in UTF-16, one elsewhere) and decoding goes on.
 */
static char *decode_iconv(iconv_t cd, const unsigned char *b, size_t len, size_t unit,
                          size_t *out_len)
{
  size_t cap = len * 2 + 64, used = 0;
  char *out = malloc(cap);
  char *in = (char *)b;   /* iconv's prototype is not const-correct */
  size_t left = len;

  while (out != NULL && left > 0) {
    char *o = out + used;
    size_t room = cap - used - 4;   /* keep space for a U+FFFD and the NUL */
    size_t rc = iconv(cd, &in, &left, &o, &room);
    used = (size_t)(o - out);
    if (rc != (size_t)-1)
      break;
    if (errno == E2BIG) {
      if (!ac_grow(&out, &cap, used + cap, 1, cap))
        break;
      continue;
    }
    used += put_utf8(out + used, 0xFFFD);   /* EILSEQ or EINVAL at the end */
    size_t skip = left < unit ? left : unit;
    in += skip;
    left -= skip;
    iconv(cd, NULL, NULL, NULL, NULL);      /* reset shift state after the damage */
    if (!ac_grow(&out, &cap, used + 8, 1, cap)) {
      free(out);
      out = NULL;
    }
  }
  if (out == NULL || left > 0) {
    free(out);
    return NULL;
  }
  out[used] = '\0';
  *out_len = used;
  return out;
}

/* The prescan works on at most the first 1024 bytes, as the standard says. */
typedef struct scan {
  const unsigned char *b;
  size_t len, i;
} scan;

static bool is_space(unsigned char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

static unsigned char lower(unsigned char c)
{
  return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

static bool at_ci(const scan *s, const char *word)
{
  size_t n = strlen(word);

  if (s->len - s->i < n)
    return false;
  for (size_t k = 0; k < n; k++)
    if (lower(s->b[s->i + k]) != (unsigned char)word[k])
      return false;
  return true;
}

/* "get an attribute": name (lower-cased, truncated to fit) and value as a span of the input. */
typedef struct attr {
  char name[16];
  const unsigned char *value;
  size_t value_len;
} attr;

static void skip_spaces(scan *s)
{
  while (s->i < s->len && is_space(s->b[s->i]))
    s->i++;
}

/* Returns false at '>' or at the end of the prescan window. */
static bool get_attribute(scan *s, attr *a)
{
  size_t n = 0;

  while (s->i < s->len && (is_space(s->b[s->i]) || s->b[s->i] == '/'))
    s->i++;
  if (s->i >= s->len || s->b[s->i] == '>')
    return false;
  do {   /* the name: a leading '=' belongs to it */
    if (n + 1 < sizeof a->name)
      a->name[n++] = (char)lower(s->b[s->i]);
    s->i++;
  } while (s->i < s->len && !is_space(s->b[s->i]) && strchr("=/>", s->b[s->i]) == NULL);
  a->name[n] = '\0';
  a->value = NULL;
  a->value_len = 0;
  skip_spaces(s);
  if (s->i >= s->len || s->b[s->i] != '=')
    return s->i < s->len;
  s->i++;
  skip_spaces(s);
  if (s->i < s->len && (s->b[s->i] == '"' || s->b[s->i] == '\'')) {
    unsigned char q = s->b[s->i++];
    const unsigned char *end = memchr(s->b + s->i, q, s->len - s->i);
    if (end == NULL)
      return false;
    a->value = s->b + s->i;
    a->value_len = (size_t)(end - a->value);
    s->i = (size_t)(end - s->b) + 1;
    return true;
  }
  a->value = s->b + s->i;
  while (s->i < s->len && !is_space(s->b[s->i]) && s->b[s->i] != '>')
    s->i++;
  a->value_len = (size_t)(s->b + s->i - a->value);
  return s->i < s->len;
}

/* "extract a character encoding from a meta element": charset=VALUE inside content. */
static const encoding *charset_in_content(const unsigned char *v, size_t n)
{
  for (size_t i = 0; i + 7 <= n; i++) {
    size_t j = i + 7, start;
    if (strncasecmp((const char *)v + i, "charset", 7) != 0)
      continue;
    while (j < n && is_space(v[j]))
      j++;
    if (j >= n || v[j] != '=')
      continue;
    j++;
    while (j < n && is_space(v[j]))
      j++;
    if (j < n && (v[j] == '"' || v[j] == '\'')) {
      const unsigned char *end = memchr(v + j + 1, v[j], n - j - 1);
      return end == NULL ? NULL
                         : encoding_for_label((const char *)v + j + 1,
                                              (size_t)(end - (v + j + 1)));
    }
    start = j;
    while (j < n && !is_space(v[j]) && v[j] != ';')
      j++;
    return encoding_for_label((const char *)v + start, j - start);
  }
  return NULL;
}

/* The attributes of a <meta> tag: charset=, or http-equiv=content-type with content=. */
static const encoding *meta_encoding(scan *s)
{
  const encoding *from_charset = NULL, *from_content = NULL;
  bool got_charset = false, pragma = false;
  attr a;

  while (get_attribute(s, &a)) {
    if (strcmp(a.name, "charset") == 0 && !got_charset) {
      got_charset = true;
      from_charset = encoding_for_label((const char *)a.value, a.value_len);
    } else if (strcmp(a.name, "http-equiv") == 0) {
      pragma = pragma || (a.value_len == 12 &&
                          strncasecmp((const char *)a.value, "content-type", 12) == 0);
    } else if (strcmp(a.name, "content") == 0 && from_content == NULL) {
      from_content = charset_in_content(a.value, a.value_len);
    }
  }
  if (got_charset)
    return from_charset;
  return pragma ? from_content : NULL;
}

/* Skip past the next '>' (or to the end). */
static void skip_to_gt(scan *s)
{
  const unsigned char *gt = memchr(s->b + s->i, '>', s->len - s->i);

  s->i = gt == NULL ? s->len : (size_t)(gt - s->b) + 1;
}

/* A comment ends at the first '>' after two '-', which may be those of "<!--" itself. */
static void skip_comment(scan *s)
{
  size_t i = s->i + 4;

  while (i < s->len && !(s->b[i] == '>' && s->b[i - 1] == '-' && s->b[i - 2] == '-'))
    i++;
  s->i = i < s->len ? i + 1 : s->len;
}

static bool is_alpha(unsigned char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The HTML standard's "prescan a byte stream to determine its encoding", roughly. */
static const encoding *prescan(const unsigned char *b, size_t len)
{
  scan s = {b, len < PRESCAN_BYTES ? len : PRESCAN_BYTES, 0};
  attr a;

  while (s.i < s.len) {
    if (at_ci(&s, "<!--")) {
      skip_comment(&s);
    } else if (at_ci(&s, "<meta") && s.i + 5 < s.len &&
               (is_space(s.b[s.i + 5]) || s.b[s.i + 5] == '/')) {
      const encoding *e;
      s.i += 5;
      e = meta_encoding(&s);
      if (e != NULL)
        return e;
    } else if (s.b[s.i] == '<' && s.i + 1 < s.len &&
               (is_alpha(s.b[s.i + 1]) ||
                (s.b[s.i + 1] == '/' && s.i + 2 < s.len && is_alpha(s.b[s.i + 2])))) {
      while (s.i < s.len && !is_space(s.b[s.i]) && s.b[s.i] != '>')
        s.i++;
      while (get_attribute(&s, &a))
        ;
      s.i++;
    } else if (at_ci(&s, "<!") || at_ci(&s, "</") || at_ci(&s, "<?")) {
      skip_to_gt(&s);
    } else {
      s.i++;
    }
  }
  return NULL;
}

static char *decode_as(const encoding *e, const unsigned char *b, size_t len, size_t *out_len)
{
  size_t unit = e == &UTF16LE || e == &UTF16BE ? 2 : 1;
  iconv_t cd;
  char *out;

  if (e->iconv_name == NULL)
    return e == &UTF8 || strcmp(e->name, "utf-8") == 0 ? decode_utf8(b, len, out_len)
                                                      : decode_win1252(b, len, out_len);
  cd = iconv_open("UTF-8", e->iconv_name);
  if (cd == (iconv_t)-1)
    return decode_win1252(b, len, out_len);   /* this libc lacks it: the default */
  out = decode_iconv(cd, b, len, unit, out_len);
  iconv_close(cd);
  return out;
}

/* BOM, then a declaration, then a valid-UTF-8 check, then windows-1252. */
static const encoding *sniff(const unsigned char **b, size_t *len)
{
  const encoding *e;

  if (*len >= 3 && memcmp(*b, "\xEF\xBB\xBF", 3) == 0) {
    *b += 3;
    *len -= 3;
    return &UTF8;
  }
  if (*len >= 2 && ((*b)[0] == 0xFF || (*b)[0] == 0xFE) && (*b)[1] == ((*b)[0] ^ 1)) {
    e = (*b)[0] == 0xFF ? &UTF16LE : &UTF16BE;
    *b += 2;
    *len -= 2;
    return e;
  }
  e = prescan(*b, *len);
  if (e != NULL && e->iconv_name != NULL) {
    /* a label this libc cannot decode is as good as none */
    iconv_t cd = iconv_open("UTF-8", e->iconv_name);
    if (cd == (iconv_t)-1)
      e = NULL;
    else
      iconv_close(cd);
  }
  if (e != NULL)
    return e;
  return is_valid_utf8(*b, *len) ? &UTF8 : &WIN1252;
}

int ac_page__decode(const unsigned char *bytes, size_t len, char **out, size_t *out_len,
                    const char **charset, const char *name, ac_error *err)
{
  const encoding *e = sniff(&bytes, &len);
  char *text = decode_as(e, bytes, len, out_len);

  if (text == NULL)
    return ac_error_set_file(err, AC_ENOMEM, name, 0, 0, "out of memory while decoding %s",
                             e->name);
  *out = text;
  *charset = e->name;
  return AC_OK;
}
