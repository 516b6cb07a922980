/*
 * The UTF-8 fast path of decoding (src/page/charset.c copies valid runs
 * whole, ASCII eight bytes at a time) gives exactly what decoding one code
 * point at a time gives: the same text, the same U+FFFD for each ill-formed
 * subpart, wherever it falls against the 8-byte steps.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "page/page.h"
#include "util/utf8.h"

/* The reference: one code point at a time, as the Encoding standard says. */
static char *reference(const unsigned char *b, size_t len, size_t *out_len)
{
  char *out = malloc(len * 3 + 1), *o = out;
  size_t i = 0;

  while (i < len) {
    size_t start = i;
    if (ac_utf8_next((const char *)b, len, &i) < 0) {
      memcpy(o, "\xEF\xBF\xBD", 3);
      o += 3;
    } else {
      memcpy(o, b + start, i - start);
      o += i - start;
    }
  }
  *o = '\0';
  *out_len = (size_t)(o - out);
  return out;
}

static void same_as_reference(const unsigned char *b, size_t len, const char *what)
{
  char *got = NULL, *want;
  size_t got_len = 0, want_len = 0;
  const char *charset = NULL;
  ac_error err = {0};

  cr_assert_eq(ac_page__decode(b, len, &got, &got_len, &charset, "t", &err), 0);
  want = reference(b, len, &want_len);
  if (strcmp(charset, "utf-8") == 0) {
    cr_assert_eq(got_len, want_len, "%s", what);
    cr_assert(memcmp(got, want, want_len) == 0, "%s", what);
  }
  free(got);
  free(want);
}

Test(decode_fast, ill_formed_bytes_at_every_offset_of_an_8_byte_step)
{
  static const char *const bad[] = {"\x80", "\xC3", "\xE2\x82", "\xF0\x9F\x98", "\xED\xA0\x80",
                                    "\xC0\xAF", "\xF4\x90\x80\x80", "\xFF"};
  unsigned char buf[64];

  for (size_t k = 0; k < sizeof bad / sizeof *bad; k++)
    for (size_t at = 0; at < 24; at++) {
      size_t n = strlen(bad[k]);
      /* <meta charset=utf-8> makes the decoder take UTF-8 even with the bad bytes */
      static const char head[] = "<meta charset=utf-8>";
      memcpy(buf, head, sizeof head - 1);
      memset(buf + sizeof head - 1, 'a', sizeof buf - (sizeof head - 1));
      memcpy(buf + sizeof head - 1 + at, bad[k], n);
      memcpy(buf + sizeof buf - 4, "\xC3\xA9\xC3\xA9", 4);  /* "éé" at the end: a short tail */
      same_as_reference(buf, sizeof buf, bad[k]);
    }
}

Test(decode_fast, valid_utf8_of_every_length_passes_through_unchanged)
{
  static const char text[] = "Source : FredZone \xe2\x80\x93 d\xc3\xa9j\xc3\xa0 \xf0\x9f\x93\xb0 "
                             "copyright \xc2\xa9 2023, \xe4\xb8\xad\xe6\x96\x87 end";
  for (size_t len = 0; len <= sizeof text - 1; len++) {
    /* every prefix that ends on a code point boundary is valid UTF-8 */
    if (len < sizeof text - 1 && ((unsigned char)text[len] & 0xC0) == 0x80)
      continue;
    char *got = NULL;
    size_t got_len = 0;
    const char *charset = NULL;
    ac_error err = {0};
    cr_assert_eq(ac_page__decode((const unsigned char *)text, len, &got, &got_len, &charset, "t",
                                 &err), 0);
    if (len > 0)
      cr_assert_str_eq(charset, "utf-8");
    cr_assert_eq(got_len, len);
    cr_assert(memcmp(got, text, len) == 0);
    free(got);
  }
}
