/*
 * The index file: telling ours from anything else before any write, creating
 * it, and migrating older schemas. PRAGMA user_version is the schema version;
 * PRAGMA application_id marks the file as an attrcheck index.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "index.h"

/* Version 1: what the first attrcheck wrote. Kept to create test files and to document history. */
static const char schema_v1[] =
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value) WITHOUT ROWID;"
    "CREATE TABLE originals(id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE, title TEXT,"
    " site_name TEXT, authors TEXT, license TEXT, holder TEXT, date TEXT,"
    " digest TEXT NOT NULL, simhash INTEGER, tokens INTEGER, text_len INTEGER,"
    " added_at TEXT NOT NULL);"
    "CREATE TABLE texts(id INTEGER PRIMARY KEY, body BLOB NOT NULL, hashes BLOB NOT NULL);"
    "CREATE TABLE postings(h INTEGER NOT NULL, oid INTEGER NOT NULL, pos INTEGER NOT NULL,"
    " PRIMARY KEY(h, oid)) WITHOUT ROWID;";

/* Version 2 adds sites, so that one site's boilerplate is told from copied text. */
static const char migrate_v2[] =
    "CREATE TABLE sites(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
    " n INTEGER NOT NULL DEFAULT 0);"
    "ALTER TABLE originals ADD COLUMN site_id INTEGER REFERENCES sites(id);"
    "CREATE INDEX originals_site ON originals(site_id);";

/* Version 3 adds fresh postings, appended per original and merged into postings in batches. */
static const char migrate_v3[] =
    "CREATE TABLE fresh(oid INTEGER PRIMARY KEY, hashes BLOB NOT NULL, pos BLOB NOT NULL);";

static int pragma_int(ac_index *ix, const char *sql, int64_t *out, ac_error *err)
{
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_prepare_v2(ix->db, sql, -1, &st, NULL);

  if (rc == SQLITE_OK)
    rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    *out = sqlite3_column_int64(st, 0);
    rc = SQLITE_OK;
  }
  sqlite3_finalize(st);
  if (rc == SQLITE_NOTADB)
    return ac_error_set_file(err, AC_EINVALID, ix->path, 0, 0,
                             "not an attrcheck index (not a SQLite database)");
  if (rc != SQLITE_OK && rc != SQLITE_DONE)
    return ac_index__db_error(ix, err, "reading the file header");
  return AC_OK;
}

static int meta_put(ac_index *ix, const char *key, int64_t value, ac_error *err)
{
  char sql[160];

  snprintf(sql, sizeof sql, "INSERT OR REPLACE INTO meta VALUES('%s', %lld)", key,
           (long long)value);
  return ac_index__exec(ix, sql, err);
}

static int write_header(ac_index *ix, int version, ac_error *err)
{
  char sql[96];
  int rc;

  snprintf(sql, sizeof sql, "PRAGMA application_id=%d; PRAGMA user_version=%d",
           AC_INDEX_APP_ID, version);
  rc = ac_index__exec(ix, sql, err);
  if (rc == 0)
    rc = ac_index__exec(ix, "INSERT OR REPLACE INTO meta VALUES('format','attrcheck-index')",
                        err);
  if (rc == 0)
    rc = meta_put(ix, "k", AC_FP_DEFAULT_K, err);
  if (rc == 0)
    rc = meta_put(ix, "w", AC_FP_DEFAULT_W, err);
  if (rc == 0)
    rc = meta_put(ix, "window", AC_INDEX_DEFAULT_WINDOW, err);
  return rc;
}

/* v1 → v2: sites from each original's URL. */
static int migrate_to_v2(ac_index *ix, ac_error *err)
{
  sqlite3_stmt *sel = NULL, *upd = NULL;
  int rc = ac_index__exec(ix, migrate_v2, err);

  if (rc < 0)
    return rc;
  if (sqlite3_prepare_v2(ix->db, "SELECT id, url FROM originals", -1, &sel, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(ix->db, "UPDATE originals SET site_id=? WHERE id=?", -1, &upd, NULL) !=
          SQLITE_OK)
    rc = ac_index__db_error(ix, err, "migrating to schema 2");
  while (rc == 0 && sqlite3_step(sel) == SQLITE_ROW) {
    char *site = ac_index__site_of((const char *)sqlite3_column_text(sel, 1));
    int64_t site_id = 0;

    rc = ac_index__site_adjust(ix, site ? site : "", 1, &site_id, err);
    free(site);
    sqlite3_reset(upd);
    sqlite3_bind_int64(upd, 1, site_id);
    sqlite3_bind_int64(upd, 2, sqlite3_column_int64(sel, 0));
    if (rc == 0 && sqlite3_step(upd) != SQLITE_DONE)
      rc = ac_index__db_error(ix, err, "migrating to schema 2");
  }
  sqlite3_finalize(sel);
  sqlite3_finalize(upd);
  if (rc == 0)
    rc = meta_put(ix, "common_df", AC_INDEX_DEFAULT_COMMON_DF, err);
  if (rc == 0)
    rc = ac_index__exec(ix, "PRAGMA user_version=2", err);
  return rc;
}

/* v2 → v3: the postings already stored stay merged; fresh starts empty. */
static int migrate_to_v3(ac_index *ix, ac_error *err)
{
  int rc = ac_index__exec(ix, migrate_v3, err);

  if (rc == 0)
    rc = meta_put(ix, "merge_at", AC_INDEX_DEFAULT_MERGE_AT, err);
  if (rc == 0)
    rc = ac_index__exec(ix, "PRAGMA user_version=3", err);
  return rc;
}

/* Inside BEGIN IMMEDIATE: another process may have created or migrated it meanwhile. */
static int create_or_migrate(ac_index *ix, ac_error *err)
{
  int64_t app = 0, version = 0, tables = 0;
  int rc = pragma_int(ix, "PRAGMA application_id", &app, err);

  if (rc == 0)
    rc = pragma_int(ix, "PRAGMA user_version", &version, err);
  if (rc == 0)
    rc = pragma_int(ix, "SELECT count(*) FROM sqlite_master", &tables, err);
  if (rc < 0)
    return rc;
  if (app == 0 && tables == 0 && version == 0) {
    rc = ac_index__exec(ix, schema_v1, err);
    if (rc == 0)
      rc = write_header(ix, 1, err);
    version = 1;
  } else if (app != AC_INDEX_APP_ID) {
    return ac_error_set_file(err, AC_EINVALID, ix->path, 0, 0, "not an attrcheck index");
  }
  if (rc == 0 && version < 2)
    rc = migrate_to_v2(ix, err);
  if (rc == 0 && version < 3)
    rc = migrate_to_v3(ix, err);
  return rc;
}

/*
 * WAL is a property of the file: set once, after the schema exists. The
 * switch needs the file to itself, and SQLite answers SQLITE_BUSY at once,
 * without its busy handler, while another process that just created the
 * schema too still holds it: so wait here, as the busy timeout would.
 */
static int set_wal(ac_index *ix, ac_error *err)
{
  for (int waited = 0;; waited += 10) {
    int rc = sqlite3_exec(ix->db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
    if (rc == SQLITE_OK)
      return AC_OK;
    if ((rc & 0xff) != SQLITE_BUSY || waited >= AC_INDEX_BUSY_MS)
      return ac_index__db_error(ix, err, "PRAGMA journal_mode=WAL");
    sqlite3_sleep(10);
  }
}

static int upgrade(ac_index *ix, bool empty, ac_error *err)
{
  /* Small pages: texts spill into overflow pages with little slack (docs/index.md).
     Only an empty file takes it, and only outside a transaction. */
  int rc = empty ? ac_index__exec(ix, "PRAGMA page_size=" AC_STR(AC_INDEX_PAGE_SIZE), err) : 0;

  if (rc == 0)
    rc = ac_index__exec(ix, "BEGIN IMMEDIATE", err);

  if (rc < 0)
    return rc;
  rc = create_or_migrate(ix, err);
  if (rc == 0)
    rc = ac_index__exec(ix, "COMMIT", err);
  if (rc < 0) {
    sqlite3_exec(ix->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
  }
  return set_wal(ix, err);
}

static int read_params(ac_index *ix, ac_error *err)
{
  static const char *const keys[] = {"k", "w", "window", "common_df", "merge_at"};
  unsigned *dst[] = {&ix->params.k, &ix->params.w, &ix->window, &ix->common_df, &ix->merge_at};

  for (size_t i = 0; i < AC_COUNT(keys); i++) {
    char sql[96];
    int64_t v = 0;
    int rc;

    snprintf(sql, sizeof sql, "SELECT value FROM meta WHERE key='%s'", keys[i]);
    rc = pragma_int(ix, sql, &v, err);
    if (rc < 0)
      return rc;
    if (v <= 0 || v > (i == 4 ? 1000000 : 1000))
      return ac_error_set_file(err, AC_EDB, ix->path, 0, 0, "damaged index: meta '%s' is %lld",
                               keys[i], (long long)v);
    *dst[i] = (unsigned)v;
  }
  return AC_OK;
}

/* The schema of `version` (0: none) exactly as attrcheck creates it, in a database in memory. */
static sqlite3 *reference_schema(int64_t version)
{
  sqlite3 *db = NULL;
  int rc = sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY |
                                               SQLITE_OPEN_NOMUTEX, NULL);

  if (rc == SQLITE_OK && version >= 1)
    rc = sqlite3_exec(db, schema_v1, NULL, NULL, NULL);
  if (rc == SQLITE_OK && version >= 2)
    rc = sqlite3_exec(db, migrate_v2, NULL, NULL, NULL);
  if (rc == SQLITE_OK && version >= 3)
    rc = sqlite3_exec(db, migrate_v3, NULL, NULL, NULL);
  if (rc != SQLITE_OK) {
    sqlite3_close(db);
    return NULL;
  }
  return db;
}

static const char schema_sql[] =
    "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name";

/* The type and name of the object in a row of schema_sql, printable (it comes from the file). */
static void object_name(sqlite3_stmt *st, char *buf, size_t size)
{
  const unsigned char *type = sqlite3_column_text(st, 0), *name = sqlite3_column_text(st, 1);
  size_t n = (size_t)snprintf(buf, size, "%.16s '", type ? (const char *)type : "object");

  for (size_t i = 0; name != NULL && name[i] != '\0' && i < 64 && n + 2 < size; i++)
    buf[n++] = name[i] > 0x20 && name[i] < 0x7f && name[i] != '\'' ? (char)name[i] : '?';
  snprintf(buf + n, size - n, "'");
}

static int column_cmp(sqlite3_stmt *a, sqlite3_stmt *b, int i)
{
  const unsigned char *x = sqlite3_column_text(a, i), *y = sqlite3_column_text(b, i);

  if (x == NULL || y == NULL)
    return (x != NULL) - (y != NULL);
  return strcmp((const char *)x, (const char *)y);
}

/* Order of the rows' (type, name), as schema_sql sorts them (BINARY collation). */
static int object_cmp(sqlite3_stmt *file, sqlite3_stmt *ref)
{
  int c = column_cmp(file, ref, 0);

  return c != 0 ? c : column_cmp(file, ref, 1);
}

/* Walk the file's objects and the reference's side by side, in (type, name) order. */
static int compare_objects(ac_index *ix, sqlite3_stmt *file, sqlite3_stmt *ref, ac_error *err)
{
  int f = sqlite3_step(file), r = sqlite3_step(ref);

  for (;; f = sqlite3_step(file), r = sqlite3_step(ref)) {
    char name[96];
    int order;

    if (f != SQLITE_ROW && f != SQLITE_DONE)
      return ac_index__db_error(ix, err, "reading the schema");
    if (f == SQLITE_DONE && r == SQLITE_DONE)
      return AC_OK;
    order = f == SQLITE_DONE ? 1 : r == SQLITE_DONE ? -1 : object_cmp(file, ref);
    object_name(order > 0 ? ref : file, name, sizeof name);
    if (order > 0)
      return ac_error_set_file(err, AC_EINVALID, ix->path, 0, 0, "not an attrcheck index: no %s",
                               name);
    if (order < 0)
      return ac_error_set_file(err, AC_EINVALID, ix->path, 0, 0,
                               "not an attrcheck index: it holds %s, which "
                               "attrcheck never creates",
                               name);
    if (column_cmp(file, ref, 2) != 0 || column_cmp(file, ref, 3) != 0)
      return ac_error_set_file(err, AC_EINVALID, ix->path, 0, 0,
                               "not an attrcheck index: its %s is not as "
                               "attrcheck creates it",
                               name);
  }
}

/*
 * Every table, index, trigger and view of the file must be one attrcheck creates for
 * its schema version, with the same SQL: an expression index, a CHECK or a DEFAULT
 * would otherwise run someone else's SQL inside our reads and writes.
 */
static int check_schema(ac_index *ix, int64_t version, ac_error *err)
{
  sqlite3 *ref = reference_schema(version);
  sqlite3_stmt *file_st = NULL, *ref_st = NULL;
  int rc;

  if (ref == NULL)
    return ac_error_set_file(err, AC_ENOMEM, ix->path, 0, 0, "out of memory");
  if (sqlite3_prepare_v2(ix->db, schema_sql, -1, &file_st, NULL) != SQLITE_OK)
    rc = ac_index__db_error(ix, err, "reading the schema");
  else if (sqlite3_prepare_v2(ref, schema_sql, -1, &ref_st, NULL) != SQLITE_OK)
    rc = ac_error_set_file(err, AC_ENOMEM, ix->path, 0, 0, "out of memory");
  else
    rc = compare_objects(ix, file_st, ref_st, err);
  sqlite3_finalize(file_st);
  sqlite3_finalize(ref_st);
  sqlite3_close(ref);
  return rc;
}

/*
 * The header and the schema, read in one snapshot: read one by one, a file
 * another process is creating this instant could show its tables but not yet
 * its application id, and look like someone else's database.
 */
static int read_header(ac_index *ix, int64_t *app, int64_t *version, int64_t *tables,
                       ac_error *err)
{
  int rc = ac_index__exec(ix, "BEGIN", err);

  if (rc == 0)
    rc = pragma_int(ix, "PRAGMA application_id", app, err);
  if (rc == 0)
    rc = pragma_int(ix, "SELECT count(*) FROM sqlite_master", tables, err);
  if (rc == 0)
    rc = pragma_int(ix, "PRAGMA user_version", version, err);
  /* Ours by its mark, and of a version we know: then only what we create may be in it. */
  if (rc == 0 && *tables > 0 && *app == AC_INDEX_APP_ID && *version <= AC_INDEX_SCHEMA_VERSION)
    rc = check_schema(ix, *version, err);
  sqlite3_exec(ix->db, rc == 0 ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
  return rc;
}

int ac_index__prepare_schema(ac_index *ix, ac_error *err)
{
  int64_t app = 0, version = 0, tables = 0;
  int rc = read_header(ix, &app, &version, &tables, err);

  if (rc < 0)
    return rc;
  if (app != AC_INDEX_APP_ID && !(app == 0 && tables == 0 && version == 0))
    return ac_error_set_file(err, AC_EINVALID, ix->path, 0, 0, "not an attrcheck index");
  if (version > AC_INDEX_SCHEMA_VERSION)
    return ac_error_set_file(err, AC_EINVALID, ix->path, 0, 0,
                             "index schema %lld is newer than this attrcheck (%d)",
                             (long long)version, AC_INDEX_SCHEMA_VERSION);
  if (version < AC_INDEX_SCHEMA_VERSION) {
    if (!(ix->flags & AC_INDEX_WRITE))
      return ac_error_set_file(err, AC_EINVALID, ix->path, 0, 0, "%s",
                               tables == 0 ? "empty file, not an attrcheck index"
                                           : "index schema is older; open it for writing once "
                                             "(attrcheck index verify) to migrate it");
    if (tables == 0 && !(ix->flags & AC_INDEX_CREATE))
      return ac_error_set_file(err, AC_EINVALID, ix->path, 0, 0,
                               "empty file, not an attrcheck index");
    rc = upgrade(ix, tables == 0, err);
    if (rc < 0)
      return rc;
  }
  return read_params(ix, err);
}

static int legacy_hashes(ac_index *ix, const ac_posting *post, size_t n, ac_error *err)
{
  sqlite3_stmt *st = NULL;
  unsigned char *blob = ac_index__pack(post, n);
  int rc = blob ? AC_OK : AC_ENOMEM;

  if (rc == 0 && (sqlite3_prepare_v2(ix->db, "UPDATE texts SET hashes=? WHERE id=1", -1, &st,
                                     NULL) != SQLITE_OK ||
                  sqlite3_bind_blob(st, 1, blob, (int)(n * 4), SQLITE_STATIC) != SQLITE_OK ||
                  sqlite3_step(st) != SQLITE_DONE))
    rc = ac_index__db_error(ix, err, "writing a legacy index");
  sqlite3_finalize(st);
  free(blob);
  return rc;
}

static int legacy_fill(ac_index *ix, const char *url, const char *text, ac_error *err)
{
  ac_fingerprint *fp = NULL;
  ac_posting *post = NULL;
  size_t n = 0;
  char *sql = NULL;
  int rc = ac_index__fingerprint_text(ix, text, strlen(text), &fp, err);

  if (rc == 0)
    rc = ac_index__coarse(fp, ix->window, &post, &n);
  if (rc == 0) {
    sql = sqlite3_mprintf("INSERT INTO originals VALUES(1, %Q, 'Legacy', NULL, NULL, NULL,"
                          " NULL, NULL, %Q, %lld, %lld, %lld, '2024-01-01T00:00:00Z');"
                          "INSERT INTO texts VALUES(1, CAST(%Q AS BLOB), x'');",
                          url, fp->digest, (long long)fp->simhash, (long long)fp->n_tokens,
                          (long long)strlen(text), text);
    rc = sql ? ac_index__exec(ix, sql, err) : AC_ENOMEM;
  }
  if (rc == 0)
    rc = legacy_hashes(ix, post, n, err);
  for (size_t i = 0; rc == 0 && i < n; i++) {
    char row[128];

    snprintf(row, sizeof row, "INSERT OR IGNORE INTO postings VALUES(%d, 1, %u)", post[i].h,
             post[i].pos);
    rc = ac_index__exec(ix, row, err);
  }
  sqlite3_free(sql);
  free(post);
  ac_fp_free(fp);
  return rc;
}

int ac_index__create_legacy(const char *path, int version, const char *url, const char *text,
                            ac_error *err)
{
  ac_index ix = {0};
  int rc;

  if (version != 1 && version != 2)
    return ac_error_set_file(err, AC_EINVALID, path, 0, 0, "no legacy schema %d", version);
  ix.path = (char *)path;
  ix.params = (ac_fp_params)AC_FP_PARAMS_INIT;
  ix.window = AC_INDEX_DEFAULT_WINDOW;
  if (sqlite3_open_v2(path, &ix.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                                        0, NULL) != SQLITE_OK)
    rc = ac_index__db_error(&ix, err, "creating");
  else
    rc = ac_index__exec(&ix, schema_v1, err);
  if (rc == 0)
    rc = write_header(&ix, 1, err);
  if (rc == 0 && url != NULL)
    rc = legacy_fill(&ix, url, text, err);
  if (rc == 0 && version == 2)
    rc = migrate_to_v2(&ix, err);
  for (size_t i = 0; i < ST_COUNT; i++)
    sqlite3_finalize(ix.stmts[i]);
  sqlite3_close(ix.db);
  return rc;
}
