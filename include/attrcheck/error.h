/* attrcheck: status codes and the caller-supplied error record. */
#ifndef ATTRCHECK_ERROR_H
#define ATTRCHECK_ERROR_H

#include "common.h"

typedef enum {
  AC_OK = 0,
  AC_ERROR = -1,
  AC_ENOMEM = -2,
  AC_EIO = -3,
  AC_ENOTFOUND = -4,
  AC_EDB = -5,
  AC_EINVALID = -6, /* malformed rule pack, option, argument or input */
  AC_ELIMIT = -7,   /* a size, depth, time or count limit was reached */
  AC_ECOMPLEX = -8, /* the page is too complex to parse within its budget */
  AC_ENOTPAGE = -9, /* not a page at all (binary data): skipped, not failed */
  AC_ECLOSED = -10  /* the reader closed the output early (a broken pipe) */
} ac_status;

/**
 * Filled by a failing call; there is no global or thread-local error state. The caller
 * owns the record (usually on its stack); nothing in it points elsewhere, so it may be
 * copied. The position is data: `path`, `line` and `column` are set where the error is
 * made, and `msg` is that position and the text formatted once, by ac_error_set_file, as
 * "path:line:col: what" (the parts that are unknown are left out).
 */
typedef struct ac_error {
  int code;              /* one of ac_status */
  unsigned line, column; /* 1-based; 0 when the error has no position */
  char path[512];        /* the file (or index, or report) it is about; "" when none */
  unsigned what;         /* offset in msg where the text after the position starts */
  char msg[512];         /* "rules/fr.xml:12:5: unknown check 'foo'" */
} ac_error;

/** Formats the message into err (which may be NULL) and returns `code`. */
AC_EXTERN int ac_error_set(ac_error *err, int code, const char *fmt, ...) AC_PRINTF(3, 4);

/** Like ac_error_set, and records line and column as well. */
AC_EXTERN int ac_error_set_at(ac_error *err, int code, unsigned line, unsigned column,
                              const char *fmt, ...) AC_PRINTF(5, 6);

/**
 * The one place a position prefix is written: records path, line and column (path NULL
 * or "", line or column 0 when unknown) and formats msg as "path:line:col: " and the text.
 */
AC_EXTERN int ac_error_set_file(ac_error *err, int code, const char *path, unsigned line,
                                unsigned column, const char *fmt, ...) AC_PRINTF(6, 7);

/** The message without its position prefix (borrowed from err; never NULL). */
AC_EXTERN const char *ac_error_what(const ac_error *err);

/** Resets err to "no error". */
AC_EXTERN void ac_error_clear(ac_error *err);

/** A short name for a status code ("out of memory", "limit reached", …). */
AC_EXTERN const char *ac_status_name(int code);

#endif
