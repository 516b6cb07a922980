/*
 * Fresh postings (schema 3): an added original's coarse hashes go to one row
 * of `fresh`, appended in id order, instead of one B-tree row per hash in
 * `postings`. Postings land on random leaves of a large tree, so writing them
 * one original at a time costs about one page per posting; gathered over
 * `merge_at` originals and inserted in hash order, one merge sweeps each leaf
 * about once for thousands of originals (docs/index.md, "Writes"). Matching
 * looks up `postings` and scans the (bounded) fresh rows.
 */
#include <stdlib.h>
#include <string.h>

#include "index.h"
#include "../util/grow.h"

/* One posting of the merge, sorted by hash then original. */
typedef struct merge_row {
  int32_t h;
  uint32_t pos;
  int64_t oid;
} merge_row;

int ac_index__fresh_put(ac_index *ix, int64_t id, const ac_posting *post, size_t n,
                        const unsigned char *hashes, ac_error *err)
{
  sqlite3_stmt *st;
  unsigned char *pos = malloc(n * 4 + 1);
  int rc = pos ? ac_index__stmt(ix, ST_PUT_FRESH, &st, err)
               : ac_error_set_file(err, AC_ENOMEM, ix->path, 0, 0, "out of memory");

  if (rc == 0) {
    for (size_t i = 0; i < n; i++)
      ac_index__put_u32(pos + i * 4, post[i].pos);
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_blob(st, 2, hashes, (int)(n * 4), SQLITE_STATIC);
    sqlite3_bind_blob(st, 3, pos, (int)(n * 4), SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
      rc = ac_index__db_error(ix, err, "adding fresh postings");
    sqlite3_reset(st);                    /* unbind before the blobs go */
  }
  free(pos);
  return rc;
}

int ac_index__fresh_delete(ac_index *ix, int64_t id, bool *was_fresh, ac_error *err)
{
  sqlite3_stmt *st;
  int rc = ac_index__stmt(ix, ST_DELETE_FRESH, &st, err);

  *was_fresh = false;
  if (rc < 0)
    return rc;
  sqlite3_bind_int64(st, 1, id);
  if (sqlite3_step(st) != SQLITE_DONE)
    return ac_index__db_error(ix, err, "removing fresh postings");
  *was_fresh = sqlite3_changes(ix->db) > 0;
  return AC_OK;
}

static int by_hash_oid(const void *a, const void *b)
{
  const merge_row *x = a, *y = b;

  if (x->h != y->h)
    return (x->h > y->h) - (x->h < y->h);
  return (x->oid > y->oid) - (x->oid < y->oid);
}

/*
 * The ceilings of a row of `fresh` holding k postings, read after `so_far`
 * others: one original's postings, and all the fresh ones a reader loads.
 */
static int fresh_ceiling(ac_index *ix, int64_t oid, size_t k, size_t so_far, ac_error *err)
{
  if (k > AC_INDEX_MAX_POSTINGS)
    return ac_index__over_ceiling(ix, err, oid, "fresh postings", k, AC_INDEX_MAX_POSTINGS);
  if (so_far + k > AC_INDEX_MAX_FRESH)
    return ac_error_set_file(err, AC_EDB, ix->path, 0, 0,
                             "more than %zu fresh postings wait to be merged, over "
                             "the ceiling (a damaged or crafted index)",
                             AC_INDEX_MAX_FRESH);
  return AC_OK;
}

/* A failed step over `fresh`: a row too big to load is found again and named. */
static int fresh_step_error(ac_index *ix, ac_error *err, const char *what)
{
  if ((sqlite3_errcode(ix->db) & 0xff) == SQLITE_TOOBIG &&
      ac_index__check_ceilings(ix, "fresh", err) < 0)
    return AC_EDB;
  return ac_index__db_error(ix, err, what);
}

/* Every fresh posting, in hash order; *rows is malloc'd. */
static int gather(ac_index *ix, merge_row **rows, size_t *n, ac_error *err)
{
  sqlite3_stmt *st;
  size_t cap = 0;
  int step, rc = ac_index__stmt(ix, ST_FRESH_ALL, &st, err);

  *rows = NULL;
  *n = 0;
  while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
    size_t k = (size_t)sqlite3_column_bytes(st, 1) / 4;
    const unsigned char *h = sqlite3_column_blob(st, 1), *p = sqlite3_column_blob(st, 2);

    if ((size_t)sqlite3_column_bytes(st, 2) < k * 4)
      return ac_error_set_file(err, AC_EDB, ix->path, 0, 0, "damaged index: fresh postings");
    rc = fresh_ceiling(ix, sqlite3_column_int64(st, 0), k, *n, err);
    if (rc < 0)
      break;
    if (!ac_grow(rows, &cap, *n + k, sizeof **rows, 1024))
      return ac_error_set_file(err, AC_ENOMEM, ix->path, 0, 0, "out of memory");
    for (size_t i = 0; i < k; i++, ++*n)
      (*rows)[*n] = (merge_row){(int32_t)ac_index__get_u32(h + i * 4),
                                ac_index__get_u32(p + i * 4),
                                sqlite3_column_int64(st, 0)};
  }
  if (rc == 0 && step != SQLITE_DONE)
    rc = fresh_step_error(ix, err, "reading fresh postings");
  ac_index__release(ix);
  if (rc == 0 && *n > 1)
    qsort(*rows, *n, sizeof **rows, by_hash_oid);
  return rc;
}

/* Inside the caller's write transaction: move every fresh posting into `postings`. */
static int merge_locked(ac_index *ix, ac_error *err)
{
  merge_row *rows = NULL;
  size_t n = 0;
  int rc = gather(ix, &rows, &n, err);

  for (size_t i = 0; rc == 0 && i < n; i++) {
    sqlite3_stmt *st;

    rc = ac_index__stmt(ix, ST_PUT_POSTING, &st, err);
    if (rc < 0)
      break;
    sqlite3_bind_int(st, 1, rows[i].h);
    sqlite3_bind_int64(st, 2, rows[i].oid);
    sqlite3_bind_int64(st, 3, rows[i].pos);
    if (sqlite3_step(st) != SQLITE_DONE)
      rc = ac_index__db_error(ix, err, "merging postings");
  }
  free(rows);
  ac_index__release(ix);
  if (rc == 0)
    rc = ac_index__exec(ix, "DELETE FROM fresh", err);
  return rc;
}

int ac_index__merge_if_due(ac_index *ix, ac_error *err)
{
  sqlite3_stmt *st;
  int64_t count = 0, postings = 0;
  int rc = ac_index__stmt(ix, ST_FRESH_COUNT, &st, err);

  if (rc < 0)
    return rc;
  if (sqlite3_step(st) == SQLITE_ROW) {
    count = sqlite3_column_int64(st, 0);
    postings = sqlite3_column_int64(st, 1);
  }
  ac_index__release(ix);
  /* Merged long before readers would refuse to load them (AC_INDEX_MAX_FRESH). */
  if (count == 0 || (count < (int64_t)ix->merge_at && postings < (int64_t)ix->merge_postings))
    return AC_OK;
  return merge_locked(ix, err);
}

static int64_t data_version(ac_index *ix)
{
  sqlite3_stmt *st;
  int64_t v = -1;

  if (ac_index__stmt(ix, ST_DATA_VERSION, &st, NULL) == 0 && sqlite3_step(st) == SQLITE_ROW)
    v = sqlite3_column_int64(st, 0);
  ac_index__release(ix);
  return v;
}

/* The rows (oid, hashes) of `fresh` read into *oids and *pairs {hash, 1 + row}; malloc'd. */
static int fresh_read(ac_index *ix, ac_fresh_hit **pairs, size_t *n, ac_error *err)
{
  sqlite3_stmt *st;
  size_t cap = 0, rows = 0, cap_rows = 0;
  int step = SQLITE_DONE, rc = ac_index__stmt(ix, ST_FRESH_SCAN, &st, err);

  *n = 0;
  while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
    const unsigned char *b = sqlite3_column_blob(st, 1);
    size_t k = (size_t)sqlite3_column_bytes(st, 1) / 4;

    rc = fresh_ceiling(ix, sqlite3_column_int64(st, 0), k, *n, err);
    if (rc == 0 && rows >= AC_INDEX_MAX_FRESH_ROWS)
      rc = ac_error_set_file(err, AC_EDB, ix->path, 0, 0,
                             "more than %zu fresh originals wait to be merged, over "
                             "the ceiling (a damaged or crafted index)",
                             AC_INDEX_MAX_FRESH_ROWS);
    if (rc < 0)
      break;
    /* A row may hold no hashes (an original too short to fingerprint): k == 0. */
    if (!ac_grow(pairs, &cap, *n + k, sizeof **pairs, 1024) ||
        !ac_grow(&ix->fresh_oids, &cap_rows, rows + 1, sizeof *ix->fresh_oids, 64)) {
      rc = ac_error_set_file(err, AC_ENOMEM, ix->path, 0, 0, "out of memory");
      break;
    }
    ix->fresh_oids[rows++] = sqlite3_column_int64(st, 0);
    for (size_t i = 0; i < k; i++)
      (*pairs)[(*n)++] = (ac_fresh_hit){(int32_t)ac_index__get_u32(b + i * 4), (uint32_t)rows};
  }
  if (rc == 0 && step != SQLITE_DONE)
    rc = fresh_step_error(ix, err, "looking up fresh fingerprints");
  ac_index__release(ix);
  return rc;
}

static int by_hash_row(const void *a, const void *b)
{
  const ac_fresh_hit *x = a, *y = b;

  if (x->h != y->h)
    return (x->h > y->h) - (x->h < y->h);
  return (x->row > y->row) - (x->row < y->row);
}

/*
 * Load the fresh postings into ix->fresh, sorted by hash, unless the copy is current.
 * A sorted array, not a hash table: the file chooses the hashes, and hashes crafted
 * to collide would make every insertion into open addressing probe all the others.
 */
static int fresh_load(ac_index *ix, ac_error *err)
{
  ac_fresh_hit *pairs = NULL;
  size_t n = 0;
  int64_t version = data_version(ix);   /* before reading: a later commit changes it */
  int rc;

  if (ix->fresh_loaded && version == ix->fresh_version && version >= 0)
    return AC_OK;
  ix->fresh_loaded = false;
  free(ix->fresh);
  ix->fresh = NULL;
  ix->n_fresh = 0;
  rc = fresh_read(ix, &pairs, &n, err);
  if (rc < 0) {
    free(pairs);
    return rc;
  }
  if (n > 1)
    qsort(pairs, n, sizeof *pairs, by_hash_row);
  ix->fresh = pairs;
  ix->n_fresh = n;
  ix->fresh_loaded = true;
  ix->fresh_version = version;
  return AC_OK;
}

/* The first fresh posting with hash h or above (n_fresh when none). */
static size_t fresh_lower_bound(const ac_index *ix, int32_t h)
{
  size_t lo = 0, hi = ix->n_fresh;

  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;

    if (ix->fresh[mid].h < h)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

int ac_index__fresh_scan(ac_index *ix, const ac_posting *post, size_t n,
                         int (*hit)(void *ctx, uint32_t group, int64_t oid), void *ctx,
                         ac_error *err)
{
  int rc = fresh_load(ix, err);

  /* More than common_df + 1 holders make a hash common, ignored whoever they are: a
     crafted file cannot make one hash cost more than that. */
  for (size_t i = 0; rc == 0 && i < n; i++)
    for (size_t j = fresh_lower_bound(ix, post[i].h), taken = 0;
         rc == 0 && j < ix->n_fresh && ix->fresh[j].h == post[i].h && taken <= ix->common_df;
         j++, taken++)
      rc = hit(ctx, (uint32_t)i, ix->fresh_oids[ix->fresh[j].row - 1]);
  if (rc == AC_ENOMEM)
    return ac_error_set_file(err, rc, ix->path, 0, 0, "out of memory");
  return rc;
}
