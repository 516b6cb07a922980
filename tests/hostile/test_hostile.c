/*
 * hostile: generated pages that once crashed, hung or exhausted Gumbo each end
 * as documented in docs/limits.md — a result or a clear error, within the
 * deadline plus 0.5 s and within the memory budget — when loaded and
 * extracted as `attrcheck check` does.
 *
 * Each case runs in a child process so its peak RSS can be measured
 * (wait4). `test_hostile --table` prints the summary table for docs/limits.md
 * instead of running the Criterion tests (bench/hostile.sh does that).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "attrcheck/error.h"
#include "attrcheck/page.h"
#include "attrcheck/facts.h"
#include "attrcheck/rules.h"

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
#ifndef UNDER_ASAN
#define UNDER_ASAN 0
#endif

/* A growing byte string for the generators. */
typedef struct gen {
  char *p;
  size_t len, cap;
} gen;

static void put(gen *g, const void *s, size_t n)
{
  if (g->len + n + 1 > g->cap) {
    size_t cap = g->cap ? g->cap : 4096;
    while (cap < g->len + n + 1)
      cap *= 2;
    g->p = realloc(g->p, cap);
    if (g->p == NULL)
      abort();
    g->cap = cap;
  }
  memcpy(g->p + g->len, s, n);
  g->len += n;
  g->p[g->len] = '\0';
}

static void puts_(gen *g, const char *s) { put(g, s, strlen(s)); }

static void repeat(gen *g, const char *unit, size_t count)
{
  for (size_t i = 0; i < count; i++)
    puts_(g, unit);
}

/* ---- the cases ---------------------------------------------------------- */

/* The baseline: an ordinary 60 kB article with a notice and links. */
static void g_article(gen *g)
{
  puts_(g, "<!doctype html><html lang=en><head><meta charset=utf-8><title>An article</title>"
           "<link rel=canonical href=\"https://www.fredzone.org/a\"></head><body><article>");
  repeat(g, "<p>Some ordinary text of a republished article, with <a href=\"/x\">a link</a>"
            " and <b>bold</b> words, about as long as a real paragraph is.</p>\n", 400);
  puts_(g, "<p>Source : <a href=\"https://www.fredzone.org/a\">FredZone</a></p>"
           "</article></body></html>");
}

static void g_nul_bytes(gen *g)
{
  /* a few in the first 1024 bytes (more would look binary), many further in */
  puts_(g, "<p>Source : FredZone</p>");
  for (int i = 0; i < 4; i++)
    put(g, "<p>a\0b</p>", 10);
  repeat(g, "<p>Some text between the damaged parts of the page.</p>\n", 40);
  for (int i = 0; i < 100; i++)
    put(g, "<p>a\0b</p>", 10);
  puts_(g, "<p>after the nul bytes</p>");
}

static void g_invalid_utf8(gen *g)
{
  puts_(g, "<meta charset=utf-8><p>");
  for (int i = 0; i < 10000; i++)
    puts_(g, "ok \xff\xfe \xc3 \xed\xa0\x80 \xf4\x90\x80\x80 ");
  puts_(g, "</p>");
}

static void g_undeclared_1252(gen *g)
{
  repeat(g, "<p>\x93quoted\x94 \x80 5 \x85 caf\xe9 \x81\x8d\x8f\x90\x9d</p>", 2000);
}

static void g_wrongly_declared(gen *g)
{
  puts_(g, "<meta charset=\"utf-8\">");
  repeat(g, "<p>caf\xe9 \x80 na\xefve</p>", 2000);
}

static void g_utf16_bom(gen *g)
{
  static const char *text = "<p>UTF-16 page \xe2\x82\xac</p>";
  put(g, "\xff\xfe", 2);
  for (int r = 0; r < 1000; r++)
    for (const char *c = text; *c != '\0'; c++) {
      unsigned char b = (unsigned char)*c;
      if (b == 0xe2) {   /* the euro sign as one UTF-16 unit */
        put(g, "\xac\x20", 2);
        c += 2;
      } else {
        put(g, c, 1);
        put(g, "", 1);
      }
    }
}

static void g_divs_unclosed(gen *g) { repeat(g, "<div>", 100000); }
static void g_divs_closed(gen *g)
{
  repeat(g, "<div>", 100000);
  repeat(g, "</div>", 100000);
}
static void g_spans(gen *g) { repeat(g, "<span>", 300000); }
static void g_misnested(gen *g) { repeat(g, "<b><i>x</b></i>", 50000); }

/*
 * Formatting elements closed with their <p> stay active and are reopened by
 * the text of every later <p>; distinct attributes defeat the standard's
 * "Noah's Ark" clause, so 3,000 of them times 3,000 paragraphs is 9M nodes.
 */
static void g_formatting_blowup(gen *g)
{
  char buf[64];

  puts_(g, "<p>");
  for (int i = 0; i < 3000; i++) {
    snprintf(buf, sizeof buf, "<b id=f%d>", i);
    puts_(g, buf);
  }
  repeat(g, "</p><p>x", 3000);
}

static void g_attributes(gen *g)
{
  char buf[32];

  puts_(g, "<div");
  for (int i = 0; i < 100000; i++) {
    snprintf(buf, sizeof buf, " a%d=x", i);
    puts_(g, buf);
  }
  puts_(g, ">x</div>");
}

static void g_text_20mb(gen *g)
{
  static char chunk[65536];

  memset(chunk, 'a', sizeof chunk);
  puts_(g, "<p>");
  for (int i = 0; i < 20 * 16; i++)
    put(g, chunk, sizeof chunk);
  puts_(g, "</p>");
}

static void g_svg_math(gen *g) { repeat(g, "<svg><math>", 50000); }
static void g_numeric_ref(gen *g) { repeat(g, "<p>&#55555555555;&#x7fffffffffffffff;&#9999999999</p>", 2000); }
static void g_empty(gen *g) { put(g, "", 0); }

static void g_binary(gen *g)
{
  unsigned s = 12345;

  put(g, "\x7f" "ELF\x02\x01\x01", 7);
  for (int i = 0; i < 100000; i++) {
    unsigned char b;
    s = s * 1103515245u + 12345u;
    b = (unsigned char)(s >> 16);
    put(g, &b, 1);
  }
}

static void g_over_max_bytes(gen *g)
{
  repeat(g, "<p>0123456789</p>", 1000);   /* 17 kB against a 16 kB limit */
}

/*
 * Open <template>s left for Gumbo's end of file: each one is closed by a walk
 * of the whole stack, which allocates nothing, so only a deadline that does
 * not wait for an allocation stops it (43 s of CPU for the first, issue 16).
 * The tag after <template> varies what the walk meets.
 */
static void g_template_b(gen *g) { repeat(g, "<template><b>", 32000); }
static void g_template_frameset(gen *g) { repeat(g, "<template><frameset>", 32000); }
static void g_template_div(gen *g) { repeat(g, "<template><div>", 32000); }
static void g_template_select(gen *g)
{
  repeat(g, "<table><template><tr><td><select><template>", 20000);
}
static void g_tr_td_template(gen *g) { repeat(g, "<tr><td><template>", 8000); }

/* A JSON-LD block of `count` copies of `unit` in an array, about 15 MB. */
static void jsonld_array(gen *g, const char *unit, size_t count)
{
  puts_(g, "<title>JSON-LD</title><script type=application/ld+json>[");
  for (size_t i = 0; i < count; i++) {
    if (i > 0)
      puts_(g, ",");
    puts_(g, unit);
  }
  puts_(g, "]</script><p>Some text.</p>");
}

/* jansson spends about 200 bytes on each: 1.2 GB, 709 MB and 917 MB before (issue 16). */
static void g_jsonld_objects(gen *g) { jsonld_array(g, "{}", 5000000); }
static void g_jsonld_arrays(gen *g) { jsonld_array(g, "[]", 5000000); }
static void g_jsonld_nested_objects(gen *g) { jsonld_array(g, "{\"a\":{}}", 1500000); }

/* Nesting past jansson's parser depth (2048) is invalid JSON, refused without recursion. */
static void g_jsonld_deep(gen *g)
{
  puts_(g, "<script type=application/ld+json>");
  repeat(g, "[{\"a\":", 500000);
  puts_(g, "</script><p>Some text.</p>");
}

enum { OK = 1, COMPLEX = 2, LIMIT = 4, INVALID = 8 };

typedef struct hcase {
  const char *name;
  void (*make)(gen *g);
  size_t max_bytes;   /* 0: the default */
  double seconds;     /* max_parse_seconds; 0: the default */
  int expect;         /* OR of the outcomes allowed */
  size_t max_memory;  /* 0: the default */
  const char *note;   /* a note code the extracted page must carry; NULL: none asked */
} hcase;

/* ---- Markdown and plain text (the case name's extension picks the kind) ---- */

/* Each level names the one before nine times: 9^25 nodes if aliases were expanded. */
static void g_yaml_alias_bomb(gen *g)
{
  char line[128];

  puts_(g, "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
  for (char c = 'b'; c <= 'z'; c++) {
    snprintf(line, sizeof line, "%c: &%c [*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c]\n", c, c, c - 1,
             c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1);
    puts_(g, line);
  }
  puts_(g, "author: *z\n---\n\nSome text about the harbour.\n");
}

static void g_front_matter_10mb(gen *g)
{
  puts_(g, "---\n");
  repeat(g, "tag: harbour housing plan, council vote, ferry yards\n", 200000);
  puts_(g, "---\n\nSome text about the harbour.\n");
}

static void g_markdown_quotes(gen *g) { repeat(g, ">", 100000); puts_(g, " deep\n"); }
static void g_markdown_emphasis(gen *g) { repeat(g, "*a **b _c ", 200000); }
static void g_markdown_links(gen *g) { repeat(g, "[x](https://a.example/ \"t\") ", 100000); }
static void g_text_urls(gen *g)
{
  repeat(g, "See https://a.example/x?y=1 and http://b.example/, then more.\n", 20000);
}

static const hcase cases[] = {
  {"baseline-article", g_article, 0, 0, OK},
  {"nul-bytes", g_nul_bytes, 0, 0, OK},
  {"invalid-utf8", g_invalid_utf8, 0, 0, OK},
  {"undeclared-windows-1252", g_undeclared_1252, 0, 0, OK},
  {"declared-utf8-is-1252", g_wrongly_declared, 0, 0, OK},
  {"utf16-with-bom", g_utf16_bom, 0, 0, OK},
  {"100k-nested-unclosed-div", g_divs_unclosed, 0, 0, COMPLEX},
  {"100k-nested-closed-div", g_divs_closed, 0, 0, COMPLEX},
  {"300k-nested-span", g_spans, 0, 0, OK | COMPLEX},
  {"50k-misnested-b-i", g_misnested, 0, 0, OK | COMPLEX},
  {"formatting-blowup", g_formatting_blowup, 0, 0, COMPLEX},
  {"100k-attributes", g_attributes, 0, 0, COMPLEX},
  {"20mb-text-node", g_text_20mb, 0, 0, LIMIT},
  {"20mb-text-node-raised", g_text_20mb, (size_t)32 << 20, 10, OK},
  {"50k-nested-svg-math", g_svg_math, 0, 0, OK | COMPLEX},
  {"numeric-ref-overflow", g_numeric_ref, 0, 0, OK},
  {"empty-file", g_empty, 0, 0, OK},
  {"binary-file", g_binary, 0, 0, INVALID},
  {"over-max-bytes", g_over_max_bytes, 16384, 0, LIMIT},
  {"32k-open-template-b", g_template_b, 0, 0.5, COMPLEX},
  {"32k-open-template-frameset", g_template_frameset, 0, 0.5, COMPLEX},
  {"32k-open-template-div", g_template_div, 0, 0.5, COMPLEX},
  {"20k-table-template-select", g_template_select, 0, 0.5, COMPLEX},
  {"8k-tr-td-template", g_tr_td_template, 0, 0.5, COMPLEX},
  {"jsonld-5m-empty-objects", g_jsonld_objects, 0, 30, OK, 0, "limit-memory"},
  {"jsonld-5m-empty-arrays", g_jsonld_arrays, 0, 30, OK, 0, "limit-memory"},
  {"jsonld-1.5m-nested-objects", g_jsonld_nested_objects, 0, 30, OK, 0, "limit-memory"},
  {"jsonld-5m-objects-64m-budget", g_jsonld_objects, 0, 30, OK, (size_t)64 << 20,
   "limit-memory"},
  {"jsonld-500k-deep", g_jsonld_deep, 0, 30, OK, 0, "jsonld-invalid"},
  {"yaml-alias-bomb.md", g_yaml_alias_bomb, 0, 0, OK, 0, "front-matter-partial"},
  {"10mb-front-matter.md", g_front_matter_10mb, 0, 0, OK, 0, "front-matter-partial"},
  {"10mb-front-matter-over-max-bytes.md", g_front_matter_10mb, (size_t)1 << 20, 0, LIMIT},
  {"100k-nested-quotes.md", g_markdown_quotes, 0, 0, OK | COMPLEX},
  {"200k-emphasis-openers.md", g_markdown_emphasis, 0, 0, OK | COMPLEX},
  {"100k-links.md", g_markdown_links, 0, 0, OK | COMPLEX},
  {"20k-lines-of-urls.txt", g_text_urls, 0, 0, OK},
};

/* ---- running one case --------------------------------------------------- */

typedef struct outcome {
  int code;            /* the first error, or AC_OK */
  double seconds;      /* load + parse, without generating the input */
  size_t input_bytes;
  long rss_kb;         /* the child's peak resident set */
  bool has_note;       /* the page carries the case's note */
  char msg[200];
} outcome;

static double now_seconds(void)
{
  struct timespec t;

  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static ac_limits case_limits(const hcase *c)
{
  ac_limits limits = AC_LIMITS_INIT;

  if (c->max_bytes != 0)
    limits.max_bytes = c->max_bytes;
  if (c->seconds != 0)
    limits.max_parse_seconds = c->seconds;
  if (c->max_memory != 0)
    limits.max_memory = c->max_memory;
  return limits;
}

/* The built-in rule packs, loaded once before the children fork; NULL if they cannot be. */
static ac_rules *rules;

static void load_rules(void)
{
  const char *dir = getenv("ATTRCHECK_RULES_DIR");

  if (rules != NULL || ac_rules_new(&rules, NULL) < 0)
    return;
  if (ac_rules_add_defaults(rules, dir != NULL ? dir : AC_SOURCE_RULES_DIR, NULL) < 0) {
    ac_rules_free(rules);
    rules = NULL;
  }
}

static bool has_note(const ac_page *page, const char *code)
{
  size_t n;
  const ac_note *notes = ac_page_notes(page, &n);

  for (size_t i = 0; i < n; i++)
    if (strcmp(notes[i].code, code) == 0)
      return true;
  return false;
}

/* What `attrcheck check` does with a page up to the rules: load, decode, parse, extract. */
static void run_in_child(const hcase *c, const ac_limits *limits, outcome *o)
{
  gen g = {0};
  ac_page *page = NULL;
  ac_error err = {0};
  double t0;

  c->make(&g);
  o->input_bytes = g.len;
  t0 = now_seconds();
  o->code = ac_page_load_buffer(&page, c->name, g.p != NULL ? g.p : "", g.len, limits, &err);
  free(g.p);
  if (o->code == AC_OK)
    o->code = ac_page_extract(page, rules, NULL, &err);
  o->seconds = now_seconds() - t0;
  o->has_note = o->code == AC_OK && c->note != NULL && has_note(page, c->note);
  snprintf(o->msg, sizeof o->msg, "%.199s", o->code == AC_OK ? "" : err.msg);
  ac_page_free(page);
}

/* Fork, run, collect the outcome through a pipe and the peak RSS from wait4. */
static int run_case(const hcase *c, const ac_limits *limits, outcome *o)
{
  int fds[2], status = 0;
  struct rusage ru;
  pid_t pid;

  memset(o, 0, sizeof *o);
  if (pipe(fds) != 0)
    return -1;
  fflush(NULL);
  pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    close(fds[0]);
    run_in_child(c, limits, o);
    if (write(fds[1], o, sizeof *o) != (ssize_t)sizeof *o)
      _exit(3);
    _exit(0);
  }
  close(fds[1]);
  ssize_t got = read(fds[0], o, sizeof *o);
  close(fds[0]);
  if (wait4(pid, &status, 0, &ru) != pid)
    return -1;
  o->rss_kb = ru.ru_maxrss;
  if (got != (ssize_t)sizeof *o || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : -1;
  return 0;
}

static int outcome_bit(int code)
{
  switch (code) {
  case AC_OK: return OK;
  case AC_ECOMPLEX: return COMPLEX;
  case AC_ELIMIT: return LIMIT;
  case AC_ENOTPAGE: return INVALID;
  default: return 0;
  }
}

static const char *outcome_name(int code)
{
  switch (code) {
  case AC_OK: return "extracted";
  case AC_ECOMPLEX: return "page-too-complex";
  case AC_ELIMIT: return "over --max-bytes";
  case AC_ENOTPAGE: return "binary, skipped as not a page";
  default: return ac_status_name(code);
  }
}

static const hcase *find_case(const char *name)
{
  for (size_t i = 0; i < AC_COUNT(cases); i++)
    if (strcmp(cases[i].name, name) == 0)
      return &cases[i];
  cr_assert_fail("no hostile case %s", name);
  return NULL;
}

/*
 * A busy CI machine may run these cases several times slower than an idle one,
 * so no assertion here rests on the machine's speed:
 * - a case whose only documented outcome is "extracted" gets a deadline far
 *   beyond its cost, so load cannot turn it into page-too-complex (its subject
 *   is the bytes, the charset or the tree, never the clock);
 * - the time bound is generous by orders of magnitude: it catches a hang, not a
 *   slow machine. The documented "deadline + 0.5 s" is measured and printed by
 *   bench/hostile.sh, which reads the same table.
 */
enum { TEST_DEADLINE_FLOOR = 300, HANG_FACTOR = 50 };

static ac_limits test_limits(const hcase *c)
{
  ac_limits limits = case_limits(c);

  if (c->expect == OK && limits.max_parse_seconds < TEST_DEADLINE_FLOOR)
    limits.max_parse_seconds = TEST_DEADLINE_FLOOR;
  return limits;
}

/* The documented outcome, within the memory budget, and no hang. */
static void check_case(const char *name)
{
  const hcase *c = find_case(name);
  ac_limits limits = test_limits(c);
  double hang_bound = HANG_FACTOR * (case_limits(c).max_parse_seconds + 0.5);
  outcome o;
  int rc;

  load_rules();
  rc = run_case(c, &limits, &o);
  cr_assert_eq(rc, 0, "%s: the child crashed or failed (%d)", name, rc);
  cr_assert(outcome_bit(o.code) & c->expect, "%s: unexpected outcome %d: %s", name, o.code,
            o.msg);
  cr_assert_leq(o.seconds, hang_bound, "%s: took %.2f s (a hang?)", name, o.seconds);
  if (o.code == AC_ECOMPLEX)
    cr_assert(strstr(o.msg, "page-too-complex") != NULL, "%s: %s", name, o.msg);
  if (o.code == AC_OK && c->note != NULL)
    cr_assert(o.has_note, "%s: no %s note", name, c->note);
  if (!UNDER_ASAN) {
    /* the budget and a quarter for malloc's fragmentation, the input, its decoded copy,
       Gumbo's copy and the extracted text, and the process with its rule packs */
    long limit_kb = (long)((limits.max_memory / 4 * 5 + 4 * o.input_bytes) / 1024) + 32 * 1024;
    cr_assert_leq(o.rss_kb, limit_kb, "%s: peak RSS %ld kB", name, o.rss_kb);
  }
}

Test(hostile, ordinary_article_parses) { check_case("baseline-article"); }
Test(hostile, nul_bytes_parse_to_the_end) { check_case("nul-bytes"); }
Test(hostile, invalid_utf8_is_replaced_and_parsed) { check_case("invalid-utf8"); }
Test(hostile, undeclared_windows_1252_is_parsed) { check_case("undeclared-windows-1252"); }
Test(hostile, wrongly_declared_utf8_is_parsed) { check_case("declared-utf8-is-1252"); }
Test(hostile, utf16_with_bom_is_parsed) { check_case("utf16-with-bom"); }
Test(hostile, nested_unclosed_divs_are_too_complex_in_time) { check_case("100k-nested-unclosed-div"); }
Test(hostile, nested_closed_divs_are_too_complex_in_time) { check_case("100k-nested-closed-div"); }
Test(hostile, deeply_nested_spans_end_in_time) { check_case("300k-nested-span"); }
Test(hostile, misnested_formatting_ends_in_time) { check_case("50k-misnested-b-i"); }
Test(hostile, formatting_blowup_stops_at_the_budget) { check_case("formatting-blowup"); }
Test(hostile, many_attributes_are_too_complex_in_time) { check_case("100k-attributes"); }
Test(hostile, text_over_max_bytes_is_a_limit_error) { check_case("20mb-text-node"); }
Test(hostile, huge_text_parses_with_a_raised_limit) { check_case("20mb-text-node-raised"); }
Test(hostile, nested_svg_math_ends_in_time) { check_case("50k-nested-svg-math"); }
Test(hostile, numeric_reference_overflow_is_harmless) { check_case("numeric-ref-overflow"); }
Test(hostile, empty_file_is_an_empty_page) { check_case("empty-file"); }
Test(hostile, binary_file_is_refused) { check_case("binary-file"); }
Test(hostile, page_over_max_bytes_is_refused) { check_case("over-max-bytes"); }
Test(hostile, open_templates_end_at_the_deadline) { check_case("32k-open-template-b"); }
Test(hostile, open_templates_with_frameset_end_at_the_deadline)
{
  check_case("32k-open-template-frameset");
}
Test(hostile, open_templates_with_div_end_at_the_deadline) { check_case("32k-open-template-div"); }
Test(hostile, templates_in_tables_and_selects_end_at_the_deadline)
{
  check_case("20k-table-template-select");
}
Test(hostile, templates_in_cells_end_at_the_deadline) { check_case("8k-tr-td-template"); }
Test(hostile, jsonld_of_empty_objects_stays_in_the_budget) { check_case("jsonld-5m-empty-objects"); }
Test(hostile, jsonld_of_empty_arrays_stays_in_the_budget) { check_case("jsonld-5m-empty-arrays"); }
Test(hostile, jsonld_of_nested_objects_stays_in_the_budget)
{
  check_case("jsonld-1.5m-nested-objects");
}
Test(hostile, jsonld_stays_in_a_lowered_budget) { check_case("jsonld-5m-objects-64m-budget"); }
Test(hostile, deep_jsonld_is_invalid_json) { check_case("jsonld-500k-deep"); }
Test(hostile, a_yaml_alias_bomb_is_never_expanded) { check_case("yaml-alias-bomb.md"); }
Test(hostile, huge_front_matter_is_skipped_with_a_note) { check_case("10mb-front-matter.md"); }
Test(hostile, markdown_over_max_bytes_is_refused)
{
  check_case("10mb-front-matter-over-max-bytes.md");
}
Test(hostile, deeply_nested_markdown_quotes_end_in_time) { check_case("100k-nested-quotes.md"); }
Test(hostile, unmatched_emphasis_ends_in_time) { check_case("200k-emphasis-openers.md"); }
Test(hostile, many_markdown_links_are_extracted) { check_case("100k-links.md"); }
Test(hostile, many_bare_urls_in_text_are_extracted) { check_case("20k-lines-of-urls.txt"); }

/* ---- the summary table -------------------------------------------------- */

static int print_table(void)
{
  outcome base;
  int failures = 0;

  load_rules();
  ac_limits base_limits = case_limits(&cases[0]);
  if (run_case(&cases[0], &base_limits, &base) != 0 || base.rss_kb <= 0)
    return 1;
  printf("| case | input | outcome | time (s) | peak RSS (MiB) | RSS vs baseline |\n");
  printf("| --- | ---: | --- | ---: | ---: | ---: |\n");
  for (size_t i = 0; i < AC_COUNT(cases); i++) {
    ac_limits limits = case_limits(&cases[i]);
    outcome o;
    int rc = run_case(&cases[i], &limits, &o);
    bool noted = o.code != AC_OK || cases[i].note == NULL || o.has_note;
    bool as_documented = rc == 0 && (outcome_bit(o.code) & cases[i].expect) && noted &&
                         o.seconds <= limits.max_parse_seconds + 0.5;
    failures += !as_documented;
    printf("| %s | %.1f kB | %s%s%s%s | %.2f | %.1f | %.1fx |\n", cases[i].name,
           (double)o.input_bytes / 1000, rc == 0 ? outcome_name(o.code) : "CRASHED",
           o.has_note ? ", note " : "", o.has_note ? cases[i].note : "",
           as_documented ? "" : " (UNEXPECTED)", o.seconds, (double)o.rss_kb / 1024,
           (double)o.rss_kb / (double)base.rss_kb);
    fflush(stdout);
  }
  ac_rules_free(rules);
  return failures == 0 ? 0 : 1;
}

int main(int argc, char *argv[])
{
  struct criterion_test_set *tests;
  int result = 0;

  if (argc > 1 && strcmp(argv[1], "--table") == 0)
    return print_table();
  tests = criterion_initialize();
  if (criterion_handle_args(argc, argv, true))
    result = !criterion_run_all_tests(tests);
  criterion_finalize(tests);
  return result;
}
