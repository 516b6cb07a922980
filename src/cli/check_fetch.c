/* check --fetch: its options, the default cache file, and the shared fetcher. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"

static int bad(const char *opt, const char *value)
{
  cli_errorf("check: invalid value '%s' for --%s (see 'attrcheck check --help')", value, opt);
  return CLI_EXIT_FAILED;
}

/* 0..3600 seconds; 0 is allowed (a delay may be none). */
static int parse_delay(const char *s, double *out)
{
  char *end = NULL;
  double v;

  errno = 0;
  v = strtod(s, &end);
  if (errno != 0 || end == s || *end != '\0' || !(v >= 0) || v > 3600)
    return -1;
  *out = v;
  return 0;
}

int check_fetch_option(check_opts *o, int c, const char *arg)
{
  switch (c) {
  case CHECK_OPT_FETCH: o->fetch.on = true; break;
  case CHECK_OPT_FETCH_ALLOW_PRIVATE: o->fetch.allow_private = true; break;
  case CHECK_OPT_FETCH_CACHE: o->fetch.cache = arg; break;
  case CHECK_OPT_FETCH_DELAY:
    if (parse_delay(arg, &o->fetch.delay) < 0)
      return bad("fetch-delay", arg);
    break;
  case CHECK_OPT_FETCH_TIMEOUT:
    if (cli_parse_seconds(arg, &o->fetch.timeout) < 0 || o->fetch.timeout > 3600)
      return bad("fetch-timeout", arg);
    break;
  default:
    return CLI_EXIT_FAILED;
  }
  return 0;
}

static int mkdir_one(const char *dir)
{
  return mkdir(dir, 0700) == 0 || errno == EEXIST ? 0 : -1;
}

/* $XDG_CACHE_HOME/attrcheck/fetch.sqlite, else ~/.cache/attrcheck/…; directories made. */
static char *default_cache(void)
{
  const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
  char *base, *path;

  if (xdg != NULL && xdg[0] == '/')
    base = strdup(xdg);
  else if (home != NULL && home[0] == '/' && (base = malloc(strlen(home) + 8)) != NULL)
    sprintf(base, "%s/.cache", home);
  else
    return NULL;
  if (base == NULL)
    return NULL;
  path = malloc(strlen(base) + sizeof "/attrcheck/fetch.sqlite");
  if (path != NULL) {
    sprintf(path, "%s/attrcheck", base);
    if (mkdir_one(base) < 0 || mkdir_one(path) < 0) {
      free(path);
      path = NULL;
    } else {
      strcat(path, "/fetch.sqlite");
    }
  }
  free(base);
  return path;
}

int check_fetch_open(const check_opts *o, ac_fetch **out)
{
  ac_fetch_options fo = AC_FETCH_OPTIONS_INIT;
  ac_error err = {0};
  char *cache = NULL;
  int rc;

  *out = NULL;
  if (!o->fetch.on)
    return CLI_EXIT_CLEAN;
  if (o->fetch.cache == NULL && (cache = default_cache()) == NULL)
    cli_notef("--fetch: no cache directory ($XDG_CACHE_HOME or $HOME), so nothing is cached");
  fo.cache_path = o->fetch.cache != NULL ? o->fetch.cache : cache;
  fo.delay = o->fetch.delay;
  fo.timeout = o->fetch.timeout;
  fo.max_bytes = o->limits.max_bytes;
  fo.allow_private = o->fetch.allow_private;
  fo.compare = o->compare;
  rc = ac_fetch_new(out, &fo, &err);
  free(cache);
  if (rc < 0) {
    cli_print_error(&err);
    return CLI_EXIT_FAILED;
  }
  return CLI_EXIT_CLEAN;
}
