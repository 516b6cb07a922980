/*
 * Check types: the attribution checks of the core pack and the checks that
 * read index matches. Each reads only the evaluation context (facts,
 * matches, credits) and emits findings; policy.c holds the policy checks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks.h"

#define DEFAULT_CREDIT_KINDS \
  "source originally-published first-appeared republished via syndication appeared-first"

bool ac_rules__kind_listed(const char *list, ac_notice_kind kind)
{
  const char *name = ac_notice_kind_name(kind);
  size_t n = name ? strlen(name) : 0;

  for (const char *p = list; p != NULL && name != NULL && *p != '\0';) {
    size_t len;
    p += strspn(p, " \t\n");
    len = strcspn(p, " \t\n");
    if (len == n && strncmp(p, name, n) == 0)
      return true;
    p += len;
  }
  return false;
}

double ac_rules__param_num(const ac_rule *r, const char *name, double def)
{
  const char *v = ac_rules__param(r, name, NULL);
  char *end;
  double d;

  if (v == NULL)
    return def;
  d = strtod(v, &end);
  return end != v ? d : def;
}

/* The credit to report a page-level problem at: the page's own, else none. */
static ac_span primary_span(const ac_eval *x)
{
  ac_span none = {0, 0};
  return x->primary >= 0 ? x->credits[x->primary].n->span : none;
}

static int credit_has_link(ac_eval *x, const ac_rule *r)
{
  const char *kinds = ac_rules__param(r, "kinds", DEFAULT_CREDIT_KINDS);
  const ac_credit *report = NULL;

  for (size_t i = 0; i < x->n_credits; i++) {
    const ac_credit *c = &x->credits[i];
    if (!ac_rules__kind_listed(kinds, c->n->kind) || ac_rules__wire_credit(c))
      continue;
    if (ac_rules__credit_linked(c))
      return AC_OK;         /* one linked credit is enough; unlinked ones are upstream hops */
    if (report == NULL || !c->n->in_main || report->n->in_main)
      report = c;
  }
  if (report == NULL)
    return AC_OK;
  ac_vars v = {.credit = report->n->credit};
  return ac_rules__emit(x, r, report->n->span, "\"{credit}\" is credited without a link", &v);
}

/* Does some matching credit claim this host? Then a non-matching credit beside it is a hop. */
static bool host_claimed(const ac_eval *x, const ac_credit *self, const char *host)
{
  for (size_t i = 0; i < x->n_credits; i++) {
    const ac_credit *c = &x->credits[i];
    if (c != self && c->matched && c->host != NULL && ac_rules__same_site(x->rules, c->host, host))
      return true;
  }
  return false;
}

static int credit_matches_link(ac_eval *x, const ac_rule *r)
{
  for (size_t i = 0; i < x->n_credits; i++) {
    const ac_credit *c = &x->credits[i];
    const char *bad = NULL;
    int rc;
    if (c->matched || !ac_rules__credit_linked(c))
      continue;
    for (size_t k = 0; k < c->n_links && bad == NULL; k++)
      if (!host_claimed(x, c, c->links[k]->host))
        bad = c->links[k]->host;
    if (bad == NULL && c->text_host != NULL && !host_claimed(x, c, c->text_host))
      bad = c->text_host;
    if (bad == NULL)
      continue;
    /* The evidence (baseline key, SARIF fingerprint) is the pair, not the name alone:
     * the same credit linking to another wrong site is a new finding. */
    ac_vars v = {.credit = c->n->credit, .host = bad, .url = c->url,
                 .evidence = ac_arena_printf(x->arena, "%s -> %s", c->n->credit, bad)};
    if (v.evidence == NULL)
      return AC_ENOMEM;
    rc = ac_rules__emit(x, r, c->n->span, "\"{credit}\" links to {host}", &v);
    if (rc < 0)
      return rc;
  }
  return AC_OK;
}

static int republished_has_notice(ac_eval *x, const ac_rule *r)
{
  if (!x->republished_signal || x->n_credits > 0)
    return AC_OK;
  ac_vars v = {.evidence = x->rep_evidence, .url = x->rep_evidence};
  return ac_rules__emit(x, r, x->rep_span, "republished ({evidence}) without a credit", &v);
}

static int permission_stated(ac_eval *x, const ac_rule *r)
{
  if (!x->republished || x->permission)
    return AC_OK;
  ac_vars v = {.credit = x->up_name, .evidence = x->up_name};
  return ac_rules__emit(x, r, x->primary >= 0 ? primary_span(x) : x->rep_span,
                        "no license or permission stated", &v);
}

/*
 * Wire credits are left out: a hidden agency dateline is a teaser of another
 * story (a carousel, a closed tab), and wire copy is not judged by its credit.
 */
static int notice_visible(ac_eval *x, const ac_rule *r)
{
  const ac_credit *hidden = NULL;

  for (size_t i = 0; i < x->n_credits; i++) {
    const ac_credit *c = &x->credits[i];
    if (ac_rules__wire_credit(c))
      continue;
    if (c->n->visible)
      return AC_OK;
    if (hidden == NULL)
      hidden = c;
  }
  if (hidden == NULL)
    return AC_OK;
  ac_vars v = {.credit = hidden->n->credit};
  return ac_rules__emit(x, r, hidden->n->span, "\"{credit}\" is hidden", &v);
}

bool ac_rules__page_credits_host(const ac_eval *x, const char *host, const char *site_name)
{
  const ac_facts *f = x->f;
  const ac_source *site = site_name ? ac_rules_source_by_name(x->rules, site_name) : NULL;

  for (size_t i = 0; i < x->n_credits; i++) {
    const ac_credit *c = &x->credits[i];
    if (ac_rules_name_matches_host(x->rules, c->n->credit, host))
      return true;
    if (c->host != NULL && ac_rules__same_site(x->rules, c->host, host))
      return true;
    if (site != NULL && site == c->source)
      return true;
  }
  for (size_t i = 0; i < f->n_notices; i++)    /* a link in any notice counts as crediting */
    for (size_t k = 0; k < f->notices[i].n_links; k++) {
      uint32_t li = f->notices[i].links[k];
      if (li < f->n_links && f->links[li].host != NULL &&
          ac_rules__same_site(x->rules, f->links[li].host, host))
        return true;
    }
  return false;
}

static void match_vars(ac_eval *x, const ac_match *m, ac_vars *v, char *cov, size_t covsz)
{
  snprintf(cov, covsz, "%.0f %%", m->original_coverage * 100.0);
  char buf[256];
  const char *reg = m->host ? ac_rules__registrable(m->host, buf, sizeof buf) : NULL;

  v->url = m->url;
  v->host = reg ? ac_arena_strdup(x->arena, reg) : m->host;   /* the site, not one server */
  v->license = m->license;
  v->coverage = cov;
  v->copy = ac_copy_class_name(m->cls);
  v->evidence = m->url;
}

/* Bytes of the page that passages of both a and b cover (each match's passages are disjoint). */
static uint64_t shared_copy_bytes(const ac_match *a, const ac_match *b)
{
  uint64_t shared = 0;

  for (size_t i = 0; i < a->n_passages; i++)
    for (size_t k = 0; k < b->n_passages; k++) {
      uint32_t lo = a->passages[i].copy_start > b->passages[k].copy_start
                        ? a->passages[i].copy_start : b->passages[k].copy_start;
      uint32_t hi = a->passages[i].copy_end < b->passages[k].copy_end
                        ? a->passages[i].copy_end : b->passages[k].copy_end;
      shared += hi > lo ? hi - lo : 0;
    }
  return shared;
}

/*
 * True when a credited original accounts for most of what m copies: the same
 * article syndicated to several sites matches all of them, and the page that
 * credits one of those sites has not misattributed the others' copies.
 */
bool ac_rules__explains(const ac_match *by, const ac_match *m)
{
  uint64_t own = 0;

  for (size_t i = 0; i < m->n_passages; i++)
    own += m->passages[i].copy_end - m->passages[i].copy_start;
  return own > 0 && shared_copy_bytes(m, by) * 5 >= own * 4;   /* 80 % of m's copied text */
}

static bool explained_by_credited_match(ac_eval *x, const ac_match *m, double min_cov,
                                        size_t min_words)
{
  for (size_t i = 0; i < x->n_matches; i++) {
    const ac_match *c = &x->matches[i];
    if (c != m && ac_rules__match_counts(c, min_cov, min_words) &&
        ac_rules__page_credits_host(x, c->host, c->site_name) && ac_rules__explains(c, m))
      return true;
  }
  return false;
}

/* unattributed-copy when nothing credits anyone; misattributed-copy when others are credited. */
static int copy_check(ac_eval *x, const ac_rule *r, bool misattributed)
{
  double min_cov = ac_rules__param_num(r, "min-coverage", 0.2);
  size_t min_words = (size_t)ac_rules__param_num(r, "min-words", 50);   /* 0..1e6: build.c */

  for (size_t i = 0; i < x->n_matches; i++) {
    const ac_match *m = &x->matches[i];
    ac_vars v = {0};
    char cov[32];
    int rc;
    if (!ac_rules__match_counts(m, min_cov, min_words) ||
        ac_rules__page_credits_host(x, m->host, m->site_name))
      continue;
    if (misattributed != (x->n_credits > 0) ||
        explained_by_credited_match(x, m, min_cov, min_words))
      continue;
    match_vars(x, m, &v, cov, sizeof cov);
    v.credit = x->primary >= 0 ? x->credits[x->primary].n->credit : NULL;
    rc = ac_rules__emit(x, r, misattributed ? primary_span(x) : x->f->main_span,
                        misattributed ? "credits {credit}, text from {url}" : "copies {url}", &v);
    if (rc < 0)
      return rc;
  }
  return AC_OK;
}

static int copy_attributed(ac_eval *x, const ac_rule *r)
{
  return copy_check(x, r, false);
}

static int copy_credits_origin(ac_eval *x, const ac_rule *r)
{
  return copy_check(x, r, true);
}

static bool page_has_license(const ac_eval *x)
{
  if (x->page_license != NULL)
    return true;
  for (size_t i = 0; i < x->f->n_notices; i++)
    if (x->f->notices[i].kind == AC_NOTICE_LICENSE)
      return true;
  for (size_t i = 0; i < x->f->n_links; i++)
    if (x->f->links[i].rel & AC_REL_LICENSE)
      return true;
  return false;
}

static int license_notice_kept(ac_eval *x, const ac_rule *r)
{
  for (size_t i = 0; i < x->n_matches; i++) {
    const ac_match *m = &x->matches[i];
    ac_vars v = {0};
    char cov[32];
    if (!ac_rules__match_counts(m, 0.2, 50) || m->license == NULL ||
        strncmp(m->license, "CC-", 3) != 0 || page_has_license(x))
      continue;
    match_vars(x, m, &v, cov, sizeof cov);
    return ac_rules__emit(x, r, x->f->main_span, "{url} is {license}; no license notice", &v);
  }
  return AC_OK;
}

static bool is_nd(const char *license)
{
  return license != NULL && strstr(license, "-ND") != NULL;
}

/* A translation: the page's language differs from the upstream's. */
static bool translated(const ac_eval *x)
{
  return x->up_lang != NULL && x->f->lang != NULL && strncmp(x->up_lang, x->f->lang, 2) != 0;
}

static int no_derivatives_kept(ac_eval *x, const ac_rule *r)
{
  ac_vars v = {0};
  char cov[32];

  for (size_t i = 0; i < x->n_matches; i++) {
    const ac_match *m = &x->matches[i];
    if (!ac_rules__match_counts(m, 0.2, 50) || !is_nd(m->license) ||
        m->cls == AC_COPY_VERBATIM || m->cls == AC_COPY_TRUNCATED)
      continue;
    match_vars(x, m, &v, cov, sizeof cov);
    return ac_rules__emit(x, r, x->f->main_span, "{url} is {license}; copy is {copy}", &v);
  }
  if (x->n_matches == 0 && is_nd(x->up_license) && translated(x)) {
    v.url = x->up_url;
    v.license = x->up_license;
    v.copy = "a translation";
    v.credit = x->up_name;
    return ac_rules__emit(x, r, primary_span(x), "{credit} is {license}; copy is {copy}", &v);
  }
  return AC_OK;
}

/* Each credited source whose language differs from the next hop's is a translated work. */
static int translation_permitted(ac_eval *x, const ac_rule *r)
{
  for (size_t i = 0; i < x->n_credits; i++) {
    const ac_source *s = x->credits[i].source;
    const char *next = x->f->lang;
    if (s == NULL || s->lang == NULL || s->license == NULL ||
        !(strcmp(s->license, "all-rights-reserved") == 0 || is_nd(s->license)))
      continue;
    for (size_t k = 0; k < x->n_credits; k++) {    /* the hop after it: a linked, matched credit */
      const ac_source *t = x->credits[k].source;
      if (k != i && t != NULL && t != s && t->lang != NULL && x->credits[k].matched)
        next = t->lang;
    }
    if (next == NULL || strncmp(next, s->lang, 2) == 0)
      continue;
    ac_vars v = {.credit = s->name, .license = s->license, .lang = s->lang};
    return ac_rules__emit(x, r, x->credits[i].n->span, "{credit} is translated", &v);
  }
  return AC_OK;
}

static int suppression_has_reason(ac_eval *x, const ac_rule *r)
{
  for (size_t i = 0; i < x->f->n_suppressions; i++) {
    const ac_suppression *s = &x->f->suppressions[i];
    if (s->reason != NULL)
      continue;
    ac_vars v = {.evidence = s->rule};
    int rc = ac_rules__emit(x, r, s->span, "suppression of {evidence} without a reason", &v);
    if (rc < 0)
      return rc;
  }
  return AC_OK;
}

/* Edits (insert, delete, replace) from a to b; ids are short, longer ones cost the cap. */
static size_t edit_distance(const char *a, const char *b)
{
  enum { CAP = 64 };
  size_t la = strlen(a), lb = strlen(b), row[CAP + 1];

  if (la > CAP || lb > CAP)
    return CAP;
  for (size_t j = 0; j <= lb; j++)
    row[j] = j;
  for (size_t i = 1; i <= la; i++) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= lb; j++) {
      size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);
      if (up + 1 < best)
        best = up + 1;
      if (row[j - 1] + 1 < best)
        best = row[j - 1] + 1;
      diag = up;
      row[j] = best;
    }
  }
  return row[lb];
}

/* The loaded rule id nearest to a mistyped one, when it is near enough to be meant. */
static const char *nearest_rule(const ac_rules *rules, const char *id)
{
  const char *best = NULL;
  size_t best_d = strlen(id) / 3 + 1;

  for (size_t i = 0; i < rules->n_rules; i++) {
    size_t d = edit_distance(id, rules->rules[i]->info.id);
    if (d <= best_d) {
      best = rules->rules[i]->info.id;
      best_d = d;
    }
  }
  return best;
}

/* A suppression naming no loaded rule suppresses nothing: say so, with the likely id. */
static int suppression_names_rule(ac_eval *x, const ac_rule *r)
{
  for (size_t i = 0; i < x->f->n_suppressions; i++) {
    const ac_suppression *s = &x->f->suppressions[i];
    if (strcmp(s->rule, "*") == 0 || ac_rules_find(x->rules, s->rule) != NULL)
      continue;
    const char *near = nearest_rule(x->rules, s->rule);
    const char *msg = near ? ac_arena_printf(x->arena, "suppression names {evidence}, which is "
                                             "not a rule; did you mean %s?", near)
                           : "suppression names {evidence}, which is not a rule";
    ac_vars v = {.evidence = s->rule};
    int rc = msg != NULL ? ac_rules__emit(x, r, s->span, msg, &v) : AC_ENOMEM;
    if (rc < 0)
      return rc;
  }
  return AC_OK;
}

static const ac_check_type check_types[] = {
    {"credit-has-link", credit_has_link, {"kinds", NULL}},
    {"credit-matches-link", credit_matches_link, {NULL}},
    {"republished-has-notice", republished_has_notice, {NULL}},
    {"permission-stated", permission_stated, {NULL}},
    {"notice-visible", notice_visible, {NULL}},
    {"copy-attributed", copy_attributed, {"min-coverage", "min-words", NULL}},
    {"copy-credits-origin", copy_credits_origin, {"min-coverage", "min-words", NULL}},
    {"license-notice-kept", license_notice_kept, {NULL}},
    {"no-derivatives-kept", no_derivatives_kept, {NULL}},
    {"translation-permitted", translation_permitted, {NULL}},
    {"suppression-has-reason", suppression_has_reason, {NULL}},
    {"suppression-names-rule", suppression_names_rule, {NULL}},
    {"notice-present", ac_check_notice_present, {"kinds", "where", "contains", "names-upstream", NULL}},
    {"notice-has-link", ac_check_notice_has_link, {"kinds", NULL}},
    {"link-to-article", ac_check_link_to_article, {NULL}},
    {"canonical-upstream", ac_check_canonical_upstream, {"allow-noindex", NULL}},
    {"byline-kept", ac_check_byline_kept, {"contains", NULL}},
    {"license-notice", ac_check_license_notice, {"require-link", NULL}},
    {"modifications-indicated", ac_check_modifications_indicated, {"words", NULL}},
    {"share-alike-kept", ac_check_share_alike_kept, {NULL}},
    {"title-kept", ac_check_title_kept, {NULL}},
    {"tracking-pixel", ac_check_tracking_pixel, {"id", NULL}},
    {"credit-link-follow", ac_check_credit_link_follow, {NULL}},
    {"excerpt-share", ac_check_excerpt_share, {"max", NULL}},
    {"tdm-channels-agree", ac_check_tdm_channels_agree, {NULL}},
    {"tdm-policy-reserved", ac_check_tdm_policy_reserved, {NULL}},
    {"ai-use-consistent", ac_check_ai_use_consistent, {NULL}},
    {"license-channels-agree", ac_check_license_channels_agree, {NULL}},
    {"c2pa-single-manifest", ac_check_c2pa_single_manifest, {NULL}},
    {"holder-channels-agree", ac_check_holder_channels_agree, {NULL}},
    {"fetched-source-has-text", ac_check_fetched_has_text, {NULL}},
    {"fetched-source-reachable", ac_check_fetched_reachable, {NULL}},
    {"fetched-source-same-site", ac_check_fetched_same_site, {NULL}},
    {"fetched-source-terms-kept", ac_check_fetched_terms_kept, {NULL}},
    {"fetched-source-license-same", ac_check_fetched_license_same, {NULL}},
};

const ac_check_type *ac_rules__check_find(const char *name)
{
  for (size_t i = 0; i < AC_COUNT(check_types); i++)
    if (strcmp(check_types[i].name, name) == 0)
      return &check_types[i];
  return NULL;
}

const char *ac_rules__param(const ac_rule *r, const char *name, const char *def)
{
  for (size_t i = 0; i < r->n_params; i++)
    if (strcmp(r->params[i].name, name) == 0)
      return r->params[i].value;
  return def;
}
