/*
 * One strict UTF-8 decoder (RFC 3629 and Unicode's table 3-7 of well-formed
 * byte sequences). It is ours rather than utf8proc's because callers need
 * the maximal-subpart length the Encoding standard replaces with one
 * U+FFFD, which utf8proc_iterate does not report; utf8proc stays in
 * src/fingerprint for normalisation.
 */
#include "utf8.h"

int32_t ac_utf8_next(const char *s, size_t len, size_t *i)
{
  const unsigned char *b = (const unsigned char *)s + *i;
  size_t left = len - *i, need;
  unsigned char lo = 0x80, hi = 0xBF;
  int32_t cp;

  if (b[0] < 0x80) {
    *i += 1;
    return b[0];
  }
  if (b[0] >= 0xC2 && b[0] <= 0xDF)
    need = 1, cp = b[0] & 0x1F;
  else if (b[0] >= 0xE0 && b[0] <= 0xEF)
    need = 2, cp = b[0] & 0x0F;
  else if (b[0] >= 0xF0 && b[0] <= 0xF4)
    need = 3, cp = b[0] & 0x07;
  else {
    *i += 1;
    return -1;
  }
  /* The second byte's range rules out overlong forms, surrogates and > U+10FFFF. */
  if (b[0] == 0xE0)
    lo = 0xA0;
  else if (b[0] == 0xED)
    hi = 0x9F;
  else if (b[0] == 0xF0)
    lo = 0x90;
  else if (b[0] == 0xF4)
    hi = 0x8F;
  for (size_t k = 1; k <= need; k++) {
    if (k >= left || b[k] < lo || b[k] > hi) {
      *i += k;
      return -1;
    }
    cp = (cp << 6) | (b[k] & 0x3F);
    lo = 0x80;
    hi = 0xBF;
  }
  *i += need + 1;
  return cp;
}

bool ac_utf8_unsafe(int32_t cp)
{
  if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
    return true;
  return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 || cp == 0x2029;
}

bool ac_utf8_legacy_command(const char *s, size_t at)
{
  return s[at] == '[' && at >= 2 && s[at - 1] == '#' && s[at - 2] == '#';
}
