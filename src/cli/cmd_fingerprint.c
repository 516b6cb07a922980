/* attrcheck fingerprint: each page's ac1 digest, SimHash, token and fingerprint counts. */
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char fingerprint_usage[] =
  "usage: attrcheck fingerprint [options] PATH...\n"
  "\n"
  "Print each page's text fingerprint: the ac1:sha256 digest of its normalised\n"
  "main text, a 64-bit SimHash (near-identity only), and how many tokens and\n"
  "winnowed fingerprints it has. Directories are walked for *.html files.\n"
  "\n"
  "  -f, --format FMT        text (default), csv or json\n"
  "      --plain             inputs are plain text: fingerprint all of it, no HTML\n"
  "      --max-bytes SIZE    refuse larger inputs (default 16M)\n"
  "  -h, --help              show this help\n";

enum { OPT_FORMAT = 256, OPT_PLAIN, OPT_MAX_BYTES };

static const struct option fingerprint_options[] = {
  {"format", required_argument, NULL, 'f'},
  {"plain", no_argument, NULL, OPT_PLAIN},
  {"max-bytes", required_argument, NULL, OPT_MAX_BYTES},
  {"help", no_argument, NULL, 'h'},
  {NULL, 0, NULL, 0},
};

typedef enum { FMT_TEXT, FMT_CSV, FMT_JSON } fp_format;

typedef struct fp_opts {
  fp_format format;
  bool plain;
  ac_limits limits;
} fp_opts;

static int parse_format(const char *s, fp_format *out)
{
  static const char *const names[] = {"text", "csv", "json", NULL};

  for (size_t i = 0; names[i] != NULL; i++)
    if (strcmp(s, names[i]) == 0) {
      *out = (fp_format)i;
      return 0;
    }
  cli_bad_choice("fingerprint", "format", s, names);
  return -1;
}

static int parse_args(fp_opts *o, int argc, char **argv)
{
  int c;

  optind = 1;
  opterr = 0;                   /* cli_option_error says it, prefixed and with a suggestion */
  while ((c = getopt_long(argc, argv, ":f:h", fingerprint_options, NULL)) != -1) {
    switch (c) {
    case 'f':
      if (parse_format(optarg, &o->format) < 0)
        return CLI_EXIT_FAILED;
      break;
    case OPT_PLAIN: o->plain = true; break;
    case OPT_MAX_BYTES:
      if (cli_parse_size(optarg, &o->limits.max_bytes) < 0) {
        cli_errorf("invalid value '%s' for --max-bytes", optarg);
        return CLI_EXIT_FAILED;
      }
      break;
    case 'h': fputs(fingerprint_usage, stdout); return -1;
    default: return cli_option_error("fingerprint", fingerprint_options, argv, c);
    }
  }
  if (optind >= argc) {
    cli_errorf("fingerprint: no PATH given (try 'attrcheck fingerprint --help')");
    return CLI_EXIT_FAILED;
  }
  return CLI_EXIT_CLEAN;
}

static void print_row(const fp_opts *o, const char *path, const ac_fingerprint *fp, bool first)
{
  switch (o->format) {
  case FMT_TEXT:
    ac_report_plain_path(stdout, path);      /* a file name is not a line of its own */
    printf("  %s  simhash %016" PRIx64 "  %zu tokens  %zu fingerprints\n", fp->digest,
           fp->simhash, fp->n_tokens, fp->n_hashes);
    break;
  case FMT_CSV:
    ac_report_csv_cell(stdout, path);      /* the same cells and CRLF rows as check's csv */
    printf(",%s,%016" PRIx64 ",%zu,%zu\r\n", fp->digest, fp->simhash, fp->n_tokens,
           fp->n_hashes);
    break;
  case FMT_JSON:
    printf("%s\n  {\"path\": ", first ? "" : ",");
    ac_report_json_string(stdout, path, strlen(path));
    printf(", \"fingerprint\": \"%s\", \"simhash\": \"%016" PRIx64 "\", \"tokens\": %zu, "
           "\"fingerprints\": %zu, \"k\": %u, \"w\": %u}", fp->digest, fp->simhash,
           fp->n_tokens, fp->n_hashes, fp->params.k, fp->params.w);
    break;
  }
}

/* Load (and unless --plain, extract) one page and fingerprint it. */
static int fingerprint_one(const fp_opts *o, const char *path, ac_page **out, ac_error *err)
{
  ac_load_options raw = {.limits = &o->limits, .input_type = AC_INPUT_HTML};  /* as it is */
  int rc = o->plain ? ac_page_load_file_with(out, path, &raw, err)
                    : cli_page_open(path, NULL, NULL, &o->limits, out, err);

  if (rc == AC_OK)
    rc = ac_page_fingerprint(*out, NULL, err);
  return rc;
}

static int run(const fp_opts *o, const cli_inputs *in)
{
  int status = CLI_EXIT_CLEAN;
  size_t printed = 0;

  if (o->format == FMT_CSV)
    printf("path,fingerprint,simhash,tokens,fingerprints\r\n");
  if (o->format == FMT_JSON)
    printf("[");
  for (size_t i = 0; i < in->count; i++) {
    const cli_input *input = &in->items[i];
    ac_error err = {0};
    ac_page *page = NULL;
    if (input->kind == CLI_INPUT_SKIPPED) {
      cli_note_skipped(&input->err);
      continue;
    }
    if (input->kind == CLI_INPUT_FAILED) {
      cli_print_error(&input->err);
      status = CLI_EXIT_FAILED;
      continue;
    }
    int rc = fingerprint_one(o, input->path, &page, &err);
    if (rc == AC_ENOTPAGE)          /* as check does: not a page, not a failure */
      cli_note_skipped(&err);
    else if (rc < 0) {
      cli_print_error(&err);
      status = CLI_EXIT_FAILED;
    } else {
      print_row(o, cli_display_name(input->path), ac_page_fp(page), printed++ == 0);
    }
    ac_page_free(page);
  }
  if (o->format == FMT_JSON)
    printf("%s]\n", printed ? "\n" : "");
  if (cli_stdout_check() != CLI_EXIT_CLEAN)
    status = CLI_EXIT_FAILED;
  return status;
}

int cmd_fingerprint(int argc, char **argv)
{
  static const ac_limits limits = AC_LIMITS_INIT;
  fp_opts o = {FMT_TEXT, false, limits};
  cli_walk_options walk = {0};
  cli_inputs in = {0};
  int status = parse_args(&o, argc, argv);

  if (status != CLI_EXIT_CLEAN)
    return status < 0 ? CLI_EXIT_CLEAN : status;
  if (cli_collect((const char *const *)argv + optind, (size_t)(argc - optind), &walk, &in) < 0) {
    cli_errorf("fingerprint: out of memory");
    return CLI_EXIT_FAILED;
  }
  status = run(&o, &in);
  cli_inputs_dispose(&in);
  return status;
}
