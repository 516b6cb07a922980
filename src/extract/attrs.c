/*
 * Attribute scanning shared by the element handlers: one pass over an
 * element's attributes, and space-separated token lists. A helper file.
 */
#include <string.h>
#include <strings.h>

#include "extract.h"

void ac_extract__scan_attrs(const GumboElement *el, xattrs *a)
{
  memset(a, 0, sizeof *a);
  for (unsigned i = 0; i < el->attributes.length; i++) {
    const GumboAttribute *at = el->attributes.data[i];
    const char *n = at->name, *v = at->value;
    switch (n[0]) {
    case 'a': if (strcmp(n, "aria-hidden") == 0) a->aria_hidden = v; break;
    case 'c':
      if (strcmp(n, "class") == 0) a->cls = v;
      else if (strcmp(n, "content") == 0) a->content = v;
      break;
    case 'd':
      if (strcmp(n, "data-attrcheck-ignore") == 0) a->ignore = v;
      else if (strcmp(n, "datetime") == 0) a->datetime = v;
      break;
    case 'h':
      if (strcmp(n, "href") == 0) a->href = v;
      else if (strcmp(n, "hidden") == 0) a->hidden = true;
      else if (strcmp(n, "height") == 0) a->height = v;
      else if (strcmp(n, "http-equiv") == 0) a->http_equiv = v;
      break;
    case 'i':
      if (strcmp(n, "id") == 0) a->id = v;
      else if (strcmp(n, "itemprop") == 0) a->itemprop = v;
      else if (strcmp(n, "itemscope") == 0) a->itemscope = true;
      break;
    case 'l': if (strcmp(n, "lang") == 0) a->lang = v; break;
    case 'n': if (strcmp(n, "name") == 0) a->name = v; break;
    case 'p': if (strcmp(n, "property") == 0) a->property = v; break;
    case 'r':
      if (strcmp(n, "rel") == 0) a->rel = v;
      else if (strcmp(n, "role") == 0) a->role = v;
      else if (strcmp(n, "resource") == 0) a->resource = v;
      break;
    case 's':
      if (strcmp(n, "style") == 0) a->style = v;
      else if (strcmp(n, "src") == 0) a->src = v;
      break;
    case 't': if (strcmp(n, "type") == 0) a->type = v; break;
    case 'w': if (strcmp(n, "width") == 0) a->width = v; break;
    default: break;
    }
  }
}

/* Does a space-separated list hold `word` (ASCII case ignored)? */
bool ac_extract__has_token(const char *list, const char *word)
{
  size_t wl = strlen(word);

  for (const char *p = list; p != NULL && *p;) {
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f')
      p++;
    const char *q = p;
    while (*q && *q != ' ' && *q != '\t' && *q != '\n' && *q != '\r' && *q != '\f')
      q++;
    if ((size_t)(q - p) == wl && strncasecmp(p, word, wl) == 0)
      return true;
    p = q;
  }
  return false;
}
