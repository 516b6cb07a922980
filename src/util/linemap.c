#include "linemap.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

struct ac_linemap {
  const char *text;
  size_t len;
  size_t nlines;
  uint32_t *line_start;    /* line_start[0] == 0 */
};

/* True when a line starts at text[i + 1]: after LF, or after a CR not followed by LF. */
static bool line_ends_at(const char *text, size_t len, size_t i)
{
  return text[i] == '\n' || (text[i] == '\r' && (i + 1 == len || text[i + 1] != '\n'));
}

/* HTML treats LF, CRLF and a lone CR alike as one line break; so do positions. */
ac_linemap *ac_linemap_new(const char *text, size_t len)
{
  ac_linemap *m = calloc(1, sizeof *m);
  size_t n = 1;

  if (m == NULL)
    return NULL;
  for (size_t i = 0; i < len; i++)
    n += line_ends_at(text, len, i);
  m->line_start = malloc(n * sizeof *m->line_start);
  if (m->line_start == NULL) {
    free(m);
    return NULL;
  }
  m->text = text;
  m->len = len;
  m->line_start[0] = 0;
  m->nlines = 1;
  for (size_t i = 0; i < len; i++)
    if (line_ends_at(text, len, i))
      m->line_start[m->nlines++] = (uint32_t)(i + 1);
  return m;
}

void ac_linemap_free(ac_linemap *m)
{
  if (m == NULL)
    return;
  free(m->line_start);
  free(m);
}

ac_pos ac_linemap_pos(const ac_linemap *m, uint32_t offset)
{
  size_t lo = 0, hi = m->nlines;   /* the last line that starts at or before offset */
  ac_pos p;

  if (offset > m->len)
    offset = (uint32_t)m->len;
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (m->line_start[mid] <= offset)
      lo = mid;
    else
      hi = mid;
  }
  p.line = (uint32_t)lo + 1;
  p.column = 1;
  for (uint32_t i = m->line_start[lo]; i < offset; i++)
    if (((unsigned char)m->text[i] & 0xC0) != 0x80)   /* skip UTF-8 continuation bytes */
      p.column++;
  return p;
}
