/*
 * Hostile index files and hostile surroundings for the index commands
 * (docs/limits.md, "Index files"): a crafted schema or an oversized original is
 * refused with a message naming the index (and the original), in bounded
 * memory, measured as the peak RSS of the CLI run in a child (wait4); output to
 * a full disk or a closed pipe, and `ulimit -f` during `index add`, end with
 * status 2 and the right words. Nothing here depends on the machine's speed.
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attrcheck.h"
#include "index/index.h"
#include "page/page.h"
#include "support.h"

/*
 * Peak RSS allowed for one CLI run on a crafted file. Loading what the file asks
 * for would cost several times more (a 64 MiB text costs ~500 MB to fingerprint,
 * the expression index below ~550 MB per row); sanitizer builds need more headroom.
 */
#if defined(__SANITIZE_ADDRESS__)
#define RSS_BOUND_KB (400 * 1024L)
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RSS_BOUND_KB (400 * 1024L)
#endif
#endif
#ifndef RSS_BOUND_KB
#define RSS_BOUND_KB (160 * 1024L)
#endif

static char *db_path(void)
{
  char *dir = temp_dir();
  char *path = malloc(strlen(dir) + 16);

  sprintf(path, "%s/orig.db", dir);
  free(dir);
  return path;
}

/* An index holding the two fixture originals (harbour, valley), made by `index add`. */
static char *fixture_index(void)
{
  char *db = db_path(), *dir = fixture_path("index/originals");
  const char *add[] = {"index", "add", "-q", "--index", db, dir, NULL};
  run_result s = run_cli(add, NULL, 0);

  cr_assert_eq(s.status, 0, "index add: %s", s.err);
  run_result_free(&s);
  free(dir);
  return db;
}

/* An index file with the schema and no original, made by the library. */
static char *empty_index(void)
{
  char *db = db_path();
  ac_index *ix = NULL;
  ac_error err = {0};

  cr_assert_eq(ac_index_open(&ix, db, AC_INDEX_WRITE | AC_INDEX_CREATE, &err), 0, "%s",
               err.msg);
  ac_index_close(ix);
  return db;
}

/* Change the file behind attrcheck's back, as an attacker with sqlite3 would. */
static void tamper(const char *db, const char *sql)
{
  sqlite3 *h = NULL;
  char *msg = NULL;

  cr_assert_eq(sqlite3_open(db, &h), SQLITE_OK);
  cr_assert_eq(sqlite3_exec(h, sql, NULL, NULL, &msg), SQLITE_OK, "%s: %s", sql,
               msg ? msg : "");
  sqlite3_close(h);
}

static void expect_refused(const run_result *s, const char *db, const char *words, long bound_kb)
{
  cr_expect_eq(s->status, 2, "status %d, stderr: %s", s->status, s->err);
  cr_expect(strstr(s->err, db) != NULL, "the message names the index: %s", s->err);
  cr_expect(strstr(s->err, words) != NULL, "the message says '%s': %s", words, s->err);
  cr_expect_lt(s->rss_kb, bound_kb, "peak RSS %ld KB", s->rss_kb);
}

/* Each command that opens an index, on the file at `db`. */
static void expect_every_command_refuses(const char *db, const char *words)
{
  char *orig = fixture_path("index/originals/harbour-news.html");
  char *copy = fixture_path("index/copy-of-harbour.html");
  const char *add[] = {"index", "add", "--index", db, orig, NULL};
  const char *verify[] = {"index", "verify", "--index", db, NULL};
  const char *check[] = {"check", "--index", db, copy, NULL};
  const char *const *cmds[] = {add, verify, check};

  for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++) {
    run_result s = run_cli(cmds[i], NULL, 0);

    expect_refused(&s, db, words, RSS_BOUND_KB);
    run_result_free(&s);
  }
  free(copy);
  free(orig);
}

/* Adding a row would evaluate the expression (hex of 50 MB of zeros, 550 MB): refused at open. */
Test(index_hostile, an_expression_index_is_refused_before_anything_evaluates_it, .timeout = 300)
{
  char *db = empty_index();

  tamper(db, "CREATE INDEX evil ON texts(length(replace(hex(zeroblob(50000000)),'0','ab')))");
  expect_every_command_refuses(db, "index 'evil', which attrcheck never creates");
  free(db);
}

/* What attrcheck never creates, or creates otherwise: each is named in the refusal. */
Test(index_hostile, a_planted_or_changed_schema_object_is_refused_by_name, .timeout = 300)
{
  static const struct {
    const char *sql, *words;
  } cases[] = {
      {"CREATE TRIGGER t1 AFTER INSERT ON texts BEGIN DELETE FROM meta; END",
       "trigger 't1', which attrcheck never creates"},
      {"CREATE VIEW v1 AS SELECT * FROM originals", "view 'v1', which attrcheck never creates"},
      {"CREATE TABLE extra(x)", "table 'extra', which attrcheck never creates"},
      {"ALTER TABLE originals ADD COLUMN x DEFAULT (hex(zeroblob(9)))",
       "table 'originals' is not as attrcheck creates it"},
      {"DROP INDEX originals_site", "no index 'originals_site'"},
  };

  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char *db = empty_index();
    const char *verify[] = {"index", "verify", "--index", db, NULL};
    run_result s;

    tamper(db, cases[i].sql);
    s = run_cli(verify, NULL, 0);
    expect_refused(&s, db, cases[i].words, RSS_BOUND_KB);
    run_result_free(&s);
    free(db);
  }
}

/* A 64 MiB text for the copied original: check and verify name it and never load it. */
Test(index_hostile, an_oversized_stored_text_is_refused_naming_the_original, .timeout = 300)
{
  char *db = fixture_index();
  char *copy = fixture_path("index/copy-of-harbour.html");
  const char *check[] = {"check", "--index", db, copy, NULL};
  const char *verify[] = {"index", "verify", "--index", db, NULL};
  run_result s;

  tamper(db, "UPDATE texts SET body = zeroblob(67108864) WHERE id ="
             " (SELECT id FROM originals WHERE url LIKE 'https://harbour.example/%');"
             "UPDATE originals SET text_len = 67108864 WHERE url LIKE 'https://harbour.example/%'");
  s = run_cli(check, NULL, 0);
  expect_refused(&s, db, "https://harbour.example/2024/lanterns.html", RSS_BOUND_KB);
  cr_expect(strstr(s.err, "stored text is over the ceiling") != NULL, "%s", s.err);
  run_result_free(&s);
  s = run_cli(verify, NULL, 0);
  expect_refused(&s, db, "its stored text (67108864) is over the ceiling of 33554432",
                 RSS_BOUND_KB);
  run_result_free(&s);
  free(copy);
  free(db);
}

/* One original claiming more fresh postings than any original has: refused on read and by verify. */
Test(index_hostile, oversized_fresh_postings_are_refused_naming_the_original, .timeout = 300)
{
  char *db = fixture_index();
  char *copy = fixture_path("index/copy-of-harbour.html");
  const char *check[] = {"check", "--index", db, copy, NULL};
  const char *verify[] = {"index", "verify", "--index", db, NULL};
  char sql[256];
  run_result s;

  snprintf(sql, sizeof sql, "UPDATE fresh SET hashes = zeroblob(%zu), pos = zeroblob(%zu)"
                            " WHERE oid = (SELECT min(oid) FROM fresh)",
           4 * AC_INDEX_MAX_POSTINGS + 4, 4 * AC_INDEX_MAX_POSTINGS + 4);
  tamper(db, sql);
  s = run_cli(check, NULL, 0);
  expect_refused(&s, db, "fresh postings", RSS_BOUND_KB);
  cr_expect(strstr(s.err, "original https://") != NULL, "names the original: %s", s.err);
  run_result_free(&s);
  s = run_cli(verify, NULL, 0);
  expect_refused(&s, db, "over the ceiling", RSS_BOUND_KB);
  run_result_free(&s);
  free(copy);
  free(db);
}

/*
 * 4 Mi copies of one hash for one original, within every ceiling: held in a hash table
 * with open addressing each insertion probed all the others (10 minutes before it was
 * stopped); sorted, they cost one sort and the match ends as usual.
 */
Test(index_hostile, colliding_fresh_hashes_cost_one_sort_not_a_probe_each, .timeout = 300)
{
  char *db = fixture_index();
  char *copy = fixture_path("index/copy-of-harbour.html");
  const char *check[] = {"check", "--index", db, copy, NULL};
  char sql[256];
  run_result s;

  snprintf(sql, sizeof sql, "UPDATE fresh SET hashes = zeroblob(%zu), pos = zeroblob(%zu)"
                            " WHERE oid = (SELECT min(oid) FROM fresh)",
           4 * AC_INDEX_MAX_POSTINGS, 4 * AC_INDEX_MAX_POSTINGS);
  tamper(db, sql);
  s = run_cli(check, NULL, 0);
  cr_expect(s.status == 0 || s.status == 1, "the page is checked: status %d, %s", s.status,
            s.err);
  cr_expect_lt(s.rss_kb, RSS_BOUND_KB, "peak RSS %ld KB", s.rss_kb);
  run_result_free(&s);
  free(copy);
  free(db);
}

/* What readers would refuse is never stored: a text one byte over the ceiling. */
Test(index_hostile, add_refuses_a_text_over_the_ceiling_before_fingerprinting_it)
{
  char *db = db_path();
  ac_index *ix = NULL;
  ac_page *p = NULL;
  ac_error err = {0};
  ac_add_result res;
  char *text;

  cr_assert_eq(ac_index_open(&ix, db, AC_INDEX_WRITE | AC_INDEX_CREATE, &err), 0, "%s",
               err.msg);
  cr_assert_eq(ac_page_load_buffer(&p, "big.html", "<p>x</p>", 8, NULL, &err), 0, "%s", err.msg);
  text = ac_arena_alloc(p->arena, AC_INDEX_MAX_TEXT + 2);
  cr_assert_not_null(text);
  memset(text, 'a', AC_INDEX_MAX_TEXT + 1);
  text[AC_INDEX_MAX_TEXT + 1] = '\0';
  p->facts.main_text = text;
  p->facts.main_len = AC_INDEX_MAX_TEXT + 1;
  p->extracted = true;
  cr_expect_eq(ac_index_add(ix, p, "https://big.example/a", &res, &err), AC_ELIMIT);
  cr_expect(strstr(err.msg, "big.html: its text (33554433 bytes) is over the index's ceiling")
            != NULL, "%s", err.msg);
  ac_page_free(p);
  ac_index_close(ix);
  free(db);
}

/* A text stored as TEXT (length() would read it all) is found by its type alone. */
Test(index_hostile, verify_names_an_original_whose_text_is_not_a_blob)
{
  char *db = fixture_index();
  const char *verify[] = {"index", "verify", "--index", db, NULL};
  run_result s;

  tamper(db, "UPDATE texts SET body = CAST(body AS TEXT) WHERE id ="
             " (SELECT id FROM originals WHERE url LIKE 'https://valley.example/%')");
  s = run_cli(verify, NULL, 0);
  expect_refused(&s, db, "https://valley.example/", RSS_BOUND_KB);
  cr_expect(strstr(s.err, "its stored text is not a blob") != NULL, "%s", s.err);
  run_result_free(&s);
  free(db);
}

Test(index_hostile, verify_still_says_ok_for_an_index_attrcheck_made)
{
  char *db = fixture_index();
  const char *verify[] = {"index", "verify", "--index", db, NULL};
  run_result s = run_cli(verify, NULL, 0);

  cr_expect_eq(s.status, 0, "%s", s.err);
  cr_expect(strstr(s.out, ": ok (2 originals)") != NULL, "%s", s.out);
  run_result_free(&s);
  free(db);
}

/* Output to a full disk says why; to a reader that is gone, nothing (as check). */
Test(index_hostile, output_errors_of_index_list_are_a_reason_or_silence)
{
  char *db = fixture_index();
  const char *list[] = {"index", "list", "--index", db, NULL};
  int full = open("/dev/full", O_WRONLY), fds[2];
  run_opts o = RUN_OPTS_INIT;
  run_result s;

  cr_assert(full >= 0);
  o.out_fd = full;
  s = run_cli_opts(list, &o);
  close(full);
  cr_expect_eq(s.status, 2);
  cr_expect_str_eq(s.err, "attrcheck: writing standard output: No space left on device\n");
  run_result_free(&s);
  cr_assert_eq(pipe(fds), 0);
  close(fds[0]);                         /* the reader has gone before the first line */
  o.out_fd = fds[1];
  s = run_cli_opts(list, &o);
  close(fds[1]);
  cr_expect_eq(s.status, 2);
  cr_expect_str_eq(s.err, "", "no message for a closed pipe");
  run_result_free(&s);
  free(db);
}

/* The same one helper for every command that prints to stdout. */
Test(index_hostile, every_command_says_why_its_output_was_lost)
{
  char *db = fixture_index();
  char *page = fixture_path("index/copy-of-harbour.html");
  char *orig = fixture_path("index/originals/harbour-news.html");
  const char *stats[] = {"index", "stats", "--index", db, NULL};
  const char *verify[] = {"index", "verify", "--index", db, NULL};
  const char *extract[] = {"extract", page, NULL};
  const char *fingerprint[] = {"fingerprint", page, NULL};
  const char *compare[] = {"compare", orig, page, NULL};
  const char *rules[] = {"rules", "list", NULL};
  const char *const *cmds[] = {stats, verify, extract, fingerprint, compare, rules};

  for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++) {
    int full = open("/dev/full", O_WRONLY);
    run_opts o = RUN_OPTS_INIT;
    run_result s;

    o.out_fd = full;
    s = run_cli_opts(cmds[i], &o);

    close(full);
    cr_expect_eq(s.status, 2, "%s: status %d", cmds[i][0], s.status);
    cr_expect_str_eq(s.err, "attrcheck: writing standard output: No space left on device\n",
                     "%s", cmds[i][0]);
    run_result_free(&s);
  }
  free(orig);
  free(page);
  free(db);
}

static int summary_added(const char *err)
{
  const char *s = strstr(err, "index ");
  int added = -1;

  while (s != NULL && sscanf(s, "index %*s %d added", &added) != 1)
    s = strstr(s + 1, "index ");
  return added;
}

/* Under `ulimit -f` the commit fails with a message; what was acknowledged is what was kept. */
Test(index_hostile, index_add_past_the_file_size_limit_fails_cleanly, .timeout = 300)
{
  char *dir = temp_dir(), *db = db_path();
  const char *add[] = {"index", "add", "-j", "1", "--index", db, dir, NULL};
  const char *list[] = {"index", "list", "--index", db, NULL};
  run_opts o = RUN_OPTS_INIT;
  run_result s, l;

  o.fsize_limit = 1 << 20;
  for (int i = 0; i < 600; i++) {
    char path[4200], html[8192];
    int n = snprintf(html, sizeof html, "<link rel=canonical href=\"https://o.example/%d\">"
                                        "<article><p>", i);

    for (int j = 0; j < 400 && n < (int)sizeof html - 32; j++)
      n += snprintf(html + n, sizeof html - (size_t)n, " w%dx%d", i, j);
    n += snprintf(html + n, sizeof html - (size_t)n, "</p></article>");
    snprintf(path, sizeof path, "%s/p%03d.html", dir, i);
    cr_assert_eq(write_file(path, html, (size_t)n), 0);
  }
  s = run_cli_opts(add, &o);
  cr_expect_eq(s.status, 2, "not killed by SIGXFSZ (153): status %d", s.status);
  cr_expect(strstr(s.err, "the file size limit (ulimit -f") != NULL, "%s", s.err);
  l = run_cli(list, NULL, 0);
  cr_expect_eq(l.status, 0, "%s", l.err);
  cr_expect_eq(count_lines_with(s.out, "added https://o.example/"), count_lines_with(l.out, "\t"),
               "every original kept was acknowledged, and only those");
  cr_expect_eq(summary_added(s.err), count_lines_with(l.out, "\t"), "%s", s.err);
  run_result_free(&l);
  run_result_free(&s);
  free(db);
  free(dir);
}
