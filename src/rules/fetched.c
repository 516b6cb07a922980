/*
 * The --fetch checks: what src/fetch/ found when it fetched the page's credited
 * source (ac_page_fetched), reported as rules so packs set their severity,
 * `rules explain` knows them and suppressions and baselines apply.
 */
#include <stdio.h>

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
