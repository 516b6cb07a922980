/*
 * Where front matter ends: a "---"/"..." or "+++" fenced block, or one JSON
 * object. A leaf: the view builder and the readers both ask it.
 */
#include <jansson.h>
#include <stdbool.h>
#include <string.h>

#include "view.h"

static size_t line_end(const char *t, size_t len, size_t i)
{
  const char *nl = memchr(t + i, '\n', len - i);

  return nl != NULL ? (size_t)(nl - t) + 1 : len;
}

/* A fence line: exactly `fence` (three characters), then spaces and the line's end. */
static bool fence_line(const char *t, size_t from, size_t to, const char *fence)
{
  if (to - from < 3 || memcmp(t + from, fence, 3) != 0)
    return false;
  for (size_t i = from + 3; i < to; i++)
    if (t[i] != ' ' && t[i] != '\t' && t[i] != '\r' && t[i] != '\n')
      return false;
  return true;
}

static size_t fenced_length(const char *t, size_t len, const char *fence, const char *alt)
{
  size_t i = line_end(t, len, 0);

  if (!fence_line(t, 0, i, fence))
    return 0;
  while (i < len) {
    size_t e = line_end(t, len, i);
    if (fence_line(t, i, e, fence) || (alt != NULL && fence_line(t, i, e, alt)))
      return e;
    i = e;
  }
  return 0;                        /* never closed: a thematic break, not front matter */
}

/* A JSON object at the very start, as Hugo reads it; its length, or 0. */
static size_t json_length(const char *t, size_t len)
{
  json_error_t jerr;
  json_t *root;
  size_t end;

  if (len == 0 || t[0] != '{')
    return 0;
  root = json_loadb(t, len < AC_FM_MAX_BYTES ? len : AC_FM_MAX_BYTES,
                    JSON_DISABLE_EOF_CHECK | JSON_REJECT_DUPLICATES, &jerr);
  if (root == NULL)
    return 0;
  end = (size_t)jerr.position;     /* with DISABLE_EOF_CHECK: the bytes the value took */
  json_decref(root);
  return end;
}

size_t ac_page__front_matter_length(const char *text, size_t len)
{
  size_t n = 0;

  if (len >= 3 && memcmp(text, "---", 3) == 0)
    n = fenced_length(text, len, "---", "...");
  else if (len >= 3 && memcmp(text, "+++", 3) == 0)
    n = fenced_length(text, len, "+++", NULL);
  else if (len > 0 && text[0] == '{')
    n = json_length(text, len);
  return n;
}
