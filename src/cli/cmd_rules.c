/* attrcheck rules list|explain|lint: what rules exist, what one checks, whether packs are valid. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char rules_usage[] =
  "usage: attrcheck rules list [--rules PACK]... [--no-default-rules]\n"
  "       attrcheck rules explain [--rules PACK]... ID\n"
  "       attrcheck rules lint PACK...\n"
  "\n"
  "list     every loaded rule: id, severity, pack and a one-line summary\n"
  "explain  what a rule checks, why, how to fix it, and an example\n"
  "lint     validate rule packs; exit 2 with file:line on the first error in each\n"
  "\n"
  "      --rules PACK        add a rule pack (repeatable)\n"
  "      --no-default-rules  do not load the built-in packs\n"
  "  -h, --help              show this help\n";

enum { OPT_RULES = 256, OPT_NO_DEFAULT_RULES };

static const struct option rules_options[] = {
  {"rules", required_argument, NULL, OPT_RULES},
  {"no-default-rules", no_argument, NULL, OPT_NO_DEFAULT_RULES},
  {"help", no_argument, NULL, 'h'},
  {NULL, 0, NULL, 0},
};

typedef struct rules_opts {
  const char **packs;
  size_t n_packs;
  bool no_defaults;
  char **args;              /* operands after the options */
  int n_args;
} rules_opts;

/* Returns 0, CLI_EXIT_FAILED on a usage error, or -1 after --help. */
static int parse_args(rules_opts *o, int argc, char **argv)
{
  int c;

  optind = 1;
  opterr = 0;                   /* cli_option_error says it, prefixed and with a suggestion */
  while ((c = getopt_long(argc, argv, ":h", rules_options, NULL)) != -1) {
    switch (c) {
    case OPT_RULES: {
      const char **grown = realloc(o->packs, (o->n_packs + 1) * sizeof *grown);
      if (grown == NULL) {
        cli_errorf("out of memory");
        return CLI_EXIT_FAILED;
      }
      o->packs = grown;
      o->packs[o->n_packs++] = optarg;
      break;
    }
    case OPT_NO_DEFAULT_RULES: o->no_defaults = true; break;
    case 'h': fputs(rules_usage, stdout); return -1;
    default: return cli_option_error("rules", rules_options, argv, c);
    }
  }
  o->args = argv + optind;
  o->n_args = argc - optind;
  return 0;
}

/* Text from a rule pack, which may be anyone's: C1 and bidi controls folded (ac_report_plain). */
static void put_pack_text(const char *s, size_t len)
{
  ac_report_plain(stdout, s, len, false);
}

static int rules_list(const ac_rules *rules)
{
  size_t width = 4, n = ac_rules_count(rules);

  for (size_t i = 0; i < n; i++) {
    size_t w = strlen(ac_rules_info(rules, i)->id);
    width = w > width ? w : width;
  }
  printf("%-*s  %-8s  %-20s  %s\n", (int)width, "RULE", "SEVERITY", "PACK", "SUMMARY");
  for (size_t i = 0; i < n; i++) {
    const ac_rule_info *r = ac_rules_info(rules, i);
    const char *summary = r->summary ? r->summary : "";
    size_t pack_len = strlen(r->pack);

    printf("%-*s  %-8s  ", (int)width, r->id,
           r->severity == AC_SEV_NONE ? "off" : ac_severity_name(r->severity));
    put_pack_text(r->pack, pack_len);
    printf("%*s  ", pack_len < 20 ? (int)(20 - pack_len) : 0, "");
    put_pack_text(summary, strlen(summary));
    putchar('\n');
  }
  return CLI_EXIT_CLEAN;
}

/* What each {name} of a message or hint template stands for, as reports fill it in. */
static const char *placeholder_words(const char *name, size_t len)
{
  static const char *const words[][2] = {
    {"credit", "the credited name"},   {"host", "the original's site"},
    {"url", "the original's URL"},     {"evidence", "what the page shows"},
    {"license", "the original's license"}, {"coverage", "the share copied"},
    {"copy", "what the copy has"},     {"lang", "the page's language"},
  };

  for (size_t i = 0; i < AC_COUNT(words); i++)
    if (strlen(words[i][0]) == len && strncmp(words[i][0], name, len) == 0)
      return words[i][1];
  return NULL;
}

/*
 * A template with its placeholders in words ("permission from <the credited
 * name>"), so it never reads as a broken message. Returns whether any was.
 */
static bool print_worded(const char *text)
{
  const char *run = text;   /* pack text not yet written */
  bool any = false;

  for (const char *p = text; *p != '\0'; p++) {
    const char *close = *p == '{' ? strchr(p, '}') : NULL;
    const char *words = close ? placeholder_words(p + 1, (size_t)(close - p - 1)) : NULL;
    if (words != NULL) {
      put_pack_text(run, (size_t)(p - run));
      printf("<%s>", words);
      p = close;
      run = close + 1;
      any = true;
    }
  }
  put_pack_text(run, strlen(run));
  return any;
}

static void section(const char *title, const char *text)
{
  if (text == NULL || text[0] == '\0')
    return;
  printf("\n%s\n  ", title);
  if (print_worded(text))
    printf("\n  (a report names each <...> for the page at hand)");
  printf("\n");
}

/*
 * Which rules this one hides and which hide it: a superseded finding is
 * dropped, so a user wondering why a rule never fires needs to see this.
 */
static void supersede_sections(const ac_rules *rules, const ac_rule_info *r)
{
  const char *sep = "";

  if (r->n_supersedes > 0) {
    printf("\nSupersedes (their findings are not reported where this rule reports one):\n  ");
    for (size_t i = 0; i < r->n_supersedes; i++)
      printf("%s%s", i ? ", " : "", r->supersedes[i]);
    printf("\n");
  }
  for (size_t i = 0; i < ac_rules_count(rules); i++) {
    const ac_rule_info *o = ac_rules_info(rules, i);
    for (size_t k = 0; k < o->n_supersedes; k++) {
      if (strcmp(o->supersedes[k], r->id) != 0)
        continue;
      printf("%s%s (pack %s)", *sep ? sep : "\nSuperseded by (not reported where one of them reports):\n  ",
             o->id, o->pack);
      sep = ", ";
    }
  }
  if (*sep)
    printf("\n");
}

static int rules_explain(const ac_rules *rules, const char *id)
{
  const ac_rule_info *r = ac_rules_find(rules, id);

  if (r == NULL && ac_note_explain(id) != NULL) {   /* note lines look like findings */
    printf("%s (a note from reading the page, not a rule: it never fails a run)\n\n  %s\n", id,
           ac_note_explain(id));
    return CLI_EXIT_CLEAN;
  }
  if (r == NULL) {
    char hint[160];
    cli_nearest near;

    cli_nearest_init(&near, id);
    for (size_t i = 0; i < ac_rules_count(rules); i++)
      cli_nearest_offer(&near, ac_rules_info(rules, i)->id);
    cli_errorf("rules explain: no rule '%s'%s (see 'attrcheck rules list')", id,
               cli_did_you_mean(&near, "", hint, sizeof hint));
    return CLI_EXIT_FAILED;
  }
  printf("%s (%s, pack %s, check %s)\n", r->id,
         r->severity == AC_SEV_NONE ? "off" : ac_severity_name(r->severity), r->pack, r->check);
  printf("\n  ");
  print_worded(r->summary ? r->summary : "");
  printf("\n");
  section("Why:", r->description);
  section("How to fix:", r->hint);
  section("Fails on, for example:", r->example);
  supersede_sections(rules, r);
  return CLI_EXIT_CLEAN;
}

static bool lint_one(const char *pack)
{
  ac_rules *rules = NULL;
  ac_error err = {0};
  bool ok = ac_rules_new(&rules, &err) == 0 && ac_rules_add_file(rules, pack, &err) == 0;

  if (!ok)
    cli_print_error(&err);
  else if (!cli_quiet) {
    ac_report_plain_path(stdout, pack);          /* a file name begins the line */
    printf(": ok, %zu rule%s\n", ac_rules_count(rules), ac_rules_count(rules) == 1 ? "" : "s");
  }
  ac_rules_free(rules);
  return ok;
}

/* Each pack on its own, so every broken one is named; a directory means its *.xml packs. */
static int rules_lint(char **packs, int n)
{
  static const char *const xml_only[] = {"*.xml"};
  cli_walk_options wo = {xml_only, 1, NULL, 0, false, NULL, "rule packs"};
  cli_inputs in = {0};
  bool ok = true;

  if (n == 0) {
    cli_errorf("rules lint: no PACK given (see 'attrcheck rules --help')");
    return CLI_EXIT_FAILED;
  }
  if (cli_collect((const char *const *)packs, (size_t)n, &wo, &in) < 0)
    return CLI_EXIT_FAILED;
  for (size_t i = 0; i < in.count; i++) {
    if (in.items[i].kind == CLI_INPUT_FILE)
      ok = lint_one(in.items[i].path) && ok;
    else {
      cli_print_error(&in.items[i].err);
      ok = false;
    }
  }
  cli_inputs_dispose(&in);
  return ok ? CLI_EXIT_CLEAN : CLI_EXIT_FAILED;
}

static int rules_run(const char *sub, rules_opts *o)
{
  ac_rules *rules = NULL;
  int rc;

  if (strcmp(sub, "lint") == 0)
    return rules_lint(o->args, o->n_args);
  if (strcmp(sub, "list") != 0 && strcmp(sub, "explain") != 0) {
    static const char *const subs[] = {"list", "explain", "lint"};
    char hint[160];
    cli_nearest near;

    cli_nearest_init(&near, sub);
    for (size_t i = 0; i < AC_COUNT(subs); i++)
      cli_nearest_offer(&near, subs[i]);
    cli_errorf("rules: unknown subcommand '%s'%s (list, explain or lint; see 'attrcheck rules "
               "--help')", sub, cli_did_you_mean(&near, "", hint, sizeof hint));
    return CLI_EXIT_FAILED;
  }
  if (strcmp(sub, "explain") == 0 && o->n_args != 1) {
    cli_errorf("rules explain: takes one rule ID, got %d (see 'attrcheck rules list')", o->n_args);
    return CLI_EXIT_FAILED;
  }
  rc = cli_rules_load(o->packs, o->n_packs, o->no_defaults, &rules);
  if (rc != 0)
    return rc;
  rc = strcmp(sub, "list") == 0 ? rules_list(rules) : rules_explain(rules, o->args[0]);
  ac_rules_free(rules);
  return rc;
}

int cmd_rules(int argc, char **argv)
{
  rules_opts o = {0};
  int rc;

  if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
    fputs(rules_usage, argc < 2 ? stderr : stdout);
    return argc < 2 ? CLI_EXIT_FAILED : CLI_EXIT_CLEAN;
  }
  rc = parse_args(&o, argc - 1, argv + 1);
  if (rc == 0)
    rc = rules_run(argv[1], &o);
  free(o.packs);
  if (cli_stdout_check() != CLI_EXIT_CLEAN)
    rc = CLI_EXIT_FAILED;
  return rc < 0 ? CLI_EXIT_CLEAN : rc;
}
