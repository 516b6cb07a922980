/*
 * Machine-readable rights, the entry point: the W3C TDM Reservation Protocol
 * (community group final report, 2024-05-10: tdm-reservation and tdm-policy
 * as <meta>, HTTP fields and tdmrep.json) and AI-use tokens in robots meta;
 * then the HTTP block (rights_http.c) and the site files (rights_files.c),
 * and what the channels add up to. Shared helpers: rights_fact.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract.h"

int ac_extract__rights_meta(xctx *x, const char *key, const char *content, ac_span span)
{
  ac_pos pos = {0, 0};         /* page facts: the reporters map the span, as for all others */

  if (strcasecmp(key, "tdm-reservation") == 0 || strcasecmp(key, "tdm-policy") == 0)
    return ac_extract__tdm_fact(x, key, content, strlen(content), AC_ORIGIN_PAGE, span, pos);
  if (strcasecmp(key, "robots") == 0 || strcasecmp(key, "googlebot") == 0 ||
      strcasecmp(key, "googlebot-news") == 0)
    return ac_extract__robots_tokens(x, key, content, strlen(content), AC_ORIGIN_PAGE, span, pos);
  if (strcasecmp(key, "syndication-source") == 0)
    return ac_page_note(x->page, "syndication-source-deprecated", span,
                        "meta syndication-source is deprecated; Google reads rel=canonical "
                        "or a noindex for the copy instead");
  return AC_OK;
}

/* Channel order of the report's processing priority: tdmrep.json, HTTP, the page. */
static int tdm_rank(ac_rights_origin o)
{
  return o == AC_ORIGIN_TDMREP ? 3 : o == AC_ORIGIN_HTTP ? 2 : o == AC_ORIGIN_PAGE ? 1 : 0;
}

static void tdm_summary(ac_facts *f)
{
  ac_rights_summary *s = &f->rights_summary;

  s->tdm_reservation = -1;
  s->tdm_from = -1;
  for (size_t i = 0; i < f->n_rights; i++) {
    const ac_right *r = &f->rights[i];
    if (strcmp(r->name, "tdm-reservation") != 0)
      continue;
    if (s->tdm_from < 0 || tdm_rank(r->origin) > tdm_rank(f->rights[s->tdm_from].origin)) {
      s->tdm_from = (int)i;
      s->tdm_reservation = r->value[0] - '0';
    }
  }
  for (size_t i = 0; s->tdm_from >= 0 && i < f->n_rights; i++)
    if (strcmp(f->rights[i].name, "tdm-policy") == 0 &&
        f->rights[i].origin == f->rights[s->tdm_from].origin && s->tdm_policy == NULL)
      s->tdm_policy = f->rights[i].value;
}

static int cmp_str(const void *a, const void *b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The opt-outs: noai, noimageai, and Content-Usage preferences saying "n". */
static bool opt_out(const ac_right *r)
{
  if (strcmp(r->name, "ai-use") != 0)
    return false;
  if (strcmp(r->value, "noai") == 0 || strcmp(r->value, "noimageai") == 0)
    return true;
  size_t n = strlen(r->value);
  return n > 2 && strcmp(r->value + n - 2, "=n") == 0;
}

static int ai_summary(xctx *x)
{
  ac_facts *f = x->facts;
  const char **vals;
  size_t n = 0, total = 0;
  char *out, *w;

  for (size_t i = 0; i < f->n_rights; i++)
    n += opt_out(&f->rights[i]);
  if (n == 0)
    return AC_OK;
  vals = ac_arena_alloc(x->arena, n * sizeof *vals);
  if (vals == NULL)
    return ac_extract__oom(x);
  n = 0;
  for (size_t i = 0; i < f->n_rights; i++)
    if (opt_out(&f->rights[i]))
      vals[n++] = f->rights[i].value;
  qsort(vals, n, sizeof *vals, cmp_str);
  for (size_t i = 0; i < n; i++)
    total += strlen(vals[i]) + 1;
  out = w = ac_arena_alloc(x->arena, total + 1);
  if (out == NULL)
    return ac_extract__oom(x);
  for (size_t i = 0; i < n; i++) {
    if (i > 0 && strcmp(vals[i], vals[i - 1]) == 0)
      continue;
    w += sprintf(w, "%s%s", w == out ? "" : " ", vals[i]);
  }
  f->rights_summary.ai_use = out;
  return AC_OK;
}

int ac_extract__rights(xctx *x)
{
  const ac_extract_options *o = x->opts;
  int rc = ac_extract__http_headers(x);

  if (rc == AC_OK)
    rc = ac_extract__c2pa_text(x);

  if (rc == AC_OK && o->tdmrep != NULL)
    rc = ac_extract__tdmrep(x, o->tdmrep_name ? o->tdmrep_name : "tdmrep.json", o->tdmrep,
                            o->tdmrep_len);
  if (rc == AC_OK && o->robots != NULL)
    rc = ac_extract__robots(x, o->robots_name ? o->robots_name : "robots.txt", o->robots,
                            o->robots_len);
  if (rc == AC_OK) {
    tdm_summary(x->facts);
    rc = ai_summary(x);
  }
  return rc;
}
