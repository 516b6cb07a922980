/*
 * robots.txt (RFC 9309): fetched once per origin per run (and kept by the
 * cache like any response), the group naming "attrcheck" wins over "*", the
 * longest matching Allow/Disallow path decides, Allow on a tie. A 4xx
 * robots.txt allows everything; a 5xx or an unreachable one allows nothing.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fetch.h"

#define ROBOTS_MAX_BYTES (500u << 10)     /* RFC 9309 2.5: parse at least 500 KiB */
#define ROBOTS_MAX_RULE 512u              /* longer Allow/Disallow values are ignored */
#define ROBOTS_MAX_PATH 2048u             /* a path is matched on its first 2 KiB */

typedef enum { ROBOTS_PENDING, ROBOTS_DONE } robots_state;

typedef struct robots_origin {
  struct robots_origin *next;
  char *origin;                /* "https://host:port" */
  robots_state state;
  ac_fetch_outcome outcome;    /* AC_FETCH_OK: `text` applies */
  bool allow_all, deny_all;
  char *text; size_t len;
} robots_origin;

struct ac_fetch__robots {
  pthread_mutex_t lock;
  pthread_cond_t done;
  robots_origin *origins;
};

int ac_fetch__robots_new(ac_fetch__robots **out)
{
  ac_fetch__robots *r = calloc(1, sizeof *r);

  *out = r;
  if (r == NULL)
    return AC_ENOMEM;
  pthread_mutex_init(&r->lock, NULL);
  pthread_cond_init(&r->done, NULL);
  return AC_OK;
}

void ac_fetch__robots_free(ac_fetch__robots *r)
{
  if (r == NULL)
    return;
  while (r->origins != NULL) {
    robots_origin *o = r->origins;
    r->origins = o->next;
    free(o->origin);
    free(o->text);
    free(o);
  }
  pthread_cond_destroy(&r->done);
  pthread_mutex_destroy(&r->lock);
  free(r);
}

/*
 * RFC 9309 2.2.2: '*' matches any run, a final '$' anchors the end, otherwise
 * the rule is a prefix. Iterative, going back only to the last '*', so a
 * hostile "*a*a*a…" costs O(pattern x path), never exponential time.
 */
static bool path_matches(const char *pat, size_t plen, const char *path)
{
  size_t n = strnlen(path, ROBOTS_MAX_PATH), p = 0, s = 0, star = SIZE_MAX, mark = 0;
  bool anchored = plen > 0 && pat[plen - 1] == '$';

  if (anchored)
    plen--;
  while (s < n) {
    if (p == plen && !anchored)
      return true;                       /* the whole rule matched a prefix */
    if (p < plen && pat[p] == '*') {
      star = p++;
      mark = s;
    } else if (p < plen && pat[p] == path[s]) {
      p++;
      s++;
    } else if (star != SIZE_MAX) {
      p = star + 1;
      s = ++mark;
    } else {
      return false;
    }
  }
  while (p < plen && pat[p] == '*')
    p++;
  return p == plen;
}

typedef struct robots_verdict {
  size_t best;                 /* length of the longest matching rule + 1; 0: none */
  bool allowed;
} robots_verdict;

static void rule_apply(robots_verdict *v, const char *val, size_t vlen, bool allow,
                       const char *path)
{
  if (vlen == 0 || vlen > ROBOTS_MAX_RULE)
    return;                    /* "Disallow:" with no path allows; a huge one is ignored */
  if (!path_matches(val, vlen, path))
    return;
  if (vlen + 1 > v->best || (vlen + 1 == v->best && allow)) {
    v->best = vlen + 1;
    v->allowed = allow;
  }
}

static bool agent_is_ours(const char *val, size_t vlen)
{
  return vlen == 9 && strncasecmp(val, "attrcheck", 9) == 0;
}

typedef struct robots_pass {
  bool ours;                   /* look for our group (true) or the "*" group */
  bool in_group, in_rules, found;
  robots_verdict v;
} robots_pass;

static void line_apply(robots_pass *s, const char *key, size_t klen, const char *val,
                       size_t vlen, const char *path)
{
  if (klen == 10 && strncasecmp(key, "user-agent", 10) == 0) {
    bool match = s->ours ? agent_is_ours(val, vlen) : (vlen == 1 && val[0] == '*');
    if (s->in_rules)           /* a user-agent line after rules starts a new group */
      s->in_group = s->in_rules = false;
    s->in_group = s->in_group || match;
    s->found = s->found || match;
    return;
  }
  if (!s->in_group && !s->in_rules)
    return;
  s->in_rules = true;
  if (!s->in_group)
    return;
  if (klen == 5 && strncasecmp(key, "allow", 5) == 0)
    rule_apply(&s->v, val, vlen, true, path);
  else if (klen == 8 && strncasecmp(key, "disallow", 8) == 0)
    rule_apply(&s->v, val, vlen, false, path);
}

static void trim(const char **s, const char **e)
{
  while (*s < *e && (**s == ' ' || **s == '\t'))
    (*s)++;
  while (*e > *s && ((*e)[-1] == ' ' || (*e)[-1] == '\t' || (*e)[-1] == '\r'))
    (*e)--;
}

static void robots_scan(robots_pass *s, const char *text, size_t len, const char *path)
{
  const char *p = text, *end = text + len;

  while (p < end) {
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    const char *stop = eol != NULL ? eol : end, *hash = memchr(p, '#', (size_t)(stop - p));
    const char *colon;

    if (hash != NULL)
      stop = hash;
    colon = memchr(p, ':', (size_t)(stop - p));
    if (colon != NULL) {
      const char *ks = p, *ke = colon, *vs = colon + 1, *ve = stop;
      trim(&ks, &ke);
      trim(&vs, &ve);
      line_apply(s, ks, (size_t)(ke - ks), vs, (size_t)(ve - vs), path);
    }
    p = eol != NULL ? eol + 1 : end;
  }
}

bool ac_fetch__robots_allows(const char *text, size_t len, const char *path)
{
  robots_pass ours = {true, false, false, false, {0, true}};
  robots_pass any = {false, false, false, false, {0, true}};

  if (len > ROBOTS_MAX_BYTES)
    len = ROBOTS_MAX_BYTES;
  robots_scan(&ours, text, len, path);
  if (ours.found)
    return ours.v.allowed;
  robots_scan(&any, text, len, path);
  return any.v.allowed;
}

/* "scheme://authority" of an absolute URL, and where its path starts. */
static char *origin_of(const char *url, const char **path)
{
  const char *s = strstr(url, "://"), *p;

  if (s == NULL)
    return NULL;
  p = s + 3 + strcspn(s + 3, "/?#");
  *path = *p == '\0' || *p == '#' ? "/" : p;
  return strndup(url, (size_t)(p - url));
}

static robots_origin *origin_find(ac_fetch__robots *r, const char *origin)
{
  for (robots_origin *o = r->origins; o != NULL; o = o->next)
    if (strcmp(o->origin, origin) == 0)
      return o;
  return NULL;
}

/* Fetch and settle one origin's robots.txt (outside the lock). */
static int robots_load(ac_fetch *f, robots_origin *o)
{
  ac_fetch__response resp;
  char *url = malloc(strlen(o->origin) + sizeof "/robots.txt");
  int rc;

  if (url == NULL)
    return AC_ENOMEM;
  sprintf(url, "%s/robots.txt", o->origin);
  rc = ac_fetch__get(f, url, &resp);
  free(url);
  if (rc < 0)
    return rc;
  o->outcome = resp.outcome == AC_FETCH_TOO_BIG ? AC_FETCH_OK : resp.outcome;
  if (resp.outcome == AC_FETCH_OK || resp.outcome == AC_FETCH_TOO_BIG) {
    o->allow_all = resp.status >= 400 && resp.status < 500;
    o->deny_all = resp.status >= 500 || resp.status == 0;
    o->text = resp.body;
    o->len = resp.body_len;
    resp.body = NULL;
  }
  ac_fetch__response_dispose(&resp);
  return AC_OK;
}

/* The origin's entry, loaded by this thread or by the one that asked first. */
static robots_origin *origin_get(ac_fetch *f, const char *origin, int *rc)
{
  ac_fetch__robots *r = f->robots;
  robots_origin *o;

  pthread_mutex_lock(&r->lock);
  o = origin_find(r, origin);
  if (o != NULL) {
    while (o->state == ROBOTS_PENDING)
      pthread_cond_wait(&r->done, &r->lock);
    pthread_mutex_unlock(&r->lock);
    return o;
  }
  if ((o = calloc(1, sizeof *o)) == NULL || (o->origin = strdup(origin)) == NULL) {
    free(o);
    pthread_mutex_unlock(&r->lock);
    *rc = AC_ENOMEM;
    return NULL;
  }
  o->next = r->origins;
  r->origins = o;
  pthread_mutex_unlock(&r->lock);
  *rc = robots_load(f, o);
  pthread_mutex_lock(&r->lock);
  if (*rc < 0)
    o->outcome = AC_FETCH_FAILED;
  o->state = ROBOTS_DONE;
  pthread_cond_broadcast(&r->done);
  pthread_mutex_unlock(&r->lock);
  return o;
}

ac_fetch_outcome ac_fetch__robots_check(ac_fetch *f, const char *url)
{
  const char *path = "/";
  char *origin = origin_of(url, &path);
  robots_origin *o;
  int rc = AC_OK;

  if (origin == NULL)
    return AC_FETCH_REFUSED;
  o = origin_get(f, origin, &rc);
  free(origin);
  if (o == NULL)
    return AC_FETCH_FAILED;
  if (o->outcome != AC_FETCH_OK)   /* the page fetch would meet the same problem */
    return o->outcome;
  if (o->allow_all)
    return AC_FETCH_OK;
  if (o->deny_all)
    return AC_FETCH_ROBOTS;
  return ac_fetch__robots_allows(o->text != NULL ? o->text : "", o->len, path)
           ? AC_FETCH_OK : AC_FETCH_ROBOTS;
}
