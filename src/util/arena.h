/* Page arena: many small allocations freed at once with the page. */
#ifndef AC_UTIL_ARENA_H
#define AC_UTIL_ARENA_H

#include <stdarg.h>
#include <stddef.h>

#include "attrcheck/common.h"

typedef struct ac_arena ac_arena;

/** A new arena that refuses to hold more than `limit` bytes (0: no limit). */
ac_arena *ac_arena_new(size_t limit);
void ac_arena_free(ac_arena *a);

/** Zeroed, aligned memory; NULL when out of memory or over the limit. */
void *ac_arena_alloc(ac_arena *a, size_t size);
/** A copy of s[0..len) with a NUL after it. */
char *ac_arena_strndup(ac_arena *a, const char *s, size_t len);
/** A copy of s; NULL stays NULL. */
char *ac_arena_strdup(ac_arena *a, const char *s);
char *ac_arena_printf(ac_arena *a, const char *fmt, ...) AC_PRINTF(2, 3);
char *ac_arena_vprintf(ac_arena *a, const char *fmt, va_list ap);
/** Bytes handed out so far. */
size_t ac_arena_used(const ac_arena *a);

/**
 * Append one zeroed element to an arena-backed array, doubling it when full.
 * Returns the new element, or NULL (out of memory, or `*count` at `max`).
 */
void *ac_arena_push(ac_arena *a, void *items_ptr, size_t *count, size_t *cap, size_t size,
                    size_t max);

#define ac_arena_new_of(a, type) ((type *)ac_arena_alloc((a), sizeof(type)))

#endif
