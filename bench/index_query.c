/*
 * Query cost of the index, per page: extraction is timed apart from what the
 * index adds (fingerprinting and ac_index_match). Built and run by
 * bench/index_scale.sh. Prints one line per page (path, first match, its page
 * coverage) on stdout and the timing summary on stderr.
 *
 * usage: index_query DB PAGE...
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "attrcheck.h"

static double now(void)
{
  struct timespec ts;

  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int by_value(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

static double pct(const double *v, int n, double p)
{
  int i = (int)(p * (n - 1) + 0.5);

  return n > 0 ? v[i] : 0.0;
}

int main(int argc, char **argv)
{
  ac_index *ix = NULL;
  ac_error err = {0};
  double *query = calloc((size_t)argc, sizeof *query), extract_total = 0.0;
  int n = 0;

  if (argc < 3 || ac_index_open(&ix, argv[1], AC_INDEX_READONLY, &err) < 0) {
    fprintf(stderr, "index_query: %s\n", argc < 3 ? "usage: index_query DB PAGE..." : err.msg);
    return 2;
  }
  for (int i = 2; i < argc; i++) {
    ac_page *page = NULL;
    double t0 = now(), t1, t2;
    size_t count = 0;
    const ac_match *m;

    if (ac_page_load_file(&page, argv[i], NULL, &err) < 0 ||
        ac_page_extract(page, NULL, NULL, &err) < 0) {
      fprintf(stderr, "index_query: %s\n", err.msg);
      ac_page_free(page);
      continue;
    }
    t1 = now();
    if (ac_page_fingerprint(page, NULL, &err) < 0 || ac_index_match(ix, page, NULL, &err) < 0)
      fprintf(stderr, "index_query: %s\n", err.msg);
    t2 = now();
    extract_total += t1 - t0;
    query[n++] = (t2 - t1) * 1000.0;
    m = ac_page_matches(page, &count);
    printf("%s\t%s\t%.2f\t%zu\n", argv[i], count ? m[0].url : "-",
           count ? m[0].page_coverage : 0.0, count);
    ac_page_free(page);
  }
  qsort(query, (size_t)n, sizeof *query, by_value);
  fprintf(stderr, "pages %d extract_ms_mean %.3f query_ms_median %.3f query_ms_p95 %.3f "
          "query_ms_max %.3f\n", n, n ? extract_total * 1000.0 / n : 0.0, pct(query, n, 0.5),
          pct(query, n, 0.95), n ? query[n - 1] : 0.0);
  free(query);
  ac_index_close(ix);
  return 0;
}
