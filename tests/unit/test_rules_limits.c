/*
 * rules: hostile or oversized input that must fail cleanly or stay fast —
 * capture groups past the match data, numeric parameters that are not
 * numbers, baselines of many or overlong lines. (Same suite as test_rules.c.)
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attrcheck.h"
#include "support.h"

static int load_fixture(const char *rel, ac_rules **keep, ac_error *e)
{
  ac_rules *r = NULL;
  char *path = fixture_path(rel);
  int rc;

  cr_assert_eq(ac_rules_new(&r, e), 0);
  rc = ac_rules_add_file(r, path, e);
  free(path);
  if (keep != NULL)
    *keep = r;
  else
    ac_rules_free(r);
  return rc;
}

/* ---- phrasings ---- */

Test(rules, reads_a_credit_group_numbered_past_thirty_two)
{
  ac_rules *r = NULL;
  ac_error e = {0};
  ac_phrase_match m[4];
  const char *t = "aaaa wire: Reuters";

  cr_assert_eq(load_fixture("rules/valid/credit-after-40-groups.xml", &r, &e), 0, "%s", e.msg);
  cr_assert_eq(ac_rules_match_notices(r, t, strlen(t), m, 4), 1);
  cr_assert_str_eq(m[0].phrase, "many-groups-credit");
  cr_assert_eq(m[0].credit_end - m[0].credit_start, 7, "credit %u..%u", m[0].credit_start,
               m[0].credit_end);
  cr_assert_eq(memcmp(t + m[0].credit_start, "Reuters", 7), 0);
  ac_rules_free(r);
}

/* ---- numeric parameters ---- */

Test(rules, names_file_and_line_of_a_parameter_that_is_not_a_number)
{
  ac_error e = {0};

  cr_assert_eq(load_fixture("rules/invalid/bad-number.xml", NULL, &e), AC_EINVALID);
  cr_assert(strstr(e.msg, "bad-number.xml:7:") != NULL, "%s", e.msg);
  cr_assert(strstr(e.msg, "min-words") != NULL && strstr(e.msg, "fifty") != NULL, "%s", e.msg);
}

Test(rules, refuses_numeric_parameters_out_of_range_or_nan)
{
  ac_error e = {0};

  cr_assert_eq(load_fixture("rules/invalid/huge-number.xml", NULL, &e), AC_EINVALID);
  cr_assert(strstr(e.msg, "huge-number.xml:8:") != NULL, "%s", e.msg);
  cr_assert_eq(load_fixture("rules/invalid/nan-share.xml", NULL, &e), AC_EINVALID);
  cr_assert(strstr(e.msg, "nan-share.xml:7:") != NULL, "%s", e.msg);
}

Test(rules, accepts_numeric_parameters_in_range)
{
  ac_rules *r = NULL;
  ac_error e = {0};
  const char *pack =
      "<pack name=\"n\" version=\"1\"><rules>"
      "<rule id=\"c\" check=\"copy-attributed\" severity=\"error\"><summary>s</summary>"
      "<param name=\"min-coverage\" value=\"1\"/><param name=\"min-words\" value=\" 0 \"/></rule>"
      "<rule id=\"x\" check=\"excerpt-share\" severity=\"error\"><summary>s</summary>"
      "<param name=\"max\" value=\"0.25\"/></rule></rules></pack>";

  cr_assert_eq(ac_rules_new(&r, &e), 0);
  cr_assert_eq(ac_rules_add_buffer(r, "n.xml", pack, strlen(pack), &e), 0, "%s", e.msg);
  ac_rules_free(r);
}

/* ---- baselines ---- */

static char *baseline_file(char **dir, size_t lines, size_t long_line)
{
  size_t cap = lines * 64 + long_line + 256, len = 0;
  char *s = malloc(cap), *path = malloc(512);

  *dir = temp_dir();
  len += (size_t)snprintf(s + len, cap - len, "# attrcheck baseline 1\n");
  for (size_t i = 0; i < lines; i++) {
    if (i == 1 && long_line > 0) {
      len += (size_t)snprintf(s + len, cap - len, "rule\tp.html\t");
      memset(s + len, 'e', long_line);
      len += long_line;
      s[len++] = '\n';
      continue;
    }
    /* every tenth key twice: duplicates are counted, not kept apart */
    len += (size_t)snprintf(s + len, cap - len, "rule-%zu\tpages/%zu.html\tevidence %zu\n",
                            i % 7, i - (i % 10 == 9), i);
  }
  snprintf(path, 512, "%s/baseline.txt", *dir);
  cr_assert_eq(write_file(path, s, len), 0);
  free(s);
  return path;
}

Test(rules, loads_a_fifty_thousand_line_baseline_at_once, .timeout = 300)
{
  char *dir, *path = baseline_file(&dir, 50000, 0);
  ac_baseline *b = NULL;
  ac_error e = {0};

  cr_assert_eq(ac_baseline_load(&b, path, &e), 0, "%s", e.msg);
  cr_assert_eq(ac_baseline_count(b), 50000);
  ac_baseline_free(b);
  unlink(path);
  rmdir(dir);
  free(path);
  free(dir);
}

Test(rules, names_the_line_of_an_overlong_baseline_entry)
{
  char *dir, *path = baseline_file(&dir, 4, 5000);
  ac_baseline *b = NULL;
  ac_error e = {0};

  cr_assert_eq(ac_baseline_load(&b, path, &e), AC_EINVALID);
  cr_assert(strstr(e.msg, "baseline.txt:3:") != NULL, "%s", e.msg);
  cr_assert_null(b);
  unlink(path);
  rmdir(dir);
  free(path);
  free(dir);
}
