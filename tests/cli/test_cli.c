/* cli: exit statuses, messages and output shapes that scripts and CI rely on. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "attrcheck/report.h"
#include "support.h"

#define SEED "pages/syndicated-fr-fredzone/page.html"

Test(cli, version_prints_the_version_and_exits_zero)
{
  const char *argv[] = {"--version", NULL};
  run_result r = run_cli(argv, NULL, 0);

  cr_assert_eq(r.status, 0);
  cr_assert(strncmp(r.out, "attrcheck ", 10) == 0, "got: %s", r.out);
  run_result_free(&r);
}

Test(cli, unknown_command_exits_two_with_a_reason)
{
  const char *argv[] = {"frobnicate", NULL};
  run_result r = run_cli(argv, NULL, 0);

  cr_assert_eq(r.status, 2);
  cr_assert(strstr(r.err, "frobnicate") != NULL, "stderr: %s", r.err);
  run_result_free(&r);
}

Test(cli, bad_option_value_exits_two)
{
  char *seed = fixture_path(SEED);
  const char *argv[] = {"check", "--fail-on", "sometimes", seed, NULL};
  run_result r = run_cli(argv, NULL, 0);

  cr_assert_eq(r.status, 2);
  cr_assert(strstr(r.err, "--fail-on") != NULL, "stderr: %s", r.err);
  run_result_free(&r);
  free(seed);
}

Test(cli, missing_file_exits_two_and_names_it)
{
  const char *argv[] = {"check", "--no-config", "no/such/page.html", NULL};
  run_result r = run_cli(argv, NULL, 0);

  cr_assert_eq(r.status, 2);
  cr_assert(strstr(r.err, "no/such/page.html") != NULL,
            "stderr names the file even when stdout goes to a log; stderr: %s", r.err);
  cr_assert(strstr(r.out, "1 input could not be checked") != NULL, "stdout: %s", r.out);
  run_result_free(&r);
}

Test(cli, seed_page_passes_with_a_permission_warning)
{
  char *seed = fixture_path(SEED);
  const char *argv[] = {"check", "--no-config", "--color", "never", seed, NULL};
  run_result r = run_cli(argv, NULL, 0);

  cr_assert_eq(r.status, 0, "stdout: %s stderr: %s", r.out, r.err);
  cr_assert(strstr(r.out, "warning permission-unknown") != NULL, "stdout: %s", r.out);
  cr_assert_eq(count_lines_with(r.out, ": error "), 0, "stdout: %s", r.out);
  run_result_free(&r);
  free(seed);
}

Test(cli, seed_page_fails_on_warning_when_asked)
{
  char *seed = fixture_path(SEED);
  const char *argv[] = {"check", "--no-config", "--fail-on", "warning", seed, NULL};
  run_result r = run_cli(argv, NULL, 0);

  cr_assert_eq(r.status, 1, "stdout: %s", r.out);
  run_result_free(&r);
  free(seed);
}

/* Finds the cell of `column` in the CSV row under the header (no quoted commas before it). */
static char *csv_cell(const char *csv, const char *column)
{
  char header[] = AC_CSV_HEADER;
  const char *row = strchr(csv, '\n');
  int idx = 0;
  char *tok, *save = NULL;

  for (tok = strtok_r(header, ",", &save); tok; tok = strtok_r(NULL, ",", &save), idx++)
    if (strcmp(tok, column) == 0)
      break;
  cr_assert_not_null(row);
  row++;
  for (int i = 0; i < idx; i++) {
    if (*row == '"') {
      row = strchr(row + 1, '"');
      while (row && row[1] == '"')
        row = strchr(row + 2, '"');
      cr_assert_not_null(row);
      row++;
    } else
      row += strcspn(row, ",\n");
    cr_assert_eq(*row, ',');
    row++;
  }
  size_t len = *row == '"' ? strcspn(row + 1, "\"") + 2 : strcspn(row, ",\n");
  return strndup(row, len);
}

Test(cli, seed_page_csv_row_credits_fredzone_with_a_matching_link)
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

Test(cli, csv_url_is_the_pages_own_when_its_canonical_points_upstream)
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

Test(cli, csv_has_one_row_per_page_and_an_error_row_for_a_missing_file)
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

Test(cli, stdin_is_read_with_a_dash)
{
  char *seed = fixture_path(SEED);
  size_t len;
  char *html = read_file(seed, &len);
  const char *argv[] = {"check", "--no-config", "--color", "never", "-", NULL};
  run_result r = run_cli(argv, html, len);

  cr_assert_eq(r.status, 0, "stdout: %s stderr: %s", r.out, r.err);
  cr_assert(strstr(r.out, "permission-unknown") != NULL, "stdout: %s", r.out);
  run_result_free(&r);
  free(html);
  free(seed);
}

Test(cli, oversized_input_is_refused_and_the_others_still_checked)
{
  char *seed = fixture_path(SEED);
  char *small = fixture_path("pages/nul-byte-before-notice/page.html");
  const char *argv[] = {"check", "--no-config", "--max-bytes", "2K", seed, small, NULL};
  run_result r = run_cli(argv, NULL, 0);

  cr_assert_eq(r.status, 2);
  cr_assert(strstr(r.out, "--max-bytes") != NULL || strstr(r.err, "--max-bytes") != NULL,
            "stdout: %s stderr: %s", r.out, r.err);
  run_result_free(&r);
  free(seed);
  free(small);
}

Test(cli, directories_are_walked_in_a_stable_order)
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

Test(cli, init_writes_a_config_once_and_never_overwrites_it)
{
  char *dir = temp_dir();
  const char *argv[] = {"init", NULL};
  run_result a = run_cli_in(dir, argv, NULL, 0);
  run_result b = run_cli_in(dir, argv, NULL, 0);

  cr_assert_eq(a.status, 0, "stderr: %s", a.err);
  cr_assert_eq(b.status, 2);
  cr_assert(strstr(b.err, "already exists") != NULL, "stderr: %s", b.err);
  run_result_free(&a);
  run_result_free(&b);
  free(dir);
}

/* A temporary directory holding the Le Monde case's page and the given attrcheck.xml. */
static char *config_case(const char *config_xml)
{
  char *dir = temp_dir(), *src = fixture_path("pages/syndicated-fr-lemonde-mismatch/page.html");
  char path[4096];
  size_t len;
  char *html = read_file(src, &len);

  snprintf(path, sizeof path, "%s/page.html", dir);
  cr_assert_eq(write_file(path, html, len), 0);
  snprintf(path, sizeof path, "%s/attrcheck.xml", dir);
  cr_assert_eq(write_file(path, config_xml, strlen(config_xml)), 0);
  free(html);
  free(src);
  return dir;
}

Test(cli, config_file_in_the_current_directory_sets_fail_on)
{
  char *dir = config_case("<attrcheck version=\"1\"><fail-on>never</fail-on></attrcheck>\n");
  const char *argv[] = {"check", "page.html", NULL};
  const char *strict[] = {"check", "--fail-on", "error", "page.html", NULL};
  run_result r = run_cli_in(dir, argv, NULL, 0), s = run_cli_in(dir, strict, NULL, 0);

  cr_assert_eq(r.status, 0, "fail-on never from attrcheck.xml; stderr: %s", r.err);
  cr_assert(strstr(r.out, "credit-link-mismatch") != NULL, "findings are still reported");
  cr_assert_eq(s.status, 1, "the command line wins over the config file");
  run_result_free(&r);
  run_result_free(&s);
  free(dir);
}

Test(cli, invalid_config_stops_the_run_naming_file_and_line)
{
  char *dir = config_case("<attrcheck version=\"1\">\n  <bogus/>\n</attrcheck>\n");
  const char *argv[] = {"check", "page.html", NULL};
  run_result r = run_cli_in(dir, argv, NULL, 0);

  cr_assert_eq(r.status, 2);
  cr_assert(strstr(r.err, "attrcheck.xml:2:") != NULL, "stderr: %s", r.err);
  run_result_free(&r);
  free(dir);
}

Test(cli, config_with_an_external_entity_is_refused)
{
  char *dir = config_case("<?xml version=\"1.0\"?>\n<!DOCTYPE a [<!ENTITY x SYSTEM "
                          "\"file:///etc/passwd\">]>\n<attrcheck version=\"1\"><index>&x;</index>"
                          "</attrcheck>\n");
  const char *argv[] = {"check", "page.html", NULL};
  run_result r = run_cli_in(dir, argv, NULL, 0);

  cr_assert_eq(r.status, 2);
  cr_assert(strstr(r.err, "DOCTYPE") != NULL, "stderr: %s", r.err);
  cr_assert(strstr(r.err, "root:") == NULL, "nothing of the entity's file leaks");
  run_result_free(&r);
  free(dir);
}

Test(cli, no_config_ignores_attrcheck_xml)
{
  char *dir = config_case("<attrcheck version=\"1\"><bogus/></attrcheck>\n");
  const char *argv[] = {"check", "--no-config", "page.html", NULL};
  run_result r = run_cli_in(dir, argv, NULL, 0);

  cr_assert_eq(r.status, 1, "stderr: %s", r.err);
  run_result_free(&r);
  free(dir);
}

Test(cli, baseline_keeps_old_findings_from_failing_and_counts_them)
{
  char *dir = config_case("<attrcheck version=\"1\"/>\n");
  const char *write[] = {"check", "--write-baseline", "base.txt", "page.html", NULL};
  const char *use[] = {"check", "--baseline", "base.txt", "page.html", NULL};
  run_result w = run_cli_in(dir, write, NULL, 0);
  run_result u = run_cli_in(dir, use, NULL, 0);

  cr_assert_eq(w.status, 1, "writing a baseline still reports today's findings");
  cr_assert_eq(u.status, 0, "recorded findings no longer fail; stdout: %s", u.out);
  cr_assert(strstr(u.out, "suppressed") != NULL, "suppressed findings are counted: %s", u.out);
  run_result_free(&w);
  run_result_free(&u);
  free(dir);
}

Test(cli, unknown_policy_name_stops_the_run)
{
  char *page = fixture_path("pages/ordinary-page/page.html");
  const char *argv[] = {"check", "--no-config", "--policy", "the-conversatoin", page, NULL};
  run_result r = run_cli(argv, NULL, 0);

  cr_assert_eq(r.status, 2, "a typo must not turn the policy's rules off silently");
  cr_assert(strstr(r.err, "the-conversatoin") != NULL, "stderr: %s", r.err);
  run_result_free(&r);
  free(page);
}

Test(cli, url_for_many_pages_is_refused)
{
  char *dir = fixture_path("pages");
  const char *argv[] = {"check", "--no-config", "--url", "https://ours.example/a", dir, NULL};
  run_result r = run_cli(argv, NULL, 0);

  cr_assert_eq(r.status, 2);
  cr_assert(strstr(r.err, "--base-url") != NULL, "stderr: %s", r.err);
  run_result_free(&r);
  free(dir);
}

Test(cli, report_is_never_written_over_a_checked_page)
{
  char *dir = config_case("<attrcheck version=\"1\"/>\n");
  const char *argv[] = {"check", "page.html", "-o", "page.html", NULL};
  run_result r = run_cli_in(dir, argv, NULL, 0);
  char path[4096];
  char *html;

  cr_assert_eq(r.status, 2);
  snprintf(path, sizeof path, "%s/page.html", dir);
  html = read_file(path, NULL);
  cr_assert(html != NULL && strstr(html, "<html") != NULL, "the page is intact");
  free(html);
  run_result_free(&r);
  free(dir);
}

Test(cli, unreadable_input_is_named_on_stderr_when_the_report_goes_to_a_file)
{
  char *dir = config_case("<attrcheck version=\"1\"/>\n");
  const char *argv[] = {"check", "page.html", "missing.html", "-o", "out.csv", "-f", "csv", NULL};
  run_result r = run_cli_in(dir, argv, NULL, 0);

  cr_assert_eq(r.status, 2);
  cr_assert(strstr(r.err, "missing.html") != NULL, "stderr: %s", r.err);
  run_result_free(&r);
  free(dir);
}

Test(cli, excluded_directories_are_not_walked)
{
  char *dir = temp_dir(), *src = fixture_path("pages/ordinary-page/page.html");
  char path[4096];
  size_t len;
  char *html = read_file(src, &len);
  const char *argv[] = {"check", "--no-config", "--exclude", "vendor/*", "-f", "csv", ".", NULL};

  snprintf(path, sizeof path, "%s/vendor", dir);
  mkdir(path, 0755);
  snprintf(path, sizeof path, "%s/vendor/skip.html", dir);
  write_file(path, html, len);
  snprintf(path, sizeof path, "%s/keep.html", dir);
  write_file(path, html, len);
  run_result r = run_cli_in(dir, argv, NULL, 0);
  cr_assert_eq(r.status, 0, "stderr: %s", r.err);
  cr_assert(strstr(r.out, "keep.html") != NULL, "csv: %s", r.out);
  cr_assert(strstr(r.out, "skip.html") == NULL, "csv: %s", r.out);
  run_result_free(&r);
  free(html);
  free(src);
  free(dir);
}

Test(cli, config_jobs_out_of_range_is_refused_naming_the_line)
{
  char *dir = config_case("<attrcheck version=\"1\">\n  <jobs>20000</jobs>\n</attrcheck>\n");
  const char *argv[] = {"check", "page.html", NULL};
  run_result r = run_cli_in(dir, argv, NULL, 0);

  cr_assert_eq(r.status, 2);
  cr_assert(strstr(r.err, "attrcheck.xml:2:") != NULL, "stderr: %s", r.err);
  run_result_free(&r);
  free(dir);
}
