/* attrcheck check: load, extract, fingerprint, match, judge and report each page. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "runner.h"

static const char check_usage[] =
  "usage: attrcheck check [options] PATH...\n"
  "\n"
  "Check pages (files, directories walked recursively, or - for stdin) for\n"
  "licensing and attribution.\n"
  "\n"
  "  -f, --format FMT        text (default), csv, findings-csv, json, sarif, junit, github,\n"
  "                          html\n"
  "  -o, --output FILE       write the report to FILE (atomically) instead of stdout;\n"
  "                          the summary line then goes to stderr (unless -q)\n"
  "      --sign KEY.pem      sign the -o report with an Ed25519 key: FILE.sig beside it\n"
  "      --fail-on LEVEL     error (default), warning, note or never: what makes exit status 1\n"
  "      --url URL           where the page is or will be published\n"
  "      --base-url URL      site URL of the pages: a page's URL is URL + its path\n"
  "                          below the project root (the directory of attrcheck.xml);\n"
  "                          without a config, below the directory argument\n"
  "      --headers FILE      the raw HTTP response header block the pages were served\n"
  "                          with (Link, X-Robots-Tag, tdm-reservation, tdm-policy)\n"
  "      --tdmrep FILE       the site's /.well-known/tdmrep.json (TDM reservation rules)\n"
  "      --robots FILE       the site's robots.txt (Content-Usage, RSL License lines)\n"
  "      --rules PACK        add a rule pack (repeatable)\n"
  "      --no-default-rules  do not load the built-in packs\n"
  "      --policy NAME       force a policy pack\n"
  "      --index DB          match pages against an index of originals\n"
  "      --count-quotes      with --index: quoted text counts as copied (by default\n"
  "                          quotations are reported apart, as quoted_coverage)\n"
  "      --min-passage N     with --index: runs of fewer than N copied words are\n"
  "                          reported but make no copy (default 15)\n"
  "      --fetch             fetch each page's credited source link, a canonical naming\n"
  "                          another site and the read-original link, and compare them\n"
  "                          with the page (robots.txt honoured; docs/fetch.md)\n"
  "      --fetch-cache FILE  SQLite cache of fetched pages (default\n"
  "                          $XDG_CACHE_HOME/attrcheck/fetch.sqlite)\n"
  "      --fetch-delay S     seconds between two requests to one host (default 1)\n"
  "      --fetch-timeout S   seconds for one whole request (default 20)\n"
  "      --fetch-allow-private  let --fetch reach loopback, private and link-local\n"
  "                          addresses (refused by default)\n"
  "      --baseline FILE     findings recorded in FILE do not fail the run (paths in it\n"
  "                          are relative to the project root)\n"
  "      --write-baseline FILE  record the current findings in FILE (entries of pages\n"
  "                          not checked in this run are kept)\n"
  "      --include GLOB      files to check in directories (repeatable; replaces the\n"
  "                          config's <include>; default *.html *.htm *.xhtml\n"
  "                          *.md *.markdown)\n"
  "      --exclude GLOB      paths to skip (repeatable; adds to the config's <exclude>):\n"
  "                          a GLOB without / matches any directory or file name\n"
  "                          (node_modules), one with / the path below the project root\n"
  "                          however called (content/vendor/*); named files are\n"
  "                          skipped too, with a note (a missing one is still an error)\n"
  "      --follow            follow symbolic links while walking, to files and\n"
  "                          directories inside the project root only\n"
  "      --follow-anywhere   follow symbolic links wherever they point\n"
  "  -j, --jobs N            check N pages at once (default: number of cores, at most 64)\n"
  "      --shard I/N         check only shard I of N (CI matrix jobs): each page belongs\n"
  "                          to one shard, by a hash of its path below the project root\n"
  "      --config FILE       read options from FILE (default: attrcheck.xml found upwards)\n"
  "      --no-config         do not look for attrcheck.xml\n"
  "      --color WHEN        auto (default), always, never (also spelled --colour)\n"
  "      --progress          show a progress line even when stderr is not a terminal\n"
  "      --max-bytes SIZE    refuse larger inputs (default 16M)\n"
  "      --input-type TYPE   read every input as html, markdown, text or feed (default:\n"
  "                          by extension, .md .markdown .mdx .txt .rss .atom, and content)\n"
  "      --max-memory SIZE   parse memory budget per page (default 256M)\n"
  "      --max-parse-seconds S  parse time budget per page (default 2)\n"
  "  -q, --quiet             no summary line and no notes on stderr; findings of every\n"
  "                          severity, note included, are still reported\n"
  "  -h, --help              show this help\n";

enum {
  OPT_FAIL_ON = 256, OPT_URL, OPT_BASE_URL, OPT_RULES, OPT_NO_DEFAULT_RULES, OPT_POLICY,
  OPT_INDEX, OPT_BASELINE, OPT_WRITE_BASELINE, OPT_INCLUDE, OPT_EXCLUDE, OPT_FOLLOW,
  OPT_CONFIG, OPT_NO_CONFIG, OPT_COLOR, OPT_PROGRESS, OPT_MAX_BYTES, OPT_MAX_MEMORY,
  OPT_MAX_SECONDS, OPT_SHARD, OPT_SIGN, OPT_FOLLOW_ANYWHERE, OPT_COUNT_QUOTES, OPT_MIN_PASSAGE,
  OPT_HEADERS, OPT_TDMREP, OPT_ROBOTS, OPT_INPUT_TYPE
};

static const struct option check_options[] = {
  {"format", required_argument, NULL, 'f'},
  {"output", required_argument, NULL, 'o'},
  {"fail-on", required_argument, NULL, OPT_FAIL_ON},
  {"url", required_argument, NULL, OPT_URL},
  {"base-url", required_argument, NULL, OPT_BASE_URL},
  {"rules", required_argument, NULL, OPT_RULES},
  {"no-default-rules", no_argument, NULL, OPT_NO_DEFAULT_RULES},
  {"policy", required_argument, NULL, OPT_POLICY},
  {"index", required_argument, NULL, OPT_INDEX},
  {"count-quotes", no_argument, NULL, OPT_COUNT_QUOTES},
  {"min-passage", required_argument, NULL, OPT_MIN_PASSAGE},
  {"fetch", no_argument, NULL, CHECK_OPT_FETCH},
  {"fetch-cache", required_argument, NULL, CHECK_OPT_FETCH_CACHE},
  {"fetch-delay", required_argument, NULL, CHECK_OPT_FETCH_DELAY},
  {"fetch-timeout", required_argument, NULL, CHECK_OPT_FETCH_TIMEOUT},
  {"fetch-allow-private", no_argument, NULL, CHECK_OPT_FETCH_ALLOW_PRIVATE},
  {"baseline", required_argument, NULL, OPT_BASELINE},
  {"write-baseline", required_argument, NULL, OPT_WRITE_BASELINE},
  {"include", required_argument, NULL, OPT_INCLUDE},
  {"exclude", required_argument, NULL, OPT_EXCLUDE},
  {"follow", no_argument, NULL, OPT_FOLLOW},
  {"follow-anywhere", no_argument, NULL, OPT_FOLLOW_ANYWHERE},
  {"jobs", required_argument, NULL, 'j'},
  {"config", required_argument, NULL, OPT_CONFIG},
  {"no-config", no_argument, NULL, OPT_NO_CONFIG},
  {"color", required_argument, NULL, OPT_COLOR},
  {"colour", required_argument, NULL, OPT_COLOR},
  {"progress", no_argument, NULL, OPT_PROGRESS},
  {"max-bytes", required_argument, NULL, OPT_MAX_BYTES},
  {"input-type", required_argument, NULL, OPT_INPUT_TYPE},
  {"max-memory", required_argument, NULL, OPT_MAX_MEMORY},
  {"max-parse-seconds", required_argument, NULL, OPT_MAX_SECONDS},
  {"shard", required_argument, NULL, OPT_SHARD},
  {"sign", required_argument, NULL, OPT_SIGN},
  {"headers", required_argument, NULL, OPT_HEADERS},
  {"tdmrep", required_argument, NULL, OPT_TDMREP},
  {"robots", required_argument, NULL, OPT_ROBOTS},
  {"quiet", no_argument, NULL, 'q'},
  {"help", no_argument, NULL, 'h'},
  {NULL, 0, NULL, 0},
};

static int bad_value(const char *opt, const char *value)
{
  cli_errorf("check: invalid value '%s' for --%s (see 'attrcheck check --help')", value, opt);
  return CLI_EXIT_FAILED;
}

static const char *const fail_on_levels[] = {"error", "warning", "note", "never", NULL};
static const char *const color_modes[] = {"auto", "always", "never", NULL};

static int parse_fail_on(const char *v, ac_severity *out)
{
  static const ac_severity levels[] = {AC_SEV_ERROR, AC_SEV_WARNING, AC_SEV_NOTE, AC_SEV_NONE};

  for (size_t i = 0; i < AC_COUNT(levels); i++)
    if (strcmp(v, fail_on_levels[i]) == 0) {
      *out = levels[i];
      return 0;
    }
  return -1;
}

static bool known_format(const char *name)
{
  for (const char *const *f = ac_report_formats(); *f != NULL; f++)
    if (strcmp(*f, name) == 0)
      return true;
  return false;
}

/* "I/N", 1 <= I <= N <= 10000. */
static int parse_shard(const char *v, unsigned *shard, unsigned *shards)
{
  char *end = NULL, *slash = NULL;
  unsigned long i = strtoul(v, &slash, 10), n;

  if (slash == v || *slash != '/')
    return -1;
  n = strtoul(slash + 1, &end, 10);
  if (end == slash + 1 || *end != '\0' || i < 1 || n < 1 || i > n || n > 10000)
    return -1;
  *shard = (unsigned)i;
  *shards = (unsigned)n;
  return 0;
}

static int parse_option(check_opts *o, int c, const char *arg, char **argv)
{
  char *end = NULL;

  switch (c) {
  case 'f':
    if (!known_format(arg))
      return cli_bad_choice("check", "format", arg, ac_report_formats());
    o->format = arg;
    break;
  case 'o': o->output = arg; break;
  case OPT_FAIL_ON:
    if (parse_fail_on(arg, &o->fail_on) < 0)
      return cli_bad_choice("check", "fail-on", arg, fail_on_levels);
    o->set.fail_on = true;
    break;
  case OPT_URL: o->url = arg; break;
  case OPT_BASE_URL: o->base_url = arg; break;
  case OPT_RULES: cli_strings_push(&o->rules, arg); break;
  case OPT_NO_DEFAULT_RULES: o->no_default_rules = true; break;
  case OPT_POLICY: o->policy = arg; break;
  case OPT_INDEX: o->index = arg; break;
  case OPT_COUNT_QUOTES: o->compare.count_quotes = true; break;
  case OPT_MIN_PASSAGE:
    if (cli_parse_words(arg, &o->compare.min_passage) < 0)
      return bad_value("min-passage", arg);
    break;
  case OPT_BASELINE: o->baseline = arg; break;
  case OPT_WRITE_BASELINE: o->write_baseline = arg; break;
  case OPT_INCLUDE: cli_strings_push(&o->include, arg); break;
  case OPT_EXCLUDE: cli_strings_push(&o->exclude, arg); break;
  case OPT_FOLLOW: o->follow = true; break;
  case OPT_FOLLOW_ANYWHERE: o->follow = o->follow_anywhere = true; break;
  case 'j':
    o->jobs = (unsigned)strtoul(arg, &end, 10);
    if (end == arg || *end != '\0' || o->jobs == 0 || o->jobs > 256)
      return bad_value("jobs", arg);
    break;
  case OPT_SHARD:
    if (parse_shard(arg, &o->shard, &o->shards) < 0)
      return bad_value("shard", arg);
    break;
  case OPT_SIGN: o->sign = arg; break;
  case OPT_HEADERS: return cli_rights_option(&o->rights, "headers", arg);
  case OPT_TDMREP: return cli_rights_option(&o->rights, "tdmrep", arg);
  case OPT_ROBOTS: return cli_rights_option(&o->rights, "robots", arg);
  case OPT_CONFIG: o->config = arg; break;
  case OPT_NO_CONFIG: o->no_config = true; break;
  case OPT_COLOR:
    if (strcmp(arg, "auto") && strcmp(arg, "always") && strcmp(arg, "never"))
      return cli_bad_choice("check", "color", arg, color_modes);
    o->color = arg;
    break;
  case OPT_PROGRESS: o->progress = true; break;
  case OPT_INPUT_TYPE: return cli_parse_input_type("check", arg, &o->input_type);
  case OPT_MAX_BYTES:
    if (cli_parse_size(arg, &o->limits.max_bytes) < 0 || o->limits.max_bytes == 0)
      return bad_value("max-bytes", arg);
    break;
  case OPT_MAX_MEMORY:
    if (cli_parse_size(arg, &o->limits.max_memory) < 0 || o->limits.max_memory < 65536)
      return bad_value("max-memory", arg);
    break;
  case OPT_MAX_SECONDS:
    if (cli_parse_seconds(arg, &o->limits.max_parse_seconds) < 0)
      return bad_value("max-parse-seconds", arg);
    break;
  case 'q': o->quiet = cli_quiet = true; break;
  case 'h': fputs(check_usage, stdout); return -1;
  case CHECK_OPT_FETCH: case CHECK_OPT_FETCH_CACHE: case CHECK_OPT_FETCH_DELAY:
  case CHECK_OPT_FETCH_TIMEOUT: case CHECK_OPT_FETCH_ALLOW_PRIVATE:
    return check_fetch_option(o, c, arg);
  default:
    return cli_option_error("check", check_options, argv, c);
  }
  return 0;
}

/* The invocation as one line, recorded in JSON and SARIF reports. */
static char *join_command_line(int argc, char **argv)
{
  size_t n = strlen("attrcheck") + 1;
  char *line;

  for (int i = 0; i < argc; i++)
    n += strlen(argv[i]) + 1;
  line = malloc(n);
  if (line == NULL)
    return NULL;
  strcpy(line, "attrcheck");
  for (int i = 0; i < argc; i++) {
    strcat(line, " ");
    strcat(line, argv[i]);
  }
  return line;
}

static int parse_args(check_opts *o, int argc, char **argv)
{
  int c, rc;

  optind = 1;
  opterr = 0;                   /* cli_option_error says it, prefixed and with a suggestion */
  while ((c = getopt_long(argc, argv, ":f:o:j:qh", check_options, NULL)) != -1) {
    rc = parse_option(o, c, optarg, argv);
    if (rc != 0)
      return rc;
  }
  for (int i = optind; i < argc; i++)
    cli_strings_push(&o->paths, argv[i]);
  return 0;
}

static void opts_dispose(check_opts *o)
{
  cli_strings_dispose(&o->rules);
  cli_strings_dispose(&o->include);
  cli_strings_dispose(&o->exclude);
  cli_strings_dispose(&o->paths);
  cli_config_dispose(&o->cfg);
  cli_rights_dispose(&o->rights);
  free(o->root);
  free(o->command_line);
  for (size_t i = 0; i < o->owned.count; i++)
    free((char *)o->owned.items[i]);
  cli_strings_dispose(&o->owned);
}

int cmd_check(int argc, char **argv)
{
  static const ac_limits defaults = AC_LIMITS_INIT;
  static const ac_compare_options compare = AC_COMPARE_OPTIONS_INIT;
  check_opts o;
  int rc;

  memset(&o, 0, sizeof o);
  o.limits = defaults;
  o.compare = compare;
  o.fetch.delay = AC_FETCH_DEFAULT_DELAY;
  o.fetch.timeout = AC_FETCH_DEFAULT_TIMEOUT;
  o.fail_on = AC_SEV_ERROR;
  o.color = "auto";
  o.format = NULL;
  o.command_line = join_command_line(argc, argv);
  rc = parse_args(&o, argc, argv);
  if (rc == 0)
    rc = check_apply_config(&o);
  if (rc == 0 && o.sign != NULL && (o.output == NULL || strcmp(o.output, "-") == 0)) {
    cli_errorf("check: --sign needs -o FILE: the signature goes beside the report file");
    rc = CLI_EXIT_FAILED;
  }
  if (rc == 0 && o.paths.count == 0) {
    cli_errorf("check: no PATH given (try 'attrcheck check --help')");
    rc = CLI_EXIT_FAILED;
  }
  if (rc == 0)
    rc = check_run(&o);
  opts_dispose(&o);
  return rc < 0 ? CLI_EXIT_CLEAN : rc;
}
