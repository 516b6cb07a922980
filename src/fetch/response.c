/* A response's parts, shared by the exchange, the cache and robots.txt (a leaf: calls no other file). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fetch.h"

void ac_fetch__response_dispose(ac_fetch__response *r)
{
  free(r->final_url);
  free(r->headers);
  free(r->body);
  memset(r, 0, sizeof *r);
}

char *ac_fetch__header(const char *block, size_t len, const char *name)
{
  size_t nlen = strlen(name);
  const char *p = block, *end = block + len;

  while (p != NULL && p < end) {
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    const char *stop = eol != NULL ? eol : end;

    if ((size_t)(stop - p) > nlen && strncasecmp(p, name, nlen) == 0 && p[nlen] == ':') {
      const char *v = p + nlen + 1;
      while (v < stop && (*v == ' ' || *v == '\t'))
        v++;
      while (stop > v && (stop[-1] == '\r' || stop[-1] == ' ' || stop[-1] == '\t'))
        stop--;
      return strndup(v, (size_t)(stop - v));
    }
    p = eol != NULL ? eol + 1 : NULL;
  }
  return NULL;
}
