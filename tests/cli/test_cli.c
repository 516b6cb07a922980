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

/* ---- The project root: paths in attrcheck.xml and in reports are relative to it ---- */

#define LEMONDE "pages/syndicated-fr-lemonde-mismatch/page.html"
#define ORDINARY "pages/ordinary-page/page.html"

/* Copies fixture `fixture` to root/rel, making the directories on the way. */
static void put_page(const char *root, const char *rel, const char *fixture)
{
  char path[4096], *src = fixture_path(fixture), *html;
  size_t len;

  snprintf(path, sizeof path, "%s/%s", root, rel);
  for (char *p = path + strlen(root) + 1; (p = strchr(p, '/')) != NULL; p++) {
    *p = '\0';
    mkdir(path, 0755);
    *p = '/';
  }
  html = read_file(src, &len);
  cr_assert_not_null(html, "fixture %s", fixture);
  cr_assert_eq(write_file(path, html, len), 0);
  free(html);
  free(src);
}

static void put_text(const char *root, const char *rel, const char *text)
{
  char path[4096];

  snprintf(path, sizeof path, "%s/%s", root, rel);
  cr_assert_eq(write_file(path, text, strlen(text)), 0);
}

static char *sub_dir(const char *root, const char *rel)
{
  char path[4096];

  snprintf(path, sizeof path, "%s/%s", root, rel);
  return strdup(path);
}

/* A project: attrcheck.xml (`config`) at the root, two Le Monde pages under content/. */
static char *project(const char *config)
{
  char *root = temp_dir();

  put_text(root, "attrcheck.xml", config);
  put_page(root, "content/a.html", LEMONDE);
  put_page(root, "content/news/b.html", LEMONDE);
  return root;
}

Test(cli, baseline_written_at_the_root_suppresses_the_same_findings_from_a_subdirectory)
{
  char *root = project("<attrcheck version=\"1\"/>\n"), *content = sub_dir(root, "content");
  const char *write[] = {"check", "--write-baseline", "base.txt", "content", NULL};
  const char *below[] = {"check", "--baseline", "../base.txt", ".", NULL};
  const char *named[] = {"check", "--baseline", "../base.txt", "./a.html", "news/b.html", NULL};
  run_result w = run_cli_in(root, write, NULL, 0);
  run_result b = run_cli_in(content, below, NULL, 0), n = run_cli_in(content, named, NULL, 0);
  char path[4096], *base;

  cr_assert_eq(w.status, 1, "stderr: %s", w.err);
  snprintf(path, sizeof path, "%s/base.txt", root);
  base = read_file(path, NULL);
  cr_assert(base != NULL && strstr(base, "\tcontent/news/b.html\t") != NULL,
            "keys are relative to the project root: %s", base);
  cr_assert_eq(b.status, 0, "cd content && check . suppresses them too; stdout: %s", b.out);
  cr_assert(strstr(b.out, "0 errors") != NULL && strstr(b.out, "suppressed") != NULL,
            "stdout: %s", b.out);
  cr_assert_eq(n.status, 0, "./a.html and news/b.html agree; stdout: %s", n.out);
  free(base);
  run_result_free(&w);
  run_result_free(&b);
  run_result_free(&n);
  free(content);
  free(root);
}

Test(cli, per_path_policy_applies_when_run_from_a_subdirectory)
{
  char *root = project("<attrcheck version=\"1\">\n"
                       "  <policy path=\"content/news/*\" name=\"propublica\"/>\n"
                       "</attrcheck>\n");
  char *content = sub_dir(root, "content"), *news = sub_dir(root, "content/news");
  const char *here[] = {"check", "a.html", "news/b.html", NULL};
  const char *deeper[] = {"check", "b.html", NULL};
  run_result h = run_cli_in(content, here, NULL, 0), d = run_cli_in(news, deeper, NULL, 0);

  cr_assert_gt(count_lines_with(h.out, "error propublica-"), 0, "stdout: %s", h.out);
  cr_assert_eq(count_lines_with(h.out, "error propublica-"),
               count_lines_with(h.out, "news/b.html:23:5: error propublica-"),
               "only news/ gets the policy: %s", h.out);
  cr_assert_gt(count_lines_with(d.out, "error propublica-"), 0,
               "from content/news too: %s", d.out);
  run_result_free(&h);
  run_result_free(&d);
  free(news);
  free(content);
  free(root);
}

Test(cli, exclude_without_a_slash_skips_that_directory_at_any_depth)
{
  char *root = project("<attrcheck version=\"1\"><exclude>node_modules</exclude></attrcheck>\n");
  const char *argv[] = {"check", "-f", "csv", ".", NULL};
  run_result r;

  put_page(root, "node_modules/pkg/top.html", ORDINARY);
  put_page(root, "content/lib/node_modules/pkg/deep.html", ORDINARY);
  r = run_cli_in(root, argv, NULL, 0);
  cr_assert(strstr(r.out, "content/a.html") != NULL, "csv: %s", r.out);
  cr_assert(strstr(r.out, "top.html") == NULL, "csv: %s", r.out);
  cr_assert(strstr(r.out, "deep.html") == NULL, "node_modules deep down too; csv: %s", r.out);
  run_result_free(&r);
  free(root);
}

Test(cli, exclude_with_a_slash_matches_the_path_below_the_project_root_from_a_subdirectory)
{
  char *root = project("<attrcheck version=\"1\"><exclude>content/news/*</exclude></attrcheck>\n");
  char *content = sub_dir(root, "content");
  const char *argv[] = {"check", "-f", "csv", ".", NULL};
  run_result r = run_cli_in(content, argv, NULL, 0);

  cr_assert(strstr(r.out, "a.html") != NULL, "csv: %s", r.out);
  cr_assert(strstr(r.out, "b.html") == NULL, "csv: %s", r.out);
  run_result_free(&r);
  free(content);
  free(root);
}

Test(cli, a_named_file_that_an_exclude_matches_is_skipped_with_a_note)
{
  char *root = project("<attrcheck version=\"1\"><exclude>node_modules</exclude></attrcheck>\n");
  const char *argv[] = {"check", "-f", "csv", "content/a.html", "node_modules/pkg/x.html", NULL};
  run_result r;

  put_page(root, "node_modules/pkg/x.html", ORDINARY);
  r = run_cli_in(root, argv, NULL, 0);
  cr_assert(strstr(r.out, "x.html") == NULL, "pre-commit names it, it is still skipped: %s",
            r.out);
  cr_assert(strstr(r.err, "node_modules/pkg/x.html: skipped, matches exclude node_modules") !=
            NULL, "stderr: %s", r.err);
  cr_assert(strstr(r.out, "content/a.html") != NULL, "csv: %s", r.out);
  run_result_free(&r);
  free(root);
}

/* The url cell of the CSV row of `page`. */
static char *url_of(const char *csv, const char *page)
{
  const char *row = strstr(csv, page);
  const char *cell = row ? strchr(row, ',') : NULL;

  cr_assert_not_null(cell, "no row for %s in %s", page, csv);
  return strndup(cell + 1, strcspn(cell + 1, ","));
}

Test(cli, base_url_maps_the_project_root_whatever_the_arguments)
{
  char *root = project("<attrcheck version=\"1\"><base-url>https://ours.example/</base-url>"
                       "</attrcheck>\n");
  char *content = sub_dir(root, "content");
  const char *file[] = {"check", "-f", "csv", "content/news/b.html", NULL};
  const char *tree[] = {"check", "-f", "csv", ".", NULL};
  const char *below[] = {"check", "-f", "csv", ".", NULL};
  run_result f = run_cli_in(root, file, NULL, 0), t = run_cli_in(root, tree, NULL, 0);
  run_result b = run_cli_in(content, below, NULL, 0);
  char *uf = url_of(f.out, "b.html"), *ut = url_of(t.out, "b.html"), *ub = url_of(b.out, "b.html");

  cr_assert_str_eq(uf, "https://ours.example/content/news/b.html");
  cr_assert_str_eq(ut, uf, "check . gives the same URL");
  cr_assert_str_eq(ub, uf, "and so does cd content && check .");
  free(uf);
  free(ut);
  free(ub);
  run_result_free(&f);
  run_result_free(&t);
  run_result_free(&b);
  free(content);
  free(root);
}

Test(cli, base_url_without_a_config_maps_the_directory_argument)
{
  char *root = project("<attrcheck version=\"1\"/>\n");
  const char *argv[] = {"check", "--no-config", "-f", "csv", "--base-url", "https://ours.example/",
                        "content", NULL};
  run_result r = run_cli_in(root, argv, NULL, 0);
  char *u = url_of(r.out, "b.html");

  cr_assert_str_eq(u, "https://ours.example/news/b.html");
  free(u);
  run_result_free(&r);
  free(root);
}

Test(cli, overlapping_inputs_are_checked_once_in_the_order_given)
{
  char *root = project("<attrcheck version=\"1\"/>\n");
  const char *argv[] = {"check", "-f", "csv", "content/news/b.html", "content",
                        "./content/a.html", "content", NULL};
  run_result r = run_cli_in(root, argv, NULL, 0);
  const char *b = strstr(r.out, "content/news/b.html,"), *a = strstr(r.out, "content/a.html,");

  cr_assert_eq(count_lines_with(r.out, "b.html,"), 1, "csv: %s", r.out);
  cr_assert_eq(count_lines_with(r.out, "a.html,"), 1, "csv: %s", r.out);
  cr_assert(a != NULL && b != NULL && b < a, "first occurrence wins: %s", r.out);
  run_result_free(&r);
  free(root);
}

Test(cli, a_directory_without_pages_fails_the_gate_and_the_others_are_still_checked)
{
  char *root = project("<attrcheck version=\"1\"/>\n");
  char *empty = sub_dir(root, "empty"), *txt = sub_dir(root, "texts");
  const char *argv[] = {"check", "empty", "texts", "content/a.html", NULL};
  run_result r;

  mkdir(empty, 0755);
  mkdir(txt, 0755);
  put_text(root, "texts/readme.txt", "not a page\n");
  r = run_cli_in(root, argv, NULL, 0);
  cr_assert_eq(r.status, 2, "stdout: %s", r.out);
  cr_assert(strstr(r.err, "attrcheck: empty: no pages to check (looking for *.html, *.htm, "
                          "*.xhtml, *.md, *.markdown)") != NULL, "stderr: %s", r.err);
  cr_assert(strstr(r.err, "attrcheck: texts: no pages to check") != NULL, "stderr: %s", r.err);
  cr_assert(strstr(r.out, "content/a.html:42:36: error credit-link-mismatch") != NULL,
            "the page is still checked: %s", r.out);
  run_result_free(&r);
  free(txt);
  free(empty);
  free(root);
}

Test(cli, no_pages_message_names_the_include_globs_in_use)
{
  char *root = project("<attrcheck version=\"1\"><include>*.shtml</include></attrcheck>\n");
  const char *argv[] = {"check", "content", NULL};
  run_result r = run_cli_in(root, argv, NULL, 0);

  cr_assert_eq(r.status, 2);
  cr_assert(strstr(r.err, "content: no pages to check (looking for *.shtml)") != NULL,
            "stderr: %s", r.err);
  run_result_free(&r);
  free(root);
}

/* A directory with a page and a binary file named like a page. */
static char *binary_case(void)
{
  char *root = temp_dir();
  char bin[256];
  char path[4096];

  for (size_t i = 0; i < sizeof bin; i++)
    bin[i] = (char)i;
  put_page(root, "site/a.html", ORDINARY);
  snprintf(path, sizeof path, "%s/site/logo.html", root);
  cr_assert_eq(write_file(path, bin, sizeof bin), 0);
  return root;
}

Test(cli, extract_and_fingerprint_skip_a_binary_file_as_check_does)
{
  char *root = binary_case();
  const char *check[] = {"check", "--no-config", "site", NULL};
  const char *extract[] = {"extract", "site", NULL};
  const char *fp[] = {"fingerprint", "site", NULL};
  run_result c = run_cli_in(root, check, NULL, 0), e = run_cli_in(root, extract, NULL, 0);
  run_result f = run_cli_in(root, fp, NULL, 0);

  cr_assert_eq(c.status, 0, "stderr: %s", c.err);
  cr_assert_eq(e.status, 0, "stderr: %s", e.err);
  cr_assert_eq(f.status, 0, "stderr: %s", f.err);
  cr_assert(strstr(e.err, "note: site/logo.html: binary data, not an HTML page, skipped"),
            "stderr: %s", e.err);
  cr_assert(strstr(f.err, "note: site/logo.html: binary data, not an HTML page, skipped"),
            "stderr: %s", f.err);
  cr_assert_eq(count_lines_with(e.out, "{"), 1, "one page extracted: %s", e.out);
  cr_assert(strstr(f.out, "site/a.html") != NULL, "stdout: %s", f.out);
  run_result_free(&c);
  run_result_free(&e);
  run_result_free(&f);
  free(root);
}

Test(cli, standard_input_is_named_stdin_by_fingerprint_and_compare)
{
  char *seed = fixture_path(SEED);
  size_t len;
  char *html = read_file(seed, &len);
  const char *fp[] = {"fingerprint", "-", NULL};
  const char *fpj[] = {"fingerprint", "-f", "json", "-", NULL};
  const char *cmp[] = {"compare", "-", seed, NULL};
  const char *cmpj[] = {"compare", "-f", "json", "-", seed, NULL};
  run_result f = run_cli(fp, html, len), fj = run_cli(fpj, html, len);
  run_result c = run_cli(cmp, html, len), cj = run_cli(cmpj, html, len);

  cr_assert(strncmp(f.out, "<stdin>  ac1:", 13) == 0, "stdout: %s", f.out);
  cr_assert(strstr(fj.out, "\"path\": \"<stdin>\"") != NULL, "stdout: %s", fj.out);
  cr_assert(strncmp(c.out, "original: <stdin> (", 19) == 0, "stdout: %s", c.out);
  cr_assert(strstr(cj.out, "\"path\": \"<stdin>\"") != NULL, "stdout: %s", cj.out);
  run_result_free(&f);
  run_result_free(&fj);
  run_result_free(&c);
  run_result_free(&cj);
  free(html);
  free(seed);
}

Test(cli, base_url_gives_standard_input_no_made_up_url_in_extract_and_index_add)
{
  char *seed = fixture_path(LEMONDE), *dir = temp_dir();
  size_t len;
  char *html = read_file(seed, &len);
  const char *ex[] = {"extract", "--base-url", "https://ours.example/", "-", NULL};
  const char *add[] = {"index", "add", "--index", "ix.db", "--base-url", "https://ours.example/",
                       "-", NULL};
  run_result e = run_cli_in(dir, ex, html, len), a = run_cli_in(dir, add, html, len);

  cr_assert_eq(e.status, 0, "stderr: %s", e.err);
  cr_assert(strstr(e.out, "https://ours.example/-") == NULL, "stdout: %s", e.out);
  cr_assert_eq(a.status, 0, "stderr: %s", a.err);
  cr_assert(strstr(a.out, "https://ours.example/-") == NULL, "stdout: %s", a.out);
  cr_assert(strncmp(a.out, "added https://actu-tech-express.example/", 40) == 0,
            "the page's own canonical URL is used: %s", a.out);
  run_result_free(&e);
  run_result_free(&a);
  free(html);
  free(dir);
  free(seed);
}

Test(cli, index_add_runs_with_the_default_jobs_and_help_states_the_cap)
{
  char *dir = temp_dir(), *seed = fixture_path(LEMONDE);
  const char *add[] = {"index", "add", "--index", "ix.db", seed, NULL};
  const char *help[] = {"index", "--help", NULL};
  const char *chelp[] = {"check", "--help", NULL};
  run_result a = run_cli_in(dir, add, NULL, 0), h = run_cli(help, NULL, 0);
  run_result c = run_cli(chelp, NULL, 0);

  cr_assert_eq(a.status, 0, "without -j, one job per core up to 64; stderr: %s", a.err);
  cr_assert(strstr(h.out, "at most 64") != NULL, "help: %s", h.out);
  cr_assert(strstr(c.out, "at most 64") != NULL, "help: %s", c.out);
  run_result_free(&a);
  run_result_free(&h);
  run_result_free(&c);
  free(seed);
  free(dir);
}

Test(cli, quiet_silences_notes_on_stderr_but_still_reports_note_findings)
{
  char *page = fixture_path(LEMONDE), *dir = temp_dir();
  const char *argv[] = {"check", "--no-config", "-q", "--write-baseline", "b.txt", page, NULL};
  const char *help[] = {"check", "--help", NULL};
  run_result r = run_cli_in(dir, argv, NULL, 0), h = run_cli(help, NULL, 0);

  cr_assert(strstr(r.out, ": note translation-in-chain:") != NULL, "stdout: %s", r.out);
  cr_assert(strstr(r.out, "pages checked") == NULL && strstr(r.out, "page checked") == NULL,
            "no summary line: %s", r.out);
  cr_assert_str_eq(r.err, "", "no notes on stderr");
  cr_assert(strstr(h.out, "note included, are still reported") != NULL, "help: %s", h.out);
  run_result_free(&r);
  run_result_free(&h);
  free(dir);
  free(page);
}

/* The man page's text with roff escapes for '-' removed. */
static char *man_page(void)
{
  char path[4096], *text, *o;

  snprintf(path, sizeof path, "%s/docs/attrcheck.1", getenv("AC_SOURCE_DIR"));
  text = read_file(path, NULL);
  cr_assert_not_null(text, "%s", path);
  o = text;
  for (const char *p = text; *p; p++)
    if (!(p[0] == '\\' && p[1] == '-'))
      *o++ = *p;
  *o = '\0';
  return text;
}

Test(cli, man_page_agrees_with_the_help_on_fail_on_color_jobs_and_quiet)
{
  char *man = man_page();
  const char *fail_on = strstr(man, ".B --fail-on");
  const char *others = strstr(man, ".SH OPTIONS OF THE OTHER COMMANDS");

  cr_assert_not_null(fail_on);
  cr_assert(strstr(fail_on, ".BR note") != NULL &&
            strstr(fail_on, ".BR note") < strstr(fail_on, ".TP"), "fail-on lists note");
  cr_assert(strstr(man, ".BR --color \" \" \\fIWHEN") != NULL, "--color as in the help");
  cr_assert_not_null(others);
  cr_assert(strstr(others, ".BR -j \", \" --jobs") != NULL, "index add -j is listed");
  cr_assert(strstr(man, "No summary line, no notes.") == NULL, "-q says what it does");
  free(man);
}

/* Bytes that would drive a terminal: ESC, BEL, and C1 controls such as CSI (U+009B). */
static bool has_controls(const char *s)
{
  for (const unsigned char *p = (const unsigned char *)s; *p; p++)
    if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7F || (p[0] == 0xC2 && p[1] >= 0x80 &&
                                                                    p[1] <= 0x9F))
      return true;
  return false;
}

Test(cli, compare_prints_no_control_characters_from_the_page_and_keeps_accents)
{
  char *dir = temp_dir();
  const char *argv[] = {"compare", "--plain", "a.txt", "a.txt", NULL};
  run_result r;

  put_text(dir, "a.txt", "Caf\xc3\xa9 \x1b[2J vol\xc3\xa9 \xc2\x9b" "31m \x07 one two three four "
                         "five six seven eight nine ten eleven twelve thirteen fourteen\n");
  r = run_cli_in(dir, argv, NULL, 0);
  cr_assert_eq(r.status, 0, "stderr: %s", r.err);
  cr_assert_not(has_controls(r.out), "stdout: %s", r.out);
  cr_assert(strstr(r.out, "\"Caf\xc3\xa9  [2J vol\xc3\xa9  31m") != NULL,
            "ESC and the C1 CSI a space, as in text reports, é kept: %s", r.out);
  run_result_free(&r);
  free(dir);
}

Test(cli, index_list_prints_no_control_characters_from_titles)
{
  char *dir = temp_dir();
  const char *add[] = {"index", "add", "--index", "ix.db", "--url", "https://up.example/a",
                       "a.html", NULL};
  const char *list[] = {"index", "list", "--index", "ix.db", NULL};
  run_result a, l;

  put_text(dir, "a.html", "<html><head><title>Caf\xc3\xa9 \xc2\x9b" "2J\x1b[0m\tnews</title>"
                          "</head><body><article><p>One two three four five six seven eight "
                          "nine ten eleven twelve.</p></article></body></html>\n");
  a = run_cli_in(dir, add, NULL, 0);
  cr_assert_eq(a.status, 0, "stderr: %s", a.err);
  l = run_cli_in(dir, list, NULL, 0);
  cr_assert_eq(l.status, 0, "stderr: %s", l.err);
  cr_assert_not(has_controls(l.out), "stdout: %s", l.out);
  cr_assert(strstr(l.out, "\tCaf\xc3\xa9 \xef\xbf\xbd" "2J") != NULL, "title (cleaned when "
            "extracted): %s", l.out);
  cr_assert_eq(count_lines_with(l.out, "\t"), 1, "one line, seven fields: %s", l.out);
  run_result_free(&a);
  run_result_free(&l);
  free(dir);
}

Test(cli, a_binary_file_is_a_skipped_row_in_the_audit_csv)
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

Test(cli, a_directory_of_only_skipped_files_fails_the_gate)
{
  char *root = project("<attrcheck version=\"1\"/>\n");
  const char *argv[] = {"check", "assets", NULL};
  run_result r;

  char *assets = sub_dir(root, "assets"), *link = sub_dir(root, "assets/a.html");

  cr_assert_eq(mkdir(assets, 0755), 0);
  cr_assert_eq(symlink("../content/a.html", link), 0);   /* not followed without --follow */
  r = run_cli_in(root, argv, NULL, 0);
  free(assets);
  free(link);
  cr_assert_eq(r.status, 2, "stdout: %s stderr: %s", r.out, r.err);
  cr_assert(strstr(r.err, "assets: no pages to check") != NULL, "%s", r.err);
  run_result_free(&r);
  free(root);
}

Test(cli, a_directory_argument_inside_an_excluded_folder_is_skipped_with_a_note)
{
  char *root = project("<attrcheck version=\"1\"><exclude>node_modules</exclude></attrcheck>\n");
  const char *argv[] = {"check", "content", "node_modules/pkg", NULL};
  run_result r;

  put_page(root, "node_modules/pkg/x.html", ORDINARY);
  r = run_cli_in(root, argv, NULL, 0);
  cr_assert(strstr(r.err, "node_modules/pkg: skipped, matches exclude node_modules") != NULL,
            "%s", r.err);
  cr_assert(strstr(r.out, "2 pages checked") != NULL, "only content/: %s", r.out);
  run_result_free(&r);
  free(root);
}

Test(cli, standard_input_and_a_file_named_dash_are_two_inputs)
{
  char *root = project("<attrcheck version=\"1\"/>\n");
  const char *argv[] = {"check", "-", "./-", NULL};
  run_result r;

  put_page(root, "-", ORDINARY);
  r = run_cli_in(root, argv, "<p>typed in</p>", 15);
  cr_assert(strstr(r.out, "2 pages checked") != NULL, "stdout: %s stderr: %s", r.out, r.err);
  run_result_free(&r);
  free(root);
}

/* ---- baselines in a repository (lead) ---- */

Test(cli, a_configured_baseline_not_written_yet_is_empty_and_written_by_write_baseline)
{
  char *root = project("<attrcheck version=\"1\"><baseline>base.txt</baseline></attrcheck>\n");
  const char *check[] = {"check", "content", NULL};
  const char *write[] = {"check", "content", "--write-baseline", "base.txt", NULL};
  run_result c = run_cli_in(root, check, NULL, 0), w = run_cli_in(root, write, NULL, 0);
  run_result again = run_cli_in(root, check, NULL, 0);

  cr_assert_eq(c.status, 1, "the findings fail, nothing is suppressed; stderr: %s", c.err);
  cr_assert(strstr(c.err, "base.txt: no baseline yet") != NULL, "%s", c.err);
  cr_assert_eq(w.status, 1, "writing still reports; stderr: %s", w.err);
  cr_assert(strstr(w.err, "findings recorded") != NULL, "%s", w.err);
  cr_assert_eq(again.status, 0, "now known; stdout: %s stderr: %s", again.out, again.err);
  run_result_free(&c);
  run_result_free(&w);
  run_result_free(&again);
  free(root);
}

Test(cli, writing_a_baseline_for_some_files_keeps_the_entries_of_the_others)
{
  char *root = project("<attrcheck version=\"1\"><baseline>base.txt</baseline></attrcheck>\n");
  const char *all[] = {"check", "content", "--write-baseline", "base.txt", NULL};
  const char *one[] = {"check", "content/a.html", "--write-baseline", "base.txt", NULL};
  const char *check[] = {"check", "content", NULL};
  run_result a = run_cli_in(root, all, NULL, 0), o = run_cli_in(root, one, NULL, 0);
  run_result c = run_cli_in(root, check, NULL, 0);

  cr_assert(strstr(a.err, "findings recorded") != NULL, "%s", a.err);
  cr_assert(strstr(o.err, "findings recorded") != NULL, "%s", o.err);
  cr_assert_eq(c.status, 0, "content/news/b.html is still known; stdout: %s", c.out);
  run_result_free(&a);
  run_result_free(&o);
  run_result_free(&c);
  free(root);
}

/* ---- user trial: index add under canonicals, excludes, "check ." paths, docs (cli2) ---- */

#define CREDITED_COPY "pages/index-unattributed-copy-credited"

Test(cli, index_add_notes_a_base_url_on_another_site_than_the_canonical_and_the_readme_uses_none)
{
  char *dir = temp_dir(), *originals = fixture_path(CREDITED_COPY "/originals");
  char *copy = fixture_path(CREDITED_COPY "/page.html"), db[4096], readme[4096], *text;
  const char *other[] = {"index", "add", "--index", db, "--base-url", "https://partner.example/",
                         originals, NULL};
  const char *same[] = {"index", "add", "--index", db, "--base-url",
                        "https://news.harbourgazette.example/", originals, NULL};
  const char *canon[] = {"index", "add", "--index", db, originals, NULL};
  const char *check[] = {"check", "--no-config", "--index", db, copy, NULL};
  run_result r;

  snprintf(db, sizeof db, "%s/other.db", dir);
  r = run_cli(other, NULL, 0);
  cr_assert_eq(r.status, 0, "still added; stderr: %s", r.err);
  cr_assert(strstr(r.err, "attrcheck: note: ") != NULL &&
            strstr(r.err, "harbour-gazette-ferry.html: --base-url names it "
                          "https://partner.example/harbour-gazette-ferry.html, its canonical says "
                          "https://www.harbourgazette.example/news/2024/11/winter-ferry-timetable-cuts")
              != NULL, "stderr: %s", r.err);
  run_result_free(&r);
  snprintf(db, sizeof db, "%s/same.db", dir);
  r = run_cli(same, NULL, 0);
  cr_assert(strstr(r.err, "--base-url names it") == NULL, "same site, no note: %s", r.err);
  run_result_free(&r);
  /* The README's audit: originals under their canonical, so a credited copy passes. */
  snprintf(db, sizeof db, "%s/canon.db", dir);
  r = run_cli(canon, NULL, 0);
  cr_assert_eq(r.status, 0, "stderr: %s", r.err);
  run_result_free(&r);
  r = run_cli(check, NULL, 0);
  cr_assert_eq(r.status, 0, "stdout: %s", r.out);
  cr_assert(strstr(r.out, "misattributed-copy") == NULL, "stdout: %s", r.out);
  run_result_free(&r);
  snprintf(readme, sizeof readme, "%s/README.md", getenv("AC_SOURCE_DIR"));
  text = read_file(readme, NULL);
  cr_assert_not_null(text);
  cr_assert(strstr(text, "attrcheck index add --index originals.db originals/") != NULL);
  cr_assert(strstr(text, "--base-url https://partner.example/ originals/") == NULL);
  free(text);
  free(copy);
  free(originals);
  free(dir);
}

Test(cli, command_line_excludes_add_to_the_config_excludes)
{
  char *root = project("<attrcheck version=\"1\"><exclude>vendor</exclude></attrcheck>\n");
  const char *argv[] = {"check", "-f", "csv", ".", "--exclude", "content/news/*", NULL};
  run_result r;

  put_page(root, "vendor/lib/v.html", ORDINARY);
  r = run_cli_in(root, argv, NULL, 0);
  cr_assert(strstr(r.out, "content/a.html,") != NULL, "csv: %s", r.out);
  cr_assert(strstr(r.out, "b.html") == NULL, "the command line's exclude: %s", r.out);
  cr_assert(strstr(r.out, "v.html") == NULL, "the config's exclude still holds: %s", r.out);
  run_result_free(&r);
  free(root);
}

Test(cli, a_directory_whose_pages_are_all_excluded_says_so)
{
  char *root = project("<attrcheck version=\"1\"><exclude>vendor/*</exclude></attrcheck>\n");
  const char *argv[] = {"check", "vendor", NULL};
  run_result r;

  put_page(root, "vendor/a.html", ORDINARY);
  put_page(root, "vendor/b.html", ORDINARY);
  put_page(root, "vendor/c.htm", ORDINARY);
  put_text(root, "vendor/style.css", "p {}\n");
  r = run_cli_in(root, argv, NULL, 0);
  cr_assert_eq(r.status, 2, "stdout: %s", r.out);
  cr_assert(strstr(r.err, "attrcheck: vendor: no pages to check (looking for *.html, *.htm, "
                          "*.xhtml, *.md, *.markdown; 3 files excluded by vendor/*)") != NULL, "stderr: %s", r.err);
  run_result_free(&r);
  free(root);
}

Test(cli, a_missing_file_is_an_error_even_when_an_exclude_matches_its_name)
{
  char *root = project("<attrcheck version=\"1\"><exclude>node_modules</exclude></attrcheck>\n");
  const char *argv[] = {"check", "content/a.html", "node_modules/gone.html", NULL};
  run_result r = run_cli_in(root, argv, NULL, 0);

  cr_assert_eq(r.status, 2, "stdout: %s stderr: %s", r.out, r.err);
  cr_assert(strstr(r.err, "node_modules/gone.html: No such file or directory") != NULL, "%s",
            r.err);
  cr_assert(strstr(r.err, "skipped, matches exclude") == NULL, "%s", r.err);
  run_result_free(&r);
  free(root);
}

/* The first cell of each CSV row, one per line. */
static char *path_column(const char *csv)
{
  size_t n = strlen(csv);
  char *out = calloc(n + 1, 1), *o = out;
  const char *row = strchr(csv, '\n');

  cr_assert_not_null(out);
  while (row != NULL && row[1] != '\0') {
    size_t len = strcspn(row + 1, ",\r\n");
    memcpy(o, row + 1, len);
    o += len;
    *o++ = '\n';
    row = strchr(row + 1, '\n');
  }
  return out;
}

Test(cli, check_dot_names_pages_as_check_of_the_directory_does)
{
  char *root = project("<attrcheck version=\"1\"/>\n");
  const char *dot[] = {"check", "-f", "csv", ".", NULL};
  const char *dot_slash[] = {"check", "-f", "csv", "./", NULL};
  const char *content[] = {"check", "-f", "csv", "content", NULL};
  const char *text[] = {"check", "--color", "never", ".", NULL};
  run_result d = run_cli_in(root, dot, NULL, 0), ds = run_cli_in(root, dot_slash, NULL, 0);
  run_result c = run_cli_in(root, content, NULL, 0), t = run_cli_in(root, text, NULL, 0);
  char *pd = path_column(d.out), *pds = path_column(ds.out), *pc = path_column(c.out);

  cr_assert_str_eq(pd, "content/a.html\ncontent/news/b.html\n", "csv: %s", d.out);
  cr_assert_str_eq(pd, pc, "check . and check content line up: %s / %s", pd, pc);
  cr_assert_str_eq(pds, pc);
  cr_assert(strstr(t.out, "content/a.html:42:36: error credit-link-mismatch") != NULL &&
            strstr(t.out, "./content") == NULL, "text: %s", t.out);
  free(pd);
  free(pds);
  free(pc);
  run_result_free(&d);
  run_result_free(&ds);
  run_result_free(&c);
  run_result_free(&t);
  free(root);
}

Test(cli, a_page_named_dash_found_by_check_dot_is_that_file_not_standard_input)
{
  char *root = project("<attrcheck version=\"1\"><include>-</include></attrcheck>\n");
  const char *argv[] = {"check", "-f", "csv", ".", NULL};
  run_result r;

  put_page(root, "-", ORDINARY);
  r = run_cli_in(root, argv, "<p>not this</p>", 15);
  cr_assert(strstr(r.out, "\n./-,") != NULL, "csv: %s stderr: %s", r.out, r.err);
  cr_assert(strstr(r.out, "<stdin>") == NULL, "csv: %s", r.out);
  run_result_free(&r);
  free(root);
}

Test(cli, starter_config_comments_show_no_escapes_and_say_excludes_add_up)
{
  char *dir = temp_dir(), path[4096], *text;
  const char *argv[] = {"init", path, NULL};
  run_result r;

  snprintf(path, sizeof path, "%s/attrcheck.xml", dir);
  r = run_cli(argv, NULL, 0);
  cr_assert_eq(r.status, 0, "stderr: %s", r.err);
  text = read_file(path, NULL);
  cr_assert_not_null(text);
  cr_assert(strchr(text, '\\') == NULL, "no visible escape: %s", text);
  for (const char *c = strstr(text, "<!--"); c != NULL; c = strstr(c, "<!--")) {
    const char *end = strstr(c + 4, "-->");
    cr_assert_not_null(end, "%s", c);
    for (const char *p = c + 4; p < end; p++)
      cr_assert(!(p[0] == '-' && p[1] == '-'), "'--' inside a comment: %.60s", c);
    c = end + 3;
  }
  cr_assert(strstr(text, "write-baseline option") != NULL, "%s", text);
  cr_assert(strstr(text, "excludes on the command line add to these") != NULL, "%s", text);
  run_result_free(&r);
  free(text);
  free(dir);
}

Test(cli, man_page_lists_the_skipped_verdict_and_says_what_write_baseline_and_input_notes_do)
{
  char *man = man_page();
  const char *csv = strstr(man, "path,url,title,verdict");
  const char *wb = strstr(man, ".B --write-baseline \\fIFILE");
  const char *notes = strstr(man, ".I input notes");

  cr_assert_not_null(csv);
  cr_assert(strstr(csv, ".B skipped") != NULL && strstr(csv, ".B skipped") < strstr(csv, ".TP"),
            "csv verdicts include skipped");
  cr_assert_not_null(wb);
  cr_assert(strstr(wb, "exits as usual") != NULL && strstr(wb, "exits as usual") <
            strstr(wb, ".TP"), "write-baseline says how it exits");
  cr_assert_not_null(notes, "the summary's input notes are explained");
  cr_assert(strstr(notes, "not findings") != NULL && strstr(notes, "rules explain") != NULL);
  free(man);
}

Test(cli, docs_say_the_index_wal_and_shm_files_are_sqlites_and_to_ignore_them)
{
  const char *docs[] = {"docs/index.md", "docs/ci.md"};

  for (size_t i = 0; i < sizeof docs / sizeof *docs; i++) {
    char path[4096], *text;

    snprintf(path, sizeof path, "%s/%s", getenv("AC_SOURCE_DIR"), docs[i]);
    text = read_file(path, NULL);
    cr_assert_not_null(text, "%s", path);
    cr_assert(strstr(text, "*.db-wal\n*.db-shm") != NULL, "%s has the .gitignore lines", path);
    cr_assert(strstr(text, "write-ahead log") != NULL, "%s", path);
    free(text);
  }
}

Test(cli, a_baseline_entry_for_a_fixed_finding_is_reported_as_stale)
{
  char *root = project("<attrcheck version=\"1\"><baseline>base.txt</baseline></attrcheck>\n");
  const char *write[] = {"check", "content", "--write-baseline", "base.txt", NULL};
  const char *check[] = {"check", "content", NULL};
  run_result w = run_cli_in(root, write, NULL, 0), fixed, clean;

  cr_assert(strstr(w.err, "findings recorded") != NULL, "%s", w.err);
  clean = run_cli_in(root, check, NULL, 0);
  cr_assert(strstr(clean.err, "match no finding") == NULL, "nothing is stale yet: %s", clean.err);
  put_page(root, "content/a.html", ORDINARY);            /* a.html is fixed */
  fixed = run_cli_in(root, check, NULL, 0);
  cr_assert_eq(fixed.status, 0, "stderr: %s", fixed.err);
  cr_assert(strstr(fixed.err, "base.txt: ") != NULL && strstr(fixed.err, "match no finding any more") != NULL,
            "stderr: %s", fixed.err);
  run_result_free(&w);
  run_result_free(&clean);
  run_result_free(&fixed);
  free(root);
}

Test(cli, rewriting_a_baseline_drops_the_entries_of_deleted_pages)
{
  char *root = project("<attrcheck version=\"1\"><baseline>base.txt</baseline></attrcheck>\n");
  const char *write[] = {"check", "content", "--write-baseline", "base.txt", NULL};
  const char *again[] = {"check", "content/a.html", "--write-baseline", "base.txt", NULL};
  run_result w = run_cli_in(root, write, NULL, 0), a;
  char path[4096], *base;

  snprintf(path, sizeof path, "%s/content/news/b.html", root);
  cr_assert_eq(unlink(path), 0);
  a = run_cli_in(root, again, NULL, 0);
  snprintf(path, sizeof path, "%s/base.txt", root);
  base = read_file(path, NULL);
  cr_assert_not_null(base);
  cr_assert(strstr(base, "news/b.html") == NULL, "a deleted page's entries are dropped:\n%s", base);
  cr_assert(strstr(base, "content/a.html") != NULL, "%s", base);
  free(base);
  run_result_free(&w);
  run_result_free(&a);
  free(root);
}

Test(cli, a_baseline_with_merge_markers_is_written_anew)
{
  char *root = project("<attrcheck version=\"1\"/>\n");
  const char *write[] = {"check", "content", "--write-baseline", "base.txt", NULL};
  run_result w;

  put_text(root, "base.txt", "<<<<<<< HEAD\n# attrcheck baseline 1: rule\tpath\tevidence\n"
                             "not a baseline line\n=======\n>>>>>>> theirs\n");
  w = run_cli_in(root, write, NULL, 0);
  cr_assert_eq(w.status, 1, "the findings still fail; stderr: %s", w.err);
  cr_assert(strstr(w.err, "written anew") != NULL && strstr(w.err, "findings recorded") != NULL,
            "%s", w.err);
  run_result_free(&w);
  free(root);
}

Test(cli, a_baseline_run_where_every_page_is_excluded_ends_cleanly)
{
  char *root = project("<attrcheck version=\"1\"><baseline>base.txt</baseline></attrcheck>\n");
  const char *argv[] = {"check", ".", "--exclude", "content/*", NULL};
  run_result r;

  put_text(root, "base.txt", "# attrcheck baseline 1: rule\tpath\tevidence\n");
  r = run_cli_in(root, argv, NULL, 0);
  cr_assert_eq(r.status, 2, "no pages is an error; stderr: %s", r.err);
  run_result_free(&r);
  free(root);
}

Test(cli, json_options_record_the_config_and_what_it_set)
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

Test(cli, shards_split_the_pages_so_each_is_checked_by_exactly_one)
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
