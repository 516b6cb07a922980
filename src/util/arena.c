#include "arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * A list of chunks; allocations bump a pointer in the newest one. Built with
 * AC_ARENA_DEBUG, every allocation is its own malloc so AddressSanitizer sees
 * overruns between items (libgit2's DEBUG_POOL idea).
 */
#define CHUNK_MIN 16384u
#define ALIGN 16u

typedef struct chunk {
  struct chunk *next;
  size_t size, used;
  _Alignas(16) unsigned char data[];
} chunk;

struct ac_arena {
  chunk *head;
  size_t limit, used;
};

ac_arena *ac_arena_new(size_t limit)
{
  ac_arena *a = calloc(1, sizeof *a);

  if (a != NULL)
    a->limit = limit;
  return a;
}

void ac_arena_free(ac_arena *a)
{
  if (a == NULL)
    return;
  for (chunk *c = a->head, *next; c != NULL; c = next) {
    next = c->next;
    free(c);
  }
  free(a);
}

static chunk *chunk_new(size_t size)
{
  chunk *c = malloc(sizeof *c + size);

  if (c == NULL)
    return NULL;
  c->size = size;
  c->used = 0;
  c->next = NULL;
  return c;
}

void *ac_arena_alloc(ac_arena *a, size_t size)
{
  size_t rounded = (size + ALIGN - 1) & ~(size_t)(ALIGN - 1);
  chunk *c;

  if (rounded < size || (a->limit != 0 && rounded > a->limit - a->used))
    return NULL;
#ifdef AC_ARENA_DEBUG
  c = chunk_new(size);
  if (c == NULL)
    return NULL;
  c->next = a->head;
  a->head = c;
#else
  c = a->head;
  if (c == NULL || c->size - c->used < rounded) {
    size_t want = rounded > CHUNK_MIN ? rounded : CHUNK_MIN;
    chunk *fresh = chunk_new(want);
    if (fresh == NULL)
      return NULL;
    /* A big item gets its own chunk behind the head so the head keeps its room. */
    if (c != NULL && rounded > CHUNK_MIN) {
      fresh->next = c->next;
      c->next = fresh;
    } else {
      fresh->next = c;
      a->head = fresh;
    }
    c = fresh;
  }
#endif
  void *p = c->data + c->used;
  c->used += rounded;
  a->used += rounded;
  memset(p, 0, size);
  return p;
}

char *ac_arena_strndup(ac_arena *a, const char *s, size_t len)
{
  char *p = ac_arena_alloc(a, len + 1);

  if (p == NULL)
    return NULL;
  if (len > 0)
    memcpy(p, s, len);
  p[len] = '\0';
  return p;
}

char *ac_arena_strdup(ac_arena *a, const char *s)
{
  return s == NULL ? NULL : ac_arena_strndup(a, s, strlen(s));
}

char *ac_arena_vprintf(ac_arena *a, const char *fmt, va_list ap)
{
  va_list copy;
  int n;
  char *p;

  va_copy(copy, ap);
  n = vsnprintf(NULL, 0, fmt, copy);
  va_end(copy);
  if (n < 0)
    return NULL;
  p = ac_arena_alloc(a, (size_t)n + 1);
  if (p != NULL)
    vsnprintf(p, (size_t)n + 1, fmt, ap);
  return p;
}

char *ac_arena_printf(ac_arena *a, const char *fmt, ...)
{
  va_list ap;
  char *p;

  va_start(ap, fmt);
  p = ac_arena_vprintf(a, fmt, ap);
  va_end(ap);
  return p;
}

size_t ac_arena_used(const ac_arena *a)
{
  return a->used;
}

void *ac_arena_push(ac_arena *a, void *items_ptr, size_t *count, size_t *cap, size_t size,
                    size_t max)
{
  void **items = items_ptr;
  unsigned char *slot;

  if (max != 0 && *count >= max)
    return NULL;
  if (*count == *cap) {
    size_t ncap = *cap ? *cap * 2 : 8;
    void *grown = ac_arena_alloc(a, ncap * size);   /* the old array stays until the page goes */
    if (grown == NULL)
      return NULL;
    if (*count > 0)
      memcpy(grown, *items, *count * size);
    *items = grown;
    *cap = ncap;
  }
  slot = (unsigned char *)*items + *count * size;
  memset(slot, 0, size);
  (*count)++;
  return slot;
}
