/*
 * The index of originals: opening and closing a connection (db.c wraps SQLite
 * statements and errors), and adding or removing originals. Each write is one
 * BEGIN IMMEDIATE transaction, so parallel writers queue on the busy timeout instead of
 * failing half-way, and a process killed mid-write loses only that write.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <libgen.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "index.h"

#include "attrcheck/facts.h"
#include "attrcheck/url.h"

/* True when the user may create files in the folder holding `path` (SQLite's -wal, -shm). */
static bool folder_writable(const char *path)
{
  char *copy = strdup(path);
  bool ok = copy != NULL && access(dirname(copy), W_OK) == 0;

  free(copy);
  return ok;
}

/*
 * "file:PATH?immutable=1": in a folder nobody can write, no writer can be
 * at work (it could not create the -wal), and SQLite, told so, reads the
 * file without the -shm it could not create either.
 */
static int open_immutable(ac_index *ix)
{
  size_t n = strlen(ix->path);
  char *uri = malloc(3 * n + 32), *o = uri;
  int rc;

  if (uri == NULL)
    return SQLITE_NOMEM;
  o += sprintf(o, "file:");
  for (const char *p = ix->path; *p != '\0'; p++)
    o += strchr("%?#", *p) ? sprintf(o, "%%%02X", (unsigned char)*p) : sprintf(o, "%c", *p);
  sprintf(o, "?immutable=1");
  rc = sqlite3_open_v2(uri, &ix->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
                       NULL);
  free(uri);
  return rc;
}

static bool wal_exists(const char *path)
{
  char *wal = malloc(strlen(path) + 5);
  bool there;

  if (wal == NULL)
    return true;
  sprintf(wal, "%s-wal", path);
  there = access(wal, F_OK) == 0;
  free(wal);
  return there;
}

/*
 * A reader opens read-write when it may, with query_only set so it never
 * writes: SQLite then removes the -wal and -shm files when the last
 * connection closes, instead of leaving them beside the index (in a content
 * repository's `git status`). In a folder it may not write it reads the file
 * as immutable; a read-only file in a writable folder is opened read-only.
 */
static int open_connection(ac_index *ix)
{
  bool writer = (ix->flags & AC_INDEX_WRITE) != 0;
  int oflags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  bool dir_ro = !writer && !folder_writable(ix->path);

  if (writer && (ix->flags & AC_INDEX_CREATE))
    oflags |= SQLITE_OPEN_CREATE;
  if (!writer && dir_ro && !wal_exists(ix->path) && access(ix->path, R_OK) == 0)
    return open_immutable(ix);
  if (!writer && (dir_ro || access(ix->path, W_OK) != 0))
    oflags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX;
  return sqlite3_open_v2(ix->path, &ix->db, oflags, NULL);
}

/*
 * No value, row, statement or schema entry of the file may be larger than attrcheck
 * ever writes (a row of `texts` holds a text and its hashes): SQLite then refuses it
 * (SQLITE_TOOBIG) instead of allocating it. A heap limit would be process-wide
 * (sqlite3_hard_heap_limit64), not a library's to set.
 */
static void limit_connection(sqlite3 *db)
{
  sqlite3_limit(db, SQLITE_LIMIT_LENGTH, AC_INDEX_MAX_ROW);
  sqlite3_limit(db, SQLITE_LIMIT_SQL_LENGTH, 100000);
  sqlite3_limit(db, SQLITE_LIMIT_COLUMN, 100);
  sqlite3_limit(db, SQLITE_LIMIT_EXPR_DEPTH, 100);
  sqlite3_limit(db, SQLITE_LIMIT_COMPOUND_SELECT, 10);
  sqlite3_limit(db, SQLITE_LIMIT_FUNCTION_ARG, 8);
  sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0);
  sqlite3_limit(db, SQLITE_LIMIT_LIKE_PATTERN_LENGTH, 100);
  sqlite3_limit(db, SQLITE_LIMIT_TRIGGER_DEPTH, 1);
  sqlite3_limit(db, SQLITE_LIMIT_WORKER_THREADS, 0);
}

static int open_db(ac_index *ix, ac_error *err)
{
  if (open_connection(ix) != SQLITE_OK)
    return ac_index__db_error(ix, err, "cannot open");
  sqlite3_extended_result_codes(ix->db, 1);
  sqlite3_busy_timeout(ix->db, AC_INDEX_BUSY_MS);
  /* An index file is untrusted input: no views, triggers or schema tricks may run our
     queries into someone else's SQL (a recursive view over `meta` would never end). */
  sqlite3_db_config(ix->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
  sqlite3_db_config(ix->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
  sqlite3_db_config(ix->db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
  sqlite3_db_config(ix->db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, NULL);
  limit_connection(ix->db);
  /* SQLite silently opens a write-protected file read-only; say so before any write. */
  if ((ix->flags & AC_INDEX_WRITE) && sqlite3_db_readonly(ix->db, "main") == 1)
    return ac_error_set_file(err, AC_EIO, ix->path, 0, 0, "read-only file: cannot write the index");
  /* SQLite's advice for files from elsewhere: check each cell's size, never map the file. */
  int rc = ac_index__exec(ix, "PRAGMA cell_size_check=ON; PRAGMA mmap_size=0", err);

  if (rc < 0)
    return rc;
  return ac_index__exec(ix, (ix->flags & AC_INDEX_WRITE)
                                ? "PRAGMA synchronous=FULL; PRAGMA cache_size=-65536;"
                                  /* a merge grows the WAL to ~100 MB: give it back after */
                                  " PRAGMA journal_size_limit=67108864"
                                : "PRAGMA cache_size=-16384; PRAGMA query_only=1",
                        err);
}

int ac_index_open(ac_index **out, const char *path, int flags, ac_error *err)
{
  ac_index *ix = calloc(1, sizeof *ix);
  int rc;

  *out = NULL;
  if (ix != NULL)
    ix->path = strdup(path);
  if (ix == NULL || ix->path == NULL) {
    free(ix);
    return ac_error_set_file(err, AC_ENOMEM, path, 0, 0, "out of memory");
  }
  ix->flags = flags;
  ix->merge_postings = AC_INDEX_MERGE_POSTINGS;
  rc = open_db(ix, err);
  if (rc == 0)
    rc = ac_index__prepare_schema(ix, err);
  if (rc < 0) {
    ac_index_close(ix);
    return rc;
  }
  *out = ix;
  return AC_OK;
}

void ac_index_close(ac_index *index)
{
  if (index == NULL)
    return;
  ac_index_rollback(index);
  for (size_t i = 0; i < ST_COUNT; i++)
    sqlite3_finalize(index->stmts[i]);
  sqlite3_close(index->db);
  free(index->fresh);
  free(index->fresh_oids);
  free(index->path);
  free(index);
}
