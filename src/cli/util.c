/* Shared CLI helpers: messages, option values, rule and page loading. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

bool cli_quiet = false;

void cli_errorf(const char *fmt, ...)
{
  va_list ap;

  fputs("attrcheck: ", stderr);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
}

void cli_print_error(const ac_error *err)
{
  cli_errorf("%s", err->msg[0] ? err->msg : ac_status_name(err->code));
}

/*
 * Why an earlier write to stdout failed, when the last flush no longer says
 * (glibc drops the buffer after one failed flush): a pipe whose reader is gone
 * polls as POLLERR; anything else is an I/O error.
 */
static int stdout_lost_errno(void)
{
  struct pollfd p = {STDOUT_FILENO, POLLOUT, 0};

  if (poll(&p, 1, 0) == 1 && (p.revents & POLLERR))
    return EPIPE;
  return EIO;
}

int cli_stdout_check(void)
{
  static bool reported;
  int e;

  errno = 0;
  if (fflush(stdout) == 0 && !ferror(stdout))
    return CLI_EXIT_CLEAN;
  e = errno != 0 ? errno : stdout_lost_errno();
  /* A reader that stopped early (`| head`) is not a fault: status 2, as check, but no message. */
  if (e != EPIPE && !reported)
    cli_errorf("writing standard output: %s", strerror(e));
  reported = true;
  return CLI_EXIT_FAILED;
}

void cli_note_skipped(const ac_error *err)
{
  cli_notef("%s, skipped", err->msg);
}

void cli_notef(const char *fmt, ...)
{
  va_list ap;

  if (cli_quiet)
    return;
  fputs("attrcheck: note: ", stderr);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
}

int cli_parse_size(const char *s, size_t *out)
{
  char *end = NULL;
  unsigned long long v;
  unsigned shift = 0;

  errno = 0;
  if (s == NULL || *s == '-' || *s == '\0')
    return -1;
  v = strtoull(s, &end, 10);
  if (errno != 0 || end == s)
    return -1;
  switch (*end) {
  case 'k': case 'K': shift = 10; end++; break;
  case 'm': case 'M': shift = 20; end++; break;
  case 'g': case 'G': shift = 30; end++; break;
  default: break;
  }
  if (shift && (strcmp(end, "iB") == 0 || strcmp(end, "B") == 0))
    end += strlen(end);
  if (*end != '\0' || (shift && v > (~0ULL >> shift)))
    return -1;
  *out = (size_t)(v << shift);
  return 0;
}

int cli_parse_seconds(const char *s, double *out)
{
  char *end = NULL;
  double v;

  errno = 0;
  v = strtod(s, &end);
  if (errno != 0 || end == s || *end != '\0' || !(v > 0) || v > 86400)
    return -1;
  *out = v;
  return 0;
}

int cli_rules_load(const char *const *packs, size_t n, bool no_defaults, ac_rules **out)
{
  ac_rules *rules = NULL;
  ac_error err = {0};

  *out = NULL;
  if (ac_rules_new(&rules, &err) < 0)
    goto fail;
  if (!no_defaults && ac_rules_add_defaults(rules, NULL, &err) < 0)
    goto fail;
  for (size_t i = 0; i < n; i++) {
    struct stat st;
    bool dir = stat(packs[i], &st) == 0 && S_ISDIR(st.st_mode);
    /* A directory of packs loads each *.xml in it, in name order. */
    if ((dir ? ac_rules_add_defaults(rules, packs[i], &err)
             : ac_rules_add_file(rules, packs[i], &err)) < 0)
      goto fail;
  }
  *out = rules;
  return CLI_EXIT_CLEAN;
fail:
  cli_print_error(&err);
  ac_rules_free(rules);
  return CLI_EXIT_FAILED;
}

int cli_page_open(const char *path, const ac_rules *rules, const char *url,
                  const ac_limits *limits, ac_page **out, ac_error *err)
{
  ac_extract_options xo = AC_EXTRACT_OPTIONS_INIT;
  ac_page *page = NULL;
  int rc;

  *out = NULL;
  rc = ac_page_load_file(&page, path, limits, err);
  if (rc < 0)
    return rc;
  xo.url = url;
  rc = ac_page_extract(page, rules, &xo, err);
  if (rc < 0) {
    ac_page_free(page);
    return rc;
  }
  *out = page;
  return AC_OK;
}

int cli_strings_push(cli_strings *s, const char *value)
{
  if (s->count == s->cap) {
    size_t ncap = s->cap ? s->cap * 2 : 8;
    const char **grown = realloc(s->items, ncap * sizeof *grown);
    if (grown == NULL)
      return AC_ENOMEM;
    s->items = grown;
    s->cap = ncap;
  }
  s->items[s->count++] = value;
  return AC_OK;
}

void cli_strings_dispose(cli_strings *s)
{
  free(s->items);
  s->items = NULL;
  s->count = s->cap = 0;
}

bool cli_url_ok(const char *url)
{
  char *resolved = ac_url_resolve(NULL, url);
  bool ok = resolved != NULL;

  free(resolved);
  return ok;
}

/* Writing the report over a page being checked would lose that page. */
bool cli_output_not_input(const char *output, const cli_inputs *in)
{
  char out_real[PATH_MAX], in_real[PATH_MAX];

  if (output == NULL || realpath(output, out_real) == NULL)
    return true;                    /* a new file cannot be an input */
  for (size_t i = 0; i < in->count; i++)
    if (realpath(in->items[i].path, in_real) != NULL && strcmp(in_real, out_real) == 0) {
      cli_errorf("-o %s: that is one of the pages being checked; not overwritten", output);
      return false;
    }
  return true;
}

