/*
 * Exclude globs: one with a slash matches the page's path below the project
 * root (the directory of attrcheck.xml), so `check content/`, `cd content &&
 * check .`, `check .` and named files (what pre-commit passes) all agree.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

#define ORDINARY "pages/ordinary-page/page.html"

/* attrcheck.xml with one exclude, content/ok.html and content/vendor/b.html. */
static char *vendor_project(const char *exclude)
{
  char *root = temp_dir(), config[512];

  snprintf(config, sizeof config,
           "<attrcheck version=\"1\"><exclude>%s</exclude></attrcheck>\n", exclude);
  put_file_at(root, "attrcheck.xml", config);
  put_fixture_at(root, "content/ok.html", ORDINARY);
  put_fixture_at(root, "content/vendor/b.html", ORDINARY);
  return root;
}

typedef struct call {
  const char *cwd;            /* below the root */
  const char *args[4];        /* after "check -f csv" */
} call;

/* The four ways of calling the issue names, from the root and from content/. */
static const call calls[] = {
  {".", {"content/", NULL}},
  {"content", {".", NULL}},
  {".", {".", NULL}},
  {".", {"content/vendor/b.html", "content/ok.html", NULL}},
};

static run_result run_call(const char *root, const call *c)
{
  const char *argv[8] = {"check", "-f", "csv"};
  char cwd[4096];
  size_t n = 3;

  for (size_t i = 0; c->args[i] != NULL; i++)
    argv[n++] = c->args[i];
  argv[n] = NULL;
  snprintf(cwd, sizeof cwd, "%s/%s", root, c->cwd);
  return run_cli_in(cwd, argv, NULL, 0);
}

Test(excludes, a_glob_with_a_slash_excludes_below_the_project_root_however_called)
{
  char *root = vendor_project("content/vendor/*");

  for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++) {
    run_result r = run_call(root, &calls[i]);
    cr_assert_eq(r.status, 0, "call %zu: stderr: %s", i, r.err);
    cr_assert(strstr(r.out, "ok.html") != NULL, "call %zu checks ok.html: %s", i, r.out);
    cr_assert(strstr(r.out, "b.html") == NULL, "call %zu skips vendor/b.html: %s", i, r.out);
    run_result_free(&r);
  }
  free(root);
}

/* vendor/<star> names root/vendor, which does not exist: content/vendor is checked every time. */
Test(excludes, a_glob_with_a_slash_is_not_matched_below_the_directory_argument)
{
  char *root = vendor_project("vendor/*");

  for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++) {
    run_result r = run_call(root, &calls[i]);
    cr_assert_eq(r.status, 0, "call %zu: stderr: %s", i, r.err);
    cr_assert(strstr(r.out, "vendor/b.html") != NULL, "call %zu checks vendor/b.html: %s", i,
              r.out);
    run_result_free(&r);
  }
  free(root);
}

Test(excludes, a_named_file_that_a_glob_with_a_slash_excludes_is_skipped_with_a_note)
{
  char *root = vendor_project("content/vendor/*");
  run_result r = run_call(root, &calls[3]);

  cr_assert_eq(r.status, 0, "stderr: %s", r.err);
  cr_assert(strstr(r.err, "attrcheck: note: content/vendor/b.html: skipped, matches exclude "
                          "content/vendor/*") != NULL, "stderr: %s", r.err);
  run_result_free(&r);
  free(root);
}

/* Without attrcheck.xml the root is the current directory: the same rule from there. */
Test(excludes, without_a_config_the_current_directory_is_the_root)
{
  char *root = temp_dir(), cwd[4096];
  const char *argv[] = {"check", "--no-config", "-f", "csv", "--exclude", "site/vendor/*",
                        "site", NULL};
  run_result r;

  put_fixture_at(root, "site/ok.html", ORDINARY);
  put_fixture_at(root, "site/vendor/b.html", ORDINARY);
  snprintf(cwd, sizeof cwd, "%s", root);
  r = run_cli_in(cwd, argv, NULL, 0);
  cr_assert_eq(r.status, 0, "stderr: %s", r.err);
  cr_assert(strstr(r.out, "site/ok.html") != NULL, "%s", r.out);
  cr_assert(strstr(r.out, "b.html") == NULL, "%s", r.out);
  run_result_free(&r);
  free(root);
}

/* The starter config shows the rule with an example; uncommented, it does what it says. */
Test(excludes, the_starter_configs_example_exclude_works_as_written)
{
  char *root = temp_dir(), path[4096], *config, *at;
  const char *init[] = {"init", NULL};
  const char *check[] = {"check", "-f", "csv", ".", NULL};
  static const char example[] = "<!-- <exclude>content/vendor/*</exclude> -->";
  run_result r = run_cli_in(root, init, NULL, 0);

  cr_assert_eq(r.status, 0, "%s", r.err);
  run_result_free(&r);
  snprintf(path, sizeof path, "%s/attrcheck.xml", root);
  config = read_file(path, NULL);
  at = config != NULL ? strstr(config, example) : NULL;
  cr_assert_not_null(at, "the starter shows an exclude with a slash:\n%s", config);
  memcpy(at, "     ", 5);                                  /* drop "<!-- " and " -->" */
  memcpy(at + strlen(example) - 4, "    ", 4);
  put_file_at(root, "attrcheck.xml", config);
  put_fixture_at(root, "content/ok.html", ORDINARY);
  put_fixture_at(root, "content/vendor/b.html", ORDINARY);
  r = run_cli_in(root, check, NULL, 0);
  cr_assert_eq(r.status, 0, "stderr: %s", r.err);
  cr_assert(strstr(r.out, "content/ok.html") != NULL && strstr(r.out, "b.html") == NULL, "%s",
            r.out);
  run_result_free(&r);
  free(config);
  free(root);
}
