/*
 * Policy checks: what republishing policies (The Conversation, ProPublica,
 * CalMatters, Global Voices, the republication plugin) and Creative Commons
 * require: a credit line in the right place, a link to the article, the
 * byline, canonical, license notice, pixel, unchanged text and title.
 */
#define _GNU_SOURCE 1 /* strcasestr */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "attrcheck/url.h"
#include "checks.h"

#define DEFAULT_KINDS \
  "source originally-published first-appeared republished via syndication appeared-first"
#define HOST_MAX 256

static ac_span page_start(const ac_eval *x)
{
  ac_span s = {x->f->main_span.start, x->f->main_span.start};
  return s;
}

/* "top": starts in the first third of the article (or before it); "bottom": ends in the last third or after. */
static bool placed(const ac_eval *x, const ac_notice *n, const char *where)
{
  ac_span m = x->f->main_span;
  uint32_t third;

  if (where == NULL || strcmp(where, "anywhere") == 0)
    return true;
  if (m.end <= m.start) {
    m.start = 0;
    m.end = (uint32_t)x->page->len;
  }
  third = (m.end - m.start) / 3;
  if (strcmp(where, "top") == 0)
    return n->span.start <= m.start + third;
  return n->span.end >= m.end - third;
}

static bool names_upstream(const ac_eval *x, const ac_notice *n)
{
  const ac_source *s;

  if (n->credit == NULL)
    return false;
  if (x->pol_host != NULL && ac_rules_name_matches_host(x->rules, n->credit, x->pol_host))
    return true;
  s = ac_rules_source_by_name(x->rules, n->credit);
  return s != NULL && s == x->pol_source;
}

int ac_check_notice_present(ac_eval *x, const ac_rule *r)
{
  const char *kinds = ac_rules__param(r, "kinds", DEFAULT_KINDS);
  const char *where = ac_rules__param(r, "where", "anywhere");
  const char *contains = ac_rules__param(r, "contains", NULL);
  const char *up = ac_rules__param(r, "names-upstream", "true");

  for (size_t i = 0; i < x->f->n_notices; i++) {
    const ac_notice *n = &x->f->notices[i];
    if (!ac_rules__kind_listed(kinds, n->kind) || !placed(x, n, where))
      continue;
    if (contains != NULL && (n->text == NULL || strcasestr(n->text, contains) == NULL))
      continue;
    if (strcmp(up, "true") == 0 && ac_rules__kind_listed(DEFAULT_KINDS, n->kind) &&
        !names_upstream(x, n))
      continue;
    return AC_OK;
  }
  ac_vars v = {.credit = x->pol_name, .evidence = where, .url = x->pol_url};
  return ac_rules__emit(x, r, page_start(x), "no credit line to {credit} ({evidence})", &v);
}

int ac_check_notice_has_link(ac_eval *x, const ac_rule *r)
{
  const char *kinds = ac_rules__param(r, "kinds", DEFAULT_KINDS);

  for (size_t i = 0; i < x->n_credits; i++) {
    const ac_credit *c = &x->credits[i];
    if (ac_rules__kind_listed(kinds, c->n->kind) && c->matched &&
        (x->pol_host == NULL || ac_rules__same_site(x->rules, c->host, x->pol_host)))
      return AC_OK;
  }
  ac_vars v = {.credit = x->pol_name, .host = x->pol_host};
  return ac_rules__emit(x, r, page_start(x), "the credit to {credit} has no link to it", &v);
}

/* True when url has a path beyond "/" (or a query): an article, not a home page. */
static bool is_article_url(const char *url)
{
  const char *p = strstr(url, "://");

  if (p == NULL)
    return false;
  p = strchr(p + 3, '/');
  return p != NULL && (p[1] != '\0' && p[1] != '#');
}

int ac_check_link_to_article(ac_eval *x, const ac_rule *r)
{
  const ac_credit *c = x->primary >= 0 ? &x->credits[x->primary] : NULL;

  if (c == NULL || c->url == NULL || !c->matched || is_article_url(c->url))
    return AC_OK;
  ac_vars v = {.credit = c->n->credit, .url = c->url, .host = c->host};
  return ac_rules__emit(x, r, c->n->span, "\"{credit}\" links to the home page {url}", &v);
}

int ac_check_canonical_upstream(ac_eval *x, const ac_rule *r)
{
  const char *allow = ac_rules__param(r, "allow-noindex", "true");
  char *host;
  bool ok;

  if (x->f->noindex && strcmp(allow, "true") == 0)
    return AC_OK;
  host = x->f->canonical ? ac_url_host(x->f->canonical) : NULL;
  ok = host != NULL && x->pol_host != NULL && ac_rules__same_site(x->rules, host, x->pol_host);
  free(host);
  if (ok)
    return AC_OK;
  ac_vars v = {.credit = x->pol_name, .url = x->f->canonical, .host = x->pol_host};
  return ac_rules__emit(x, r, x->f->canonical ? x->f->canonical_span : page_start(x),
                        "canonical does not point to {host}", &v);
}

int ac_check_byline_kept(ac_eval *x, const ac_rule *r)
{
  const char *contains = ac_rules__param(r, "contains", NULL);

  for (size_t i = 0; i < x->f->n_byline; i++) {
    const char *name = x->f->byline[i].name;
    if (name != NULL && (contains == NULL || strcasestr(name, contains) != NULL))
      return AC_OK;
  }
  ac_vars v = {.credit = x->pol_name, .evidence = contains};
  return ac_rules__emit(x, r, page_start(x), "the byline of {credit} is missing", &v);
}

static bool license_link(const ac_eval *x)
{
  for (size_t i = 0; i < x->f->n_links; i++) {
    const ac_link *l = &x->f->links[i];
    if ((l->rel & AC_REL_LICENSE) ||
        (l->url != NULL && strstr(l->url, "creativecommons.org/licenses/") != NULL) ||
        (l->url != NULL && strstr(l->url, "creativecommons.org/publicdomain/") != NULL))
      return true;
  }
  return false;
}

static const ac_match *best(const ac_eval *x);

/* A counted index match of a CC-licensed original. */
static bool cc_copy_matched(const ac_eval *x)
{
  const ac_match *m = best(x);
  return m != NULL && m->license != NULL && strncmp(m->license, "CC-", 3) == 0;
}

int ac_check_license_notice(ac_eval *x, const ac_rule *r)
{
  bool need_link = strcmp(ac_rules__param(r, "require-link", "true"), "true") == 0;
  ac_vars v = {.credit = x->pol_name, .license = x->up_license};

  if (x->up_license == NULL || strncmp(x->up_license, "CC", 2) != 0)
    return AC_OK;
  if (x->page_license != NULL && strcmp(x->page_license, x->up_license) != 0) {
    v.evidence = x->page_license;
    return ac_rules__emit(x, r, page_start(x), "states {evidence}, upstream is {license}", &v);
  }
  if (x->page_license == NULL && !x->permission) {
    if (cc_copy_matched(x))
      return AC_OK;   /* license-notice-missing reports it, naming the original copied */
    return ac_rules__emit(x, r, page_start(x), "no license notice for {license}", &v);
  }
  if (need_link && !license_link(x))
    return ac_rules__emit(x, r, page_start(x), "no link to the {license} license", &v);
  return AC_OK;
}

static const ac_match *best(const ac_eval *x)
{
  for (size_t i = 0; i < x->n_matches; i++)
    if (ac_rules__match_counts(&x->matches[i], 0.2, 50))
      return &x->matches[i];
  return NULL;
}

#define WORDS_MAX 16

typedef struct word { const char *w; size_t len; } word;

/* Split a space-separated list into lower-case-first words; returns how many. */
static size_t words_split(const char *list, word *out)
{
  size_t n = 0;

  for (const char *p = list; *p != '\0' && n < WORDS_MAX;) {
    size_t len;
    p += strspn(p, " ");
    len = strcspn(p, " ");
    if (len > 0)
      out[n++] = (word){p, len};
    p += len;
  }
  return n;
}

/*
 * A word of the visible text that starts with one of `words` ("edited",
 * "adapted" and their forms; not "exchanges" for "changes"). One pass over
 * the text, looking only at word starts: it runs on every matched page.
 */
static bool text_has_word(const ac_eval *x, const char *words)
{
  const unsigned char *t = (const unsigned char *)(x->f->visible_text ? x->f->visible_text : "");
  word w[WORDS_MAX];
  size_t n = words_split(words, w);
  bool prev_alpha = false;

  for (; *t != '\0'; t++) {
    bool alpha = (unsigned)((*t | 0x20) - 'a') < 26u || *t >= 0x80;   /* no locale call per byte */
    for (size_t i = 0; alpha && !prev_alpha && i < n; i++)
      if ((*t | 0x20) == (w[i].w[0] | 0x20) && strncasecmp((const char *)t, w[i].w, w[i].len) == 0)
        return true;
    prev_alpha = alpha;
  }
  return false;
}

int ac_check_modifications_indicated(ac_eval *x, const ac_rule *r)
{
  const char *words = ac_rules__param(r, "words", "edited adapted modified translated changes");
  const ac_match *m = best(x);

  if (m == NULL || m->cls == AC_COPY_VERBATIM || m->cls == AC_COPY_TRUNCATED ||
      text_has_word(x, words))
    return AC_OK;
  ac_vars v = {.url = m->url, .copy = ac_copy_class_name(m->cls), .license = m->license};
  return ac_rules__emit(x, r, page_start(x), "{url} was changed ({copy}) without saying so", &v);
}

int ac_check_share_alike_kept(ac_eval *x, const ac_rule *r)
{
  if (x->up_license == NULL || strstr(x->up_license, "-SA") == NULL)
    return AC_OK;
  if (x->page_license == NULL || strstr(x->page_license, "-SA") != NULL)
    return AC_OK;                   /* no license at all is license-notice's finding */
  ac_vars v = {.license = x->up_license, .evidence = x->page_license, .credit = x->pol_name};
  return ac_rules__emit(x, r, page_start(x), "{license} content relicensed as {evidence}", &v);
}

/* Title separators before or after a site's name: "Headline | Site", "Site - Headline". */
static const char *const title_seps[] = {" | ", " - ", " \xe2\x80\x93 ", " \xe2\x80\x94 ",
                                         " \xc2\xb7 ", " :: ", " \xe2\x80\xa2 "};

static bool folds_equal(const char *a, size_t alen, const char *b)
{
  char fa[256], fb[256], tmp[256];

  if (alen >= sizeof tmp)
    return false;
  memcpy(tmp, a, alen);
  tmp[alen] = '\0';
  ac_rules__fold(tmp, fa, sizeof fa);
  ac_rules__fold(b, fb, sizeof fb);
  return fa[0] != '\0' && strcmp(fa, fb) == 0;
}

/*
 * The original's <title> often carries its site's name; the headline is what
 * a republisher must keep. Writes the title without it into buf.
 */
static const char *headline(const char *title, const char *site, char *buf, size_t size)
{
  snprintf(buf, size, "%s", title);
  for (size_t i = 0; site != NULL && i < AC_COUNT(title_seps); i++) {
    const char *sep = title_seps[i], *at = strstr(buf, sep), *last = NULL;
    for (; at != NULL; at = strstr(at + 1, sep))
      last = at;
    if (last != NULL && last != buf && folds_equal(last + strlen(sep), strlen(last + strlen(sep)), site)) {
      buf[last - buf] = '\0';
      return buf;
    }
    at = strstr(buf, sep);
    if (at != NULL && at != buf && folds_equal(buf, (size_t)(at - buf), site)) {
      memmove(buf, at + strlen(sep), strlen(at + strlen(sep)) + 1);
      return buf;
    }
  }
  return buf;
}

int ac_check_title_kept(ac_eval *x, const ac_rule *r)
{
  const ac_match *m = best(x);
  char a[512], b[512], head[512];

  if (m == NULL || m->title == NULL || x->f->title == NULL)
    return AC_OK;
  headline(m->title, m->site_name, head, sizeof head);
  ac_rules__fold(head, a, sizeof a);
  ac_rules__fold(x->f->title, b, sizeof b);
  if (strstr(b, a) != NULL)          /* the republisher's own site suffix is fine */
    return AC_OK;
  ac_vars v = {.url = m->url, .evidence = ac_arena_strdup(x->arena, head)};
  return ac_rules__emit(x, r, page_start(x), "the title differs from \"{evidence}\"", &v);
}

int ac_check_tracking_pixel(ac_eval *x, const ac_rule *r)
{
  const char *id = ac_rules__param(r, "id", NULL);

  for (size_t i = 0; i < x->f->n_pixels; i++) {
    const ac_pixel *p = &x->f->pixels[i];
    if (id != NULL && p->id != NULL && strcmp(p->id, id) == 0)
      return AC_OK;
    if (x->pol_host != NULL && p->host != NULL && ac_rules__same_site(x->rules, p->host, x->pol_host))
      return AC_OK;
  }
  ac_vars v = {.credit = x->pol_name, .host = x->pol_host};
  return ac_rules__emit(x, r, page_start(x), "no tracking pixel of {credit}", &v);
}

int ac_check_credit_link_follow(ac_eval *x, const ac_rule *r)
{
  const ac_credit *c = x->primary >= 0 ? &x->credits[x->primary] : NULL;

  if (c == NULL || c->link == NULL || !(c->link->rel & AC_REL_NOFOLLOW))
    return AC_OK;
  ac_vars v = {.credit = c->n->credit, .url = c->url};
  return ac_rules__emit(x, r, c->link->span, "the link to {credit} is nofollow", &v);
}

int ac_check_excerpt_share(ac_eval *x, const ac_rule *r)
{
  double max = ac_rules__param_num(r, "max", 0.3);
  const ac_match *m = best(x);
  char cov[32];

  if (m == NULL || m->original_coverage <= max)
    return AC_OK;
  snprintf(cov, sizeof cov, "%.0f %%", m->original_coverage * 100.0);
  ac_vars v = {.url = m->url, .coverage = cov};
  return ac_rules__emit(x, r, page_start(x), "copies {coverage} of {url}", &v);
}
