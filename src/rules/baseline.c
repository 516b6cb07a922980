/*
 * Baseline files: known findings keyed by rule, path and normalised
 * evidence. Kept as a sorted array of keys with counts, so applying is a
 * binary search and the written file is stable (sorted) for diffs.
 * Loading appends every line, then sorts once and merges duplicates.
 * Recording inserts new keys into a small sorted side array, merged into
 * the main one when it grows past the square root of the main one's size,
 * so recording n findings costs O(n sqrt n), never O(n^2).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../page/page.h"
#include "../util/file.h"
#include "../util/grow.h"
#include "attrcheck/rules.h"

/*
 * Version 2 escapes the path field (see put_path); version 1 files (and files
 * with no header) hold raw paths, in which tabs and line breaks had been
 * turned into spaces: they still load, their paths escaped on the way in.
 */
#define BASELINE_HEADER "# attrcheck baseline 2: rule<TAB>path<TAB>evidence"
#define BASELINE_V2 "# attrcheck baseline 2"
#define KEY_MAX 2048

typedef struct entry {
  char *key;
  size_t count;
} entry;

typedef struct entries {
  entry *items;
  size_t n, cap;
} entries;

struct ac_baseline {
  entries main;                    /* sorted, one entry per key */
  entries fresh;                   /* sorted, keys recorded since the last merge, none in main */
};

int ac_baseline_new(ac_baseline **out, ac_error *err)
{
  *out = calloc(1, sizeof **out);
  if (*out == NULL)
    return ac_error_set(err, AC_ENOMEM, "baseline: out of memory");
  return AC_OK;
}

static void entries_dispose(entries *e)
{
  for (size_t i = 0; i < e->n; i++)
    free(e->items[i].key);
  free(e->items);
}

void ac_baseline_free(ac_baseline *b)
{
  if (b == NULL)
    return;
  entries_dispose(&b->main);
  entries_dispose(&b->fresh);
  free(b);
}

size_t ac_baseline_count(const ac_baseline *b)
{
  size_t n = 0;
  for (size_t i = 0; b != NULL && i < b->main.n; i++)
    n += b->main.items[i].count;
  for (size_t i = 0; b != NULL && i < b->fresh.n; i++)
    n += b->fresh.items[i].count;
  return n;
}

/* Append s with white space runs (tabs, newlines) folded to one space, ASCII lower-cased. */
static size_t put_norm(char *buf, size_t o, size_t size, const char *s)
{
  bool space = false;

  for (; s != NULL && *s != '\0' && o + 1 < size; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = o > 0;
      continue;
    }
    if (space && o + 2 < size)
      buf[o++] = ' ';
    space = false;
    buf[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
  }
  return o;
}

/*
 * Append a path escaped so that every name keeps a key of its own and one
 * line: backslash, tab, CR and LF as \\ \t \r \n, other C0 controls and DEL as
 * \xHH. "tab<TAB>b.html" and "tab b.html" stay two keys.
 */
static size_t put_path(char *buf, size_t o, size_t size, const char *s)
{
  static const char hex[] = "0123456789abcdef";

  for (; *s != '\0'; s++) {
    unsigned char c = (unsigned char)*s;
    char esc[5] = {(char)c, 0, 0, 0, 0};

    if (c == '\\' || c == '\t' || c == '\n' || c == '\r') {
      esc[0] = '\\';
      esc[1] = c == '\\' ? '\\' : c == '\t' ? 't' : c == '\n' ? 'n' : 'r';
    } else if (c < 0x20 || c == 0x7F) {
      esc[0] = '\\';
      esc[1] = 'x';
      esc[2] = hex[c >> 4];
      esc[3] = hex[c & 15];
    }
    size_t n = strlen(esc);
    if (o + n + 1 >= size)
      break;
    memcpy(buf + o, esc, n);
    o += n;
  }
  return o;
}

static int hex_digit(char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* The path put_path() escaped, back as written; false when it is not well formed. */
static bool unescape_path(const char *s, size_t n, char *buf, size_t size)
{
  size_t o = 0;

  for (size_t i = 0; i < n; i++) {
    char c = s[i];

    if (c == '\\' && i + 1 < n) {
      char e = s[++i];
      int hi = e == 'x' && i + 2 < n ? hex_digit(s[i + 1]) : -1;
      int lo = hi >= 0 ? hex_digit(s[i + 2]) : -1;

      if (e == 'x' && (lo < 0 || hi * 16 + lo == 0))
        return false;
      c = e == '\\' ? '\\' : e == 't' ? '\t' : e == 'n' ? '\n' : e == 'r' ? '\r' : 0;
      if (e == 'x') {
        c = (char)(hi * 16 + lo);
        i += 2;
      }
      if (c == 0)
        return false;
    } else if (c == '\\') {
      return false;
    }
    if (o + 1 >= size)
      return false;
    buf[o++] = c;
  }
  buf[o] = '\0';
  return true;
}

static void make_key(char *buf, size_t size, const char *rule, const char *path, const char *ev)
{
  size_t o = put_norm(buf, 0, size, rule);

  if (o + 1 < size)
    buf[o++] = '\t';
  o = put_path(buf, o, size, path);
  if (o + 1 < size)
    buf[o++] = '\t';
  o = put_norm(buf, o, size, ev);
  buf[o] = '\0';
}

static int entry_cmp(const void *a, const void *b)
{
  return strcmp(((const entry *)a)->key, ((const entry *)b)->key);
}

static int entries_reserve(entries *e, size_t more)
{
  return ac_grow(&e->items, &e->cap, e->n + more, sizeof *e->items, 16) ? AC_OK : AC_ENOMEM;
}

/* The first index whose key is not below `key`. */
static size_t lower_bound(const entries *e, const char *key)
{
  size_t lo = 0, hi = e->n;

  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (strcmp(e->items[mid].key, key) < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

static entry *find(const entries *e, const char *key)
{
  size_t i = lower_bound(e, key);
  return i < e->n && strcmp(e->items[i].key, key) == 0 ? &e->items[i] : NULL;
}

/* Merge the fresh keys (none of which is in main) into main, from the back. */
static int merge_fresh(ac_baseline *b)
{
  size_t i = b->main.n, j = b->fresh.n, k = i + j;

  if (entries_reserve(&b->main, j) < 0)
    return AC_ENOMEM;
  while (j > 0) {
    if (i > 0 && strcmp(b->main.items[i - 1].key, b->fresh.items[j - 1].key) > 0)
      b->main.items[--k] = b->main.items[--i];
    else
      b->main.items[--k] = b->fresh.items[--j];
  }
  b->main.n += b->fresh.n;
  b->fresh.n = 0;
  return AC_OK;
}

static int record_key(ac_baseline *b, const char *key, size_t times)
{
  entry *e = find(&b->main, key), *fresh;
  char *copy;
  size_t at;

  if (e == NULL)
    e = find(&b->fresh, key);
  if (e != NULL) {
    e->count += times;
    return AC_OK;
  }
  copy = strdup(key);
  if (copy == NULL || entries_reserve(&b->fresh, 1) < 0) {
    free(copy);
    return AC_ENOMEM;
  }
  at = lower_bound(&b->fresh, key);
  fresh = b->fresh.items;
  memmove(&fresh[at + 1], &fresh[at], (b->fresh.n - at) * sizeof *fresh);
  fresh[at].key = copy;
  fresh[at].count = times;
  b->fresh.n++;
  return b->fresh.n * b->fresh.n > b->main.n + 1024 ? merge_fresh(b) : AC_OK;
}

int ac_baseline_record(ac_baseline *b, const char *path, const ac_page *page, ac_error *err)
{
  char key[KEY_MAX];

  for (size_t i = 0; i < page->n_findings; i++) {
    const ac_finding *f = &page->findings[i];
    if (f->suppressed && f->suppression != NULL && strncmp(f->suppression, "inline", 6) == 0)
      continue;
    make_key(key, sizeof key, f->rule, path, f->evidence);
    if (record_key(b, key, 1) < 0)
      return ac_error_set(err, AC_ENOMEM, "baseline: out of memory");
  }
  return AC_OK;
}

/* The page path of a key, unescaped: between its first and second tab (rule<TAB>path<TAB>evidence). */
static bool key_path(const char *key, char *buf, size_t size)
{
  const char *start = strchr(key, '\t'), *end = start ? strchr(start + 1, '\t') : NULL;

  return end != NULL && unescape_path(start + 1, (size_t)(end - start - 1), buf, size);
}

static int carry_entries(ac_baseline *into, const entries *from,
                         bool (*settled)(const char *path, void *ctx), void *ctx)
{
  char path[KEY_MAX];

  for (size_t i = 0; i < from->n; i++) {
    const entry *e = &from->items[i];
    if (key_path(e->key, path, sizeof path) && settled(path, ctx))
      continue;
    if (record_key(into, e->key, e->count) < 0)
      return AC_ENOMEM;
  }
  return AC_OK;
}

int ac_baseline_carry(ac_baseline *into, const ac_baseline *from,
                      bool (*settled)(const char *path, void *ctx), void *ctx,
                      ac_error *err)
{
  if (carry_entries(into, &from->main, settled, ctx) < 0 ||
      carry_entries(into, &from->fresh, settled, ctx) < 0)
    return ac_error_set(err, AC_ENOMEM, "baseline: out of memory");
  return AC_OK;
}

static size_t recorded(const ac_baseline *b, const char *key)
{
  const entry *e = find(&b->main, key);

  if (e == NULL)
    e = find(&b->fresh, key);
  return e ? e->count : 0;
}

/* A finding of the page being applied to, by key then page order. */
typedef struct keyed {
  char *key;
  size_t index;
} keyed;

static int keyed_cmp(const void *a, const void *b)
{
  const keyed *x = a, *y = b;
  int c = strcmp(x->key, y->key);
  return c != 0 ? c : (x->index > y->index) - (x->index < y->index);
}

static bool marked_by_baseline(const ac_finding *f)
{
  return f->suppression != NULL && strcmp(f->suppression, "baseline") == 0;
}

/*
 * A key recorded n times covers the first n findings with that key in page
 * order. Sorting the page's keys once makes that O(f log f) for f findings,
 * where comparing each finding with all earlier ones would be O(f^2).
 */
static size_t mark_runs(const ac_baseline *b, ac_page *page, keyed *k, size_t n)
{
  size_t marked = 0;

  qsort(k, n, sizeof *k, keyed_cmp);
  for (size_t i = 0; i < n;) {
    size_t left = recorded(b, k[i].key), j = i;
    for (; j < n && strcmp(k[j].key, k[i].key) == 0; j++) {
      ac_finding *f = &page->findings[k[j].index];
      if (left == 0)
        continue;
      left--;                            /* one marked earlier uses up its entry too */
      if (!marked_by_baseline(f)) {
        f->suppressed = true;
        f->suppression = "baseline";
        marked++;
      }
    }
    i = j;
  }
  return marked;
}

static size_t stale_entries(const entries *known, const ac_baseline *seen,
                            bool (*settled)(const char *path, void *ctx), void *ctx)
{
  char path[KEY_MAX];
  size_t stale = 0;

  for (size_t i = 0; i < known->n; i++) {
    const entry *e = &known->items[i];
    size_t used = recorded(seen, e->key);
    if (e->count > used && key_path(e->key, path, sizeof path) && settled(path, ctx))
      stale += e->count - used;
  }
  return stale;
}

size_t ac_baseline_stale(const ac_baseline *known, const ac_baseline *seen,
                         bool (*settled)(const char *path, void *ctx), void *ctx)
{
  return stale_entries(&known->main, seen, settled, ctx) +
         stale_entries(&known->fresh, seen, settled, ctx);
}

/*
 * A finding's key. Baselines written before credit-link-mismatch's evidence
 * became "credit -> host" hold the credit alone: such an entry still counts,
 * so upgrading does not fail a gate that passed.
 */
static void finding_key(const ac_baseline *b, char *key, size_t size, const char *path,
                        const ac_finding *f)
{
  const char *arrow = f->evidence ? strstr(f->evidence, " -> ") : NULL;
  char credit[KEY_MAX], older[KEY_MAX];

  make_key(key, size, f->rule, path, f->evidence);
  if (arrow == NULL || recorded(b, key) > 0 || (size_t)(arrow - f->evidence) >= sizeof credit)
    return;
  memcpy(credit, f->evidence, (size_t)(arrow - f->evidence));
  credit[arrow - f->evidence] = '\0';
  make_key(older, sizeof older, f->rule, path, credit);
  if (recorded(b, older) > 0 && strlen(older) < size)
    memcpy(key, older, strlen(older) + 1);
}

size_t ac_baseline_apply(const ac_baseline *b, const char *path, ac_page *page)
{
  char key[KEY_MAX];
  keyed *k;
  size_t n = 0, marked = 0;
  bool ok;

  if (b == NULL || page->n_findings == 0)
    return 0;
  /* Out of memory marks nothing: every finding stays visible, the safe side for a gate. */
  k = calloc(page->n_findings, sizeof *k);
  ok = k != NULL;
  for (size_t i = 0; ok && i < page->n_findings; i++) {
    const ac_finding *f = &page->findings[i];
    if (f->suppressed && !marked_by_baseline(f))
      continue;
    finding_key(b, key, sizeof key, path, f);
    ok = (k[n].key = strdup(key)) != NULL;
    k[n].index = i;
    n += ok;
  }
  if (ok)
    marked = mark_runs(b, page, k, n);
  for (size_t i = 0; i < n; i++)
    free(k[i].key);
  free(k);
  return marked;
}

/* A version 1 line's path was written raw: escape it as version 2 keys hold it. */
static char *key_from_v1(const char *line)
{
  const char *t1 = strchr(line, '\t'), *t2 = strchr(t1 + 1, '\t');
  size_t rule = (size_t)(t1 - line), size = strlen(line) * 4 + 1, o;
  char *key = malloc(size), *path = strndup(t1 + 1, (size_t)(t2 - t1 - 1));

  if (key != NULL && path != NULL) {
    memcpy(key, line, rule + 1);
    o = put_path(key, rule + 1, size, path);
    memcpy(key + o, t2, strlen(t2) + 1);
  } else {
    free(key);
    key = NULL;
  }
  free(path);
  return key;
}

static bool path_field_ok(const char *line)
{
  const char *t1 = strchr(line, '\t'), *t2 = strchr(t1 + 1, '\t');
  char buf[KEY_MAX];

  return unescape_path(t1 + 1, (size_t)(t2 - t1 - 1), buf, sizeof buf);
}

/* `*v2` is set by the version 2 header: the lines after it hold escaped paths. */
static int parse_line(ac_baseline *b, char *line, size_t len, const char *path,
                      unsigned lineno, bool *v2, ac_error *err)
{
  char *key;

  while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
    line[--len] = '\0';
  if (len > 0 && strncmp(line, BASELINE_V2, strlen(BASELINE_V2)) == 0)
    *v2 = true;
  if (len == 0 || line[0] == '#')
    return AC_OK;
  if (len >= KEY_MAX)        /* no recorded key is this long: it could never match */
    return ac_error_set_file(err, AC_EINVALID, path, lineno, 0, "line longer than %d bytes",
                             KEY_MAX - 1);
  if (memchr(line, '\0', len) != NULL || strchr(line, '\t') == NULL ||
      strchr(strchr(line, '\t') + 1, '\t') == NULL)
    return ac_error_set_file(err, AC_EINVALID, path, lineno, 0,
                             "expected rule<TAB>path<TAB>evidence");
  if (*v2 && !path_field_ok(line))
    return ac_error_set_file(err, AC_EINVALID, path, lineno, 0, "ill-formed escape in the path");
  key = *v2 ? strdup(line) : key_from_v1(line);
  if (key == NULL || entries_reserve(&b->main, 1) < 0) {
    free(key);
    return ac_error_set_file(err, AC_ENOMEM, path, 0, 0, "out of memory");
  }
  b->main.items[b->main.n].key = key;
  b->main.items[b->main.n++].count = 1;
  return AC_OK;
}

/* After loading: sort once, then fold equal keys into one entry with a count. */
static void sort_and_merge(entries *e)
{
  size_t out = 0;

  if (e->n == 0)
    return;                   /* an empty baseline has no array: qsort(NULL, 0) is undefined */
  qsort(e->items, e->n, sizeof *e->items, entry_cmp);
  for (size_t i = 0; i < e->n; i++) {
    if (out > 0 && strcmp(e->items[out - 1].key, e->items[i].key) == 0) {
      e->items[out - 1].count += e->items[i].count;
      free(e->items[i].key);
    } else {
      e->items[out++] = e->items[i];
    }
  }
  e->n = out;
}

int ac_baseline_load(ac_baseline **out, const char *path, ac_error *err)
{
  FILE *f = fopen(path, "r");
  char *line = NULL;
  size_t size = 0;
  ssize_t got;
  unsigned lineno = 0;
  bool v2 = false;
  int rc;

  *out = NULL;
  if (f == NULL)
    return ac_error_set_file(err, AC_EIO, path, 0, 0, "%s", strerror(errno));
  rc = ac_baseline_new(out, err);
  while (rc == AC_OK && (got = getline(&line, &size, f)) >= 0)
    rc = parse_line(*out, line, (size_t)got, path, ++lineno, &v2, err);
  if (rc == AC_OK && ferror(f))
    rc = ac_error_set_file(err, AC_EIO, path, 0, 0, "%s", strerror(errno));
  free(line);
  fclose(f);
  if (rc == AC_OK)
    sort_and_merge(&(*out)->main);
  if (rc < 0) {
    ac_baseline_free(*out);
    *out = NULL;
  }
  return rc;
}

/* Every key as many times as it was seen, main and fresh merged in order. */
static bool write_entries(FILE *f, const ac_baseline *b)
{
  size_t i = 0, j = 0;
  bool ok = true;

  while (ok && (i < b->main.n || j < b->fresh.n)) {
    const entry *e = j == b->fresh.n || (i < b->main.n &&
                     strcmp(b->main.items[i].key, b->fresh.items[j].key) < 0)
                         ? &b->main.items[i++]
                         : &b->fresh.items[j++];
    for (size_t k = 0; ok && k < e->count; k++)
      ok = fprintf(f, "%s\n", e->key) > 0;
  }
  return ok;
}

int ac_baseline_write(const ac_baseline *b, const char *path, ac_error *err)
{
  ac_atomic out;
  bool ok;

  if (ac_atomic_open(&out, path) < 0)
    return ac_error_set_file(err, errno == ENOMEM ? AC_ENOMEM : AC_EIO, path, 0, 0, "%s",
                             strerror(errno));
  ok = fprintf(out.f, "%s\n", BASELINE_HEADER) > 0 && write_entries(out.f, b);
  if (!ok) {
    int e = errno;
    ac_atomic_abort(&out);
    return ac_error_set_file(err, AC_EIO, path, 0, 0, "%s", strerror(e));
  }
  if (ac_atomic_commit(&out) < 0)
    return ac_error_set_file(err, AC_EIO, path, 0, 0, "%s", strerror(errno));
  return AC_OK;
}
