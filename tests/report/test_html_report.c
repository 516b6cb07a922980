/*
 * html_report: the HTML audit report is one self-contained, script-safe file
 * with the copied passages side by side; and, when Debian's chromium is
 * installed, it loads without console errors, its summary counts equal the
 * CSV's, a screenshot is written, and hostile page titles run nothing.
 */
#include <criterion/criterion.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "support.h"

#define MISATTRIBUTED "pages/index-misattributed-copy"

typedef struct audit {
  char *dir, *db, *html, *csv;        /* malloc'd paths */
  char *text;                         /* the HTML report */
  int status;
} audit;

static char *str_printf(const char *fmt, const char *a, const char *b)
{
  size_t n = strlen(fmt) + strlen(a) + (b != NULL ? strlen(b) : 0) + 1;
  char *s = malloc(n);

  snprintf(s, n, fmt, a, b != NULL ? b : "");
  return s;
}

static char *audit_page(const char *name)
{
  return str_printf("%s/tests/report/audit/%s", getenv("AC_SOURCE_DIR"), name);
}

/* The report of the audit fixtures: a misattributed copy (indexed original), an
 * unattributed copy, two hostile titles, a missing file and a binary file. */
static void run_audit(audit *a, const char *format, const char *out)
{
  char *originals = fixture_path("originals/harbour-gazette-ferry.html");
  char *copy = fixture_path(MISATTRIBUTED "/page.html");
  char *uncredited = fixture_path("pages/index-unattributed-copy/page.html");
  char *script = audit_page("script-title.html"), *img = audit_page("img-title.html");
  char *missing = str_printf("%s/missing.html", a->dir, NULL);
  char *binary = str_printf("%s/program.html", a->dir, NULL);
  const char *add[] = {"index", "add", "--index", a->db, originals, NULL};
  const char *check[] = {"check", "--no-config", "--index", a->db, "-f", format, "-o", out,
                         copy, uncredited, script, img, missing, binary, NULL};
  run_result r;

  cr_assert_eq(write_file(binary, "\x7f" "ELF\x02\x01\x01\0\0\0\0\0", 12), 0);
  r = run_cli(add, NULL, 0);
  cr_assert_eq(r.status, 0, "index add: %s", r.err);
  run_result_free(&r);
  r = run_cli(check, NULL, 0);
  cr_assert_eq(r.status, 2, "an input could not be checked: %s", r.err);
  a->status = r.status;
  run_result_free(&r);
  free(originals);
  free(copy);
  free(uncredited);
  free(script);
  free(img);
  free(missing);
  free(binary);
}

static void audit_init(audit *a)
{
  memset(a, 0, sizeof *a);
  a->dir = temp_dir();
  a->db = str_printf("%s/originals.db", a->dir, NULL);
  a->html = str_printf("%s/audit.html", a->dir, NULL);
  a->csv = str_printf("%s/audit.csv", a->dir, NULL);
  run_audit(a, "html", a->html);
  a->text = read_file(a->html, NULL);
  cr_assert_not_null(a->text);
}

static void audit_dispose(audit *a)
{
  free(a->dir);
  free(a->db);
  free(a->html);
  free(a->csv);
  free(a->text);
}

/* The content of the first <tag>…</tag> element, malloc'd. */
static char *element(const char *html, const char *tag)
{
  char open[32], close[32];
  const char *start, *end;

  snprintf(open, sizeof open, "<%s>", tag);
  snprintf(close, sizeof close, "</%s>", tag);
  start = strstr(html, open);
  cr_assert_not_null(start, "no <%s>", tag);
  start += strlen(open);
  end = strstr(start, close);
  cr_assert_not_null(end);
  return strndup(start, (size_t)(end - start));
}

static void csp_hash(const char *s, char out[64])
{
  unsigned char md[32];
  unsigned n = 0;

  cr_assert_eq(EVP_Digest(s, strlen(s), md, &n, EVP_sha256(), NULL), 1);
  EVP_EncodeBlock((unsigned char *)out, md, (int)n);
}

Test(html_report, is_one_file_whose_policy_allows_only_its_own_style_and_script_by_hash)
{
  audit a;
  char *style, *script, hash[64], want[128];

  audit_init(&a);
  cr_assert(strstr(a.text, "<!DOCTYPE html>") == a.text);
  cr_assert(strstr(a.text, "http-equiv=\"Content-Security-Policy\" content=\"default-src "
                           "'none';") != NULL);
  cr_assert(strstr(a.text, "unsafe-inline") == NULL);
  style = element(a.text, "style");
  script = element(a.text, "script");
  csp_hash(style, hash);
  snprintf(want, sizeof want, "style-src 'sha256-%s'", hash);
  cr_assert(strstr(a.text, want) != NULL, "the style's hash: %s", want);
  csp_hash(script, hash);
  snprintf(want, sizeof want, "script-src 'sha256-%s'", hash);
  cr_assert(strstr(a.text, want) != NULL, "the script's hash: %s", want);
  cr_assert(strstr(a.text, "<script src") == NULL && strstr(a.text, "<link rel=\"stylesheet") ==
            NULL && strstr(a.text, "@import") == NULL && strstr(a.text, "url(") == NULL,
            "nothing external");
  cr_assert_eq(count_lines_with(a.text, "<script>"), 1, "one script, the report's own");
  free(style);
  free(script);
  audit_dispose(&a);
}

Test(html_report, escapes_hostile_titles_and_links_no_javascript_url)
{
  audit a;

  audit_init(&a);
  cr_assert(strstr(a.text, "&lt;script&gt;document.documentElement.setAttribute(&#39;data-pwned"
                           "&#39;,&#39;script&#39;);alert(1)&lt;/script&gt;") != NULL,
            "the title is shown as text");
  cr_assert(strstr(a.text, "&lt;img src=x onerror=&quot;") != NULL);
  cr_assert(strstr(a.text, "<img") == NULL, "no page markup survives: an <img> in the report");
  cr_assert(strstr(a.text, "href=\"javascript:") == NULL, "a javascript: URL is never a link");
  audit_dispose(&a);
}

Test(html_report, shows_findings_facts_and_the_copied_passages_side_by_side)
{
  audit a;

  audit_init(&a);
  cr_assert(strstr(a.text, "<td>21:10</td><td class=\"s-error\">error</td><td>misattributed-copy"
                           "</td>") != NULL, "finding with line:column");
  cr_assert(strstr(a.text, "Credit the site the text comes from") != NULL, "the fix hint");
  cr_assert(strstr(a.text, "<dd>harbourgazette.example (text) &gt; northshore.example; credited: "
                           "valleycourier.example (wrong)</dd>") != NULL, "the chain");
  cr_assert(strstr(a.text, "original coverage 1.000 · page coverage 0.982") != NULL);
  cr_assert(strstr(a.text, "passage 1: original bytes 0–") != NULL, "offsets");
  cr_assert(strstr(a.text, "<div class=\"pair\"><div><mark>Commuters who live on Skerry Island")
            != NULL, "the original on the left, copied words highlighted");
  cr_assert(strstr(a.text, "</div><div><mark>Commuters who live on Skerry Island") != NULL,
            "the page on the right");
  cr_assert(strstr(a.text, "<td class=\"n\" id=\"n-error\">1</td>") != NULL);
  cr_assert(strstr(a.text, "No such file or directory") != NULL, "why an input failed");
  audit_dispose(&a);
}

Test(html_report, marks_edited_words_apart_from_copied_ones)
{
  char *dir = temp_dir(), *db = str_printf("%s/o.db", dir, NULL);
  char *orig = str_printf("%s/orig.html", dir, NULL), *copy = str_printf("%s/copy.html", dir, NULL);
  char *html = str_printf("%s/r.html", dir, NULL), *text;
  const char *body = "Commuters who live on the island say the new winter timetable has left "
                     "them with no way home after seven in the evening, and that the operator "
                     "cut the last two sailings of the day on weekdays to save money this year.";
  const char *add[] = {"index", "add", "--index", db, orig, NULL};
  const char *check[] = {"check", "--no-config", "--index", db, "-f", "html", "-o", html, copy,
                         NULL};
  char page[2048];
  run_result r;

  snprintf(page, sizeof page, "<html><head><title>O</title><link rel=canonical "
           "href=\"https://orig.example/a\"></head><body><main><p>%s</p></main></body></html>",
           body);
  cr_assert_eq(write_file(orig, page, strlen(page)), 0);
  snprintf(page, sizeof page, "<html><head><title>C</title></head><body><main><p>%s</p>"
           "</main></body></html>", body);
  memcpy(strstr(page, "seven"), "eight", 5);              /* one word edited */
  cr_assert_eq(write_file(copy, page, strlen(page)), 0);
  r = run_cli(add, NULL, 0);
  run_result_free(&r);
  r = run_cli(check, NULL, 0);
  run_result_free(&r);
  text = read_file(html, NULL);
  cr_assert_not_null(text);
  cr_assert(strstr(text, "home after </mark>eight<mark> in the evening") != NULL ||
            strstr(text, "home after</mark> eight <mark>in the evening") != NULL,
            "the edited word is not highlighted: %s", strstr(text, "class=\"pair\""));
  cr_assert(strstr(text, "</mark>seven<mark>") != NULL ||
            strstr(text, "</mark> seven <mark>") != NULL, "nor on the original's side");
  free(text);
  free(html);
  free(copy);
  free(orig);
  free(db);
  free(dir);
}

/* ---- in a browser ---- */

static char *find_chromium(void)
{
  static const char *const names[] = {"/usr/bin/chromium", "/usr/bin/chromium-browser", NULL};

  for (size_t i = 0; names[i] != NULL; i++)
    if (access(names[i], X_OK) == 0)
      return strdup(names[i]);
  return NULL;
}

/*
 * Run Chromium headless on file://html with `action` (--dump-dom or
 * --screenshot=FILE); stdout to out_path, stderr to err_path. No network
 * here: without these flags Chromium waits on lookups. The timeout only
 * stops a hang; a load takes seconds.
 */
static int chromium(const char *bin, const char *dir, const char *html, const char *action,
                    const char *out_path, const char *err_path)
{
  static int runs;
  char cmd[8192];

  snprintf(cmd, sizeof cmd,
           "timeout -k 10 240 '%s' --headless --no-sandbox --disable-gpu --disable-quic "
           "--no-first-run --disable-background-networking --disable-component-update "
           "--disable-sync --hide-scrollbars --window-size=1280,2400 --enable-logging=stderr "
           "--v=0 --user-data-dir='%s/profile-%d' %s 'file://%s' >'%s' 2>'%s'",
           bin, dir, ++runs, action, html, out_path, err_path);
  return system(cmd);
}

/* How many rows of the audit CSV have this verdict (the 4th cell). */
static size_t csv_verdicts(const char *csv, const char *verdict)
{
  size_t n = 0;
  const char *p = strchr(csv, '\n');

  while (p != NULL && p[1] != '\0') {
    int cell = 0;
    const char *start = ++p;
    bool quoted = false;

    for (; *p != '\0' && (quoted || *p != '\n'); p++) {
      if (*p == '"')
        quoted = !quoted;
      else if (*p == ',' && !quoted && ++cell == 3)
        start = p + 1;
      else if (*p == ',' && !quoted && cell == 4)
        n += (size_t)(p - start) == strlen(verdict) && strncmp(start, verdict, p - start) == 0;
    }
    if (*p == '\0')
      break;
  }
  return n;
}

static size_t dom_count(const char *dom, const char *id)
{
  char key[64];
  const char *at;

  snprintf(key, sizeof key, "id=\"%s\">", id);
  at = strstr(dom, key);
  cr_assert_not_null(at, "no #%s in the DOM", id);
  return (size_t)strtoul(at + strlen(key), NULL, 10);
}

Test(html_report, opens_in_chromium_with_no_console_error_and_runs_no_page_script,
     .timeout = 580)
{
  char *bin = find_chromium(), *dom_path, *err_path, *dom, *err, *csv, *shot, cwd[4096];
  const char *verdicts[] = {"pass", "fail", "error", "skipped"};
  const char *ids[] = {"n-pass", "n-fail", "n-error", "n-skipped"};
  audit a;
  struct stat st;

  if (bin == NULL)
    cr_skip_test("chromium is not installed (apt-get install chromium): browser test skipped");
  audit_init(&a);
  run_audit(&a, "csv", a.csv);
  dom_path = str_printf("%s/dom.html", a.dir, NULL);
  err_path = str_printf("%s/chromium.err", a.dir, NULL);
  cr_assert_eq(chromium(bin, a.dir, a.html, "--dump-dom", dom_path, err_path), 0);
  dom = read_file(dom_path, NULL);
  err = read_file(err_path, NULL);
  cr_assert(dom != NULL && err != NULL);
  cr_assert(strstr(err, ":CONSOLE") == NULL, "console messages: %s", err);
  cr_assert(strstr(dom, "<html lang=\"en\" data-report-script=\"ran\" data-report-ms=\"") != NULL,
            "the report's own script ran (its CSP hash is right): %.300s", dom);
  cr_assert(strstr(dom, "data-pwned=") == NULL, "a page's markup ran: %s", strstr(dom, "pwned"));
  csv = read_file(a.csv, NULL);
  for (size_t i = 0; i < 4; i++)
    cr_assert_eq(dom_count(dom, ids[i]), csv_verdicts(csv, verdicts[i]), "%s", verdicts[i]);
  cr_assert_eq(csv_verdicts(csv, "fail"), 3, "the CSV itself: %s", csv);
  cr_assert_eq(csv_verdicts(csv, "skipped"), 1, "the CSV itself: %s", csv);
  /* The screenshot goes under the build folder (ctest runs tests there). */
  cr_assert_not_null(getcwd(cwd, sizeof cwd));
  shot = str_printf("--screenshot=%s/html-report.png", cwd, NULL);
  cr_assert_eq(chromium(bin, a.dir, a.html, shot, dom_path, err_path), 0);
  cr_assert(stat(shot + strlen("--screenshot="), &st) == 0 && st.st_size > 1000,
            "screenshot %s", shot);
  cr_log_info("screenshot: %s", shot + strlen("--screenshot="));
  free(shot);
  free(csv);
  free(dom);
  free(err);
  free(dom_path);
  free(err_path);
  free(bin);
  audit_dispose(&a);
}
