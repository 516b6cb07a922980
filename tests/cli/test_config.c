/* config: attrcheck.xml: init, what it sets, how a broken one stops the run, per-path policies. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_cases.h"
#include "support.h"

Test(config, init_writes_a_config_once_and_never_overwrites_it)
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

Test(config, config_file_in_the_current_directory_sets_fail_on)
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

Test(config, invalid_config_stops_the_run_naming_file_and_line)
{
  char *dir = config_case("<attrcheck version=\"1\">\n  <bogus/>\n</attrcheck>\n");
  const char *argv[] = {"check", "page.html", NULL};
  run_result r = run_cli_in(dir, argv, NULL, 0);

  cr_assert_eq(r.status, 2);
  cr_assert(strstr(r.err, "attrcheck.xml:2:") != NULL, "stderr: %s", r.err);
  run_result_free(&r);
  free(dir);
}

Test(config, config_with_an_external_entity_is_refused)
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

Test(config, no_config_ignores_attrcheck_xml)
{
  char *dir = config_case("<attrcheck version=\"1\"><bogus/></attrcheck>\n");
  const char *argv[] = {"check", "--no-config", "page.html", NULL};
  run_result r = run_cli_in(dir, argv, NULL, 0);

  cr_assert_eq(r.status, 1, "stderr: %s", r.err);
  run_result_free(&r);
  free(dir);
}

Test(config, config_jobs_out_of_range_is_refused_naming_the_line)
{
  char *dir = config_case("<attrcheck version=\"1\">\n  <jobs>20000</jobs>\n</attrcheck>\n");
  const char *argv[] = {"check", "page.html", NULL};
  run_result r = run_cli_in(dir, argv, NULL, 0);

  cr_assert_eq(r.status, 2);
  cr_assert(strstr(r.err, "attrcheck.xml:2:") != NULL, "stderr: %s", r.err);
  run_result_free(&r);
  free(dir);
}

Test(config, per_path_policy_applies_when_run_from_a_subdirectory)
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

Test(config, starter_config_comments_show_no_escapes_and_say_excludes_add_up)
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
