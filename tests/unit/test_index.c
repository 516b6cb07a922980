/*
 * The index of originals: storing, replacing, matching, refusing foreign
 * files, migrating old ones and failing cleanly when the disk says no.
 * Pages are built in memory (text + URL in their facts) and fingerprinted.
 */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "attrcheck.h"
#include "index/index.h"
#include "page/page.h"
#include "support.h"

/* Deterministic article-like text: n words from a 4096-word vocabulary, seeded per document. */
static char *words(unsigned seed, size_t n)
{
  static const char *const syl[] = {"ka", "lo", "mi", "ne", "tor", "vas", "pel", "dri",
                                    "sun", "gra", "fe", "bo", "qui", "ran", "zel", "hu"};
  char *out = malloc(n * 16 + 1);
  size_t used = 0;
  uint32_t x = seed * 2654435761u + 12345u;

  for (size_t i = 0; i < n; i++) {
    x = x * 1103515245u + 12345u;
    uint32_t v = (x >> 8) & 0xfff;
    used += (size_t)sprintf(out + used, "%s%s%s%s%s", i ? " " : "", syl[v & 15],
                            syl[(v >> 4) & 15], syl[(v >> 8) & 15], i % 12 == 11 ? "." : "");
  }
  out[used] = '\0';
  return out;
}

static char *concat(const char *a, const char *b)
{
  char *out = malloc(strlen(a) + strlen(b) + 2);

  sprintf(out, "%s %s", a, b);
  return out;
}

/* A page as extraction would leave it: main text and URL in its facts, fingerprinted. */
static ac_page *make_page(const char *url, const char *text)
{
  ac_page *p = NULL;
  ac_error err = {0};

  cr_assert_eq(ac_page_load_buffer(&p, url ? url : "page.html", "<p>x</p>", 8, NULL, &err), 0,
               "%s", err.msg);
  p->facts.main_text = ac_arena_strdup(p->arena, text);
  p->facts.main_len = strlen(text);
  p->facts.url = url ? ac_arena_strdup(p->arena, url) : NULL;
  p->facts.title = "A title";
  p->extracted = true;
  cr_assert_eq(ac_page_fingerprint(p, NULL, &err), 0, "%s", err.msg);
  return p;
}

static char *index_path(void)
{
  char *dir = temp_dir();
  char *path = malloc(strlen(dir) + 16);

  sprintf(path, "%s/orig.db", dir);
  free(dir);
  return path;
}

static ac_index *open_new(const char *path)
{
  ac_index *ix = NULL;
  ac_error err = {0};

  cr_assert_eq(ac_index_open(&ix, path, AC_INDEX_WRITE | AC_INDEX_CREATE, &err), 0, "%s",
               err.msg);
  return ix;
}

static ac_add_result add_text(ac_index *ix, const char *url, const char *text)
{
  ac_page *p = make_page(url, text);
  ac_add_result res = AC_ADDED;
  ac_error err = {0};

  cr_assert_eq(ac_index_add(ix, p, url, &res, &err), 0, "%s", err.msg);
  ac_page_free(p);
  return res;
}

/* Matches of a page with `text` published at `url`; the page is returned for inspection. */
static ac_page *match_text(ac_index *ix, const char *url, const char *text, size_t *n)
{
  ac_page *p = make_page(url, text);
  ac_error err = {0};

  cr_assert_eq(ac_index_match(ix, p, NULL, &err), 0, "%s", err.msg);
  ac_page_matches(p, n);
  return p;
}

static void fill_sites(ac_index *ix, unsigned n_sites, unsigned per_site, const char *footer)
{
  for (unsigned s = 0; s < n_sites; s++)
    for (unsigned i = 0; i < per_site; i++) {
      char url[96];
      char *body = words(100 * s + i + 1, 300);
      char *text = footer ? concat(body, footer) : strdup(body);

      snprintf(url, sizeof url, "https://www.site%u.example/a/%u", s, i);
      add_text(ix, url, text);
      free(body);
      free(text);
    }
}

Test(index, page_copying_one_original_among_many_is_matched_with_its_coverage)
{
  char *path = index_path();
  ac_index *ix = open_new(path);
  char *orig = words(100 * 3 + 7 + 1, 300);   /* site3, article 7 */
  char *own = words(99999, 300);
  char half[4096];
  size_t n = 0;
  ac_page *p;
  const ac_match *m;

  fill_sites(ix, 6, 10, NULL);
  /* The copy: the original's first 150 words, then 300 words of its own. */
  snprintf(half, sizeof half, "%.*s", (int)(strchr(orig + strlen(orig) / 2, ' ') - orig), orig);
  char *copy = concat(half, own);
  p = match_text(ix, "https://copier.example/x", copy, &n);
  m = ac_page_matches(p, &n);
  cr_assert_eq(n, 1, "one original is copied, got %zu matches", n);
  cr_expect_str_eq(m[0].url, "https://www.site3.example/a/7");
  cr_expect_str_eq(m[0].host, "www.site3.example");
  cr_expect(m[0].original_coverage > 0.45 && m[0].original_coverage < 0.55,
            "half of the original is copied, got %.2f", m[0].original_coverage);
  cr_expect(m[0].page_coverage > 0.28 && m[0].page_coverage < 0.38,
            "a third of the page is copied, got %.2f", m[0].page_coverage);
  cr_expect_gt(m[0].n_passages, 0);
  cr_expect_str_eq(m[0].title, "A title");
  ac_page_free(p);
  free(copy);
  free(orig);
  free(own);
  ac_index_close(ix);
  free(path);
}

Test(index, an_original_too_short_to_fingerprint_does_not_break_matching)
{
  char *path = index_path();
  ac_index *ix = open_new(path);
  char *orig = words(4242, 300);
  size_t n = 0;
  ac_page *p;

  add_text(ix, "https://short.example/brief", "Two words");   /* first row, no postings */
  add_text(ix, "https://www.site9.example/a/1", orig);
  p = match_text(ix, "https://copier.example/y", orig, &n);
  cr_assert_eq(n, 1, "the copied original is still found, got %zu matches", n);
  cr_expect_str_eq(ac_page_matches(p, &n)[0].url, "https://www.site9.example/a/1");
  ac_page_free(p);
  free(orig);
  ac_index_close(ix);
  free(path);
}

Test(index, site_boilerplate_does_not_make_originals_of_the_site_match_each_other)
{
  char *path = index_path();
  ac_index *ix = open_new(path);
  char *footer = words(4242, 80);   /* the same 80 words under every article of each site */
  size_t n = 0;

  ix->merge_at = 5;                  /* some originals merged, the others still fresh */
  fill_sites(ix, 2, 6, footer);
  for (unsigned i = 0; i < 6; i++) {
    char url[96];
    char *body = words(100 + i + 1, 300);   /* site1's articles */
    char *text = concat(body, footer);
    ac_page *p;

    snprintf(url, sizeof url, "https://www.site1.example/a/%u", i);
    p = match_text(ix, url, text, &n);
    cr_expect_eq(n, 0, "%s matched %zu originals through the shared footer", url, n);
    ac_page_free(p);
    if (i == 2) {   /* the same article copied elsewhere still finds exactly its original */
      p = match_text(ix, "https://copier.example/y", text, &n);
      cr_expect_eq(n, 1, "a copy of %s matched %zu originals", url, n);
      if (n == 1)
        cr_expect_str_eq(ac_page_matches(p, &n)[0].url, url);
      ac_page_free(p);
    }
    free(body);
    free(text);
  }
  free(footer);
  ac_index_close(ix);
  free(path);
}

Test(index, a_blurb_on_many_sites_is_common_and_matches_nothing)
{
  char *path = index_path();
  ac_index *ix = open_new(path);
  char *blurb = words(777, 80);      /* a license blurb under articles of 30 sites */
  char *own = words(778, 300);
  char *page = concat(own, blurb);
  ac_index_stats st;
  ac_error err = {0};
  size_t n = 0;
  ac_page *p;

  ix->merge_at = 12;                 /* the blurb's count spans merged and fresh postings */
  fill_sites(ix, 30, 1, blurb);
  p = match_text(ix, "https://elsewhere.example/p", page, &n);
  cr_expect_eq(n, 0, "the blurb alone made %zu matches", n);
  ac_page_free(p);
  cr_assert_eq(ac_index_stats_get(ix, &st, &err), 0, "%s", err.msg);
  cr_expect_gt(st.common_fingerprints, 0);
  cr_expect_eq(st.common_df, 20);
  free(page);
  free(own);
  free(blurb);
  ac_index_close(ix);
  free(path);
}

Test(index, a_page_never_matches_the_original_stored_under_its_own_url)
{
  char *path = index_path();
  ac_index *ix = open_new(path);
  char *text = words(31, 300);
  size_t n = 0;
  ac_page *p;

  add_text(ix, "https://self.example/a", text);
  p = match_text(ix, "https://self.example/a", text, &n);
  cr_expect_eq(n, 0, "the original matched itself");
  ac_page_free(p);
  p = match_text(ix, "https://other.example/a", text, &n);
  cr_expect_eq(n, 1);
  if (n == 1) {
    const ac_match *m = ac_page_matches(p, &n);

    cr_expect_eq(m[0].cls, AC_COPY_VERBATIM, "class %s", ac_copy_class_name(m[0].cls));
    cr_expect(m[0].page_coverage > 0.99 && m[0].original_coverage > 0.99);
  }
  ac_page_free(p);
  /* A copy known only by its canonical, which names the original: it is not the original. */
  p = make_page("https://self.example/a", text);
  p->facts.url_assumed = true;
  cr_assert_eq(ac_index_match(ix, p, NULL, &(ac_error){0}), 0);
  ac_page_matches(p, &n);
  cr_expect_eq(n, 1, "an assumed URL hid the copied original");
  ac_page_free(p);
  free(text);
  ac_index_close(ix);
  free(path);
}

Test(index, readding_the_same_text_under_the_same_url_changes_nothing)
{
  char *path = index_path();
  ac_index *ix = open_new(path);
  char *text = words(7, 400);
  ac_index_stats before, after;
  ac_error err = {0};

  cr_expect_eq(add_text(ix, "https://a.example/1", text), AC_ADDED);
  cr_assert_eq(ac_index_stats_get(ix, &before, &err), 0, "%s", err.msg);
  cr_expect_eq(add_text(ix, "https://a.example/1", text), AC_UNCHANGED);
  cr_assert_eq(ac_index_stats_get(ix, &after, &err), 0, "%s", err.msg);
  cr_expect_eq(after.originals, 1);
  cr_expect_eq(after.fingerprints, before.fingerprints);
  cr_expect_gt(after.fingerprints, 0);
  cr_expect_eq(after.text_bytes, strlen(text));
  cr_expect_eq(ac_index_verify(ix, &err), 0, "%s", err.msg);
  free(text);
  ac_index_close(ix);
  free(path);
}

Test(index, new_text_under_a_known_url_replaces_the_original)
{
  char *path = index_path();
  ac_index *ix = open_new(path);
  char *old_text = words(11, 300), *new_text = words(12, 300);
  ac_index_stats st;
  ac_error err = {0};
  size_t n = 0;
  ac_page *p;

  ix->merge_at = 2;                  /* the old text is merged when replaced; the new one fresh */
  fill_sites(ix, 1, 3, NULL);
  cr_expect_eq(add_text(ix, "https://b.example/1", old_text), AC_ADDED);
  cr_expect_eq(add_text(ix, "https://b.example/1", new_text), AC_REPLACED);
  cr_assert_eq(ac_index_stats_get(ix, &st, &err), 0, "%s", err.msg);
  cr_expect_eq(st.originals, 4);
  p = match_text(ix, NULL, old_text, &n);
  cr_expect_eq(n, 0, "the replaced text is gone, yet %zu matches", n);
  ac_page_free(p);
  p = match_text(ix, NULL, new_text, &n);
  cr_expect_eq(n, 1);
  ac_page_free(p);
  cr_expect_eq(ac_index_verify(ix, &err), 0, "%s", err.msg);
  cr_expect_eq(ac_index_remove(ix, "https://b.example/1", &err), 0, "%s", err.msg);
  cr_expect_eq(ac_index_remove(ix, "https://b.example/1", &err), AC_ENOTFOUND);
  cr_expect_eq(ac_index_verify(ix, &err), 0, "%s", err.msg);
  free(old_text);
  free(new_text);
  ac_index_close(ix);
  free(path);
}

static int count_one(const ac_original *o, void *ctx)
{
  (void)o;
  ++*(int *)ctx;
  return 0;
}

Test(index, an_index_with_the_older_schema_is_migrated_when_opened_for_writing)
{
  char *path = index_path();
  char *text = words(21, 300);
  ac_index *ix = NULL;
  ac_error err = {0};
  int count = 0;
  size_t n = 0;
  ac_page *p;

  cr_assert_eq(ac_index__create_legacy(path, 1, "https://old.example/a", text, &err), 0, "%s",
               err.msg);
  cr_expect_eq(ac_index_open(&ix, path, AC_INDEX_READONLY, &err), AC_EINVALID);
  cr_expect(strstr(err.msg, "older") != NULL, "%s", err.msg);
  cr_assert_eq(ac_index_open(&ix, path, AC_INDEX_WRITE, &err), 0, "%s", err.msg);
  cr_expect_eq(ac_index_verify(ix, &err), 0, "%s", err.msg);
  cr_expect_eq(ac_index_foreach(ix, count_one, &count, &err), 0, "%s", err.msg);
  cr_expect_eq(count, 1);
  p = match_text(ix, NULL, text, &n);
  cr_expect_eq(n, 1, "the migrated original is still found");
  ac_page_free(p);
  cr_expect_eq(add_text(ix, "https://old.example/a", text), AC_UNCHANGED);
  ac_index_close(ix);
  cr_assert_eq(ac_index_open(&ix, path, AC_INDEX_READONLY, &err), 0, "%s", err.msg);
  ac_index_close(ix);
  free(text);
  free(path);
}

Test(index, an_index_with_schema_2_is_migrated_to_3_and_keeps_finding_its_originals)
{
  char *path = index_path();
  char *text = words(22, 300), *other = words(23, 300);
  ac_index *ix = NULL;
  ac_index_stats st;
  ac_error err = {0};
  size_t n = 0;
  ac_page *p;

  cr_assert_eq(ac_index__create_legacy(path, 2, "https://old.example/b", text, &err), 0, "%s",
               err.msg);
  cr_expect_eq(ac_index_open(&ix, path, AC_INDEX_READONLY, &err), AC_EINVALID);
  cr_assert_eq(ac_index_open(&ix, path, AC_INDEX_WRITE, &err), 0, "%s", err.msg);
  cr_expect_eq(ix->merge_at, AC_INDEX_DEFAULT_MERGE_AT);
  cr_expect_eq(ac_index_verify(ix, &err), 0, "%s", err.msg);
  cr_expect_eq(add_text(ix, "https://new.example/c", other), AC_ADDED);
  p = match_text(ix, NULL, text, &n);
  cr_expect_eq(n, 1, "the migrated (merged) original is still found");
  ac_page_free(p);
  p = match_text(ix, NULL, other, &n);
  cr_expect_eq(n, 1, "the original added after migrating (fresh) is found");
  ac_page_free(p);
  cr_assert_eq(ac_index_stats_get(ix, &st, &err), 0, "%s", err.msg);
  cr_expect_eq(st.originals, 2);
  cr_expect_eq(st.fresh_originals, 1);
  ac_index_close(ix);
  cr_assert_eq(ac_index_open(&ix, path, AC_INDEX_READONLY, &err), 0, "%s", err.msg);
  ac_index_close(ix);
  free(text);
  free(other);
  free(path);
}

Test(index, originals_are_found_the_same_before_and_after_their_postings_are_merged)
{
  char *path = index_path();
  ac_index *ix = open_new(path);
  ac_index_stats before, after;
  ac_error err = {0};

  ix->merge_at = 1000;
  fill_sites(ix, 3, 4, NULL);
  cr_assert_eq(ac_index_stats_get(ix, &before, &err), 0, "%s", err.msg);
  cr_expect_eq(before.fresh_originals, 12);
  ix->merge_at = 12;                 /* the next write merges all 13 */
  cr_expect_eq(add_text(ix, "https://late.example/x", "late words"), AC_ADDED);
  cr_assert_eq(ac_index_stats_get(ix, &after, &err), 0, "%s", err.msg);
  cr_expect_eq(after.fresh_originals, 0);
  cr_expect_eq(after.distinct_fingerprints, before.distinct_fingerprints +
                                                (after.fingerprints - before.fingerprints));
  cr_expect_eq(ac_index_verify(ix, &err), 0, "%s", err.msg);
  for (unsigned s = 0; s < 3; s++)
    for (unsigned i = 0; i < 4; i++) {
      char url[96];
      char *text = words(100 * s + i + 1, 300);
      size_t n = 0;
      ac_page *p = match_text(ix, "https://copier.example/z", text, &n);

      snprintf(url, sizeof url, "https://www.site%u.example/a/%u", s, i);
      cr_expect_eq(n, 1, "a copy of %s matched %zu originals after the merge", url, n);
      if (n == 1)
        cr_expect_str_eq(ac_page_matches(p, &n)[0].url, url);
      ac_page_free(p);
      free(text);
    }
  ac_index_close(ix);
  free(path);
}

Test(index, a_file_that_is_not_an_index_is_refused_and_left_unchanged)
{
  static const char notes[] = "shopping list: bread, milk, a proper SQLite file this is not\n";
  char *path = index_path();
  ac_index *ix = NULL;
  ac_error err = {0};
  size_t len = 0;
  char *after;

  cr_assert_eq(write_file(path, notes, sizeof notes - 1), 0);
  cr_expect_eq(ac_index_open(&ix, path, AC_INDEX_WRITE | AC_INDEX_CREATE, &err), AC_EINVALID);
  cr_expect(strstr(err.msg, "not an attrcheck index") != NULL, "%s", err.msg);
  cr_expect_null(ix);
  after = read_file(path, &len);
  cr_expect_eq(len, sizeof notes - 1);
  cr_expect(after && memcmp(after, notes, len) == 0, "the file was changed");
  free(after);
  free(path);
}

/* Root ignores file modes, so make the file immutable instead (ext4 and most others). */
static bool make_read_only(const char *path, bool on)
{
  char cmd[600];

  if (geteuid() != 0)
    return chmod(path, on ? 0444 : 0644) == 0;
  snprintf(cmd, sizeof cmd, "chattr %ci '%s' 2>/dev/null", on ? '+' : '-', path);
  return system(cmd) == 0;
}

Test(index, a_read_only_index_gives_a_clear_error_and_no_write)
{
  char *path = index_path();
  ac_index *ix = open_new(path);
  ac_error err = {0};

  fill_sites(ix, 1, 2, NULL);
  ac_index_close(ix);
  ix = NULL;
  /* As root only an immutable flag makes a file read-only; some file systems have none. */
  if (!make_read_only(path, true)) {
    free(path);
    cr_skip_test("cannot make the index read-only here (chattr +i unsupported)");
  }
  int rc = ac_index_open(&ix, path, AC_INDEX_WRITE, &err);
  make_read_only(path, false);
  cr_expect_eq(rc, AC_EIO, "got %d: %s", rc, err.msg);
  cr_expect(strstr(err.msg, "read-only") != NULL, "%s", err.msg);
  cr_expect(strstr(err.msg, path) != NULL, "the message names the file: %s", err.msg);
  ac_index_close(ix);
  free(path);
}

Test(index, a_full_disk_stops_the_write_with_a_clear_error_and_keeps_what_was_committed)
{
  char *path = index_path();
  ac_index *ix = open_new(path);
  struct rlimit lim, small;
  ac_error err = {0};
  ac_index_stats st;
  int rc = 0, added = 0;

  fill_sites(ix, 1, 3, NULL);
  /* A file size limit stands for a full disk: writes past it fail as they would. */
  signal(SIGXFSZ, SIG_IGN);
  getrlimit(RLIMIT_FSIZE, &lim);
  small = lim;
  small.rlim_cur = 256 * 1024;
  setrlimit(RLIMIT_FSIZE, &small);
  for (unsigned i = 0; i < 400 && rc == 0; i++) {
    char url[64];
    char *text = words(5000 + i, 700);
    ac_page *p = make_page(NULL, text);
    ac_add_result res;

    snprintf(url, sizeof url, "https://full.example/%u", i);
    rc = ac_index_add(ix, p, url, &res, &err);
    added += rc == 0;
    ac_page_free(p);
    free(text);
  }
  setrlimit(RLIMIT_FSIZE, &lim);
  cr_expect_eq(rc, AC_EIO, "got %d: %s", rc, err.msg);
  cr_expect(strstr(err.msg, path) != NULL, "%s", err.msg);
  ac_index_close(ix);
  ix = open_new(path);
  cr_expect_eq(ac_index_verify(ix, &err), 0, "%s", err.msg);
  cr_assert_eq(ac_index_stats_get(ix, &st, &err), 0, "%s", err.msg);
  cr_expect_eq(st.originals, 3u + (unsigned)added);
  ac_index_close(ix);
  free(path);
}

/* --- the command line --------------------------------------------------------------------- */

Test(index, cli_add_takes_urls_from_canonical_and_lists_the_originals)
{
  char *db = index_path();
  char *dir = fixture_path("index/originals");
  const char *add[] = {"index", "add", "--index", db, dir, NULL};
  const char *list[] = {"index", "list", "--index", db, NULL};
  const char *verify[] = {"index", "verify", "--index", db, NULL};
  run_result r = run_cli(add, NULL, 0);

  cr_expect_eq(r.status, 0, "stderr: %s", r.err);
  cr_expect_eq(count_lines_with(r.out, "added https://harbour.example/2024/lanterns.html"), 1,
               "%s", r.out);
  cr_expect_eq(count_lines_with(r.out, "added https://valley.example/stories/copper.html"), 1);
  run_result_free(&r);
  r = run_cli(add, NULL, 0);
  cr_expect_eq(r.status, 0);
  cr_expect_eq(count_lines_with(r.out, "unchanged "), 2, "re-adding changes nothing: %s", r.out);
  run_result_free(&r);
  r = run_cli(list, NULL, 0);
  cr_expect_eq(r.status, 0);
  cr_expect_eq(count_lines_with(r.out, "https://harbour.example/2024/lanterns.html\t"), 1, "%s",
               r.out);
  run_result_free(&r);
  r = run_cli(verify, NULL, 0);
  cr_expect_eq(r.status, 0, "%s", r.err);
  cr_expect_eq(count_lines_with(r.out, ": ok (2 originals)"), 1, "%s", r.out);
  run_result_free(&r);
  free(dir);
  free(db);
}

Test(index, cli_base_url_names_originals_by_their_path_below_the_directory)
{
  char *db = index_path();
  char *dir = fixture_path("index/originals");
  const char *add[] = {"index", "add", "--index", db, "--base-url", "https://mirror.example/o/",
                       dir, NULL};
  const char *rm[] = {"index", "remove", "--index", db, "https://mirror.example/o/valley-post.html",
                      NULL};
  run_result r = run_cli(add, NULL, 0);

  cr_expect_eq(r.status, 0, "stderr: %s", r.err);
  cr_expect_eq(count_lines_with(r.out, "added https://mirror.example/o/harbour-news.html"), 1,
               "%s", r.out);
  run_result_free(&r);
  r = run_cli(rm, NULL, 0);
  cr_expect_eq(r.status, 0, "%s", r.err);
  run_result_free(&r);
  r = run_cli(rm, NULL, 0);
  cr_expect_eq(r.status, 2, "removing an absent URL fails");
  cr_expect(strstr(r.err, "no original") != NULL, "%s", r.err);
  run_result_free(&r);
  free(dir);
  free(db);
}

Test(index, cli_check_with_the_index_finds_the_copied_original)
{
  char *db = index_path();
  char *dir = fixture_path("index/originals");
  char *copy = fixture_path("index/copy-of-harbour.html");
  const char *add[] = {"index", "add", "--index", db, dir, NULL};
  const char *check[] = {"check", "--index", db, "--format", "csv", copy, NULL};
  run_result r = run_cli(add, NULL, 0);

  cr_assert_eq(r.status, 0, "stderr: %s", r.err);
  run_result_free(&r);
  r = run_cli(check, NULL, 0);
  cr_expect_neq(r.status, 2, "stderr: %s", r.err);
  cr_expect(strstr(r.out, "https://harbour.example/2024/lanterns.html") != NULL,
            "the report names the copied original: %s", r.out);
  cr_expect(strstr(r.out, "valley.example") == NULL, "%s", r.out);
  run_result_free(&r);
  free(copy);
  free(dir);
  free(db);
}

Test(index, cli_refuses_a_file_that_is_not_an_index_with_status_2)
{
  static const char notes[] = "not a database\n";
  char *db = index_path();
  char *dir = fixture_path("index/originals");
  const char *add[] = {"index", "add", "--index", db, dir, NULL};
  size_t len = 0;
  char *after;
  run_result r;

  cr_assert_eq(write_file(db, notes, sizeof notes - 1), 0);
  r = run_cli(add, NULL, 0);
  cr_expect_eq(r.status, 2);
  cr_expect(strstr(r.err, "not an attrcheck index") != NULL, "%s", r.err);
  cr_expect(strstr(r.err, db) != NULL, "the message names the file: %s", r.err);
  after = read_file(db, &len);
  cr_expect(len == sizeof notes - 1 && memcmp(after, notes, len) == 0, "the file was changed");
  free(after);
  run_result_free(&r);
  free(dir);
  free(db);
}

/* One writer process: opens the index itself and adds 40 originals in batches of 5. */
static int writer(const char *path, unsigned who)
{
  ac_index *ix = NULL;
  ac_error err = {0};

  if (ac_index_open(&ix, path, AC_INDEX_WRITE | AC_INDEX_CREATE, &err) < 0) {
    fprintf(stderr, "writer %u: %s\n", who, err.msg);
    return 1;
  }
  for (unsigned i = 0; i < 40; i++) {
    char url[64];
    char *text = words(1000 * who + i, 200);
    ac_page *p = make_page(NULL, text);
    ac_add_result res;
    int rc = i % 5 == 0 ? ac_index_begin(ix, &err) : 0;

    snprintf(url, sizeof url, "https://w%u.example/%u", who, i);
    if (rc == 0)
      rc = ac_index_add(ix, p, url, &res, &err);
    if (rc == 0 && (i % 5 == 4 || i == 39))
      rc = ac_index_commit(ix, &err);
    ac_page_free(p);
    free(text);
    if (rc < 0) {
      fprintf(stderr, "writer %u: %s\n", who, err.msg);
      ac_index_close(ix);
      return 1;
    }
  }
  ac_index_close(ix);
  return 0;
}

Test(index, four_processes_adding_to_one_file_at_once_all_succeed)
{
  char *path = index_path();
  pid_t pids[4];
  ac_index *ix;
  ac_index_stats st;
  ac_error err = {0};

  for (unsigned w = 0; w < 4; w++) {
    pids[w] = fork();
    cr_assert_neq(pids[w], -1);
    if (pids[w] == 0)
      _exit(writer(path, w));
  }
  for (unsigned w = 0; w < 4; w++) {
    int status = 0;

    waitpid(pids[w], &status, 0);
    cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0, "writer %u failed", w);
  }
  cr_assert_eq(ac_index_open(&ix, path, AC_INDEX_READONLY, &err), 0, "%s", err.msg);
  cr_expect_eq(ac_index_verify(ix, &err), 0, "%s", err.msg);
  cr_assert_eq(ac_index_stats_get(ix, &st, &err), 0, "%s", err.msg);
  cr_expect_eq(st.originals, 160);
  ac_index_close(ix);
  free(path);
}

/* A crafted file with a never-ending view in place of a table must be refused, not hang. */
Test(index, a_file_with_views_planted_in_it_is_refused_at_once, .timeout = 300)
{
  char *path = index_path();
  ac_index *ix = open_new(path);
  ac_error err = {0};
  sqlite3 *db = NULL;

  fill_sites(ix, 1, 2, NULL);
  ac_index_close(ix);
  ix = NULL;
  cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
  cr_assert_eq(sqlite3_exec(db,
                            "ALTER TABLE meta RENAME TO meta_old;"
                            "CREATE VIEW meta AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL "
                            "SELECT x + 1 FROM c) SELECT 'k' AS key, x AS value FROM c;",
                            NULL, NULL, NULL),
               SQLITE_OK);
  sqlite3_close(db);
  cr_assert_eq(ac_index_open(&ix, path, AC_INDEX_READONLY, &err), AC_EINVALID, "%s", err.msg);
  cr_assert(strstr(err.msg, path) != NULL, "the message names the file: %s", err.msg);
  ac_index_close(ix);
  free(path);
}

Test(index, readers_leave_no_wal_or_shm_file_beside_the_index)
{
  char *path = index_path(), side[4096];
  ac_index *ix = open_new(path), *reader = NULL;
  char *text = words(77, 300);
  ac_error err = {0};
  size_t n = 0;
  ac_page *p;

  add_text(ix, "https://up.example/a", text);
  ac_index_close(ix);
  cr_assert_eq(ac_index_open(&reader, path, AC_INDEX_READONLY, &err), 0, "%s", err.msg);
  p = match_text(reader, "https://copy.example/a", text, &n);
  cr_assert_eq(n, 1);
  cr_assert_eq(ac_index_add(reader, p, "https://copy.example/a", NULL, &err), AC_EINVALID,
               "a reader never writes");
  ac_page_free(p);
  ac_index_close(reader);
  snprintf(side, sizeof side, "%s-wal", path);
  cr_assert_neq(access(side, F_OK), 0, "%s is left behind", side);
  snprintf(side, sizeof side, "%s-shm", path);
  cr_assert_neq(access(side, F_OK), 0, "%s is left behind", side);
  free(text);
  free(path);
}

/* Few originals with many postings merge too, long before readers' ceiling on fresh postings. */
Test(index, fresh_postings_are_merged_when_they_grow_many_whatever_the_originals_count)
{
  char *path = index_path();
  ac_index *ix = open_new(path);
  ac_index_stats st;
  ac_error err = {0};
  char *a = words(501, 400), *b = words(502, 400);

  ix->merge_at = 1000;
  add_text(ix, "https://many.example/a", a);
  cr_assert_eq(ac_index_stats_get(ix, &st, &err), 0, "%s", err.msg);
  cr_assert_eq(st.fresh_originals, 1);
  ix->merge_postings = (size_t)st.fresh_fingerprints + 1;  /* the next original passes it */
  add_text(ix, "https://many.example/b", b);
  cr_assert_eq(ac_index_stats_get(ix, &st, &err), 0, "%s", err.msg);
  cr_expect_eq(st.fresh_originals, 0, "merged at %zu postings", ix->merge_postings);
  cr_expect_eq(st.originals, 2);
  cr_expect_eq(ac_index_verify(ix, &err), 0, "%s", err.msg);
  ac_index_close(ix);
  free(a);
  free(b);
  free(path);
}
