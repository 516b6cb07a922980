/* util: the page arena and the line map behave as reporters rely on. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "attrcheck/error.h"
#include "support.h"
#include "util/arena.h"
#include "util/file.h"
#include "util/grow.h"
#include "util/linemap.h"
#include "util/utf8.h"

Test(util, linemap_counts_code_points_not_bytes)
{
  static const char text[] = "ab\n\xc3\xa9t\xc3\xa9 x";   /* line 2 is "été x" */
  ac_linemap *m = ac_linemap_new(text, sizeof text - 1);
  ac_pos p = ac_linemap_pos(m, 9);                        /* byte 9 is the 'x' */

  cr_assert_eq(p.line, 2);
  cr_assert_eq(p.column, 5, "column counts code points, got %u", p.column);
  ac_linemap_free(m);
}

Test(util, linemap_counts_crlf_once_and_a_lone_cr_as_a_line_break)
{
  const char text[] = "a\r\nb\rc\nd";      /* lines: a | b | c | d */
  ac_linemap *m = ac_linemap_new(text, sizeof text - 1);
  ac_pos b = ac_linemap_pos(m, 3), c = ac_linemap_pos(m, 5), d = ac_linemap_pos(m, 7);

  cr_assert_eq(b.line, 2);
  cr_assert_eq(c.line, 3);
  cr_assert_eq(c.column, 1);
  cr_assert_eq(d.line, 4);
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

/* Each call's code point and how far it moved, over a whole string. */
static void decode_all(const char *s, size_t len, int32_t *cps, size_t *steps, size_t *n)
{
  size_t i = 0;

  *n = 0;
  while (i < len) {
    size_t before = i;
    cps[*n] = ac_utf8_next(s, len, &i);
    steps[(*n)++] = i - before;
  }
}

Test(util, utf8_decodes_well_formed_sequences_of_every_length)
{
  const char s[] = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80";   /* a é € 😀 */
  int32_t cps[8];
  size_t steps[8], n;

  decode_all(s, sizeof s - 1, cps, steps, &n);
  cr_assert_eq(n, 4);
  cr_assert_eq(cps[1], 0xE9);
  cr_assert_eq(cps[2], 0x20AC);
  cr_assert_eq(cps[3], 0x1F600);
  cr_assert_eq(steps[3], 4);
}

Test(util, utf8_replaces_each_maximal_subpart_once)
{
  /* overlong (2 bad bytes), surrogate (3), cut euro (1 subpart of 2), past U+10FFFF (4) */
  const char s[] = "\xc0\xaf\xed\xa0\x80\xe2\x82\xf4\x90\x80\x80";
  int32_t cps[16];
  size_t steps[16], n;

  decode_all(s, sizeof s - 1, cps, steps, &n);
  cr_assert_eq(n, 10);
  for (size_t k = 0; k < n; k++)
    cr_assert_eq(cps[k], -1, "call %zu", k);
  cr_assert_eq(steps[5], 2, "\\xe2\\x82 is one subpart");
}

Test(util, grow_keeps_contents_and_refuses_overflowing_sizes)
{
  int *items = NULL;
  size_t cap = 0;

  cr_assert(ac_grow(&items, &cap, 3, sizeof *items, 2));
  cr_assert_geq(cap, 3);
  items[0] = 7;
  cr_assert(ac_grow(&items, &cap, 100, sizeof *items, 2));
  cr_assert_eq(items[0], 7);
  size_t before = cap;
  cr_assert_not(ac_grow(&items, &cap, SIZE_MAX / 2, sizeof *items, 2));
  cr_assert_eq(cap, before, "a refused growth leaves the array as it was");
  cr_assert_eq(items[0], 7);
  free(items);
}

static char *read_all(const char *path)
{
  FILE *f = fopen(path, "r");
  unsigned char *text = NULL;
  size_t len = 0;

  cr_assert_not_null(f, "%s", path);
  cr_assert_eq(ac_read_stream(f, 1 << 20, &text, &len), 0);
  fclose(f);
  return (char *)text;
}

Test(util, atomic_write_replaces_the_target_whole_with_umask_permissions_and_links_themselves)
{
  char *dir = temp_dir(), path[512], link[512];
  ac_atomic a;
  struct stat st;
  char *text;
  mode_t old = umask(022);

  snprintf(path, sizeof path, "%s/baseline.txt", dir);
  snprintf(link, sizeof link, "%s/link.txt", dir);
  cr_assert_eq(write_file(path, "old\n", 4), 0);
  cr_assert_eq(symlink("baseline.txt", link), 0);
  cr_assert_eq(ac_atomic_open(&a, path), 0);
  fputs("new\n", a.f);
  text = read_all(path);
  cr_assert_str_eq(text, "old\n", "nothing shows before the commit");
  free(text);
  cr_assert_eq(ac_atomic_commit(&a), 0);
  text = read_all(path);
  cr_assert_str_eq(text, "new\n");
  free(text);
  cr_assert_eq(stat(path, &st), 0);
  cr_assert_eq(st.st_mode & 0777, 0644);

  /* A link is replaced itself: what it points to is never written. */
  cr_assert_eq(ac_atomic_open(&a, link), 0);
  fputs("through the link\n", a.f);
  cr_assert_eq(ac_atomic_commit(&a), 0);
  cr_assert_eq(lstat(link, &st), 0);
  cr_assert(S_ISREG(st.st_mode), "the link is now the written file");
  text = read_all(path);
  cr_assert_str_eq(text, "new\n", "the link's target is untouched");
  free(text);

  cr_assert_eq(chmod(path, 0600), 0);
  cr_assert_eq(ac_atomic_open(&a, path), 0);
  fputs("private\n", a.f);
  cr_assert_eq(ac_atomic_commit(&a), 0);
  cr_assert_eq(stat(path, &st), 0);
  cr_assert_eq(st.st_mode & 0777, 0600, "a replaced file keeps its permissions");

  cr_assert_eq(ac_atomic_open(&a, path), 0);
  fputs("abandoned", a.f);
  ac_atomic_abort(&a);
  text = read_all(path);
  cr_assert_str_eq(text, "private\n", "an abandoned write leaves the file as it was");
  free(text);
  umask(old);
  unlink(link);
  unlink(path);
  rmdir(dir);
  free(dir);
}

/* An error keeps its position as fields; the message carries it once, in front. */
Test(error, keeps_path_line_and_column_as_data)
{
  ac_error err;

  ac_error_clear(&err);
  cr_assert_eq(ac_error_set_file(&err, AC_EINVALID, "rules/fr.xml", 12, 5, "unknown check '%s'",
                                 "foo"),
               AC_EINVALID);
  cr_assert_str_eq(err.path, "rules/fr.xml");
  cr_assert_eq(err.line, 12);
  cr_assert_eq(err.column, 5);
  cr_assert_str_eq(err.msg, "rules/fr.xml:12:5: unknown check 'foo'");
  cr_assert_str_eq(ac_error_what(&err), "unknown check 'foo'");
}

/* Unknown parts of the position are left out, never printed as 0. */
Test(error, leaves_out_unknown_parts_of_the_position)
{
  ac_error err;

  ac_error_set_file(&err, AC_EIO, "a.html", 0, 0, "cannot open");
  cr_assert_str_eq(err.msg, "a.html: cannot open");
  ac_error_set_file(&err, AC_EINVALID, "base.tsv", 3, 0, "bad line");
  cr_assert_str_eq(err.msg, "base.tsv:3: bad line");
  ac_error_set_file(&err, AC_ENOMEM, NULL, 0, 0, "out of memory");
  cr_assert_str_eq(err.msg, "out of memory");
  cr_assert_str_eq(err.path, "");
  cr_assert_str_eq(ac_error_what(&err), "out of memory");
}
