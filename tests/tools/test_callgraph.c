/* callgraph: the CI check for call loops between the files of a folder (callgraph-loops.sh). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

/* Runs the check over fixtures/callgraph/src, with `flag` (or none) first. */
static run_result run_check(const char *flag)
{
  char script[4096], *src = fixture_path("callgraph/src");
  const char *with_flag[] = {"bash", script, flag, src, NULL};
  const char *plain[] = {"bash", script, src, NULL};
  run_result r;

  snprintf(script, sizeof script, "%s/tests/tools/callgraph-loops.sh", getenv("AC_SOURCE_DIR"));
  r = run_program_in(NULL, flag != NULL ? with_flag : plain);
  free(src);
  return r;
}

Test(callgraph, a_loop_between_two_files_fails_and_names_the_calls_that_make_it)
{
  run_result r = run_check(NULL);

  cr_assert_eq(r.status, 1, "stdout: %s stderr: %s", r.out, r.err);
  cr_assert(strstr(r.out, "src/loop: loop between 2 of 3 files: helper.c top.c\n") != NULL,
            "leaf.c is called but calls no one back, so it is outside the loop: %s", r.out);
  cr_assert(strstr(r.out, "  helper.c -> top.c: top_callback\n") != NULL, "stdout: %s", r.out);
  cr_assert(strstr(r.out, "  top.c -> helper.c: helper_run\n") != NULL, "stdout: %s", r.out);
  cr_assert(strstr(r.out, "top_start") == NULL, "a name in a comment is no call: %s", r.out);
  run_result_free(&r);
}

Test(callgraph, statics_of_the_same_name_in_two_files_make_no_loop)
{
  run_result r = run_check(NULL);

  cr_assert(strstr(r.out, "src/statics: no loop (2 files)\n") != NULL, "stdout: %s", r.out);
  cr_assert(strstr(r.out, "call loops in 1 folder(s)\n") != NULL, "stdout: %s", r.out);
  run_result_free(&r);
}

Test(callgraph, report_only_prints_the_same_loops_and_exits_zero)
{
  run_result strict = run_check(NULL), report = run_check("--report-only");

  cr_assert_eq(report.status, 0, "stderr: %s", report.err);
  cr_assert_str_eq(report.out, strict.out, "the same report either way");
  run_result_free(&strict);
  run_result_free(&report);
}
