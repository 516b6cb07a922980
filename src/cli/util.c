/* Shared CLI helpers: messages, option values, rule and page loading. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

bool cli_quiet = false;

/*
 * Every message goes through here: it names files and quotes page text, so it
 * is folded to one plain line (no ESC, no bidi control, no line break that
 * could start a "::error" workflow command in a CI log).
 */
static void message(const char *prefix, const char *fmt, va_list ap)
{
  char small[1024], *text = small;
  va_list again;
  int n;

  va_copy(again, ap);
  n = vsnprintf(small, sizeof small, fmt, ap);
  if (n >= (int)sizeof small && (text = malloc((size_t)n + 1)) != NULL)
    vsnprintf(text, (size_t)n + 1, fmt, again);
  va_end(again);
  if (text == NULL)
    text = small;                    /* out of memory: the message cut short */
  fputs(prefix, stderr);
  if (n > 0)
    ac_report_plain(stderr, text, strlen(text), false);
  fputc('\n', stderr);
  if (text != small)
    free(text);
}

void cli_errorf(const char *fmt, ...)
{
  va_list ap;

  va_start(ap, fmt);
  message("attrcheck: ", fmt, ap);
  va_end(ap);
}

void cli_print_error(const ac_error *err)
{
  cli_errorf("%s", err->msg[0] ? err->msg : ac_status_name(err->code));
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
  va_start(ap, fmt);
  message("attrcheck: note: ", fmt, ap);
  va_end(ap);
}

int cli_parse_words(const char *s, unsigned *out)
{
  unsigned long n = 0;
  size_t i = 0;

  for (; s[i] >= '0' && s[i] <= '9' && i < 6; i++)    /* digits only: no sign, no space */
    n = n * 10 + (unsigned long)(s[i] - '0');
  if (i == 0 || s[i] != '\0' || n < 1 || n > 10000)
    return -1;
  *out = (unsigned)n;
  return 0;
}

/*
 * Only the documented forms: decimal digits, then nothing or one of K, M, G
 * (binary multiples, either case), optionally spelled KiB, MiB, GiB. strtoull
 * alone would also take " 5", "+5" and "0x10"; "5KB" is refused because KB
 * means 1000 bytes to some and 1024 to others.
 */
int cli_parse_size(const char *s, size_t *out)
{
  char *end = NULL;
  unsigned long long v;
  unsigned shift = 0;

  errno = 0;
  if (s == NULL || *s < '0' || *s > '9')
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
  if (shift && strcmp(end, "iB") == 0)
    end += 2;
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
