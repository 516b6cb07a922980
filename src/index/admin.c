/* Listing, statistics and the integrity check of an index. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "index.h"

static const char *col(sqlite3_stmt *st, int i)
{
  return (const char *)sqlite3_column_text(st, i);
}

int ac_index_foreach(ac_index *index, int (*fn)(const ac_original *o, void *ctx), void *ctx,
                     ac_error *err)
{
  sqlite3_stmt *st;
  int rc = ac_index__stmt(index, ST_LIST, &st, err);
  int step;

  if (rc < 0)
    return rc;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    /* NOT NULL binds writers only: a damaged file can hold a NULL anywhere. */
    if (col(st, 0) == NULL) {
      sqlite3_reset(st);
      return ac_error_set_file(err, AC_EDB, index->path, 0, 0,
                               "damaged index: an original without a URL");
    }
    ac_original o = {col(st, 0), col(st, 1), col(st, 2), col(st, 3), col(st, 4), col(st, 5),
                     col(st, 6), col(st, 7), (uint64_t)sqlite3_column_int64(st, 8),
                     (uint64_t)sqlite3_column_int64(st, 9), col(st, 10)};

    rc = fn(&o, ctx);
    if (rc != 0) {
      sqlite3_reset(st);
      return rc;
    }
  }
  sqlite3_reset(st);
  if (step != SQLITE_DONE)
    return ac_index__db_error(index, err, "listing originals");
  return AC_OK;
}

/* One row of up to three integers from `sql` (with %u for the common threshold). */
static int query3(ac_index *ix, const char *sql, uint64_t *a, uint64_t *b, uint64_t *c,
                  ac_error *err)
{
  char buf[512];
  sqlite3_stmt *st = NULL;
  uint64_t *dst[3] = {a, b, c};
  int rc;

  snprintf(buf, sizeof buf, sql, ix->common_df);
  rc = sqlite3_prepare_v2(ix->db, buf, -1, &st, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    for (int i = 0; i < 3 && i < sqlite3_column_count(st); i++)
      if (dst[i] != NULL)
        *dst[i] = (uint64_t)sqlite3_column_int64(st, i);
    rc = SQLITE_OK;
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_OK)
    return ac_index__db_error(ix, err, "reading statistics");
  return AC_OK;
}

static int by_int32(const void *a, const void *b)
{
  int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;

  return (x > y) - (x < y);
}

static int check_fresh_total(ac_index *ix, ac_error *err);

/* Every fresh hash, sorted (*out is malloc'd), and the fresh counts of the stats. */
static int fresh_hashes(ac_index *ix, ac_index_stats *s, int32_t **out, size_t *n,
                        ac_error *err)
{
  sqlite3_stmt *st = NULL;
  int rc = query3(ix, "SELECT count(*), coalesce(sum(length(hashes)), 0) / 4 FROM fresh",
                  &s->fresh_originals, &s->fresh_fingerprints, NULL, err);
  uint64_t total = s->fresh_fingerprints;

  *n = 0;
  if (rc == 0 && total > AC_INDEX_MAX_FRESH)
    rc = check_fresh_total(ix, err);     /* says why */
  *out = rc == 0 ? malloc((size_t)total * sizeof **out + 1) : NULL;
  if (rc < 0)
    return rc;
  if (*out == NULL)
    return ac_error_set_file(err, AC_ENOMEM, ix->path, 0, 0, "out of memory");
  if (sqlite3_prepare_v2(ix->db, "SELECT hashes FROM fresh", -1, &st, NULL) != SQLITE_OK)
    return ac_index__db_error(ix, err, "reading statistics");
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    size_t k = (size_t)sqlite3_column_bytes(st, 0) / 4;
    const unsigned char *b = sqlite3_column_blob(st, 0);

    if (*n + k > total) {               /* changed under us (outside a snapshot) */
      sqlite3_finalize(st);
      return ac_error_set_file(err, AC_EDB, ix->path, 0, 0, "changed while reading statistics");
    }
    for (size_t i = 0; i < k; i++)      /* straight into the result: no copy per row */
      (*out)[(*n)++] = (int32_t)ac_index__get_u32(b + i * 4);
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE)
    return ac_index__db_error(ix, err, "reading statistics");
  qsort(*out, *n, sizeof **out, by_int32);
  return AC_OK;
}

static void count_hash(ac_index_stats *s, uint64_t c)
{
  s->fingerprints += c;
  s->distinct_fingerprints++;
  s->common_fingerprints += c > s->common_df;
}

/* How many of the sorted hashes from f[j] on equal f[j]. */
static size_t run_length(const int32_t *f, size_t j, size_t n)
{
  size_t run = 1;

  while (j + run < n && f[j + run] == f[j])
    run++;
  return run;
}

/* Document frequency of each hash over merged and fresh postings, walked in hash order. */
static int hash_counts(ac_index *ix, ac_index_stats *s, ac_error *err)
{
  sqlite3_stmt *st = NULL;
  int32_t *fresh = NULL;
  size_t nf = 0, j = 0;
  int step = SQLITE_DONE, rc = fresh_hashes(ix, s, &fresh, &nf, err);

  if (rc == 0 && sqlite3_prepare_v2(ix->db, "SELECT h, count(*) FROM postings GROUP BY h"
                                    " ORDER BY h", -1, &st, NULL) != SQLITE_OK)
    rc = ac_index__db_error(ix, err, "reading statistics");
  while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
    int32_t h = sqlite3_column_int(st, 0);
    uint64_t c = (uint64_t)sqlite3_column_int64(st, 1);

    for (size_t run; j < nf && fresh[j] <= h; j += run) {
      run = run_length(fresh, j, nf);
      if (fresh[j] == h)
        c += run;
      else
        count_hash(s, run);
    }
    count_hash(s, c);
  }
  for (size_t run; rc == 0 && j < nf; j += run) {
    run = run_length(fresh, j, nf);
    count_hash(s, run);
  }
  sqlite3_finalize(st);
  free(fresh);
  if (rc == 0 && step != SQLITE_DONE)
    rc = ac_index__db_error(ix, err, "reading statistics");
  return rc;
}

int ac_index_stats_get(ac_index *index, ac_index_stats *s, ac_error *err)
{
  uint64_t pages = 0, page_size = 0;
  int rc;

  memset(s, 0, sizeof *s);
  s->common_df = index->common_df;
  /* One read transaction: every figure is of the same snapshot, whatever writers do. */
  bool own_txn = sqlite3_get_autocommit(index->db) &&
                 sqlite3_exec(index->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
  rc = query3(index, "SELECT count(*), coalesce(sum(text_len), 0) FROM originals",
              &s->originals, &s->text_bytes, NULL, err);
  /* One posting per (hash, original), so a hash's count is its document frequency. */
  if (rc == 0)
    rc = hash_counts(index, s, err);
  if (rc == 0)
    rc = query3(index, "SELECT page_count, page_size FROM pragma_page_count, pragma_page_size",
                &pages, &page_size, NULL, err);
  s->bytes = pages * page_size;
  if (own_txn)
    sqlite3_exec(index->db, "COMMIT", NULL, NULL, NULL);
  return rc;
}

/* Each check is a query that counts violations; its text says what they mean. */
static const struct {
  const char *sql, *what;
} invariants[] = {
    {"SELECT count(*) FROM originals o LEFT JOIN texts t ON t.id=o.id WHERE t.id IS NULL",
     "originals without text"},
    {"SELECT count(*) FROM texts t LEFT JOIN originals o ON o.id=t.id WHERE o.id IS NULL",
     "texts without an original"},
    {"SELECT count(*) FROM postings WHERE oid NOT IN (SELECT id FROM originals)",
     "postings of removed originals"},
    {"SELECT count(*) FROM fresh WHERE oid NOT IN (SELECT id FROM originals)",
     "fresh postings of removed originals"},
    {"SELECT count(*) FROM fresh WHERE length(hashes) != length(pos)",
     "fresh postings without positions"},
    {"SELECT abs((SELECT count(*) FROM postings) +"
     " (SELECT coalesce(sum(length(hashes)), 0) / 4 FROM fresh) -"
     " (SELECT coalesce(sum(length(hashes)), 0) / 4 FROM texts))",
     "postings missing or extra"},
    {"SELECT count(*) FROM sites s WHERE n != (SELECT count(*) FROM originals o"
     " WHERE o.site_id=s.id)",
     "sites with a wrong count"},
    {"SELECT count(*) FROM originals WHERE url IS NULL OR digest IS NULL"
     " OR digest NOT LIKE 'ac_:%%' OR site_id IS NULL",
     "originals without URL, digest or site"},
    {"SELECT count(*) FROM originals o JOIN texts t ON t.id=o.id"
     " WHERE o.text_len IS NOT length(t.body)",
     "originals whose text length is not their text's"},
};

/* What each blob column may hold: a multiple of `unit` bytes, at most `max`. */
static const struct {
  const char *table, *column, *what;
  size_t unit, max;
} ceilings[] = {
    {"texts", "body", "stored text", 1, AC_INDEX_MAX_TEXT},
    {"texts", "hashes", "hash list", 4, 4 * AC_INDEX_MAX_POSTINGS},
    {"fresh", "hashes", "fresh postings", 4, 4 * AC_INDEX_MAX_POSTINGS},
    {"fresh", "pos", "fresh positions", 4, 4 * AC_INDEX_MAX_POSTINGS},
};

/* 1 and the row id and size (-1: not a blob) of the first value of ceilings[i] out of shape. */
static int find_oversized(ac_index *ix, size_t i, int64_t *id, int64_t *size, ac_error *err)
{
  sqlite3_stmt *st = NULL;
  /* typeof() and length() of a blob read only the row's header: typeof() is tested first, so a
     text (whose length() would load it) never reaches length(). */
  char *sql = sqlite3_mprintf("SELECT rowid, CASE WHEN typeof(%s) != 'blob' THEN -1"
                              " ELSE length(%s) END FROM %s WHERE typeof(%s) != 'blob'"
                              " OR length(%s) > %lld OR length(%s) %% %d != 0 LIMIT 1",
                              ceilings[i].column, ceilings[i].column, ceilings[i].table,
                              ceilings[i].column, ceilings[i].column,
                              (long long)ceilings[i].max, ceilings[i].column,
                              (int)ceilings[i].unit);
  int rc = sql ? sqlite3_prepare_v2(ix->db, sql, -1, &st, NULL) : SQLITE_NOMEM;

  sqlite3_free(sql);
  if (rc == SQLITE_OK)
    rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    *id = sqlite3_column_int64(st, 0);
    *size = sqlite3_column_int64(st, 1);
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return ac_index__db_error(ix, err, "checking the ceilings");
  return rc == SQLITE_ROW;
}

int ac_index__check_ceilings(ac_index *ix, const char *table, ac_error *err)
{
  for (size_t i = 0; i < AC_COUNT(ceilings); i++) {
    int64_t id = 0, size = 0;
    int rc;

    if (table != NULL && strcmp(table, ceilings[i].table) != 0)
      continue;
    rc = find_oversized(ix, i, &id, &size, err);
    if (rc < 0)
      return rc;
    if (rc == 0)
      continue;
    if (size >= 0 && (size_t)size > ceilings[i].max)
      return ac_index__over_ceiling(ix, err, id, ceilings[i].what, (size_t)size,
                                    ceilings[i].max);
    char problem[96];

    snprintf(problem, sizeof problem, "its %s is %s", ceilings[i].what,
             size < 0 ? "not a blob" : "not whole 32-bit values");
    return ac_index__bad_original(ix, err, id, problem);
  }
  return AC_OK;
}

/* All the fresh postings a reader loads at once stay within its ceilings. */
static int check_fresh_total(ac_index *ix, ac_error *err)
{
  uint64_t rows = 0, postings = 0;
  int rc = query3(ix, "SELECT count(*), coalesce(sum(length(hashes)), 0) / 4 FROM fresh", &rows,
                  &postings, NULL, err);

  if (rc == 0 && (rows > AC_INDEX_MAX_FRESH_ROWS || postings > AC_INDEX_MAX_FRESH))
    rc = ac_error_set_file(err, AC_EDB, ix->path, 0, 0,
                           "%llu fresh originals with %llu postings wait to be "
                           "merged, over the ceilings of %zu and %zu (a damaged or crafted index)",
                           (unsigned long long)rows, (unsigned long long)postings,
                           AC_INDEX_MAX_FRESH_ROWS, AC_INDEX_MAX_FRESH);
  return rc;
}

int ac_index_verify(ac_index *index, ac_error *err)
{
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_prepare_v2(index->db, "PRAGMA integrity_check(1)", -1, &st, NULL);

  int step = rc == SQLITE_OK ? sqlite3_step(st) : rc;

  if (step == SQLITE_ROW && strcmp(col(st, 0), "ok") != 0) {
    ac_error_set_file(err, AC_EDB, index->path, 0, 0, "integrity check failed: %s", col(st, 0));
    sqlite3_finalize(st);
    return AC_EDB;
  }
  if (step != SQLITE_ROW) {     /* SQLITE_CORRUPT and the like stop the check itself */
    rc = ac_index__db_error(index, err, "checking integrity");
    sqlite3_finalize(st);
    return rc;
  }
  sqlite3_finalize(st);
  /* Sizes first: the invariants below read the values. */
  rc = ac_index__check_ceilings(index, NULL, err);
  if (rc == 0)
    rc = check_fresh_total(index, err);
  if (rc < 0)
    return rc;
  for (size_t i = 0; i < AC_COUNT(invariants); i++) {
    uint64_t bad = 0;

    rc = query3(index, invariants[i].sql, &bad, NULL, NULL, err);
    if (rc < 0)
      return rc;
    if (bad != 0)
      return ac_error_set_file(err, AC_EDB, index->path, 0, 0, "damaged index: %llu %s",
                               (unsigned long long)bad, invariants[i].what);
  }
  return AC_OK;
}
