/*
 * Whether a page is republished, whether it states a permission, who its
 * upstream is (for policy selection and conditions), and its provenance
 * chain: notices copied with the text name earlier hops, the page's own
 * credit the last one before the page.
 */
#include <stdlib.h>
#include <string.h>

#include "attrcheck/url.h"
#include "eval.h"

#define HOST_MAX 256

static bool external(const ac_eval *x, const char *host)
{
  return host != NULL && !ac_rules__own_site(x, host);
}

/*
 * A canonical or provenance URL on a site of the page's own owner group
 * (registry owner="…": a title's story under its sister title's canonical)
 * is the publisher's own, not a republication; extraction cannot know owners.
 */
static bool evidence_on_own_site(const ac_eval *x, const char *evidence)
{
  char *h;
  bool own;

  if (evidence == NULL || strstr(evidence, "://") == NULL)
    return false;
  h = ac_url_host(evidence);
  own = h != NULL && ac_rules__own_site(x, h);
  free(h);
  return own;
}

/* A provenance signal naming a cited work: isBasedOn a study's DOI, a paper in a database. */
static bool evidence_cites(const ac_eval *x, const ac_republication *r)
{
  char *h;
  bool cites;

  if (r->name == NULL || strcmp(r->name, "provenance-elsewhere") != 0 || r->evidence == NULL)
    return false;
  h = ac_url_host(r->evidence);
  cites = h != NULL && ac_rules__reference_host(x->rules, h);
  free(h);
  return cites;
}

static void republication_signals(ac_eval *x)
{
  const ac_facts *f = x->f;

  for (size_t i = 0; i < f->n_republication; i++) {
    const ac_republication *r = &f->republication[i];
    /* a 1x1 image alone is as likely an analytics beacon as a republishing tool's */
    if (r->name != NULL && strcmp(r->name, "tracking-pixel") == 0)
      continue;
    if (evidence_on_own_site(x, r->evidence) || evidence_cites(x, r))
      continue;
    x->republished_signal = true;
    x->rep_evidence = r->evidence ? r->evidence : r->name;
    x->rep_span = r->span;
    return;
  }
  if (f->canonical != NULL &&
      (f->url == NULL || x->url_upstream || strcmp(f->canonical, f->url) != 0)) {
    char *h = ac_url_host(f->canonical);
    bool ext = external(x, h);
    free(h);
    if (ext) {
      x->republished_signal = true;
      x->rep_evidence = f->canonical;
      x->rep_span = f->canonical_span;
      return;
    }
  }
  for (size_t i = 0; i < f->n_notices; i++) {
    const ac_notice *n = &f->notices[i];
    if (n->kind != AC_NOTICE_READ_ORIGINAL)
      continue;
    for (size_t k = 0; k < n->n_links; k++) {
      const ac_link *l = n->links[k] < f->n_links ? &f->links[n->links[k]] : NULL;
      if (l != NULL && external(x, l->host)) {
        x->republished_signal = true;
        x->rep_evidence = l->url;
        x->rep_span = n->span;
        return;
      }
    }
  }
}

/* The registry publisher of a URL on another site; for a pixel, only one with a policy pack. */
static const ac_source *signal_source(ac_eval *x, const char *url, bool pixel, const char **host)
{
  char *h = url != NULL ? ac_url_host(url) : NULL;
  const ac_source *s = external(x, h) ? ac_rules_source_by_host(x->rules, h) : NULL;

  if (s != NULL && pixel && s->policy == NULL)
    s = NULL;                /* any site's 1x1 image may be analytics; a policy's counter is not */
  *host = s != NULL ? ac_arena_strdup(x->arena, h) : NULL;
  free(h);
  return s;
}

/*
 * A publisher's counter pixel (The Conversation's, ProPublica's) on another
 * site is a republishing tool's signature, as good as a canonical: the
 * page carries that publisher's story, credited or not.
 */
static void pixel_signal(ac_eval *x)
{
  for (size_t i = 0; i < x->f->n_pixels && !x->republished_signal; i++) {
    const char *host;
    if (signal_source(x, x->f->pixels[i].url, true, &host) == NULL)
      continue;
    x->republished_signal = true;
    x->rep_evidence = x->f->pixels[i].url;
    x->rep_span = x->f->pixels[i].span;
  }
}

static void republication(ac_eval *x)
{
  republication_signals(x);
  if (!x->republished_signal)
    pixel_signal(x);
  x->republished = x->republished_signal;
  /* "via X" credits a find, not the text; an agency credit, wire copy (ac_rules__wire_credit) */
  for (size_t i = 0; i < x->n_credits && !x->republished; i++)
    x->republished = x->credits[i].n->kind != AC_NOTICE_VIA && !ac_rules__wire_credit(&x->credits[i]);
  for (size_t i = 0; i < x->n_matches && !x->republished; i++)
    x->republished = ac_rules__match_counts(&x->matches[i], 0.2, 50);
  if (!x->republished_signal && x->primary >= 0) {
    x->rep_span = x->credits[x->primary].n->span;
    x->rep_evidence = x->credits[x->primary].n->text;
  } else if (!x->republished_signal && x->n_credits > 0) {
    x->rep_span = x->credits[0].n->span;
    x->rep_evidence = x->credits[0].n->text;
  } else if (!x->republished_signal && x->republished) {
    /* known only from the index: report at the copied text, not at no position */
    x->rep_span.start = x->rep_span.end = x->f->main_span.start;
    x->rep_evidence = x->n_matches > 0 ? x->matches[0].url : NULL;
  }
}

static void permission(ac_eval *x)
{
  const ac_facts *f = x->f;

  for (size_t i = 0; i < f->n_licenses; i++)
    if (f->licenses[i].scope == AC_SCOPE_PAGE) {
      x->permission = true;
      if (x->page_license == NULL)
        x->page_license = f->licenses[i].id;
    }
  for (size_t i = 0; i < f->n_notices; i++)
    if (f->notices[i].permission || f->notices[i].kind == AC_NOTICE_LICENSE)
      x->permission = true;
}

/* The best match that counts as a copy, or NULL. */
static const ac_match *best_match(const ac_eval *x)
{
  for (size_t i = 0; i < x->n_matches; i++)
    if (ac_rules__match_counts(&x->matches[i], 0.2, 50))
      return &x->matches[i];
  return NULL;
}

/* A forced policy with no credited upstream: the registry's publisher of that policy. */
static void policy_upstream(ac_eval *x)
{
  for (size_t i = 0; i < x->rules->n_sources; i++) {
    const ac_source *s = &x->rules->sources[i];
    if (s->policy == NULL || strcmp(s->policy, x->policy) != 0)
      continue;
    x->up_source = s;
    x->up_name = x->up_name ? x->up_name : s->name;
    x->up_host = x->up_host ? x->up_host : (s->n_domains ? s->domains[0] : NULL);
    x->up_license = x->up_license ? x->up_license : s->license;
    x->up_lang = s->lang;
    return;
  }
}

/* The URL a republication signal names: its evidence, or a "Go to Source" link's. */
static const char *signal_url(const ac_eval *x, const ac_republication *r)
{
  if (r->evidence != NULL && strncmp(r->evidence, "http", 4) == 0)
    return r->evidence;
  for (size_t i = 0; i < x->f->n_links; i++)
    if (x->f->links[i].span.start == r->span.start && x->f->links[i].url != NULL)
      return x->f->links[i].url;
  return NULL;
}

static bool signal_take(ac_eval *x, const char *url, bool pixel)
{
  const char *host;
  const ac_source *s = signal_source(x, url, pixel, &host);

  if (s == NULL)
    return false;
  x->up_source = s;
  x->up_name = s->name;
  x->up_url = pixel ? NULL : url;
  x->up_host = host;
  return true;
}

/*
 * No credit and no index match name the upstream: the republication
 * signals may, when they point at a registry publisher (a canonical to
 * its story, a feed plugin's link, its counter pixel). Then its policy
 * applies even to a copy that dropped the credit line.
 */
static void signal_upstream(ac_eval *x)
{
  const ac_facts *f = x->f;

  if (f->canonical != NULL && signal_take(x, f->canonical, false))
    return;
  for (size_t i = 0; i < f->n_republication; i++) {
    const char *url = signal_url(x, &f->republication[i]);
    bool pixel = strcmp(f->republication[i].name, "tracking-pixel") == 0;
    if (url != NULL && signal_take(x, url, pixel))
      return;
  }
  for (size_t i = 0; i < f->n_pixels; i++)
    if (signal_take(x, f->pixels[i].url, true))
      return;
}

static void upstream(ac_eval *x)
{
  const ac_match *m = best_match(x);

  if (x->primary >= 0) {
    const ac_credit *c = &x->credits[x->primary];
    x->up_name = c->n->credit;
    x->up_url = c->url;
    x->up_host = c->host;
    x->up_source = c->source;
    if (x->up_source == NULL && c->host != NULL)
      x->up_source = ac_rules_source_by_host(x->rules, c->host);
  }
  if (m != NULL && (x->up_host == NULL || !ac_rules__same_site(x->rules, x->up_host, m->host))) {
    if (x->primary < 0 || !x->credits[x->primary].matched) {
      x->up_name = m->site_name ? m->site_name : m->host;
      x->up_url = m->url;
      x->up_host = m->host;
      x->up_source = ac_rules_source_by_host(x->rules, m->host);
    }
  }
  if (x->primary < 0 && m == NULL)
    signal_upstream(x);
  if (m != NULL && m->license != NULL)
    x->up_license = m->license;
  else if (x->up_source != NULL)
    x->up_license = x->up_source->license;
  x->up_lang = x->up_source ? x->up_source->lang : NULL;
  if (x->opts->policy != NULL)
    x->policy = x->opts->policy;
  else if (x->up_source != NULL)
    x->policy = x->up_source->policy;
  if (x->up_source == NULL && x->policy != NULL)
    policy_upstream(x);
}

/* The only source publishing under `policy`, or NULL when none or several do. */
static const ac_source *policy_publisher(const ac_eval *x, const char *policy)
{
  const ac_source *found = NULL;

  for (size_t i = 0; i < x->rules->n_sources; i++) {
    const ac_source *s = &x->rules->sources[i];
    if (s->policy == NULL || strcmp(s->policy, policy) != 0)
      continue;
    if (found != NULL)
      return NULL;              /* a shared policy (a plugin's) names no one publisher */
    found = s;
  }
  return found;
}

static void policy_subject(ac_eval *x)
{
  const ac_source *pub;

  x->pol_name = x->up_name;
  x->pol_url = x->up_url;
  x->pol_host = x->up_host;
  x->pol_source = x->up_source;
  if (x->opts->policy == NULL || x->up_source == NULL ||
      (x->up_source->policy != NULL && strcmp(x->up_source->policy, x->policy) == 0))
    return;
  pub = policy_publisher(x, x->policy);
  if (pub == NULL)
    return;
  x->pol_name = pub->name;
  x->pol_url = NULL;
  x->pol_host = pub->n_domains ? pub->domains[0] : NULL;
  x->pol_source = pub;
}

int ac_rules__upstream_build(ac_eval *x)
{
  republication(x);
  permission(x);
  upstream(x);
  policy_subject(x);
  return AC_OK;
}

static const char *domain_of(ac_eval *x, const char *host, const ac_source *s)
{
  char buf[HOST_MAX];
  const char *r = host ? ac_rules__registrable(host, buf, sizeof buf) : NULL;

  if (r != NULL)
    return ac_arena_strdup(x->arena, r);
  return s != NULL && s->n_domains > 0 ? s->domains[0] : NULL;
}

static bool hop_known(const ac_hop *hops, size_t n, const char *name, const char *domain)
{
  for (size_t i = 0; i < n; i++) {
    if (name && hops[i].name && strcmp(hops[i].name, name) == 0)
      return true;
    if (domain && hops[i].domain && strcmp(hops[i].domain, domain) == 0)
      return true;
  }
  return false;
}

static void hop_add(ac_eval *x, ac_hop *hops, size_t *n, size_t max, const ac_credit *c)
{
  const ac_source *s = c->source;
  ac_hop h = {0};

  if (*n >= max)
    return;
  h.name = s ? s->name : c->n->credit;
  h.domain = domain_of(x, c->matched ? c->host : NULL, s);
  h.url = c->matched ? c->url : NULL;
  h.license = s ? s->license : NULL;
  if (!hop_known(hops, *n, h.name, h.domain))
    hops[(*n)++] = h;
}

/*
 * With no credit and no index match, the upstream a republication signal
 * names: a registry publisher (signal_upstream), else the site a canonical
 * pointing away from the page names, so the chain is never just the page.
 */
static void signal_hop(ac_eval *x, ac_hop *hops, size_t *n)
{
  const ac_facts *f = x->f;
  ac_hop h = {x->up_name, NULL, x->up_url, x->up_license};

  if (x->up_source == NULL) {
    for (size_t i = 0; i < f->n_signals && h.url == NULL; i++)
      if (strcmp(f->signals[i].name, "canonical") == 0 && !f->signals[i].self_reference)
        h.url = f->canonical;
    if (h.url == NULL)
      return;
    char *host = ac_url_host(h.url);
    h.name = h.domain = domain_of(x, host, NULL);
    free(host);
    if (h.domain == NULL)
      return;
  } else {
    h.domain = domain_of(x, x->up_host, x->up_source);
  }
  if (h.name != NULL && !hop_known(hops, *n, h.name, h.domain))
    hops[(*n)++] = h;
}

/* Origin first: credits copied with the text, then the page's other credits, then its own. */
int ac_rules__chain_store(ac_eval *x)
{
  ac_hop hops[16];
  size_t n = 0;
  const ac_match *m = best_match(x);

  if (!x->republished)
    return AC_OK;
  for (int pass = 0; pass < 2; pass++)
    for (size_t i = 0; i < x->n_credits; i++)
      if ((int)i != x->primary && x->credits[i].n->in_main == (pass == 0))
        hop_add(x, hops, &n, AC_COUNT(hops) - 2, &x->credits[i]);
  if (x->primary >= 0)
    hop_add(x, hops, &n, AC_COUNT(hops) - 2, &x->credits[x->primary]);
  if (n == 0 && m == NULL)
    signal_hop(x, hops, &n);
  if (m != NULL) {
    char buf[HOST_MAX];
    const char *d = ac_rules__registrable(m->host, buf, sizeof buf);
    if (!hop_known(hops, n, NULL, d)) {
      ac_hop h = {m->site_name ? m->site_name : m->host, ac_arena_strdup(x->arena, d), m->url,
                  m->license};
      hops[n++] = h;
    }
  }
  {
    char buf[HOST_MAX];
    ac_hop self = {"this page", NULL, x->f->url, x->page_license};
    self.domain = x->page_host ? ac_rules__registrable(x->page_host, buf, sizeof buf) : NULL;
    hops[n++] = self;
    return ac_page_set_chain(x->page, hops, n);
  }
}
