/*
 * Fuzz target: any bytes as an index file (a crafted SQLite database) open,
 * match a small fixed page, list, count and verify, or fail with a message:
 * never crash, hang or blow memory. The file is written to a temporary path
 * because the index is opened by path, as `check --index` does.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attrcheck.h"

/* The seeds' originals (fixtures/fuzz/fuzz_index/README.md) hold this text: matching aligns. */
static const char page_html[] =
    "<html><head><link rel=canonical href=\"https://copy.example/a\"></head><body><article>"
    "<p>The river rose three metres overnight and the old stone bridge at the edge of the"
    " village was closed to traffic before dawn, the council said on Tuesday morning.</p>"
    "<p>Residents of the lower streets were told to move valuables upstairs while volunteers"
    " filled sandbags outside the school hall until the rain finally eased after midnight.</p>"
    "</article></body></html>";

static char db_path[4096];

static void remove_files(void)
{
  static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
  char path[4200];

  for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
    snprintf(path, sizeof path, "%s%s", db_path, suffixes[i]);
    unlink(path);
  }
}

/* One temporary path per process: -wal and -shm files of a previous input go with it. */
static int temp_db(void)
{
  const char *tmp = getenv("TMPDIR");
  int fd;

  snprintf(db_path, sizeof db_path, "%s/fuzz_index-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  fd = mkstemp(db_path);
  if (fd < 0)
    return -1;
  close(fd);
  return 0;
}

static int write_db(const uint8_t *data, size_t size)
{
  FILE *f;
  int ok;

  remove_files();
  f = fopen(db_path, "wb");
  if (f == NULL)
    return -1;
  ok = fwrite(data, 1, size, f) == size;
  return fclose(f) == 0 && ok ? 0 : -1;
}

static ac_page *page_new(void)
{
  ac_page *page = NULL;

  if (ac_page_load_buffer(&page, "page.html", page_html, sizeof page_html - 1, NULL, NULL) < 0 ||
      ac_page_extract(page, NULL, NULL, NULL) < 0 || ac_page_fingerprint(page, NULL, NULL) < 0)
    __builtin_trap();   /* the fixed page must always load */
  return page;
}

static int count_one(const ac_original *o, void *ctx)
{
  if (o->url == NULL)
    __builtin_trap();   /* url is NOT NULL in every schema we accept */
  ++*(size_t *)ctx;
  return 0;
}

static void exercise(ac_index *ix)
{
  ac_page *page = page_new();
  ac_index_stats stats;
  size_t listed = 0, n = 0;
  const ac_match *matches;
  ac_error err = {0};

  ac_index_match(ix, page, NULL, &err);
  matches = ac_page_matches(page, &n);
  for (size_t i = 0; i < n; i++) {
    const ac_match *m = &matches[i];

    if (m->page_coverage < 0 || m->page_coverage > 1 || m->original_coverage < 0 ||
        m->original_coverage > 1)
      __builtin_trap();   /* coverages are shares, whatever the file says */
  }
  ac_page_free(page);
  ac_index_foreach(ix, count_one, &listed, &err);
  ac_index_stats_get(ix, &stats, &err);
  ac_index_verify(ix, &err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  ac_index *ix = NULL;
  ac_error err = {0};

  if (db_path[0] == '\0' && temp_db() < 0)
    return 0;
  if (write_db(data, size) < 0)
    return 0;
  if (ac_index_open(&ix, db_path, AC_INDEX_READONLY, &err) == 0)
    exercise(ix);
  else if (err.msg[0] == '\0')
    __builtin_trap();   /* a refusal always says why */
  ac_index_close(ix);
  remove_files();
  return 0;
}
