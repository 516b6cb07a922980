/* check_csv: the audit CSV and JSON of check: one row per page, stable order, shards. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "attrcheck/report.h"
#include "cli_cases.h"
#include "support.h"

/* The pages a csv report names, one per line (its first column). */
static size_t csv_paths(const char *csv, char paths[][256], size_t max)
{
  size_t n = 0;
  const char *line = strchr(csv, '\n');

  while (line != NULL && line[1] != '\0' && n < max) {
    const char *comma = strchr(line + 1, ',');
    size_t len = comma ? (size_t)(comma - line - 1) : 0;
    snprintf(paths[n++], 256, "%.*s", (int)len, line + 1);
    line = strchr(line + 1, '\n');
  }
  return n;
}

Test(check_csv, seed_page_csv_row_credits_fredzone_with_a_matching_link)
{
  char *seed = fixture_path(SEED);
  const char *argv[] = {"check", "--no-config", "--format", "csv", seed, NULL};
  run_result r = run_cli(argv, NULL, 0);
  char *credited, *link, *matches;

  cr_assert_eq(r.status, 0, "stderr: %s", r.err);
  cr_assert(strncmp(r.out, AC_CSV_HEADER "\n", strlen(AC_CSV_HEADER) + 1) == 0
            || strncmp(r.out, AC_CSV_HEADER "\r\n", strlen(AC_CSV_HEADER) + 2) == 0,
            "header: %s", r.out);
  credited = csv_cell(r.out, "credited_source");
  link = csv_cell(r.out, "source_link");
  matches = csv_cell(r.out, "credit_matches_link");
  cr_assert_str_eq(credited, "FredZone");
  cr_assert_str_eq(link, "https://www.fredzone.org/ancien-pdg-openai-microsoft-rcj753");
  cr_assert_str_eq(matches, "yes");
  free(credited);
  free(link);
  free(matches);
  run_result_free(&r);
  free(seed);
}

Test(check_csv, csv_url_is_the_pages_own_when_its_canonical_points_upstream)
{
  char *page = fixture_path("pages/notice-missing-canonical/page.html");
  const char *argv[] = {"check", "--no-config", "--format", "csv", page, NULL};
  run_result r = run_cli(argv, NULL, 0);
  char *url = csv_cell(r.out, "url"), *chain = csv_cell(r.out, "chain");

  cr_assert_eq(r.status, 1, "stderr: %s", r.err);
  cr_assert_str_eq(url, "https://ours.example/news/notice-missing-canonical", "og:url, not the canonical");
  cr_assert_str_eq(chain, "original.example > ours.example");
  free(url);
  free(chain);
  run_result_free(&r);
  free(page);
}

Test(check_csv, csv_has_one_row_per_page_and_an_error_row_for_a_missing_file)
{
  char *seed = fixture_path(SEED);
  char *other = fixture_path("pages/syndicated-fr-lemonde-mismatch/page.html");
  const char *argv[] = {"check", "--no-config", "--format", "csv", seed, "missing.html", other,
                        NULL};
  run_result r = run_cli(argv, NULL, 0);

  cr_assert_eq(r.status, 2, "an unreadable input makes the run incomplete");
  cr_assert_eq(count_lines_with(r.out, "page.html,"), 2, "csv: %s", r.out);
  cr_assert_eq(count_lines_with(r.out, "missing.html,"), 1, "csv: %s", r.out);
  run_result_free(&r);
  free(seed);
  free(other);
}

Test(check_csv, directories_are_walked_in_a_stable_order)
{
  char *dir = fixture_path("pages");
  const char *argv[] = {"check", "--no-config", "--format", "csv", "--jobs", "2", dir, NULL};
  const char *argv1[] = {"check", "--no-config", "--format", "csv", "--jobs", "1", dir, NULL};
  run_result a = run_cli(argv, NULL, 0), b = run_cli(argv1, NULL, 0);

  cr_assert_str_eq(a.out, b.out, "output must not depend on --jobs");
  cr_assert_geq(count_lines_with(a.out, "page.html"), 4);
  run_result_free(&a);
  run_result_free(&b);
  free(dir);
}

Test(check_csv, a_binary_file_is_a_skipped_row_in_the_audit_csv)
{
  char *root = project("<attrcheck version=\"1\"/>\n");
  const char *argv[] = {"check", "-f", "csv", "content", NULL};
  run_result r;

  put_text(root, "content/logo.html", "\x89PNG\r\n\x1a\nnot a page");
  r = run_cli_in(root, argv, NULL, 0);
  cr_assert_eq(r.status, 1, "the Le Monde pages fail; stderr: %s", r.err);
  cr_assert(strstr(r.out, "content/logo.html,,,skipped,") != NULL, "csv: %s", r.out);
  cr_assert(strstr(r.err, "logo.html: binary data, not an HTML page, skipped") != NULL, "%s",
            r.err);
  run_result_free(&r);
  free(root);
}

Test(check_csv, json_options_record_the_config_and_what_it_set)
{
  char *root = project("<attrcheck version=\"1\"><baseline>base.txt</baseline>"
                       "<base-url>https://www.example.org/</base-url></attrcheck>\n");
  const char *argv[] = {"check", "content", "-f", "json", NULL};
  run_result r = run_cli_in(root, argv, NULL, 0);

  cr_assert(strstr(r.out, "\"config\": \"") != NULL && strstr(r.out, "attrcheck.xml\"") != NULL,
            "%s", r.out);
  cr_assert(strstr(r.out, "base.txt\"") != NULL, "the baseline from the config: %s", r.out);
  cr_assert(strstr(r.out, "\"base_url\": \"https://www.example.org/\"") != NULL, "%s", r.out);
  cr_assert(strstr(r.out, "\"policy\": null") != NULL, "%s", r.out);
  run_result_free(&r);
  free(root);
}

Test(check_csv, shards_split_the_pages_so_each_is_checked_by_exactly_one)
{
  char *root = project("<attrcheck version=\"1\"/>\n");
  const char *one[] = {"check", "-f", "csv", "--shard", "1/2", "content", NULL};
  const char *two[] = {"check", "-f", "csv", "--shard", "2/2", "content", NULL};
  const char *bad[] = {"check", "--shard", "3/2", "content", NULL};
  char a[8][256], b[8][256];
  run_result r1, r2, rb;
  size_t na, nb;

  put_page(root, "content/c.html", ORDINARY);
  put_page(root, "content/news/d.html", ORDINARY);
  r1 = run_cli_in(root, one, NULL, 0);
  r2 = run_cli_in(root, two, NULL, 0);
  rb = run_cli_in(root, bad, NULL, 0);
  na = csv_paths(r1.out, a, 8);
  nb = csv_paths(r2.out, b, 8);
  cr_assert_eq(na + nb, 4, "four pages in all: %s / %s", r1.out, r2.out);
  for (size_t i = 0; i < na; i++)
    for (size_t k = 0; k < nb; k++)
      cr_assert_str_neq(a[i], b[k], "checked by both shards");
  cr_assert_eq(rb.status, 2, "%s", rb.err);
  run_result_free(&r1);
  run_result_free(&r2);
  run_result_free(&rb);
  free(root);
}
