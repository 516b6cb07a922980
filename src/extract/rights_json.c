/* The "rights" object of `attrcheck extract` (docs/facts.md): the summary, then each fact. */
#include <jansson.h>

#include "extract.h"

static json_t *str_or_null(const char *s)
{
  json_t *v = s != NULL ? json_string(s) : NULL;

  return v != NULL ? v : json_null();
}

static json_t *right_object(const ac_page *page, const ac_right *r)
{
  json_t *o = json_object();
  ac_pos p = {r->line, r->column};

  if (r->origin == AC_ORIGIN_PAGE)            /* page facts keep a span, like all others */
    p = ac_page_pos(page, r->span.start);
  json_object_set_new(o, "name", str_or_null(r->name));
  json_object_set_new(o, "value", str_or_null(r->value));
  json_object_set_new(o, "agent", str_or_null(r->agent));
  if (r->detail != NULL)
    json_object_set_new(o, "detail", str_or_null(r->detail));
  json_object_set_new(o, "origin", str_or_null(ac_rights_origin_name(r->origin)));
  json_object_set_new(o, "line", json_integer(p.line));
  json_object_set_new(o, "column", json_integer(p.column));
  return o;
}

struct json_t *ac_extract__rights_json(const ac_page *page, const ac_facts *f)
{
  const ac_rights_summary *s = &f->rights_summary;
  json_t *o = json_object(), *list = json_array();

  json_object_set_new(o, "tdm_reservation",
                      s->tdm_reservation < 0 ? json_null() : json_integer(s->tdm_reservation));
  json_object_set_new(o, "tdm_policy", str_or_null(s->tdm_policy));
  json_object_set_new(o, "ai_use", str_or_null(s->ai_use));
  for (size_t i = 0; i < f->n_rights; i++)
    json_array_append_new(list, right_object(page, &f->rights[i]));
  json_object_set_new(o, "facts", list);
  return o;
}
