/*
 * The CSV reports (RFC 4180, CRLF line ends): `csv` is the audit report, one
 * row per page under AC_CSV_HEADER; `findings-csv` is one row per finding.
 * Every cell goes through ac_report__csv_cell, which neutralises formulas.
 */
#include <stdlib.h>
#include <string.h>

#include "attrcheck/fetch.h"
#include "report.h"

typedef struct row {
  FILE *out;
  bool started;
} row;

static void cell(row *w, const char *s)
{
  if (w->started)
    fputc(',', w->out);
  w->started = true;
  ac_report__csv_cell(w->out, s);
}

static void cell_num(row *w, size_t n)
{
  char buf[32];

  snprintf(buf, sizeof buf, "%zu", n);
  cell(w, buf);
}

static void cell_fixed(row *w, double v)
{
  if (w->started)
    fputc(',', w->out);
  w->started = true;
  if (v >= 0.0)                        /* a negative or NaN coverage is "unknown" */
    ac_report__fixed(w->out, v, 3);
}

static void end_row(row *w)
{
  fputs("\r\n", w->out);
}

/* Space-separated ids of the unsuppressed findings, each once, in order. The
 * counts beside it leave suppressed findings out, so the list does too. */
static char *rule_list(const ac_page *page)
{
  size_t n = 0, len = 0;
  const ac_finding *f = ac_page_findings(page, &n);
  char *buf = NULL;
  FILE *m = open_memstream(&buf, &len);
  bool any = false;

  if (m == NULL)
    return NULL;
  for (size_t i = 0; i < n; i++) {
    bool seen = false;

    if (f[i].suppressed || f[i].severity == AC_SEV_NONE)
      continue;
    for (size_t j = 0; j < i && !seen; j++)
      seen = !f[j].suppressed && f[j].severity != AC_SEV_NONE &&
             strcmp(f[j].rule, f[i].rule) == 0;
    if (!seen)
      fprintf(m, "%s%s", any ? " " : "", f[i].rule);
    any = any || !seen;
  }
  if (fclose(m) != 0) {
    free(buf);
    return NULL;
  }
  return buf;
}

/* "theverge.com > fredzone.org > this page": origin first. */
static char *chain_list(const ac_page *page)
{
  size_t n = 0, len = 0;
  const ac_hop *h = ac_page_chain(page, &n);
  char *buf = NULL;
  FILE *m = open_memstream(&buf, &len);

  if (m == NULL)
    return NULL;
  for (size_t i = 0; i < n; i++) {
    const char *name = h[i].domain != NULL ? h[i].domain : h[i].name;
    fprintf(m, "%s%s", i > 0 ? " > " : "", name != NULL ? name : "?");
  }
  if (fclose(m) != 0) {
    free(buf);
    return NULL;
  }
  return buf;
}

static int csv_begin(ac_report *r)
{
  fputs(AC_CSV_HEADER "\r\n", r->out);
  return AC_OK;
}

static void attribution_cells(row *w, const ac_page *page)
{
  const ac_attribution *a = ac_page_attribution(page);
  const ac_facts *facts = ac_page_facts(page);
  int yes = a != NULL ? a->credit_matches_link : -1;

  cell(w, a != NULL ? a->credited_source : NULL);
  cell(w, a != NULL ? a->source_link : NULL);
  cell(w, yes > 0 ? "yes" : yes == 0 ? "no" : NULL);
  cell(w, facts != NULL ? facts->canonical : NULL);
  cell(w, a != NULL ? a->license : NULL);
  cell(w, a != NULL ? a->copyright_holder : NULL);
}

static void match_cells(row *w, const ac_page *page)
{
  const ac_match *m = ac_report__best_match(page);

  cell(w, m != NULL ? m->url : NULL);
  cell_fixed(w, m != NULL ? m->original_coverage : -1.0);
  cell_fixed(w, m != NULL ? m->page_coverage : -1.0);
  cell(w, m != NULL ? ac_copy_class_name(m->cls) : NULL);
}

/* The last column: quotations copied from the best match, apart from original_coverage. */
static void quoted_cell(row *w, const ac_page *page)
{
  const ac_match *m = ac_report__best_match(page);

  cell_fixed(w, m != NULL ? m->quoted_coverage : -1.0);
}

/* --fetch: the source that covers most of the page, else the first one tried. */
static void fetch_cells(row *w, const ac_page *page)
{
  size_t n = 0;
  const ac_fetch_result *f = ac_page_fetched(page, &n), *best = n > 0 ? &f[0] : NULL;
  char status[32];

  for (size_t i = 0; i < n; i++)
    if (f[i].compared && (!best->compared || f[i].page_coverage > best->page_coverage))
      best = &f[i];
  if (best != NULL && best->outcome == AC_FETCH_OK)
    snprintf(status, sizeof status, "%ld", best->status);
  else if (best != NULL)
    snprintf(status, sizeof status, "%s", ac_fetch_outcome_name(best->outcome));
  cell(w, best != NULL ? best->url : NULL);
  cell(w, best != NULL ? status : NULL);
  cell_fixed(w, best != NULL && best->compared ? best->page_coverage : -1.0);
}

static int csv_page(ac_report *r, const ac_page *page)
{
  const ac_facts *facts = ac_page_facts(page);
  const ac_fingerprint *fp = ac_page_fp(page);
  ac_finding_counts c = ac_page_finding_counts(page);
  char *rules = rule_list(page), *chain = chain_list(page);
  char *permission = ac_report__permission(page), *origin = ac_report__origin_chain(r, page);
  row w = {r->out, false};
  int rc = rules != NULL && chain != NULL && permission != NULL && origin != NULL ? AC_OK
                                                                                 : AC_ENOMEM;

  if (rc == AC_OK) {
    cell(&w, ac_page_path(page));
    cell(&w, ac_report__page_url(page));
    cell(&w, facts != NULL ? facts->title : NULL);
    cell(&w, ac_report__verdict(r, page));
    cell_num(&w, c.errors);
    cell_num(&w, c.warnings);
    cell(&w, rules);
    attribution_cells(&w, page);
    cell(&w, chain);
    match_cells(&w, page);
    cell(&w, fp != NULL ? fp->digest : NULL);
    cell(&w, NULL);                    /* reason: a checked page has its verdict */
    cell(&w, permission);
    cell(&w, origin);
    quoted_cell(&w, page);
    for (int i = 0; i < AC_CSV_RIGHTS_COLUMNS; i++) {   /* csv_rights.c */
      char *v = ac_report__rights_cell(page, i);
      cell(&w, v);
      free(v);
    }
    fetch_cells(&w, page);
    end_row(&w);
  }
  free(rules);
  free(chain);
  free(permission);
  free(origin);
  return rc;
}

/* An input that was not checked has its path, its verdict and, in `reason`,
 * why (the message stderr gives, without the path). */
static void input_row(ac_report *r, const char *path, const char *verdict, const char *reason)
{
  row w = {r->out, false};

  cell(&w, path);
  cell(&w, NULL);
  cell(&w, NULL);
  cell(&w, verdict);
  for (int i = 4; i < 19; i++)
    cell(&w, NULL);
  cell(&w, reason);
  for (int i = 20; i < 23 + AC_CSV_RIGHTS_COLUMNS + 3; i++)  /* permission … license_channels, source_* (--fetch) */
    cell(&w, NULL);
  end_row(&w);
}

static int csv_failure(ac_report *r, const char *path, const char *message)
{
  input_row(r, path, "error", message);
  return AC_OK;
}

/* An audit lists every file it was given: one not a page is a "skipped" row. */
static int csv_skipped(ac_report *r, const char *path, const char *reason)
{
  input_row(r, path, "skipped", reason);
  return AC_OK;
}

static int csv_end(ac_report *r, const ac_totals *t)
{
  (void)r;
  (void)t;
  return AC_OK;
}

const ac_report_ops ac_report__csv = {
  "csv", csv_begin, csv_page, csv_failure, csv_skipped, csv_end, NULL,
};

static int findings_begin(ac_report *r)
{
  fputs(AC_FINDINGS_CSV_HEADER "\r\n", r->out);
  return AC_OK;
}

static int findings_page(ac_report *r, const ac_page *page)
{
  size_t n = 0;
  const ac_finding *f = ac_page_findings(page, &n);
  const ac_fingerprint *fp = ac_page_fp(page);

  for (size_t i = 0; i < n; i++) {
    ac_pos pos = ac_report__pos(page, f[i].span);
    row w = {r->out, false};

    if (f[i].suppressed || f[i].severity == AC_SEV_NONE)
      continue;                        /* no column could say it was suppressed */
    cell(&w, ac_page_path(page));
    if (pos.line > 0) {
      cell_num(&w, pos.line);
      cell_num(&w, pos.column);
    } else {
      cell(&w, NULL);
      cell(&w, NULL);
    }
    cell(&w, ac_severity_name(f[i].severity));
    cell(&w, f[i].rule);
    cell(&w, f[i].message);
    cell(&w, f[i].evidence);
    cell(&w, ac_report__page_url(page));
    cell(&w, fp != NULL ? fp->digest : NULL);
    end_row(&w);
  }
  return AC_OK;
}

static int findings_failure(ac_report *r, const char *path, const char *message)
{
  row w = {r->out, false};

  cell(&w, path);
  cell(&w, NULL);
  cell(&w, NULL);
  cell(&w, "error");
  cell(&w, NULL);
  cell(&w, message);
  cell(&w, NULL);
  cell(&w, NULL);
  cell(&w, NULL);
  end_row(&w);
  return AC_OK;
}

const ac_report_ops ac_report__findings_csv = {
  "findings-csv", findings_begin, findings_page, findings_failure, NULL, csv_end, NULL,
};
