/* commands: the other commands: extract, fingerprint, compare and index add/list on odd input. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_cases.h"
#include "support.h"

#define CREDITED_COPY "pages/index-unattributed-copy-credited"

/* A directory with a page and a binary file named like a page. */
static char *binary_case(void)
{
  char *root = temp_dir();
  char bin[256];
  char path[4096];

  for (size_t i = 0; i < sizeof bin; i++)
    bin[i] = (char)i;
  put_page(root, "site/a.html", ORDINARY);
  snprintf(path, sizeof path, "%s/site/logo.html", root);
  cr_assert_eq(write_file(path, bin, sizeof bin), 0);
  return root;
}

/* Bytes that would drive a terminal: ESC, BEL, and C1 controls such as CSI (U+009B). */
static bool has_controls(const char *s)
{
  for (const unsigned char *p = (const unsigned char *)s; *p; p++)
    if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7F || (p[0] == 0xC2 && p[1] >= 0x80 &&
                                                                    p[1] <= 0x9F))
      return true;
  return false;
}

Test(commands, extract_and_fingerprint_skip_a_binary_file_as_check_does)
{
  char *root = binary_case();
  const char *check[] = {"check", "--no-config", "site", NULL};
  const char *extract[] = {"extract", "site", NULL};
  const char *fp[] = {"fingerprint", "site", NULL};
  run_result c = run_cli_in(root, check, NULL, 0), e = run_cli_in(root, extract, NULL, 0);
  run_result f = run_cli_in(root, fp, NULL, 0);

  cr_assert_eq(c.status, 0, "stderr: %s", c.err);
  cr_assert_eq(e.status, 0, "stderr: %s", e.err);
  cr_assert_eq(f.status, 0, "stderr: %s", f.err);
  cr_assert(strstr(e.err, "note: site/logo.html: binary data, not an HTML page, skipped"),
            "stderr: %s", e.err);
  cr_assert(strstr(f.err, "note: site/logo.html: binary data, not an HTML page, skipped"),
            "stderr: %s", f.err);
  cr_assert_eq(count_lines_with(e.out, "{"), 1, "one page extracted: %s", e.out);
  cr_assert(strstr(f.out, "site/a.html") != NULL, "stdout: %s", f.out);
  run_result_free(&c);
  run_result_free(&e);
  run_result_free(&f);
  free(root);
}

Test(commands, standard_input_is_named_stdin_by_fingerprint_and_compare)
{
  char *seed = fixture_path(SEED);
  size_t len;
  char *html = read_file(seed, &len);
  const char *fp[] = {"fingerprint", "-", NULL};
  const char *fpj[] = {"fingerprint", "-f", "json", "-", NULL};
  const char *cmp[] = {"compare", "-", seed, NULL};
  const char *cmpj[] = {"compare", "-f", "json", "-", seed, NULL};
  run_result f = run_cli(fp, html, len), fj = run_cli(fpj, html, len);
  run_result c = run_cli(cmp, html, len), cj = run_cli(cmpj, html, len);

  cr_assert(strncmp(f.out, "<stdin>  ac1:", 13) == 0, "stdout: %s", f.out);
  cr_assert(strstr(fj.out, "\"path\": \"<stdin>\"") != NULL, "stdout: %s", fj.out);
  cr_assert(strncmp(c.out, "original: <stdin> (", 19) == 0, "stdout: %s", c.out);
  cr_assert(strstr(cj.out, "\"path\": \"<stdin>\"") != NULL, "stdout: %s", cj.out);
  run_result_free(&f);
  run_result_free(&fj);
  run_result_free(&c);
  run_result_free(&cj);
  free(html);
  free(seed);
}

Test(commands, base_url_gives_standard_input_no_made_up_url_in_extract_and_index_add)
{
  char *seed = fixture_path(LEMONDE), *dir = temp_dir();
  size_t len;
  char *html = read_file(seed, &len);
  const char *ex[] = {"extract", "--base-url", "https://ours.example/", "-", NULL};
  const char *add[] = {"index", "add", "--index", "ix.db", "--base-url", "https://ours.example/",
                       "-", NULL};
  run_result e = run_cli_in(dir, ex, html, len), a = run_cli_in(dir, add, html, len);

  cr_assert_eq(e.status, 0, "stderr: %s", e.err);
  cr_assert(strstr(e.out, "https://ours.example/-") == NULL, "stdout: %s", e.out);
  cr_assert_eq(a.status, 0, "stderr: %s", a.err);
  cr_assert(strstr(a.out, "https://ours.example/-") == NULL, "stdout: %s", a.out);
  cr_assert(strncmp(a.out, "added https://actu-tech-express.example/", 40) == 0,
            "the page's own canonical URL is used: %s", a.out);
  run_result_free(&e);
  run_result_free(&a);
  free(html);
  free(dir);
  free(seed);
}

Test(commands, index_add_runs_with_the_default_jobs_and_help_states_the_cap)
{
  char *dir = temp_dir(), *seed = fixture_path(LEMONDE);
  const char *add[] = {"index", "add", "--index", "ix.db", seed, NULL};
  const char *help[] = {"index", "--help", NULL};
  const char *chelp[] = {"check", "--help", NULL};
  run_result a = run_cli_in(dir, add, NULL, 0), h = run_cli(help, NULL, 0);
  run_result c = run_cli(chelp, NULL, 0);

  cr_assert_eq(a.status, 0, "without -j, one job per core up to 64; stderr: %s", a.err);
  cr_assert(strstr(h.out, "at most 64") != NULL, "help: %s", h.out);
  cr_assert(strstr(c.out, "at most 64") != NULL, "help: %s", c.out);
  run_result_free(&a);
  run_result_free(&h);
  run_result_free(&c);
  free(seed);
  free(dir);
}

Test(commands, compare_prints_no_control_characters_from_the_page_and_keeps_accents)
{
  char *dir = temp_dir();
  const char *argv[] = {"compare", "--plain", "a.txt", "a.txt", NULL};
  run_result r;

  put_text(dir, "a.txt", "Caf\xc3\xa9 \x1b[2J vol\xc3\xa9 \xc2\x9b" "31m \x07 one two three four "
                         "five six seven eight nine ten eleven twelve thirteen fourteen\n");
  r = run_cli_in(dir, argv, NULL, 0);
  cr_assert_eq(r.status, 0, "stderr: %s", r.err);
  cr_assert_not(has_controls(r.out), "stdout: %s", r.out);
  cr_assert(strstr(r.out, "\"Caf\xc3\xa9  [2J vol\xc3\xa9  31m") != NULL,
            "ESC and the C1 CSI a space, as in text reports, é kept: %s", r.out);
  run_result_free(&r);
  free(dir);
}

Test(commands, index_list_prints_no_control_characters_from_titles)
{
  char *dir = temp_dir();
  const char *add[] = {"index", "add", "--index", "ix.db", "--url", "https://up.example/a",
                       "a.html", NULL};
  const char *list[] = {"index", "list", "--index", "ix.db", NULL};
  run_result a, l;

  put_text(dir, "a.html", "<html><head><title>Caf\xc3\xa9 \xc2\x9b" "2J\x1b[0m\tnews</title>"
                          "</head><body><article><p>One two three four five six seven eight "
                          "nine ten eleven twelve.</p></article></body></html>\n");
  a = run_cli_in(dir, add, NULL, 0);
  cr_assert_eq(a.status, 0, "stderr: %s", a.err);
  l = run_cli_in(dir, list, NULL, 0);
  cr_assert_eq(l.status, 0, "stderr: %s", l.err);
  cr_assert_not(has_controls(l.out), "stdout: %s", l.out);
  cr_assert(strstr(l.out, "\tCaf\xc3\xa9 \xef\xbf\xbd" "2J") != NULL, "title (cleaned when "
            "extracted): %s", l.out);
  cr_assert_eq(count_lines_with(l.out, "\t"), 1, "one line, seven fields: %s", l.out);
  run_result_free(&a);
  run_result_free(&l);
  free(dir);
}

Test(commands, index_add_notes_a_base_url_on_another_site_than_the_canonical_and_the_readme_uses_none)
{
  char *dir = temp_dir(), *originals = fixture_path("originals/harbour-gazette-ferry.html");
  char *copy = fixture_path(CREDITED_COPY "/page.html"), db[4096], readme[4096], *text;
  const char *other[] = {"index", "add", "--index", db, "--base-url", "https://partner.example/",
                         originals, NULL};
  const char *same[] = {"index", "add", "--index", db, "--base-url",
                        "https://news.harbourgazette.example/", originals, NULL};
  const char *canon[] = {"index", "add", "--index", db, originals, NULL};
  const char *check[] = {"check", "--no-config", "--index", db, copy, NULL};
  run_result r;

  snprintf(db, sizeof db, "%s/other.db", dir);
  r = run_cli(other, NULL, 0);
  cr_assert_eq(r.status, 0, "still added; stderr: %s", r.err);
  cr_assert(strstr(r.err, "attrcheck: note: ") != NULL &&
            strstr(r.err, "harbour-gazette-ferry.html: --base-url names it "
                          "https://partner.example/harbour-gazette-ferry.html, its canonical says "
                          "https://www.harbourgazette.example/news/2024/11/winter-ferry-timetable-cuts")
              != NULL, "stderr: %s", r.err);
  run_result_free(&r);
  snprintf(db, sizeof db, "%s/same.db", dir);
  r = run_cli(same, NULL, 0);
  cr_assert(strstr(r.err, "--base-url names it") == NULL, "same site, no note: %s", r.err);
  run_result_free(&r);
  /* The README's audit: originals under their canonical, so a credited copy passes. */
  snprintf(db, sizeof db, "%s/canon.db", dir);
  r = run_cli(canon, NULL, 0);
  cr_assert_eq(r.status, 0, "stderr: %s", r.err);
  run_result_free(&r);
  r = run_cli(check, NULL, 0);
  cr_assert_eq(r.status, 0, "stdout: %s", r.out);
  cr_assert(strstr(r.out, "misattributed-copy") == NULL, "stdout: %s", r.out);
  run_result_free(&r);
  snprintf(readme, sizeof readme, "%s/README.md", getenv("AC_SOURCE_DIR"));
  text = read_file(readme, NULL);
  cr_assert_not_null(text);
  cr_assert(strstr(text, "attrcheck index add --index originals.db originals/") != NULL);
  cr_assert(strstr(text, "--base-url https://partner.example/ originals/") == NULL);
  free(text);
  free(copy);
  free(originals);
  free(dir);
}
