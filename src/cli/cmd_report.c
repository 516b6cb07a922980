/* attrcheck report verify: check a signed report; and the signing step of `check --sign`. */
#include <getopt.h>
#include <string.h>

#include "cli.h"

static const char report_usage[] =
  "usage: attrcheck report verify REPORT --key PUB.pem [--signature FILE]\n"
  "\n"
  "Check the detached Ed25519 signature that 'attrcheck check -o REPORT --sign KEY.pem'\n"
  "wrote beside REPORT (REPORT.sig), and say what it covers: the report's SHA-256,\n"
  "the attrcheck version, the rule packs' digests and the index digest.\n"
  "\n"
  "  -k, --key PUB.pem       the signer's Ed25519 public key (PEM)\n"
  "  -s, --signature FILE    the signature file (default: REPORT.sig)\n"
  "  -h, --help              show this help\n"
  "\n"
  "Exit status: 0 valid, 1 invalid (changed report, altered signature, another key),\n"
  "2 could not verify (no signature file, unreadable report or key).\n";

static const struct option verify_options[] = {
  {"key", required_argument, NULL, 'k'},
  {"signature", required_argument, NULL, 's'},
  {"help", no_argument, NULL, 'h'},
  {NULL, 0, NULL, 0},
};

typedef struct verify_opts {
  const char *key, *sig, *report;
} verify_opts;

static int parse_verify(int argc, char **argv, verify_opts *o)
{
  int c;

  optind = 1;
  opterr = 0;                   /* cli_option_error says it, prefixed and with a suggestion */
  while ((c = getopt_long(argc, argv, ":k:s:h", verify_options, NULL)) != -1) {
    if (c == 'k')
      o->key = optarg;
    else if (c == 's')
      o->sig = optarg;
    else if (c == 'h') {
      fputs(report_usage, stdout);
      return -1;
    } else {
      return cli_option_error("report verify", verify_options, argv, c);
    }
  }
  if (optind + 1 != argc || o->key == NULL) {
    cli_errorf("report verify: %s (try 'attrcheck report --help')",
               o->key == NULL ? "--key PUB.pem is required" : "name one REPORT");
    return CLI_EXIT_FAILED;
  }
  o->report = argv[optind];
  return 0;
}

/* The statement's lines, indented, as terminal-safe text. */
static void print_covers(const char *statement)
{
  const char *line = statement;

  while (*line != '\0') {
    size_t n = strcspn(line, "\n");
    fputs("  ", stdout);
    ac_report_plain(stdout, line, n, false);
    fputc('\n', stdout);
    line += n + (line[n] == '\n');
  }
}

static int verify(int argc, char **argv)
{
  verify_opts o = {NULL, NULL, NULL};
  ac_verify_result res;
  ac_error err = {0};
  int rc = parse_verify(argc, argv, &o);

  if (rc != 0)
    return rc < 0 ? CLI_EXIT_CLEAN : rc;
  rc = ac_sign_verify(o.report, o.sig, o.key, &res, &err);
  if (rc < 0) {
    cli_errorf("report verify: could not verify %s: %s", o.report, err.msg);
    ac_verify_result_dispose(&res);
    return CLI_EXIT_FAILED;
  }
  fputs(res.valid ? "valid: " : "INVALID: ", stdout);
  ac_report_plain(stdout, o.report, strlen(o.report), false);
  if (!res.valid)
    printf(": %s", res.reason);
  fputs(res.valid ? "\nthe signature covers:\n" : "\nthe signature file states:\n", stdout);
  print_covers(res.statement);
  ac_verify_result_dispose(&res);
  return res.valid ? CLI_EXIT_CLEAN : CLI_EXIT_FINDINGS;
}

int cmd_report(int argc, char **argv)
{
  if (argc >= 2 && strcmp(argv[1], "verify") == 0)
    return verify(argc - 1, argv + 1);
  if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
    fputs(report_usage, stdout);
    return CLI_EXIT_CLEAN;
  }
  cli_errorf("report: %s (try 'attrcheck report --help')",
             argc < 2 ? "name a verb: verify" : "unknown verb; the only one is verify");
  return CLI_EXIT_FAILED;
}

int cli_sign_report(const char *report, const char *key, const ac_rules *rules,
                    const char *index)
{
  ac_sign_inputs in = {rules, index};
  ac_error err = {0};

  if (ac_sign_report(report, key, &in, &err) < 0) {
    cli_errorf("--sign: %s", err.msg);
    return CLI_EXIT_FAILED;
  }
  return CLI_EXIT_CLEAN;
}
