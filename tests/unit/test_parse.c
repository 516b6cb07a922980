/* parse: the guarded Gumbo parse keeps whole pages and stops hostile ones cleanly. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "attrcheck/facts.h"
#include "attrcheck/page.h"
#include "extract/parse.h"

static double now_seconds(void)
{
  struct timespec t;

  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Depth-first search with an explicit stack: hostile trees are deep. */
static const GumboNode *find_text(const GumboNode *root, const char *needle)
{
  const GumboNode *stack[256];
  size_t n = 0;

  stack[n++] = root;
  while (n > 0) {
    const GumboNode *node = stack[--n];
    if (node->type == GUMBO_NODE_TEXT && strstr(node->v.text.text, needle) != NULL)
      return node;
    if (node->type != GUMBO_NODE_ELEMENT)
      continue;
    for (unsigned i = 0; i < node->v.element.children.length && n < AC_COUNT(stack); i++)
      stack[n++] = node->v.element.children.data[i];
  }
  return NULL;
}

/* A string of `count` copies of `unit`, malloc'd. */
static char *repeat(const char *unit, size_t count, size_t *len)
{
  size_t ul = strlen(unit);
  char *s = malloc(ul * count + 1);

  cr_assert_not_null(s);
  for (size_t i = 0; i < count; i++)
    memcpy(s + i * ul, unit, ul);
  s[ul * count] = '\0';
  *len = ul * count;
  return s;
}

Test(parse, nul_byte_does_not_truncate_the_page)
{
  static const char html[] = "<p>before\0middle</p><p>after the nul</p>";
  ac_limits limits = AC_LIMITS_INIT;
  ac_parse *p = NULL;
  ac_error err = {0};

  cr_assert_eq(ac_parse_html(&p, "nul.html", html, sizeof html - 1, &limits, &err), AC_OK,
               "%s", err.msg);
  cr_assert_not_null(find_text(ac_parse_output(p)->root, "after the nul"));
  ac_parse_free(p);
}

Test(parse, text_offsets_point_into_the_page)
{
  static const char html[] = "<html><body><p>Source : FredZone</p></body></html>";
  ac_parse *p = NULL;
  ac_error err = {0};
  const GumboNode *t;

  cr_assert_eq(ac_parse_html(&p, "a.html", html, sizeof html - 1, NULL, &err), AC_OK);
  t = find_text(ac_parse_output(p)->root, "FredZone");
  cr_assert_not_null(t);
  cr_assert_eq(t->v.text.start_pos.offset, (unsigned)(strstr(html, "Source") - html));
  cr_assert_gt(ac_parse_peak_bytes(p), 0);
  ac_parse_free(p);
}

Test(parse, memory_budget_breach_is_page_too_complex)
{
  ac_limits limits = AC_LIMITS_INIT;
  ac_parse *p = NULL;
  ac_error err = {0};
  size_t len;
  char *html = repeat("<div>", 20000, &len);
  double t0 = now_seconds();

  limits.max_memory = 1 << 20;
  cr_assert_eq(ac_parse_html(&p, "deep.html", html, len, &limits, &err), AC_ECOMPLEX);
  cr_assert_null(p);
  cr_assert(strstr(err.msg, "deep.html: page-too-complex:") == err.msg, "%s", err.msg);
  cr_assert(strstr(err.msg, "--max-memory") != NULL, "%s", err.msg);
  /* it stops at the budget, long before the quadratic parse ends: a bound that
     catches a hang, generous enough for a busy machine */
  cr_assert_lt(now_seconds() - t0, 60.0);
  free(html);
}

Test(parse, deadline_breach_is_page_too_complex_quickly)
{
  ac_limits limits = AC_LIMITS_INIT;
  ac_parse *p = NULL;
  ac_error err = {0};
  size_t len;
  char *html = repeat("<div>", 100000, &len);
  double t0 = now_seconds(), took;

  /* no memory budget, so only the clock can stop this quadratic parse, which
     runs for minutes; the bound catches a deadline that never fires, and is
     generous enough for a busy machine (bench/hostile.sh measures the delay) */
  limits.max_memory = 0;
  limits.max_parse_seconds = 0.2;
  cr_assert_eq(ac_parse_html(&p, "slow.html", html, len, &limits, &err), AC_ECOMPLEX, "%s",
               err.msg);
  took = now_seconds() - t0;
  cr_assert(strstr(err.msg, "--max-parse-seconds") != NULL, "%s", err.msg);
  cr_assert_lt(took, 30.0, "took %.2f s", took);
  free(html);
}

Test(parse, deep_tree_is_freed_without_recursion)
{
  ac_limits limits = AC_LIMITS_INIT;
  ac_parse *p = NULL;
  ac_error err = {0};
  size_t len;
  /* <span> nests without the quadratic cost of <div>: a 300k-deep tree. */
  char *html = repeat("<span>", 300000, &len);
  int rc;

  limits.max_parse_seconds = 30;
  rc = ac_parse_html(&p, "spans.html", html, len, &limits, &err);
  cr_assert(rc == AC_OK || rc == AC_ECOMPLEX, "%s", err.msg);
  ac_parse_free(p);   /* gumbo_destroy_output would overflow the stack here */
  free(html);
}

Test(parse, overflowing_numeric_reference_becomes_replacement_character)
{
  static const char html[] = "<p>x&#55555555555;y&#x7fffffffffff;z&#65;</p>";
  ac_parse *p = NULL;
  ac_error err = {0};
  const GumboNode *t;

  cr_assert_eq(ac_parse_html(&p, "ref.html", html, sizeof html - 1, NULL, &err), AC_OK);
  t = find_text(ac_parse_output(p)->root, "x");
  cr_assert_not_null(t);
  cr_assert_str_eq(t->v.text.text, "x\xef\xbf\xbdy\xef\xbf\xbdzA");
  /* the original text is unchanged in length, so offsets still match the page */
  cr_assert_eq(t->v.text.original_text.length, strlen("x&#55555555555;y&#x7fffffffffff;z&#65;"));
  ac_parse_free(p);
}

Test(parse, parse_errors_are_bounded)
{
  ac_limits limits = AC_LIMITS_INIT;
  ac_parse *p = NULL;
  ac_error err = {0};
  size_t len;
  char *html = repeat("</x>", 5000, &len);

  limits.max_parse_errors = 10;
  cr_assert_eq(ac_parse_html(&p, "errs.html", html, len, &limits, &err), AC_OK);
  cr_assert_leq(ac_parse_output(p)->errors.length, 10);
  ac_parse_free(p);
  free(html);
}

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#else
#define UNDER_ASAN 0
#endif

/* Runs in Criterion's own child process, so the address-space cap ends with the test. */
Test(parse, malloc_failure_mid_parse_is_an_error_not_an_abort)
{
  ac_limits limits = AC_LIMITS_INIT;
  struct rlimit cap = {(rlim_t)256 << 20, (rlim_t)256 << 20};
  ac_parse *p = NULL;
  ac_error err = {0};
  size_t len;
  char *html;
  int rc;

  if (UNDER_ASAN)
    cr_skip_test("AddressSanitizer reserves terabytes of address space");
  html = repeat("<b><i>x</b></i><p>", 400000, &len);   /* needs far more than the cap */
  limits.max_memory = 0;                              /* no budget: malloc fails first */
  limits.max_parse_seconds = 30;
  cr_assert_eq(setrlimit(RLIMIT_AS, &cap), 0);
  rc = ac_parse_html(&p, "oom.html", html, len, &limits, &err);
  cr_assert_eq(rc, AC_ENOMEM, "got %d: %s", rc, err.msg);
  cr_assert(strstr(err.msg, "oom.html: out of memory while parsing") != NULL, "%s", err.msg);
  free(html);
}

/*
 * Open <template>s left for the end of file: Gumbo closes each by walking the
 * whole stack and allocates nothing while it does (quadratic: minutes for
 * this page), so only a deadline independent of allocation can stop it.
 */
static int parse_open_templates(double seconds, ac_error *err)
{
  ac_limits limits = AC_LIMITS_INIT;
  ac_parse *p = NULL;
  size_t len;
  char *html = repeat("<template><frameset>", 32000, &len);
  int rc;

  limits.max_memory = 0;   /* only the clock can stop it */
  limits.max_parse_seconds = seconds;
  rc = ac_parse_html(&p, "templates.html", html, len, &limits, err);
  ac_parse_free(p);
  free(html);
  return rc;
}

Test(parse, deadline_stops_work_that_allocates_nothing)
{
  ac_error err = {0};
  double t0 = now_seconds();

  cr_assert_eq(parse_open_templates(0.2, &err), AC_ECOMPLEX, "%s", err.msg);
  cr_assert(strstr(err.msg, "templates.html: page-too-complex:") == err.msg, "%s", err.msg);
  cr_assert(strstr(err.msg, "--max-parse-seconds") != NULL, "%s", err.msg);
  /* a bound against a hang only; bench/hostile.sh measures deadline + 0.5 s */
  cr_assert_lt(now_seconds() - t0, 30.0);
}

/* The signal mask and the timer are restored after a jump: the next parses are timed too. */
Test(parse, parses_after_a_deadline_are_timed_again)
{
  static const char html[] = "<p>an ordinary page</p>";
  ac_error err = {0};
  ac_parse *p = NULL;

  for (int i = 0; i < 3; i++) {
    cr_assert_eq(parse_open_templates(0.1, &err), AC_ECOMPLEX, "round %d: %s", i, err.msg);
    cr_assert_eq(ac_parse_html(&p, "ok.html", html, sizeof html - 1, NULL, &err), AC_OK,
                 "round %d: %s", i, err.msg);
    cr_assert_not_null(find_text(ac_parse_output(p)->root, "ordinary"));
    ac_parse_free(p);
    p = NULL;
  }
}

/* A deadline already past when the timer is armed: the signal comes at once, and is harmless. */
Test(parse, deadline_past_before_the_parse_starts_is_page_too_complex)
{
  static const char html[] = "<p>an ordinary page</p>";
  ac_limits limits = AC_LIMITS_INIT;
  ac_parse *p = NULL;
  ac_error err = {0};

  limits.max_parse_seconds = 1e-9;
  for (int i = 0; i < 200; i++) {
    int rc = ac_parse_html(&p, "ok.html", html, sizeof html - 1, &limits, &err);
    cr_assert(rc == AC_ECOMPLEX || (rc == AC_OK && p != NULL), "round %d: %d %s", i, rc,
              err.msg);
    ac_parse_free(p);
    p = NULL;
  }
  cr_assert_eq(ac_parse_html(&p, "ok.html", html, sizeof html - 1, NULL, &err), AC_OK, "%s",
               err.msg);
  ac_parse_free(p);
}

static void *parse_ordinary_pages(void *arg)
{
  ac_limits limits = AC_LIMITS_INIT;
  size_t len;
  char *html = repeat("<p>Some ordinary text with <b>bold</b> and <a href=/x>a link</a>.</p>",
                      2000, &len);
  int failures = 0;

  (void)arg;
  limits.max_parse_seconds = 300;   /* its subject is the other thread's deadline */
  for (int i = 0; i < 20; i++) {
    ac_parse *p = NULL;
    ac_error err = {0};
    failures += ac_parse_html(&p, "ordinary.html", html, len, &limits, &err) != AC_OK;
    ac_parse_free(p);
  }
  free(html);
  return (void *)(intptr_t)failures;
}

/* --jobs: one thread's deadline signal never reaches another thread's parse. */
Test(parse, deadline_stops_only_the_thread_it_times)
{
  pthread_t other;
  void *failures;
  ac_error err = {0};

  cr_assert_eq(pthread_create(&other, NULL, parse_ordinary_pages, NULL), 0);
  for (int i = 0; i < 3; i++)
    cr_assert_eq(parse_open_templates(0.1, &err), AC_ECOMPLEX, "%s", err.msg);
  cr_assert_eq(pthread_join(other, &failures), 0);
  cr_assert_eq((intptr_t)failures, 0, "ordinary parses failed in the other thread");
}

/* ---- JSON-LD within the page's memory budget ---------------------------- */

/* A page with a title, a JSON-LD NewsArticle and `n_empty` empty objects beside it. */
static char *jsonld_page(size_t n_empty, size_t *len)
{
  static const char head[] =
      "<title>The page</title><script type=application/ld+json>"
      "[{\"@type\":\"NewsArticle\",\"author\":{\"name\":\"Ann Writer\"}}";
  static const char tail[] = "]</script><p>Some text.</p>";
  size_t n = sizeof head - 1 + 3 * n_empty + sizeof tail;
  char *s = malloc(n), *at = s;

  cr_assert_not_null(s);
  memcpy(at, head, sizeof head - 1);
  at += sizeof head - 1;
  for (size_t i = 0; i < n_empty; i++, at += 3)
    memcpy(at, ",{}", 3);
  memcpy(at, tail, sizeof tail);
  *len = n - 1;
  return s;
}

typedef struct jsonld_result {
  int rc;
  bool limit_noted, author_found, title_found;
} jsonld_result;

static jsonld_result extract_jsonld(size_t n_empty, size_t max_memory)
{
  ac_limits limits = AC_LIMITS_INIT;
  jsonld_result r = {0};
  ac_page *page = NULL;
  ac_error err = {0};
  size_t len, n;
  char *html = jsonld_page(n_empty, &len);

  limits.max_memory = max_memory;
  limits.max_parse_seconds = 300;   /* the subject is memory, never the clock */
  r.rc = ac_page_load_buffer(&page, "ld.html", html, len, &limits, &err);
  if (r.rc == AC_OK)
    r.rc = ac_page_extract(page, NULL, NULL, &err);
  if (r.rc == AC_OK) {
    const ac_note *notes = ac_page_notes(page, &n);
    const ac_facts *f = ac_page_facts(page);
    for (size_t i = 0; i < n; i++)
      r.limit_noted |= strcmp(notes[i].code, "limit-memory") == 0 &&
                       strstr(notes[i].message, "--max-memory") != NULL;
    for (size_t i = 0; i < f->n_signals; i++)
      r.author_found |= strcmp(f->signals[i].name, "jsonld.author") == 0 &&
                        strcmp(f->signals[i].value, "Ann Writer") == 0;
    r.title_found = f->title != NULL && strcmp(f->title, "The page") == 0;
  }
  ac_page_free(page);
  free(html);
  return r;
}

Test(parse, jsonld_beyond_the_budget_is_a_note_and_the_page_is_kept)
{
  /* 200,000 values need about 45 MB in jansson, against an 8 MiB budget */
  jsonld_result r = extract_jsonld(200000, (size_t)8 << 20);

  cr_assert_eq(r.rc, AC_OK);
  cr_assert(r.limit_noted, "no limit-memory note");
  cr_assert(!r.author_found, "the ignored block still gave signals");
  cr_assert(r.title_found, "the rest of the page was not extracted");
}

Test(parse, jsonld_within_the_budget_is_read)
{
  jsonld_result r = extract_jsonld(200000, 0);   /* no budget */

  cr_assert_eq(r.rc, AC_OK);
  cr_assert(!r.limit_noted);
  cr_assert(r.author_found, "the NewsArticle's author was not read");
  r = extract_jsonld(1000, (size_t)8 << 20);
  cr_assert_eq(r.rc, AC_OK);
  cr_assert(!r.limit_noted);
  cr_assert(r.author_found, "the NewsArticle's author was not read");
}

static void *extract_small_jsonld(void *arg)
{
  int failures = 0;

  (void)arg;
  for (int i = 0; i < 20; i++) {
    jsonld_result r = extract_jsonld(2000, (size_t)8 << 20);
    failures += r.rc != AC_OK || r.limit_noted || !r.author_found;
  }
  return (void *)(intptr_t)failures;
}

/* --jobs: each thread's JSON-LD is charged to its own page's budget. */
Test(parse, jsonld_budgets_are_per_thread)
{
  pthread_t other;
  void *failures;

  cr_assert_eq(pthread_create(&other, NULL, extract_small_jsonld, NULL), 0);
  for (int i = 0; i < 5; i++) {
    jsonld_result r = extract_jsonld(200000, (size_t)8 << 20);
    cr_assert_eq(r.rc, AC_OK);
    cr_assert(r.limit_noted, "round %d: no limit-memory note", i);
  }
  cr_assert_eq(pthread_join(other, &failures), 0);
  cr_assert_eq((intptr_t)failures, 0, "the other thread's small blocks were refused");
}
