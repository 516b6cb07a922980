/* The page's --fetch results: one record per source URL fetched (include/attrcheck/fetch.h). */
#include <string.h>

#include "attrcheck/fetch.h"
#include "fetched.h"
#include "page.h"

static const char *dup_or_null(ac_arena *a, const char *s)
{
  return s != NULL ? ac_arena_strdup(a, s) : NULL;
}

int ac_page__add_fetched(ac_page *page, const ac_fetch_result *r)
{
  ac_fetch_result *n = ac_arena_push(page->arena, &page->fetched, &page->n_fetched,
                                     &page->cap_fetched, sizeof *n, 0);

  if (n == NULL)
    return AC_ENOMEM;
  *n = *r;
  n->url = dup_or_null(page->arena, r->url);
  n->final_url = dup_or_null(page->arena, r->final_url);
  n->why = dup_or_null(page->arena, r->why);
  n->reason = dup_or_null(page->arena, r->reason);
  n->terms.tdm_policy = dup_or_null(page->arena, r->terms.tdm_policy);
  n->terms.ai_use = dup_or_null(page->arena, r->terms.ai_use);
  n->terms.rsl_license = dup_or_null(page->arena, r->terms.rsl_license);
  n->terms.license = dup_or_null(page->arena, r->terms.license);
  if ((r->terms.tdm_policy != NULL && n->terms.tdm_policy == NULL) ||
      (r->terms.ai_use != NULL && n->terms.ai_use == NULL) ||
      (r->terms.rsl_license != NULL && n->terms.rsl_license == NULL) ||
      (r->terms.license != NULL && n->terms.license == NULL))
    return AC_ENOMEM;
  if ((r->url != NULL && n->url == NULL) || (r->final_url != NULL && n->final_url == NULL) ||
      (r->why != NULL && n->why == NULL) || (r->reason != NULL && n->reason == NULL))
    return AC_ENOMEM;
  return AC_OK;
}

const ac_fetch_result *ac_page_fetched(const ac_page *page, size_t *count)
{
  *count = page->n_fetched;
  return page->fetched;
}
