/* JSON strings for the commands that write JSON themselves (fingerprint, compare). */
#include <string.h>
#include <utf8proc.h>

#include "cli.h"

/* Length of the well-formed UTF-8 sequence at s (RFC 3629), or 0 when it is not one. */
static size_t utf8_seq(const unsigned char *s, size_t avail)
{
  utf8proc_int32_t cp;
  utf8proc_ssize_t n = utf8proc_iterate(s, (utf8proc_ssize_t)avail, &cp);

  return n > 0 ? (size_t)n : 0;
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
