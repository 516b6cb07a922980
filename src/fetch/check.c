/*
 * check --fetch for one page: which links name the original, fetch each,
 * compare it with the page as an index match is compared, and say what was
 * found. "A false error is worse than a missed warning": credit-not-source is
 * an error only when the fetched source has enough text of its own to be
 * judged; a paywall, consent wall or JavaScript shell page only gets a note.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attrcheck/facts.h"
#include "attrcheck/page.h"
#include "attrcheck/url.h"
#include "../page/fetched.h"
#include "../page/page.h"
#include "fetch.h"

#define MIN_PAGE_TOKENS 40u      /* a shorter page cannot be said to come from anywhere */
#define MIN_SOURCE_TOKENS 150u   /* a source with less text may be a shell: no error */
#define NOT_SOURCE_COVERAGE 0.05 /* under this share of the page found there: not the source */

typedef struct candidate {
  const char *url;               /* borrowed from the facts */
  const char *why;
  ac_span span;
} candidate;

typedef struct candidates {
  candidate items[AC_FETCH_MAX_URLS];
  size_t n;
} candidates;

static bool is_http(const char *url)
{
  return url != NULL && (strncmp(url, "http://", 7) == 0 || strncmp(url, "https://", 8) == 0);
}

static bool same_site(const char *a, const char *b)
{
  char *ha = ac_url_host(a), *hb = ac_url_host(b);
  char ra[256], rb[256];
  bool same = false;

  if (ha != NULL && hb != NULL) {
    const char *x = ac_url_registrable(ha, ra, sizeof ra);
    const char *y = ac_url_registrable(hb, rb, sizeof rb);
    same = strcmp(x != NULL ? x : ha, y != NULL ? y : hb) == 0;
  }
  free(ha);
  free(hb);
  return same;
}

static void add(candidates *c, const ac_facts *f, const char *url, const char *why, ac_span span)
{
  if (!is_http(url) || c->n >= AC_FETCH_MAX_URLS)
    return;
  if (f->url != NULL && !f->url_assumed && ac_url_same(f->url, url))
    return;                                  /* the page itself */
  for (size_t i = 0; i < c->n; i++)
    if (ac_url_same(c->items[i].url, url))
      return;
  c->items[c->n++] = (candidate){url, why, span};
}

static bool names_a_source(ac_notice_kind k)
{
  return k == AC_NOTICE_SOURCE || k == AC_NOTICE_ORIGINALLY_PUBLISHED ||
         k == AC_NOTICE_FIRST_APPEARED || k == AC_NOTICE_REPUBLISHED || k == AC_NOTICE_VIA ||
         k == AC_NOTICE_SYNDICATION || k == AC_NOTICE_APPEARED_FIRST ||
         k == AC_NOTICE_READ_ORIGINAL;
}

/* The credited source links first, then a canonical naming another site, then read-original. */
static void collect(const ac_facts *f, candidates *c)
{
  for (size_t i = 0; i < f->n_notices; i++) {
    const ac_notice *n = &f->notices[i];
    if (!names_a_source(n->kind) || n->scope != AC_SCOPE_PAGE)
      continue;
    for (size_t j = 0; j < n->n_links; j++) {
      const ac_link *l = &f->links[n->links[j]];
      add(c, f, l->url, n->kind == AC_NOTICE_READ_ORIGINAL ? "read-original" : "source-link",
          l->span);
    }
  }
  if (f->canonical != NULL && (f->url_assumed || f->url == NULL || !same_site(f->url, f->canonical)))
    add(c, f, f->canonical, "canonical", f->canonical_span);
  for (size_t i = 0; i < f->n_republication; i++)
    if (strcmp(f->republication[i].name, "read-original-link") == 0)
      add(c, f, f->republication[i].evidence, "read-original", f->republication[i].span);
}

static int report_unreached(ac_page *page, const candidate *c, const ac_fetch__response *r,
                            ac_fetch_result *res)
{
  if (r->outcome == AC_FETCH_GONE) {
    res->broken = true;
    res->reason = "its host does not resolve";
    return AC_OK;
  }
  return ac_page_note(page, r->outcome == AC_FETCH_ROBOTS ? "fetch-robots" :
                      r->outcome == AC_FETCH_REFUSED ? "fetch-refused" : "fetch-failed",
                      c->span, "%s %s not fetched (%s): %s", c->why, c->url,
                      ac_fetch_outcome_name(r->outcome),
                      r->outcome == AC_FETCH_ROBOTS ? "robots.txt disallows attrcheck" :
                      r->outcome == AC_FETCH_REFUSED ?
                        "a private or loopback address, or not http(s) (--fetch-allow-private)" :
                      r->detail);
}

static int report_status(ac_page *page, const candidate *c, const ac_fetch__response *r,
                         ac_fetch_result *res)
{
  if (r->status == 404 || r->status == 410) {
    res->broken = true;
    res->reason = r->status == 404 ? "HTTP 404" : "HTTP 410";
    return AC_OK;
  }
  return ac_page_note(page, "fetch-failed", c->span, "%s %s answers HTTP %ld: not compared",
                      c->why, c->url, r->status);
}

/* Load, extract and fingerprint the fetched bytes as any page is. */
static int source_page(const ac_fetch__response *r, const ac_rules *rules, const ac_limits *lim,
                       ac_page **out, ac_error *err)
{
  ac_load_options lo = {0};
  ac_extract_options eo = AC_EXTRACT_OPTIONS_INIT;
  int rc;

  lo.limits = lim;
  lo.input_type = AC_INPUT_HTML;
  lo.url = r->final_url;
  lo.http_headers = r->headers;
  lo.http_headers_len = r->headers_len;
  eo.url = r->final_url;
  rc = ac_page_load_buffer_with(out, r->final_url, r->body, r->body_len, &lo, err);
  if (rc == AC_OK)
    rc = ac_page_extract(*out, rules, &eo, err);
  if (rc == AC_OK)
    rc = ac_page_fingerprint(*out, NULL, err);
  return rc;
}

/*
 * The match carries the link as credited, not where a redirect ended: a site
 * that moved its archive is still the credited source, and the redirect gets
 * its own note with the final URL.
 */
static int keep_match(ac_page *page, const char *url, const ac_page *src, const ac_comparison *cmp)
{
  const ac_facts *sf = ac_page_facts(src);
  ac_match m = {0};
  int rc;

  m.url = url;
  m.host = ac_url_host(m.url);
  m.title = sf->title;
  m.site_name = sf->site_name;
  m.original_coverage = cmp->original_coverage;
  m.page_coverage = cmp->page_coverage;
  m.quoted_coverage = cmp->quoted_coverage;
  m.exactness = cmp->exactness;
  m.cls = cmp->cls;
  m.passages = cmp->passages;
  m.n_passages = cmp->n_passages;
  m.original_text = sf->main_text;
  m.original_len = sf->main_len;
  m.copied_tokens = cmp->prose_tokens;
  rc = ac_page_add_match(page, &m);
  free((char *)m.host);
  return rc;
}

/* An RSL license: a robots.txt License: line, or an HTTP Link rel=license of type rsl+xml. */
static const char *rsl_license_of(const ac_facts *f)
{
  for (size_t i = 0; i < f->n_rights; i++) {
    const ac_right *r = &f->rights[i];
    if (strcmp(r->name, "rsl-license") == 0 ||
        (strcmp(r->name, "link") == 0 && r->detail != NULL &&
         strstr(r->detail, "rel=license") != NULL && strstr(r->detail, "rsl+xml") != NULL))
      return r->value;
  }
  return NULL;
}

/* The article's license (a figure's does not count), when it maps to an SPDX id. */
static const char *license_of(const ac_facts *f)
{
  for (size_t i = 0; i < f->n_licenses; i++)
    if (f->licenses[i].scope == AC_SCOPE_PAGE && f->licenses[i].id != NULL &&
        strcmp(f->licenses[i].id, "unknown") != 0)
      return f->licenses[i].id;
  return NULL;
}

void ac_fetch_terms_of(const ac_facts *facts, ac_fetch_terms *out)
{
  out->read = true;
  out->tdm_reservation = facts->rights_summary.tdm_reservation;
  out->tdm_policy = facts->rights_summary.tdm_policy;
  out->ai_use = facts->rights_summary.ai_use;
  out->rsl_license = rsl_license_of(facts);
  out->license = license_of(facts);
}

/* The source page is freed before its result is kept: hold its terms' strings until then. */
static int terms_hold(ac_fetch_terms *t)
{
  const char **s[] = {&t->tdm_policy, &t->ai_use, &t->rsl_license, &t->license};
  int rc = AC_OK;

  for (size_t i = 0; i < AC_COUNT(s); i++)
    if (*s[i] != NULL && (*s[i] = strdup(*s[i])) == NULL)
      rc = AC_ENOMEM;
  return rc;
}

static void terms_release(ac_fetch_terms *t)
{
  free((char *)t->tdm_policy);
  free((char *)t->ai_use);
  free((char *)t->rsl_license);
  free((char *)t->license);
}

static int judge(ac_page *page, const candidate *c, const ac_fingerprint *sfp,
                 const ac_comparison *cmp, ac_fetch_result *res)
{
  const ac_fingerprint *pfp = ac_page_fp(page);

  if (pfp == NULL || pfp->n_tokens < MIN_PAGE_TOKENS)
    return AC_OK;
  if (cmp->page_coverage >= NOT_SOURCE_COVERAGE ||
      (cmp->cls != AC_COPY_UNRELATED && cmp->cls != AC_COPY_RELATED))
    return AC_OK;
  if (sfp->n_tokens < MIN_SOURCE_TOKENS)
    return ac_page_note(page, "fetch-inconclusive", c->span,
                        "%s %s has only %zu words of text (a paywall, a consent wall or a "
                        "JavaScript page?): whether this page comes from it is not judged",
                        c->why, c->url, sfp->n_tokens);
  res->not_source = true;
  return AC_OK;
}

static int compare_one(ac_page *page, const candidate *c, const ac_fetch__response *r,
                       const ac_rules *rules, const ac_fetch *f, ac_fetch_result *res)
{
  ac_page *src = NULL;
  ac_comparison *cmp = NULL;
  ac_error lerr = {0};
  int rc = source_page(r, rules, ac_page_limits(page), &src, &lerr);

  if (rc == AC_ENOMEM) {
    ac_page_free(src);
    return rc;
  }
  if (rc == AC_OK)
    rc = ac_fp_compare_with(&cmp, ac_page_fp(src), ac_page_fp(page), &f->opts.compare, &lerr);
  if (rc < 0) {
    ac_page_free(src);
    return rc == AC_ENOMEM ? rc : ac_page_note(page, "fetch-failed", c->span,
                                               "%s %s could not be read: %s", c->why, c->url,
                                               lerr.msg);
  }
  res->compared = true;
  res->page_coverage = cmp->page_coverage;
  res->original_coverage = cmp->original_coverage;
  res->cls = cmp->cls;
  if (cmp->cls != AC_COPY_UNRELATED)
    rc = keep_match(page, c->url, src, cmp);
  if (rc == AC_OK && cmp->cls != AC_COPY_UNRELATED && cmp->cls != AC_COPY_RELATED) {
    ac_fetch_terms_of(ac_page_facts(src), &res->terms);   /* the page copies it: its upstream */
    rc = terms_hold(&res->terms);
  }
  if (rc == AC_OK)
    rc = judge(page, c, ac_page_fp(src), cmp, res);
  ac_comparison_free(cmp);
  ac_page_free(src);
  return rc;
}

static int fetch_one(ac_fetch *f, ac_page *page, const ac_rules *rules, const candidate *c)
{
  ac_fetch__response r = {0};
  ac_fetch_result res = {0};
  int rc = AC_OK;

  r.outcome = ac_fetch__robots_check(f, c->url);
  if (r.outcome == AC_FETCH_OK)
    rc = ac_fetch__get(f, c->url, &r);
  if (rc < 0)
    return rc;
  res.url = c->url;
  res.why = c->why;
  res.outcome = r.outcome;
  res.status = r.status;
  res.final_url = r.final_url;
  res.from_cache = r.from_cache;
  res.span = c->span;
  res.terms.tdm_reservation = -1;
  res.redirected = r.final_url != NULL && !same_site(c->url, r.final_url);
  if (r.outcome != AC_FETCH_OK)
    rc = report_unreached(page, c, &r, &res);
  else if (r.status < 200 || r.status > 299)
    rc = report_status(page, c, &r, &res);
  else
    rc = compare_one(page, c, &r, rules, f, &res);
  if (rc == AC_OK)
    rc = ac_page__add_fetched(page, &res);
  terms_release(&res.terms);
  ac_fetch__response_dispose(&r);
  return rc;
}

int ac_fetch_check_page(ac_fetch *f, ac_page *page, const ac_rules *rules, ac_error *err)
{
  const ac_facts *facts = ac_page_facts(page);
  candidates c = {0};
  int rc = AC_OK;

  if (facts == NULL)
    return AC_OK;
  collect(facts, &c);
  for (size_t i = 0; rc == AC_OK && i < c.n; i++)
    rc = fetch_one(f, page, rules, &c.items[i]);
  if (rc < 0)
    return ac_error_set_file(err, rc, ac_page_path(page), 0, 0,
                             "out of memory while fetching sources");
  return AC_OK;
}
