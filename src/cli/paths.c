/*
 * Paths as the project sees them. The project root is the directory of the
 * attrcheck.xml in use (or the current directory without one); baseline keys,
 * per-path policies, exclude globs with a slash and --base-url URLs all use a
 * page's path relative to it, so running from a subdirectory changes nothing.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

const char *cli_display_name(const char *path)
{
  return strcmp(path, "-") == 0 ? "<stdin>" : path;
}

char *cli_project_root(const char *config_dir)
{
  return realpath(config_dir != NULL ? config_dir : ".", NULL);
}

/* Drops ".", empty and ".." components (the latter with the one before), in place. */
static void normalize(char *abs)
{
  size_t o = 0;
  char *p = abs;

  while (*p != '\0') {
    char *end = strchr(p, '/');
    if (end == NULL)
      end = p + strlen(p);
    size_t n = (size_t)(end - p);
    if (n == 2 && p[0] == '.' && p[1] == '.') {
      while (o > 0 && abs[o - 1] != '/')
        o--;
      o = o > 0 ? o - 1 : 0;
    } else if (n > 0 && !(n == 1 && p[0] == '.')) {
      abs[o++] = '/';
      memmove(abs + o, p, n);
      o += n;
    }
    p = *end ? end + 1 : end;
  }
  if (o == 0)
    abs[o++] = '/';
  abs[o] = '\0';
}

/* `path` made absolute against the current (physical) directory, without resolving links. */
static char *absolute(const char *path)
{
  char cwd[PATH_MAX] = "";
  size_t n;
  char *abs;

  if (path[0] != '/' && getcwd(cwd, sizeof cwd) == NULL)
    return NULL;
  n = strlen(cwd) + strlen(path) + 2;
  abs = malloc(n);
  if (abs == NULL)
    return NULL;
  snprintf(abs, n, "%s/%s", cwd, path);
  normalize(abs);
  return abs;
}

/* The part of `abs` below `root` ("." for the root itself), or NULL when outside it. */
static const char *below(const char *root, const char *abs)
{
  size_t n = strlen(root);

  if (strcmp(root, "/") == 0)
    return abs[1] ? abs + 1 : ".";
  if (strncmp(abs, root, n) != 0 || (abs[n] != '/' && abs[n] != '\0'))
    return NULL;
  return abs[n] ? abs + n + 1 : ".";
}

char *cli_root_relative(const char *root, const char *path, bool *inside)
{
  char *abs, *real, *rel = NULL;
  const char *sub;

  *inside = false;
  if (strcmp(path, "-") == 0)
    return strdup(path);
  abs = absolute(path);
  if (abs == NULL)
    return strdup(path);
  sub = root ? below(root, abs) : NULL;
  /* A link on the way (a symlinked /tmp, say) can hide that the page is below the root. */
  real = sub == NULL && root ? realpath(path, NULL) : NULL;
  if (real != NULL && (sub = below(root, real)) != NULL) {
    free(abs);
    abs = real;
    real = NULL;
  }
  *inside = sub != NULL;
  rel = strdup(sub ? sub : real ? real : abs);
  free(real);
  free(abs);
  return rel;
}

char *cli_path_key(const char *root, const char *path)
{
  bool inside;

  return cli_root_relative(root, path, &inside);
}

/* RFC 3986 unreserved characters and the path's own separators stay as they are. */
static bool url_plain(unsigned char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         strchr("-._~/!$&'()*+,;=:@", c) != NULL;
}

/* `base` + "/" + rel, percent-encoded. malloc'd; NULL when out of memory. */
static char *url_join(const char *base, const char *rel)
{
  size_t blen = strlen(base), n;
  char *out;

  while (*rel == '/' || strncmp(rel, "./", 2) == 0)
    rel += *rel == '/' ? 1 : 2;
  while (blen > 0 && base[blen - 1] == '/')
    blen--;
  out = malloc(blen + 3 * strlen(rel) + 2);
  if (out == NULL)
    return NULL;
  memcpy(out, base, blen);
  n = blen;
  out[n++] = '/';
  for (const unsigned char *p = (const unsigned char *)rel; *p; p++) {
    if (url_plain(*p))
      out[n++] = (char)*p;
    else
      n += (size_t)sprintf(out + n, "%%%02X", *p);
  }
  out[n] = '\0';
  return out;
}

int cli_input_url(const char *base, const char *root, const cli_input *in, char **out)
{
  size_t plen = strlen(in->path);
  char *rel = NULL;
  bool inside = false;

  *out = NULL;
  if (base == NULL || strcmp(in->path, "-") == 0)
    return AC_OK;                   /* "BASE/-" would be nobody's URL */
  if (root != NULL && (rel = cli_root_relative(root, in->path, &inside)) == NULL)
    return AC_ENOMEM;
  if (inside)
    *out = url_join(base, rel);
  else
    *out = url_join(base, in->rel <= plen ? in->path + in->rel : in->path);
  free(rel);
  return *out != NULL ? AC_OK : AC_ENOMEM;
}
