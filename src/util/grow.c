/* Growing heap arrays by doubling, with the overflow checks done once. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"

bool ac_grow(void *items_ptr, size_t *cap, size_t need, size_t size, size_t first)
{
  size_t ncap = *cap != 0 ? *cap : (first != 0 ? first : 1);
  void *items, *grown;

  if (need <= *cap)
    return true;
  while (ncap < need) {
    if (ncap > SIZE_MAX / 2)
      return false;
    ncap *= 2;
  }
  if (ncap > SIZE_MAX / size)
    return false;
  /* Through memcpy: the array pointer's own type (T *) is the caller's. */
  memcpy(&items, items_ptr, sizeof items);
  grown = realloc(items, ncap * size);
  if (grown == NULL)
    return false;
  memcpy(items_ptr, &grown, sizeof grown);
  *cap = ncap;
  return true;
}
