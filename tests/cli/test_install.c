/*
 * An install to another prefix works on its own: the installed attrcheck
 * checks a page without reading anything under the source tree (strace lists
 * every file it touches), so moving or deleting the clone changes nothing.
 */
#include <criterion/criterion.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "support.h"

/* The build directory is where ctest's attrcheck was built. */
static char *build_dir(void)
{
  char *cli = strdup(getenv("AC_CLI"));
  char *dir = strdup(dirname(cli));

  free(cli);
  return dir;
}

/* `cmake --install BUILD --prefix DIR/prefix`; returns the installed binary's path. */
static char *install_to(const char *dir)
{
  char prefix[4096], *bin = malloc(4200), *build = build_dir();
  const char *argv[] = {"cmake", "--install", build, "--prefix", prefix, NULL};
  run_result r;

  snprintf(prefix, sizeof prefix, "%s/prefix", dir);
  r = run_program_in(NULL, argv);
  cr_assert_eq(r.status, 0, "cmake --install failed: %s%s", r.out, r.err);
  run_result_free(&r);
  free(build);
  snprintf(bin, 4200, "%s/bin/attrcheck", prefix);
  return bin;
}

static void remove_tree(const char *dir)
{
  const char *argv[] = {"rm", "-rf", dir, NULL};
  run_result r = run_program_in(NULL, argv);

  run_result_free(&r);
}

/* A page with one finding, copied out of the tree so that reading it reads no source file. */
static void put_fixture(const char *dir)
{
  char *src = fixture_path("pages/credit-link-mismatch-en/page.html"), path[4096];
  size_t len;
  char *html = read_file(src, &len);

  cr_assert_not_null(html);
  snprintf(path, sizeof path, "%s/page.html", dir);
  cr_assert_eq(write_file(path, html, len), 0);
  free(html);
  free(src);
}

Test(install, the_installed_binary_reads_nothing_under_the_source_tree, .timeout = 600)
{
  char *dir = temp_dir(), *bin = install_to(dir), trace[4096];
  const char *argv[] = {"strace", "-f", "-qq", "-e", "trace=%file", "-o", trace,
                        bin, "check", "--no-config", "page.html", NULL};
  const char *source = getenv("AC_SOURCE_DIR");
  run_result r;
  char *log;

  snprintf(trace, sizeof trace, "%s/trace", dir);
  put_fixture(dir);
  unsetenv("ATTRCHECK_RULES_DIR");      /* what a user's shell has: no hint where the tree is */
  /* LeakSanitizer cannot run under ptrace; the test below runs the same binary with it. */
  setenv("ASAN_OPTIONS", "detect_leaks=0:abort_on_error=0:exitcode=23", 1);
  r = run_program_in(dir, argv);
  cr_assert_eq(r.status, 1, "the page has an error finding; stdout: %s stderr: %s", r.out, r.err);
  cr_assert(strstr(r.out, "page.html:17:10: error credit-link-mismatch") != NULL,
            "the built-in packs judged the page: %s", r.out);
  log = read_file(trace, NULL);
  cr_assert_not_null(log, "strace wrote no trace (is strace installed?)");
  cr_assert(strstr(log, "page.html") != NULL, "the trace shows file access: %s", log);
  cr_assert(strstr(log, source) == NULL, "the installed binary touched the source tree (%s):\n%s",
            source, log);
  free(log);
  run_result_free(&r);
  remove_tree(dir);
  free(bin);
  free(dir);
}

Test(install, the_installed_binary_lists_the_built_in_rules, .timeout = 600)
{
  char *dir = temp_dir(), *bin = install_to(dir);
  const char *argv[] = {bin, "rules", "explain", "credit-link-mismatch", NULL};
  run_result r;

  unsetenv("ATTRCHECK_RULES_DIR");
  r = run_program_in(dir, argv);
  cr_assert_eq(r.status, 0, "stderr: %s", r.err);
  cr_assert(strstr(r.out, "credit-link-mismatch (error, pack core") != NULL, "%s", r.out);
  run_result_free(&r);
  remove_tree(dir);
  free(bin);
  free(dir);
}
