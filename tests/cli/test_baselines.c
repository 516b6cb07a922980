/* baselines: baselines: recorded findings stop failing, are counted, and the file is kept right. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_cases.h"
#include "support.h"

Test(baselines, baseline_keeps_old_findings_from_failing_and_counts_them)
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

Test(baselines, baseline_written_at_the_root_suppresses_the_same_findings_from_a_subdirectory)
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

Test(baselines, a_configured_baseline_not_written_yet_is_empty_and_written_by_write_baseline)
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

Test(baselines, writing_a_baseline_for_some_files_keeps_the_entries_of_the_others)
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

Test(baselines, a_baseline_entry_for_a_fixed_finding_is_reported_as_stale)
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

Test(baselines, rewriting_a_baseline_drops_the_entries_of_deleted_pages)
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

Test(baselines, a_baseline_with_merge_markers_is_written_anew)
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

Test(baselines, a_baseline_run_where_every_page_is_excluded_ends_cleanly)
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
