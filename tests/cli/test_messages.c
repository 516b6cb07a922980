/*
 * What a newcomer reads when something is wrong: every message starts
 * "attrcheck:", a typo gets the nearest option, command, rule id or value,
 * config errors say what was expected there, and the hints name the command
 * or option that fixes the problem.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "support.h"

#define ORDINARY "pages/ordinary-page/page.html"
#define MISMATCH "pages/credit-link-mismatch-en/page.html"

/* Every line on stderr is the tool's own, prefixed, and there is at least one. */
static void assert_prefixed(const char *err)
{
  const char *line = err;

  cr_assert(err[0] != '\0', "a reason on stderr");
  while (*line != '\0') {
    cr_assert(strncmp(line, "attrcheck: ", 11) == 0, "unprefixed line in: %s", err);
    line = strchr(line, '\n');
    line = line ? line + 1 : "";
  }
}

static run_result run_failing(const char *const *argv)
{
  run_result r = run_cli(argv, NULL, 0);

  cr_assert_eq(r.status, 2, "stdout: %s stderr: %s", r.out, r.err);
  assert_prefixed(r.err);
  return r;
}

Test(messages, a_mistyped_option_names_the_nearest_one)
{
  const char *argv[] = {"check", "--formt", "csv", "page.html", NULL};
  run_result r = run_failing(argv);

  cr_assert(strstr(r.err, "unknown option '--formt'; did you mean '--format'?") != NULL, "%s",
            r.err);
  cr_assert(strstr(r.err, "unrecognized") == NULL, "getopt's own wording: %s", r.err);
  run_result_free(&r);
}

Test(messages, option_mistakes_in_every_command_are_prefixed)
{
  const char *const cases[][5] = {
    {"extract", "--prety", NULL},
    {"fingerprint", "--plian", "x.html", NULL},
    {"compare", "--formatt", "json", NULL},
    {"index", "list", "--indx", "x.db", NULL},
    {"rules", "list", "--rulez", "x.xml", NULL},
    {"check", "--format", NULL},
    {"check", "-Z", "page.html", NULL},
    {"check", "--no", "page.html", NULL},
  };

  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    run_result r = run_failing(cases[i]);
    cr_assert(strstr(r.err, "option") != NULL, "case %zu: %s", i, r.err);
    run_result_free(&r);
  }
}

Test(messages, missing_operands_are_one_prefixed_line)
{
  const char *const cases[][4] = {
    {"rules", "explain", NULL}, {"rules", "lint", NULL}, {"compare", "a.html", NULL},
    {"check", NULL},            {"fingerprint", NULL},   {"init", "a.xml", "b.xml", NULL},
  };

  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    run_result r = run_failing(cases[i]);
    cr_assert_eq(count_lines_with(r.err, "attrcheck: "), 1, "case %zu: %s", i, r.err);
    run_result_free(&r);
  }
}

Test(messages, a_mistyped_command_names_the_nearest_one)
{
  const char *argv[] = {"chek", "page.html", NULL};
  run_result r = run_failing(argv);

  cr_assert(strstr(r.err, "unknown command 'chek'; did you mean 'check'?") != NULL, "%s", r.err);
  run_result_free(&r);
}

Test(messages, a_mistyped_subcommand_names_the_nearest_one)
{
  const char *rules[] = {"rules", "lsit", NULL};
  const char *index[] = {"index", "stat", "--index", "x.db", NULL};
  run_result r = run_failing(rules);

  cr_assert(strstr(r.err, "did you mean 'list'?") != NULL, "%s", r.err);
  run_result_free(&r);
  r = run_failing(index);
  cr_assert(strstr(r.err, "did you mean 'stats'?") != NULL, "%s", r.err);
  run_result_free(&r);
}

Test(messages, a_mistyped_rule_id_names_the_nearest_rule)
{
  const char *argv[] = {"rules", "explain", "credit-link-mismach", NULL};
  run_result r = run_failing(argv);

  cr_assert(strstr(r.err, "no rule 'credit-link-mismach'; did you mean 'credit-link-mismatch'?") !=
            NULL, "%s", r.err);
  run_result_free(&r);
}

Test(messages, a_wrong_value_lists_the_valid_ones)
{
  const char *fail_on[] = {"check", "--fail-on", "warn", "page.html", NULL};
  const char *format[] = {"check", "--format", "sarf", "page.html", NULL};
  run_result r = run_failing(fail_on);

  cr_assert(strstr(r.err, "invalid value 'warn' for --fail-on (expected error, warning, note or "
                          "never; did you mean 'warning'?)") != NULL, "%s", r.err);
  run_result_free(&r);
  r = run_failing(format);
  cr_assert(strstr(r.err, "for --format (expected text, csv") != NULL, "%s", r.err);
  cr_assert(strstr(r.err, "did you mean 'sarif'?") != NULL, "%s", r.err);
  run_result_free(&r);
}

Test(messages, nothing_is_suggested_for_a_word_near_nothing)
{
  const char *argv[] = {"check", "--zzzzzzzz", "page.html", NULL};
  run_result r = run_failing(argv);

  cr_assert(strstr(r.err, "did you mean") == NULL, "%s", r.err);
  run_result_free(&r);
}

/* A project holding `config` as attrcheck.xml and one page; returns the directory. */
static char *config_project(const char *config)
{
  char *dir = temp_dir();

  put_file_at(dir, "attrcheck.xml", config);
  put_fixture_at(dir, "page.html", ORDINARY);
  return dir;
}

static run_result check_in(const char *dir)
{
  const char *argv[] = {"check", "page.html", NULL};
  run_result r = run_cli_in(dir, argv, NULL, 0);

  cr_assert_eq(r.status, 2, "stdout: %s", r.out);
  assert_prefixed(r.err);
  return r;
}

Test(messages, a_config_element_error_says_which_elements_were_expected)
{
  char *dir = config_project("<attrcheck version=\"1\">\n  <failon>error</failon>\n</attrcheck>\n");
  run_result r = check_in(dir);

  cr_assert(strstr(r.err, "attrcheck.xml:2: <failon> is not allowed in <attrcheck>; expected "
                          "one of <rules>, <index>") != NULL, "%s", r.err);
  cr_assert(strstr(r.err, "<fail-on>") != NULL, "the right spelling is listed: %s", r.err);
  cr_assert(strstr(r.err, "This element is not expected") == NULL, "libxml2's wording: %s", r.err);
  run_result_free(&r);
  free(dir);
}

Test(messages, a_config_attribute_error_says_which_attributes_were_expected)
{
  char *dir = config_project("<attrcheck version=\"1\">\n\n  <rules pak=\"x.xml\"/>\n</attrcheck>\n");
  run_result r = check_in(dir);

  cr_assert(strstr(r.err, "attrcheck.xml:3: <rules> takes no attribute 'pak'; expected pack or "
                          "defaults") != NULL, "%s", r.err);
  run_result_free(&r);
  free(dir);
}

Test(messages, a_config_value_error_lists_the_valid_values)
{
  char *dir = config_project("<attrcheck version=\"1\"><fail-on>warn</fail-on></attrcheck>\n");
  run_result r = check_in(dir);

  cr_assert(strstr(r.err, "attrcheck.xml:1: <fail-on>: 'warn' is not one of error, warning, note "
                          "or never") != NULL, "%s", r.err);
  run_result_free(&r);
  free(dir);
}

Test(messages, a_missing_index_points_at_index_add)
{
  char *page = fixture_path(ORDINARY);
  const char *argv[] = {"check", "--index", "/nonexistent/missing.db", page, NULL};
  run_result r = run_failing(argv);

  cr_assert(strstr(r.err, "--index /nonexistent/missing.db: no such index (create it with "
                          "'attrcheck index add --index /nonexistent/missing.db") != NULL, "%s",
            r.err);
  run_result_free(&r);
  free(page);
}

Test(messages, index_add_without_a_canonical_names_url_and_base_url)
{
  char *dir = temp_dir(), db[4096];
  const char *argv[] = {"index", "add", "--index", db, "bare.html", NULL};
  run_result r;

  snprintf(db, sizeof db, "%s/originals.db", dir);
  put_file_at(dir, "bare.html", "<html><body><article><p>An original story with enough words to "
                                "index, and no canonical link anywhere on it.</p></article>"
                                "</body></html>\n");
  r = run_cli_in(dir, argv, NULL, 0);
  cr_assert_neq(r.status, 0, "stdout: %s", r.out);
  assert_prefixed(r.err);
  cr_assert(strstr(r.err, "bare.html: no URL for the original") != NULL, "%s", r.err);
  cr_assert(strstr(r.err, "--url URL") != NULL && strstr(r.err, "--base-url URL") != NULL, "%s",
            r.err);
  run_result_free(&r);
  free(dir);
}

Test(messages, with_o_file_the_summary_line_goes_to_stderr)
{
  char *dir = temp_dir(), *page = fixture_path(MISMATCH), out[4096];
  const char *argv[] = {"check", "-f", "sarif", "-o", out, page, NULL};
  const char *quiet[] = {"check", "-q", "-f", "sarif", "-o", out, page, NULL};
  run_result r;

  snprintf(out, sizeof out, "%s/out.sarif", dir);
  r = run_cli(argv, NULL, 0);
  cr_assert_eq(r.status, 1, "stderr: %s", r.err);
  cr_assert_str_empty(r.out);
  cr_assert(strstr(r.err, "attrcheck: 1 page checked: 1 error, 0 warnings (report in ") != NULL,
            "%s", r.err);
  cr_assert(access(out, F_OK) == 0);
  run_result_free(&r);
  r = run_cli(quiet, NULL, 0);
  cr_assert_eq(r.status, 1);
  cr_assert_str_empty(r.err, "-q: nothing on stderr: %s", r.err);
  run_result_free(&r);
  free(page);
  free(dir);
}

Test(messages, rules_explain_shows_no_unfilled_placeholder)
{
  const char *list[] = {"rules", "list", NULL};
  run_result l = run_cli(list, NULL, 0);
  char *save = NULL, *line;
  size_t explained = 0;

  cr_assert_eq(l.status, 0);
  strtok_r(l.out, "\n", &save);                            /* the header */
  while ((line = strtok_r(NULL, "\n", &save)) != NULL) {
    char id[128];
    const char *argv[] = {"rules", "explain", id, NULL};
    run_result r;
    cr_assert_eq(sscanf(line, "%127s", id), 1);
    r = run_cli(argv, NULL, 0);
    cr_assert_eq(r.status, 0, "%s: %s", id, r.err);
    cr_assert(strchr(r.out, '{') == NULL, "%s shows a placeholder:\n%s", id, r.out);
    run_result_free(&r);
    explained++;
  }
  cr_assert_gt(explained, 20);
  run_result_free(&l);
}

Test(messages, rules_explain_puts_a_placeholder_in_words)
{
  const char *argv[] = {"rules", "explain", "translation-in-chain", NULL};
  run_result r = run_cli(argv, NULL, 0);

  cr_assert_eq(r.status, 0);
  cr_assert(strstr(r.out, "permission from <the credited name>.") != NULL, "%s", r.out);
  run_result_free(&r);
}

/* `--fail-on never` only hides findings: an input that cannot be read still fails (docs/ci.md). */
Test(messages, fail_on_never_still_exits_2_for_an_unreadable_input_as_the_ci_guide_says)
{
  char *page = fixture_path(MISMATCH), *guide_path, *guide;
  const char *argv[] = {"check", "--fail-on", "never", page, "/nonexistent/page.html", NULL};
  run_result r = run_failing(argv);
  char rel[256];

  cr_assert(strstr(r.err, "/nonexistent/page.html") != NULL, "%s", r.err);
  run_result_free(&r);
  snprintf(rel, sizeof rel, "%s/docs/ci.md", getenv("AC_SOURCE_DIR"));
  guide_path = strdup(rel);
  guide = read_file(guide_path, NULL);
  cr_assert_not_null(guide);
  cr_assert(strstr(guide, "`--fail-on never` on the SARIF step means findings never fail that "
                          "step") != NULL, "docs/ci.md");
  cr_assert(strstr(guide, "the step still exits\n  2") != NULL, "docs/ci.md says it exits 2");
  free(guide);
  free(guide_path);
  free(page);
}

/* The pages `bash .ci/quickstart demo` checks: the first passes, the second has an error. */
Test(messages, the_quickstart_demo_shows_a_finding_a_newcomer_understands)
{
  char path[4096], rel[256], good[8192] = "", bad[8192] = "", *script, *line;
  const char *argv[] = {"check", good, bad, NULL};
  run_result r;

  snprintf(path, sizeof path, "%s/.ci/quickstart", getenv("AC_SOURCE_DIR"));
  script = read_file(path, NULL);
  cr_assert_not_null(script);
  line = strstr(script, "cmake --build");
  cr_assert(line != NULL && strstr(script, "building") != NULL &&
            strstr(script, "building") < line, "it says it is building before it builds");
  line = strstr(script, "good=");
  cr_assert(line != NULL && sscanf(line, "good=%255s", rel) == 1, "demo pages in the script");
  snprintf(good, sizeof good, "%s/%s", getenv("AC_SOURCE_DIR"), rel);
  line = strstr(script, "bad=");
  cr_assert(line != NULL && sscanf(line, "bad=%255s", rel) == 1);
  snprintf(bad, sizeof bad, "%s/%s", getenv("AC_SOURCE_DIR"), rel);
  r = run_cli(argv, NULL, 0);
  cr_assert_eq(r.status, 1, "the demo ends with a finding: %s", r.out);
  cr_assert(strstr(r.out, "error credit-link-mismatch: \"Le Monde\" links to www.fredzone.org") !=
            NULL, "%s", r.out);
  run_result_free(&r);
  free(script);
}

/* The text report shows how to fix each finding and how to learn more about each rule. */
Test(messages, the_text_report_shows_the_fix_and_how_to_learn_more)
{
  char *page = fixture_path("pages/credit-link-missing-en/page.html");
  char *again = fixture_path("pages/permission-unknown-en/page.html");
  const char *argv[] = {"check", "--no-config", page, again, NULL};
  const char *quiet[] = {"check", "--no-config", "-q", page, NULL};
  run_result r = run_cli(argv, NULL, 0);
  const char *finding, *fix;

  cr_assert_eq(r.status, 1, "stderr: %s", r.err);
  finding = strstr(r.out, "error credit-link-missing: ");
  cr_assert_not_null(finding, "%s", r.out);
  fix = strchr(finding, '\n');
  cr_assert(fix != NULL && strncmp(fix, "\n  fix: Link the credit line", 28) == 0,
            "the hint on the next line, indented:\n%s", r.out);
  cr_assert_eq(count_lines_with(r.out, "  more: attrcheck rules explain credit-link-missing"), 1,
               "%s", r.out);
  cr_assert_eq(count_lines_with(r.out, "  more: attrcheck rules explain permission-unknown"), 1,
               "once per rule, though both pages report it:\n%s", r.out);
  cr_assert(strstr(r.out, "checked: 1 error, 2 warnings\n  more: ") != NULL,
            "after the summary line:\n%s", r.out);
  run_result_free(&r);
  r = run_cli(quiet, NULL, 0);
  cr_assert(strstr(r.out, "  fix: ") != NULL && strstr(r.out, "more: ") == NULL, "-q: %s", r.out);
  run_result_free(&r);
  free(page);
  free(again);
}
