/*
 * <meta> elements (Open Graph, article:*, Dublin Core, robots, provenance)
 * and images that may be tracking pixels.
 */
#include <string.h>
#include <strings.h>

#include "extract.h"

/* Meta names kept as signals under the same (lower-case) name. */
static const char *const kept[] = {
  "author", "copyright", "robots", "og:site_name", "og:url", "article:author",
  "article:publisher", "parsely-author", "syndication-source", "original-source",
  "citation_author", "twitter:creator", "license"};

/* Dublin Core fields kept, as "dc.<field>" whether written DC. or DCTERMS. */
static const char *const dc_fields[] = {"rights", "source", "license", "creator",
                                        "publisher", "rightsholder", "rights.license"};

static const char *dc_name(const char *key)
{
  static const char *const names[] = {"dc.rights", "dc.source", "dc.license", "dc.creator",
                                      "dc.publisher", "dc.rightsholder", "dc.license"};
  const char *field = NULL;

  if (strncasecmp(key, "dc.", 3) == 0)
    field = key + 3;
  else if (strncasecmp(key, "dcterms.", 8) == 0)
    field = key + 8;
  else if (strncasecmp(key, "dct.", 4) == 0)
    field = key + 4;
  for (size_t i = 0; field != NULL && i < AC_COUNT(dc_fields); i++)
    if (strcasecmp(field, dc_fields[i]) == 0)
      return names[i];
  return NULL;
}

/* <meta name=copyright content="© 2020 Holder">: the holder is what is left. */
static int meta_copyright(xctx *x, const char *content, ac_span span)
{
  ac_facts *f = x->facts;
  ac_copyright *c = ac_extract__push(x, &f->copyrights, &f->n_copyrights, &x->cap_copyrights,
                                     sizeof *c);
  const char *p = content;

  if (c == NULL)
    return ac_extract__full(x, f->n_copyrights);
  c->text = ac_extract__collapse(x, content, strlen(content));
  c->years = ac_extract__years(x, content, strlen(content));
  c->span = span;
  for (;;) {                /* skip the ©, "(c)", "Copyright" and the years before the name */
    while (*p == ' ' || *p == ',' || *p == '-' || *p == '.' || (*p >= '0' && *p <= '9'))
      p++;
    if (strncmp(p, "\xC2\xA9", 2) == 0)
      p += 2;
    else if (strncasecmp(p, "(c)", 3) == 0)
      p += 3;
    else if (strncasecmp(p, "copyright", 9) == 0)
      p += 9;
    else if (strncmp(p, "\xE2\x80\x93", 3) == 0)
      p += 3;
    else
      break;
  }
  c->holder = ac_extract__collapse(x, p, strlen(p));
  return AC_OK;
}

static int meta_kept(xctx *x, const char *name, const char *content, ac_span span)
{
  ac_facts *f = x->facts;
  int rc = ac_extract__signal(x, name, content, span);

  if (rc < 0)
    return rc;
  if (strcmp(name, "og:site_name") == 0 && f->site_name == NULL)
    f->site_name = ac_extract__collapse(x, content, strlen(content));
  else if (strcmp(name, "og:url") == 0 && x->og_url == NULL)
    x->og_url = ac_extract__collapse(x, content, strlen(content));
  else if (strcmp(name, "robots") == 0)
    f->noindex = f->noindex || strstr(content, "noindex") != NULL ||
                 strstr(content, "NOINDEX") != NULL || ac_extract__has_token(content, "none");
  else if (strcmp(name, "author") == 0 || strcmp(name, "parsely-author") == 0 ||
           strcmp(name, "citation_author") == 0)
    rc = ac_extract__author(x, content, AC_SIGNAL_META, span);
  else if (strcmp(name, "copyright") == 0)
    rc = meta_copyright(x, content, span);
  else if (strcmp(name, "license") == 0)
    rc = ac_extract__license(x, content, content, AC_SCOPE_PAGE, AC_SIGNAL_META,
                             span);
  return rc;
}

int ac_extract__meta(xctx *x, const GumboElement *el, const char *key, const char *content)
{
  ac_span span = ac_extract__tag_span(el);
  const char *dc;
  int rc;

  if (key == NULL || content == NULL || *content == '\0')
    return AC_OK;
  rc = ac_extract__rights_meta(x, key, content, span);
  if (rc < 0)
    return rc;
  for (size_t i = 0; i < AC_COUNT(kept); i++)
    if (strcasecmp(key, kept[i]) == 0)
      return meta_kept(x, kept[i], content, span);
  if (strcasecmp(key, "og:title") == 0 && x->og_title == NULL) {
    x->og_title = ac_extract__collapse(x, content, strlen(content));
    return AC_OK;
  }
  if (strcasecmp(key, "content-language") == 0 && x->meta_lang == NULL) {
    x->meta_lang = ac_extract__collapse(x, content, strlen(content));
    return AC_OK;
  }
  dc = dc_name(key);
  if (dc == NULL)
    return AC_OK;
  rc = ac_extract__signal(x, dc, content, span);
  if (rc == AC_OK && strcmp(dc, "dc.creator") == 0)
    rc = ac_extract__author(x, content, AC_SIGNAL_META, span);
  if (rc == AC_OK && (strcmp(dc, "dc.rights") == 0 || strcmp(dc, "dc.license") == 0)) {
    bool url = strncasecmp(content, "http", 4) == 0;
    rc = ac_extract__license(x, url ? content : NULL, content, AC_SCOPE_PAGE, AC_SIGNAL_META,
                             span);
  }
  return rc;
}

static bool is_one(const char *v)
{
  return v != NULL && (strcmp(v, "1") == 0 || strcmp(v, "0") == 0 || strcmp(v, "1px") == 0);
}

int ac_extract__pixel(xctx *x, const GumboElement *el, const xattrs *a)
{
  ac_facts *f = x->facts;
  bool tiny = is_one(a->width) && is_one(a->height);
  bool tracker = (a->id != NULL && strstr(a->id, "republication-tracker") != NULL) ||
                 strstr(a->src, "republication-tracker") != NULL;
  ac_pixel *p;

  if (!tiny && a->style != NULL)
    tiny = (strstr(a->style, "width:1px") || strstr(a->style, "width: 1px")) &&
           (strstr(a->style, "height:1px") || strstr(a->style, "height: 1px"));
  if (!tiny && !tracker)
    return AC_OK;
  p = ac_extract__push(x, &f->pixels, &f->n_pixels, &x->cap_pixels, sizeof *p);
  if (p == NULL)
    return ac_extract__full(x, f->n_pixels);
  p->url = ac_arena_strdup(x->arena, a->src);   /* resolved in signals.c */
  p->id = ac_arena_strdup(x->arena, a->id);
  p->span = ac_extract__tag_span(el);
  return p->url != NULL ? AC_OK : ac_extract__oom(x);
}
