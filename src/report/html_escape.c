/*
 * Escaping for the HTML report, shared by its files: text, strings and
 * http(s)-only links. A helper file: it calls nothing else in the report.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "html.h"
#include "../util/utf8.h"

void ac_html__text(FILE *o, const char *s, size_t len)
{
  size_t i = 0;

  while (i < len) {
    size_t start = i;
    int32_t cp = ac_utf8_next(s, len, &i);

    if (cp < 0)
      fputs("\xEF\xBF\xBD", o);                /* ill-formed UTF-8 */
    else if (cp == '&')
      fputs("&amp;", o);
    else if (cp == '<')
      fputs("&lt;", o);
    else if (cp == '>')
      fputs("&gt;", o);
    else if (cp == '"')
      fputs("&quot;", o);
    else if (cp == '\'')
      fputs("&#39;", o);
    else if (cp != '\n' && cp != '\t' && ac_utf8_unsafe(cp))
      fputc(' ', o);                           /* controls and bidi, as every writer folds them */
    else
      fwrite(s + start, 1, i - start, o);
  }
}

void ac_html__str(FILE *o, const char *s)
{
  if (s != NULL)
    ac_html__text(o, s, strlen(s));
}

/* A link only for http(s): a javascript: or data: URL from a page stays text. */
void ac_html__url(FILE *o, const char *url)
{
  if (url == NULL)
    return;
  if (strncasecmp(url, "http://", 7) != 0 && strncasecmp(url, "https://", 8) != 0) {
    ac_html__str(o, url);
    return;
  }
  fputs("<a rel=\"noopener noreferrer\" href=\"", o);
  ac_html__str(o, url);
  fputs("\">", o);
  ac_html__str(o, url);
  fputs("</a>", o);
}
