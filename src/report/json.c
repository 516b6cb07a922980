/*
 * The JSON report: one document with the tool, the options, every page (facts
 * summary, attribution, chain, findings, matches, notes), the inputs that
 * could not be checked, and the totals. Pages are streamed as they come.
 */
#include <stdlib.h>
#include <string.h>

#include "jsonw.h"
#include "attrcheck/fetch.h"
#include "report.h"
#include "../util/grow.h"

/* An input that was not checked: failed (an error) or skipped (not a page). */
typedef struct failure {
  char *path, *message;
  bool skipped;
} failure;

typedef struct json_state {
  ac_jsonw w;
  failure *failures;
  size_t n_failures, cap_failures;
} json_state;

static int json_begin(ac_report *r)
{
  json_state *s = calloc(1, sizeof *s);

  if (s == NULL)
    return AC_ENOMEM;
  r->state = s;
  ac_jsonw_init(&s->w, r->out, true);
  ac_jsonw_object(&s->w);
  ac_jsonw_key(&s->w, "tool");
  ac_jsonw_object(&s->w);
  ac_jsonw_kstr(&s->w, "name", "attrcheck");
  ac_jsonw_kstr(&s->w, "version", ATTRCHECK_VERSION);
  ac_jsonw_close(&s->w, '}');
  ac_jsonw_key(&s->w, "options");
  ac_jsonw_object(&s->w);
  ac_jsonw_kstr(&s->w, "command_line", r->opts.command_line);
  ac_jsonw_kstr(&s->w, "format", r->ops->name);
  ac_jsonw_kstr(&s->w, "fail_on", ac_severity_name(r->opts.fail_on));
  ac_jsonw_kstr(&s->w, "base_dir", r->opts.base_dir);
  ac_jsonw_kstr(&s->w, "config", r->opts.config);
  ac_jsonw_kstr(&s->w, "index", r->opts.index);
  ac_jsonw_kstr(&s->w, "baseline", r->opts.baseline);
  ac_jsonw_kstr(&s->w, "policy", r->opts.policy);
  ac_jsonw_kstr(&s->w, "base_url", r->opts.base_url);
  ac_jsonw_close(&s->w, '}');
  ac_jsonw_key(&s->w, "pages");
  ac_jsonw_array(&s->w);
  return AC_OK;
}

static void position(ac_jsonw *w, ac_pos pos)
{
  if (pos.line > 0) {
    ac_jsonw_kint(w, "line", pos.line);
    ac_jsonw_kint(w, "column", pos.column);
  } else {
    ac_jsonw_key(w, "line");
    ac_jsonw_null(w);
    ac_jsonw_key(w, "column");
    ac_jsonw_null(w);
  }
}

static void facts_summary(ac_jsonw *w, const ac_facts *f)
{
  ac_jsonw_key(w, "facts");
  if (f == NULL) {
    ac_jsonw_null(w);
    return;
  }
  ac_jsonw_object(w);
  ac_jsonw_kstr(w, "canonical", f->canonical);
  ac_jsonw_kstr(w, "lang", f->lang);
  ac_jsonw_kstr(w, "site_name", f->site_name);
  ac_jsonw_kbool(w, "noindex", f->noindex);
  ac_jsonw_kint(w, "notices", (long long)f->n_notices);
  ac_jsonw_kint(w, "links", (long long)f->n_links);
  ac_jsonw_kint(w, "signals", (long long)f->n_signals);
  ac_jsonw_key(w, "licenses");
  ac_jsonw_array(w);
  for (size_t i = 0; i < f->n_licenses; i++)
    ac_jsonw_str(w, f->licenses[i].id);
  ac_jsonw_close(w, ']');
  ac_jsonw_key(w, "copyright_holders");
  ac_jsonw_array(w);
  for (size_t i = 0; i < f->n_copyrights; i++)
    if (f->copyrights[i].holder != NULL)
      ac_jsonw_str(w, f->copyrights[i].holder);
  ac_jsonw_close(w, ']');
  ac_jsonw_key(w, "republication");
  ac_jsonw_array(w);
  for (size_t i = 0; i < f->n_republication; i++)
    ac_jsonw_str(w, f->republication[i].name);
  ac_jsonw_close(w, ']');
  ac_jsonw_close(w, '}');
}

static void attribution(ac_jsonw *w, const ac_page *page)
{
  const ac_attribution *a = ac_page_attribution(page);
  size_t n = 0;
  const ac_hop *h = ac_page_chain(page, &n);

  ac_jsonw_key(w, "attribution");
  ac_jsonw_object(w);
  ac_jsonw_kstr(w, "credited_source", a != NULL ? a->credited_source : NULL);
  ac_jsonw_kstr(w, "source_link", a != NULL ? a->source_link : NULL);
  ac_jsonw_key(w, "credit_matches_link");
  if (a == NULL || a->credit_matches_link < 0)
    ac_jsonw_null(w);
  else
    ac_jsonw_bool(w, a->credit_matches_link > 0);
  ac_jsonw_kstr(w, "license", a != NULL ? a->license : NULL);
  ac_jsonw_kstr(w, "copyright_holder", a != NULL ? a->copyright_holder : NULL);
  ac_jsonw_close(w, '}');
  ac_jsonw_key(w, "chain");
  ac_jsonw_array(w);
  for (size_t i = 0; i < n; i++) {
    ac_jsonw_object(w);
    ac_jsonw_kstr(w, "name", h[i].name);
    ac_jsonw_kstr(w, "domain", h[i].domain);
    ac_jsonw_kstr(w, "url", h[i].url);
    ac_jsonw_kstr(w, "license", h[i].license);
    ac_jsonw_close(w, '}');
  }
  ac_jsonw_close(w, ']');
}

static void findings(ac_jsonw *w, const ac_page *page)
{
  size_t n = 0;
  const ac_finding *f = ac_page_findings(page, &n);

  ac_jsonw_key(w, "findings");
  ac_jsonw_array(w);
  for (size_t i = 0; i < n; i++) {
    ac_jsonw_object(w);
    ac_jsonw_kstr(w, "rule", f[i].rule);
    ac_jsonw_kstr(w, "severity", ac_severity_name(f[i].severity));
    position(w, ac_report__pos(page, f[i].span));
    ac_jsonw_kstr(w, "message", f[i].message);
    ac_jsonw_kstr(w, "hint", f[i].hint);
    ac_jsonw_kstr(w, "evidence", f[i].evidence);
    ac_jsonw_kbool(w, "suppressed", f[i].suppressed);
    ac_jsonw_kstr(w, "suppression", f[i].suppression);
    ac_jsonw_close(w, '}');
  }
  ac_jsonw_close(w, ']');
}

/* Passages are byte ranges in the main text; main_map takes them back to the page. */
static void passage(ac_jsonw *w, const ac_page *page, const ac_passage *p)
{
  const ac_facts *f = ac_page_facts(page);
  ac_pos none = {0, 0}, pos = none;

  if (f != NULL && f->main_map != NULL && p->copy_start < f->main_len)
    pos = ac_page_pos(page, f->main_map[p->copy_start]);
  ac_jsonw_object(w);
  position(w, pos);
  ac_jsonw_kint(w, "copy_start", p->copy_start);
  ac_jsonw_kint(w, "copy_end", p->copy_end);
  ac_jsonw_kint(w, "original_start", p->orig_start);
  ac_jsonw_kint(w, "original_end", p->orig_end);
  ac_jsonw_knum(w, "exactness", p->exactness, 3);
  ac_jsonw_kint(w, "quoted_tokens", p->quoted_tokens);
  ac_jsonw_kint(w, "prose_tokens", p->prose_tokens);
  ac_jsonw_close(w, '}');
}

static void matches(ac_jsonw *w, const ac_page *page)
{
  size_t n = 0;
  const ac_match *m = ac_page_matches(page, &n);

  ac_jsonw_key(w, "matches");
  ac_jsonw_array(w);
  for (size_t i = 0; i < n; i++) {
    ac_jsonw_object(w);
    ac_jsonw_kstr(w, "url", m[i].url);
    ac_jsonw_kstr(w, "title", m[i].title);
    ac_jsonw_kstr(w, "site_name", m[i].site_name);
    ac_jsonw_kstr(w, "license", m[i].license);
    ac_jsonw_kstr(w, "holder", m[i].holder);
    ac_jsonw_knum(w, "original_coverage", m[i].original_coverage, 3);
    ac_jsonw_knum(w, "page_coverage", m[i].page_coverage, 3);
    ac_jsonw_knum(w, "quoted_coverage", m[i].quoted_coverage, 3);
    ac_jsonw_knum(w, "exactness", m[i].exactness, 3);
    ac_jsonw_kstr(w, "class", ac_copy_class_name(m[i].cls));
    ac_jsonw_kint(w, "copied_tokens", (long long)m[i].copied_tokens);
    ac_jsonw_key(w, "passages");
    ac_jsonw_array(w);
    for (size_t k = 0; k < m[i].n_passages; k++)
      passage(w, page, &m[i].passages[k]);
    ac_jsonw_close(w, ']');
    ac_jsonw_close(w, '}');
  }
  ac_jsonw_close(w, ']');
}

/* The copied source's own terms; a term not stated is null. */
static void fetched_terms(ac_jsonw *w, const ac_fetch_terms *t)
{
  ac_jsonw_key(w, "rights");
  ac_jsonw_object(w);
  if (t->tdm_reservation >= 0)
    ac_jsonw_kint(w, "tdm_reservation", t->tdm_reservation);
  else
    ac_jsonw_kstr(w, "tdm_reservation", NULL);
  ac_jsonw_kstr(w, "tdm_policy", t->tdm_policy);
  ac_jsonw_kstr(w, "ai_use", t->ai_use);
  ac_jsonw_kstr(w, "rsl_license", t->rsl_license);
  ac_jsonw_kstr(w, "license", t->license);
  ac_jsonw_close(w, '}');
}

/* --fetch: each source URL tried, what came back and how much of the page it holds. */
static void fetched(ac_jsonw *w, const ac_page *page)
{
  size_t n = 0;
  const ac_fetch_result *f = ac_page_fetched(page, &n);

  ac_jsonw_key(w, "fetched");
  ac_jsonw_array(w);
  for (size_t i = 0; i < n; i++) {
    ac_jsonw_object(w);
    ac_jsonw_kstr(w, "url", f[i].url);
    ac_jsonw_kstr(w, "why", f[i].why);
    ac_jsonw_kstr(w, "outcome", ac_fetch_outcome_name(f[i].outcome));
    ac_jsonw_kint(w, "status", f[i].status);
    ac_jsonw_kstr(w, "final_url", f[i].final_url);
    ac_jsonw_kbool(w, "from_cache", f[i].from_cache);
    ac_jsonw_kbool(w, "compared", f[i].compared);
    if (f[i].compared) {
      ac_jsonw_knum(w, "page_coverage", f[i].page_coverage, 3);
      ac_jsonw_knum(w, "original_coverage", f[i].original_coverage, 3);
      ac_jsonw_kstr(w, "class", ac_copy_class_name(f[i].cls));
    }
    if (f[i].terms.read)
      fetched_terms(w, &f[i].terms);
    ac_jsonw_close(w, '}');
  }
  ac_jsonw_close(w, ']');
}

static void notes(ac_jsonw *w, const ac_page *page)
{
  size_t n = 0;
  const ac_note *note = ac_page_notes(page, &n);

  ac_jsonw_key(w, "notes");
  ac_jsonw_array(w);
  for (size_t i = 0; i < n; i++) {
    ac_jsonw_object(w);
    ac_jsonw_kstr(w, "code", note[i].code);
    ac_jsonw_kstr(w, "message", note[i].message);
    position(w, ac_report__pos(page, note[i].span));
    ac_jsonw_close(w, '}');
  }
  ac_jsonw_close(w, ']');
  ac_jsonw_kint(w, "notes_dropped", (long long)ac_page_notes_dropped(page));
}

void ac_report__json_page_object(ac_jsonw *w, const ac_report *r, const ac_page *page)
{
  const ac_facts *f = ac_page_facts(page);
  const ac_fingerprint *fp = ac_page_fp(page);
  ac_finding_counts c = ac_page_finding_counts(page);

  ac_jsonw_object(w);
  ac_jsonw_kstr(w, "path", ac_page_path(page));
  ac_jsonw_kstr(w, "url", ac_report__page_url(page));
  ac_jsonw_kstr(w, "title", f != NULL ? f->title : NULL);
  ac_jsonw_kstr(w, "charset", ac_page_charset(page));
  ac_jsonw_kstr(w, "verdict", ac_report__verdict(r, page));
  ac_jsonw_key(w, "counts");
  ac_jsonw_object(w);
  ac_jsonw_kint(w, "errors", (long long)c.errors);
  ac_jsonw_kint(w, "warnings", (long long)c.warnings);
  ac_jsonw_kint(w, "notes", (long long)c.notes);
  ac_jsonw_kint(w, "suppressed", (long long)c.suppressed);
  ac_jsonw_close(w, '}');
  facts_summary(w, f);
  attribution(w, page);
  findings(w, page);
  matches(w, page);
  fetched(w, page);
  ac_jsonw_kstr(w, "fingerprint", fp != NULL ? fp->digest : NULL);
  notes(w, page);
  ac_jsonw_close(w, '}');
}

static int json_page(ac_report *r, const ac_page *page)
{
  json_state *s = r->state;

  ac_report__json_page_object(&s->w, r, page);
  return AC_OK;
}

/* Failures arrive between pages; they are kept and written after the pages array. */
static int keep_input(ac_report *r, const char *path, const char *message, bool skipped)
{
  json_state *s = r->state;

  if (!ac_grow(&s->failures, &s->cap_failures, s->n_failures + 1, sizeof *s->failures, 8))
    return AC_ENOMEM;
  s->failures[s->n_failures].path = strdup(path);
  s->failures[s->n_failures].message = strdup(message);
  s->failures[s->n_failures].skipped = skipped;
  s->n_failures++;
  if (s->failures[s->n_failures - 1].path == NULL ||
      s->failures[s->n_failures - 1].message == NULL)
    return AC_ENOMEM;
  return AC_OK;
}

static int json_failure(ac_report *r, const char *path, const char *message)
{
  return keep_input(r, path, message, false);
}

static int json_skipped(ac_report *r, const char *path, const char *reason)
{
  return keep_input(r, path, reason, true);
}

static void totals(ac_jsonw *w, const ac_totals *t)
{
  ac_jsonw_key(w, "totals");
  ac_jsonw_object(w);
  ac_jsonw_kint(w, "pages", (long long)t->pages);
  ac_jsonw_kint(w, "failed_inputs", (long long)t->failed_inputs);
  ac_jsonw_kint(w, "skipped", (long long)t->skipped);
  ac_jsonw_kint(w, "pages_failing", (long long)t->pages_failing);
  ac_jsonw_kint(w, "errors", (long long)t->errors);
  ac_jsonw_kint(w, "warnings", (long long)t->warnings);
  ac_jsonw_kint(w, "notes", (long long)t->notes);
  ac_jsonw_kint(w, "suppressed", (long long)t->suppressed);
  ac_jsonw_knum(w, "seconds", t->seconds, 3);
  ac_jsonw_close(w, '}');
}

/* The failed or the skipped inputs as an array of {path, <why>}. */
static void inputs(ac_jsonw *w, const json_state *s, const char *key, const char *why,
                   bool skipped)
{
  ac_jsonw_key(w, key);
  ac_jsonw_array(w);
  for (size_t i = 0; i < s->n_failures; i++) {
    if (s->failures[i].skipped != skipped)
      continue;
    ac_jsonw_object(w);
    ac_jsonw_kstr(w, "path", s->failures[i].path);
    ac_jsonw_kstr(w, why, s->failures[i].message);
    ac_jsonw_close(w, '}');
  }
  ac_jsonw_close(w, ']');
}

static int json_end(ac_report *r, const ac_totals *t)
{
  json_state *s = r->state;
  ac_jsonw *w = &s->w;

  ac_jsonw_close(w, ']');
  inputs(w, s, "failures", "message", false);
  inputs(w, s, "skipped", "reason", true);
  totals(w, t);
  ac_jsonw_close(w, '}');
  return AC_OK;
}

static void json_dispose(ac_report *r)
{
  json_state *s = r->state;

  if (s == NULL)
    return;
  for (size_t i = 0; i < s->n_failures; i++) {
    free(s->failures[i].path);
    free(s->failures[i].message);
  }
  free(s->failures);
  free(s);
  r->state = NULL;
}

const ac_report_ops ac_report__json = {
  "json", json_begin, json_page, json_failure, json_skipped, json_end, json_dispose,
};
