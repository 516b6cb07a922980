/* attrcheck compare: which text of ORIGINAL a COPY holds, how much, and where. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char compare_usage[] =
  "usage: attrcheck compare [options] ORIGINAL COPY\n"
  "\n"
  "Align the main text of COPY with the main text of ORIGINAL and print how\n"
  "much of the original was copied (original_coverage), how much of the copy\n"
  "is copied text (page_coverage), the word agreement inside the copied\n"
  "passages (exactness), a class (verbatim, lightly-edited, truncated, excerpt,\n"
  "related or unrelated) and each passage with line:column on both sides.\n"
  "Copied text inside quotation marks, <q> or <blockquote> is counted apart\n"
  "(quoted_coverage); a copy needs copied prose (docs/fingerprint.md).\n"
  "\n"
  "  -f, --format FMT        text (default) or json\n"
  "      --plain             inputs are plain text: compare all of it, no HTML\n"
  "      --max-bytes SIZE    refuse larger inputs (default 16M)\n"
  "      --count-quotes      quoted text counts as copied\n"
  "      --min-passage N     runs of fewer than N copied words are reported but make\n"
  "                          no copy (default 15)\n"
  "  -h, --help              show this help\n";

enum { OPT_FORMAT = 256, OPT_PLAIN, OPT_MAX_BYTES, OPT_COUNT_QUOTES, OPT_MIN_PASSAGE };

static const struct option compare_options[] = {
  {"format", required_argument, NULL, 'f'},
  {"plain", no_argument, NULL, OPT_PLAIN},
  {"max-bytes", required_argument, NULL, OPT_MAX_BYTES},
  {"count-quotes", no_argument, NULL, OPT_COUNT_QUOTES},
  {"min-passage", required_argument, NULL, OPT_MIN_PASSAGE},
  {"help", no_argument, NULL, 'h'},
  {NULL, 0, NULL, 0},
};

typedef struct cmp_opts {
  bool json, plain;
  ac_limits limits;
  ac_compare_options compare;
} cmp_opts;

/* One side of the comparison: the page and the text that was fingerprinted. */
typedef struct side {
  const char *path;
  ac_page *page;
  const char *text;            /* main text, or the whole page text with --plain */
  size_t len;
  const uint32_t *map;         /* text byte -> page byte; NULL: the same */
} side;

static int parse_args(cmp_opts *o, int argc, char **argv)
{
  int c;

  optind = 1;
  opterr = 0;                   /* cli_option_error says it, prefixed and with a suggestion */
  while ((c = getopt_long(argc, argv, ":f:h", compare_options, NULL)) != -1) {
    switch (c) {
    case 'f':
      if (strcmp(optarg, "text") != 0 && strcmp(optarg, "json") != 0)
        return cli_bad_choice("compare", "format", optarg,
                              (const char *const[]){"text", "json", NULL});
      o->json = strcmp(optarg, "json") == 0;
      break;
    case OPT_PLAIN: o->plain = true; break;
    case OPT_COUNT_QUOTES: o->compare.count_quotes = true; break;
    case OPT_MIN_PASSAGE:
      if (cli_parse_words(optarg, &o->compare.min_passage) < 0) {
        cli_errorf("invalid value '%s' for --min-passage (1 to 10000 words)", optarg);
        return CLI_EXIT_FAILED;
      }
      break;
    case OPT_MAX_BYTES:
      if (cli_parse_size(optarg, &o->limits.max_bytes) < 0) {
        cli_errorf("invalid value '%s' for --max-bytes", optarg);
        return CLI_EXIT_FAILED;
      }
      break;
    case 'h': fputs(compare_usage, stdout); return -1;
    default: return cli_option_error("compare", compare_options, argv, c);
    }
  }
  if (argc - optind != 2) {
    cli_errorf("compare needs ORIGINAL and COPY (try 'attrcheck compare --help')");
    return CLI_EXIT_FAILED;
  }
  return CLI_EXIT_CLEAN;
}

static int side_open(const cmp_opts *o, side *s, ac_error *err)
{
  const ac_facts *facts;
  /* --plain: the file as it is, never a Markdown or text view of it */
  ac_load_options raw = {.limits = &o->limits, .input_type = AC_INPUT_HTML};
  int rc = o->plain ? ac_page_load_file_with(&s->page, s->path, &raw, err)
                    : cli_page_open(s->path, NULL, NULL, &o->limits, &s->page, err);

  if (rc == AC_OK)
    rc = ac_page_fingerprint(s->page, NULL, err);
  if (rc < 0)
    return rc;
  facts = ac_page_facts(s->page);   /* ac_page_fingerprint reads the same text */
  if (facts != NULL) {
    s->text = facts->main_text != NULL ? facts->main_text : "";
    s->len = facts->main_text != NULL ? facts->main_len : 0;
    s->map = facts->main_map;
  } else {
    s->text = ac_page_text(s->page, &s->len);
  }
  return AC_OK;
}

/* Page byte offsets of text bytes; an end maps one past its last byte. */
static uint32_t page_offset(const side *s, uint32_t at)
{
  return s->map != NULL && at < s->len ? s->map[at] : at;
}

static uint32_t page_end(const side *s, uint32_t end)
{
  return end > 0 ? page_offset(s, end - 1) + 1 : page_offset(s, 0);
}

/* At most `max` bytes of s[0..len), cut at a character boundary. */
static uint32_t utf8_cut(const char *s, uint32_t len, uint32_t max)
{
  uint32_t n = len > max ? max : len;

  while (n > 0 && n < len && ((unsigned char)s[n] & 0xC0) == 0x80)
    n--;
  return n;
}

/* {"tokens": [a, b], "text_bytes": [s, e], "bytes": [S, E], "start": "l:c", "end": "l:c"} */
static void json_range(const side *s, uint32_t t0, uint32_t t1, uint32_t b0, uint32_t b1)
{
  uint32_t p0 = page_offset(s, b0), p1 = page_end(s, b1);
  ac_pos a = ac_page_pos(s->page, p0), z = ac_page_pos(s->page, p1);

  printf("{\"tokens\": [%u, %u], \"text_bytes\": [%u, %u], \"bytes\": [%u, %u], "
         "\"start\": {\"line\": %u, \"column\": %u}, \"end\": {\"line\": %u, \"column\": %u}}",
         t0, t1, b0, b1, p0, p1, a.line, a.column, z.line, z.column);
}

static void json_side(const char *name, const side *s)
{
  const ac_fingerprint *fp = ac_page_fp(s->page);

  const char *path = cli_display_name(s->path);

  printf("  \"%s\": {\"path\": ", name);
  ac_report_json_string(stdout, path, strlen(path));
  printf(", \"fingerprint\": \"%s\", \"tokens\": %zu},\n", fp->digest, fp->n_tokens);
}

static void print_json(const side *orig, const side *copy, const ac_comparison *c)
{
  printf("{\n");
  json_side("original", orig);
  json_side("copy", copy);
  printf("  \"class\": \"%s\",\n  \"original_coverage\": %.4f,\n  \"page_coverage\": %.4f,\n"
         "  \"quoted_coverage\": %.4f,\n  \"prose_tokens\": %zu,\n"
         "  \"exactness\": %.4f,\n  \"passages\": [", ac_copy_class_name(c->cls),
         c->original_coverage, c->page_coverage, c->quoted_coverage, c->prose_tokens,
         c->exactness);
  for (size_t i = 0; i < c->n_passages; i++) {
    const ac_passage *p = &c->passages[i];
    printf("%s\n    {\"original\": ", i ? "," : "");
    json_range(orig, p->orig_tok_start, p->orig_tok_end, p->orig_start, p->orig_end);
    printf(",\n     \"copy\": ");
    json_range(copy, p->copy_tok_start, p->copy_tok_end, p->copy_start, p->copy_end);
    printf(",\n     \"exactness\": %.4f, \"quoted_tokens\": %u, \"prose_tokens\": %u, "
           "\"text\": ", p->exactness, p->quoted_tokens, p->prose_tokens);
    ac_report_json_string(stdout, copy->text + p->copy_start,
                utf8_cut(copy->text + p->copy_start, p->copy_end - p->copy_start, 200));
    printf("}");
  }
  printf("%s]\n}\n", c->n_passages ? "\n  " : "");
}

/* The first words of a passage, on one line. */
static void print_quote(const side *s, uint32_t start, uint32_t end)
{
  uint32_t n = utf8_cut(s->text + start, end - start, 60);

  fputs("     \"", stdout);
  ac_report_plain(stdout, s->text + start, n, false);   /* page text: no ESC reaches the terminal */
  printf("%s\"\n", n < end - start ? "…" : "");
}

static void print_text(const cmp_opts *o, const side *orig, const side *copy,
                       const ac_comparison *c)
{
  const char *orig_name = cli_display_name(orig->path), *copy_name = cli_display_name(copy->path);

  fputs("original: ", stdout);                   /* file names on one line, no controls */
  ac_report_plain(stdout, orig_name, strlen(orig_name), false);
  printf(" (%zu tokens)\ncopy:     ", ac_page_fp(orig->page)->n_tokens);
  ac_report_plain(stdout, copy_name, strlen(copy_name), false);
  printf(" (%zu tokens)\n", ac_page_fp(copy->page)->n_tokens);
  printf("class: %s\noriginal_coverage: %.3f  (share of the original's words copied)\n"
         "page_coverage: %.3f  (share of the copy's words that are copied)\n"
         "quoted_coverage: %.3f  (share of the original's words copied inside quotations)\n"
         "prose_tokens: %zu  (copied words outside quotations, in runs of at least %u)\n"
         "exactness: %.3f  (word agreement inside the passages)\npassages: %zu\n",
         ac_copy_class_name(c->cls), c->original_coverage, c->page_coverage,
         c->quoted_coverage, c->prose_tokens, o->compare.min_passage, c->exactness,
         c->n_passages);
  for (size_t i = 0; i < c->n_passages; i++) {
    const ac_passage *p = &c->passages[i];
    ac_pos oa = ac_page_pos(orig->page, page_offset(orig, p->orig_start));
    ac_pos oz = ac_page_pos(orig->page, page_end(orig, p->orig_end));
    ac_pos ca = ac_page_pos(copy->page, page_offset(copy, p->copy_start));
    ac_pos cz = ac_page_pos(copy->page, page_end(copy, p->copy_end));
    printf("  %zu. original %u:%u-%u:%u (words %u-%u)  copy %u:%u-%u:%u (words %u-%u)  "
           "exactness %.3f", i + 1, oa.line, oa.column, oz.line, oz.column,
           p->orig_tok_start + 1, p->orig_tok_end, ca.line, ca.column, cz.line, cz.column,
           p->copy_tok_start + 1, p->copy_tok_end, p->exactness);
    if (p->quoted_tokens > 0)
      printf("  quoted %u", p->quoted_tokens);
    if (p->prose_tokens == 0)
      printf("  (not prose: quoted or shorter than %u words)", o->compare.min_passage);
    putchar('\n');
    print_quote(copy, p->copy_start, p->copy_end);
  }
}

static int run(const cmp_opts *o, side *orig, side *copy)
{
  ac_comparison *c = NULL;
  ac_error err = {0};
  int rc = side_open(o, orig, &err);

  if (rc == AC_OK)
    rc = side_open(o, copy, &err);
  if (rc == AC_OK)
    rc = ac_fp_compare_with(&c, ac_page_fp(orig->page), ac_page_fp(copy->page), &o->compare,
                            &err);
  if (rc < 0) {
    cli_print_error(&err);
    return CLI_EXIT_FAILED;
  }
  if (o->json)
    print_json(orig, copy, c);
  else
    print_text(o, orig, copy, c);
  ac_comparison_free(c);
  return cli_stdout_check();
}

int cmd_compare(int argc, char **argv)
{
  static const ac_limits limits = AC_LIMITS_INIT;
  static const ac_compare_options compare = AC_COMPARE_OPTIONS_INIT;
  cmp_opts o = {false, false, limits, compare};
  side orig = {0}, copy = {0};
  int status = parse_args(&o, argc, argv);

  if (status != CLI_EXIT_CLEAN)
    return status < 0 ? CLI_EXIT_CLEAN : status;
  orig.path = argv[optind];
  copy.path = argv[optind + 1];
  status = run(&o, &orig, &copy);
  ac_page_free(orig.page);
  ac_page_free(copy.page);
  return status;
}
