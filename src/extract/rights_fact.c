/*
 * Rights facts, the helpers every rights channel shares (rights.c, rights_http.c,
 * rights_files.c call down here, never the other way): adding a fact, TDMRep
 * values, robots directive lists.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract.h"

const char *ac_rights_origin_name(ac_rights_origin origin)
{
  static const char *const names[] = {"page", "http", "tdmrep", "robots"};

  return (unsigned)origin < AC_COUNT(names) ? names[origin] : NULL;
}

ac_pos ac_extract__text_pos(const char *text, size_t at)
{
  ac_pos p = {1, 1};

  for (size_t i = 0; i < at; i++) {
    if (text[i] == '\n') {
      p.line++;
      p.column = 1;
    } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
      p.column++;
    }
  }
  return p;
}

int ac_extract__right(xctx *x, const char *name, const char *value, const char *agent,
                      ac_rights_origin origin, ac_span span, ac_pos pos)
{
  ac_facts *f = x->facts;
  ac_right *r;
  char *v = value != NULL ? ac_extract__collapse(x, value, strlen(value)) : NULL;

  if (v == NULL)
    return AC_OK;
  r = ac_extract__push(x, &f->rights, &f->n_rights, &x->cap_rights, sizeof *r);
  if (r == NULL)
    return ac_extract__full(x, f->n_rights);
  r->name = name;
  r->value = v;
  r->agent = agent != NULL ? ac_extract__collapse(x, agent, strlen(agent)) : NULL;
  r->origin = origin;
  r->span = span;
  r->line = pos.line;
  r->column = pos.column;
  return AC_OK;
}

/* "0" or "1" with blanks around; -1 otherwise (the report: any other value is unset). */
static int tdm_value(const char *s, size_t len)
{
  while (len > 0 && (*s == ' ' || *s == '\t')) {
    s++;
    len--;
  }
  while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r'))
    len--;
  if (len == 1 && (*s == '0' || *s == '1'))
    return *s - '0';
  return -1;
}

int ac_extract__tdm_fact(xctx *x, const char *key, const char *value, size_t len,
                    ac_rights_origin origin, ac_span span, ac_pos pos)
{
  char *v = ac_arena_strndup(x->arena, value, len);

  if (v == NULL)
    return ac_extract__oom(x);
  if (strcasecmp(key, "tdm-policy") == 0)
    return ac_extract__right(x, "tdm-policy", v, NULL, origin, span, pos);
  if (tdm_value(value, len) < 0 && origin == AC_ORIGIN_PAGE)
    return ac_page_note(x->page, "tdm-reservation-invalid", span,
                        "tdm-reservation is neither 0 nor 1; it counts as unset");
  if (tdm_value(value, len) < 0)
    return ac_page_note(x->page, "tdm-reservation-invalid", (ac_span){0, 0},
                        "tdm-reservation (HTTP header line %u) is neither 0 nor 1; it counts "
                        "as unset", pos.line);
  return ac_extract__right(x, "tdm-reservation", tdm_value(value, len) ? "1" : "0", NULL,
                           origin, span, pos);
}

/* Robots directives that take a value after ':' (not a user-agent prefix). */
bool ac_extract__valued_directive(const char *s, size_t len)
{
  static const char *const names[] = {"max-snippet", "max-image-preview", "max-video-preview",
                                      "unavailable_after", "indexifembedded"};

  for (size_t i = 0; i < AC_COUNT(names); i++)
    if (strlen(names[i]) == len && strncasecmp(s, names[i], len) == 0)
      return true;
  return false;
}

static bool addresses_google(const char *agent)
{
  return agent == NULL || strcasecmp(agent, "robots") == 0 ||
         strcasecmp(agent, "googlebot") == 0 || strcasecmp(agent, "googlebot-news") == 0;
}

/* One robots directive list ("noai, noimageai"): the AI-use and indexing tokens. */
int ac_extract__robots_tokens(xctx *x, const char *agent, const char *list, size_t len,
                         ac_rights_origin origin, ac_span span, ac_pos pos)
{
  static const char *const tokens[] = {"noai", "noimageai", "noindex", "none"};
  size_t i = 0;

  while (i < len) {
    size_t start, end;
    while (i < len && (list[i] == ' ' || list[i] == ',' || list[i] == '\t'))
      i++;
    start = i;
    while (i < len && list[i] != ',' && list[i] != ' ' && list[i] != '\t')
      i++;
    end = i;
    for (size_t k = 0; k < AC_COUNT(tokens); k++) {
      if (end - start != strlen(tokens[k]) || strncasecmp(list + start, tokens[k], end - start))
        continue;
      bool noindex = k >= 2;          /* "none" is noindex, nofollow */
      if (noindex && addresses_google(agent))
        x->facts->noindex = true;
      int rc = ac_extract__right(x, "ai-use", noindex ? "noindex" : tokens[k],
                                 agent != NULL && strcasecmp(agent, "robots") != 0 ? agent : NULL,
                                 origin, span, pos);
      if (rc < 0)
        return rc;
    }
  }
  return AC_OK;
}

