/*
 * report: every --format on one fixture set (fixtures/report/): a page with an
 * error, a warning and a suppressed finding, a page whose title is a formula
 * and whose message holds invalid UTF-8 and control characters, a clean page,
 * and an input that could not be read. Findings are added by hand, so these
 * tests do not depend on the rules engine. Strict parsing (CSV, JSON, SARIF
 * schema, JUnit shape) is done by tests/report/check_report.py.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "attrcheck/report.h"
#include "attrcheck/rules.h"
#include "page/page.h"
#include "report/jsonw.h"
#include "report/report.h"
#include "support.h"

#define DIGEST "ac1:sha256:0f0e0d0c0b0a09080706050403020100f0e0d0c0b0a090807060504030201000"
#define BAD_MESSAGE "bad bytes \xff\xfe, control \x01, <tag> & \"q\" 50%,\nnext line"

/* ---- building the fixture set ---- */

static ac_page *load(const char *name)
{
  char rel[256];
  char *path;
  ac_page *page = NULL;
  ac_error err;

  snprintf(rel, sizeof rel, "report/%s", name);
  path = fixture_path(rel);
  cr_assert_eq(ac_page_load_file(&page, path, NULL, &err), AC_OK, "%s", err.msg);
  free(path);
  return page;
}

static ac_span span_of(const ac_page *page, const char *needle)
{
  const char *text = ac_page_text(page, NULL);
  const char *at = strstr(text, needle);
  ac_span s;

  cr_assert_not_null(at, "fixture lacks %s", needle);
  s.start = (uint32_t)(at - text);
  s.end = s.start + (uint32_t)strlen(needle);
  return s;
}

static void add(ac_page *page, const char *rule, ac_severity sev, const char *message,
                ac_span span, const char *evidence, const char *suppression)
{
  ac_finding f = {rule, sev, message, "link the credit to its source", evidence, span,
                  suppression != NULL, suppression};

  cr_assert_eq(ac_page_add_finding(page, &f), AC_OK);
}

/* Facts as extraction would leave them (the extract module is not needed here). */
static void set_facts(ac_page *page, const char *title, const char *url, const char *canonical)
{
  page->facts.title = ac_arena_strdup(page->arena, title);
  page->facts.url = ac_arena_strdup(page->arena, url);
  page->facts.canonical = ac_arena_strdup(page->arena, canonical);
  page->facts.lang = "fr";
  page->extracted = true;
}

static void set_fingerprint(ac_page *page)
{
  ac_fingerprint *fp = calloc(1, sizeof *fp);   /* released by ac_page_free */

  cr_assert_not_null(fp);
  snprintf(fp->digest, sizeof fp->digest, "%s", DIGEST);
  page->fp = fp;
  page->fp_free = ac_fp_free;
}

static ac_page *syndicated_page(void)
{
  ac_page *page = load("syndicated.html");
  ac_hop chain[] = {{"The Verge", "theverge.com", "https://www.theverge.com/a", NULL},
                    {"FredZone", "fredzone.org", "https://www.fredzone.org/x", NULL},
                    {"this page", NULL, NULL, NULL}};
  ac_attribution a = {"FredZone", "https://www.fredzone.org/x", 1, NULL, "FredZone"};
  ac_passage passage = {0, 40, 0, 40, 120, 400, 0, 280, 0.97};
  ac_match m = {"https://www.fredzone.org/x", "www.fredzone.org", "Écrans", "FredZone", NULL,
                "FredZone", 0.8754, 0.5, 0.97, AC_COPY_VERBATIM, 40, &passage, 1};
  ac_span none = {0, 0};

  set_facts(page, "Les écrans pliables arrivent", "https://agrégateur.example/ecrans",
            "https://agrégateur.example/ecrans");
  add(page, "credit-link-mismatch", AC_SEV_ERROR,
      "the credit \"Le Monde\" links to fredzone.org", span_of(page, "<a href"), "Le Monde",
      NULL);
  add(page, "permission-unknown", AC_SEV_WARNING,
      "the page is republished and states no license or permission", none, NULL, NULL);
  add(page, "byline-missing", AC_SEV_WARNING, "the byline of the original is not kept",
      span_of(page, "<!-- attrcheck-disable"), NULL, "inline: the feed carries no byline");
  cr_assert_eq(ac_page_note(page, "canonical-unresolved", span_of(page, "<link rel"),
                           "the canonical URL %s does not resolve", "agrégateur"), AC_OK);
  cr_assert_eq(ac_page_set_attribution(page, &a), AC_OK);
  cr_assert_eq(ac_page_set_chain(page, chain, 3), AC_OK);
  cr_assert_eq(ac_page_add_match(page, &m), AC_OK);
  set_fingerprint(page);
  return page;
}

static ac_page *formula_page(void)
{
  ac_page *page = load("formula-title.html");

  set_facts(page, "=HYPERLINK(\"x\")", NULL, NULL);
  add(page, "notice-missing", AC_SEV_WARNING, BAD_MESSAGE,
      span_of(page, "<a href=\"https://elsewhere"), "-1+2", NULL);
  return page;
}

static ac_page *clean_page(void)
{
  ac_page *page = load("clean.html");

  set_facts(page, "Our own article", NULL, NULL);
  return page;
}

/* Feed the whole set to a report; the missing file fails and the PNG is
 * skipped as the CLI would see them. */
static void feed(ac_report *r)
{
  static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
  ac_page *pages[] = {syndicated_page(), formula_page(), clean_page()};
  char *missing = fixture_path("report/missing.html");
  char *logo = fixture_path("report/logo.png");
  ac_page *none = NULL;
  ac_error load_err, err;

  for (size_t i = 0; i < AC_COUNT(pages); i++) {
    cr_assert_eq(ac_report_page(r, pages[i], &err), AC_OK, "%s", err.msg);
    ac_page_free(pages[i]);
  }
  cr_assert_neq(ac_page_load_file(&none, missing, NULL, &load_err), AC_OK);
  cr_assert_eq(ac_report_failure(r, missing, &load_err, &err), AC_OK, "%s", err.msg);
  cr_assert_eq(ac_page_load_buffer(&none, logo, png, sizeof png - 1, NULL, &load_err),
               AC_ENOTPAGE);
  cr_assert_eq(ac_report_skipped(r, logo, &load_err, &err), AC_OK, "%s", err.msg);
  free(logo);
  free(missing);
}

/* Write the set in `format` to a fresh -o file; returns its path (malloc'd). */
static char *write_set_with(ac_report_options *opts)
{
  char *dir = temp_dir(), *out = malloc(strlen(dir) + 32);
  ac_report *r = NULL;
  ac_error err;

  sprintf(out, "%s/report.out", dir);
  opts->path = out;
  cr_assert_eq(ac_report_new(&r, opts, &err), AC_OK, "%s", err.msg);
  feed(r);
  cr_assert_eq(ac_report_end(r, NULL, &err), AC_OK, "%s", err.msg);
  ac_report_free(r);
  free(dir);
  return out;
}

static char *write_set(const char *format)
{
  ac_report_options opts = AC_REPORT_OPTIONS_INIT;
  char *base = fixture_path("report");
  char *out;

  opts.format = format;
  opts.base_dir = base;
  opts.command_line = "attrcheck check --format x fixtures/report";
  out = write_set_with(&opts);
  free(base);
  return out;
}

/* Remove a report written by a test, and the temporary directory holding it. */
static void discard(char *out)
{
  char *slash = strrchr(out, '/');

  unlink(out);
  if (slash != NULL) {
    *slash = '\0';
    rmdir(out);
  }
  free(out);
}

static char *slurp(const char *path)
{
  char *text = read_file(path, NULL);

  cr_assert_not_null(text, "cannot read %s", path);
  return text;
}

/* ---- the strict checker ---- */

/* Run check_report.py; skips the test when Python or the schema is not here. */
static char *checked(const char *mode, const char *file)
{
  const char *src = getenv("AC_SOURCE_DIR");
  char cmd[4096], chunk[4096];
  char *out = calloc(1, 1);
  size_t len = 0, n;
  FILE *p;
  int status;

  cr_assert_not_null(src, "AC_SOURCE_DIR is not set");
  snprintf(cmd, sizeof cmd, "python3 '%s/tests/report/check_report.py' %s '%s' 2>&1", src,
           mode, file);
  p = popen(cmd, "r");
  cr_assert_not_null(p);
  while ((n = fread(chunk, 1, sizeof chunk, p)) > 0) {
    out = realloc(out, len + n + 1);
    memcpy(out + len, chunk, n);
    len += n;
    out[len] = '\0';
  }
  status = pclose(p);
  status = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
  if (status == 77 || status == 127) {
    cr_log_warn("%s", out);
    cr_skip_test("%s", status == 127 ? "python3 is not installed" : out);
  }
  cr_assert_eq(status, 0, "%s check failed:\n%s", mode, out);
  return out;
}

/* True when `text` has `line` as a whole line. */
static bool has_line(const char *text, const char *line)
{
  size_t n = strlen(line);

  for (const char *p = text; (p = strstr(p, line)) != NULL; p++)
    if ((p == text || p[-1] == '\n') && (p[n] == '\n' || p[n] == '\0'))
      return true;
  return false;
}

#define assert_line(text, line) \
  cr_assert(has_line((text), (line)), "expected the line\n  %s\nin\n%s", (line), (text))

/* ---- formats ---- */

Test(report, lists_every_format_name_accepted_by_format)
{
  const char *const expected[] = {"text", "csv", "findings-csv", "json", "sarif", "junit",
                                  "github", "html"};
  const char *const *names = ac_report_formats();
  size_t n = 0;

  for (; names[n] != NULL; n++) {
    ac_report_options opts = AC_REPORT_OPTIONS_INIT;
    ac_report *r = NULL;
    ac_error err;
    FILE *sink = fopen("/dev/null", "w");

    cr_assert_str_eq(names[n], expected[n]);
    opts.format = names[n];
    opts.stream = sink;
    cr_assert_eq(ac_report_new(&r, &opts, &err), AC_OK, "%s: %s", names[n], err.msg);
    cr_assert_eq(ac_report_end(r, NULL, &err), AC_OK, "%s: %s", names[n], err.msg);
    ac_report_free(r);
    fclose(sink);
  }
  cr_assert_eq(n, AC_COUNT(expected));
}

Test(report, rejects_an_unknown_format_naming_it)
{
  ac_report_options opts = AC_REPORT_OPTIONS_INIT;
  ac_report *r = NULL;
  ac_error err;

  opts.format = "xml";
  cr_assert_eq(ac_report_new(&r, &opts, &err), AC_EINVALID);
  cr_assert_null(r);
  cr_assert(strstr(err.msg, "'xml'") != NULL, "%s", err.msg);
}

Test(report, text_prints_findings_failures_and_the_summary_line)
{
  char *out = write_set("text");
  char *text = slurp(out);
  char *missing = fixture_path("report/missing.html");
  char *syndicated = fixture_path("report/syndicated.html");
  char line[1024];

  snprintf(line, sizeof line,
           "%s:10:75: error credit-link-mismatch: the credit \"Le Monde\" links to fredzone.org",
           syndicated);
  assert_line(text, line);
  snprintf(line, sizeof line,
           "%s: warning permission-unknown: the page is republished and states no license or "
           "permission", syndicated);
  assert_line(text, line);
  cr_assert(strstr(text, "byline-missing") == NULL, "suppressed findings are not printed");
  snprintf(line, sizeof line, "%s:4:1: note canonical-unresolved: the canonical URL agrégateur "
           "does not resolve", syndicated);
  assert_line(text, line);
  cr_assert(strstr(text, "\xff") == NULL && strstr(text, "\x01") == NULL,
            "invalid bytes and controls are cleaned:\n%s", text);
  cr_assert_eq(count_lines_with(text, " notice-missing: "), 1, "one line per finding:\n%s", text);
  snprintf(line, sizeof line, "%s: error: ", missing);
  cr_assert(strstr(text, line) != NULL, "the unreadable input is named:\n%s", text);
  assert_line(text, "3 pages checked: 1 error, 2 warnings, 1 suppressed; "
                    "1 input could not be checked; 1 skipped");
  cr_assert(strstr(text, "logo.png: note: binary data, not an HTML page") != NULL,
            "the skipped input is named in a report file:\n%s", text);
  cr_assert(strchr(text, '\033') == NULL, "no colour unless asked");
  free(text);
  discard(out);
  free(missing);
  free(syndicated);
}

Test(report, text_quiet_drops_the_summary_and_colour_comes_only_when_asked)
{
  ac_report_options opts = AC_REPORT_OPTIONS_INIT;
  char *out, *text;

  opts.quiet = true;
  opts.color = AC_COLOR_ALWAYS;
  out = write_set_with(&opts);
  text = slurp(out);
  cr_assert(strstr(text, "pages checked") == NULL, "%s", text);
  cr_assert(strstr(text, "canonical-unresolved") == NULL, "quiet drops notes:\n%s", text);
  cr_assert(strstr(text, "\033[1;31merror\033[0m") != NULL, "errors in red:\n%s", text);
  free(text);
  discard(out);
}

Test(report, csv_round_trips_through_a_strict_parser_with_the_formula_title_neutralised)
{
  char *out = write_set("csv");
  char *text = slurp(out);
  char *cells = checked("csv", out);

  cr_assert(strncmp(text, AC_CSV_HEADER "\r\n", strlen(AC_CSV_HEADER) + 2) == 0,
            "the header is fixed:\n%s", text);
  assert_line(cells, "rows=5");
  assert_line(cells, "4.verdict=error");
  assert_line(cells, "5.verdict=skipped");
  assert_line(cells, "2.title='=HYPERLINK(\"x\")");
  assert_line(cells, "2.verdict=pass");
  assert_line(cells, "2.warnings=1");
  assert_line(cells, "3.rules=");
  free(cells);
  free(text);
  discard(out);
}

Test(report, csv_row_has_verdict_attribution_chain_match_and_fingerprint)
{
  char *out = write_set("csv");
  char *cells = checked("csv", out);

  assert_line(cells, "1.verdict=fail");
  assert_line(cells, "1.errors=1");
  assert_line(cells, "1.warnings=1");
  assert_line(cells, "1.rules=credit-link-mismatch permission-unknown");
  assert_line(cells, "1.url=https://agrégateur.example/ecrans");
  assert_line(cells, "1.credited_source=FredZone");
  assert_line(cells, "1.source_link=https://www.fredzone.org/x");
  assert_line(cells, "1.credit_matches_link=yes");
  assert_line(cells, "1.copyright_holder=FredZone");
  assert_line(cells, "1.license=");
  assert_line(cells, "1.chain=theverge.com > fredzone.org > this page");
  assert_line(cells, "1.matched_original=https://www.fredzone.org/x");
  assert_line(cells, "1.original_coverage=0.875");
  assert_line(cells, "1.page_coverage=0.500");
  assert_line(cells, "1.copy_class=verbatim");
  assert_line(cells, "1.fingerprint=" DIGEST);
  assert_line(cells, "3.credit_matches_link=");
  assert_line(cells, "4.verdict=error");
  free(cells);
  discard(out);
}

Test(report, findings_csv_has_one_row_per_unsuppressed_finding)
{
  char *out = write_set("findings-csv");
  char *text = slurp(out);
  char *cells = checked("csv", out);

  cr_assert(strncmp(text, AC_FINDINGS_CSV_HEADER "\r\n", strlen(AC_FINDINGS_CSV_HEADER) + 2) ==
            0, "%s", text);
  assert_line(cells, "rows=4");                 /* 3 findings + the unreadable input */
  assert_line(cells, "1.line=10");
  assert_line(cells, "1.column=75");
  assert_line(cells, "1.rule=credit-link-mismatch");
  assert_line(cells, "1.fingerprint=" DIGEST);
  assert_line(cells, "2.line=");
  assert_line(cells, "3.evidence='-1+2");
  assert_line(cells, "3.message=bad bytes \xef\xbf\xbd\xef\xbf\xbd, control  , <tag> & "
                     "\"q\" 50%, next line");    /* controls and line breaks folded */
  assert_line(cells, "4.severity=error");
  free(cells);
  free(text);
  discard(out);
}

Test(report, json_parses_strictly_despite_invalid_utf8_and_control_characters)
{
  char *out = write_set("json");
  char *values = checked("json", out);

  assert_line(values, "pages.1.findings.0.message=bad bytes \xef\xbf\xbd\xef\xbf\xbd, control "
                      "\x01, <tag> & \"q\" 50%,\\nnext line");
  assert_line(values, "pages.1.title==HYPERLINK(\"x\")");
  free(values);
  discard(out);
}

Test(report, json_carries_tool_facts_findings_matches_and_totals)
{
  char *out = write_set("json");
  char *values = checked("json", out);

  assert_line(values, "tool.name=attrcheck");
  assert_line(values, "tool.version=" ATTRCHECK_VERSION);
  assert_line(values, "options.command_line=attrcheck check --format x fixtures/report");
  assert_line(values, "pages.length=3");
  assert_line(values, "skipped.0.reason=binary data, not an HTML page");
  assert_line(values, "totals.skipped=1");
  assert_line(values, "pages.0.verdict=fail");
  assert_line(values, "pages.0.facts.canonical=https://agrégateur.example/ecrans");
  assert_line(values, "pages.0.facts.lang=fr");
  assert_line(values, "pages.0.attribution.credited_source=FredZone");
  assert_line(values, "pages.0.attribution.credit_matches_link=true");
  assert_line(values, "pages.0.findings.0.line=10");
  assert_line(values, "pages.0.findings.0.column=75");
  assert_line(values, "pages.0.findings.0.hint=link the credit to its source");
  assert_line(values, "pages.0.findings.1.line=null");
  assert_line(values, "pages.0.findings.2.suppressed=true");
  assert_line(values, "pages.0.matches.0.original_coverage=0.875");
  assert_line(values, "pages.0.matches.0.class=verbatim");
  assert_line(values, "pages.0.matches.0.passages.length=1");
  assert_line(values, "pages.0.fingerprint=" DIGEST);
  assert_line(values, "pages.0.notes.0.code=canonical-unresolved");
  assert_line(values, "pages.0.notes.0.line=4");
  assert_line(values, "failures.length=1");
  assert_line(values, "totals.pages=3");
  assert_line(values, "totals.failed_inputs=1");
  assert_line(values, "totals.suppressed=1");
  assert_line(values, "totals.pages_failing=1");
  free(values);
  discard(out);
}

Test(report, sarif_validates_against_the_sarif_2_1_0_schema)
{
  char *out = write_set("sarif");
  char *values = checked("sarif", out);

  assert_line(values, "version=2.1.0");
  assert_line(values, "runs.length=1");
  assert_line(values, "runs.0.columnKind=unicodeCodePoints");
  free(values);
  discard(out);
}

Test(report, sarif_lists_rules_seen_in_results_and_marks_suppressions)
{
  char *out = write_set("sarif");
  char *values = checked("json", out);   /* strict JSON; the schema has its own test */

  assert_line(values, "runs.0.tool.driver.name=attrcheck");
  assert_line(values, "runs.0.tool.driver.rules.0.id=credit-link-mismatch");
  assert_line(values, "runs.0.tool.driver.rules.3.id=notice-missing");
  assert_line(values, "runs.0.results.length=4");
  assert_line(values, "runs.0.results.0.ruleIndex=0");
  assert_line(values, "runs.0.results.0.level=error");
  assert_line(values, "runs.0.results.0.locations.0.physicalLocation.artifactLocation.uri="
                      "syndicated.html");
  assert_line(values, "runs.0.results.0.locations.0.physicalLocation.region.startLine=10");
  assert_line(values, "runs.0.results.0.locations.0.physicalLocation.region.startColumn=75");
  assert_line(values, "runs.0.results.2.suppressions.0.kind=inSource");
  assert_line(values, "runs.0.results.3.ruleIndex=3");
  assert_line(values, "runs.0.results.3.level=warning");
  free(values);
  discard(out);
}

Test(report, sarif_reports_unsuccessful_execution_naming_the_unreadable_file)
{
  char *out = write_set("sarif");
  char *values = checked("json", out);   /* strict JSON; the schema has its own test */

  assert_line(values, "runs.0.invocations.0.executionSuccessful=false");
  assert_line(values, "runs.0.invocations.0.toolExecutionNotifications.0.locations.0."
                      "physicalLocation.artifactLocation.uri=missing.html");
  assert_line(values, "runs.0.invocations.0.toolExecutionNotifications.1.level=note");
  free(values);
  discard(out);
}

/* The same finding moved two lines down keeps its fingerprint (alerts do not duplicate). */
Test(report, sarif_fingerprints_do_not_change_when_lines_move)
{
  static const char a[] = "<p>Source : <a href=\"https://x.example/\">Y</a></p>";
  static const char b[] = "\n\n<p>Source : <a href=\"https://x.example/\">Y</a></p>";
  const char *texts[] = {a, b};
  char *prints[2];

  for (int i = 0; i < 2; i++) {
    ac_report_options opts = AC_REPORT_OPTIONS_INIT;
    ac_page *page = NULL;
    ac_report *r = NULL;
    ac_error err;
    char *out, *values, *at;

    cr_assert_eq(ac_page_load_buffer(&page, "p.html", texts[i], strlen(texts[i]), NULL, &err),
                 AC_OK);
    add(page, "credit-link-mismatch", AC_SEV_ERROR, "the credit Y links to x.example",
        span_of(page, "<a"), "Y", NULL);
    opts.format = "sarif";
    {
      char *dir = temp_dir();
      out = malloc(strlen(dir) + 16);
      sprintf(out, "%s/p.sarif", dir);
      free(dir);
    }
    opts.path = out;
    cr_assert_eq(ac_report_new(&r, &opts, &err), AC_OK);
    cr_assert_eq(ac_report_page(r, page, &err), AC_OK);
    cr_assert_eq(ac_report_end(r, NULL, &err), AC_OK);
    ac_report_free(r);
    ac_page_free(page);
    values = checked("json", out);   /* strict JSON; the schema has its own test */
    assert_line(values, i == 0 ? "runs.0.results.0.locations.0.physicalLocation.region."
                                 "startLine=1"
                               : "runs.0.results.0.locations.0.physicalLocation.region."
                                 "startLine=3");
    at = strstr(values, "partialFingerprints.attrcheck/v1=");
    cr_assert_not_null(at, "%s", values);
    prints[i] = strndup(at, strcspn(at, "\n"));
    free(values);
    discard(out);
  }
  cr_assert_str_eq(prints[0], prints[1]);
  free(prints[0]);
  free(prints[1]);
}

Test(report, junit_is_well_formed_xml_in_gitlab_shape)
{
  char *out = write_set("junit");
  char *values = checked("junit", out);
  char cmd[1024];

  snprintf(cmd, sizeof cmd, "xmllint --noout '%s' 2>&1", out);
  if (system("command -v xmllint >/dev/null 2>&1") == 0)
    cr_assert_eq(system(cmd), 0, "xmllint rejects %s", out);
  assert_line(values, "suite0@tests=5");
  assert_line(values, "suite0@failures=1");
  assert_line(values, "suite0@errors=1");
  assert_line(values, "suite0@skipped=1");
  assert_line(values, "suite0.case4.skipped0@message=binary data, not an HTML page");
  assert_line(values, "suite0.case0.failure0@type=credit-link-mismatch");
  assert_line(values, "suite0.case0.failure0@message=the credit \"Le Monde\" links to "
                      "fredzone.org");
  cr_assert(strstr(values, "syndicated.html:10:75: error credit-link-mismatch") != NULL,
            "the failure text gives line:column:\n%s", values);
  assert_line(values, "suite0.case3.error0@type=input-error");
  free(values);
  discard(out);
}

Test(report, github_annotations_escape_data_and_properties)
{
  char *out = write_set("github");
  char *text = slurp(out);

  assert_line(text, "::error file=syndicated.html,line=10,col=75,title=credit-link-mismatch::"
                    "the credit \"Le Monde\" links to fredzone.org");
  assert_line(text, "::warning file=syndicated.html,title=permission-unknown::"
                    "the page is republished and states no license or permission");
  assert_line(text, "::warning file=formula-title.html,line=5,col=4,title=notice-missing::"
                    "bad bytes \xef\xbf\xbd\xef\xbf\xbd, control  , <tag> & \"q\" 50%25,"
                    "%0Anext line");                  /* \x01 folded, the line break escaped */
  cr_assert(strstr(text, "::error file=missing.html,title=attrcheck::") != NULL, "%s", text);
  cr_assert(strstr(text, "::notice file=logo.png,title=attrcheck::binary data") != NULL, "%s",
            text);
  cr_assert(strstr(text, "byline-missing") == NULL, "suppressed findings are not annotated");
  free(text);
  discard(out);
}

/* ---- output ---- */

Test(report, output_file_appears_only_when_the_report_ends)
{
  ac_report_options opts = AC_REPORT_OPTIONS_INIT;
  char *dir = temp_dir(), *out = malloc(strlen(dir) + 16);
  ac_page *page = clean_page();
  ac_report *r = NULL;
  ac_error err;
  struct stat st;

  sprintf(out, "%s/a.csv", dir);
  opts.format = "csv";
  opts.path = out;
  cr_assert_eq(ac_report_new(&r, &opts, &err), AC_OK, "%s", err.msg);
  cr_assert_eq(ac_report_page(r, page, &err), AC_OK);
  cr_assert_neq(stat(out, &st), 0, "no half-written report under the final name");
  cr_assert_eq(ac_report_end(r, NULL, &err), AC_OK, "%s", err.msg);
  cr_assert_eq(stat(out, &st), 0, "the report is there after end");
  cr_assert_gt(st.st_size, (off_t)strlen(AC_CSV_HEADER));
  ac_report_free(r);
  ac_page_free(page);
  discard(out);
  free(dir);
}

Test(report, freeing_an_unfinished_report_leaves_no_file_behind)
{
  ac_report_options opts = AC_REPORT_OPTIONS_INIT;
  char *dir = temp_dir(), *out = malloc(strlen(dir) + 16), cmd[1024];
  ac_report *r = NULL;
  ac_error err;

  sprintf(out, "%s/a.json", dir);
  opts.format = "json";
  opts.path = out;
  cr_assert_eq(ac_report_new(&r, &opts, &err), AC_OK, "%s", err.msg);
  ac_report_free(r);
  snprintf(cmd, sizeof cmd, "test -z \"$(ls -A '%s')\"", dir);
  cr_assert_eq(system(cmd), 0, "the temporary file is removed");
  discard(out);
  free(dir);
}

Test(report, cannot_create_the_output_in_a_missing_directory)
{
  ac_report_options opts = AC_REPORT_OPTIONS_INIT;
  ac_report *r = NULL;
  ac_error err;

  opts.path = "/nonexistent-dir/out.sarif";
  opts.format = "sarif";
  cr_assert_eq(ac_report_new(&r, &opts, &err), AC_EIO);
  cr_assert(strstr(err.msg, "/nonexistent-dir/out.sarif") != NULL, "%s", err.msg);
}

Test(report, full_disk_is_reported_as_eio_naming_the_output)
{
  ac_report_options opts = AC_REPORT_OPTIONS_INIT;
  FILE *full = fopen("/dev/full", "w");
  ac_report *r = NULL;
  ac_error err;
  int rc;

  if (full == NULL)
    cr_skip_test("no /dev/full here");
  opts.stream = full;
  opts.format = "json";
  cr_assert_eq(ac_report_new(&r, &opts, &err), AC_OK);
  {
    ac_page *page = clean_page();       /* small: the error shows when the end flushes */
    rc = ac_report_page(r, page, &err);
    ac_page_free(page);
  }
  cr_assert_eq(rc, AC_OK, "%s", err.msg);
  rc = ac_report_end(r, NULL, &err);
  cr_assert_eq(rc, AC_EIO, "got %d", rc);
  cr_assert(strstr(err.msg, "standard output: cannot write the report: No space") != NULL,
            "%s", err.msg);
  ac_report_free(r);
  fclose(full);
}

Test(report, closed_pipe_is_reported_as_closed_output_without_a_crash)
{
  ac_report_options opts = AC_REPORT_OPTIONS_INIT;
  ac_report *r = NULL;
  ac_error err;
  int fds[2], rc = AC_OK;
  FILE *w;

  signal(SIGPIPE, SIG_IGN);           /* as the CLI does */
  cr_assert_eq(pipe(fds), 0);
  close(fds[0]);
  w = fdopen(fds[1], "w");
  opts.stream = w;
  opts.format = "text";
  cr_assert_eq(ac_report_new(&r, &opts, &err), AC_OK);
  for (int i = 0; i < 200 && rc == AC_OK; i++) {
    ac_page *page = syndicated_page();
    rc = ac_report_page(r, page, &err);
    ac_page_free(page);
  }
  if (rc == AC_OK)
    rc = ac_report_end(r, NULL, &err);
  cr_assert_eq(rc, AC_ECLOSED, "a reader that went away is told apart from a failing disk; got %d", rc);
  cr_assert(strstr(err.msg, "Broken pipe") != NULL, "%s", err.msg);
  ac_report_free(r);
  fclose(w);
}

/* ---- escaping ---- */

static char *captured(void (*fn)(FILE *, const char *), const char *s)
{
  char *buf = NULL;
  size_t len = 0;
  FILE *m = open_memstream(&buf, &len);

  fn(m, s);
  fclose(m);
  return buf;
}

static void write_csv_cell(FILE *out, const char *s)
{
  ac_report__csv_cell(out, s);
}

static void xml_text(FILE *out, const char *s)
{
  ac_report__xml(out, s, false);
}

static void json_string(FILE *out, const char *s)
{
  ac_jsonw w;

  ac_jsonw_init(&w, out, false);
  ac_jsonw_str(&w, s);
}

Test(report, csv_cells_neutralise_every_formula_trigger)
{
  static const char *const cases[][2] = {
    {"=1+1", "'=1+1"},   {"+1", "'+1"},        {"-1", "'-1"},       {"@SUM(A1)", "'@SUM(A1)"},
    {"\tx", "' x"},      {"\rx", "\"' x\""},  {"a,b", "\"a,b\""},  {"say \"hi\"", "\"say \"\"hi\"\"\""},
    {"plain", "plain"},  {"=a,b", "\"'=a,b\""},
  };

  for (size_t i = 0; i < AC_COUNT(cases); i++) {
    char *got = captured(write_csv_cell, cases[i][0]);
    cr_assert_str_eq(got, cases[i][1], "cell %zu", i);
    free(got);
  }
}

Test(report, xml_text_folds_controls_drops_noncharacters_and_escapes_markup)
{
  char *got = captured(xml_text, "a\x01\x0b<b>&\xef\xbf\xbe\xff!");

  cr_assert_str_eq(got, "a  &lt;b&gt;&amp;\xef\xbf\xbd!");
  free(got);
}

Test(report, plain_text_keeps_one_line_and_no_terminal_escapes)
{
  /* ESC [ 2 J (clear screen), a newline, the C1 CSI U+009B, then é and a tab kept */
  char *got = captured(ac_report__plain, "a\x1b[2Jb\nc\xc2\x9b" "1md\t\xc3\xa9");

  cr_assert_str_eq(got, "a [2Jb c 1md\t\xc3\xa9");
  free(got);
}

Test(report, json_strings_replace_invalid_utf8_and_escape_controls)
{
  /* an overlong '/', a UTF-16 surrogate, a cut sequence (one U+FFFD for its maximal
   * subpart, as the Encoding standard's decoder writes), then controls and U+2028 */
  char *got = captured(json_string, "\xc0\xaf|\xed\xa0\x80|\xe2\x82|\x1f\x7f\n\xe2\x80\xa8\"é");

  cr_assert_str_eq(got, "\"\\ufffd\\ufffd|\\ufffd\\ufffd\\ufffd|\\ufffd|"
                        "\\u001f\\u007f\\n\\u2028\\\"é\"");
  free(got);
}

Test(report, paths_become_relative_forward_slash_uris)
{
  char *rel = ac_report__relpath("/repo/content/./a b/../x%.html", "/repo", NULL);
  char *outside = ac_report__relpath("/elsewhere/p.html", "/repo", NULL);
  char *from_cwd = ac_report__relpath("../content//p.html", "/repo", "/repo/sub");
  char *base = ac_report__abspath("./repo/../repo/", "/");
  char *buf = NULL;
  size_t len = 0;
  FILE *m = open_memstream(&buf, &len);

  cr_assert_str_eq(rel, "content/x%.html");
  cr_assert_str_eq(outside, "/elsewhere/p.html");
  cr_assert_str_eq(from_cwd, "content/p.html");
  cr_assert_str_eq(base, "/repo");
  free(from_cwd);
  free(base);
  ac_report__uri(m, "content/été x.html");
  fputc('|', m);
  ac_report__uri(m, outside);
  fclose(m);
  cr_assert_str_eq(buf, "content/%C3%A9t%C3%A9%20x.html|file:///elsewhere/p.html");
  free(buf);
  free(rel);
  free(outside);
}

/* With the built-in packs loaded, SARIF describes each rule from its pack. */
Test(report, sarif_rules_come_from_the_loaded_rule_table)
{
  ac_report_options opts = AC_REPORT_OPTIONS_INIT;
  ac_rules *rules = NULL;
  const ac_rule_info *first;
  char expected[1024];
  char *out, *values;
  ac_error err;

  cr_assert_eq(ac_rules_new(&rules, &err), AC_OK);
  if (ac_rules_add_defaults(rules, getenv("ATTRCHECK_RULES_DIR"), &err) < 0 ||
      ac_rules_count(rules) == 0) {
    ac_rules_free(rules);
    cr_skip_test("the built-in rule packs do not load yet: %s", err.msg);
  }
  first = ac_rules_info(rules, 0);
  opts.format = "sarif";
  opts.rules = rules;
  out = write_set_with(&opts);
  values = checked("json", out);   /* strict JSON; the schema has its own test */
  snprintf(expected, sizeof expected, "runs.0.tool.driver.rules.0.id=%s", first->id);
  assert_line(values, expected);
  if (first->summary != NULL) {
    snprintf(expected, sizeof expected,
             "runs.0.tool.driver.rules.0.shortDescription.text=%s", first->summary);
    assert_line(values, expected);
  }
  snprintf(expected, sizeof expected, "runs.0.tool.driver.rules.length=%zu",
           ac_rules_count(rules) + (ac_rules_find(rules, "byline-missing") == NULL) +
               (ac_rules_find(rules, "notice-missing") == NULL) +
               (ac_rules_find(rules, "credit-link-mismatch") == NULL) +
               (ac_rules_find(rules, "permission-unknown") == NULL));
  assert_line(values, expected);
  free(values);
  discard(out);
  ac_rules_free(rules);
}

/* -o /dev/full must not replace the device with a file: devices are written in place. */
Test(report, output_to_a_device_writes_in_place_and_reports_a_full_disk)
{
  ac_report_options opts = AC_REPORT_OPTIONS_INIT;
  ac_report *r = NULL;
  ac_error err;
  struct stat st;

  if (stat("/dev/full", &st) != 0 || !S_ISCHR(st.st_mode))
    cr_skip_test("no /dev/full device here");
  opts.path = "/dev/full";
  opts.format = "csv";
  cr_assert_eq(ac_report_new(&r, &opts, &err), AC_OK, "%s", err.msg);
  cr_assert_eq(ac_report_end(r, NULL, &err), AC_EIO);
  cr_assert(strstr(err.msg, "/dev/full: cannot write the report") != NULL, "%s", err.msg);
  ac_report_free(r);
  cr_assert_eq(stat("/dev/full", &st), 0);
  cr_assert(S_ISCHR(st.st_mode), "/dev/full is still a device");
}

Test(report, output_through_a_symbolic_link_replaces_the_link_not_its_target)
{
  ac_report_options opts = AC_REPORT_OPTIONS_INIT;
  char *dir = temp_dir(), target[512], link[512];
  ac_report *r = NULL;
  ac_error err;
  struct stat st;
  char *text;

  snprintf(target, sizeof target, "%s/real.csv", dir);
  snprintf(link, sizeof link, "%s/link.csv", dir);
  cr_assert_eq(write_file(target, "old", 3), 0);
  cr_assert_eq(symlink("real.csv", link), 0);
  opts.path = link;
  opts.format = "csv";
  cr_assert_eq(ac_report_new(&r, &opts, &err), AC_OK, "%s", err.msg);
  cr_assert_eq(ac_report_end(r, NULL, &err), AC_OK, "%s", err.msg);
  ac_report_free(r);
  cr_assert_eq(lstat(link, &st), 0);
  cr_assert(S_ISREG(st.st_mode), "the link itself is replaced by the report");
  text = slurp(link);
  cr_assert_str_eq(text, AC_CSV_HEADER "\r\n");
  free(text);
  text = slurp(target);
  cr_assert_str_eq(text, "old", "what the link pointed to is untouched");
  free(text);
  unlink(link);
  unlink(target);
  rmdir(dir);
  free(dir);
}

Test(report, sarif_run_with_only_a_skipped_input_is_still_successful)
{
  static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
  char *dir = temp_dir(), out[512], *values;
  ac_report_options opts = AC_REPORT_OPTIONS_INIT;
  ac_report *r = NULL;
  ac_page *none = NULL;
  ac_error load_err, err;

  snprintf(out, sizeof out, "%s/report.sarif", dir);
  opts.format = "sarif";
  opts.path = out;
  cr_assert_eq(ac_report_new(&r, &opts, &err), AC_OK, "%s", err.msg);
  cr_assert_eq(ac_page_load_buffer(&none, "logo.png", png, sizeof png - 1, NULL, &load_err),
               AC_ENOTPAGE);
  cr_assert_eq(ac_report_skipped(r, "logo.png", &load_err, &err), AC_OK, "%s", err.msg);
  cr_assert_eq(ac_report_end(r, NULL, &err), AC_OK, "%s", err.msg);
  ac_report_free(r);
  values = checked("json", out);
  assert_line(values, "runs.0.invocations.0.executionSuccessful=true");
  assert_line(values, "runs.0.invocations.0.toolExecutionNotifications.0.level=note");
  free(values);
  unlink(out);
  rmdir(dir);
  free(dir);
}
