/* Paths as reports show them: relative to the base directory, and as URIs. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report.h"

char *ac_report__cwd(void)
{
  size_t cap = 256;

  for (;;) {
    char *buf = malloc(cap);

    if (buf == NULL)
      return NULL;
    if (getcwd(buf, cap) != NULL)
      return buf;
    free(buf);
    if (errno != ERANGE || cap > ((size_t)1 << 20))
      return NULL;
    cap *= 2;
  }
}

/* Lexical clean-up in place: "//" and "/./" collapse, "x/.." goes (no symlinks
 * are resolved: a failed input may not exist). `p` starts with '/'. The output
 * never outruns the input, so writing behind the reader is safe. */
static void clean(char *p)
{
  char *w = p + 1;
  const char *r = p;

  while (*r != '\0') {
    const char *seg;
    size_t n;

    while (*r == '/')
      r++;
    seg = r;
    while (*r != '\0' && *r != '/')
      r++;
    n = (size_t)(r - seg);
    if (n == 0 || (n == 1 && seg[0] == '.'))
      continue;
    if (n == 2 && seg[0] == '.' && seg[1] == '.') {
      while (w > p + 1 && w[-1] != '/')
        w--;
      if (w > p + 1)
        w--;
      continue;
    }
    if (w > p + 1)
      *w++ = '/';
    memmove(w, seg, n);
    w += n;
  }
  *w = '\0';
}

char *ac_report__abspath(const char *path, const char *cwd)
{
  char *own = NULL, *out;
  size_t need;

  if ((path == NULL || path[0] != '/') && cwd == NULL) {
    own = ac_report__cwd();
    cwd = own;
    if (cwd == NULL)
      return path != NULL ? strdup(path) : strdup(".");
  }
  if (path == NULL)
    path = "";
  if (path[0] == '/')
    cwd = NULL;
  need = (cwd != NULL ? strlen(cwd) + 1 : 0) + strlen(path) + 2;
  out = malloc(need);
  if (out != NULL) {
    snprintf(out, need, "%s%s%s", cwd != NULL ? cwd : "", cwd != NULL ? "/" : "", path);
    clean(out);
  }
  free(own);
  return out;
}

char *ac_report__relpath(const char *path, const char *base_abs, const char *cwd)
{
  char *ap, *out = NULL;
  size_t bl;

  if (strcmp(path, "-") == 0)
    return strdup(path);                       /* standard input has no place in the tree */
  ap = ac_report__abspath(path, cwd);
  if (ap == NULL || ap[0] != '/' || base_abs == NULL || base_abs[0] != '/')
    return ap;
  bl = strlen(base_abs);
  if (strcmp(ap, base_abs) == 0)
    out = strdup(".");
  else if (bl == 1)
    out = strdup(ap + 1);                      /* base is "/" */
  else if (strncmp(ap, base_abs, bl) == 0 && ap[bl] == '/')
    out = strdup(ap + bl + 1);
  else
    return ap;
  free(ap);
  return out;
}

/* RFC 3986 section 2.3: only unreserved characters (and '/') go unencoded. */
void ac_report__uri(FILE *out, const char *rel)
{
  static const char hex[] = "0123456789ABCDEF";

  if (rel[0] == '/')
    fputs("file://", out);
  for (const unsigned char *p = (const unsigned char *)rel; *p != '\0'; p++) {
    if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
        strchr("-._~/", *p) != NULL)
      fputc(*p, out);
    else
      fprintf(out, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
  }
}
