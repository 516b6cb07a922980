/*
 * Internal: the index of originals over SQLite. Only src/index includes
 * sqlite3.h. One connection per ac_index; one ac_index per thread.
 *
 * Layout (schema v3; docs/index.md tells the why of each choice):
 *   meta(key, value)            format marker and the fingerprint parameters
 *   sites(id, name, n)          registrable domain of originals, and how many
 *   originals(id, url, ...)     metadata, digest, simhash, token count
 *   texts(id, body, hashes)     each original's main text (for alignment) and
 *                               its coarse hashes (to delete its postings)
 *   postings(h, oid, pos)       coarse winnowed hashes, one per (h, oid), WITHOUT ROWID
 *   fresh(oid, hashes, pos)     (v3) postings of recent originals, one row each, until
 *                               merge_at of them are merged into postings in hash order
 */
#ifndef AC_INDEX_INTERNAL_H
#define AC_INDEX_INTERNAL_H

#include <sqlite3.h>

#include "attrcheck/index.h"
#include "attrcheck/page.h"

/* "ACIX" in PRAGMA application_id: the mark of an attrcheck index. */
#define AC_INDEX_APP_ID 0x41434958
#define AC_INDEX_SCHEMA_VERSION 3
/* Index-side window over shingles: every shared run of k + W - 1 tokens has a posting. */
#define AC_INDEX_DEFAULT_WINDOW 16u
/* A hash in more originals than this is boilerplate and ignored in matching. */
#define AC_INDEX_DEFAULT_COMMON_DF 20u
/* A hash shared by at least this many originals of one site, and by half of them, is that site's boilerplate. */
#define AC_INDEX_SITE_COMMON_MIN 3u
/* Fresh originals gathered before their postings are merged (bounds the scan each query makes). */
#define AC_INDEX_DEFAULT_MERGE_AT 4096u
#define AC_INDEX_BUSY_MS 60000
/*
 * Ceilings on what one file can make a reader load (docs/limits.md, "Index files"): a
 * crafted or damaged index is refused with a message naming it and the original, never
 * read whole. SQLITE_LIMIT_LENGTH is AC_INDEX_MAX_ROW, so SQLite itself refuses any
 * larger value (SQLITE_TOOBIG) before allocating it.
 */
#define AC_INDEX_MAX_TEXT ((size_t)32 << 20)      /* bytes of one original's stored text */
#define AC_INDEX_MAX_POSTINGS ((size_t)1 << 22)   /* coarse hashes of one original */
#define AC_INDEX_MAX_FRESH ((size_t)1 << 23)      /* fresh postings of all originals, read at once */
#define AC_INDEX_MAX_FRESH_ROWS ((size_t)1 << 20) /* fresh originals */
/* SQLITE_LIMIT_LENGTH: the largest row attrcheck writes, a text and its hashes. */
#define AC_INDEX_MAX_ROW ((int)(AC_INDEX_MAX_TEXT + 4 * AC_INDEX_MAX_POSTINGS + 65536))
/* A writer merges before the fresh postings come near the readers' ceiling. */
#define AC_INDEX_MERGE_POSTINGS (AC_INDEX_MAX_FRESH / 4)
#ifndef AC_INDEX_PAGE_SIZE   /* overridable to measure other page sizes */
#define AC_INDEX_PAGE_SIZE 1024
#endif
#define AC_STR_(x) #x
#define AC_STR(x) AC_STR_(x)

/* Prepared statements, made once per connection (see stmt_sql in index.c). */
typedef enum {
  ST_FIND_URL, ST_INSERT_ORIG, ST_DELETE_ORIG, ST_PUT_TEXT, ST_GET_HASHES, ST_DELETE_TEXT,
  ST_PUT_POSTING, ST_DELETE_POSTING, ST_LOOKUP, ST_SITE_FIND, ST_SITE_INSERT, ST_SITE_ADJUST,
  ST_ORIG_SITE, ST_ORIG_META, ST_LIST, ST_PUT_FRESH, ST_DELETE_FRESH, ST_FRESH_ALL, ST_FRESH_SCAN,
  ST_FRESH_COUNT, ST_DATA_VERSION, ST_COUNT
} ac_index_stmt;

/** A fresh posting in memory: a hash and 1 + the row of its original in fresh_oids. */
typedef struct ac_fresh_hit {
  int32_t h;
  uint32_t row;
} ac_fresh_hit;

struct ac_index {
  sqlite3 *db;
  char *path;
  int flags;
  ac_fp_params params;       /* what the originals were fingerprinted with */
  unsigned window;           /* index-side winnowing window W */
  unsigned common_df;
  unsigned merge_at;         /* fresh originals that trigger a merge (meta 'merge_at') */
  size_t merge_postings;     /* fresh postings that trigger one (AC_INDEX_MERGE_POSTINGS) */
  bool in_batch;             /* inside ac_index_begin() */
  bool batch_lost;           /* an I/O error rolled the batch back */
  sqlite3_stmt *stmts[ST_COUNT];
  /* The fresh postings sorted by hash, read once per change of the file (PRAGMA
     data_version, which other connections' commits change) or of our own writes;
     fresh_oids[row - 1] is the original of a row. */
  ac_fresh_hit *fresh;      size_t n_fresh;
  int64_t *fresh_oids;
  int64_t fresh_version;
  bool fresh_loaded;
};

/** A coarse hash: the upper 32 bits of a winnowed hash, and its shingle position. */
typedef struct ac_posting {
  int32_t h;
  uint32_t pos;
} ac_posting;

/* schema.c */
/** Check the file is ours (before any write), create or migrate it, read its parameters. */
int ac_index__prepare_schema(ac_index *ix, ac_error *err);
/**
 * Test hook: write a fresh file with the schema of an older `version` (1 or 2) and one
 * original, as an older attrcheck would have. Refuses existing files.
 */
int ac_index__create_legacy(const char *path, int version, const char *url, const char *text,
                            ac_error *err);

/* index.c */
/** A cached prepared statement in *out, reset and with bindings cleared. */
int ac_index__stmt(ac_index *ix, ac_index_stmt which, sqlite3_stmt **out, ac_error *err);
/**
 * Reset every cached statement. A statement left on a row keeps a read
 * transaction open, and SQLite does not wait (busy timeout) for the write lock
 * of a connection that holds one: call this before each write and after each read.
 */
void ac_index__release(ac_index *ix);
/** Map the connection's last error to AC_EIO (disk, permissions) or AC_EDB, with a message. */
int ac_index__db_error(ac_index *ix, ac_error *err, const char *what);
/**
 * AC_ELIMIT: original `id` (named by its URL, made printable) stores more `what` than the
 * ceiling (`size` of them, or more when 0: SQLite refused to load it).
 */
int ac_index__over_ceiling(ac_index *ix, ac_error *err, int64_t id, const char *what,
                           size_t size, size_t ceiling);
/** AC_EDB: "PATH: original URL: <problem> (a damaged or crafted index)". */
int ac_index__bad_original(ac_index *ix, ac_error *err, int64_t id, const char *problem);
int ac_index__exec(ac_index *ix, const char *sql, ac_error *err);
/** The site key of a URL (registrable domain, else host); malloc'd or NULL. */
char *ac_index__site_of(const char *url);
/** Find or create a site row and add `delta` to its count; its id in *id. */
int ac_index__site_adjust(ac_index *ix, const char *site, int delta, int64_t *id,
                          ac_error *err);

/* admin.c */
/**
 * AC_EDB naming the first original of `table` ("texts", "fresh", or NULL for both) whose
 * stored text, hashes or positions are not a blob of the right shape within the ceilings;
 * AC_OK when none is. Reads only the values' sizes, never the values.
 */
int ac_index__check_ceilings(ac_index *ix, const char *table, ac_error *err);

/* coarse.c */
/**
 * Coarse winnowing of a fingerprint: the minimum of each window of `window`
 * shingles, drawn from fp->hashes, deduplicated. `*out` is malloc'd (the caller frees).
 */
int ac_index__coarse(const ac_fingerprint *fp, unsigned window, ac_posting **out, size_t *n);
/** Fingerprint `text` with the index's parameters; `*out` is yours (ac_fp_free). */
int ac_index__fingerprint_text(ac_index *ix, const char *text, size_t len,
                               ac_fingerprint **out, ac_error *err);
/* Blobs of the index hold 32-bit values little-endian, 4 bytes each. */
static inline void ac_index__put_u32(unsigned char *b, uint32_t v)
{
  b[0] = (unsigned char)v;
  b[1] = (unsigned char)(v >> 8);
  b[2] = (unsigned char)(v >> 16);
  b[3] = (unsigned char)(v >> 24);
}

static inline uint32_t ac_index__get_u32(const unsigned char *b)
{
  return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

/** Coarse hashes as a little-endian int32 blob (to find an original's postings again); malloc'd. */
unsigned char *ac_index__pack(const ac_posting *p, size_t n);
/** The hashes back from such a blob; malloc'd int32 array of `len / 4`. */
int32_t *ac_index__unpack(const void *blob, size_t len);

/* fresh.c */
/** Inside a write: the original's postings as one fresh row (`hashes` is ac_index__pack's blob). */
int ac_index__fresh_put(ac_index *ix, int64_t id, const ac_posting *post, size_t n,
                        const unsigned char *hashes, ac_error *err);
/** Inside a write: drop the original's fresh row; *was_fresh tells whether it had one. */
int ac_index__fresh_delete(ac_index *ix, int64_t id, bool *was_fresh, ac_error *err);
/** Inside a write, before COMMIT: move every fresh posting into `postings` when merge_at or more originals wait. */
int ac_index__merge_if_due(ac_index *ix, ac_error *err);
/**
 * Call hit(ctx, i, oid) for each fresh original holding post[i].h (from the
 * in-memory copy, reloaded when the file changed). A negative return from hit stops.
 */
int ac_index__fresh_scan(ac_index *ix, const ac_posting *post, size_t n,
                         int (*hit)(void *ctx, uint32_t group, int64_t oid), void *ctx,
                         ac_error *err);

/* align.c */
/**
 * Align the page (fingerprint `fp`, made with the index's parameters) with
 * each original ids[0..n) and keep the copies in the page, best first.
 */
int ac_index__align(ac_index *ix, ac_page *page, const ac_fingerprint *fp, const int64_t *ids,
                    size_t n, const ac_match_options *opts, ac_error *err);

#endif
