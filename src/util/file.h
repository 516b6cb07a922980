/*
 * Whole files: reading a stream under a ceiling (page loading, rule packs,
 * config) and writing a file all or nothing (reports, baselines).
 */
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

/**
 * A file written all or nothing: the text goes to a temporary file beside
 * the target, renamed over it on commit, so readers and crashes only ever
 * see the old file or the whole new one. A symbolic link to a file is
 * replaced itself (its target is never written); a target that is not a
 * regular file (/dev/stdout, a FIFO) is written in place. Permissions are
 * 0666 less the umask, as for any new file, or those of the file replaced.
 */
typedef struct ac_atomic {
  FILE *f;                 /* write here; NULL after commit or abort */
  char *tmp;               /* malloc'd temporary beside the target; NULL when in place */
  char *target;            /* malloc'd name the temporary is renamed to */
} ac_atomic;

/** Open `path` for an atomic write. Returns 0, or -1 with errno set (ENOMEM too). */
int ac_atomic_open(ac_atomic *a, const char *path);
/** Flush, fsync, close and rename into place. 0, or -1 with errno; the temporary is gone. */
int ac_atomic_commit(ac_atomic *a);
/** Give up: close and remove the temporary; the target is untouched. Safe after commit. */
void ac_atomic_abort(ac_atomic *a);
/*
 * ac_atomic_remove_temporaries() (declared in attrcheck/common.h) unlinks the
 * temporaries of every write not yet committed: async-signal-safe.
 */

#endif
