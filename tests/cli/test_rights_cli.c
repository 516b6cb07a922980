/* Rights from the command line: --headers/--tdmrep/--robots, RSL blocks, hostile RSL, CSV columns. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

Test(rights_cli, hostile_rsl_is_refused_and_reads_no_file, .timeout = 600)
{
  char *dir = temp_dir(), trace[4096];
  const char *cli = getenv("AC_CLI");
  /* LeakSanitizer cannot run under ptrace: a sanitizer build traces without it. */
  const char *argv[] = {"env", "ASAN_OPTIONS=detect_leaks=0", "strace", "-f", "-qq", "-e",
                        "trace=%file,%network", "-o", trace, cli, "extract", "rsl-xxe.html",
                        NULL};
  run_result r;
  char *log;

  snprintf(trace, sizeof trace, "%s/trace", dir);
  put_fixture_at(dir, "rsl-xxe.html", "rights/rsl-xxe.html");
  put_file_at(dir, "rsl-secret.txt", "SECRET-FROM-DISK\n");
  r = run_program_in(dir, argv);
  cr_assert_eq(r.status, 0, "a hostile block is a note, not a failure: %s", r.err);
  cr_assert_eq(count_lines_with(r.out, "rsl-invalid"), 1, "%s", r.out);
  cr_assert(strstr(r.out, "a DOCTYPE is not allowed here") != NULL, "%s", r.out);
  cr_assert(strstr(r.out, "SECRET-FROM-DISK") == NULL, "an entity was expanded: %s", r.out);
  log = read_file(trace, NULL);
  cr_assert_not_null(log, "strace wrote no trace (is strace installed?)");
  cr_assert(strstr(log, "rsl-xxe.html") != NULL, "the trace shows file access: %s", log);
  cr_assert(strstr(log, "rsl-secret.txt") == NULL, "an external entity was opened:\n%s", log);
  cr_assert(strstr(log, "/etc/hostname") == NULL, "an absolute entity was opened:\n%s", log);
  cr_assert(strstr(log, "connect(") == NULL, "a network entity was fetched:\n%s", log);
  free(log);
  run_result_free(&r);
  free(dir);
}

Test(rights_cli, inline_rsl_terms_are_facts_with_their_lines)
{
  char *page = fixture_path("rights/rsl-inline.html");
  const char *argv[] = {"extract", page, NULL};
  run_result r = run_cli(argv, NULL, 0);

  cr_assert_eq(r.status, 0, "%s", r.err);
  cr_assert(strstr(r.out, "{\"name\":\"rsl-payment\",\"value\":\"attribution\",\"agent\":null,"
                          "\"origin\":\"page\",\"line\":11,\"column\":1}") != NULL, "%s", r.out);
  cr_assert(strstr(r.out, "\"value\":\"News Example Ltd\"") != NULL, "%s", r.out);
  cr_assert(strstr(r.out, "\"detail\":\"rel=license type=application/rsl+xml\"") != NULL);
  cr_assert(strstr(r.out, "'ai-dream' is not one of RSL 1.0's") != NULL, "%s", r.out);
  cr_assert(strstr(r.out, "needs the attribute url") != NULL, "invalid RSL is a note: %s", r.out);
  run_result_free(&r);
  free(page);
}

Test(rights_cli, site_files_feed_the_audit_csv_columns)
{
  char *page = fixture_path("rights/page.html"), *headers = fixture_path("rights/headers.txt");
  char *robots = fixture_path("rights/robots.txt");
  const char *argv[] = {"check", "--no-config", "--format", "csv", "--url",
                        "https://news.example/a", "--headers", headers, "--robots", robots,
                        page, NULL};
  run_result r = run_cli(argv, NULL, 0);
  char *tdm = csv_cell(r.out, "tdm_reservation"), *ai = csv_cell(r.out, "ai_use");
  char *rsl = csv_cell(r.out, "rsl_license");

  cr_assert_eq(r.status, 0, "warnings only: %s%s", r.out, r.err);
  cr_assert_str_eq(tdm, "1", "the HTTP field wins over the meta's 0");
  cr_assert_str_eq(ai, "flurb=n noai noimageai train-ai=n");
  cr_assert_str_eq(rsl, "https://news.example/license.xml");
  free(tdm);
  free(ai);
  free(rsl);
  run_result_free(&r);
  free(page);
  free(headers);
  free(robots);
}

Test(rights_cli, an_unreadable_site_file_stops_the_run_naming_it)
{
  const char *argv[] = {"check", "--no-config", "--tdmrep", "no-such-tdmrep.json", "x.html",
                        NULL};
  run_result r = run_cli(argv, NULL, 0);

  cr_assert_eq(r.status, 2);
  cr_assert(strstr(r.err, "no-such-tdmrep.json") != NULL, "%s", r.err);
  cr_assert(strstr(r.err, "--tdmrep") != NULL, "%s", r.err);
  run_result_free(&r);
}
