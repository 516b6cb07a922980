/* attrcheck extract: the facts of each page as JSON, one object per line (or --pretty). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char extract_usage[] =
  "usage: attrcheck extract [options] PATH...\n"
  "\n"
  "Print the facts found in each page (notices, links, licenses, signals,\n"
  "main text) as one JSON object per line. docs/facts.md describes them.\n"
  "\n"
  "      --pretty            one indented object per page\n"
  "      --url URL           where the page is or will be published (one page)\n"
  "      --base-url URL      where the directory given is published: URL + path below it\n"
  "                          (not used for - : standard input has no path)\n"
  "      --headers FILE      the raw HTTP response header block the pages were served with\n"
  "      --tdmrep FILE       the site's /.well-known/tdmrep.json\n"
  "      --robots FILE       the site's robots.txt (Content-Usage, RSL License lines)\n"
  "      --rules PACK        add a rule pack for notice phrasings (repeatable)\n"
  "      --no-default-rules  do not load the built-in packs\n"
  "      --max-bytes SIZE    refuse larger inputs (default 16M)\n"
  "      --input-type TYPE   read every input as html, markdown, text or feed\n"
  "  -h, --help              show this help\n";

enum { OPT_PRETTY = 256, OPT_URL, OPT_BASE_URL, OPT_RULES, OPT_NO_DEFAULT_RULES, OPT_MAX_BYTES,
       OPT_HEADERS, OPT_TDMREP, OPT_ROBOTS, OPT_INPUT_TYPE };

static const struct option extract_options[] = {
  {"pretty", no_argument, NULL, OPT_PRETTY},
  {"url", required_argument, NULL, OPT_URL},
  {"base-url", required_argument, NULL, OPT_BASE_URL},
  {"rules", required_argument, NULL, OPT_RULES},
  {"no-default-rules", no_argument, NULL, OPT_NO_DEFAULT_RULES},
  {"max-bytes", required_argument, NULL, OPT_MAX_BYTES},
  {"headers", required_argument, NULL, OPT_HEADERS},
  {"tdmrep", required_argument, NULL, OPT_TDMREP},
  {"robots", required_argument, NULL, OPT_ROBOTS},
  {"input-type", required_argument, NULL, OPT_INPUT_TYPE},
  {"help", no_argument, NULL, 'h'},
  {NULL, 0, NULL, 0},
};

typedef struct extract_opts {
  bool pretty, no_default_rules;
  const char *url, *base_url;
  cli_strings rules, paths;
  ac_limits limits;
  cli_rights_files rights;      /* --headers, --tdmrep, --robots */
  ac_input_type input_type;
} extract_opts;

static int parse_args(extract_opts *o, int argc, char **argv)
{
  int c;

  optind = 1;
  opterr = 0;                   /* cli_option_error says it, prefixed and with a suggestion */
  while ((c = getopt_long(argc, argv, ":h", extract_options, NULL)) != -1) {
    switch (c) {
    case OPT_PRETTY: o->pretty = true; break;
    case OPT_URL: o->url = optarg; break;
    case OPT_BASE_URL: o->base_url = optarg; break;
    case OPT_RULES: cli_strings_push(&o->rules, optarg); break;
    case OPT_NO_DEFAULT_RULES: o->no_default_rules = true; break;
    case OPT_MAX_BYTES:
      if (cli_parse_size(optarg, &o->limits.max_bytes) < 0) {
        cli_errorf("invalid value '%s' for --max-bytes", optarg);
        return CLI_EXIT_FAILED;
      }
      break;
    case OPT_HEADERS: case OPT_TDMREP: case OPT_ROBOTS:
      if (cli_rights_option(&o->rights, c == OPT_HEADERS ? "headers" : c == OPT_TDMREP
                            ? "tdmrep" : "robots", optarg) != CLI_EXIT_CLEAN)
        return CLI_EXIT_FAILED;
      break;
    case OPT_INPUT_TYPE:
      if (cli_parse_input_type("extract", optarg, &o->input_type) != 0)
        return CLI_EXIT_FAILED;
      break;
    case 'h': fputs(extract_usage, stdout); return -1;
    default: return cli_option_error("extract", extract_options, argv, c);
    }
  }
  for (int i = optind; i < argc; i++)
    cli_strings_push(&o->paths, argv[i]);
  if (o->paths.count == 0) {
    cli_errorf("extract: no PATH given (try 'attrcheck extract --help')");
    return CLI_EXIT_FAILED;
  }
  if ((o->url && !cli_url_ok(o->url)) || (o->base_url && !cli_url_ok(o->base_url))) {
    cli_errorf("extract: --url and --base-url take an absolute http(s) URL");
    return CLI_EXIT_FAILED;
  }
  return 0;
}

/* One page: its JSON on stdout, a note for a binary file, or a one-line error on stderr. */
static bool extract_one(const extract_opts *o, const ac_rules *rules, const cli_input *in)
{
  ac_page *page = NULL;
  ac_error err = {0};
  char *json = NULL, *url = NULL;
  int rc = o->url ? ((url = strdup(o->url)) ? AC_OK : AC_ENOMEM)
                  : cli_input_url(o->base_url, NULL, in, &url);

  if (rc < 0)
    ac_error_set_file(&err, rc, in->path, 0, 0, "out of memory");
  else
    rc = cli_page_open_with(in->path, rules, url, &o->limits, o->input_type, &o->rights, &page,
                            &err);
  free(url);
  if (rc == AC_ENOTPAGE) {          /* as check does: not a page, not a failure */
    cli_note_skipped(&err);
    return true;
  }
  if (rc < 0 ||
      ac_page_facts_json(page, o->pretty ? AC_JSON_PRETTY : 0, &json, &err) < 0) {
    cli_print_error(&err);
    ac_page_free(page);
    return false;
  }
  fputs(json, stdout);
  fputc('\n', stdout);
  free(json);
  ac_page_free(page);
  return true;
}

static int extract_all(const extract_opts *o, const ac_rules *rules)
{
  static const cli_walk_options wo = {NULL, 0, NULL, 0, false};
  cli_inputs in = {0};
  bool ok = true;

  if (cli_collect(o->paths.items, o->paths.count, &wo, &in) < 0)
    return CLI_EXIT_FAILED;
  for (size_t i = 0; i < in.count; i++) {
    if (in.items[i].kind == CLI_INPUT_FILE)
      ok = extract_one(o, rules, &in.items[i]) && ok;
    else if (in.items[i].kind == CLI_INPUT_FAILED) {
      cli_print_error(&in.items[i].err);
      ok = false;
    } else
      cli_note_skipped(&in.items[i].err);
  }
  cli_inputs_dispose(&in);
  if (cli_stdout_check() != CLI_EXIT_CLEAN)
    return CLI_EXIT_FAILED;
  return ok ? CLI_EXIT_CLEAN : CLI_EXIT_FAILED;
}

int cmd_extract(int argc, char **argv)
{
  static const ac_limits defaults = AC_LIMITS_INIT;
  extract_opts o;
  ac_rules *rules = NULL;
  int rc;

  memset(&o, 0, sizeof o);
  o.limits = defaults;
  rc = parse_args(&o, argc, argv);
  if (rc == 0)
    rc = cli_rules_load(o.rules.items, o.rules.count, o.no_default_rules, &rules);
  if (rc == 0)
    rc = extract_all(&o, rules);
  ac_rules_free(rules);
  cli_strings_dispose(&o.rules);
  cli_strings_dispose(&o.paths);
  cli_rights_dispose(&o.rights);
  return rc < 0 ? CLI_EXIT_CLEAN : rc;
}
