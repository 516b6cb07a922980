#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "attrcheck/error.h"

static int error_vset(ac_error *err, int code, unsigned line, unsigned column, const char *fmt,
                      va_list ap)
{
  if (err == NULL)
    return code;
  err->code = code;
  err->line = line;
  err->column = column;
  vsnprintf(err->msg, sizeof err->msg, fmt, ap);
  return code;
}

int ac_error_set(ac_error *err, int code, const char *fmt, ...)
{
  va_list ap;

  va_start(ap, fmt);
  error_vset(err, code, 0, 0, fmt, ap);
  va_end(ap);
  return code;
}

int ac_error_set_at(ac_error *err, int code, unsigned line, unsigned column, const char *fmt,
                    ...)
{
  va_list ap;

  va_start(ap, fmt);
  error_vset(err, code, line, column, fmt, ap);
  va_end(ap);
  return code;
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
