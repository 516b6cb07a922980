/*
 * The JUnit XML report, in the shape GitLab's merge-request widget reads:
 * <testsuites><testsuite><testcase>, one testcase per page (classname and name
 * are the path), a <failure> per finding at or above --fail-on (type = rule
 * id), an <error> for each input that could not be checked. The suite's
 * counts come before its testcases, so those are buffered until the end.
 */
#include <stdlib.h>
#include <string.h>

#include "report.h"

typedef struct junit_state {
  FILE *cases;
  char *buf;
  size_t len;
  size_t tests, failures, errors, skipped;
} junit_state;

static int junit_begin(ac_report *r)
{
  junit_state *s = calloc(1, sizeof *s);

  if (s == NULL)
    return AC_ENOMEM;
  r->state = s;
  s->cases = open_memstream(&s->buf, &s->len);
  return s->cases != NULL ? AC_OK : AC_ENOMEM;
}

static void testcase_open(FILE *out, const char *path)
{
  fputs("    <testcase classname=\"", out);
  ac_report__xml(out, path, true);
  fputs("\" name=\"", out);
  ac_report__xml(out, path, true);
  fputs("\" file=\"", out);
  ac_report__xml(out, path, true);
  fputs("\">\n", out);
}

/* "page.html:12:5: error credit-link-mismatch: message" */
static void finding_line(FILE *out, const ac_page *page, const ac_finding *f)
{
  ac_pos pos = ac_report__pos(page, f->span);

  ac_report__lead(out, ac_page_path(page));      /* the line may begin the text */
  ac_report__xml(out, ac_page_path(page), false);
  if (pos.line > 0)
    fprintf(out, ":%u:%u", (unsigned)pos.line, (unsigned)pos.column);
  fprintf(out, ": %s ", ac_severity_name(f->severity));
  ac_report__xml(out, f->rule, false);
  fputs(": ", out);
  ac_report__xml(out, f->message, false);
  if (f->suppressed) {
    fputs(" (suppressed: ", out);
    ac_report__xml(out, f->suppression != NULL ? f->suppression : "yes", false);
    fputc(')', out);
  }
  fputc('\n', out);
}

static void failure(FILE *out, const ac_page *page, const ac_finding *f)
{
  fputs("      <failure message=\"", out);
  ac_report__xml(out, f->message, true);
  fputs("\" type=\"", out);
  ac_report__xml(out, f->rule, true);
  fputs("\">", out);
  finding_line(out, page, f);
  if (f->hint != NULL) {
    fputs("hint: ", out);
    ac_report__xml(out, f->hint, false);
    fputc('\n', out);
  }
  fputs("</failure>\n", out);
}

/* Findings that do not fail the page (warnings under --fail-on, suppressed ones)
 * still show, as the testcase's output. */
static int junit_page(ac_report *r, const ac_page *page)
{
  junit_state *s = r->state;
  size_t n = 0, failed = 0, other = 0;
  const ac_finding *f = ac_page_findings(page, &n);

  testcase_open(s->cases, ac_page_path(page));
  for (size_t i = 0; i < n; i++) {
    if (ac_report__fails(r, &f[i])) {
      failure(s->cases, page, &f[i]);
      failed++;
    } else if (f[i].severity != AC_SEV_NONE) {
      other++;
    }
  }
  if (other > 0) {
    fputs("      <system-out>", s->cases);
    for (size_t i = 0; i < n; i++)
      if (!ac_report__fails(r, &f[i]) && f[i].severity != AC_SEV_NONE)
        finding_line(s->cases, page, &f[i]);
    fputs("</system-out>\n", s->cases);
  }
  fputs("    </testcase>\n", s->cases);
  s->tests++;
  s->failures += failed > 0;
  return AC_OK;
}

/* JUnit's own mark for a test that did not run: CI dashboards show it greyed out. */
static int junit_skipped(ac_report *r, const char *path, const char *reason)
{
  junit_state *s = r->state;

  testcase_open(s->cases, path);
  fputs("      <skipped message=\"", s->cases);
  ac_report__xml(s->cases, reason, true);
  fputs("\"/>\n    </testcase>\n", s->cases);
  s->tests++;
  s->skipped++;
  return AC_OK;
}

static int junit_failure(ac_report *r, const char *path, const char *message)
{
  junit_state *s = r->state;

  testcase_open(s->cases, path);
  fputs("      <error message=\"", s->cases);
  ac_report__xml(s->cases, message, true);
  fputs("\" type=\"input-error\">", s->cases);
  ac_report__xml(s->cases, path, false);
  fputs(": ", s->cases);
  ac_report__xml(s->cases, message, false);
  fputs("\n</error>\n    </testcase>\n", s->cases);
  s->tests++;
  s->errors++;
  return AC_OK;
}

static void counts(FILE *out, const junit_state *s, const ac_totals *t)
{
  fprintf(out, " tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\" time=\"",
          s->tests, s->failures, s->errors, s->skipped);
  ac_report__fixed(out, t->seconds >= 0.0 ? t->seconds : 0.0, 3);
  fputc('"', out);
}

static int junit_end(ac_report *r, const ac_totals *t)
{
  junit_state *s = r->state;

  if (fflush(s->cases) != 0 || ferror(s->cases))
    return AC_ENOMEM;
  fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"attrcheck\"", r->out);
  counts(r->out, s, t);
  fputs(">\n  <testsuite name=\"attrcheck\"", r->out);
  counts(r->out, s, t);
  fputs(">\n", r->out);
  fwrite(s->buf, 1, s->len, r->out);
  fputs("  </testsuite>\n</testsuites>\n", r->out);
  return AC_OK;
}

static void junit_dispose(ac_report *r)
{
  junit_state *s = r->state;

  if (s == NULL)
    return;
  if (s->cases != NULL)
    fclose(s->cases);
  free(s->buf);
  free(s);
  r->state = NULL;
}

const ac_report_ops ac_report__junit = {
  "junit", junit_begin, junit_page, junit_failure, junit_skipped, junit_end, junit_dispose,
};
