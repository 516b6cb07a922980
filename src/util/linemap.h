/* Byte offsets to 1-based line:column (columns in code points), built once per page. */
#ifndef AC_UTIL_LINEMAP_H
#define AC_UTIL_LINEMAP_H

#include <stddef.h>
#include <stdint.h>

#include "attrcheck/common.h"

typedef struct ac_linemap ac_linemap;

/** A map over text[0..len); the text is borrowed and must outlive the map. NULL on OOM. */
ac_linemap *ac_linemap_new(const char *text, size_t len);
void ac_linemap_free(ac_linemap *m);
ac_pos ac_linemap_pos(const ac_linemap *m, uint32_t offset);

#endif
