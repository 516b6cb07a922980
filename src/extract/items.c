/*
 * What an element's exit reads from its text: anchor text, bylines,
 * microdata (https://html.spec.whatwg.org/#microdata) and RDFa/ccREL
 * (https://wiki.creativecommons.org/wiki/CC_REL) values, main-text hints.
 */
#include <string.h>
#include <strings.h>

#include "extract.h"

static bool is_rdfa(const char *v)
{
  return v != NULL && (strstr(v, "cc:") != NULL || strstr(v, "dct:") != NULL ||
                       strstr(v, "dc:") != NULL);
}

int ac_extract__item_enter(xctx *x, const xattrs *a, xelem *e)
{
  if (a->itemprop != NULL) {
    e->todo |= LV_ITEMPROP;
    if (ac_extract__has_token(a->itemprop, "articleBody"))
      e->todo |= LV_CAND;
  }
  if (a->itemscope) {
    xitem *it = ac_arena_push(x->arena, &x->items, &x->n_items, &x->cap_items, sizeof *it, 0);
    if (it == NULL)
      return ac_extract__oom(x);
    it->parent = x->cur_item;
    e->item = (int32_t)(x->n_items - 1);
    x->cur_item = e->item;
    e->todo |= LV_ITEMSCOPE;
  }
  if (is_rdfa(a->property) || is_rdfa(a->rel))
    e->todo |= LV_RDFA;
  if (e->todo & LV_BYLINE)
    e->mark = (uint32_t)x->facts->n_byline;
  return AC_OK;
}

/* The value of a microdata property or RDFa literal, by the element's kind. */
static const char *value_of(xctx *x, const GumboElement *el, const xattrs *a, uint32_t t0,
                            uint32_t t1)
{
  if (a->content != NULL)
    return a->content;
  switch (el->tag) {
  case GUMBO_TAG_A: case GUMBO_TAG_LINK: case GUMBO_TAG_AREA:
    if (a->href != NULL)
      return a->href;
    break;
  case GUMBO_TAG_IMG: case GUMBO_TAG_AUDIO: case GUMBO_TAG_VIDEO: case GUMBO_TAG_SOURCE:
  case GUMBO_TAG_IFRAME: case GUMBO_TAG_EMBED:
    if (a->src != NULL)
      return a->src;
    break;
  case GUMBO_TAG_TIME:
    if (a->datetime != NULL)
      return a->datetime;
    break;
  default:
    break;
  }
  return ac_extract__buf_text(x, t0, t1);
}

static const struct { const char *prop, *signal; } micro[] = {
  {"author", "microdata.author"}, {"creator", "microdata.creator"},
  {"publisher", "microdata.publisher"}, {"copyrightHolder", "microdata.copyrightHolder"},
  {"copyrightYear", "microdata.copyrightYear"}, {"copyrightNotice", "microdata.copyrightNotice"},
  {"creditText", "microdata.creditText"}, {"license", "microdata.license"},
  {"isBasedOn", "microdata.isBasedOn"}, {"sourceOrganization", "microdata.sourceOrganization"},
  {"provider", "microdata.provider"}, {"translationOfWork", "microdata.translationOfWork"},
  {"datePublished", "microdata.datePublished"}, {"headline", "microdata.headline"}};

static int itemprop(xctx *x, const GumboElement *el, const xattrs *a, uint32_t t0, uint32_t t1,
                    const xelem *e, const char *item_name)
{
  const char *v = (e->todo & LV_ITEMSCOPE) ? item_name : NULL;
  ac_span span = ac_extract__tag_span(el);
  int rc = AC_OK;

  if (v == NULL)
    v = value_of(x, el, a, t0, t1);
  if (v == NULL)
    return AC_OK;
  if (!(e->todo & LV_ITEMSCOPE) && x->cur_item >= 0 && x->items[x->cur_item].name == NULL &&
      ac_extract__has_token(a->itemprop, "name"))
    x->items[x->cur_item].name = ac_extract__collapse(x, v, strlen(v));
  for (size_t i = 0; rc == AC_OK && i < AC_COUNT(micro); i++) {
    if (!ac_extract__has_token(a->itemprop, micro[i].prop))
      continue;
    rc = ac_extract__signal(x, micro[i].signal, v, span);
    if (rc == AC_OK && (i == 0 || i == 1))
      rc = ac_extract__author(x, v, AC_SIGNAL_MICRODATA, span);
    if (rc == AC_OK && i == 7)
      rc = ac_extract__license(x, strncasecmp(v, "http", 4) == 0 ? v : NULL, v,
                               (e->flags & F_FIGURE) ? AC_SCOPE_FIGURE : AC_SCOPE_PAGE,
                               AC_SIGNAL_MICRODATA, span);
  }
  return rc;
}

/* An RDFa literal: @content, else the text (CC's chooser puts @rel and @property on one <a>). */
static const char *literal(xctx *x, const xattrs *a, uint32_t t0, uint32_t t1)
{
  return a->content != NULL ? a->content : ac_extract__buf_text(x, t0, t1);
}

/* Either CURIE in a property or rel list ("dct:source" or "dc:source"). */
static bool names(const char *list, const char *a, const char *b)
{
  return ac_extract__has_token(list, a) || (b != NULL && ac_extract__has_token(list, b));
}

static int rdfa(xctx *x, const GumboElement *el, const xattrs *a, uint32_t t0, uint32_t t1)
{
  ac_span span = ac_extract__tag_span(el);
  const char *p = a->property, *r = a->rel;
  const char *target = a->href != NULL ? a->href : a->resource;
  int rc = AC_OK;

  if (names(p, "cc:attributionName", NULL))
    rc = ac_extract__signal(x, "ccrel.attributionName", literal(x, a, t0, t1), span);
  if (rc == AC_OK && (names(p, "cc:attributionURL", NULL) || names(r, "cc:attributionURL", NULL)))
    rc = ac_extract__signal(x, "ccrel.attributionURL",
                            target != NULL ? target : literal(x, a, t0, t1), span);
  if (rc == AC_OK && names(p, "dct:title", "dc:title"))
    rc = ac_extract__signal(x, "ccrel.title", literal(x, a, t0, t1), span);
  if (rc == AC_OK && (names(p, "dct:source", "dc:source") || names(r, "dct:source", "dc:source")))
    rc = ac_extract__signal(x, "ccrel.source",
                            target != NULL ? target : literal(x, a, t0, t1), span);
  if (rc == AC_OK && names(p, "dct:creator", "dc:creator")) {
    const char *v = literal(x, a, t0, t1);
    rc = ac_extract__signal(x, "ccrel.creator", v, span);
    if (rc == AC_OK)
      rc = ac_extract__author(x, v, AC_SIGNAL_CCREL, span);
  }
  if (rc == AC_OK && names(p, "cc:license", "dct:license"))
    rc = ac_extract__license(x, target != NULL ? target : a->content, NULL, AC_SCOPE_PAGE,
                             AC_SIGNAL_CCREL, span);
  return rc;
}

/* "By Jane Doe | 3 May" → "Jane Doe": the byline's leading word and trailing date go. */
static int byline(xctx *x, const GumboElement *el, uint32_t t0, uint32_t t1, const xelem *e)
{
  static const char *const lead[] = {"by ", "by: ", "par ", "von ", "por ", "door ", "di "};
  char *t;

  if (t1 - t0 > 300) {                /* a wrapper whose class says "author": not a byline */
    for (size_t i = x->n_runs; i > 0 && x->runs[i - 1].t0 >= t0; i--)
      x->runs[i - 1].flags &= ~(uint32_t)F_BYLINE;
    return AC_OK;
  }
  t = ac_extract__buf_text(x, t0, t1);
  if (t == NULL || x->facts->n_byline > e->mark)   /* an inner author element was read */
    return AC_OK;
  for (size_t i = 0; i < AC_COUNT(lead); i++)
    if (strncasecmp(t, lead[i], strlen(lead[i])) == 0) {
      t += strlen(lead[i]);
      break;
    }
  for (char *p = t; *p; p++)
    if (*p == '|' || (p[0] == '\xE2' && p[1] == '\x80' && (p[2] == '\xA2' || p[2] == '\x94'))) {
      *p = '\0';                          /* '|', '•' or '—' ends the name */
      break;
    }
  if (strlen(t) > 100)
    return AC_OK;
  return ac_extract__author(x, t, AC_SIGNAL_TEXT, ac_extract__tag_span(el));
}

static int anchor_leave(xctx *x, const GumboElement *el, uint32_t t0, uint32_t t1,
                        const xelem *e)
{
  ac_link *l = &x->facts->links[e->link];

  while (t0 < t1 && (x->buf[t0] == ' ' || x->buf[t0] == '\n'))
    t0++;
  while (t1 > t0 && (x->buf[t1 - 1] == ' ' || x->buf[t1 - 1] == '\n'))
    t1--;
  x->anchors[e->link].t0 = t0;
  x->anchors[e->link].t1 = t1;
  l->text = ac_extract__buf_text(x, t0, t1);
  /* WP RSS Aggregator's link under a copied post; in a sidebar widget, another site's headline */
  if (l->text != NULL && !(e->flags & F_CHROME) && strcasecmp(l->text, "Go to Source") == 0) {
    int rc = ac_extract__republication_add(x, "feed-plugin", "Go to Source", l->span);
    if (rc < 0)
      return rc;
  }
  if ((e->todo & LV_AUTHOR_LINK) && l->text != NULL)
    return ac_extract__author(x, l->text, AC_SIGNAL_LINK, ac_extract__tag_span(el));
  return AC_OK;
}

static void candidate(xctx *x, const GumboElement *el, const xattrs *a, uint32_t t0, uint32_t t1,
                      uint16_t depth)
{
  int kind = CAND_MAIN;

  if (a->itemprop != NULL && ac_extract__has_token(a->itemprop, "articleBody"))
    kind = CAND_BODY_PROP;
  else if (el->tag == GUMBO_TAG_ARTICLE)
    kind = CAND_ARTICLE;
  if ((double)(t1 - t0) <= x->best[kind].score)
    return;
  x->best[kind].score = (double)(t1 - t0);
  x->best[kind].t0 = t0;
  x->best[kind].t1 = t1;
  x->best[kind].span = ac_extract__elem_span(el);
  x->best[kind].kind = kind;
  x->best[kind].depth = depth;
}

int ac_extract__leave(xctx *x, const GumboNode *node, uint32_t t0, const xelem *e)
{
  const GumboElement *el = &node->v.element;
  uint32_t t1 = (uint32_t)x->len;
  const char *item_name = NULL;
  xattrs a;
  int rc = AC_OK;

  if (e->todo == 0)
    return AC_OK;
  ac_extract__scan_attrs(el, &a);
  if (e->todo & LV_ANCHOR)
    rc = anchor_leave(x, el, t0, t1, e);
  if (rc == AC_OK && (e->todo & LV_BYLINE))
    rc = byline(x, el, t0, t1, e);
  if (e->todo & LV_ITEMSCOPE) {
    item_name = x->items[e->item].name;
    x->cur_item = x->items[e->item].parent;
  }
  if (rc == AC_OK && (e->todo & LV_ITEMPROP))
    rc = itemprop(x, el, &a, t0, t1, e, item_name);
  if (rc == AC_OK && (e->todo & LV_RDFA))
    rc = rdfa(x, el, &a, t0, t1);
  if (e->todo & LV_CAND)
    candidate(x, el, &a, t0, t1, e->depth);
  return rc;
}
