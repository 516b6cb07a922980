/* Reading a page: a bounded read of a file or stdin, a binary sniff, then decoding. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "page.h"
#include "../util/file.h"

/* A bounded read: an oversized input is caught without reading it all. */
static int read_bounded(FILE *f, const char *path, size_t limit, unsigned char **out,
                        size_t *out_len, ac_error *err)
{
  int rc = ac_read_stream(f, limit, out, out_len);

  if (rc == AC_ENOMEM)
    return ac_error_set(err, rc, "%s: out of memory", path);
  if (rc == AC_ELIMIT)
    return ac_error_set(err, rc, "%s: larger than the %zu-byte limit (--max-bytes)", path, limit);
  if (rc == AC_EIO)
    return ac_error_set(err, rc, "%s: read error: %s", path, strerror(errno));
  return AC_OK;
}

/*
 * Binary data: NUL bytes in the first 1024 bytes without a UTF-16 BOM, or a
 * well-known binary magic. A NUL further in is kept: pages do carry them.
 */
static bool looks_binary(const unsigned char *b, size_t len)
{
  static const struct { const char *magic; size_t len; } magics[] = {
    {"\x89PNG", 4}, {"GIF8", 4}, {"\xff\xd8\xff", 3}, {"%PDF", 4}, {"PK\x03\x04", 4},
    {"\x1f\x8b", 2}, {"\x7f" "ELF", 4}, {"BZh", 3}, {"\xfd" "7zXZ", 5},
  };
  size_t nuls = 0, head = len < 1024 ? len : 1024;

  if (len >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF)))
    return false;
  for (size_t i = 0; i < AC_COUNT(magics); i++)
    if (len >= magics[i].len && memcmp(b, magics[i].magic, magics[i].len) == 0)
      return true;
  for (size_t i = 0; i < head; i++)
    nuls += b[i] == 0;
  return nuls > 8;   /* a few stray NULs are damage, many are a binary format */
}

int ac_page_load_buffer(ac_page **out, const char *name, const void *bytes, size_t len,
                        const ac_limits *limits, ac_error *err)
{
  static const ac_limits defaults = AC_LIMITS_INIT;
  const ac_limits *lim = limits != NULL ? limits : &defaults;
  const char *charset = NULL;
  char *text = NULL;
  size_t text_len = 0;
  int rc;

  *out = NULL;
  if (len > lim->max_bytes)
    return ac_error_set(err, AC_ELIMIT, "%s: larger than the %zu-byte limit (--max-bytes)",
                        name, lim->max_bytes);
  if (looks_binary(bytes, len))
    return ac_error_set(err, AC_ENOTPAGE, "%s: binary data, not an HTML page", name);
  rc = ac_page__decode(bytes, len, &text, &text_len, &charset, name, err);
  if (rc < 0)
    return rc;
  return ac_page__new(out, name, text, text_len, charset, lim, err);
}

int ac_page_load_file(ac_page **out, const char *path, const ac_limits *limits, ac_error *err)
{
  static const ac_limits defaults = AC_LIMITS_INIT;
  const ac_limits *lim = limits != NULL ? limits : &defaults;
  bool is_stdin = strcmp(path, "-") == 0;
  const char *name = is_stdin ? "<stdin>" : path;
  unsigned char *bytes = NULL;
  size_t len = 0;
  struct stat st;
  FILE *f;
  int rc;

  *out = NULL;
  f = is_stdin ? stdin : fopen(path, "rb");
  if (f == NULL)
    return ac_error_set(err, AC_EIO, "%s: %s", path, strerror(errno));
  if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode))
    rc = ac_error_set(err, AC_EIO, "%s: is a directory", path);
  else if (!is_stdin && fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) &&
           (uintmax_t)st.st_size > lim->max_bytes)
    rc = ac_error_set(err, AC_ELIMIT, "%s: larger than the %zu-byte limit (--max-bytes)", path,
                      lim->max_bytes);
  else
    rc = read_bounded(f, name, lim->max_bytes, &bytes, &len, err);
  if (!is_stdin)
    fclose(f);
  if (rc < 0)
    return rc;
  rc = ac_page_load_buffer(out, name, bytes, len, lim, err);
  free(bytes);
  return rc;
}
