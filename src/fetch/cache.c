/*
 * The fetch cache: one SQLite file (--fetch-cache), one row per requested
 * URL. Freshness follows RFC 9111 as a private cache: no-store is never kept,
 * max-age=N is fresh N seconds, no-cache (or max-age=0) is kept for its
 * validators only, and a response that says nothing is fresh for a day
 * (docs/fetch.md), so CI runs fetch each source once a day, not once a run.
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "fetch.h"

#define HEURISTIC_FRESHNESS (24 * 3600)
#define CACHE_SCHEMA_VERSION 1

struct ac_fetch__cache {
  sqlite3 *db;
  pthread_mutex_t lock;        /* one connection, shared by the workers */
};

static const char schema[] =
  "PRAGMA journal_mode=WAL;"
  "CREATE TABLE IF NOT EXISTS fetch_cache("
  "  url TEXT PRIMARY KEY, status INTEGER NOT NULL, final_url TEXT,"
  "  headers BLOB, body BLOB, etag TEXT, last_modified TEXT,"
  "  stored_at INTEGER NOT NULL, fresh_until INTEGER NOT NULL);"
  "PRAGMA user_version=1;";

static int cache_version_ok(sqlite3 *db)
{
  sqlite3_stmt *st = NULL;
  int v = -1, n = 0;

  if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW)
    v = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master WHERE name<>'fetch_cache'",
                         -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
    n = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  /* A fresh file (0), or ours: never write into someone else's database. */
  return (v == 0 && n == 0) || v == CACHE_SCHEMA_VERSION;
}

int ac_fetch__cache_open(ac_fetch__cache **out, const char *path, ac_error *err)
{
  ac_fetch__cache *c = calloc(1, sizeof *c);
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;

  *out = NULL;
  if (c == NULL)
    return ac_error_set_file(err, AC_ENOMEM, path, 0, 0, "out of memory");
  if (sqlite3_open_v2(path, &c->db, flags, NULL) != SQLITE_OK) {
    ac_error_set(err, AC_EDB, "--fetch-cache %s: %s", path, sqlite3_errmsg(c->db));
    goto fail;
  }
  sqlite3_busy_timeout(c->db, 5000);
  if (!cache_version_ok(c->db)) {
    ac_error_set(err, AC_EINVALID, "--fetch-cache %s: not an attrcheck fetch cache", path);
    goto fail;
  }
  if (sqlite3_exec(c->db, schema, NULL, NULL, NULL) != SQLITE_OK) {
    ac_error_set(err, AC_EDB, "--fetch-cache %s: %s", path, sqlite3_errmsg(c->db));
    goto fail;
  }
  pthread_mutex_init(&c->lock, NULL);
  *out = c;
  return AC_OK;
fail:
  sqlite3_close(c->db);
  free(c);
  return err->code;
}

void ac_fetch__cache_close(ac_fetch__cache *c)
{
  if (c == NULL)
    return;
  sqlite3_close(c->db);
  pthread_mutex_destroy(&c->lock);
  free(c);
}

void ac_fetch__entry_dispose(ac_fetch__entry *e)
{
  ac_fetch__response_dispose(&e->r);
  free(e->etag);
  free(e->last_modified);
  memset(e, 0, sizeof *e);
}

static char *dup_text(sqlite3_stmt *st, int col)
{
  const unsigned char *s = sqlite3_column_text(st, col);

  return s != NULL ? strdup((const char *)s) : NULL;
}

/* A BLOB as a malloc'd NUL-terminated copy; an empty one is "" (not NULL). */
static char *dup_blob(sqlite3_stmt *st, int col, size_t *len)
{
  const void *p = sqlite3_column_blob(st, col);
  char *copy;

  *len = (size_t)sqlite3_column_bytes(st, col);
  copy = malloc(*len + 1);
  if (copy == NULL)
    return NULL;
  if (*len > 0)
    memcpy(copy, p, *len);
  copy[*len] = '\0';
  return copy;
}

static int entry_read(sqlite3_stmt *st, ac_fetch__entry *e)
{
  memset(e, 0, sizeof *e);
  e->r.outcome = AC_FETCH_OK;
  e->r.status = sqlite3_column_int(st, 0);
  e->r.final_url = dup_text(st, 1);
  e->r.headers = dup_blob(st, 2, &e->r.headers_len);
  e->r.body = dup_blob(st, 3, &e->r.body_len);
  e->etag = dup_text(st, 4);
  e->last_modified = dup_text(st, 5);
  e->fresh_until = sqlite3_column_int64(st, 6);
  if (e->r.headers == NULL || e->r.body == NULL) {
    ac_fetch__entry_dispose(e);
    return 0;
  }
  return 1;
}

int ac_fetch__cache_get(ac_fetch__cache *c, const char *url, ac_fetch__entry *e)
{
  static const char sql[] = "SELECT status, final_url, headers, body, etag, last_modified, "
                            "fresh_until FROM fetch_cache WHERE url=?";
  sqlite3_stmt *st = NULL;
  int found = 0;

  pthread_mutex_lock(&c->lock);
  if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) == SQLITE_OK) {
    sqlite3_bind_text(st, 1, url, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW)
      found = entry_read(st, e);
  }
  sqlite3_finalize(st);
  pthread_mutex_unlock(&c->lock);
  return found;
}

/* Seconds of freshness from a lower-cased Cache-Control; -1: no-store (do not keep). */
static long long freshness_of(const char *cc)
{
  const char *p;
  long long max_age = HEURISTIC_FRESHNESS;

  if (strstr(cc, "no-store") != NULL)
    return -1;
  if (strstr(cc, "no-cache") != NULL)
    return 0;
  p = strstr(cc, "max-age");
  if (p != NULL && (p == cc || p[-1] == ' ' || p[-1] == ',')) {
    p += strlen("max-age");
    while (*p == ' ')
      p++;
    if (*p == '=')
      max_age = strtoll(p + 1, NULL, 10);
  }
  return max_age < 0 ? 0 : max_age;
}

static long long freshness(char *cc)
{
  if (cc == NULL)
    return HEURISTIC_FRESHNESS;
  for (char *p = cc; *p != '\0'; p++)
    if (*p >= 'A' && *p <= 'Z')
      *p = (char)(*p - 'A' + 'a');
  return freshness_of(cc);
}

/* RFC 9111 heuristically cacheable statuses; other answers are asked again. */
static bool cacheable(long status)
{
  return status == 200 || status == 203 || status == 204 || status == 300 || status == 301 ||
         status == 404 || status == 410;
}

static void delete_url(ac_fetch__cache *c, const char *url)
{
  sqlite3_stmt *st = NULL;

  if (sqlite3_prepare_v2(c->db, "DELETE FROM fetch_cache WHERE url=?", -1, &st, NULL) ==
      SQLITE_OK) {
    sqlite3_bind_text(st, 1, url, -1, SQLITE_STATIC);
    sqlite3_step(st);
  }
  sqlite3_finalize(st);
}

static void insert(ac_fetch__cache *c, const char *url, const ac_fetch__response *r,
                   long long fresh)
{
  static const char sql[] =
    "INSERT OR REPLACE INTO fetch_cache(url, status, final_url, headers, body, etag, "
    "last_modified, stored_at, fresh_until) VALUES(?,?,?,?,?,?,?,?,?)";
  char *etag = ac_fetch__header(r->headers, r->headers_len, "ETag");
  char *lm = ac_fetch__header(r->headers, r->headers_len, "Last-Modified");
  long long now = (long long)time(NULL);
  sqlite3_stmt *st = NULL;

  if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) == SQLITE_OK) {
    sqlite3_bind_text(st, 1, url, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, r->status);
    sqlite3_bind_text(st, 3, r->final_url, -1, SQLITE_STATIC);
    sqlite3_bind_blob(st, 4, r->headers ? r->headers : "", (int)r->headers_len, SQLITE_STATIC);
    sqlite3_bind_blob(st, 5, r->body ? r->body : "", (int)r->body_len, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, etag, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, lm, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 8, now);
    sqlite3_bind_int64(st, 9, now + fresh);
    sqlite3_step(st);          /* a cache that cannot be written only costs a request */
  }
  sqlite3_finalize(st);
  free(etag);
  free(lm);
}

void ac_fetch__cache_put(ac_fetch__cache *c, const char *url, const ac_fetch__response *r)
{
  char *cc = ac_fetch__header(r->headers, r->headers_len, "Cache-Control");
  long long fresh = freshness(cc);

  free(cc);
  pthread_mutex_lock(&c->lock);
  if (fresh < 0 || !cacheable(r->status))
    delete_url(c, url);
  else
    insert(c, url, r, fresh);
  pthread_mutex_unlock(&c->lock);
}
