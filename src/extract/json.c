/*
 * ac_page_facts_json: the `attrcheck extract` object (docs/facts.md), one
 * key per fact list, positions as 1-based line:column (code points); and the
 * names it writes for signal sources (notice kinds are named in kinds.c).
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "extract.h"
#include "../util/utf8.h"

static const char *const source_names[] = {"text", "rel-license", "jsonld", "ccrel",
                                           "meta", "microdata", "link"};

const char *ac_signal_source_name(ac_signal_source s)
{
  return (unsigned)s < AC_COUNT(source_names) ? source_names[s] : NULL;
}

static json_t *str(const char *s)
{
  json_t *v = s != NULL ? json_string(s) : NULL;

  return v != NULL ? v : json_null();
}

static void pos(json_t *o, const ac_page *page, ac_span span)
{
  ac_pos p = ac_page_pos(page, span.start);

  json_object_set_new(o, "line", json_integer(p.line));
  json_object_set_new(o, "column", json_integer(p.column));
}

static json_t *rel_list(unsigned rel)
{
  static const char *const names[] = {"nofollow", "sponsored", "ugc", "canonical", "license",
                                      "author", "noopener", "noreferrer", "external"};
  json_t *a = json_array();

  for (size_t i = 0; i < AC_COUNT(names); i++)
    if (rel & (1u << i))
      json_array_append_new(a, json_string(names[i]));
  return a;
}

static json_t *links(const ac_page *page, const ac_facts *f)
{
  json_t *a = json_array();

  for (size_t i = 0; i < f->n_links; i++) {
    const ac_link *l = &f->links[i];
    json_t *o = json_object();
    json_object_set_new(o, "href", str(l->href));
    json_object_set_new(o, "url", str(l->url));
    json_object_set_new(o, "host", str(l->host));
    json_object_set_new(o, "text", str(l->text));
    json_object_set_new(o, "rel", rel_list(l->rel));
    json_object_set_new(o, "visible", json_boolean(l->visible));
    pos(o, page, l->span);
    json_array_append_new(a, o);
  }
  return a;
}

static json_t *notices(const ac_page *page, const ac_facts *f)
{
  json_t *a = json_array();

  for (size_t i = 0; i < f->n_notices; i++) {
    const ac_notice *n = &f->notices[i];
    json_t *o = json_object(), *ln = json_array();
    json_object_set_new(o, "kind", str(ac_notice_kind_name(n->kind)));
    json_object_set_new(o, "phrase", str(n->phrase));
    json_object_set_new(o, "text", str(n->text));
    json_object_set_new(o, "credit", str(n->credit));
    for (size_t k = 0; k < n->n_links; k++) {
      const ac_link *l = &f->links[n->links[k]];
      json_array_append_new(ln, str(l->url != NULL ? l->url : l->href));
    }
    json_object_set_new(o, "links", ln);
    json_object_set_new(o, "lang", str(n->lang));
    json_object_set_new(o, "visible", json_boolean(n->visible));
    json_object_set_new(o, "in_main", json_boolean(n->in_main));
    json_object_set_new(o, "scope", str(n->scope == AC_SCOPE_FIGURE ? "figure" : "page"));
    json_object_set_new(o, "permission", json_boolean(n->permission));
    pos(o, page, n->span);
    json_array_append_new(a, o);
  }
  return a;
}

static json_t *licenses(const ac_page *page, const ac_facts *f)
{
  json_t *a = json_array();

  for (size_t i = 0; i < f->n_licenses; i++) {
    const ac_license *l = &f->licenses[i];
    json_t *o = json_object();
    json_object_set_new(o, "id", str(l->id));
    json_object_set_new(o, "url", str(l->url));
    json_object_set_new(o, "scope", str(l->scope == AC_SCOPE_FIGURE ? "figure" : "page"));
    json_object_set_new(o, "source", str(ac_signal_source_name(l->source)));
    pos(o, page, l->span);
    json_array_append_new(a, o);
  }
  return a;
}

static json_t *copyrights(const ac_page *page, const ac_facts *f)
{
  json_t *a = json_array();

  for (size_t i = 0; i < f->n_copyrights; i++) {
    const ac_copyright *c = &f->copyrights[i];
    json_t *o = json_object();
    json_object_set_new(o, "holder", str(c->holder));
    json_object_set_new(o, "years", str(c->years));
    json_object_set_new(o, "text", str(c->text));
    pos(o, page, c->span);
    json_array_append_new(a, o);
  }
  return a;
}

static json_t *signals(const ac_page *page, const ac_facts *f)
{
  json_t *a = json_array();

  for (size_t i = 0; i < f->n_signals; i++) {
    const ac_signal *s = &f->signals[i];
    json_t *o = json_object();
    json_object_set_new(o, "name", str(s->name));
    json_object_set_new(o, "value", str(s->value));
    json_object_set_new(o, "self_reference", json_boolean(s->self_reference));
    pos(o, page, s->span);
    json_array_append_new(a, o);
  }
  return a;
}

static json_t *republication(const ac_page *page, const ac_facts *f)
{
  json_t *a = json_array();

  for (size_t i = 0; i < f->n_republication; i++) {
    const ac_republication *r = &f->republication[i];
    json_t *o = json_object();
    json_object_set_new(o, "name", str(r->name));
    json_object_set_new(o, "evidence", str(r->evidence));
    pos(o, page, r->span);
    json_array_append_new(a, o);
  }
  return a;
}

static json_t *byline(const ac_page *page, const ac_facts *f)
{
  json_t *a = json_array();

  for (size_t i = 0; i < f->n_byline; i++) {
    json_t *o = json_object();
    json_object_set_new(o, "name", str(f->byline[i].name));
    json_object_set_new(o, "source", str(ac_signal_source_name(f->byline[i].source)));
    pos(o, page, f->byline[i].span);
    json_array_append_new(a, o);
  }
  return a;
}

static json_t *pixels(const ac_page *page, const ac_facts *f)
{
  json_t *a = json_array();

  for (size_t i = 0; i < f->n_pixels; i++) {
    json_t *o = json_object();
    json_object_set_new(o, "url", str(f->pixels[i].url));
    json_object_set_new(o, "host", str(f->pixels[i].host));
    json_object_set_new(o, "id", str(f->pixels[i].id));
    pos(o, page, f->pixels[i].span);
    json_array_append_new(a, o);
  }
  return a;
}

static json_t *suppressions(const ac_page *page, const ac_facts *f)
{
  json_t *a = json_array();

  for (size_t i = 0; i < f->n_suppressions; i++) {
    const ac_suppression *s = &f->suppressions[i];
    json_t *o = json_object();
    ac_pos end = ac_page_pos(page, s->span.end);
    json_object_set_new(o, "rule", str(s->rule));
    json_object_set_new(o, "reason", str(s->reason));
    pos(o, page, s->span);
    json_object_set_new(o, "end_line", json_integer(end.line));
    json_array_append_new(a, o);
  }
  return a;
}

static json_t *notes(const ac_page *page)
{
  json_t *a = json_array();
  size_t n;
  const ac_note *notes = ac_page_notes(page, &n);

  for (size_t i = 0; i < n; i++) {
    json_t *o = json_object();
    json_object_set_new(o, "code", str(notes[i].code));
    json_object_set_new(o, "message", str(notes[i].message));
    pos(o, page, notes[i].span);
    json_array_append_new(a, o);
  }
  return a;
}

static json_t *facts_object(const ac_page *page, const ac_facts *f)
{
  json_t *o = json_object();

  json_object_set_new(o, "path", str(page->path));
  json_object_set_new(o, "kind", str(ac_page_kind_name(page)));
  json_object_set_new(o, "url", str(f->url));
  json_object_set_new(o, "lang", str(f->lang));
  json_object_set_new(o, "title", str(f->title));
  json_object_set_new(o, "site_name", str(f->site_name));
  json_object_set_new(o, "byline", byline(page, f));
  json_object_set_new(o, "canonical", str(f->canonical));
  json_object_set_new(o, "noindex", json_boolean(f->noindex));
  json_object_set_new(o, "notices", notices(page, f));
  json_object_set_new(o, "licenses", licenses(page, f));
  json_object_set_new(o, "copyrights", copyrights(page, f));
  json_object_set_new(o, "signals", signals(page, f));
  json_object_set_new(o, "republication", republication(page, f));
  json_object_set_new(o, "links", links(page, f));
  json_object_set_new(o, "pixels", pixels(page, f));
  json_object_set_new(o, "rights", ac_extract__rights_json(page, f));
  json_object_set_new(o, "suppressions", suppressions(page, f));
  json_object_set_new(o, "notes", notes(page));
  json_t *main = json_stringn(f->main_text ? f->main_text : "", f->main_len);
  json_object_set_new(o, "main_text", main != NULL ? main : json_null());
  return o;
}

/*
 * jansson escapes C0 but writes DEL, C1 and bidi controls raw; every JSON the
 * tool prints escapes them (ac_utf8_unsafe), and the '[' of "##["
 * (ac_utf8_legacy_command). Both can only sit inside strings (the structure
 * is ASCII and has no '#'), so \uXXXX in their place keeps the same value.
 * Returns the new malloc'd text (the old one is freed), or NULL.
 */
static bool must_escape(const char *json, size_t at, int32_t cp)
{
  return (cp >= 0x7F && ac_utf8_unsafe(cp)) || ac_utf8_legacy_command(json, at);
}

static char *escape_unsafe(char *json)
{
  size_t len = strlen(json), i = 0, extra = 0;
  char *out, *w;

  while (i < len) {
    size_t start = i;
    int32_t cp = ac_utf8_next(json, len, &i);
    extra += must_escape(json, start, cp) ? 6 : 0;     /* "\uXXXX" for at least one byte */
  }
  if (extra == 0)
    return json;
  out = malloc(len + extra + 1);
  for (i = 0, w = out; out != NULL && i < len;) {
    size_t start = i;
    int32_t cp = ac_utf8_next(json, len, &i);

    if (must_escape(json, start, cp))
      w += sprintf(w, "\\u%04x", (unsigned)cp);
    else
      for (size_t k = start; k < i; k++)
        *w++ = json[k];
  }
  if (out != NULL)
    *w = '\0';
  free(json);
  return out;
}

int ac_page_facts_json(const ac_page *page, int flags, char **out, ac_error *err)
{
  json_t *o;

  *out = NULL;
  if (!page->extracted)
    return ac_error_set_file(err, AC_EINVALID, page->path, 0, 0, "facts not extracted");
  o = facts_object(page, &page->facts);
  if (o == NULL)
    return ac_error_set_file(err, AC_ENOMEM, page->path, 0, 0, "out of memory");
  *out = json_dumps(o, (flags & AC_JSON_PRETTY) ? JSON_INDENT(2) : JSON_COMPACT);
  json_decref(o);
  if (*out != NULL)
    *out = escape_unsafe(*out);
  if (*out == NULL)
    return ac_error_set_file(err, AC_ENOMEM, page->path, 0, 0, "out of memory");
  return AC_OK;
}
