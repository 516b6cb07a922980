/*
 * The --fetch checks: what src/fetch/ found when it fetched the page's credited
 * source (ac_page_fetched), reported as rules so packs set their severity,
 * `rules explain` knows them and suppressions and baselines apply.
 */
#include <stdio.h>
#include <string.h>

#include "attrcheck/fetch.h"
#include "checks.h"

/* credit-not-source: the fetched source has text of its own, but not the page's. */
int ac_check_fetched_has_text(ac_eval *x, const ac_rule *r)
{
  size_t n = 0;
  const ac_fetch_result *f = ac_page_fetched(x->page, &n);

  for (size_t i = 0; i < n; i++) {
    char cov[16];
    ac_vars v = {0};
    int rc;

    if (!f[i].not_source)
      continue;
    snprintf(cov, sizeof cov, "%.0f%%", f[i].page_coverage * 100.0);
    v.url = f[i].url;
    v.coverage = cov;
    v.evidence = f[i].url;
    rc = ac_rules__emit(x, r, f[i].span, "{url} does not contain this page's text", &v);
    if (rc < 0)
      return rc;
  }
  return AC_OK;
}

/* source-link-broken: 404, 410 or a host that does not resolve. */
int ac_check_fetched_reachable(ac_eval *x, const ac_rule *r)
{
  size_t n = 0;
  const ac_fetch_result *f = ac_page_fetched(x->page, &n);

  for (size_t i = 0; i < n; i++) {
    ac_vars v = {0};
    int rc;

    if (!f[i].broken)
      continue;
    v.url = f[i].url;
    v.evidence = f[i].reason;
    rc = ac_rules__emit(x, r, f[i].span, "{url} is gone: {evidence}", &v);
    if (rc < 0)
      return rc;
  }
  return AC_OK;
}

/* source-redirected: the source now answers from another site (final URL in evidence). */
int ac_check_fetched_same_site(ac_eval *x, const ac_rule *r)
{
  size_t n = 0;
  const ac_fetch_result *f = ac_page_fetched(x->page, &n);

  for (size_t i = 0; i < n; i++) {
    ac_vars v = {0};
    int rc;

    if (!f[i].redirected)
      continue;
    v.url = f[i].url;
    v.evidence = f[i].final_url;
    rc = ac_rules__emit(x, r, f[i].span, "{url} redirects to another site: {evidence}", &v);
    if (rc < 0)
      return rc;
  }
  return AC_OK;
}

/* One term the upstream states and the page does not: the emitted message's evidence. */
static const char *dropped_term(ac_eval *x, const ac_fetch_terms *up, const ac_fetch_terms *pg)
{
  if (up->tdm_reservation == 1 && pg->tdm_reservation == 0)
    return "it reserves text and data mining (tdm-reservation 1), this page says 0";
  if (up->tdm_reservation == 1 && pg->tdm_reservation != 1)
    return "it reserves text and data mining (tdm-reservation 1), this page does not";
  if (up->ai_use != NULL && pg->ai_use == NULL)
    return ac_arena_printf(x->arena, "it opts out of AI use (%s), this page does not",
                           up->ai_use);
  if (up->rsl_license != NULL && pg->rsl_license == NULL)
    return ac_arena_printf(x->arena, "it states RSL license terms (%s), this page states none",
                           up->rsl_license);
  if (up->license != NULL && pg->license == NULL)
    return ac_arena_printf(x->arena, "it is licensed %s, this page states no license",
                           up->license);
  return NULL;
}

/* upstream-terms-dropped: the copied source states terms (TDM, AI use, RSL, license) the page drops. */
int ac_check_fetched_terms_kept(ac_eval *x, const ac_rule *r)
{
  size_t n = 0;
  const ac_fetch_result *f = ac_page_fetched(x->page, &n);
  ac_fetch_terms page_terms;

  ac_fetch_terms_of(x->f, &page_terms);
  for (size_t i = 0; i < n; i++) {
    ac_vars v = {0};
    int rc;

    if (!f[i].terms.read || (v.evidence = dropped_term(x, &f[i].terms, &page_terms)) == NULL)
      continue;
    v.url = f[i].url;
    rc = ac_rules__emit(x, r, f[i].span, "{url} states terms this page drops: {evidence}", &v);
    if (rc < 0)
      return rc;
  }
  return AC_OK;
}

/* upstream-license-differs: both state an SPDX license and they are not the same. */
int ac_check_fetched_license_same(ac_eval *x, const ac_rule *r)
{
  size_t n = 0;
  const ac_fetch_result *f = ac_page_fetched(x->page, &n);
  ac_fetch_terms page_terms;

  ac_fetch_terms_of(x->f, &page_terms);
  for (size_t i = 0; i < n; i++) {
    const char *up = f[i].terms.license;
    ac_vars v = {0};
    int rc;

    if (!f[i].terms.read || up == NULL || page_terms.license == NULL ||
        strcmp(up, page_terms.license) == 0)
      continue;
    v.url = f[i].url;
    v.license = page_terms.license;
    v.evidence = up;
    rc = ac_rules__emit(x, r, f[i].span, "{url} is licensed {evidence}, this page {license}", &v);
    if (rc < 0)
      return rc;
  }
  return AC_OK;
}
