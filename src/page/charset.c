/* TEMPORARY scaffold: replaced by the real decoder (BOM, prescan, UTF-8 check, windows-1252). */
#include <stdlib.h>
#include <string.h>

#include "page.h"

int ac_page__decode(const unsigned char *bytes, size_t len, char **out, size_t *out_len,
                    const char **charset, const char *name, ac_error *err)
{
  char *text = malloc(len + 1);

  if (text == NULL)
    return ac_error_set(err, AC_ENOMEM, "%s: out of memory", name);
  memcpy(text, bytes, len);
  text[len] = '\0';
  *out = text;
  *out_len = len;
  *charset = "utf-8";
  return AC_OK;
}
