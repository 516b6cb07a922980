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
    return ac_error_set_file(err, rc, path, 0, 0, "out of memory");
  if (rc == AC_ELIMIT)
    return ac_error_set_file(err, rc, path, 0, 0, "larger than the %zu-byte limit (--max-bytes)",
                             limit);
  if (rc == AC_EIO)
    return ac_error_set_file(err, rc, path, 0, 0, "read error: %s", strerror(errno));
  return AC_OK;
}

/* The MIME Sniffing standard's binary data bytes: C0 controls text never holds. */
static bool binary_byte(unsigned char c)
{
  return c <= 0x08 || c == 0x0B || (c >= 0x0E && c <= 0x1A) || (c >= 0x1C && c <= 0x1F);
}

/*
 * Binary data: a well-known binary magic, or many binary data bytes in the
 * first 1024 without a UTF-16 BOM (random bytes hold about one in ten). A
 * few are kept, as is a NUL further in: pages do carry stray ones.
 */
static bool looks_binary(const unsigned char *b, size_t len)
{
  static const struct { const char *magic; size_t len; } magics[] = {
    {"\x89PNG", 4}, {"GIF8", 4}, {"\xff\xd8\xff", 3}, {"%PDF", 4}, {"PK\x03\x04", 4},
    {"\x1f\x8b", 2}, {"\x7f" "ELF", 4}, {"BZh", 3}, {"\xfd" "7zXZ", 5},
  };
  size_t odd = 0, head = len < 1024 ? len : 1024;

  if (len >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF)))
    return false;
  for (size_t i = 0; i < AC_COUNT(magics); i++)
    if (len >= magics[i].len && memcmp(b, magics[i].magic, magics[i].len) == 0)
      return true;
  for (size_t i = 0; i < head; i++)
    odd += binary_byte(b[i]);
  return odd > 8 && odd * 50 > head;   /* over 2 %: a binary format, not damage */
}

int ac_page_load_buffer_with(ac_page **out, const char *name, const void *bytes, size_t len,
                             const ac_load_options *opts, ac_error *err)
{
  static const ac_limits defaults = AC_LIMITS_INIT;
  const ac_limits *lim = opts != NULL && opts->limits != NULL ? opts->limits : &defaults;
  const char *charset = NULL;
  char *text = NULL;
  size_t text_len = 0;
  int rc;

  *out = NULL;
  if (len > lim->max_bytes)
    return ac_error_set_file(err, AC_ELIMIT, name, 0, 0,
                             "larger than the %zu-byte limit (--max-bytes)", lim->max_bytes);
  if (looks_binary(bytes, len))
    return ac_error_set_file(err, AC_ENOTPAGE, name, 0, 0, "binary data, not an HTML page");
  rc = ac_page__decode(bytes, len, &text, &text_len, &charset, name, err);
  if (rc < 0)
    return rc;
  rc = ac_page__new(out, name, text, text_len, charset, lim, err);
  if (rc == AC_OK && ((rc = ac_page__adopt_options(*out, opts, err)) < 0 ||
                      (rc = ac_page__make_view(*out, (*out)->input_type, err)) < 0)) {
    ac_page_free(*out);
    *out = NULL;
  }
  return rc;
}

int ac_page_load_buffer(ac_page **out, const char *name, const void *bytes, size_t len,
                        const ac_limits *limits, ac_error *err)
{
  ac_load_options opts = {.limits = limits};

  return ac_page_load_buffer_with(out, name, bytes, len, &opts, err);
}

int ac_page_load_file(ac_page **out, const char *path, const ac_limits *limits, ac_error *err)
{
  ac_load_options opts = {.limits = limits};

  return ac_page_load_file_with(out, path, &opts, err);
}

int ac_page_load_file_with(ac_page **out, const char *path, const ac_load_options *opts,
                           ac_error *err)
{
  static const ac_limits defaults = AC_LIMITS_INIT;
  const ac_limits *lim = opts != NULL && opts->limits != NULL ? opts->limits : &defaults;
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
    return ac_error_set_file(err, AC_EIO, path, 0, 0, "%s", strerror(errno));
  if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode))
    rc = ac_error_set_file(err, AC_EIO, path, 0, 0, "is a directory");
  else if (!is_stdin && fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) &&
           (uintmax_t)st.st_size > lim->max_bytes)
    rc = ac_error_set_file(err, AC_ELIMIT, path, 0, 0,
                           "larger than the %zu-byte limit (--max-bytes)", lim->max_bytes);
  else
    rc = read_bounded(f, name, lim->max_bytes, &bytes, &len, err);
  if (!is_stdin)
    fclose(f);
  if (rc < 0)
    return rc;
  rc = ac_page_load_buffer_with(out, name, bytes, len, opts, err);
  free(bytes);
  return rc;
}
