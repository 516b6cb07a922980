/* Reading a whole stream under a ceiling, shared by page loading, rule packs and config. */
#ifndef AC_UTIL_FILE_H
#define AC_UTIL_FILE_H

#include <stdio.h>

#include "attrcheck/common.h"

/**
 * Read all of `f`, at most `limit` bytes (limit + 1 are read to tell). `*out`
 * is malloc'd and NUL-terminated (yours). Returns AC_OK, AC_ENOMEM, AC_ELIMIT,
 * or AC_EIO with errno kept; the caller names the file in its message.
 */
int ac_read_stream(FILE *f, size_t limit, unsigned char **out, size_t *len);

#endif
