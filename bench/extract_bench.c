/*
 * Extraction benchmark driver, built by bench/extract_speed.sh and
 * bench/extract_maintext.sh against a build's libattrcheck_static.a.
 *
 *   extract_bench speed ROUNDS FILE...  bare Gumbo parse vs ac_page_extract, same texts
 *   extract_bench rss FILE              extract one page, print peak RSS
 *   extract_bench maintext FILE...      print "=== path" then the main text of each
 *
 * Rule packs come from $ATTRCHECK_RULES_DIR (notice matching is part of extraction).
 */
#include <gumbo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "attrcheck/facts.h"
#include "attrcheck/page.h"
#include "attrcheck/rules.h"

/* CPU time of this thread: other processes on a shared machine do not count. */
static double now(void)
{
  struct timespec ts;

  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static ac_rules *rules_load(void)
{
  ac_rules *r = NULL;
  ac_error err;

  if (ac_rules_new(&r, &err) < 0 ||
      ac_rules_add_defaults(r, getenv("ATTRCHECK_RULES_DIR"), &err) < 0) {
    fprintf(stderr, "rules: %s\n", err.msg);
    exit(2);
  }
  return r;
}

static ac_page *load(const char *path)
{
  ac_page *page = NULL;
  ac_error err;

  if (ac_page_load_file(&page, path, NULL, &err) < 0) {
    fprintf(stderr, "%s\n", err.msg);
    return NULL;
  }
  return page;
}

/* Per page, the best of ROUNDS for each side, summed: robust to passing load. */
static int speed(int rounds, int n, char **paths)
{
  ac_rules *rules = rules_load();
  double *best = malloc(2 * (size_t)n * sizeof *best), parse = 0, extract = 0;
  size_t bytes = 0;
  int pages = 0, failed = 0;

  for (int i = 0; i < 2 * n; i++)
    best[i] = 1e30;
  for (int r = 0; r < rounds; r++) {
    for (int i = 0; i < n; i++) {
      ac_page *page = load(paths[i]);
      ac_error err;
      size_t len;
      if (page == NULL)
        continue;
      const char *text = ac_page_text(page, &len);
      double t0 = now();
      GumboOutput *out = gumbo_parse_with_options(&kGumboDefaultOptions, text, len);
      gumbo_destroy_output(&kGumboDefaultOptions, out);
      double t1 = now();
      if (ac_page_extract(page, rules, NULL, &err) < 0 && r == 0) {
        fprintf(stderr, "%s\n", err.msg);
        failed++;
      }
      double t2 = now();
      if (t1 - t0 < best[2 * i])
        best[2 * i] = t1 - t0;
      if (t2 - t1 < best[2 * i + 1])
        best[2 * i + 1] = t2 - t1;
      if (r == 0) {
        bytes += len;
        pages++;
      }
      ac_page_free(page);
    }
  }
  for (int i = 0; i < n; i++)
    if (best[2 * i] < 1e29) {
      parse += best[2 * i];
      extract += best[2 * i + 1];
    }
  printf("pages %d (%d failed), %.1f MiB, CPU time, best of %d rounds per page\n", pages, failed,
         (double)bytes / 1048576.0, rounds);
  printf("bare gumbo parse  %8.1f ms  %7.1f MiB/s\n", parse * 1e3,
         (double)bytes / 1048576.0 / parse);
  printf("ac_page_extract   %8.1f ms  %7.1f MiB/s\n", extract * 1e3,
         (double)bytes / 1048576.0 / extract);
  printf("ratio extract/parse %.2f (target <= 1.50)\n", extract / parse);
  free(best);
  ac_rules_free(rules);
  return failed ? 1 : 0;
}

static int rss(const char *path)
{
  ac_rules *rules = rules_load();
  ac_page *page = load(path);
  struct rusage ru;
  ac_error err;
  size_t len;
  int rc = 0;

  if (page == NULL)
    return 2;
  ac_page_text(page, &len);
  double t0 = now();
  if (ac_page_extract(page, rules, NULL, &err) < 0) {
    fprintf(stderr, "%s\n", err.msg);
    rc = 1;
  }
  double t1 = now();
  getrusage(RUSAGE_SELF, &ru);
  printf("page %.1f MiB, extract %.0f ms, main text %zu bytes, peak RSS %.1f MiB "
         "(target < 300)\n", (double)len / 1048576.0, (t1 - t0) * 1e3,
         rc == 0 ? ac_page_facts(page)->main_len : 0, (double)ru.ru_maxrss / 1024.0);
  ac_page_free(page);
  ac_rules_free(rules);
  return rc;
}

static int maintext(int n, char **paths)
{
  ac_rules *rules = rules_load();

  for (int i = 0; i < n; i++) {
    ac_page *page = load(paths[i]);
    ac_error err;
    if (page == NULL || ac_page_extract(page, rules, NULL, &err) < 0) {
      ac_page_free(page);
      continue;
    }
    const ac_facts *f = ac_page_facts(page);
    printf("=== %s\n", paths[i]);
    fwrite(f->main_text, 1, f->main_len, stdout);
    putchar('\n');
    ac_page_free(page);
  }
  ac_rules_free(rules);
  return 0;
}

int main(int argc, char **argv)
{
  if (argc >= 4 && strcmp(argv[1], "speed") == 0)
    return speed(atoi(argv[2]), argc - 3, argv + 3);
  if (argc == 3 && strcmp(argv[1], "rss") == 0)
    return rss(argv[2]);
  if (argc >= 3 && strcmp(argv[1], "maintext") == 0)
    return maintext(argc - 2, argv + 2);
  fputs("usage: extract_bench speed ROUNDS FILE... | rss FILE | maintext FILE...\n", stderr);
  return 2;
}
