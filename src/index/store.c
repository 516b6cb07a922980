/*
 * Adding and removing originals. One BEGIN IMMEDIATE transaction per call
 * (or per batch, see ac_index_begin): the write lock is taken up front (waiting on the busy timeout), so two
 * writers never deadlock upgrading a read lock, and ac_index_add() returning 0
 * means the original is committed (synchronous=FULL).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "index.h"

#include "attrcheck/facts.h"

/* What an original keeps besides its text: taken from the page's facts. */
typedef struct orig_meta {
  const char *title, *site_name, *license, *holder, *date;
  char *authors;            /* malloc'd, "A, B" */
} orig_meta;

static const char *signal_value(const ac_facts *f, const char *const *names, size_t n)
{
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < f->n_signals; j++)
      if (f->signals[j].name && strcmp(f->signals[j].name, names[i]) == 0)
        return f->signals[j].value;
  return NULL;
}

static char *join_authors(const ac_facts *f)
{
  size_t len = 0, used = 0;
  char *out;

  for (size_t i = 0; i < f->n_byline; i++)
    len += f->byline[i].name ? strlen(f->byline[i].name) + 2 : 0;
  if (len == 0)
    return NULL;
  out = malloc(len + 1);
  if (out == NULL)
    return NULL;
  out[0] = '\0';
  for (size_t i = 0; i < f->n_byline; i++) {
    const char *name = f->byline[i].name;

    if (name == NULL || strstr(out, name) != NULL)   /* byline and meta often repeat a name */
      continue;
    used += (size_t)snprintf(out + used, len + 1 - used, "%s%s", used ? ", " : "", name);
  }
  return out;
}

static void meta_from_facts(const ac_facts *f, orig_meta *m)
{
  static const char *const dates[] = {"article:published_time", "jsonld.datePublished",
                                      "datePublished", "dc.date", "date"};
  static const char *const holders[] = {"jsonld.copyrightHolder", "microdata.copyrightHolder",
                                        "copyright"};

  memset(m, 0, sizeof *m);
  m->title = f->title;
  m->site_name = f->site_name;
  for (size_t i = 0; i < f->n_licenses && m->license == NULL; i++)
    if (f->licenses[i].scope == AC_SCOPE_PAGE)
      m->license = f->licenses[i].id;
  for (size_t i = 0; i < f->n_copyrights && m->holder == NULL; i++)
    m->holder = f->copyrights[i].holder;
  if (m->holder == NULL)
    m->holder = signal_value(f, holders, AC_COUNT(holders));
  for (size_t i = 0; i < f->n_notices && m->license == NULL; i++)
    if (f->notices[i].kind == AC_NOTICE_RIGHTS_RESERVED)
      m->license = "all-rights-reserved";
  if (m->license == NULL && f->n_copyrights > 0)
    m->license = "all-rights-reserved";    /* a bare © without a license grants nothing */
  m->date = signal_value(f, dates, AC_COUNT(dates));
  m->authors = join_authors(f);
}

/* Run a one-shot write statement with one or two integer parameters. */
static int exec_id(ac_index *ix, ac_index_stmt which, int64_t a, int64_t b, ac_error *err)
{
  sqlite3_stmt *st;
  int rc = ac_index__stmt(ix, which, &st, err);

  if (rc < 0)
    return rc;
  sqlite3_bind_int64(st, 1, a);
  if (sqlite3_bind_parameter_count(st) > 1)
    sqlite3_bind_int64(st, 2, b);
  if (sqlite3_step(st) != SQLITE_DONE)
    return ac_index__db_error(ix, err, "removing an original");
  return AC_OK;
}

/* Inside a transaction: delete a merged original's rows of `postings`, found from its hash list. */
static int delete_merged(ac_index *ix, int64_t id, ac_error *err)
{
  sqlite3_stmt *st;
  int32_t *hashes = NULL;
  size_t n = 0;
  int rc = ac_index__stmt(ix, ST_GET_HASHES, &st, err);

  if (rc < 0)
    return rc;
  sqlite3_bind_int64(st, 1, id);
  rc = sqlite3_step(st);
  if (rc == SQLITE_TOOBIG)
    return ac_index__over_ceiling(ix, err, id, "hash list", 0, 4 * AC_INDEX_MAX_POSTINGS);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return ac_index__db_error(ix, err, "reading an original's hashes");
  if (rc == SQLITE_ROW) {
    n = (size_t)sqlite3_column_bytes(st, 0) / 4;
    if (n > AC_INDEX_MAX_POSTINGS)
      return ac_index__over_ceiling(ix, err, id, "postings", n, AC_INDEX_MAX_POSTINGS);
    hashes = ac_index__unpack(sqlite3_column_blob(st, 0), n * 4);
    if (hashes == NULL)
      return ac_error_set_file(err, AC_ENOMEM, ix->path, 0, 0, "out of memory");
  }
  rc = AC_OK;
  for (size_t i = 0; rc == 0 && i < n; i++) {
    rc = ac_index__stmt(ix, ST_DELETE_POSTING, &st, err);
    if (rc < 0)
      break;
    sqlite3_bind_int(st, 1, hashes[i]);
    sqlite3_bind_int64(st, 2, id);
    if (sqlite3_step(st) != SQLITE_DONE)
      rc = ac_index__db_error(ix, err, "removing postings");
  }
  free(hashes);
  return rc;
}

/* Inside a transaction: drop an original, its text and its postings (fresh or merged). */
static int remove_locked(ac_index *ix, int64_t id, int64_t site_id, ac_error *err)
{
  bool fresh = false;
  int rc = ac_index__fresh_delete(ix, id, &fresh, err);

  if (rc == 0 && !fresh)
    rc = delete_merged(ix, id, err);
  if (rc == 0)
    rc = exec_id(ix, ST_DELETE_TEXT, id, 0, err);
  if (rc == 0)
    rc = exec_id(ix, ST_DELETE_ORIG, id, 0, err);
  if (rc == 0)
    rc = exec_id(ix, ST_SITE_ADJUST, -1, site_id, err);
  return rc;
}

/* 1 with id, digest and site when the URL is present, 0 when absent. */
static int find_url(ac_index *ix, const char *url, int64_t *id, char *digest, size_t size,
                    int64_t *site_id, ac_error *err)
{
  sqlite3_stmt *st;
  int rc = ac_index__stmt(ix, ST_FIND_URL, &st, err);

  if (rc < 0)
    return rc;
  sqlite3_bind_text(st, 1, url, -1, SQLITE_STATIC);
  rc = sqlite3_step(st);
  if (rc == SQLITE_DONE)
    return 0;
  if (rc != SQLITE_ROW)
    return ac_index__db_error(ix, err, "looking up a URL");
  *id = sqlite3_column_int64(st, 0);
  /* A damaged file may hold a NULL digest: it then never equals a new text's. */
  snprintf(digest, size, "%s",
           sqlite3_column_text(st, 1) ? (const char *)sqlite3_column_text(st, 1) : "");
  *site_id = sqlite3_column_int64(st, 2);
  return 1;
}

static void bind_meta(sqlite3_stmt *st, const char *url, const orig_meta *m)
{
  sqlite3_bind_text(st, 1, url, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, m->title, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, m->site_name, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 4, m->authors, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 5, m->license, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 6, m->holder, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 7, m->date, -1, SQLITE_STATIC);
}

typedef struct add_input {
  const char *url, *text;
  size_t len;
  const ac_fingerprint *fp;
  const ac_posting *post;   size_t n_post;
  orig_meta meta;
} add_input;

static int insert_rows(ac_index *ix, const add_input *in, int64_t *id, ac_error *err)
{
  sqlite3_stmt *st;
  int64_t site_id = 0;
  char *site = ac_index__site_of(in->url);
  int rc = ac_index__site_adjust(ix, site ? site : "", 1, &site_id, err);

  free(site);
  if (rc == 0)
    rc = ac_index__stmt(ix, ST_INSERT_ORIG, &st, err);
  if (rc < 0)
    return rc;
  bind_meta(st, in->url, &in->meta);
  sqlite3_bind_text(st, 8, in->fp->digest, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 9, (sqlite3_int64)in->fp->simhash);
  sqlite3_bind_int64(st, 10, (sqlite3_int64)in->fp->n_tokens);
  sqlite3_bind_int64(st, 11, (sqlite3_int64)in->len);
  sqlite3_bind_int64(st, 12, site_id);
  if (sqlite3_step(st) != SQLITE_DONE)
    return ac_index__db_error(ix, err, "adding an original");
  *id = sqlite3_last_insert_rowid(ix->db);
  return AC_OK;
}

static int insert_text(ac_index *ix, const add_input *in, int64_t id, ac_error *err)
{
  sqlite3_stmt *st;
  unsigned char *blob = ac_index__pack(in->post, in->n_post);
  int rc = blob ? ac_index__stmt(ix, ST_PUT_TEXT, &st, err)
                : ac_error_set_file(err, AC_ENOMEM, ix->path, 0, 0, "out of memory");

  if (rc == 0) {
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_blob(st, 2, in->text, (int)in->len, SQLITE_STATIC);
    sqlite3_bind_blob(st, 3, blob, (int)(in->n_post * 4), SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
      rc = ac_index__db_error(ix, err, "adding an original's text");
    sqlite3_reset(st);                    /* unbind before the blob goes */
  }
  /* Postings wait in `fresh` until a merge inserts many originals' at once, in hash order. */
  if (rc == 0)
    rc = ac_index__fresh_put(ix, id, in->post, in->n_post, blob, err);
  free(blob);
  return rc;
}

/* The transaction: no-op, replace or add. */
static int add_locked(ac_index *ix, const add_input *in, ac_add_result *result, ac_error *err)
{
  char digest[96] = "";
  int64_t id = 0, site_id = 0;
  int rc = find_url(ix, in->url, &id, digest, sizeof digest, &site_id, err);

  if (rc < 0)
    return rc;
  *result = AC_ADDED;
  if (rc == 1) {
    if (strcmp(digest, in->fp->digest) == 0) {
      *result = AC_UNCHANGED;
      return AC_OK;
    }
    *result = AC_REPLACED;
    rc = remove_locked(ix, id, site_id, err);
    if (rc < 0)
      return rc;
  }
  rc = insert_rows(ix, in, &id, err);
  if (rc == 0)
    rc = insert_text(ix, in, id, err);
  return rc;
}

/*
 * One write: its own BEGIN IMMEDIATE transaction, or a savepoint inside the
 * caller's batch (ac_index_begin), so a failed page undoes only itself.
 */
static int write_begin(ac_index *ix, ac_error *err)
{
  ix->fresh_loaded = false;              /* our own writes do not change data_version */
  ac_index__release(ix);
  /* After SQLite rolled the batch back, a SAVEPOINT would open a transaction
   * of its own and RELEASE would commit it: later adds would be kept while
   * the batch reports that none were. */
  if (ix->in_batch && (ix->batch_lost || sqlite3_get_autocommit(ix->db)))
    return ac_error_set_file(err, AC_EDB, ix->path, 0, 0,
                             "the batch was rolled back; nothing more is added");
  return ac_index__exec(ix, ix->in_batch ? "SAVEPOINT ac_write" : "BEGIN IMMEDIATE", err);
}

static int write_end(ac_index *ix, int rc, ac_error *err)
{
  ac_index__release(ix);
  if (rc == 0 && !ix->in_batch)
    rc = ac_index__merge_if_due(ix, err);
  if (rc == 0)
    return ac_index__exec(ix, ix->in_batch ? "RELEASE ac_write" : "COMMIT", err);
  if (!ix->in_batch) {
    sqlite3_exec(ix->db, "ROLLBACK", NULL, NULL, NULL);
  } else if (sqlite3_get_autocommit(ix->db)) {
    ix->batch_lost = true;                /* SQLite rolled the whole batch back (I/O error) */
  } else {
    sqlite3_exec(ix->db, "ROLLBACK TO ac_write; RELEASE ac_write", NULL, NULL, NULL);
  }
  return rc;
}

static int transact(ac_index *ix, const add_input *in, ac_add_result *result, ac_error *err)
{
  int rc = write_begin(ix, err);

  if (rc < 0)
    return rc;
  return write_end(ix, add_locked(ix, in, result, err), err);
}

int ac_index_begin(ac_index *index, ac_error *err)
{
  int rc;

  if (index->in_batch)
    return ac_error_set_file(err, AC_EINVALID, index->path, 0, 0, "a batch is already open");
  ac_index__release(index);
  rc = ac_index__exec(index, "BEGIN IMMEDIATE", err);
  index->in_batch = rc == 0;
  index->batch_lost = false;
  return rc;
}

int ac_index_commit(ac_index *index, ac_error *err)
{
  int rc;

  index->fresh_loaded = false;
  if (!index->in_batch)
    return AC_OK;
  index->in_batch = false;
  ac_index__release(index);
  if (index->batch_lost || sqlite3_get_autocommit(index->db))
    return ac_error_set_file(err, AC_EDB, index->path, 0, 0,
                             "the batch was rolled back after an earlier error");
  /* The merge shares the batch's transaction: a failed or killed merge undoes the batch too,
     which was never reported as added. */
  rc = ac_index__merge_if_due(index, err);
  if (rc == 0)
    rc = ac_index__exec(index, "COMMIT", err);
  if (rc < 0)
    sqlite3_exec(index->db, "ROLLBACK", NULL, NULL, NULL);
  return rc;
}

void ac_index_rollback(ac_index *index)
{
  index->fresh_loaded = false;
  if (index->in_batch && !sqlite3_get_autocommit(index->db))
    sqlite3_exec(index->db, "ROLLBACK", NULL, NULL, NULL);
  index->in_batch = false;
}

int ac_index_add(ac_index *index, const ac_page *page, const char *url, ac_add_result *result,
                 ac_error *err)
{
  const ac_facts *facts = ac_page_facts(page);
  const ac_fingerprint *pfp = ac_page_fp(page);
  ac_fingerprint *own = NULL;
  add_input in = {0};
  int rc = AC_OK;

  if (!(index->flags & AC_INDEX_WRITE))
    return ac_error_set_file(err, AC_EINVALID, index->path, 0, 0, "index opened read-only");
  if (facts == NULL || facts->main_text == NULL || facts->main_len == 0)
    return ac_error_set_file(err, AC_EINVALID, ac_page_path(page), 0, 0, "no main text to index");
  if (url == NULL || *url == '\0')
    return ac_error_set_file(err, AC_EINVALID, ac_page_path(page), 0, 0,
                             "no URL for the original: it has no rel=canonical or og:url "
                             "(give one with --url URL, or --base-url URL for a directory)");
  /* Readers refuse an original over the ceilings: never store one. */
  if (facts->main_len > AC_INDEX_MAX_TEXT)
    return ac_error_set_file(err, AC_ELIMIT, ac_page_path(page), 0, 0,
                             "its text (%zu bytes) is over the index's ceiling "
                             "of %zu bytes per original",
                             facts->main_len, AC_INDEX_MAX_TEXT);
  if (pfp == NULL || pfp->params.k != index->params.k || pfp->params.w != index->params.w)
    rc = ac_index__fingerprint_text(index, facts->main_text, facts->main_len, &own, err);
  in.fp = own ? own : pfp;
  in.url = url;
  in.text = facts->main_text;
  in.len = facts->main_len;
  if (rc == 0)
    rc = ac_index__coarse(in.fp, index->window, (ac_posting **)&in.post, &in.n_post);
  if (rc == 0 && in.n_post > AC_INDEX_MAX_POSTINGS)
    rc = ac_error_set_file(err, AC_ELIMIT, ac_page_path(page), 0, 0,
                           "its %zu postings are over the index's ceiling of "
                           "%zu per original",
                           in.n_post, AC_INDEX_MAX_POSTINGS);
  if (rc == 0) {
    meta_from_facts(facts, &in.meta);
    rc = transact(index, &in, result, err);
  }
  if (rc == AC_ENOMEM)
    ac_error_set_file(err, rc, index->path, 0, 0, "out of memory");
  free(in.meta.authors);
  free((void *)in.post);
  ac_fp_free(own);
  return rc;
}

int ac_index_remove(ac_index *index, const char *url, ac_error *err)
{
  char digest[96];
  int64_t id = 0, site_id = 0;
  int rc = write_begin(index, err);

  if (rc < 0)
    return rc;
  rc = find_url(index, url, &id, digest, sizeof digest, &site_id, err);
  if (rc == 0)
    rc = ac_error_set_file(err, AC_ENOTFOUND, index->path, 0, 0, "no original with URL %s", url);
  else if (rc == 1)
    rc = remove_locked(index, id, site_id, err);
  return write_end(index, rc, err);
}
