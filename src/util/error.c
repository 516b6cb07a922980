#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "attrcheck/error.h"

/* Writes "path:line:col: " (the known parts) at the start of msg and returns its length. */
static size_t position_prefix(char *msg, size_t size, const char *path, unsigned line,
                              unsigned column) {
  int n;

  if (path == NULL || path[0] == '\0')
    return 0;
  if (line > 0 && column > 0)
    n = snprintf(msg, size, "%s:%u:%u: ", path, line, column);
  else if (line > 0)
    n = snprintf(msg, size, "%s:%u: ", path, line);
  else
    n = snprintf(msg, size, "%s: ", path);
  if (n < 0)
    return 0;
  return (size_t)n < size ? (size_t)n : size - 1;
}

static int error_vset(ac_error *err, int code, const char *path, unsigned line, unsigned column,
                      const char *fmt, va_list ap) {
  size_t at;

  if (err == NULL)
    return code;
  err->code = code;
  err->line = line;
  err->column = column;
  snprintf(err->path, sizeof err->path, "%s", path != NULL ? path : "");
  at = position_prefix(err->msg, sizeof err->msg, path, line, column);
  err->what = (unsigned)at;
  vsnprintf(err->msg + at, sizeof err->msg - at, fmt, ap);
  return code;
}

int ac_error_set(ac_error *err, int code, const char *fmt, ...)
{
  va_list ap;

  va_start(ap, fmt);
  error_vset(err, code, NULL, 0, 0, fmt, ap);
  va_end(ap);
  return code;
}

int ac_error_set_at(ac_error *err, int code, unsigned line, unsigned column, const char *fmt,
                    ...)
{
  va_list ap;

  va_start(ap, fmt);
  error_vset(err, code, NULL, line, column, fmt, ap);
  va_end(ap);
  return code;
}

int ac_error_set_file(ac_error *err, int code, const char *path, unsigned line, unsigned column,
                      const char *fmt, ...) {
  va_list ap;

  va_start(ap, fmt);
  error_vset(err, code, path, line, column, fmt, ap);
  va_end(ap);
  return code;
}

const char *ac_error_what(const ac_error *err) {
  if (err == NULL || err->what >= sizeof err->msg)
    return "";
  return err->msg + err->what;
}

void ac_error_clear(ac_error *err)
{
  if (err != NULL)
    memset(err, 0, sizeof *err);
}

const char *ac_status_name(int code)
{
  switch (code) {
  case AC_OK: return "ok";
  case AC_ENOMEM: return "out of memory";
  case AC_EIO: return "input/output error";
  case AC_ENOTFOUND: return "not found";
  case AC_EDB: return "index error";
  case AC_EINVALID: return "invalid";
  case AC_ELIMIT: return "limit reached";
  case AC_ECOMPLEX: return "page-too-complex";
  case AC_ENOTPAGE: return "not a page";
  case AC_ECLOSED: return "output closed";
  default: return "error";
  }
}
