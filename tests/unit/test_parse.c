/* parse: the guarded Gumbo parse keeps whole pages and stops hostile ones cleanly. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

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
