/*
 * Matching a page against the index: look up its coarse hashes, ignore the
 * common ones, count what each original shares, align the best candidates
 * with ac_fp_compare() and keep the matches in the page.
 *
 * A hash is ignored when more than `common_df` originals hold it (footers,
 * license blurbs seen everywhere), and, for one site, when at least
 * AC_INDEX_SITE_COMMON_MIN of its originals and at least half of them hold it
 * (that site's own boilerplate, too rare to be common across the index).
 */
#include <stdlib.h>
#include <string.h>

#include "index.h"
#include "../util/grow.h"

#include "attrcheck/facts.h"
#include "attrcheck/url.h"

typedef struct hit {
  uint32_t group;           /* which page hash */
  int64_t oid;
} hit;

typedef struct orig_info {
  int64_t oid, site_id, site_n;
  unsigned score;
} orig_info;

typedef struct match_ctx {
  ac_index *ix;
  const ac_match_options *opts;
  hit *hits;            size_t n_hits, cap_hits;
  orig_info *origs;     size_t n_origs;
  int64_t self_id;
} match_ctx;

static int hit_push(match_ctx *m, uint32_t group, int64_t oid)
{
  if (!ac_grow(&m->hits, &m->cap_hits, m->n_hits + 1, sizeof *m->hits, 256))
    return AC_ENOMEM;
  m->hits[m->n_hits].group = group;
  m->hits[m->n_hits].oid = oid;
  m->n_hits++;
  return AC_OK;
}

static int fresh_hit(void *ctx, uint32_t group, int64_t oid)
{
  return hit_push(ctx, group, oid);
}

static int by_group(const void *a, const void *b)
{
  const hit *x = a, *y = b;

  if (x->group != y->group)
    return (x->group > y->group) - (x->group < y->group);
  return (x->oid > y->oid) - (x->oid < y->oid);
}

/* Group the hits by hash and drop the hashes more than common_df originals hold. */
static void drop_common(match_ctx *m)
{
  size_t out = 0, from = 0;

  if (m->n_hits == 0)
    return;
  qsort(m->hits, m->n_hits, sizeof *m->hits, by_group);
  while (from < m->n_hits) {
    size_t to = from, distinct;

    while (to < m->n_hits && m->hits[to].group == m->hits[from].group)
      to++;
    /* An original merged between reading fresh and merged postings is seen twice: once counts. */
    distinct = to - from;
    for (size_t i = from + 1; i < to; i++)
      if (m->hits[i].oid == m->hits[i - 1].oid)
        m->hits[i - 1].oid = -1, distinct--;
    if (distinct <= m->ix->common_df)
      for (size_t i = from; i < to; i++)
        if (m->hits[i].oid >= 0)
          m->hits[out++] = m->hits[i];
    from = to;
  }
  m->n_hits = out;
}

/* The originals holding each hash, merged (postings) or fresh, unless more than common_df do. */
static int lookup(match_ctx *m, const ac_posting *post, size_t n, ac_error *err)
{
  int rc = AC_OK;

  for (size_t i = 0; i < n; i++) {
    sqlite3_stmt *st;
    int step;

    rc = ac_index__stmt(m->ix, ST_LOOKUP, &st, err);
    if (rc < 0)
      return rc;
    sqlite3_bind_int(st, 1, post[i].h);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)m->ix->common_df + 1);
    while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW)
      rc = hit_push(m, (uint32_t)i, sqlite3_column_int64(st, 0));
    if (rc < 0)
      return ac_error_set_file(err, rc, m->ix->path, 0, 0, "out of memory");
    if (step != SQLITE_DONE)
      return ac_index__db_error(m->ix, err, "looking up fingerprints");
  }
  rc = ac_index__fresh_scan(m->ix, post, n, fresh_hit, m, err);
  if (rc == 0)
    drop_common(m);
  return rc;
}

static int by_oid(const void *a, const void *b)
{
  const orig_info *x = a, *y = b;

  return (x->oid > y->oid) - (x->oid < y->oid);
}

static orig_info *find_orig(match_ctx *m, int64_t oid)
{
  orig_info key = {.oid = oid};

  return bsearch(&key, m->origs, m->n_origs, sizeof key, by_oid);
}

/* The distinct originals hit, with their site and its size. */
static int load_origs(match_ctx *m, ac_error *err)
{
  m->origs = calloc(m->n_hits + 1, sizeof *m->origs);
  if (m->origs == NULL)
    return ac_error_set_file(err, AC_ENOMEM, m->ix->path, 0, 0, "out of memory");
  for (size_t i = 0; i < m->n_hits; i++)
    m->origs[i].oid = m->hits[i].oid;
  qsort(m->origs, m->n_hits, sizeof *m->origs, by_oid);
  for (size_t i = 0; i < m->n_hits; i++)
    if (m->n_origs == 0 || m->origs[m->n_origs - 1].oid != m->origs[i].oid)
      m->origs[m->n_origs++] = m->origs[i];
  for (size_t i = 0; i < m->n_origs; i++) {
    sqlite3_stmt *st;
    int rc = ac_index__stmt(m->ix, ST_ORIG_SITE, &st, err);

    if (rc < 0)
      return rc;
    sqlite3_bind_int64(st, 1, m->origs[i].oid);
    if (sqlite3_step(st) == SQLITE_ROW) {
      m->origs[i].site_id = sqlite3_column_int64(st, 0);
      m->origs[i].site_n = sqlite3_column_int64(st, 1);
    }
  }
  return AC_OK;
}

/* Within one hash's hits [from, to): is this original's site sharing it as boilerplate? */
static bool site_boilerplate(match_ctx *m, size_t from, size_t to, const orig_info *o)
{
  int64_t same = 0;

  for (size_t i = from; i < to; i++) {
    const orig_info *other = find_orig(m, m->hits[i].oid);

    if (other != NULL && other->site_id == o->site_id)
      same++;
  }
  return same >= AC_INDEX_SITE_COMMON_MIN && same * 2 >= o->site_n;
}

static void score(match_ctx *m)
{
  size_t from = 0;

  while (from < m->n_hits) {
    size_t to = from;

    while (to < m->n_hits && m->hits[to].group == m->hits[from].group)
      to++;
    for (size_t i = from; i < to; i++) {
      orig_info *o = find_orig(m, m->hits[i].oid);

      if (o != NULL && o->oid != m->self_id && !site_boilerplate(m, from, to, o))
        o->score++;
    }
    from = to;
  }
}

static int by_score(const void *a, const void *b)
{
  const orig_info *x = a, *y = b;

  if (x->score != y->score)
    return (x->score < y->score) - (x->score > y->score);
  return (x->oid > y->oid) - (x->oid < y->oid);
}

static int64_t self_id(ac_index *ix, const ac_page *page)
{
  const ac_facts *f = ac_page_facts(page);
  sqlite3_stmt *st;

  /* An assumed URL may be the original's (a copy's canonical): excluding it
   * would hide the very match the check needs. The rules drop same-site
   * matches by the page's likely host instead. */
  if (f == NULL || f->url == NULL || f->url_assumed ||
      ac_index__stmt(ix, ST_FIND_URL, &st, NULL) < 0)
    return 0;
  sqlite3_bind_text(st, 1, f->url, -1, SQLITE_STATIC);
  return sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
}

static int candidates(match_ctx *m, ac_page *page, const ac_fingerprint *fp, ac_error *err)
{
  int64_t *ids;
  size_t n = 0;
  int rc;

  qsort(m->origs, m->n_origs, sizeof *m->origs, by_score);
  ids = malloc((m->n_origs + 1) * sizeof *ids);
  if (ids == NULL)
    return ac_error_set_file(err, AC_ENOMEM, m->ix->path, 0, 0, "out of memory");
  for (size_t i = 0; i < m->n_origs && n < m->opts->max_candidates; i++)
    if (m->origs[i].score >= m->opts->min_shared && m->origs[i].score > 0)
      ids[n++] = m->origs[i].oid;
  rc = ac_index__align(m->ix, page, fp, ids, n, m->opts, err);
  free(ids);
  return rc;
}

static int match_fp(ac_index *ix, ac_page *page, const ac_fingerprint *fp,
                    const ac_match_options *opts, ac_error *err)
{
  match_ctx m = {ix, opts, NULL, 0, 0, NULL, 0, 0};
  ac_posting *post = NULL;
  size_t n = 0;
  int rc = ac_index__coarse(fp, ix->window, &post, &n);

  if (rc < 0)
    return ac_error_set_file(err, rc, ix->path, 0, 0, "out of memory");
  m.self_id = self_id(ix, page);
  rc = lookup(&m, post, n, err);
  if (rc == 0)
    rc = load_origs(&m, err);
  if (rc == 0) {
    score(&m);
    rc = candidates(&m, page, fp, err);
  }
  free(post);
  free(m.hits);
  free(m.origs);
  return rc;
}

int ac_index_match(ac_index *index, ac_page *page, const ac_match_options *opts, ac_error *err)
{
  static const ac_match_options defaults = AC_MATCH_OPTIONS_INIT;
  const ac_facts *facts = ac_page_facts(page);
  const ac_fingerprint *fp = ac_page_fp(page);
  ac_fingerprint *own = NULL;
  int rc = AC_OK;

  if (opts == NULL)
    opts = &defaults;
  if (fp == NULL)
    return ac_error_set_file(err, AC_EINVALID, ac_page_path(page), 0, 0, "page not fingerprinted");
  /* Postings were made with the index's parameters: look up with the same ones. */
  if (fp->params.k != index->params.k || fp->params.w != index->params.w) {
    if (facts == NULL || facts->main_text == NULL)
      return ac_error_set_file(err, AC_EINVALID, ac_page_path(page), 0, 0, "page not extracted");
    rc = ac_index__fingerprint_text(index, facts->main_text, facts->main_len, &own, err);
    fp = own;
  }
  if (rc == 0 && fp->n_hashes > 0)
    rc = match_fp(index, page, fp, opts, err);
  ac_index__release(index);   /* end the read transaction: writers may checkpoint */
  ac_fp_free(own);
  return rc;
}
