/*
 * The GitHub Actions report: one workflow command per finding,
 * `::error file=…,line=…,col=…,title=rule-id::message`, which GitHub shows as
 * an annotation on that line. Paths are relative to the base directory (the
 * repository root in CI).
 */
#include <stdlib.h>

#include "report.h"

static const char *command(ac_severity sev)
{
  switch (sev) {
  case AC_SEV_ERROR: return "error";
  case AC_SEV_WARNING: return "warning";
  default: return "notice";
  }
}

static int annotate(ac_report *r, const char *cmd, const char *path, ac_pos pos,
                    const char *title, const char *message)
{
  char *rel = ac_report__rel(r, path);

  if (rel == NULL)
    return AC_ENOMEM;
  fprintf(r->out, "::%s file=", cmd);
  ac_report__gh_escape(r->out, rel, true);
  if (pos.line > 0)
    fprintf(r->out, ",line=%u,col=%u", (unsigned)pos.line, (unsigned)pos.column);
  fputs(",title=", r->out);
  ac_report__gh_escape(r->out, title, true);
  fputs("::", r->out);
  ac_report__gh_escape(r->out, message, false);
  fputc('\n', r->out);
  free(rel);
  return AC_OK;
}

static int github_page(ac_report *r, const ac_page *page)
{
  size_t n = 0;
  const ac_finding *f = ac_page_findings(page, &n);
  int rc = AC_OK;

  for (size_t i = 0; i < n && rc == AC_OK; i++) {
    if (f[i].suppressed || f[i].severity == AC_SEV_NONE)
      continue;
    rc = annotate(r, command(f[i].severity), ac_page_path(page),
                  ac_report__pos(page, f[i].span), f[i].rule, f[i].message);
  }
  return rc;
}

static int github_failure(ac_report *r, const char *path, const char *message)
{
  ac_pos none = {0, 0};

  return annotate(r, "error", path, none, "attrcheck", message);
}

static int github_skipped(ac_report *r, const char *path, const char *reason)
{
  ac_pos none = {0, 0};

  return annotate(r, "notice", path, none, "attrcheck", reason);
}

static int github_end(ac_report *r, const ac_totals *t)
{
  (void)r;
  (void)t;
  return AC_OK;
}

const ac_report_ops ac_report__github = {
  "github", NULL, github_page, github_failure, github_skipped, github_end, NULL,
};
