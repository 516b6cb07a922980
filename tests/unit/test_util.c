/* util: the page arena and the line map behave as reporters rely on. */
#include <criterion/criterion.h>
#include <string.h>

#include "util/arena.h"
#include "util/linemap.h"

Test(util, linemap_counts_code_points_not_bytes)
{
  static const char text[] = "ab\n\xc3\xa9t\xc3\xa9 x";   /* line 2 is "été x" */
  ac_linemap *m = ac_linemap_new(text, sizeof text - 1);
  ac_pos p = ac_linemap_pos(m, 9);                        /* byte 9 is the 'x' */

  cr_assert_eq(p.line, 2);
  cr_assert_eq(p.column, 5, "column counts code points, got %u", p.column);
  ac_linemap_free(m);
}

Test(util, linemap_first_byte_is_line_one_column_one)
{
  ac_linemap *m = ac_linemap_new("x", 1);
  ac_pos p = ac_linemap_pos(m, 0);

  cr_assert_eq(p.line, 1);
  cr_assert_eq(p.column, 1);
  ac_linemap_free(m);
}

Test(util, arena_push_keeps_earlier_elements_when_it_grows)
{
  ac_arena *a = ac_arena_new(0);
  int *items = NULL;
  size_t n = 0, cap = 0;

  for (int i = 0; i < 1000; i++)
    *(int *)ac_arena_push(a, &items, &n, &cap, sizeof *items, 0) = i;
  cr_assert_eq(n, 1000);
  for (int i = 0; i < 1000; i++)
    cr_assert_eq(items[i], i);
  ac_arena_free(a);
}

Test(util, arena_refuses_past_its_limit)
{
  ac_arena *a = ac_arena_new(1024);

  cr_assert_not_null(ac_arena_alloc(a, 512));
  cr_assert_null(ac_arena_alloc(a, 4096), "an allocation over the limit must fail");
  ac_arena_free(a);
}

Test(util, arena_strndup_terminates_and_copies)
{
  ac_arena *a = ac_arena_new(0);
  char *s = ac_arena_strndup(a, "hello world", 5);

  cr_assert_str_eq(s, "hello");
  ac_arena_free(a);
}
