/*
 * ac_rules_eval: build the page context once, run every rule whose
 * conditions hold, apply inline suppressions, and store the findings (by
 * position, then rule id), the chain and the attribution summary.
 */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "attrcheck/url.h"
#include "eval.h"

static bool any_glob(const ac_strlist *l, const char *value)
{
  for (size_t i = 0; value != NULL && i < l->n; i++)
    if (fnmatch(l->items[i], value, 0) == 0 || strcasecmp(l->items[i], value) == 0)
      return true;
  return false;
}

static bool source_listed(const ac_eval *x, const ac_strlist *l)
{
  if (x->up_source != NULL && (any_glob(l, x->up_source->id) || any_glob(l, x->up_source->name)))
    return true;
  return any_glob(l, x->up_name) || any_glob(l, x->up_host);
}

static bool lang_listed(const ac_eval *x, const ac_strlist *l)
{
  for (size_t i = 0; x->f->lang != NULL && i < l->n; i++) {
    size_t n = strlen(l->items[i]);
    if (strncmp(x->f->lang, l->items[i], n) == 0 && (x->f->lang[n] == '\0' || x->f->lang[n] == '-'))
      return true;
  }
  return false;
}

static bool rule_applies(const ac_eval *x, const ac_rule *r)
{
  if (r->info.severity == AC_SEV_NONE)
    return false;
  if (r->policy != NULL && (x->policy == NULL || strcmp(r->policy, x->policy) != 0))
    return false;
  if (r->when_republished >= 0 && r->when_republished != (int)x->republished)
    return false;
  if (r->when_matched >= 0 && r->when_matched != (int)(x->n_matches > 0))
    return false;
  if (r->when_license.n > 0 && !any_glob(&r->when_license, x->up_license))
    return false;
  if (r->when_source.n > 0 && !source_listed(x, &r->when_source))
    return false;
  if (r->when_path.n > 0 && !any_glob(&r->when_path, x->opts->rel_path))
    return false;
  if (r->when_lang.n > 0 && !lang_listed(x, &r->when_lang))
    return false;
  return true;
}

/* Inline suppressions: a finding inside a disable range (or anywhere, for page-level ones). */
static void suppress(ac_eval *x, ac_finding *fd)
{
  for (size_t i = 0; i < x->f->n_suppressions; i++) {
    const ac_suppression *s = &x->f->suppressions[i];
    bool whole = fd->span.start == 0 && fd->span.end == 0;
    if (s->reason == NULL || (strcmp(s->rule, "*") != 0 && strcmp(s->rule, fd->rule) != 0))
      continue;
    if (whole || (fd->span.start >= s->span.start && fd->span.start < s->span.end)) {
      fd->suppressed = true;
      fd->suppression = ac_arena_printf(x->arena, "inline: %s", s->reason);
      return;
    }
  }
}

static int finding_cmp(const void *a, const void *b)
{
  const ac_finding *x = a, *y = b;

  if (x->span.start != y->span.start)
    return x->span.start < y->span.start ? -1 : 1;
  return strcmp(x->rule, y->rule);
}

static bool supersedes(const ac_rule_info *r, const char *id)
{
  for (size_t i = 0; i < r->n_supersedes; i++)
    if (strcmp(r->supersedes[i], id) == 0)
      return true;
  return false;
}

/*
 * A finding whose rule another finding's rule `supersedes` (a policy's
 * stricter form of a generic requirement), at least as severe, is the same
 * problem told twice: only the stricter one is reported. The few rules that
 * supersede fd's are found first, so the findings are scanned only for them.
 */
static bool superseded(const ac_eval *x, const ac_finding *fd)
{
  for (size_t i = 0; i < x->rules->n_rules; i++) {
    const ac_rule_info *r = &x->rules->rules[i]->info;
    if (!supersedes(r, fd->rule) || strcmp(r->id, fd->rule) == 0)
      continue;
    for (size_t j = 0; j < x->n_out; j++) {
      const ac_finding *o = &x->out[j];
      if (o != fd && o->rule == r->id && o->severity >= fd->severity)
        return true;
    }
  }
  return false;
}

static int store(ac_eval *x)
{
  ac_page *page = x->page;
  int rc = AC_OK;

  for (size_t i = 0; i < x->n_out && rc == AC_OK; i++) {
    if (superseded(x, &x->out[i]))
      continue;
    suppress(x, &x->out[i]);
    rc = ac_page_add_finding(page, &x->out[i]);
  }
  if (page->n_findings > 1)        /* with any page-level findings added before ours */
    qsort(page->findings, page->n_findings, sizeof *page->findings, finding_cmp);
  return rc;
}

/* Signals naming the rights holder in machine-readable form; the first one found wins. */
static const char *signal_holder(const ac_eval *x)
{
  static const char *const names[] = {"jsonld.copyrightHolder", "microdata.copyrightHolder",
                                      "dcterms.rightsHolder", "dc.rightsHolder"};

  for (size_t k = 0; k < AC_COUNT(names); k++)
    for (size_t i = 0; i < x->f->n_signals; i++) {
      const char *v = x->f->signals[i].value;
      if (strcasecmp(x->f->signals[i].name, names[k]) == 0 && v != NULL && v[0] != '\0' &&
          strstr(v, "://") == NULL && v[0] != '#')
        return v;                       /* a name, not a reference to a node or a URL */
    }
  return NULL;
}

/*
 * The page's copyright holder. Stated by a signal, else by a © a reader
 * sees (never one in a script's comment): the page's before a caption's (a
 * photo agency's), outside the article text (where a © is a picture's)
 * before inside it; the last on ties, as the site's footer is.
 */
static const char *copyright_holder(const ac_eval *x)
{
  const char *best = signal_holder(x);
  int best_score = -1;

  if (best != NULL)
    return best;
  for (size_t i = 0; i < x->f->n_notices; i++) {
    const ac_notice *n = &x->f->notices[i];
    int score;
    if (n->kind != AC_NOTICE_COPYRIGHT || n->credit == NULL || n->credit[0] == '\0' ||
        !n->visible)
      continue;                /* no reader sees it: an analytics script's banner comment */
    score = (n->scope == AC_SCOPE_PAGE ? 2 : 0) + (!n->in_main ? 1 : 0);
    if (score >= best_score) {
      best = n->credit;
      best_score = score;
    }
  }
  return best;
}

static int attribution_store(ac_eval *x)
{
  ac_attribution a = {NULL, NULL, -1, NULL, NULL};

  if (x->primary >= 0) {
    const ac_credit *c = &x->credits[x->primary];
    a.credited_source = c->n->credit;
    a.source_link = c->url;
    a.credit_matches_link = c->url != NULL ? (int)c->matched : -1;
  }
  a.license = x->page_license;
  a.copyright_holder = copyright_holder(x);
  return ac_page_set_attribution(x->page, &a);
}

/*
 * The page's own URL. `*sure` is false when only the canonical (or nothing)
 * names the page: on a republished page that may be the original's.
 */
static const char *own_url(const ac_facts *f, bool *sure)
{
  *sure = f->url != NULL && !f->url_assumed;
  return f->url;
}

static int str_cmp(const void *a, const void *b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * The site most of the page's links go to: its own, usually. Each link's
 * registrable domain is computed once, then sorted to find the longest run.
 */
static const char *majority_host(const ac_eval *x)
{
  const ac_facts *f = x->f;
  size_t n = 0, best = 0, run = 0;
  const char **regs = f->n_links ? ac_arena_alloc(x->arena, f->n_links * sizeof *regs) : NULL;
  const char *winner = NULL;
  char buf[256];

  for (size_t i = 0; regs != NULL && i < f->n_links; i++) {
    const char *r = f->links[i].host ? ac_rules__registrable(f->links[i].host, buf, sizeof buf) : NULL;
    if (r != NULL && (regs[n] = ac_arena_strdup(x->arena, r)) != NULL)
      n++;
  }
  if (n == 0)
    return NULL;
  qsort(regs, n, sizeof *regs, str_cmp);
  for (size_t i = 0; i < n; i++) {
    run = i > 0 && strcmp(regs[i], regs[i - 1]) == 0 ? run + 1 : 1;
    if (run > best) {
      best = run;
      winner = regs[i];
    }
  }
  return best >= 5 && best * 4 >= n ? winner : NULL;
}

/*
 * Matches of originals on the page's own site are the publisher's other
 * versions of the story (an update under a new URL, a test page), never a
 * republication: the rules see only the others. Not done when the page's
 * site is known only from its canonical, which a copy points at the original.
 */
static int foreign_matches(ac_eval *x)
{
  ac_match *keep;
  size_t n = 0;

  if (x->n_matches == 0 || x->page_host == NULL)
    return AC_OK;
  keep = ac_arena_alloc(x->arena, x->n_matches * sizeof *keep);
  if (keep == NULL)
    return AC_ENOMEM;
  for (size_t i = 0; i < x->n_matches; i++)
    if (x->matches[i].host == NULL || !ac_rules__own_site(x, x->matches[i].host))
      keep[n++] = x->matches[i];
  x->matches = keep;
  x->n_matches = n;
  return AC_OK;
}

static bool credited(const ac_eval *x, const ac_match *m)
{
  return ac_rules__page_credits_host(x, m->host, m->site_name);
}

/*
 * Matches come best first by coverage. When one article is indexed under
 * several sites, the credited original that accounts for a better-ranked
 * uncredited one's copied text takes its place, so the upstream, the chain
 * and the audit's matched_original name the site the page credits. The
 * page's own list is reordered: this is the rules' judgement of it.
 */
static void credited_first(const ac_eval *x, ac_match *m, size_t n)
{
  for (size_t i = 1; i < n; i++) {
    if (!ac_rules__match_counts(&m[i], 0.2, 50) || !credited(x, &m[i]))
      continue;
    for (size_t k = 0; k < i; k++) {
      if (credited(x, &m[k]) || !ac_rules__explains(&m[i], &m[k]))
        continue;
      ac_match moved = m[i];
      memmove(&m[k + 1], &m[k], (i - k) * sizeof *m);
      m[k] = moved;
      break;
    }
  }
}

/* Notice kinds that say the text was first published elsewhere. */
static bool republication_kind(ac_notice_kind k)
{
  return k == AC_NOTICE_ORIGINALLY_PUBLISHED || k == AC_NOTICE_FIRST_APPEARED ||
         k == AC_NOTICE_REPUBLISHED || k == AC_NOTICE_SYNDICATION ||
         k == AC_NOTICE_APPEARED_FIRST;
}

/*
 * Does a visible notice say the text first appeared on `host` ("originally
 * published by CalMatters" linking calmatters.org)? A page never says that
 * of itself, so a canonical on that host is the original's, not the page's.
 */
static bool host_credited_upstream(const ac_eval *x, const char *host)
{
  const ac_facts *f = x->f;

  for (size_t i = 0; host != NULL && i < f->n_notices; i++) {
    const ac_notice *n = &f->notices[i];
    if (!republication_kind(n->kind) || !n->visible || n->scope == AC_SCOPE_FIGURE)
      continue;
    if (n->credit != NULL && ac_rules_name_matches_host(x->rules, n->credit, host))
      return true;
    for (size_t k = 0; k < n->n_links; k++) {
      const ac_link *l = n->links[k] < f->n_links ? &f->links[n->links[k]] : NULL;
      if (l != NULL && l->host != NULL && ac_rules__same_site(x->rules, l->host, host))
        return true;
    }
  }
  return false;
}

/*
 * Matches of the page itself: an original checked against the index it is
 * in matches its own entry, under its canonical. Only when the page's URL is
 * known from nothing else (given, og:url and the majority of links decide
 * otherwise), and not when the page says the canonical is its upstream's (a
 * copy that keeps the original's canonical).
 */
static int drop_self_matches(ac_eval *x)
{
  ac_match *keep;
  size_t n = 0;

  if (x->url_upstream || x->f->canonical == NULL || x->n_matches == 0)
    return AC_OK;
  keep = ac_arena_alloc(x->arena, x->n_matches * sizeof *keep);
  if (keep == NULL)
    return AC_ENOMEM;
  for (size_t i = 0; i < x->n_matches; i++)
    if (x->matches[i].url == NULL || !ac_url_same(x->matches[i].url, x->f->canonical))
      keep[n++] = x->matches[i];
  x->matches = keep;
  x->n_matches = n;
  return AC_OK;
}

static int eval_setup(ac_eval *x)
{
  bool sure;
  const char *url = own_url(x->f, &sure);
  const char *guess = sure ? NULL : majority_host(x);
  char *h = url ? ac_url_host(url) : NULL;
  int rc;

  /* Without --url or og:url the page's URL is its canonical's, which on a copy
   * names the original (CalMatters, ProPublica, The Conversation ask for that). */
  x->url_upstream = !sure && h != NULL && host_credited_upstream(x, h);
  x->page_host = guess ? guess : x->url_upstream ? NULL : ac_arena_strdup(x->arena, h);
  free(h);
  if (x->page_host != NULL) {
    char buf[256];
    const char *reg = ac_rules__registrable(x->page_host, buf, sizeof buf);
    x->page_reg = reg ? ac_arena_strdup(x->arena, reg) : NULL;
    x->page_source = ac_rules__source_by_reg(x->rules, x->page_host, x->page_reg);
  }
  rc = ac_rules__credits_build(x);
  if (rc < 0)
    return rc;
  credited_first(x, x->page->matches, x->page->n_matches);
  x->matches = ac_page_matches(x->page, &x->n_matches);
  if ((sure || guess != NULL) && foreign_matches(x) < 0)
    return AC_ENOMEM;
  if (!sure && guess == NULL && drop_self_matches(x) < 0)
    return AC_ENOMEM;
  return ac_rules__upstream_build(x);
}

int ac_rules_eval(const ac_rules *rules, ac_page *page, const ac_eval_options *opts,
                  ac_error *err)
{
  static const ac_eval_options defaults = AC_EVAL_OPTIONS_INIT;
  ac_eval x = {0};
  int rc;

  x.rules = rules;
  x.page = page;
  x.arena = page->arena;
  x.f = ac_page_facts(page);
  x.opts = opts ? opts : &defaults;
  x.err = err;
  x.primary = -1;
  if (x.f == NULL)
    return ac_error_set_file(err, AC_EINVALID, ac_page_path(page), 0, 0, "page not extracted");
  rc = eval_setup(&x);
  for (size_t i = 0; rc == AC_OK && i < rules->n_rules; i++)
    if (rule_applies(&x, rules->rules[i]))
      rc = rules->rules[i]->check->fn(&x, rules->rules[i]);
  if (rc == AC_OK)
    rc = store(&x);
  if (rc == AC_OK)
    rc = ac_rules__chain_store(&x);
  if (rc == AC_OK)
    rc = attribution_store(&x);
  /* Past max_findings the page keeps its first ones with a note (ac_page_add_finding):
     running out of memory is the only way evaluation fails. */
  if (rc == AC_ENOMEM)
    return ac_error_set_file(err, rc, ac_page_path(page), 0, 0, "out of memory evaluating rules");
  return rc;
}
