/*
 * Alignment of candidates: each original's text is fingerprinted again (the
 * index keeps text, not tokens, because text is the smaller of the two) and
 * compared with the page; copies are kept in the page, best first.
 */
#include <stdlib.h>
#include <string.h>

#include "index.h"

#include "attrcheck/url.h"
#include "../page/page.h"

typedef struct aligned {
  char *url, *title, *site_name, *license, *holder;   /* malloc'd */
  char *text; size_t text_len;     /* the original's text, for reports showing both sides */
  ac_comparison *cmp;
} aligned;

static char *dup_col(sqlite3_stmt *st, int i)
{
  const char *s = (const char *)sqlite3_column_text(st, i);

  return s ? strdup(s) : NULL;
}

static void aligned_dispose(aligned *a)
{
  free(a->url);
  free(a->title);
  free(a->site_name);
  free(a->license);
  free(a->holder);
  free(a->text);
  ac_comparison_free(a->cmp);
}

/* Compare one original; a->cmp stays NULL when it is missing. */
static int align_one(ac_index *ix, int64_t id, const ac_fingerprint *fp, aligned *a,
                     const ac_compare_options *opts, ac_error *err)
{
  sqlite3_stmt *st;
  ac_fingerprint *ofp = NULL;
  int rc = ac_index__stmt(ix, ST_ORIG_META, &st, err);

  if (rc < 0)
    return rc;
  sqlite3_bind_int64(st, 1, id);
  rc = sqlite3_step(st);
  if (rc == SQLITE_DONE)
    return AC_OK;                         /* removed meanwhile */
  if (rc == SQLITE_TOOBIG)                /* over SQLITE_LIMIT_LENGTH: never loaded */
    return ac_index__over_ceiling(ix, err, id, "stored text", 0, AC_INDEX_MAX_TEXT);
  if (rc != SQLITE_ROW)
    return ac_index__db_error(ix, err, "reading an original");
  if ((size_t)sqlite3_column_bytes(st, 5) > AC_INDEX_MAX_TEXT)
    return ac_index__over_ceiling(ix, err, id, "stored text",
                                  (size_t)sqlite3_column_bytes(st, 5), AC_INDEX_MAX_TEXT);
  if (sqlite3_column_type(st, 0) == SQLITE_NULL) {   /* NOT NULL binds writers only */
    sqlite3_reset(st);
    return ac_index__bad_original(ix, err, id, "it has no URL");
  }
  a->url = dup_col(st, 0);
  a->title = dup_col(st, 1);
  a->site_name = dup_col(st, 2);
  a->license = dup_col(st, 3);
  a->holder = dup_col(st, 4);
  a->text_len = (size_t)sqlite3_column_bytes(st, 5);
  a->text = malloc(a->text_len + 1);
  if (a->text == NULL) {
    sqlite3_reset(st);
    return ac_error_set_file(err, AC_ENOMEM, ix->path, 0, 0, "out of memory");
  }
  if (a->text_len > 0)
    memcpy(a->text, sqlite3_column_blob(st, 5), a->text_len);
  a->text[a->text_len] = '\0';
  rc = ac_index__fingerprint_text(ix, a->text, a->text_len, &ofp, err);
  if (rc == 0)        /* the stored text keeps its quotation marks, not its <q> */
    rc = ac_fp_mark_quotes(ofp, a->text, a->text_len, err);
  sqlite3_reset(st);
  if (rc == 0)
    rc = ac_fp_compare_with(&a->cmp, ofp, fp, opts, err);
  ac_fp_free(ofp);
  return rc;
}

static int by_coverage(const void *x, const void *y)
{
  const ac_comparison *a = ((const aligned *)x)->cmp, *b = ((const aligned *)y)->cmp;

  if (a->page_coverage != b->page_coverage)
    return (a->page_coverage < b->page_coverage) - (a->page_coverage > b->page_coverage);
  return (a->original_coverage < b->original_coverage) -
         (a->original_coverage > b->original_coverage);
}

static int keep(ac_page *page, const aligned *a)
{
  const ac_comparison *c = a->cmp;
  ac_match m = {0};
  int rc;

  m.url = a->url;
  m.host = ac_url_host(a->url);
  m.title = a->title;
  m.site_name = a->site_name;
  m.license = a->license;
  m.holder = a->holder;
  m.original_coverage = c->original_coverage;
  m.page_coverage = c->page_coverage;
  m.quoted_coverage = c->quoted_coverage;
  m.exactness = c->exactness;
  m.cls = c->cls;
  m.passages = c->passages;
  m.n_passages = c->n_passages;
  m.original_text = a->text;
  m.original_len = a->text_len;
  m.copied_tokens = c->prose_tokens;
  rc = ac_page_add_match(page, &m);
  free((char *)m.host);
  return rc;
}

int ac_index__align(ac_index *ix, ac_page *page, const ac_fingerprint *fp, const int64_t *ids,
                    size_t n, const ac_match_options *opts, ac_error *err)
{
  aligned *all = calloc(n + 1, sizeof *all);
  size_t kept = 0;
  int rc = all ? AC_OK : ac_error_set_file(err, AC_ENOMEM, ix->path, 0, 0, "out of memory");

  for (size_t i = 0; rc == 0 && i < n; i++) {
    aligned *a = &all[kept];

    rc = align_one(ix, ids[i], fp, a, &opts->compare, err);
    if (rc == 0 && a->cmp != NULL && a->cmp->cls != AC_COPY_UNRELATED &&
        a->cmp->page_coverage >= opts->min_coverage)
      kept++;
    else
      aligned_dispose(a), memset(a, 0, sizeof *a);
  }
  if (rc == 0)
    qsort(all, kept, sizeof *all, by_coverage);
  for (size_t i = 0; rc == 0 && i < kept; i++)
    if (keep(page, &all[i]) < 0)
      rc = ac_error_set_file(err, AC_ENOMEM, ac_page_path(page), 0, 0, "out of memory");
  for (size_t i = 0; all && i < kept; i++)
    aligned_dispose(&all[i]);
  free(all);
  return rc;
}
