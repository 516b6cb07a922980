/*
 * The HTML audit report: one self-contained file (no external CSS, script,
 * font or image) that reads offline and prints. A summary with small inline
 * SVG bar charts (numbers written beside each bar), a table of pages that a
 * tiny inline script sorts and filters (the table is complete without it),
 * then each page: findings with line:column and hint, the facts an auditor
 * decides on, and for each matched original the copied passages side by side,
 * copied words highlighted.
 *
 * Every string from a page is escaped; links are kept only for http(s) URLs.
 * A Content-Security-Policy meta tag allows nothing but the report's own style
 * and script, by SHA-256 hash, so even an escaping mistake could not run
 * page-supplied script. Pages are written to temporary files as they come
 * and copied after the summary, which needs every page first.
 */
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html.h"
#include "report.h"
#include "../util/grow.h"
#include "../util/utf8.h"

static const char style[] =
  "body{font:14px/1.45 system-ui,sans-serif;margin:1.5em auto;max-width:75em;padding:0 1em;"
  "color:#1b1b1b}"
  "h1{font-size:1.5em}h2{font-size:1.25em;border-bottom:1px solid #ccc;margin-top:2em}"
  "h3{font-size:1.05em;margin:1.5em 0 .3em}"
  "table{border-collapse:collapse;width:100%}th,td{border:1px solid #ddd;padding:.25em .4em;"
  "text-align:left;vertical-align:top;overflow-wrap:anywhere}th{background:#f3f3f3}"
  "td.n{text-align:right;font-variant-numeric:tabular-nums}"
  ".charts{display:flex;flex-wrap:wrap;gap:1.5em}.charts figure{margin:0}"
  "figcaption{font-weight:600;margin-bottom:.2em}"
  ".v-fail,.s-error{color:#a40000;font-weight:600}.v-pass{color:#1d6b1d}"
  ".v-error,.v-skipped,.s-warning{color:#8a5300}"
  "dl{display:grid;grid-template-columns:12em 1fr;gap:.15em .8em;margin:.4em 0}"
  "dt{color:#555}dd{margin:0;overflow-wrap:anywhere}"
  ".pair{display:grid;grid-template-columns:1fr 1fr;gap:.6em;margin:.4em 0 1em}"
  ".pair div{border:1px solid #ddd;padding:.4em;white-space:pre-wrap;overflow-wrap:anywhere}"
  "mark{background:#ffe27a}.off{color:#555;font-size:.9em}"
  /* Long audits: off-screen sections skip layout until scrolled to, and the page
     table's column widths come from its head, not from measuring every cell. */
  ".page{border-top:2px solid #888;margin-top:2em;content-visibility:auto;"
  "contain-intrinsic-size:auto 900px}#controls{margin:.5em 0}"
  "#pages{table-layout:fixed}#pages th:nth-child(1){width:3.5em}"
  "#pages th:nth-child(4),#pages th:nth-child(5){width:4.5em}#pages th:nth-child(6){width:5.5em}"
  "#pages th:nth-child(9){width:5.5em}#pages th:nth-child(10){width:7em}"
  "@media print{#controls{display:none}.page{break-before:page}}";

/* Sorting on a header click (numbers by data-n), filtering by text and
 * verdict; the table is whole without it. Sets data-report-script on <html>
 * (the tests see it ran) and data-report-ms, the time from navigation to the
 * end of parsing (bench/report_html.sh reads it). */
static const char script[] =
  "(function(){var d=document,t=d.getElementById('pages');if(!t)return;"
  "var b=t.tBodies[0],q=d.getElementById('q'),v=d.getElementById('v'),"
  "c=d.getElementById('controls');c.hidden=false;"
  "function key(r,i){var x=r.cells[i];return x.hasAttribute('data-n')?"
  "parseFloat(x.getAttribute('data-n')):x.textContent.toLowerCase();}"
  "Array.prototype.forEach.call(t.tHead.rows[0].cells,function(h,i){"
  "h.addEventListener('click',function(){var up=h.getAttribute('aria-sort')!=='ascending';"
  "var rows=Array.prototype.slice.call(b.rows);rows.sort(function(a,z){var x=key(a,i),"
  "y=key(z,i);return (x<y?-1:x>y?1:0)*(up?1:-1);});rows.forEach(function(r){b.appendChild(r);});"
  "Array.prototype.forEach.call(t.tHead.rows[0].cells,function(o){o.removeAttribute("
  "'aria-sort');});h.setAttribute('aria-sort',up?'ascending':'descending');});});"
  "function filter(){var s=q.value.toLowerCase(),w=v.value;Array.prototype.forEach.call("
  "b.rows,function(r){r.hidden=(s&&r.textContent.toLowerCase().indexOf(s)<0)||"
  "(w&&r.getAttribute('data-verdict')!==w);});}"
  "q.addEventListener('input',filter);v.addEventListener('change',filter);"
  "d.documentElement.setAttribute('data-report-script','ran');"
  "d.documentElement.setAttribute('data-report-ms',String(Math.round(performance.now())));})();";

/* 'sha256-<base64>' of a style or script element's exact content (CSP Level 2). */
static int csp_hash(const char *s, char out[64])
{
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned n = 0;

  if (EVP_Digest(s, strlen(s), md, &n, EVP_sha256(), NULL) != 1 || n != 32)
    return AC_ERROR;
  EVP_EncodeBlock((unsigned char *)out, md, (int)n);    /* 44 characters and a NUL */
  return AC_OK;
}

static void html_free_state(html_state *s)
{
  for (int k = 0; k < HTML_KEYS; k++) {
    for (size_t i = 0; i < s->keys[k].n; i++)
      free(s->keys[k].items[i]);
    free(s->keys[k].items);
  }
  if (s->rows != NULL)
    fclose(s->rows);
  if (s->details != NULL)
    fclose(s->details);
  free(s);
}

static int html_begin(ac_report *r)
{
  html_state *s = calloc(1, sizeof *s);

  if (s == NULL)
    return AC_ENOMEM;
  r->state = s;
  s->rows = tmpfile();
  s->details = tmpfile();
  if (s->rows == NULL || s->details == NULL)
    return AC_EIO;
  if (csp_hash(style, s->style_hash) < 0 || csp_hash(script, s->script_hash) < 0)
    return AC_ERROR;
  return AC_OK;
}

/* Keep a copy of `value` under category k, for the summary's counts. */
int ac_html__key(html_state *s, int k, const char *value)
{
  html_keys *keys = &s->keys[k];
  char *copy;

  if (value == NULL || value[0] == '\0')
    return AC_OK;
  if (!ac_grow(&keys->items, &keys->cap, keys->n + 1, sizeof *keys->items, 64))
    return AC_ENOMEM;
  copy = strdup(value);
  if (copy == NULL)
    return AC_ENOMEM;
  keys->items[keys->n++] = copy;
  return AC_OK;
}

static int count_page(html_state *s, const ac_page *page)
{
  const ac_attribution *a = ac_page_attribution(page);
  const ac_match *m = ac_report__best_match(page);
  size_t n = 0;
  const ac_finding *f = ac_page_findings(page, &n);
  char buf[512];
  int rc = ac_html__key(s, HTML_KEY_CLASS, m != NULL ? ac_copy_class_name(m->cls) : "no match");

  if (rc == AC_OK && a != NULL)
    rc = ac_html__key(s, HTML_KEY_CREDIT, a->credited_source);
  if (rc == AC_OK && m != NULL)
    rc = ac_html__key(s, HTML_KEY_ORIGINAL, m->url);
  for (size_t i = 0; rc == AC_OK && i < n; i++) {
    if (f[i].suppressed || f[i].severity == AC_SEV_NONE)
      continue;
    snprintf(buf, sizeof buf, "%s (%s)", f[i].rule, ac_severity_name(f[i].severity));
    rc = ac_html__key(s, HTML_KEY_RULE, buf);
  }
  return rc;
}

static int html_page(ac_report *r, const ac_page *page)
{
  html_state *s = r->state;
  int rc = count_page(s, page);

  s->seq++;
  if (rc == AC_OK)
    ac_html__row(r, s, page);
  if (rc == AC_OK)
    rc = ac_html__details(r, s, page);
  if (rc == AC_OK && (ferror(s->rows) || ferror(s->details)))
    rc = AC_EIO;
  return rc;
}

static int html_input(ac_report *r, const char *path, const char *verdict, const char *why)
{
  html_state *s = r->state;

  s->seq++;
  ac_html__input_row(s, path, verdict, why);
  return ferror(s->rows) ? AC_EIO : AC_OK;
}

static int html_failure(ac_report *r, const char *path, const char *message)
{
  return html_input(r, path, "error", message);
}

static int html_skipped(ac_report *r, const char *path, const char *reason)
{
  return html_input(r, path, "skipped", reason);
}

static void head(ac_report *r, const html_state *s)
{
  FILE *o = r->out;

  fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n", o);
  /* No network, no plug-ins, nothing inline but these two blocks. */
  fprintf(o, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
             "style-src 'sha256-%s'; script-src 'sha256-%s'; img-src data:; base-uri 'none'; "
             "form-action 'none'\">\n", s->style_hash, s->script_hash);
  fputs("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"generator\" content=\"attrcheck " ATTRCHECK_VERSION "\">\n"
        "<link rel=\"icon\" href=\"data:,\">\n"
        "<title>attrcheck audit report</title>\n<style>", o);
  fputs(style, o);
  fputs("</style>\n</head>\n<body>\n<h1>attrcheck audit report</h1>\n", o);
}

static int copy_file(FILE *from, FILE *to)
{
  char block[65536];
  size_t n;

  if (fflush(from) != 0 || fseek(from, 0, SEEK_SET) != 0)
    return AC_EIO;
  for (;;) {
    n = fread(block, 1, sizeof block, from);
    if (n == 0)
      break;
    fwrite(block, 1, n, to);
  }
  return ferror(from) ? AC_EIO : AC_OK;
}

static void table_head(FILE *o)
{
  fputs("<h2 id=\"table\">Pages</h2>\n"
        "<div id=\"controls\" hidden><label>Filter <input id=\"q\" type=\"search\"></label> "
        "<label>Verdict <select id=\"v\"><option value=\"\">all</option>"
        "<option>fail</option><option>pass</option><option>error</option>"
        "<option>skipped</option></select></label> (click a column heading to sort)</div>\n"
        "<table id=\"pages\">\n<thead><tr><th>#</th><th>page</th><th>title</th><th>verdict</th>"
        "<th>errors</th><th>warnings</th><th>credited source</th><th>matched original</th>"
        "<th>page coverage</th><th>copy class</th></tr></thead>\n<tbody>\n", o);
}

static int html_end(ac_report *r, const ac_totals *t)
{
  html_state *s = r->state;
  int rc;

  head(r, s);
  rc = ac_html__summary(r, s, t);
  if (rc < 0)
    return rc;
  table_head(r->out);
  rc = copy_file(s->rows, r->out);
  fputs("</tbody>\n</table>\n", r->out);
  if (rc == AC_OK)
    rc = copy_file(s->details, r->out);
  fprintf(r->out, "<script>%s</script>\n</body>\n</html>\n", script);
  return rc;
}

static void html_dispose(ac_report *r)
{
  if (r->state != NULL)
    html_free_state(r->state);
  r->state = NULL;
}

const ac_report_ops ac_report__html = {
  "html", html_begin, html_page, html_failure, html_skipped, html_end, html_dispose,
};
