/*
 * Element handlers called by the walk: visibility and chrome flags, links,
 * <meta>/<link>/<base>, pixels, microdata, RDFa/ccREL and bylines. Values
 * that need the element's text are read on exit, from the walk's buffer.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract.h"
#include "../util/grow.h"

/* CSS `prop: value` in a style attribute, spaces and case ignored. */
static bool style_has(const char *style, const char *prop, const char *value)
{
  size_t pl = strlen(prop), vl = strlen(value);

  for (const char *p = style; p != NULL && *p; p++) {
    if (strncasecmp(p, prop, pl) != 0 || (p > style && (p[-1] == '-' || p[-1] == '_')))
      continue;
    const char *q = p + pl;
    while (*q == ' ')
      q++;
    if (*q != ':')
      continue;
    q++;
    while (*q == ' ')
      q++;
    if (strncasecmp(q, value, vl) == 0)
      return true;
  }
  return false;
}

unsigned ac_extract__rel_flags(const char *rel)
{
  static const struct { const char *name; unsigned flag; } rels[] = {
    {"nofollow", AC_REL_NOFOLLOW}, {"sponsored", AC_REL_SPONSORED}, {"ugc", AC_REL_UGC},
    {"canonical", AC_REL_CANONICAL}, {"license", AC_REL_LICENSE},
    {"cc:license", AC_REL_LICENSE}, {"dct:license", AC_REL_LICENSE},
    {"author", AC_REL_AUTHOR}, {"noopener", AC_REL_NOOPENER},
    {"noreferrer", AC_REL_NOREFERRER}, {"external", AC_REL_EXTERNAL}};
  unsigned flags = 0;

  for (const char *p = rel; p != NULL && *p;) {      /* each token once */
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f')
      p++;
    const char *q = p;
    while (*q && *q != ' ' && *q != '\t' && *q != '\n' && *q != '\r' && *q != '\f')
      q++;
    for (size_t i = 0; q > p && i < AC_COUNT(rels); i++)
      if (strlen(rels[i].name) == (size_t)(q - p) &&
          strncasecmp(p, rels[i].name, (size_t)(q - p)) == 0)
        flags |= rels[i].flag;
    p = q;
  }
  return flags;
}

/*
 * Class and id words (substrings of a token, ASCII case ignored) that mark page
 * chrome, Readability's "maybe content" words that cancel chrome, bylines,
 * captions (a chart's source note is one), screen-reader-only text, and the exact
 * class names of feed plugins.
 */
enum { W_CHROME = 1, W_CONTENT = 2, W_BYLINE = 4, W_FIGURE = 8, W_HIDDEN = 16,
       W_ONLY_CONTENT = 32, /* a token with a content word and no chrome word */
       W_NAV = 64 /* menus and comment threads: their words are no statement of the page's */ };

/* Sorted by word, "-" words first: each first character's words are contiguous. */
static const struct { const char *word; unsigned char len, bit; } class_words[] = {
#define W(s, b) {s, sizeof(s) - 1, b}
  W("-ad-", W_CHROME), W("-ads", W_CHROME), W("ad-slot", W_CHROME), W("adslot", W_CHROME),
  W("advert", W_CHROME), W("article", W_CONTENT), W("author", W_BYLINE), W("body", W_CONTENT),
  W("breadcrumb", W_CHROME), W("byline", W_BYLINE), W("caption", W_FIGURE),
  W("chart", W_FIGURE), W("column", W_CONTENT), W("comment", W_CHROME | W_NAV), W("content", W_CONTENT), W("cookie", W_CHROME),
  W("disqus", W_CHROME | W_NAV), W("feed-source", W_CHROME), W("feedzy", W_CHROME),
  W("footer", W_CHROME), W("image-credit", W_FIGURE), W("img-credit", W_FIGURE),
  W("main", W_CONTENT), W("masthead", W_CHROME), W("media-credit", W_FIGURE),
  W("menu", W_CHROME | W_NAV), W("meta", W_CHROME), W("nav", W_CHROME | W_NAV), W("newsletter", W_CHROME),
  W("photo-credit", W_FIGURE), W("popup", W_CHROME), W("promo", W_CHROME),
  W("recommend", W_CHROME), W("related", W_CHROME), W("screen-reader-text", W_HIDDEN),
  W("shadow", W_CONTENT), W("share", W_CHROME), W("sidebar", W_CHROME), W("skip-link", W_CHROME),
  W("social", W_CHROME), W("sponsor", W_CHROME), W("sr-only", W_HIDDEN),
  W("subscribe", W_CHROME), W("toolbar", W_CHROME), W("visually-hidden", W_HIDDEN),
  W("widget", W_CHROME), W("wprss", W_CHROME)
#undef W
};
_Static_assert(AC_COUNT(class_words) == 47, "update letter_range with class_words");
/* [first, end) indexes of the words starting with each letter a..z, and with '-'. */
static const unsigned char letter_range[26][2] = {
  ['a' - 'a'] = {2, 7}, ['b' - 'a'] = {7, 10}, ['c' - 'a'] = {10, 16}, ['d' - 'a'] = {16, 17},
  ['f' - 'a'] = {17, 20}, ['i' - 'a'] = {20, 22}, ['m' - 'a'] = {22, 27}, ['n' - 'a'] = {27, 29},
  ['p' - 'a'] = {29, 32}, ['r' - 'a'] = {32, 34}, ['s' - 'a'] = {34, 43}, ['t' - 'a'] = {43, 44},
  ['v' - 'a'] = {44, 45}, ['w' - 'a'] = {45, 47}};
static const unsigned char dash_range[2] = {0, 2};

static const char *const feed_classes[] = {"wprss-feed-meta", "feed-source",
                                           "feedzy-rss-link-icon", "wprss-feed-source"};

static bool is_ws(char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* The W_* words found in one token [p, q); letter_range[c] lists the words starting with c. */
static unsigned token_bits(const char *p, const char *q)
{
  size_t tl = (size_t)(q - p);
  unsigned bits = 0;

  if ((tl > 4 && strncasecmp(p, "has-", 4) == 0) || (tl > 5 && strncasecmp(p, "with-", 5) == 0) ||
      (tl > 3 && strncasecmp(p, "no-", 3) == 0))
    return 0;                                       /* "has-sidebar" describes the page */
  for (const char *s = p; s < q; s++) {
    unsigned c = ((unsigned char)*s | 0x20) - 'a';
    const unsigned char *r = *s == '-' ? dash_range : c < 26 ? letter_range[c] : NULL;
    if (r == NULL)
      continue;
    for (size_t i = r[0]; i < r[1]; i++)
      if ((size_t)(q - s) >= class_words[i].len && (s[1] | 0x20) == class_words[i].word[1] &&
          strncasecmp(s, class_words[i].word, class_words[i].len) == 0)
        bits |= class_words[i].bit;
  }
  return bits;
}

static unsigned class_bits(const char *list)
{
  unsigned bits = 0;

  for (const char *p = list; p != NULL && *p;) {
    while (is_ws(*p))
      p++;
    const char *q = p;
    while (*q && !is_ws(*q))
      q++;
    if (q > p) {
      unsigned t = token_bits(p, q);
      bits |= t | ((t & (W_CONTENT | W_CHROME)) == W_CONTENT ? W_ONLY_CONTENT : 0);
    }
    p = q;
  }
  return bits;
}

/* Pages repeat their class lists (every card, every menu item): classify each once. */
#define CLS_SLOTS 1024u

struct clsslot {
  const char *value;         /* an attribute value of the tree being walked */
  uint32_t hash;
  unsigned bits;
};

static unsigned class_bits_cached(xctx *x, const char *value)
{
  uint32_t h;
  struct clsslot *slot;

  if (value == NULL || *value == '\0')
    return 0;
  if (x->cls_cache == NULL && (x->cls_cache = calloc(CLS_SLOTS, sizeof *x->cls_cache)) == NULL)
    return class_bits(value);
  h = ac_extract__hash_str(value);
  slot = &x->cls_cache[h & (CLS_SLOTS - 1)];
  if (slot->value != NULL && slot->hash == h && strcmp(slot->value, value) == 0)
    return slot->bits;
  slot->value = value;
  slot->hash = h;
  slot->bits = class_bits(value);
  return slot->bits;
}

static int class_flags(xctx *x, const GumboElement *el, const xattrs *a, xelem *e)
{
  GumboTag t = el->tag;
  bool top = t == GUMBO_TAG_HTML || t == GUMBO_TAG_BODY || t == GUMBO_TAG_MAIN ||
             t == GUMBO_TAG_ARTICLE;
  bool in_chrome = (e->flags & F_CHROME) && e->chrome_depth < e->depth;   /* an ancestor's */
  unsigned cls, id;

  if (a->cls == NULL && a->id == NULL)
    return AC_OK;
  cls = class_bits_cached(x, a->cls);
  id = a->id != NULL ? class_bits(a->id) : 0;       /* ids are unique: no use caching */
  if (!top && ((cls | id) & W_CHROME) && !((cls | id) & W_ONLY_CONTENT)) {
    e->flags |= F_CHROME;
    e->chrome_depth = e->depth;
  }
  if ((cls | id) & W_ONLY_CONTENT)
    e->weight = 25.0f;
  if (cls & W_HIDDEN)                  /* screen-reader-only text: not on the page a reader sees */
    e->flags |= F_HIDDEN;
  if (!top && (cls & W_BYLINE)) {
    e->flags |= F_BYLINE;
    e->todo |= LV_BYLINE;
  }
  if (cls & W_FIGURE)
    e->flags |= F_FIGURE;
  if (!top && ((cls | id) & W_NAV) && !((cls | id) & W_ONLY_CONTENT))
    e->flags |= F_NAV;
  if (!(cls & W_CHROME))               /* every feed-plugin class holds a chrome word */
    return AC_OK;
  for (size_t i = 0; i < AC_COUNT(feed_classes); i++) {
    if (!ac_extract__has_token(a->cls, feed_classes[i]))
      continue;
    if (!in_chrome)
      return ac_extract__republication_add(x, "feed-plugin", feed_classes[i], ac_extract__tag_span(el));
    /* In a sidebar the plugin's widget lists another site's headlines, embedded like a
     * picture: its "Source:" lines credit those, not this page (figure scope). */
    e->flags |= F_FIGURE;
    return AC_OK;
  }
  return AC_OK;
}

static void tag_flags(const GumboElement *el, const xattrs *a, xelem *e)
{
  switch (el->tag) {
  case GUMBO_TAG_HEAD: case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_TITLE:
  case GUMBO_TAG_SVG: case GUMBO_TAG_MATH: case GUMBO_TAG_IFRAME: case GUMBO_TAG_OBJECT:
  case GUMBO_TAG_CANVAS:
    e->flags |= F_NOTEXT;
    break;
  case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_TEMPLATE:
    e->flags |= F_HIDDEN;
    break;
  case GUMBO_TAG_NAV: case GUMBO_TAG_FORM: case GUMBO_TAG_SELECT: case GUMBO_TAG_TEXTAREA:
  case GUMBO_TAG_BUTTON:
    e->flags |= F_NAV;               /* a menu's or a form's words: "CC0" as a search filter */
    /* fall through */
  case GUMBO_TAG_FOOTER: case GUMBO_TAG_ASIDE: case GUMBO_TAG_HEADER:
    e->flags |= F_CHROME;
    e->chrome_depth = e->depth;
    break;
  case GUMBO_TAG_FIGURE: case GUMBO_TAG_FIGCAPTION:
    e->flags |= F_FIGURE;
    break;
  case GUMBO_TAG_H1:
    e->flags |= F_HEADING1;
    break;
  case GUMBO_TAG_Q: case GUMBO_TAG_BLOCKQUOTE:
    e->flags |= F_QUOTE;
    break;
  case GUMBO_TAG_ARTICLE: case GUMBO_TAG_MAIN:
    e->todo |= LV_CAND;
    break;
  default:
    break;
  }
  if (a->hidden || (a->aria_hidden != NULL && strcasecmp(a->aria_hidden, "true") == 0) ||
      (a->style != NULL && (style_has(a->style, "display", "none") ||
                            style_has(a->style, "visibility", "hidden"))))
    e->flags |= F_HIDDEN;
  if (a->role != NULL) {
    if (ac_extract__has_token(a->role, "navigation") || ac_extract__has_token(a->role, "menu") ||
        ac_extract__has_token(a->role, "search"))
      e->flags |= F_NAV;
    if (ac_extract__has_token(a->role, "navigation") || ac_extract__has_token(a->role, "banner") ||
        ac_extract__has_token(a->role, "contentinfo") ||
        ac_extract__has_token(a->role, "complementary")) {
      e->flags |= F_CHROME;
      e->chrome_depth = e->depth;
    }
    if (ac_extract__has_token(a->role, "main"))
      e->todo |= LV_CAND;
  }
}

static char *lower_dup(xctx *x, const char *s)
{
  char *d = ac_arena_strdup(x->arena, s);

  for (char *p = d; p != NULL && *p; p++)
    if (*p >= 'A' && *p <= 'Z')
      *p = (char)(*p + 32);
  return d;
}

static int anchor(xctx *x, const GumboElement *el, const xattrs *a, xelem *e)
{
  ac_facts *f = x->facts;
  ac_span span = ac_extract__tag_span(el);
  ac_link *l = ac_extract__push(x, &f->links, &f->n_links, &x->cap_links, sizeof *l);

  if (l == NULL)
    return ac_extract__full(x, f->n_links);
  if (!ac_grow(&x->anchors, &x->cap_anchors, x->cap_links, sizeof *x->anchors, x->cap_links))
    return ac_extract__oom(x);
  l->href = ac_extract__collapse(x, a->href, strlen(a->href));
  if (l->href == NULL)
    l->href = "";
  l->rel = ac_extract__rel_flags(a->rel);
  l->visible = !(e->flags & F_HIDDEN);
  l->span = span;
  e->link = (int32_t)(f->n_links - 1);
  x->anchors[e->link].t0 = x->anchors[e->link].t1 = (uint32_t)x->len;
  e->todo |= LV_ANCHOR | ((l->rel & AC_REL_AUTHOR) ? LV_AUTHOR_LINK : 0);
  if (l->rel & AC_REL_LICENSE) {
    int rc = ac_extract__license(x, l->href, NULL, (e->flags & F_FIGURE) ? AC_SCOPE_FIGURE
                                 : AC_SCOPE_PAGE, AC_SIGNAL_REL_LICENSE, span);
    if (rc < 0)
      return rc;
  } else if (!(e->flags & F_HIDDEN) && ac_extract__license_from_url(x, l->href) != NULL) {
    /* A plain link to a license deed ("available under a <a>… Creative Commons license</a>",
     * a badge) states the license as much as rel=license does; in a caption, the picture's. */
    int rc = ac_extract__license(x, l->href, NULL, (e->flags & F_FIGURE) ? AC_SCOPE_FIGURE
                                 : AC_SCOPE_PAGE, AC_SIGNAL_LINK, span);
    if (rc < 0)
      return rc;
  }
  if (l->rel & AC_REL_CANONICAL) {
    /* RFC 6596 puts rel=canonical in <link>; in the body it is a copied-in leftover. */
    int rc = ac_page_note(x->page, "canonical-in-body", span,
                          "<a rel=canonical> in the body is not a canonical link");
    if (rc == AC_OK)
      rc = ac_extract__signal(x, "a.canonical", l->href, span);
    return rc;
  }
  return AC_OK;
}

static int link_elem(xctx *x, const GumboElement *el, const xattrs *a)
{
  ac_span span = ac_extract__tag_span(el);
  unsigned rel = ac_extract__rel_flags(a->rel);

  if (a->href == NULL)
    return AC_OK;
  int c2pa = ac_extract__c2pa_link(x, a->rel, a->href, span);   /* rights_c2pa.c */
  if (c2pa < 0)
    return c2pa;
  if ((rel & AC_REL_CANONICAL) && x->canonical_href == NULL) {   /* RFC 6596 */
    x->canonical_href = ac_extract__collapse(x, a->href, strlen(a->href));
    x->facts->canonical_span = span;
  }
  if (rel & AC_REL_LICENSE) {
    int rc = ac_extract__license(x, a->href, NULL, AC_SCOPE_PAGE, AC_SIGNAL_REL_LICENSE, span);
    if (rc == AC_OK)
      rc = ac_extract__rsl_link(x, a->href, a->type, span);
    if (rc < 0)
      return rc;
  }
  if (rel & AC_REL_AUTHOR)
    return ac_extract__signal(x, "link.author", a->href, span);
  return AC_OK;
}

static int element_kind(xctx *x, const GumboNode *node, const xattrs *a, xelem *e)
{
  const GumboElement *el = &node->v.element;

  switch (el->tag) {
  case GUMBO_TAG_A:
  case GUMBO_TAG_AREA:
    return a->href != NULL ? anchor(x, el, a, e) : AC_OK;
  case GUMBO_TAG_LINK:
    return link_elem(x, el, a);
  case GUMBO_TAG_META:
    if (a->itemprop != NULL)
      return AC_OK;                    /* microdata, read on exit */
    return ac_extract__meta(x, el, a->name ? a->name : a->property ? a->property
                                                     : a->http_equiv, a->content);
  case GUMBO_TAG_BASE:
    if (x->base_href == NULL && a->href != NULL)
      x->base_href = ac_arena_strdup(x->arena, a->href);
    return AC_OK;
  case GUMBO_TAG_HTML:
    if (a->lang != NULL && *a->lang)
      x->facts->lang = lower_dup(x, a->lang);
    return AC_OK;
  default:
    return AC_OK;
  }
}

/* The text of a title or script: its one text child. */
static const GumboText *only_text(const GumboElement *el)
{
  for (unsigned i = 0; i < el->children.length; i++) {
    const GumboNode *c = el->children.data[i];
    if (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_WHITESPACE ||
        c->type == GUMBO_NODE_CDATA)
      return &c->v.text;
  }
  return NULL;
}

static int raw_children(xctx *x, const GumboElement *el, const xattrs *a)
{
  const GumboText *t = only_text(el);

  if (t == NULL)
    return AC_OK;
  if (el->tag == GUMBO_TAG_TITLE && x->facts->title == NULL) {
    x->facts->title = ac_extract__collapse(x, t->text, strlen(t->text));
    return AC_OK;
  }
  if (el->tag == GUMBO_TAG_SCRIPT && a->type != NULL &&
      strncasecmp(a->type, "application/ld+json", 19) == 0)
    return ac_extract__jsonld(x, t->text, strlen(t->text), ac_extract__elem_span(el));
  if (el->tag == GUMBO_TAG_SCRIPT && a->type != NULL &&
      strncasecmp(a->type, "application/rsl+xml", 19) == 0)   /* RSL 1.0, rights_rsl.c */
    return ac_extract__rsl_block(x, t->text, strlen(t->text),
                                 (uint32_t)t->start_pos.offset, ac_extract__elem_span(el));
  return AC_OK;
}

int ac_extract__enter(xctx *x, const GumboNode *node, xelem *e)
{
  const GumboElement *el = &node->v.element;
  xattrs a;
  int rc;

  ac_extract__scan_attrs(el, &a);
  if (a.lang != NULL && *a.lang)
    e->lang = lower_dup(x, a.lang);
  tag_flags(el, &a, e);
  rc = class_flags(x, el, &a, e);
  if (rc == AC_OK)
    rc = element_kind(x, node, &a, e);
  if (rc == AC_OK && (el->tag == GUMBO_TAG_TITLE || el->tag == GUMBO_TAG_SCRIPT))
    rc = raw_children(x, el, &a);
  if (rc == AC_OK && el->tag == GUMBO_TAG_SCRIPT)
    rc = ac_extract__c2pa_script(x, a.type, ac_extract__elem_span(el));
  if (rc == AC_OK && el->tag == GUMBO_TAG_IMG && a.src != NULL) {
    rc = ac_extract__pixel(x, el, &a);
  }
  if (rc == AC_OK && a.ignore != NULL) {
    rc = ac_extract__ignore_attr(x, a.ignore, ac_extract__elem_span(el));
  }
  if (rc == AC_OK)
    rc = ac_extract__item_enter(x, &a, e);
  return rc;
}
