/* JSON strings for the commands that write JSON themselves (fingerprint, compare). */
#include <string.h>

#include "cli.h"

/* Length of the valid UTF-8 sequence at s (RFC 3629), or 0 when it is not one. */
static size_t utf8_seq(const unsigned char *s, size_t avail)
{
  size_t n;

  if (s[0] < 0x80)
    return 1;
  if (s[0] >= 0xC2 && s[0] <= 0xDF)
    n = 2;
  else if (s[0] >= 0xE0 && s[0] <= 0xEF)
    n = 3;
  else if (s[0] >= 0xF0 && s[0] <= 0xF4)
    n = 4;
  else
    return 0;
  if (n > avail)
    return 0;
  for (size_t i = 1; i < n; i++)
    if ((s[i] & 0xC0) != 0x80)
      return 0;
  if ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] > 0x9F) ||   /* overlong, surrogate */
      (s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] > 0x8F))    /* overlong, > U+10FFFF */
    return 0;
  return n;
}

void cli_json_string(FILE *out, const char *s, size_t len)
{
  const unsigned char *p = (const unsigned char *)s;

  fputc('"', out);
  for (size_t i = 0; i < len;) {
    size_t n = utf8_seq(p + i, len - i);
    if (n == 0) {
      fputs("\xEF\xBF\xBD", out);   /* U+FFFD keeps the document valid; the rest is kept */
      i++;
    } else if (p[i] == '"' || p[i] == '\\') {
      fprintf(out, "\\%c", p[i]);
      i++;
    } else if (p[i] < 0x20 || p[i] == 0x7F) {
      fprintf(out, "\\u%04x", p[i]);
      i++;
    } else {
      fwrite(p + i, 1, n, out);
      i += n;
    }
  }
  fputc('"', out);
}
