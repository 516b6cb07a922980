/* Escaping for every output format: XML, CSV, GitHub commands, URIs, plain text. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report.h"
#include "../util/utf8.h"

static const char replacement[] = "\xEF\xBF\xBD";   /* U+FFFD */

/* XML 1.0 section 2.2: Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | … */
static bool xml_allowed(int32_t cp)
{
  return cp != 0xFFFE && cp != 0xFFFF;
}

/*
 * Line breaks are written as character references, in text as in attributes:
 * a parser reads the same value, and no raw line of the file begins with what
 * a value holds (a GitHub runner reads every line of a log for "::command").
 * Other controls, C1 and bidi controls are folded to a space, as in text.
 */
void ac_report__xml(FILE *out, const char *s, bool attr)
{
  size_t len = s != NULL ? strlen(s) : 0, i = 0;

  while (i < len) {
    size_t start = i;
    int32_t cp = ac_utf8_next(s, len, &i);

    if (cp < 0)
      fputs(replacement, out);
    else if (!xml_allowed(cp))
      continue;                                /* forbidden in XML 1.0: dropped */
    else if (cp == '&')
      fputs("&amp;", out);
    else if (cp == '<')
      fputs("&lt;", out);
    else if (cp == '>')
      fputs("&gt;", out);
    else if (cp == '"' && attr)
      fputs("&quot;", out);
    else if (ac_utf8_legacy_command(s, start))
      fputs("&#91;", out);                     /* the same value, and no "##[" in the file */
    else if (cp == '\r' || cp == '\n' || (attr && cp == '\t'))
      fprintf(out, "&#%d;", (int)cp);          /* a raw CR is normalised away, attributes
                                                  normalise whitespace */
    else if (cp != '\t' && ac_utf8_unsafe(cp))
      fputc(' ', out);
    else
      fwrite(s + start, 1, i - start, out);
  }
}

/* Valid UTF-8 out, on one line: invalid bytes become U+FFFD, controls a space. */
static void utf8_clean(FILE *out, const char *s, size_t len)
{
  size_t i = 0;

  while (i < len) {
    size_t start = i;
    int32_t cp = ac_utf8_next(s, len, &i);

    if (cp < 0)
      fputs(replacement, out);
    else if (ac_utf8_unsafe(cp))
      fputc(' ', out);
    else if (ac_utf8_legacy_command(s, start))
      fputs(" [", out);                        /* "##[error]" would be a runner command */
    else
      fwrite(s + start, 1, i - start, out);
  }
}

/* Blank code points a GitHub runner trims before it looks for "::" (.NET TrimStart). */
static bool lead_blank(int32_t cp)
{
  return cp == ' ' || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
         cp == 0x202F || cp == 0x205F || cp == 0x3000 || ac_utf8_unsafe(cp);
}

bool ac_report__starts_command(const char *s)
{
  size_t len = s != NULL ? strlen(s) : 0, i = 0, at = 0;

  while (at < len && lead_blank(ac_utf8_next(s, len, &i)))
    at = i;
  return len - at >= 2 && s[at] == ':' && s[at + 1] == ':';
}

void ac_report__lead(FILE *out, const char *path)
{
  if (ac_report__starts_command(path))
    fputs("./", out);                          /* the same file, and no workflow command */
}

/*
 * RFC 4180 section 2; OWASP "CSV injection": a leading ' keeps spreadsheets from
 * reading the cell as a formula. Line breaks and controls are folded, so each
 * row is one line; a cell that would begin a line with "::" is quoted.
 */
void ac_report__csv_cell(FILE *out, const char *s)
{
  bool neutral, quote;
  size_t len;

  if (s == NULL || *s == '\0')
    return;
  len = strlen(s);
  neutral = strchr("=+-@\t\r", s[0]) != NULL;
  quote = strpbrk(s, ",\"\r\n") != NULL || ac_report__starts_command(s);
  if (quote)
    fputc('"', out);
  if (neutral)
    fputc('\'', out);
  for (const char *p = s, *q; p < s + len; p = q + 1) {
    q = memchr(p, '"', (size_t)(s + len - p));
    if (q == NULL) {
      utf8_clean(out, p, (size_t)(s + len - p));
      break;
    }
    utf8_clean(out, p, (size_t)(q - p));
    fputs("\"\"", out);
  }
  if (quote)
    fputc('"', out);
}

void ac_report_csv_cell(FILE *out, const char *s)
{
  ac_report__csv_cell(out, s);
}

/* GitHub Actions workflow commands: data escapes %, CR, LF; properties also : and ,. */
void ac_report__gh_escape(FILE *out, const char *s, bool property)
{
  size_t len = s != NULL ? strlen(s) : 0, i = 0;

  while (i < len) {
    size_t start = i;
    int32_t cp = ac_utf8_next(s, len, &i);

    if (cp < 0)
      fputs(replacement, out);
    else if (cp == '%')
      fputs("%25", out);
    else if (cp == '\r')
      fputs("%0D", out);
    else if (cp == '\n')
      fputs("%0A", out);
    else if (property && cp == ':')
      fputs("%3A", out);
    else if (property && cp == ',')
      fputs("%2C", out);
    else if (ac_utf8_unsafe(cp))
      fputc(' ', out);                         /* ESC, C1, bidi: never raw in a log */
    else
      fwrite(s + start, 1, i - start, out);
  }
}

void ac_report_plain(FILE *out, const char *s, size_t len, bool keep_tab)
{
  size_t i = 0;

  while (i < len) {
    size_t start = i;
    int32_t cp = ac_utf8_next(s, len, &i);

    if (cp < 0)
      fputs(replacement, out);
    else if (!(cp == '\t' && keep_tab) && ac_utf8_unsafe(cp))
      fputc(' ', out);          /* one line per finding, no terminal escapes (C1: CSI), no bidi */
    else if (ac_utf8_legacy_command(s, start))
      fputs(" [", out);         /* "##[error]" anywhere in a line is a GitHub runner command */
    else
      fwrite(s + start, 1, i - start, out);
  }
}

void ac_report_plain_path(FILE *out, const char *path)
{
  ac_report__lead(out, path);
  ac_report__plain(out, path);
}

void ac_report__plain(FILE *out, const char *s)
{
  ac_report_plain(out, s != NULL ? s : "", s != NULL ? strlen(s) : 0, true);
}

void ac_report__fixed(FILE *out, double v, int decimals)
{
  char buf[64];

  snprintf(buf, sizeof buf, "%.*f", decimals, v);
  for (char *p = buf; *p != '\0'; p++)
    if (*p == ',')
      *p = '.';                 /* a locale's decimal comma */
  fputs(buf, out);
}
