/*
 * Where reports and baselines may be written (-o, --write-baseline): never
 * over a file the run depends on or over something that is not a previous
 * report or baseline, never through a symbolic link, no temporary left by a
 * signal, a clear error under `ulimit -f`. Also baseline names with tabs and
 * line breaks, --follow staying inside the project root, and --max-bytes
 * taking only its documented forms.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "support.h"

#define PAGE "pages/syndicated-fr-lemonde-mismatch/page.html"   /* has findings */

static void put(const char *dir, const char *rel, const char *text)
{
  char path[4096];

  snprintf(path, sizeof path, "%s/%s", dir, rel);
  cr_assert_eq(write_file(path, text, strlen(text)), 0, "%s", path);
}

static void put_page(const char *dir, const char *rel)
{
  char *src = fixture_path(PAGE), *html;
  size_t len;
  char path[4096];

  html = read_file(src, &len);
  cr_assert_not_null(html);
  snprintf(path, sizeof path, "%s/%s", dir, rel);
  cr_assert_eq(write_file(path, html, len), 0, "%s", path);
  free(html);
  free(src);
}

static char *slurp(const char *dir, const char *rel)
{
  char path[4096];

  snprintf(path, sizeof path, "%s/%s", dir, rel);
  return read_file(path, NULL);
}

/* A project: attrcheck.xml, p.html, and an index o.db holding nothing yet. */
static char *project(void)
{
  char *dir = temp_dir();

  put(dir, "attrcheck.xml", "<attrcheck version=\"1\"/>\n");
  put_page(dir, "p.html");
  return dir;
}

static run_result run_in(const char *dir, const char *const *argv)
{
  return run_cli_in(dir, argv, NULL, 0);
}

/* Refused: exit 2, one line on stderr naming the file and why, the file unchanged. */
static void assert_refused(const char *dir, const char *const *argv, const char *file,
                           const char *why)
{
  char *before = slurp(dir, file), *after;
  run_result r = run_in(dir, argv);

  cr_assert_eq(r.status, 2, "stderr: %s", r.err);
  cr_assert(strstr(r.err, why) != NULL, "expected '%s' in: %s", why, r.err);
  cr_assert(strstr(r.err, file) != NULL, "the file is named: %s", r.err);
  cr_assert_eq(count_lines_with(r.err, "attrcheck:"), 1, "one line: %s", r.err);
  after = slurp(dir, file);
  cr_assert_str_eq(after, before, "%s was changed", file);
  free(before);
  free(after);
  run_result_free(&r);
}

Test(report_paths, o_refuses_the_index_in_use)
{
  char *dir = project();
  const char *add[] = {"index", "add", "--index", "o.db", "--url", "https://x.example/a",
                       "p.html", NULL};
  const char *argv[] = {"check", "--index", "o.db", "-o", "o.db", "p.html", NULL};
  run_result a = run_in(dir, add);

  cr_assert_eq(a.status, 0, "%s", a.err);
  assert_refused(dir, argv, "o.db", "that is the index in use");
  run_result_free(&a);
  free(dir);
}

Test(report_paths, o_refuses_the_config_in_use_and_any_valid_config)
{
  char *dir = project();
  const char *in_use[] = {"check", "--format", "junit", "-o", "attrcheck.xml", "p.html", NULL};
  const char *other[] = {"check", "--no-config", "--format", "junit", "-o", "site.xml",
                         "p.html", NULL};

  assert_refused(dir, in_use, "attrcheck.xml", "that is the attrcheck config in use");
  put(dir, "site.xml", "<attrcheck version=\"1\"><fail-on>warning</fail-on></attrcheck>\n");
  assert_refused(dir, other, "site.xml", "that is an attrcheck config file");
  free(dir);
}

Test(report_paths, o_never_creates_a_file_named_like_the_config)
{
  char *dir = temp_dir(), path[4096];
  const char *argv[] = {"check", "--no-config", "--format", "junit", "-o", "attrcheck.xml",
                        "p.html", NULL};
  run_result r;

  put_page(dir, "p.html");
  r = run_in(dir, argv);
  cr_assert_eq(r.status, 2, "%s", r.err);
  cr_assert(strstr(r.err, "-o attrcheck.xml: later runs would find it and read it as their "
                   "config; not written (name the report, e.g. attrcheck-junit.xml)") != NULL,
            "%s", r.err);
  snprintf(path, sizeof path, "%s/attrcheck.xml", dir);
  cr_assert_neq(access(path, F_OK), 0, "no attrcheck.xml was made");
  run_result_free(&r);
  free(dir);
}

Test(report_paths, o_refuses_rule_packs_baselines_and_inputs)
{
  char *dir = project();
  char *pack = fixture_path("rules/valid");
  DIR *d = opendir(pack);
  struct dirent *e;
  char first[512] = "";

  cr_assert_not_null(d);
  while ((e = readdir(d)) != NULL && first[0] == '\0')
    if (strstr(e->d_name, ".xml") != NULL)
      snprintf(first, sizeof first, "%s/%s", pack, e->d_name);
  closedir(d);
  {
    char *text = read_file(first, NULL);
    put(dir, "pack.xml", text);
    free(text);
  }
  put(dir, "base.txt", "# attrcheck baseline 2: rule<TAB>path<TAB>evidence\n");
  const char *packs[] = {"check", "--rules", "pack.xml", "-o", "pack.xml", "p.html", NULL};
  const char *base[] = {"check", "--baseline", "base.txt", "-o", "base.txt", "p.html", NULL};
  const char *input[] = {"check", "-o", "p.html", "p.html", NULL};
  const char *both[] = {"check", "--write-baseline", "base.txt", "-o", "base.txt", "p.html",
                        NULL};

  assert_refused(dir, packs, "pack.xml", "that is a rule pack in use");
  assert_refused(dir, base, "base.txt", "that is the baseline in use");
  assert_refused(dir, input, "p.html", "that is one of the pages being checked");
  assert_refused(dir, both, "base.txt", "-o and --write-baseline name the same file");
  free(pack);
  free(dir);
}

Test(report_paths, o_replaces_only_a_previous_report_of_the_same_format)
{
  char *dir = project();
  const char *csv[] = {"check", "--format", "csv", "-o", "r.csv", "p.html", NULL};
  const char *sarif[] = {"check", "--format", "sarif", "-o", "r.csv", "p.html", NULL};
  const char *notes[] = {"check", "-o", "notes.txt", "p.html", NULL};
  run_result r;

  static const char *const formats[] = {"text", "csv", "findings-csv", "json", "sarif",
                                         "junit", "github"};

  for (size_t i = 0; i < sizeof formats / sizeof *formats; i++) {
    /* A name that mentions another format does not confuse what the file is. */
    const char *again[] = {"check", "--format", formats[i], "-o", "r.sarif.xml.csv", "p.html",
                           NULL};
    for (int run = 0; run < 2; run++) {
      r = run_in(dir, again);
      cr_assert_eq(r.status, 1, "%s, run %d: a previous report is replaced: %s", formats[i],
                   run, r.err);
      run_result_free(&r);
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/r.sarif.xml.csv", dir);
    unlink(path);
  }
  r = run_in(dir, csv);
  cr_assert_eq(r.status, 1, "%s", r.err);
  run_result_free(&r);
  assert_refused(dir, sarif, "r.csv", "is not a previous sarif report");
  put(dir, "notes.txt", "my notes, not a report\n");
  assert_refused(dir, notes, "notes.txt", "is not a previous text report");
  free(dir);
}

Test(report_paths, o_replaces_a_symbolic_link_itself_not_its_target)
{
  char *dir = project(), link[4096], *text;
  const char *argv[] = {"check", "--format", "csv", "-o", "out.csv", "p.html", NULL};
  struct stat st;
  run_result r;

  put(dir, "precious.txt", "keep me\n");
  snprintf(link, sizeof link, "%s/out.csv", dir);
  cr_assert_eq(symlink("precious.txt", link), 0);
  r = run_in(dir, argv);
  cr_assert_eq(r.status, 1, "%s", r.err);
  text = slurp(dir, "precious.txt");
  cr_assert_str_eq(text, "keep me\n", "the link's target is not written");
  free(text);
  cr_assert_eq(lstat(link, &st), 0);
  cr_assert(S_ISREG(st.st_mode), "the link is replaced by the report");
  text = slurp(dir, "out.csv");
  cr_assert(strncmp(text, "path,url,title,verdict,", 23) == 0, "%s", text);
  free(text);
  run_result_free(&r);
  free(dir);
}

Test(report_paths, write_baseline_refuses_what_is_not_a_baseline)
{
  char *dir = project();
  const char *db[] = {"check", "--write-baseline", "other.db", "p.html", NULL};
  const char *cfg[] = {"check", "--write-baseline", "attrcheck.xml", "p.html", NULL};
  const char *again[] = {"check", "--baseline", "b.txt", "--write-baseline", "b.txt", "p.html",
                         NULL};
  run_result r;

  put(dir, "other.db", "SQLite format 3");
  assert_refused(dir, db, "other.db", "is not an attrcheck baseline");
  assert_refused(dir, cfg, "attrcheck.xml", "that is the attrcheck config in use");
  for (int i = 0; i < 2; i++) {        /* written, then rewritten over the baseline in use */
    r = run_in(dir, again);
    cr_assert_eq(r.status, i == 0 ? 1 : 0, "run %d: %s", i, r.err);
    run_result_free(&r);
  }
  free(dir);
}

/* Count the entries (non-comment lines) of a baseline file. */
static int entries(const char *text)
{
  int n = 0;

  for (const char *p = text; p != NULL && *p != '\0'; p = strchr(p, '\n'), p = p ? p + 1 : p)
    n += *p != '#' && *p != '\n';
  return n;
}

Test(report_paths, baseline_keeps_names_with_tabs_and_line_breaks_apart)
{
  char *dir = project(), *base;
  const char *all[] = {"check", "--write-baseline", "b.txt", "tab\tb.html", "tab b.html",
                       "nl\nb.html", NULL};
  const char *one[] = {"check", "--write-baseline", "b.txt", "tab b.html", NULL};
  const char *use[] = {"check", "--baseline", "b.txt", "tab\tb.html", "tab b.html",
                       "nl\nb.html", NULL};
  run_result r;
  int n;

  put_page(dir, "tab\tb.html");
  put_page(dir, "tab b.html");
  put_page(dir, "nl\nb.html");
  r = run_in(dir, all);
  cr_assert_eq(r.status, 1, "%s", r.err);
  run_result_free(&r);
  base = slurp(dir, "b.txt");
  n = entries(base);
  cr_assert(strstr(base, "\ttab\\tb.html\t") != NULL, "escaped tab:\n%s", base);
  cr_assert(strstr(base, "\tnl\\nb.html\t") != NULL, "escaped line break:\n%s", base);
  cr_assert_eq(n % 3, 0, "the same findings for each of the three pages:\n%s", base);
  free(base);
  r = run_in(dir, one);                /* the other two pages' entries are carried */
  cr_assert_eq(r.status, 1, "%s", r.err);
  run_result_free(&r);
  base = slurp(dir, "b.txt");
  cr_assert_eq(entries(base), n, "nothing dropped or folded:\n%s", base);
  free(base);
  r = run_in(dir, use);
  cr_assert_eq(r.status, 0, "every finding of the three is in the baseline: %s%s", r.out,
               r.err);
  run_result_free(&r);
  free(dir);
}

Test(report_paths, a_version_1_baseline_still_suppresses)
{
  char *dir = project(), *base;
  const char *write[] = {"check", "--write-baseline", "b.txt", "p.html", NULL};
  const char *use[] = {"check", "--baseline", "b.txt", "p.html", NULL};
  run_result r = run_in(dir, write);
  char *v1;

  cr_assert_eq(r.status, 1, "%s", r.err);
  run_result_free(&r);
  base = slurp(dir, "b.txt");
  v1 = strstr(base, "\n");
  cr_assert_not_null(v1);
  {                                    /* the same entries under the old header */
    size_t n = strlen(v1) + 64;
    char *old = malloc(n);
    snprintf(old, n, "# attrcheck baseline 1: rule<TAB>path<TAB>evidence%s", v1);
    put(dir, "b.txt", old);
    free(old);
  }
  free(base);
  r = run_in(dir, use);
  cr_assert_eq(r.status, 0, "%s%s", r.out, r.err);
  run_result_free(&r);
  free(dir);
}

/* Start the CLI in `dir` with stdin a pipe we keep open; stdout/stderr to /dev/null. */
static pid_t spawn_waiting(const char *dir, const char *const *args, int *stdin_fd)
{
  int fds[2];
  pid_t pid;

  cr_assert_eq(pipe(fds), 0);
  pid = fork();
  cr_assert_geq(pid, 0);
  if (pid == 0) {
    int null = open("/dev/null", O_WRONLY);
    char *argv[16] = {"attrcheck"};
    size_t i = 0;

    for (; args[i] != NULL && i < 14; i++)
      argv[i + 1] = (char *)args[i];
    argv[i + 1] = NULL;
    dup2(fds[0], 0);
    dup2(null, 1);
    dup2(null, 2);
    close(fds[1]);
    if (chdir(dir) != 0)
      _exit(127);
    execv(getenv("AC_CLI"), argv);
    _exit(127);
  }
  close(fds[0]);
  *stdin_fd = fds[1];
  return pid;
}

/* Names in `dir` that start with ".r.sarif.tmp-". */
static int temporaries(const char *dir)
{
  DIR *d = opendir(dir);
  struct dirent *e;
  int n = 0;

  cr_assert_not_null(d);
  while ((e = readdir(d)) != NULL)
    n += strncmp(e->d_name, ".r.sarif.tmp-", 13) == 0;
  closedir(d);
  return n;
}

Test(report_paths, a_signal_during_the_run_leaves_no_temporary)
{
  static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
  char *dir = project();
  const char *argv[] = {"check", "--format", "sarif", "-o", "r.sarif", "-", NULL};

  for (size_t i = 0; i < 3; i++) {
    int in, status;
    pid_t pid = spawn_waiting(dir, argv, &in);
    struct timespec nap = {0, 10000000};

    /* The report is opened before stdin is read: wait for its temporary (a hang guard
     * of minutes, not a timing assertion). */
    for (int tries = 0; tries < 30000 && temporaries(dir) == 0; tries++)
      nanosleep(&nap, NULL);
    cr_assert_eq(temporaries(dir), 1, "the report is being written");
    kill(pid, sigs[i]);
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    close(in);
    cr_assert(WIFSIGNALED(status) && WTERMSIG(status) == sigs[i], "dies by signal %d",
              sigs[i]);
    cr_assert_eq(temporaries(dir), 0, "signal %d left the temporary behind", sigs[i]);
  }
  free(dir);
}

Test(report_paths, a_file_size_limit_is_a_clear_error)
{
  char *dir = project(), *pages = fixture_path("pages"), *err;
  int status;
  pid_t pid = fork();

  cr_assert_geq(pid, 0);
  if (pid == 0) {
    struct rlimit lim = {4096, 4096};
    char *argv[] = {"attrcheck", "check", "--format", "sarif", "-o", "r.sarif", pages, NULL};
    int e;

    if (chdir(dir) != 0)
      _exit(127);
    e = open("err.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(e, 2);
    setrlimit(RLIMIT_FSIZE, &lim);
    execv(getenv("AC_CLI"), argv);
    _exit(127);
  }
  cr_assert_eq(waitpid(pid, &status, 0), pid);
  err = slurp(dir, "err.txt");
  cr_assert(WIFEXITED(status), "not killed by SIGXFSZ; stderr: %s", err);
  cr_assert_eq(WEXITSTATUS(status), 2, "%s", err);
  cr_assert(strstr(err, "r.sarif: cannot write the report: File too large") != NULL, "%s", err);
  cr_assert_eq(temporaries(dir), 0);
  cr_assert_null(slurp(dir, "r.sarif"), "no half report");
  free(err);
  free(pages);
  free(dir);
}

Test(report_paths, follow_stays_inside_the_project_root_unless_asked)
{
  char *dir = project(), *outside = temp_dir(), link[4096], target[4096];
  const char *follow[] = {"check", "--follow", "--format", "csv", "content", NULL};
  const char *anywhere[] = {"check", "--follow-anywhere", "--format", "csv", "content", NULL};
  run_result r;

  put_page(outside, "secret.html");
  snprintf(link, sizeof link, "%s/content", dir);
  cr_assert_eq(mkdir(link, 0755), 0);
  put_page(dir, "content/own.html");
  snprintf(target, sizeof target, "%s/secret.html", outside);
  snprintf(link, sizeof link, "%s/content/away.html", dir);
  cr_assert_eq(symlink(target, link), 0);
  snprintf(link, sizeof link, "%s/content/near.html", dir);
  cr_assert_eq(symlink("own.html", link), 0);
  r = run_in(dir, follow);
  cr_assert(strstr(r.out, "content/near.html") != NULL, "a link inside is followed:\n%s", r.out);
  cr_assert(strstr(r.out, "content/away.html,,,skipped,") != NULL, "not read:\n%s", r.out);
  cr_assert(strstr(r.err, "outside the project root, not followed") != NULL, "%s", r.err);
  run_result_free(&r);
  r = run_in(dir, anywhere);
  cr_assert(strstr(r.out, "content/away.html,https:") != NULL, "asked for:\n%s%s", r.out,
            r.err);
  run_result_free(&r);
  free(outside);
  free(dir);
}

Test(report_paths, max_bytes_takes_only_the_documented_forms)
{
  char *dir = project();
  static const char *const bad[] = {" 5", "+5", "5KB", "0x10", "5 K", "-5", "5k "};
  static const char *const good[] = {"64K", "64k", "64KiB", "1M", "65536"};

  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    const char *argv[] = {"check", "--max-bytes", bad[i], "p.html", NULL};
    run_result r = run_in(dir, argv);
    cr_assert_eq(r.status, 2, "'%s' is refused", bad[i]);
    cr_assert(strstr(r.err, "max-bytes") != NULL, "%s", r.err);
    run_result_free(&r);
  }
  for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
    const char *argv[] = {"check", "--max-bytes", good[i], "p.html", NULL};
    run_result r = run_in(dir, argv);
    cr_assert_eq(r.status, 1, "'%s' is accepted: %s", good[i], r.err);
    run_result_free(&r);
  }
  free(dir);
}
