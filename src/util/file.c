#include "file.h"

#include <errno.h>
#include <stdlib.h>

#include "attrcheck/error.h"

int ac_read_stream(FILE *f, size_t limit, unsigned char **out, size_t *out_len)
{
  size_t cap = 65536, len = 0;
  unsigned char *buf = malloc(cap + 1);

  *out = NULL;
  if (buf == NULL)
    return AC_ENOMEM;
  for (;;) {
    if (len == cap) {
      unsigned char *grown = realloc(buf, cap * 2 + 1);
      if (grown == NULL) {
        free(buf);
        return AC_ENOMEM;
      }
      buf = grown;
      cap *= 2;
    }
    size_t want = cap - len;
    size_t got = fread(buf + len, 1, want, f);
    len += got;
    if (len > limit) {
      free(buf);
      return AC_ELIMIT;
    }
    if (got < want)
      break;
  }
  if (ferror(f)) {
    int e = errno;
    free(buf);
    errno = e;
    return AC_EIO;
  }
  buf[len] = '\0';
  *out = buf;
  *out_len = len;
  return AC_OK;
}
