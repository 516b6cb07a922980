/*
 * Output injection: page text and file names that carry "\n::error …" (a
 * GitHub Actions workflow command) or "##[error]" (the runner's older syntax,
 * read anywhere in a line), ESC sequences, C0 and C1 controls and U+202E
 * reach no output raw, in any format, command or message. Each
 * format's output is also parsed strictly (JSON and SARIF by jansson, JUnit
 * by libxml2 without recovery, CSV by an RFC 4180 reader below), so the
 * escaping keeps every document valid.
 */
#include <criterion/criterion.h>
#include <jansson.h>
#include <libxml/parser.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

/* A page whose suppression comment, title and credit carry every hostile kind. */
static const char hostile_page[] =
  "<!doctype html><html lang=\"en\"><head><title>T&#27;[2J\xe2\x80\xaeitle</title></head>\n"
  "<body><p data-attrcheck-ignore=\"x&#27;[2J&#27;c\xe2\x80\xae&#1;&#7;\xc2\x85\xc2\x9b" "31m ##[error]old\n"
  "::error file=README.md,line=1,title=Injected::page\">Hello</p>\n"
  "<p>Source : Foo&#27;[31m\xe2\x80\xae\n::error::credit</p>\n"
  "</body></html>\n";

/* File names: a line break before "::error", a leading "::", ESC, bidi, C0. */
static const char *const names[] = {
  "x\n::error file=README.md,line=1,title=Injected::fake.html",
  "::warning::cmd.html",
  " ::notice::lead.html",
  "esc\x1b[2J\x1b" "c.html",
  "bidi\xe2\x80\xaelmth.txt.html",
  "c0\x01\x07.html",
  "old##[warning]syntax.html",
};
static const char missing[] = "gone\n::error::missing.html";

static char *hostile_dir(void)
{
  char *dir = temp_dir(), path[4096];

  for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    cr_assert_eq(write_file(path, hostile_page, strlen(hostile_page)), 0, "%s", path);
  }
  return dir;
}

/* The first code point no output may carry raw, as a byte offset; -1 when none. */
static long raw_control(const char *s)
{
  const unsigned char *p = (const unsigned char *)s;

  for (size_t i = 0; p[i] != '\0'; i++) {
    unsigned char c = p[i];
    if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7F)
      return (long)i;
    if (c == 0xC2 && p[i + 1] >= 0x80 && p[i + 1] <= 0x9F)               /* C1 */
      return (long)i;
    if (c == 0xE2 && p[i + 1] == 0x80 &&
        (p[i + 2] == 0x8E || p[i + 2] == 0x8F || (p[i + 2] >= 0xA8 && p[i + 2] <= 0xAE)))
      return (long)i;                                       /* LRM RLM, U+2028/9, embeddings */
    if (c == 0xE2 && p[i + 1] == 0x81 && p[i + 2] >= 0xA6 && p[i + 2] <= 0xA9)
      return (long)i;                                       /* isolates */
  }
  return -1;
}

static bool is_rule_id(const char *s, size_t n)
{
  if (n == 0)
    return false;
  for (size_t i = 0; i < n; i++)
    if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
      return false;
  return true;
}

/*
 * A real annotation: ::error|warning|notice file=F[,line=N,col=N],title=ID::
 * as a runner splits it: properties on ',', each key once and known, F free
 * of raw ':' (escaped as %3A), ID a rule id.
 */
static bool real_annotation(const char *line, size_t n)
{
  static const char *const cmds[] = {"::error ", "::warning ", "::notice "};
  static const char *const keys[] = {"file=", "line=", "col=", "title="};
  char buf[8192], *p = NULL, *end, *title = NULL;
  unsigned seen[4] = {0};

  if (n >= sizeof buf)
    return false;
  memcpy(buf, line, n);
  buf[n] = '\0';
  for (size_t i = 0; i < 3 && p == NULL; i++)
    if (strncmp(buf, cmds[i], strlen(cmds[i])) == 0)
      p = buf + strlen(cmds[i]);
  if (p == NULL || (end = strstr(p, "::")) == NULL)
    return false;
  *end = '\0';
  for (char *prop = strtok(p, ","); prop != NULL; prop = strtok(NULL, ",")) {
    size_t k = 0;
    while (k < 4 && strncmp(prop, keys[k], strlen(keys[k])) != 0)
      k++;
    if (k == 4 || seen[k]++ > 0 || strchr(prop, ':') != NULL)
      return false;
    if (k == 3)
      title = prop + strlen(keys[3]);
  }
  return seen[0] == 1 && title != NULL && is_rule_id(title, strlen(title));
}

/* No line begins with "::" after blanks, unless `annotations` and it is a real one. */
static void assert_no_command_lines(const char *what, const char *s, bool annotations)
{
  const char *line = s;

  while (*line != '\0') {
    const char *nl = strchr(line, '\n');
    size_t n = nl != NULL ? (size_t)(nl - line) : strlen(line);
    const char *p = line;

    while (p < line + n && (*p == ' ' || *p == '\t' || *p == '\r'))
      p++;
    if (p + 1 < line + n && p[0] == ':' && p[1] == ':') {
      size_t len = n - (size_t)(p - line);
      while (len > 0 && p[len - 1] == '\r')
        len--;
      cr_assert(annotations && p == line && real_annotation(p, len),
                "%s: a line starts a workflow command:\n%.*s", what, (int)n, line);
    }
    line += n + (nl != NULL);
  }
}

static void assert_clean(const char *what, const char *s, bool annotations)
{
  long at = raw_control(s);

  cr_assert(at < 0, "%s: raw control or bidi character at byte %ld:\n%s", what, at, s);
  assert_no_command_lines(what, s, annotations);
  /* In a real annotation the runner has read the line as a command already. */
  cr_assert(annotations || strstr(s, "##[") == NULL, "%s: a '##[' command:\n%s", what, s);
}

/* RFC 4180 with CRLF rows: every row has the header's number of cells. Returns the rows. */
static size_t csv_rows_strict(const char *s)
{
  size_t rows = 0, cells = 1, header = 0;
  const char *p = s;

  while (*p != '\0') {
    if (*p == '"') {
      for (p++;; p++) {
        cr_assert_neq(*p, '\0', "unterminated quoted cell");
        if (*p == '"' && p[1] == '"')
          p++;
        else if (*p == '"')
          break;
      }
      p++;
      cr_assert(*p == ',' || *p == '\r', "text after a closing quote: %.20s", p);
    } else {
      while (*p != ',' && *p != '\r' && *p != '\0') {
        cr_assert(*p != '"' && *p != '\n', "a quote or bare LF in an unquoted cell: %.20s", p);
        p++;
      }
    }
    if (*p == ',') {
      cells++;
      p++;
      continue;
    }
    cr_assert(p[0] == '\r' && p[1] == '\n', "a row does not end with CRLF");
    p += 2;
    if (rows++ == 0)
      header = cells;
    cr_assert_eq(cells, header, "row %zu has %zu cells, the header %zu", rows, cells, header);
    cells = 1;
  }
  return rows;
}

static run_result check_format(const char *dir, const char *format)
{
  const char *argv[] = {"check", "--no-config", "--jobs", "1", "--format", format,
                        names[0], names[1], names[2], names[3], names[4], names[5],
                        names[6], missing, NULL};

  return run_cli_in(dir, argv, NULL, 0);
}

/* The hostile text did reach the report (folded), so the checks above saw it. */
static void assert_payload_shown(const char *format, const char *out, const char *mark)
{
  cr_assert(strstr(out, mark) != NULL, "%s: the page's text is not in the report:\n%s",
            format, out);
}

static void check_common(const char *format, const run_result *r, bool annotations)
{
  cr_assert_eq(r->status, 2, "%s: a missing input makes the run incomplete; stderr: %s", format,
               r->err);
  assert_clean(format, r->out, annotations);
  assert_clean("stderr", r->err, false);
  cr_assert(strstr(r->err, "gone ::error::missing.html") != NULL,
            "the missing file is named, its line break folded: %s", r->err);
}

Test(output_safety, text_folds_controls_and_defuses_leading_colons)
{
  char *dir = hostile_dir();
  run_result r = check_format(dir, "text");

  check_common("text", &r, false);
  assert_payload_shown("text", r.out, "[2J");
  cr_assert(strstr(r.out, "./::warning::cmd.html:") != NULL, "%s", r.out);
  cr_assert(strstr(r.out, "./ ::notice::lead.html:") != NULL, "%s", r.out);
  cr_assert(strstr(r.out, "x ::error file=README.md,line=1,title=Injected::fake.html:") != NULL,
            "%s", r.out);
  cr_assert(strstr(r.out, "old## [warning]syntax.html:") != NULL, "%s", r.out);
  run_result_free(&r);
  free(dir);
}

Test(output_safety, github_annotations_are_the_only_commands)
{
  char *dir = hostile_dir();
  run_result r = check_format(dir, "github");

  check_common("github", &r, true);
  assert_payload_shown("github", r.out, "[2J");
  cr_assert(strstr(r.out, "::error file=gone%0A%3A%3Aerror%3A%3Amissing.html,title=attrcheck::")
            != NULL, "%s", r.out);
  cr_assert(count_lines_with(r.out, "title=Injected") == 0 ||
            strstr(r.out, "%2Ctitle=Injected%3A%3A") != NULL, "%s", r.out);
  run_result_free(&r);
  free(dir);
}

static void csv_case(const char *format, const char *mark)
{
  char *dir = hostile_dir();
  run_result r = check_format(dir, format);

  check_common(format, &r, false);
  assert_payload_shown(format, r.out, mark);
  cr_assert_geq(csv_rows_strict(r.out), 7, "%s: a header and a row per input:\n%s", format,
                r.out);
  cr_assert(strstr(r.out, "\r\n\"::warning::cmd.html\",") != NULL, "quoted:\n%s", r.out);
  run_result_free(&r);
  free(dir);
}

Test(output_safety, csv_parses_strictly_with_one_line_per_row)
{
  csv_case("csv", "T [2J itle");
}

Test(output_safety, findings_csv_parses_strictly_with_one_line_per_row)
{
  csv_case("findings-csv", "[2J");
}

/* The report's path for the first hostile name is the name itself: escaped, not changed. */
static bool has_path(json_t *pages, const char *name)
{
  size_t i;
  json_t *page;

  json_array_foreach(pages, i, page)
    if (json_is_string(json_object_get(page, "path")) &&
        strcmp(json_string_value(json_object_get(page, "path")), name) == 0)
      return true;
  return false;
}

Test(output_safety, json_parses_strictly_and_keeps_names_exact)
{
  char *dir = hostile_dir();
  run_result r = check_format(dir, "json");
  json_error_t e;
  json_t *doc;

  check_common("json", &r, false);
  assert_payload_shown("json", r.out, "\\u001b[2J");
  assert_payload_shown("json", r.out, "\\u202e");
  doc = json_loads(r.out, JSON_REJECT_DUPLICATES, &e);
  cr_assert_not_null(doc, "line %d: %s", e.line, e.text);
  cr_assert(has_path(json_object_get(doc, "pages"), names[0]), "%s", r.out);
  cr_assert(has_path(json_object_get(doc, "pages"), names[3]), "%s", r.out);
  json_decref(doc);
  run_result_free(&r);
  free(dir);
}

Test(output_safety, sarif_parses_strictly)
{
  char *dir = hostile_dir();
  run_result r = check_format(dir, "sarif");
  json_error_t e;
  json_t *doc;

  check_common("sarif", &r, false);
  assert_payload_shown("sarif", r.out, "\\u001b[2J");
  doc = json_loads(r.out, JSON_REJECT_DUPLICATES, &e);
  cr_assert_not_null(doc, "line %d: %s", e.line, e.text);
  cr_assert(json_is_array(json_object_get(doc, "runs")));
  json_decref(doc);
  run_result_free(&r);
  free(dir);
}

Test(output_safety, junit_is_well_formed_xml)
{
  char *dir = hostile_dir();
  run_result r = check_format(dir, "junit");
  xmlDocPtr doc;

  check_common("junit", &r, false);
  assert_payload_shown("junit", r.out, "[2J");
  doc = xmlReadMemory(r.out, (int)strlen(r.out), "report.xml", NULL,
                      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  cr_assert_not_null(doc, "not well-formed XML:\n%s", r.out);
  cr_assert_str_eq((const char *)xmlDocGetRootElement(doc)->name, "testsuites");
  xmlFreeDoc(doc);
  run_result_free(&r);
  free(dir);
}

Test(output_safety, extract_fingerprint_and_index_add_say_names_on_one_line)
{
  char *dir = hostile_dir();
  const char *extract[] = {"extract", names[0], names[1], names[3], names[6], missing, NULL};
  const char *fingerprint[] = {"fingerprint", names[0], names[1], names[2], names[4], names[6],
                               missing, NULL};
  const char *index[] = {"index", "add", "--index", "o.db", "--base-url", "https://x.example/",
                         names[0], names[1], names[3], names[6], missing, NULL};
  const char *const *cmds[] = {extract, fingerprint, index};

  for (size_t i = 0; i < 3; i++) {
    run_result r = run_cli_in(dir, cmds[i], NULL, 0);

    cr_assert_eq(r.status, 2, "%s: %s", cmds[i][0], r.err);
    assert_clean(cmds[i][0], r.out, false);
    assert_clean("stderr", r.err, false);
    cr_assert(strstr(r.err, "gone ::error::missing.html") != NULL, "%s", r.err);
    if (i == 0) {                       /* one JSON document per page, each valid */
      json_error_t e;
      json_t *doc = json_loads(r.out, JSON_DISABLE_EOF_CHECK, &e);
      cr_assert_not_null(doc, "%s", e.text);
      json_decref(doc);
      assert_payload_shown("extract", r.out, "\\u202e");
    }
    if (i == 1)
      cr_assert(strstr(r.out, "./::warning::cmd.html  ac1:") != NULL, "%s", r.out);
    run_result_free(&r);
  }
  free(dir);
}

/* A rule pack is anyone's file too: its summaries reach the terminal folded. */
Test(output_safety, rules_list_and_explain_fold_controls_from_a_pack)
{
  char *dir = temp_dir(), pack[4096];
  /* U+202E reorders what follows; U+009B is CSI, an escape sequence in one character */
  static const char xml[] =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<pack name=\"hostile-text\" version=\"1\"><rules>\n"
      "<rule id=\"credit-link-missing\" check=\"credit-has-link\" severity=\"warning\">\n"
      "<summary>Say \xe2\x80\xae" "desrever\xc2\x9b" "2J here.</summary>\n"
      "</rule></rules></pack>\n";
  const char *list[] = {"rules", "list", "--rules", pack, NULL};
  const char *explain[] = {"rules", "explain", "--rules", pack, "credit-link-missing", NULL};
  const char *const *cmds[] = {list, explain};

  snprintf(pack, sizeof pack, "%s/hostile.xml", dir);
  cr_assert_eq(write_file(pack, xml, sizeof xml - 1), 0);
  for (size_t i = 0; i < 2; i++) {
    run_result r = run_cli(cmds[i], NULL, 0);

    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.out, "desrever") != NULL, "the summary is shown: %s", r.out);
    cr_assert(strstr(r.out, "\xe2\x80\xae") == NULL, "U+202E reached the terminal: %s", r.out);
    cr_assert(strstr(r.out, "\xc2\x9b") == NULL, "CSI reached the terminal: %s", r.out);
    run_result_free(&r);
  }
  free(dir);
}
