/*
 * Baseline files: known findings keyed by rule, path and normalised
 * evidence. Kept as a sorted array of keys with counts, so applying is a
 * binary search and the written file is stable (sorted) for diffs.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../page/page.h"
#include "attrcheck/rules.h"

#define BASELINE_HEADER "# attrcheck baseline 1: rule<TAB>path<TAB>evidence"
#define KEY_MAX 2048

typedef struct entry {
  char *key;
  size_t count;
} entry;

struct ac_baseline {
  entry *items;
  size_t n, cap;
  bool sorted;
};

int ac_baseline_new(ac_baseline **out, ac_error *err)
{
  *out = calloc(1, sizeof **out);
  if (*out == NULL)
    return ac_error_set(err, AC_ENOMEM, "baseline: out of memory");
  (*out)->sorted = true;
  return AC_OK;
}

void ac_baseline_free(ac_baseline *b)
{
  if (b == NULL)
    return;
  for (size_t i = 0; i < b->n; i++)
    free(b->items[i].key);
  free(b->items);
  free(b);
}

size_t ac_baseline_count(const ac_baseline *b)
{
  size_t n = 0;
  for (size_t i = 0; b != NULL && i < b->n; i++)
    n += b->items[i].count;
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

/* Append a path as written, with tabs and line breaks (which would break the format) as spaces. */
static size_t put_path(char *buf, size_t o, size_t size, const char *s)
{
  for (; *s != '\0' && o + 1 < size; s++)
    buf[o++] = (*s == '\t' || *s == '\n' || *s == '\r') ? ' ' : *s;
  return o;
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

static int add_key(ac_baseline *b, const char *key)
{
  for (size_t i = 0; i < b->n; i++)   /* recording is rare; linear is fine */
    if (strcmp(b->items[i].key, key) == 0) {
      b->items[i].count++;
      return AC_OK;
    }
  if (b->n == b->cap) {
    size_t cap = b->cap ? b->cap * 2 : 16;
    entry *grown = realloc(b->items, cap * sizeof *grown);
    if (grown == NULL)
      return AC_ENOMEM;
    b->items = grown;
    b->cap = cap;
  }
  b->items[b->n].key = strdup(key);
  if (b->items[b->n].key == NULL)
    return AC_ENOMEM;
  b->items[b->n++].count = 1;
  qsort(b->items, b->n, sizeof *b->items, entry_cmp);
  return AC_OK;
}

int ac_baseline_record(ac_baseline *b, const char *path, const ac_page *page, ac_error *err)
{
  char key[KEY_MAX];

  for (size_t i = 0; i < page->n_findings; i++) {
    const ac_finding *f = &page->findings[i];
    if (f->suppressed && f->suppression != NULL && strncmp(f->suppression, "inline", 6) == 0)
      continue;
    make_key(key, sizeof key, f->rule, path, f->evidence);
    if (add_key(b, key) < 0)
      return ac_error_set(err, AC_ENOMEM, "baseline: out of memory");
  }
  return AC_OK;
}

static size_t recorded(const ac_baseline *b, const char *key)
{
  entry probe = {(char *)key, 0};
  const entry *e = bsearch(&probe, b->items, b->n, sizeof *b->items, entry_cmp);
  return e ? e->count : 0;
}

size_t ac_baseline_apply(const ac_baseline *b, const char *path, ac_page *page)
{
  char key[KEY_MAX], other[KEY_MAX];
  size_t marked = 0;

  for (size_t i = 0; b != NULL && i < page->n_findings; i++) {
    ac_finding *f = &page->findings[i];
    size_t seen = 0;
    if (f->suppressed)
      continue;
    make_key(key, sizeof key, f->rule, path, f->evidence);
    for (size_t k = 0; k < i; k++) {     /* earlier findings with the same key used up some */
      const ac_finding *g = &page->findings[k];
      if (g->suppression == NULL || strcmp(g->suppression, "baseline") != 0)
        continue;
      make_key(other, sizeof other, g->rule, path, g->evidence);
      seen += strcmp(other, key) == 0;
    }
    if (seen < recorded(b, key)) {
      f->suppressed = true;
      f->suppression = "baseline";
      marked++;
    }
  }
  return marked;
}

static int parse_line(ac_baseline *b, char *line, const char *path, unsigned lineno,
                      ac_error *err)
{
  size_t len = strlen(line);

  while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
    line[--len] = '\0';
  if (len == 0 || line[0] == '#')
    return AC_OK;
  if (strchr(line, '\t') == NULL || strchr(strchr(line, '\t') + 1, '\t') == NULL)
    return ac_error_set_at(err, AC_EINVALID, lineno, 0,
                           "%s:%u: expected rule<TAB>path<TAB>evidence", path, lineno);
  return add_key(b, line) < 0 ? ac_error_set(err, AC_ENOMEM, "%s: out of memory", path) : AC_OK;
}

int ac_baseline_load(ac_baseline **out, const char *path, ac_error *err)
{
  FILE *f = fopen(path, "r");
  char line[KEY_MAX + 2];
  unsigned lineno = 0;
  int rc;

  *out = NULL;
  if (f == NULL)
    return ac_error_set(err, AC_EIO, "%s: %s", path, strerror(errno));
  rc = ac_baseline_new(out, err);
  while (rc == AC_OK && fgets(line, sizeof line, f) != NULL)
    rc = parse_line(*out, line, path, ++lineno, err);
  fclose(f);
  if (rc < 0) {
    ac_baseline_free(*out);
    *out = NULL;
  }
  return rc;
}

int ac_baseline_write(const ac_baseline *b, const char *path, ac_error *err)
{
  size_t n = strlen(path);
  char *tmp = malloc(n + 16);
  FILE *f;
  int fd, ok;

  if (tmp == NULL)
    return ac_error_set(err, AC_ENOMEM, "%s: out of memory", path);
  snprintf(tmp, n + 16, "%s.tmp.XXXXXX", path);
  fd = mkstemp(tmp);
  f = fd >= 0 ? fdopen(fd, "w") : NULL;
  if (f == NULL) {
    if (fd >= 0)
      close(fd);
    free(tmp);
    return ac_error_set(err, AC_EIO, "%s: %s", path, strerror(errno));
  }
  ok = fprintf(f, "%s\n", BASELINE_HEADER) > 0;
  for (size_t i = 0; ok && i < b->n; i++)
    for (size_t k = 0; ok && k < b->items[i].count; k++)
      ok = fprintf(f, "%s\n", b->items[i].key) > 0;
  ok = fflush(f) == 0 && ok && fsync(fileno(f)) == 0;
  ok = fclose(f) == 0 && ok && rename(tmp, path) == 0;
  if (!ok) {
    int e = errno;
    unlink(tmp);
    free(tmp);
    return ac_error_set(err, AC_EIO, "%s: %s", path, strerror(e));
  }
  free(tmp);
  return AC_OK;
}
