/*
 * SQLite wrapping shared by the files of src/index: the statement cache, exec,
 * error messages (disk full, read-only, size limit, busy), ceilings and site
 * counts. A helper file: it calls nothing else in the folder.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "index.h"

#include "attrcheck/facts.h"
#include "attrcheck/url.h"

static const char *const stmt_sql[ST_COUNT] = {
    [ST_FIND_URL] = "SELECT id, digest, site_id FROM originals WHERE url=?",
    [ST_INSERT_ORIG] =
        "INSERT INTO originals(url, title, site_name, authors, license, holder, date, digest,"
        " simhash, tokens, text_len, added_at, site_id)"
        " VALUES(?,?,?,?,?,?,?,?,?,?,?,strftime('%Y-%m-%dT%H:%M:%SZ','now'),?)",
    [ST_DELETE_ORIG] = "DELETE FROM originals WHERE id=?",
    [ST_PUT_TEXT] = "INSERT INTO texts(id, body, hashes) VALUES(?,?,?)",
    [ST_GET_HASHES] = "SELECT hashes FROM texts WHERE id=?",
    [ST_DELETE_TEXT] = "DELETE FROM texts WHERE id=?",
    [ST_PUT_POSTING] = "INSERT OR IGNORE INTO postings(h, oid, pos) VALUES(?,?,?)",
    [ST_DELETE_POSTING] = "DELETE FROM postings WHERE h=? AND oid=?",
    [ST_LOOKUP] = "SELECT oid FROM postings WHERE h=? LIMIT ?",
    [ST_SITE_FIND] = "SELECT id FROM sites WHERE name=?",
    [ST_SITE_INSERT] = "INSERT INTO sites(name, n) VALUES(?, 0)",
    [ST_SITE_ADJUST] = "UPDATE sites SET n = n + ? WHERE id=?",
    [ST_ORIG_SITE] = "SELECT o.site_id, s.n FROM originals o LEFT JOIN sites s ON s.id=o.site_id"
                     " WHERE o.id=?",
    [ST_ORIG_META] = "SELECT o.url, o.title, o.site_name, o.license, o.holder, t.body"
                     " FROM originals o JOIN texts t ON t.id=o.id WHERE o.id=?",
    [ST_LIST] = "SELECT url, title, site_name, authors, license, holder, date, digest, simhash,"
                " tokens, added_at FROM originals ORDER BY url",
    [ST_PUT_FRESH] = "INSERT INTO fresh(oid, hashes, pos) VALUES(?,?,?)",
    [ST_DELETE_FRESH] = "DELETE FROM fresh WHERE oid=?",
    [ST_FRESH_ALL] = "SELECT oid, hashes, pos FROM fresh",
    [ST_FRESH_SCAN] = "SELECT oid, hashes FROM fresh",
    [ST_FRESH_COUNT] = "SELECT count(*), coalesce(sum(length(hashes)), 0) / 4 FROM fresh",
    [ST_DATA_VERSION] = "PRAGMA data_version",
};

/* The soft RLIMIT_FSIZE in bytes; 0 when there is none. */
static uint64_t size_limit(void)
{
  struct rlimit rl;

  if (getrlimit(RLIMIT_FSIZE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
    return 0;
  return (uint64_t)rl.rlim_cur;
}

/*
 * A write SQLite calls "disk I/O error" is EFBIG when the index or its -wal has
 * reached `ulimit -f` (SIGXFSZ ignored); SQLite keeps no errno for it.
 */
static bool over_size_limit(const char *path)
{
  uint64_t limit = size_limit();
  char wal[4096];
  struct stat st;

  if (limit == 0)
    return false;
  snprintf(wal, sizeof wal, "%s-wal", path);
  return (stat(path, &st) == 0 && (uint64_t)st.st_size + 65536 >= limit) ||
         (stat(wal, &st) == 0 && (uint64_t)st.st_size + 65536 >= limit);
}

int ac_index__db_error(ac_index *ix, ac_error *err, const char *what)
{
  int ext = sqlite3_extended_errcode(ix->db);
  const char *msg = ix->db ? sqlite3_errmsg(ix->db) : "out of memory";

  switch (ext & 0xff) {
  case SQLITE_FULL:
    return ac_error_set_file(err, AC_EIO, ix->path, 0, 0, "%s: disk full (%s)", what, msg);
  case SQLITE_READONLY:
  case SQLITE_PERM:
    return ac_error_set_file(err, AC_EIO, ix->path, 0, 0, "%s: read-only file or directory (%s)",
                             what, msg);
  case SQLITE_CANTOPEN:
  case SQLITE_IOERR:
    if (ext == SQLITE_IOERR_WRITE && over_size_limit(ix->path))
      return ac_error_set_file(err, AC_EIO, ix->path, 0, 0,
                               "%s: the file size limit (ulimit -f, %llu bytes) "
                               "was reached",
                               what, (unsigned long long)size_limit());
    return ac_error_set_file(err, AC_EIO, ix->path, 0, 0, "%s: %s", what, msg);
  case SQLITE_NOMEM:
    return ac_error_set_file(err, AC_ENOMEM, ix->path, 0, 0, "%s: out of memory", what);
  case SQLITE_NOTADB:
    return ac_error_set_file(err, AC_EINVALID, ix->path, 0, 0, "not an attrcheck index (%s)", msg);
  case SQLITE_BUSY:
  case SQLITE_LOCKED:
    return ac_error_set_file(err, AC_EDB, ix->path, 0, 0,
                             "%s: still locked by another process after %d s", what,
                             AC_INDEX_BUSY_MS / 1000);
  default:
    return ac_error_set_file(err, AC_EDB, ix->path, 0, 0, "%s: %s", what, msg);
  }
}

/* The URL of original `id` into buf, made printable (it comes from the file); else "#id". */
static void original_name(ac_index *ix, int64_t id, char *buf, size_t size)
{
  sqlite3_stmt *st = NULL;
  const unsigned char *url = NULL;
  size_t n = 0;

  if (sqlite3_prepare_v2(ix->db, "SELECT url FROM originals WHERE id=?", -1, &st, NULL) ==
          SQLITE_OK &&
      sqlite3_bind_int64(st, 1, id) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
    url = sqlite3_column_text(st, 0);
  for (; url != NULL && url[n] != '\0' && n + 4 < size && n < 200; n++)
    buf[n] = url[n] > 0x20 && url[n] < 0x7f ? (char)url[n] : '?';
  if (url != NULL && url[n] != '\0' && n + 4 < size)
    buf[n++] = '.', buf[n++] = '.', buf[n++] = '.';
  buf[n] = '\0';
  if (n == 0)
    snprintf(buf, size, "#%lld", (long long)id);
  sqlite3_finalize(st);
}

int ac_index__bad_original(ac_index *ix, ac_error *err, int64_t id, const char *problem)
{
  char name[256];

  original_name(ix, id, name, sizeof name);
  return ac_error_set_file(err, AC_EDB, ix->path, 0, 0,
                           "original %s: %s (a damaged or crafted index)", name, problem);
}

int ac_index__over_ceiling(ac_index *ix, ac_error *err, int64_t id, const char *what,
                           size_t size, size_t ceiling)
{
  char problem[160];

  if (size == 0)
    snprintf(problem, sizeof problem, "its %s is over the ceiling of %zu", what, ceiling);
  else
    snprintf(problem, sizeof problem, "its %s (%zu) is over the ceiling of %zu", what, size,
             ceiling);
  return ac_index__bad_original(ix, err, id, problem);
}

int ac_index__exec(ac_index *ix, const char *sql, ac_error *err)
{
  if (sqlite3_exec(ix->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return ac_index__db_error(ix, err, sql);
  return AC_OK;
}

void ac_index__release(ac_index *ix)
{
  for (size_t i = 0; i < ST_COUNT; i++)
    if (ix->stmts[i] != NULL)
      sqlite3_reset(ix->stmts[i]);
}

int ac_index__stmt(ac_index *ix, ac_index_stmt which, sqlite3_stmt **out, ac_error *err)
{
  sqlite3_stmt *st = ix->stmts[which];

  *out = NULL;
  if (st != NULL) {
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    *out = st;
    return AC_OK;
  }
  if (sqlite3_prepare_v3(ix->db, stmt_sql[which], -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) !=
      SQLITE_OK)
    return ac_index__db_error(ix, err, "preparing a statement");
  ix->stmts[which] = st;
  *out = st;
  return AC_OK;
}

char *ac_index__site_of(const char *url)
{
  char buf[256];
  char *host = url ? ac_url_host(url) : NULL;
  const char *reg = host ? ac_url_registrable(host, buf, sizeof buf) : NULL;

  if (reg != NULL) {
    free(host);
    return strdup(reg);
  }
  return host;
}

int ac_index__site_adjust(ac_index *ix, const char *site, int delta, int64_t *id, ac_error *err)
{
  sqlite3_stmt *st;
  int rc = ac_index__stmt(ix, ST_SITE_FIND, &st, err);

  if (rc < 0)
    return rc;
  sqlite3_bind_text(st, 1, site, -1, SQLITE_STATIC);
  if (sqlite3_step(st) == SQLITE_ROW) {
    *id = sqlite3_column_int64(st, 0);
  } else {
    rc = ac_index__stmt(ix, ST_SITE_INSERT, &st, err);
    if (rc < 0)
      return rc;
    sqlite3_bind_text(st, 1, site, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
      return ac_index__db_error(ix, err, "adding a site");
    *id = sqlite3_last_insert_rowid(ix->db);
  }
  rc = ac_index__stmt(ix, ST_SITE_ADJUST, &st, err);
  if (rc < 0)
    return rc;
  sqlite3_bind_int(st, 1, delta);
  sqlite3_bind_int64(st, 2, *id);
  if (sqlite3_step(st) != SQLITE_DONE)
    return ac_index__db_error(ix, err, "counting a site");
  return AC_OK;
}
