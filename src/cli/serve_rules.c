/* attrcheck serve: the rule packs, loaded once and replaced whole on SIGHUP. */
#include <stdlib.h>
#include <sys/stat.h>

#include "serve.h"

static int load_rules(const serve_packs *p, ac_rules **out, ac_error *err)
{
  ac_rules *rules = NULL;

  *out = NULL;
  if (ac_rules_new(&rules, err) < 0)
    return err->code;
  if (!p->no_defaults && ac_rules_add_defaults(rules, NULL, err) < 0)
    goto fail;
  for (size_t i = 0; i < p->n; i++) {
    struct stat st;
    bool dir = stat(p->paths[i], &st) == 0 && S_ISDIR(st.st_mode);
    /* as check --rules: a directory loads each *.xml in it, in name order */
    if ((dir ? ac_rules_add_defaults(rules, p->paths[i], err)
             : ac_rules_add_file(rules, p->paths[i], err)) < 0)
      goto fail;
  }
  *out = rules;
  return AC_OK;
fail:
  ac_rules_free(rules);
  return err->code ? err->code : AC_ERROR;
}

static void rules_unref_locked(serve_rules *r)
{
  if (r != NULL && --r->refs == 0) {
    ac_rules_free(r->rules);
    free(r);
  }
}

int serve_packs_load(serve_packs *p, ac_error *err)
{
  serve_rules *fresh = calloc(1, sizeof *fresh);
  serve_rules *old;
  int rc;

  if (fresh == NULL)
    return ac_error_set(err, AC_ENOMEM, "rules: out of memory");
  rc = load_rules(p, &fresh->rules, err);
  if (rc < 0) {                       /* a broken pack: the old rules keep serving */
    free(fresh);
    return rc;
  }
  fresh->refs = 1;                    /* the service's own reference */
  pthread_mutex_lock(&p->lock);
  old = p->current;
  p->current = fresh;
  rules_unref_locked(old);            /* freed now, or by the last request using it */
  pthread_mutex_unlock(&p->lock);
  return AC_OK;
}

serve_rules *serve_rules_acquire(serve_packs *p)
{
  serve_rules *r;

  pthread_mutex_lock(&p->lock);
  r = p->current;
  r->refs++;
  pthread_mutex_unlock(&p->lock);
  return r;
}

void serve_rules_release(serve_packs *p, serve_rules *r)
{
  pthread_mutex_lock(&p->lock);
  rules_unref_locked(r);
  pthread_mutex_unlock(&p->lock);
}

void serve_packs_dispose(serve_packs *p)
{
  pthread_mutex_lock(&p->lock);
  rules_unref_locked(p->current);
  p->current = NULL;
  pthread_mutex_unlock(&p->lock);
}
