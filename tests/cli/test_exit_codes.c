/* exit_codes: exit statuses and the one-line reasons on stderr that scripts and CI rely on. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_cases.h"
#include "support.h"

Test(exit_codes, version_prints_the_version_and_exits_zero)
{
  const char *argv[] = {"--version", NULL};
  run_result r = run_cli(argv, NULL, 0);

  cr_assert_eq(r.status, 0);
  cr_assert(strncmp(r.out, "attrcheck ", 10) == 0, "got: %s", r.out);
  run_result_free(&r);
}

Test(exit_codes, unknown_command_exits_two_with_a_reason)
{
  const char *argv[] = {"frobnicate", NULL};
  run_result r = run_cli(argv, NULL, 0);

  cr_assert_eq(r.status, 2);
  cr_assert(strstr(r.err, "frobnicate") != NULL, "stderr: %s", r.err);
  run_result_free(&r);
}

Test(exit_codes, bad_option_value_exits_two)
{
  char *seed = fixture_path(SEED);
  const char *argv[] = {"check", "--fail-on", "sometimes", seed, NULL};
  run_result r = run_cli(argv, NULL, 0);

  cr_assert_eq(r.status, 2);
  cr_assert(strstr(r.err, "--fail-on") != NULL, "stderr: %s", r.err);
  run_result_free(&r);
  free(seed);
}

Test(exit_codes, missing_file_exits_two_and_names_it)
{
  const char *argv[] = {"check", "--no-config", "no/such/page.html", NULL};
  run_result r = run_cli(argv, NULL, 0);

  cr_assert_eq(r.status, 2);
  cr_assert(strstr(r.err, "no/such/page.html") != NULL,
            "stderr names the file even when stdout goes to a log; stderr: %s", r.err);
  cr_assert(strstr(r.out, "1 input could not be checked") != NULL, "stdout: %s", r.out);
  run_result_free(&r);
}

Test(exit_codes, stdin_is_read_with_a_dash)
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

Test(exit_codes, oversized_input_is_refused_and_the_others_still_checked)
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

Test(exit_codes, unknown_policy_name_stops_the_run)
{
  char *page = fixture_path("pages/ordinary-page/page.html");
  const char *argv[] = {"check", "--no-config", "--policy", "the-conversatoin", page, NULL};
  run_result r = run_cli(argv, NULL, 0);

  cr_assert_eq(r.status, 2, "a typo must not turn the policy's rules off silently");
  cr_assert(strstr(r.err, "the-conversatoin") != NULL, "stderr: %s", r.err);
  run_result_free(&r);
  free(page);
}

Test(exit_codes, url_for_many_pages_is_refused)
{
  char *dir = fixture_path("pages");
  const char *argv[] = {"check", "--no-config", "--url", "https://ours.example/a", dir, NULL};
  run_result r = run_cli(argv, NULL, 0);

  cr_assert_eq(r.status, 2);
  cr_assert(strstr(r.err, "--base-url") != NULL, "stderr: %s", r.err);
  run_result_free(&r);
  free(dir);
}

Test(exit_codes, report_is_never_written_over_a_checked_page)
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

Test(exit_codes, unreadable_input_is_named_on_stderr_when_the_report_goes_to_a_file)
{
  char *dir = config_case("<attrcheck version=\"1\"/>\n");
  const char *argv[] = {"check", "page.html", "missing.html", "-o", "out.csv", "-f", "csv", NULL};
  run_result r = run_cli_in(dir, argv, NULL, 0);

  cr_assert_eq(r.status, 2);
  cr_assert(strstr(r.err, "missing.html") != NULL, "stderr: %s", r.err);
  run_result_free(&r);
  free(dir);
}

Test(exit_codes, a_directory_without_pages_fails_the_gate_and_the_others_are_still_checked)
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

Test(exit_codes, no_pages_message_names_the_include_globs_in_use)
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

Test(exit_codes, quiet_silences_notes_on_stderr_but_still_reports_note_findings)
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

Test(exit_codes, a_directory_of_only_skipped_files_fails_the_gate)
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

Test(exit_codes, standard_input_and_a_file_named_dash_are_two_inputs)
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

Test(exit_codes, a_missing_file_is_an_error_even_when_an_exclude_matches_its_name)
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
