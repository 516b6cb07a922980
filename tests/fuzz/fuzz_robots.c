/*
 * Fuzz target: any bytes as a robots.txt. The first line is the path asked
 * about, the rest the file; the parser must never crash, read past the bytes
 * or take more than pattern x path steps per rule (no backtracking blowup).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fetch/fetch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *nl = memchr(data, '\n', size);
  size_t plen = nl != NULL ? (size_t)(nl - (const char *)data) : size;
  char *path = malloc(plen + 2), *text;
  size_t tlen = nl != NULL ? size - plen - 1 : 0;

  if (path == NULL)
    return 0;
  path[0] = '/';
  memcpy(path + 1, data, plen);
  path[plen + 1] = '\0';                  /* a NUL inside cuts the path: that is fine */
  text = malloc(tlen + 1);                /* exactly the bytes, so ASan sees an overread */
  if (text != NULL) {
    memcpy(text, nl != NULL ? nl + 1 : "", tlen);
    (void)ac_fetch__robots_allows(text, tlen, path);
  }
  free(text);
  free(path);
  return 0;
}
