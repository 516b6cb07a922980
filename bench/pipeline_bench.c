/*
 * Pipeline benchmark driver, built by bench/pipeline_speed.sh against a
 * build's libattrcheck_static.a.
 *
 *   pipeline_bench ROUNDS FILE...
 *
 * For each page, alternating within each round: a bare Gumbo parse of the
 * file's bytes, and the whole check as `attrcheck check --format json` runs
 * it (decode, extract, fingerprint, rules, the JSON page written to
 * /dev/null). The best CPU time of ROUNDS per page and side, summed.
 */
#include <gumbo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "attrcheck.h"

static double cpu_now(void)
{
  struct timespec ts;

  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *slurp(const char *path, size_t *len)
{
  FILE *f = fopen(path, "rb");
  char *buf = NULL;
  long n;

  if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0 ||
      (buf = malloc((size_t)n + 1)) == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n) {
    free(buf);
    buf = NULL;
  } else
    *len = (size_t)n;
  if (f != NULL)
    fclose(f);
  return buf;
}

static double bare_gumbo(const char *bytes, size_t len)
{
  double t0 = cpu_now();
  GumboOutput *out = gumbo_parse_with_options(&kGumboDefaultOptions, bytes, len);

  gumbo_destroy_output(&kGumboDefaultOptions, out);
  return cpu_now() - t0;
}

static double full_check(const ac_rules *rules, const char *name, const char *bytes, size_t len,
                         FILE *sink)
{
  ac_eval_options eo = AC_EVAL_OPTIONS_INIT;
  ac_page *page = NULL;
  ac_error err = {0};
  double t0 = cpu_now();

  if (ac_page_load_buffer(&page, name, bytes, len, NULL, &err) == 0 &&
      ac_page_extract(page, rules, NULL, &err) == 0 && ac_page_fingerprint(page, NULL, &err) == 0 &&
      ac_rules_eval(rules, page, &eo, &err) == 0)
    ac_report_json_page(sink, page, AC_SEV_ERROR, &err);
  ac_page_free(page);
  return cpu_now() - t0;
}

int main(int argc, char **argv)
{
  int rounds = argc > 1 ? atoi(argv[1]) : 0, n = argc - 2, pages = 0;
  double *best, gumbo = 0, check = 0;
  size_t bytes = 0;
  ac_rules *rules = NULL;
  ac_error err = {0};
  FILE *sink = fopen("/dev/null", "w");

  if (rounds < 1 || n < 1 || sink == NULL) {
    fprintf(stderr, "usage: pipeline_bench ROUNDS FILE...\n");
    return 2;
  }
  if (ac_rules_new(&rules, &err) < 0 || ac_rules_add_defaults(rules, NULL, &err) < 0) {
    fprintf(stderr, "rules: %s\n", err.msg);
    return 2;
  }
  best = malloc(2 * (size_t)n * sizeof *best);
  for (int i = 0; i < 2 * n; i++)
    best[i] = 1e30;
  for (int r = 0; r < rounds; r++)
    for (int i = 0; i < n; i++) {
      size_t len = 0;
      char *file = slurp(argv[i + 2], &len);
      if (file == NULL)
        continue;
      double g = bare_gumbo(file, len), c = full_check(rules, argv[i + 2], file, len, sink);
      best[2 * i] = g < best[2 * i] ? g : best[2 * i];
      best[2 * i + 1] = c < best[2 * i + 1] ? c : best[2 * i + 1];
      if (r == 0) {
        bytes += len;
        pages++;
      }
      free(file);
    }
  for (int i = 0; i < n; i++)
    if (best[2 * i] < 1e29) {
      gumbo += best[2 * i];
      check += best[2 * i + 1];
    }
  printf("pages %d, %.1f MiB, CPU time, best of %d rounds per page\n", pages,
         (double)bytes / 1048576.0, rounds);
  printf("bare gumbo parse   %8.1f ms\n", gumbo * 1e3);
  printf("full check         %8.1f ms\n", check * 1e3);
  printf("ratio check/gumbo  %.2f (target <= 1.10)\n", check / gumbo);
  free(best);
  fclose(sink);
  ac_rules_free(rules);
  return 0;
}
