/* Shared CLI helpers: messages, option values, rule and page loading. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

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
  return cli_page_open_with(path, rules, url, limits, AC_INPUT_AUTO, NULL, out, err);
}

int cli_parse_input_type(const char *cmd, const char *value, ac_input_type *out)
{
  static const char *const names[] = {"html", "markdown", "text", "feed", NULL};
  static const ac_input_type types[] = {AC_INPUT_HTML, AC_INPUT_MARKDOWN, AC_INPUT_TEXT,
                                        AC_INPUT_FEED};

  for (size_t i = 0; names[i] != NULL; i++)
    if (strcmp(value, names[i]) == 0) {
      *out = types[i];
      return 0;
    }
  return cli_bad_choice(cmd, "input-type", value, names);
}

int cli_page_open_with(const char *path, const ac_rules *rules, const char *url,
                       const ac_limits *limits, ac_input_type type,
                       const cli_rights_files *rf, ac_page **out, ac_error *err)
{
  ac_load_options lo = {0};
  ac_extract_options xo = AC_EXTRACT_OPTIONS_INIT;
  ac_page *page = NULL;
  int rc;

  *out = NULL;
  lo.limits = limits;
  lo.input_type = type;
  if (rf != NULL) {
    lo.http_headers = rf->headers;
    lo.http_headers_len = rf->headers_len;
    xo.tdmrep_name = rf->tdmrep_name;
    xo.tdmrep = rf->tdmrep;
    xo.tdmrep_len = rf->tdmrep_len;
    xo.robots_name = rf->robots_name;
    xo.robots = rf->robots;
    xo.robots_len = rf->robots_len;
  }
  rc = ac_page_load_file_with(&page, path, &lo, err);
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

#define NEAR_MAX_LEN 64

size_t cli_edit_distance(const char *a, const char *b)
{
  size_t la = strlen(a), lb = strlen(b);
  size_t rows[3][NEAR_MAX_LEN + 1];   /* i-2, i-1 and i: a swap looks two rows back */

  if (la > NEAR_MAX_LEN || lb > NEAR_MAX_LEN)
    return SIZE_MAX;
  for (size_t j = 0; j <= lb; j++)
    rows[0][j] = j;
  for (size_t i = 1; i <= la; i++) {
    size_t *cur = rows[i % 3], *prev = rows[(i - 1) % 3], *prev2 = rows[(i + 1) % 3];
    cur[0] = i;
    for (size_t j = 1; j <= lb; j++) {
      size_t cost = a[i - 1] != b[j - 1];
      size_t d = prev[j - 1] + cost;
      if (prev[j] + 1 < d)
        d = prev[j] + 1;
      if (cur[j - 1] + 1 < d)
        d = cur[j - 1] + 1;
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < d)
        d = prev2[j - 2] + 1;
      cur[j] = d;
    }
  }
  return rows[la % 3][lb];
}

void cli_nearest_init(cli_nearest *n, const char *word)
{
  n->word = word;
  n->best = NULL;
  n->distance = SIZE_MAX;
}

void cli_nearest_offer(cli_nearest *n, const char *candidate)
{
  size_t len = strlen(n->word), d = cli_edit_distance(n->word, candidate);
  size_t most = len / 3 > 3 ? 3 : len / 3 > 0 ? len / 3 : 1;

  if (len >= 2 && d > 1 && strncmp(candidate, n->word, len) == 0)
    d = 1;                            /* a word cut short: warn -> warning */
  if (d == 0 || d > most || d >= n->distance)
    return;
  n->best = candidate;
  n->distance = d;
}

char *cli_did_you_mean(const cli_nearest *n, const char *prefix, char *buf, size_t size)
{
  if (n->best == NULL)
    snprintf(buf, size, "%s", "");
  else
    snprintf(buf, size, "; did you mean '%s%s'?", prefix, n->best);
  return buf;
}

/* At most 64 bytes of what was typed (cli_errorf folds any control in it). */
static const char *shown(const char *s, size_t len, char buf[NEAR_MAX_LEN + 1])
{
  size_t n = len < NEAR_MAX_LEN ? len : NEAR_MAX_LEN;

  memcpy(buf, s, n);
  buf[n] = '\0';
  return buf;
}

/* The long option that `typed` (a name or a prefix of one) and `val` name, if any. */
static const struct option *long_option(const struct option *opts, const char *typed, size_t len,
                                        int val)
{
  for (const struct option *o = opts; o->name != NULL; o++)
    if (o->val == val && strncmp(o->name, typed, len) == 0)
      return o;
  return NULL;
}

static int unknown_long(const char *cmd, const struct option *opts, const char *typed, size_t len)
{
  char word[NEAR_MAX_LEN + 1], others[512] = "", hint[160];
  size_t matches = 0;
  cli_nearest near;

  len = strlen(shown(typed, len, word));
  for (const struct option *o = opts; o->name != NULL; o++)
    if (strncmp(o->name, word, len) == 0 && strlen(others) + strlen(o->name) + 8 < sizeof others) {
      snprintf(others + strlen(others), sizeof others - strlen(others), "%s--%s",
               matches++ ? ", " : "", o->name);
    }
  if (matches > 1) {
    cli_errorf("%s: option '--%s' is ambiguous: %s", cmd, word, others);
    return CLI_EXIT_FAILED;
  }
  cli_nearest_init(&near, word);
  for (const struct option *o = opts; o->name != NULL; o++)
    cli_nearest_offer(&near, o->name);
  cli_errorf("%s: unknown option '--%s'%s (try 'attrcheck %s --help')", cmd, word,
             cli_did_you_mean(&near, "--", hint, sizeof hint), cmd);
  return CLI_EXIT_FAILED;
}

int cli_option_error(const char *cmd, const struct option *opts, char *const *argv, int c)
{
  const char *arg = optind > 0 ? argv[optind - 1] : NULL;
  bool is_long = arg != NULL && strncmp(arg, "--", 2) == 0;
  const char *typed = is_long ? arg + 2 : NULL;
  size_t len = is_long ? strcspn(typed, "=") : 0;
  const struct option *o = NULL;
  char word[NEAR_MAX_LEN + 1];

  if (is_long && optopt == 0)
    return unknown_long(cmd, opts, typed, len);
  if (is_long)
    o = long_option(opts, typed, len, optopt);
  if (o != NULL && c == ':')
    cli_errorf("%s: option '--%s' needs a value (try 'attrcheck %s --help')", cmd, o->name, cmd);
  else if (o != NULL)
    cli_errorf("%s: option '--%s' takes no value (try 'attrcheck %s --help')", cmd, o->name, cmd);
  else if (c == ':')
    cli_errorf("%s: option '-%c' needs a value (try 'attrcheck %s --help')", cmd, optopt, cmd);
  else {
    char one[2] = {(char)optopt, '\0'};
    cli_errorf("%s: unknown option '-%s' (try 'attrcheck %s --help')", cmd,
               shown(one, 1, word), cmd);
  }
  return CLI_EXIT_FAILED;
}

int cli_bad_choice(const char *cmd, const char *opt, const char *value,
                   const char *const *valid)
{
  char list[256] = "", word[NEAR_MAX_LEN + 1], hint[160];
  size_t n = 0, len;
  cli_nearest near;

  while (valid[n] != NULL)
    n++;
  shown(value, strlen(value), word);
  cli_nearest_init(&near, word);
  for (size_t i = 0; i < n; i++) {
    len = strlen(list);
    snprintf(list + len, sizeof list - len, "%s%s", i == 0 ? "" : i + 1 == n ? " or " : ", ",
             valid[i]);
    cli_nearest_offer(&near, valid[i]);
  }
  cli_errorf("%s: invalid value '%s' for --%s (expected %s%s)", cmd, word, opt, list,
             cli_did_you_mean(&near, "", hint, sizeof hint));
  return CLI_EXIT_FAILED;
}
