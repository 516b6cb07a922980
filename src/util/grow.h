/* Growing heap arrays, shared by every module that appends to one. */
#ifndef AC_UTIL_GROW_H
#define AC_UTIL_GROW_H

#include <stdbool.h>
#include <stddef.h>

/**
 * Make room for at least `need` items of `size` bytes in the malloc'd array
 * whose address is `items_ptr` (a `T **`), doubling the capacity `*cap` and
 * starting from `first`: n appends then cost O(n). Returns false when memory
 * runs out or the byte count would overflow; the array and `*cap` are then
 * left as they were, so what the caller holds stays valid to free.
 */
bool ac_grow(void *items_ptr, size_t *cap, size_t need, size_t size, size_t first);

#endif
