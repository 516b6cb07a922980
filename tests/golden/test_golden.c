/*
 * golden: every fixtures/pages/<case>/ is checked by the CLI and its text
 * report must equal the case's expect.txt (fixtures/pages/README.md).
 */
#include <criterion/criterion.h>
#include <criterion/logging.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "support.h"

#define MAX_ARGS 32
#define MAX_ORIGINALS 8

/* `args`: one option per line; blank lines and lines starting with # are skipped. */
static size_t read_args(const char *dir, char *buf, const char **argv, size_t max)
{
  char path[8192];
  size_t n = 0;
  char *text, *line, *save = NULL;

  snprintf(path, sizeof path, "%s/args", dir);
  text = read_file(path, NULL);
  if (text == NULL)
    return 0;
  strncpy(buf, text, 4095);
  buf[4095] = '\0';
  free(text);
  for (line = strtok_r(buf, "\n", &save); line && n < max; line = strtok_r(NULL, "\n", &save))
    if (line[0] != '#' && line[0] != '\0')
      argv[n++] = line;
  return n;
}

/* Exit status: the `status` file when present, else 1 with an error line, else 0. */
static int expected_status(const char *dir, const char *expect)
{
  char path[8192];
  char *text;
  int status;

  snprintf(path, sizeof path, "%s/status", dir);
  text = read_file(path, NULL);
  if (text != NULL) {
    status = atoi(text);
    free(text);
    return status;
  }
  return strstr(expect, ": error ") != NULL ? 1 : 0;
}

/*
 * The originals a case names: an `originals` file lists names kept once in
 * fixtures/originals/ (one per line, # comments); an `originals/` folder is
 * indexed as it is. Fills `paths` (at most `max`); returns how many.
 */
static size_t list_originals(const char *dir, char *buf, char paths[][8192], size_t max)
{
  char path[8192];
  size_t n = 0;
  char *text, *line, *save = NULL, *root;
  struct stat st;

  snprintf(path, sizeof path, "%s/originals", dir);
  if (stat(path, &st) != 0)
    return 0;
  if (S_ISDIR(st.st_mode)) {
    snprintf(paths[n++], 8192, "%s", path);
    return n;
  }
  text = read_file(path, NULL);
  cr_assert_not_null(text, "%s: cannot read", path);
  strncpy(buf, text, 4095);
  buf[4095] = '\0';
  free(text);
  root = fixture_path("originals");
  for (line = strtok_r(buf, "\n", &save); line && n < max; line = strtok_r(NULL, "\n", &save))
    if (line[0] != '#' && line[0] != '\0')
      snprintf(paths[n++], 8192, "%s/%s", root, line);
  free(root);
  cr_assert_gt(n, 0, "%s names no original", path);
  return n;
}

/*
 * A case with originals is checked against an index built from them (each
 * original's URL is its canonical), in a temporary file.
 */
static bool build_index(const char *dir, char *db, size_t size)
{
  char buf[4096], paths[MAX_ORIGINALS][8192];
  const char *argv[MAX_ORIGINALS + 5] = {"index", "add", "--index", db};
  size_t argc = 4, n = list_originals(dir, buf, paths, MAX_ORIGINALS);
  char *tmp;

  if (n == 0)
    return false;
  for (size_t i = 0; i < n; i++)
    argv[argc++] = paths[i];
  argv[argc] = NULL;
  tmp = temp_dir();
  snprintf(db, size, "%s/index.db", tmp);
  free(tmp);
  run_result r = run_cli(argv, NULL, 0);
  cr_assert_eq(r.status, 0, "%s: index add failed: %s", dir, r.err);
  run_result_free(&r);
  return true;
}

static bool run_case(const char *dir, const char *name)
{
  char path[8192], argbuf[4096], db[4096];
  const char *argv[MAX_ARGS + 8] = {"check", "--no-config", "--color", "never", "--jobs", "1"};
  size_t argc = 6;
  char *expect;
  bool ok;

  if (build_index(dir, db, sizeof db)) {
    argv[argc++] = "--index";
    argv[argc++] = db;
  }
  argc += read_args(dir, argbuf, argv + argc, MAX_ARGS);
  argv[argc++] = "page.html";
  argv[argc] = NULL;
  snprintf(path, sizeof path, "%s/expect.txt", dir);
  expect = read_file(path, NULL);
  if (expect == NULL) {
    cr_log_error("%s: no expect.txt", name);
    return false;
  }
  run_result r = run_cli_in(dir, argv, NULL, 0);
  int want = expected_status(dir, expect);
  ok = strcmp(r.out, expect) == 0 && r.status == want;
  if (!ok)
    cr_log_error("case %s: exit %d (want %d)\n--- got:\n%s--- want:\n%s--- stderr:\n%s", name,
                 r.status, want, r.out, expect, r.err);
  run_result_free(&r);
  free(expect);
  return ok;
}

Test(golden, every_fixture_page_gives_its_expected_report)
{
  char *root = fixture_path("pages");
  DIR *d = opendir(root);
  struct dirent *e;
  int cases = 0, failed = 0;

  cr_assert_not_null(d, "cannot open %s", root);
  while ((e = readdir(d)) != NULL) {
    char dir[4096], page[4200];
    struct stat st;
    if (e->d_name[0] == '.')
      continue;
    snprintf(dir, sizeof dir, "%s/%s", root, e->d_name);
    snprintf(page, sizeof page, "%s/page.html", dir);
    if (stat(page, &st) != 0)
      continue;
    cases++;
    if (!run_case(dir, e->d_name))
      failed++;
  }
  closedir(d);
  free(root);
  cr_assert_gt(cases, 0, "no fixture cases found");
  cr_assert_eq(failed, 0, "%d of %d fixture cases differ (see the log above)", failed, cases);
}

/* Every fixtures/extract/<page>.html beside a <page>.json: `extract --pretty` gives that JSON. */
Test(golden, every_extract_fixture_gives_its_expected_json)
{
  char *root = fixture_path("extract");
  DIR *d = opendir(root);
  struct dirent *e;
  int cases = 0, failed = 0;

  cr_assert_not_null(d, "cannot open %s", root);
  while ((e = readdir(d)) != NULL) {
    size_t n = strlen(e->d_name);
    char json[8192];
    if (n < 6 || strcmp(e->d_name + n - 5, ".html") != 0)
      continue;
    snprintf(json, sizeof json, "%s/%.*s.json", root, (int)(n - 5), e->d_name);
    char *want = read_file(json, NULL);
    if (want == NULL)
      continue;
    const char *argv[] = {"extract", "--pretty", e->d_name, NULL};
    run_result r = run_cli_in(root, argv, NULL, 0);
    cases++;
    if (r.status != 0 || strcmp(r.out, want) != 0) {
      failed++;
      cr_log_error("extract %s: exit %d\n--- got:\n%s--- want:\n%s--- stderr:\n%s", e->d_name,
                   r.status, r.out, want, r.err);
    }
    run_result_free(&r);
    free(want);
  }
  closedir(d);
  free(root);
  cr_assert_gt(cases, 0, "no extract fixtures with expected JSON");
  cr_assert_eq(failed, 0, "%d of %d extract fixtures differ (see the log above)", failed, cases);
}
