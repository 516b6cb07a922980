/*
 * After the walk: the page URL (--url, else canonical, else og:url), the
 * base for relative links, absolute link and pixel URLs, self-references,
 * and the signs that the page republishes another site's text.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "attrcheck/url.h"
#include "extract.h"

static char *resolve(xctx *x, const char *base, const char *href)
{
  char *r, *copy;

  if (href == NULL || href[0] == '#' || strncasecmp(href, "javascript:", 11) == 0 ||
      strncasecmp(href, "mailto:", 7) == 0 || strncasecmp(href, "tel:", 4) == 0)
    return NULL;                     /* never an http(s) URL: spare the parser */
  r = ac_url_resolve(base, href);
  if (r == NULL)
    return NULL;
  copy = ac_arena_strdup(x->arena, r);
  free(r);
  return copy;
}

static const char *host_of(xctx *x, const char *url)
{
  char *h, *copy;

  if (url == NULL)
    return NULL;
  h = ac_url_host(url);
  if (h == NULL)
    return NULL;
  copy = ac_arena_strdup(x->arena, h);
  free(h);
  return copy;
}

/* The site of a URL: its registrable domain, else its host. */
static const char *site_of(xctx *x, const char *url, char *buf, size_t size)
{
  const char *host = host_of(x, url), *reg;

  if (host == NULL)
    return NULL;
  reg = ac_url_registrable(host, buf, size);
  return reg != NULL ? reg : host;
}

/* Pages repeat their links (menus twice, teasers): resolve each href once. */
#define URL_SLOTS 512u

typedef struct urlslot {
  const char *href, *url, *host;
} urlslot;

static void resolve_link(xctx *x, const char *base, ac_link *l, urlslot *cache)
{
  urlslot *slot = NULL;
  uint32_t h = ac_extract__hash_str(l->href);

  for (uint32_t i = 0; i < 4 && cache != NULL; i++) {
    urlslot *s = &cache[(h + i) & (URL_SLOTS - 1)];
    if (s->href != NULL && strcmp(s->href, l->href) == 0) {
      l->url = s->url;
      l->host = s->host;
      return;
    }
    if (s->href == NULL && slot == NULL)
      slot = s;
  }
  l->url = resolve(x, base, l->href);
  l->host = host_of(x, l->url);
  if (slot != NULL) {
    slot->href = l->href;
    slot->url = l->url;
    slot->host = l->host;
  }
}

static int resolve_links(xctx *x, const char *base)
{
  ac_facts *f = x->facts;
  urlslot *cache = calloc(URL_SLOTS, sizeof *cache);   /* NULL: resolve every one */

  for (size_t i = 0; i < f->n_links; i++)
    resolve_link(x, base, &f->links[i], cache);
  free(cache);
  for (size_t i = 0; i < f->n_pixels; i++) {
    ac_pixel *p = &f->pixels[i];
    const char *abs = resolve(x, base, p->url);
    if (abs != NULL)
      p->url = abs;
    p->host = host_of(x, p->url);
  }
  return AC_OK;
}

static bool same(const char *a, const char *b)
{
  return a != NULL && b != NULL && ac_url_same(a, b);
}

/* Provenance values that name a URL, checked for self-reference. */
static const char *const url_signals[] = {
  "canonical", "og:url", "original-source", "syndication-source", "dc.source",
  "jsonld.isBasedOn", "jsonld.url", "microdata.isBasedOn", "ccrel.source",
  "ccrel.attributionURL", "jsonld.translationOfWork", "a.canonical"};

static bool is_url_signal(const char *name)
{
  for (size_t i = 0; i < AC_COUNT(url_signals); i++)
    if (strcmp(name, url_signals[i]) == 0)
      return true;
  return false;
}

static void mark_self(xctx *x, const char *base)
{
  ac_facts *f = x->facts;
  const char *own_url = x->opts->url, *og = resolve(x, base, x->og_url);

  for (size_t i = 0; i < f->n_signals; i++) {
    ac_signal *s = &f->signals[i];
    if (!is_url_signal(s->name))
      continue;
    const char *v = resolve(x, base, s->value);
    if (v == NULL)
      v = s->value;
    if (strcmp(s->name, "canonical") == 0)
      s->self_reference = (own_url == NULL && og == NULL) || same(v, own_url) || same(v, og);
    else if (strcmp(s->name, "og:url") == 0)
      s->self_reference = own_url == NULL || same(v, own_url) || same(v, f->canonical);
    else
      s->self_reference = same(v, own_url) || same(v, f->canonical) || same(v, og);
  }
}

/* RFC 3986 section 4.2: a relative reference has no scheme before its first / ? or #. */
static bool is_relative(const char *href)
{
  size_t n = strcspn(href, ":/?#");
  return href[n] != ':' || n == 0;
}

/* The canonical as an absolute URL, or a note saying why there is none. */
static int canonical_url(xctx *x, const char *base, bool base_known)
{
  ac_facts *f = x->facts;

  f->canonical = resolve(x, base, x->canonical_href);
  if (f->canonical != NULL)
    return ac_extract__signal(x, "canonical", f->canonical, f->canonical_span);
  if (!base_known && is_relative(x->canonical_href))
    return ac_page_note(x->page, "canonical-unresolved", f->canonical_span,
                        "rel=canonical \"%s\" cannot be resolved: the page's own URL is "
                        "unknown (give --url or --base-url)", x->canonical_href);
  return ac_page_note(x->page, "canonical-unresolved", f->canonical_span,
                      "rel=canonical \"%s\" is not an http(s) URL", x->canonical_href);
}

static int page_url(xctx *x)
{
  ac_facts *f = x->facts;
  const char *own = x->opts->url;
  const char *og = x->og_url != NULL ? resolve(x, own, x->og_url) : NULL;

  if (x->canonical_href != NULL) {
    int rc = canonical_url(x, own != NULL ? own : og, own != NULL || og != NULL);
    if (rc < 0)
      return rc;              /* out of memory; a note is not a reason to lose the URL */
  }
  /* A canonical that og:url contradicts points upstream (how syndication
   * partners credit the original), so the page's own URL is then og:url. */
  if (own != NULL)
    f->url = ac_arena_strdup(x->arena, own);
  else if (og != NULL && f->canonical != NULL && !ac_url_same(og, f->canonical))
    f->url = og;
  else
    f->url = f->canonical != NULL ? f->canonical : og;
  f->url_assumed = own == NULL && og == NULL && f->url != NULL;
  return AC_OK;
}

int ac_extract__resolve(xctx *x)
{
  ac_facts *f = x->facts;
  const char *base;
  int rc = page_url(x);

  if (rc < 0)
    return rc;
  base = f->url;
  if (x->base_href != NULL) {
    const char *b = resolve(x, f->url, x->base_href);
    if (b != NULL)
      base = b;
  }
  if (f->lang == NULL && x->meta_lang != NULL)
    f->lang = x->meta_lang;
  for (char *p = (char *)f->lang; p != NULL && *p; p++)
    if (*p >= 'A' && *p <= 'Z')
      *p = (char)(*p + 32);
  if (f->title == NULL)
    f->title = x->og_title;
  rc = resolve_links(x, base);
  mark_self(x, base);
  return rc;
}

static bool other_site(xctx *x, const char *url, const char *own_site)
{
  char buf[256];
  const char *s = site_of(x, url, buf, sizeof buf);

  return s != NULL && (own_site == NULL || strcasecmp(s, own_site) != 0);
}

static const char *const provenance[] = {"original-source", "syndication-source", "dc.source",
                                         "jsonld.isBasedOn", "microdata.isBasedOn",
                                         "ccrel.source"};

/* RFC 6596: a canonical on another site says this page is a copy. */
static int signals_elsewhere(xctx *x, const char *own_site, bool own_known)
{
  ac_facts *f = x->facts;
  int rc = AC_OK;

  for (size_t i = 0; rc == AC_OK && i < f->n_signals; i++) {
    const ac_signal *s = &f->signals[i];
    if (s->self_reference)
      continue;
    if (strcmp(s->name, "canonical") == 0) {
      if (own_known && other_site(x, s->value, own_site))
        rc = ac_extract__republication_add(x, "canonical-elsewhere", s->value, s->span);
      continue;
    }
    for (size_t k = 0; k < AC_COUNT(provenance); k++)
      if (strcmp(s->name, provenance[k]) == 0 && strncasecmp(s->value, "http", 4) == 0 &&
          other_site(x, s->value, own_site)) {
        rc = ac_extract__republication_add(x, "provenance-elsewhere", s->value, s->span);
        break;
      }
  }
  return rc;
}

static int notices_elsewhere(xctx *x, const char *own_site)
{
  ac_facts *f = x->facts;
  int rc = AC_OK;

  for (size_t i = 0; rc == AC_OK && i < f->n_notices; i++) {
    const ac_notice *n = &f->notices[i];
    if (n->kind == AC_NOTICE_APPEARED_FIRST)
      rc = ac_extract__republication_add(x, "appeared-first", n->credit ? n->credit : n->text,
                                         n->span);
    if (n->kind != AC_NOTICE_READ_ORIGINAL)
      continue;
    for (size_t k = 0; rc == AC_OK && k < n->n_links; k++) {
      const ac_link *l = &f->links[n->links[k]];
      if (l->url != NULL && other_site(x, l->url, own_site)) {
        rc = ac_extract__republication_add(x, "read-original-link", l->url, l->span);
        break;
      }
    }
  }
  return rc;
}

/* Notice kinds that credit another site (copyright lines usually name the page's owner). */
static bool credits_source(ac_notice_kind k)
{
  return k != AC_NOTICE_COPYRIGHT && k != AC_NOTICE_RIGHTS_RESERVED && k != AC_NOTICE_LICENSE;
}

/*
 * A pixel is a republishing tool's when it says so, or when it comes from
 * another site that a crediting notice links to.
 */
static bool pixel_credited(xctx *x, const ac_pixel *p, const char *own_site)
{
  const ac_facts *f = x->facts;
  char a[256], b[256];
  const char *ps = p->url ? site_of(x, p->url, a, sizeof a) : NULL;

  if ((p->id != NULL && strstr(p->id, "republication-tracker") != NULL) ||
      (p->url != NULL && strstr(p->url, "republication-tracker") != NULL))
    return true;
  if (ps == NULL || own_site == NULL || strcasecmp(ps, own_site) == 0)
    return false;
  for (size_t i = 0; i < f->n_notices; i++) {
    if (!credits_source(f->notices[i].kind))
      continue;
    for (size_t k = 0; k < f->notices[i].n_links; k++) {
      const ac_link *l = &f->links[f->notices[i].links[k]];
      const char *ls = l->url ? site_of(x, l->url, b, sizeof b) : NULL;
      if (ls != NULL && strcasecmp(ls, ps) == 0)
        return true;
    }
  }
  return false;
}

int ac_extract__republication(xctx *x)
{
  ac_facts *f = x->facts;
  const char *own = x->opts->url ? x->opts->url : x->og_url;
  bool own_known = own != NULL;
  char buf[256];
  const char *own_site;
  int rc;

  if (own == NULL)
    own = f->url;
  own_site = own != NULL ? site_of(x, own, buf, sizeof buf) : NULL;
  if (own_site != NULL)
    own_site = ac_arena_strdup(x->arena, own_site);
  rc = signals_elsewhere(x, own_site, own_known);
  if (rc == AC_OK)
    rc = notices_elsewhere(x, own_site);
  for (size_t i = 0; rc == AC_OK && i < f->n_pixels; i++)
    if (f->pixels[i].url != NULL && pixel_credited(x, &f->pixels[i], own_site))
      rc = ac_extract__republication_add(x, "tracking-pixel", f->pixels[i].url,
                                         f->pixels[i].span);
  return rc;
}
