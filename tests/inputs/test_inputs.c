/*
 * Markdown and plain-text inputs: each kind is checked like an HTML page,
 * with positions in the file the user opened (fixtures/inputs/README.md).
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <jansson.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "attrcheck.h"
#include "support.h"

#define MAX_ARGS 32

static run_result check_in(const char *dir, const char *const *extra)
{
  const char *argv[MAX_ARGS] = {"check", "--no-config", "--color", "never", "--jobs", "1"};
  size_t n = 6;

  for (size_t i = 0; extra[i] != NULL && n + 1 < MAX_ARGS; i++)
    argv[n++] = extra[i];
  argv[n] = NULL;
  return run_cli_in(dir, argv, NULL, 0);
}

/* A case folder's `args` file, one argument per line, into argv (pointing into buf). */
static void case_args(const char *dir, char *buf, size_t size, const char **argv)
{
  char path[4096];
  char *text, *line, *save = NULL;
  size_t n = 0;

  snprintf(path, sizeof path, "%s/args", dir);
  text = read_file(path, NULL);
  cr_assert_not_null(text, "%s: no args", dir);
  snprintf(buf, size, "%s", text);
  free(text);
  for (line = strtok_r(buf, "\n", &save); line != NULL && n + 1 < MAX_ARGS;
       line = strtok_r(NULL, "\n", &save))
    argv[n++] = line;
  argv[n] = NULL;
}

Test(inputs, each_case_folder_gives_its_expected_report)
{
  static const char *const cases[] = {"hugo-site", "jekyll-site", "text"};

  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char rel[64], buf[1024], path[4096];
    const char *args[MAX_ARGS];
    snprintf(rel, sizeof rel, "inputs/%s", cases[i]);
    char *dir = fixture_path(rel);
    case_args(dir, buf, sizeof buf, args);
    snprintf(path, sizeof path, "%s/expect.txt", dir);
    char *want = read_file(path, NULL);
    run_result r = check_in(dir, args);
    cr_assert_not_null(want, "%s: no expect.txt", cases[i]);
    cr_expect_str_eq(r.out, want, "%s: got\n%s\nstderr: %s", cases[i], r.out, r.err);
    cr_expect_eq(r.status, strstr(want, ": error ") != NULL ? 1 : 0, "%s: exit %d", cases[i],
                 r.status);
    run_result_free(&r);
    free(want);
    free(dir);
  }
}

/* The JSON report's first page. */
static json_t *report_page(const char *dir, const char *file, json_t **root)
{
  const char *argv[] = {"check", "--no-config", "--format", "json", file, NULL};
  run_result r = run_cli_in(dir, argv, NULL, 0);
  json_error_t jerr;

  *root = json_loads(r.out, 0, &jerr);
  cr_assert_not_null(*root, "%s: not JSON (%s): %s", file, jerr.text, r.out);
  run_result_free(&r);
  return json_array_get(json_object_get(*root, "pages"), 0);
}

/* "rule/severity" of each finding, then "chain:" and each hop's name but "this page". */
static void summary(json_t *page, char *out, size_t size)
{
  size_t i, n = 0;
  json_t *item;

  out[0] = '\0';
  json_array_foreach(json_object_get(page, "findings"), i, item)
    n += (size_t)snprintf(out + n, size - n, "%s/%s ",
                          json_string_value(json_object_get(item, "rule")),
                          json_string_value(json_object_get(item, "severity")));
  n += (size_t)snprintf(out + n, size - n, "chain:");
  json_array_foreach(json_object_get(page, "chain"), i, item) {
    const char *name = json_string_value(json_object_get(item, "name"));
    if (name != NULL && strcmp(name, "this page") != 0)
      n += (size_t)snprintf(out + n, size - n, " %s(%s)", name,
                            json_string_value(json_object_get(item, "license")));
  }
}

Test(inputs, plain_text_seed_gives_the_rule_ids_chain_and_notes_of_its_html_rendering)
{
  char *text_dir = fixture_path("inputs/text"), *html_dir =
                                                   fixture_path("pages/syndicated-fr-fredzone");
  json_t *troot, *hroot;
  json_t *tpage = report_page(text_dir, "syndicated-fr-fredzone.txt", &troot);
  json_t *hpage = report_page(html_dir, "page.html", &hroot);
  json_t *first = json_array_get(json_object_get(tpage, "findings"), 0);
  json_t *second = json_array_get(json_object_get(tpage, "findings"), 1);
  char want[1024], got[1024];

  summary(hpage, want, sizeof want);
  summary(tpage, got, sizeof got);
  cr_assert_str_eq(got, want);
  cr_assert(strstr(got, "The Verge") != NULL && strstr(got, "FredZone") != NULL, "%s", got);
  /* "Source : The Verge" is line 14 of the .txt, the copyright line with the bare URL 17 */
  cr_assert_eq(json_integer_value(json_object_get(first, "line")), 14);
  cr_assert_eq(json_integer_value(json_object_get(second, "line")), 17);
  cr_assert_str_eq(json_string_value(json_object_get(json_object_get(tpage, "attribution"),
                                                     "source_link")),
                   "https://www.fredzone.org/ancien-pdg-openai-microsoft-rcj753",
                   "the bare URL is the source link");
  json_decref(troot);
  json_decref(hroot);
  free(text_dir);
  free(html_dir);
}

/* The `files:` regular expression of the repository's pre-commit hook. */
static void hook_regex(regex_t *re)
{
  char path[4096], *yaml, *line, *end;

  snprintf(path, sizeof path, "%s/.pre-commit-hooks.yaml", getenv("AC_SOURCE_DIR"));
  yaml = read_file(path, NULL);
  cr_assert_not_null(yaml, "no %s", path);
  line = strstr(yaml, "\n  files: ");
  cr_assert_not_null(line, "the hook has no files: line");
  line += strlen("\n  files: ");
  end = strchr(line, '\n');
  *end = '\0';
  cr_assert_eq(regcomp(re, line, REG_EXTENDED | REG_NOSUB), 0, "bad regex %s", line);
  free(yaml);
}

/* Every file below dir/rel that the hook would pass, as paths relative to dir. */
static void hook_files(const char *dir, const char *rel, const regex_t *re, char **out,
                       size_t *n)
{
  char path[4096];
  struct dirent *e;
  DIR *d;

  snprintf(path, sizeof path, "%s/%s", dir, rel);
  d = opendir(path);
  cr_assert_not_null(d, "cannot open %s", path);
  while ((e = readdir(d)) != NULL) {
    char child[1024];
    struct stat st;
    if (e->d_name[0] == '.')
      continue;
    snprintf(child, sizeof child, "%s/%s", rel, e->d_name);
    snprintf(path, sizeof path, "%s/%s", dir, child);
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
      hook_files(dir, child, re, out, n);
    else if (regexec(re, child, 0, NULL, 0) == 0 && *n + 1 < MAX_ARGS)
      out[(*n)++] = strdup(child);
  }
  closedir(d);
}

static int by_name(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

Test(inputs, the_pre_commit_hook_finds_what_checking_the_folder_finds)
{
  static const char *const sites[][2] = {{"hugo-site", "content"}, {"jekyll-site", "_posts"}};
  regex_t re;

  hook_regex(&re);
  for (size_t s = 0; s < 2; s++) {
    char rel[64], *files[MAX_ARGS];
    const char *folder[] = {sites[s][1], NULL}, *named[MAX_ARGS];
    size_t n = 0;
    snprintf(rel, sizeof rel, "inputs/%s", sites[s][0]);
    char *dir = fixture_path(rel);
    hook_files(dir, sites[s][1], &re, files, &n);
    cr_assert_geq(n, 2, "%s: the hook passes %zu files", sites[s][0], n);
    qsort(files, n, sizeof *files, by_name);
    for (size_t i = 0; i < n; i++)
      named[i] = files[i];
    named[n] = NULL;
    run_result a = check_in(dir, folder), b = check_in(dir, named);
    cr_expect_str_eq(b.out, a.out, "%s", sites[s][0]);
    cr_expect_eq(b.status, a.status);
    cr_expect_eq(a.status, 1, "each site has an error finding");
    run_result_free(&a);
    run_result_free(&b);
    for (size_t i = 0; i < n; i++)
      free(files[i]);
    free(dir);
  }
  regfree(&re);
}

static json_t *extract_json(const char *dir, const char *file)
{
  const char *argv[] = {"extract", file, NULL};
  run_result r = run_cli_in(dir, argv, NULL, 0);
  json_error_t jerr;
  json_t *root = json_loads(r.out, 0, &jerr);

  cr_assert_eq(r.status, 0, "%s", r.err);
  cr_assert_not_null(root, "not JSON: %s", r.out);
  run_result_free(&r);
  return root;
}

static bool has_signal(json_t *facts, const char *name, const char *value, int line)
{
  size_t i;
  json_t *s;

  json_array_foreach(json_object_get(facts, "signals"), i, s)
    if (strcmp(json_string_value(json_object_get(s, "name")), name) == 0 &&
        strcmp(json_string_value(json_object_get(s, "value")), value) == 0 &&
        json_integer_value(json_object_get(s, "line")) == line)
      return true;
  return false;
}

Test(inputs, front_matter_keys_are_facts_at_their_lines_and_never_main_text)
{
  char *dir = fixture_path("inputs/hugo-site/content/posts");
  json_t *f = extract_json(dir, "ferry-timetable.md");
  const char *main_text = json_string_value(json_object_get(f, "main_text"));

  cr_assert_str_eq(json_string_value(json_object_get(f, "kind")), "markdown");
  cr_assert_str_eq(json_string_value(json_object_get(f, "title")), "Ferry timetable changes");
  cr_assert(has_signal(f, "original-source",
                       "https://www.theguardian.com/uk/2024/may/03/ferry-timetable", 4));
  cr_assert(has_signal(f, "author", "Abel Moreau", 3));
  cr_assert_eq(json_array_size(json_object_get(f, "byline")), 2);
  cr_assert_not_null(strstr(main_text, "The ferry company will run"), "%s", main_text);
  cr_assert_null(strstr(main_text, "+++"), "front matter in the main text: %s", main_text);
  cr_assert_null(strstr(main_text, "Ines Okafor"), "front matter in the main text");
  json_decref(f);
  free(dir);
}

Test(inputs, extract_names_the_kind_of_each_input)
{
  char *dir = fixture_path("inputs/text");
  json_t *t = extract_json(dir, "wire-copy.txt");
  char *pages = fixture_path("pages/syndicated-fr-fredzone");
  json_t *h = extract_json(pages, "page.html");

  cr_assert_str_eq(json_string_value(json_object_get(t, "kind")), "text");
  cr_assert_str_eq(json_string_value(json_object_get(h, "kind")), "html");
  json_decref(t);
  json_decref(h);
  free(dir);
  free(pages);
}

Test(inputs, input_type_reads_standard_input_as_markdown)
{
  static const char md[] = "Some republished text about the harbour and its cranes.\n\n"
                           "Source: [The Guardian](https://www.nytimes.com/2024/05/01/a.html)\n";
  const char *as_md[] = {"check", "--no-config", "--input-type", "markdown", "-", NULL};
  run_result r = run_cli(as_md, md, strlen(md));

  cr_assert_eq(r.status, 1, "%s%s", r.out, r.err);
  cr_assert_not_null(strstr(r.out, "<stdin>:3:1: error credit-link-mismatch"), "%s", r.out);
  run_result_free(&r);
}

Test(inputs, an_unknown_input_type_is_a_usage_error)
{
  const char *argv[] = {"check", "--input-type", "pdf", "-", NULL};
  run_result r = run_cli(argv, "x", 1);

  cr_assert_eq(r.status, 2);
  cr_assert_not_null(strstr(r.err, "input-type"), "%s", r.err);
  run_result_free(&r);
}

/* A YAML alias bomb: each level names the one before nine times; never expanded. */
Test(inputs, a_yaml_alias_bomb_in_front_matter_is_a_note_not_a_blow_up)
{
  char doc[4096];
  size_t n = (size_t)snprintf(doc, sizeof doc, "---\na: &a [\"lol\",\"lol\",\"lol\"]\n");
  const char *argv[] = {"check", "--no-config", "--input-type", "markdown", "-", NULL};

  for (char c = 'b'; c <= 'z'; c++)
    n += (size_t)snprintf(doc + n, sizeof doc - n,
                          "%c: &%c [*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c]\n", c, c, c - 1,
                          c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1);
  snprintf(doc + n, sizeof doc - n, "author: *z\n---\n\nA short text.\n");
  run_result r = run_cli(argv, doc, strlen(doc));
  cr_assert_eq(r.status, 0, "%s", r.err);
  cr_assert_not_null(strstr(r.out, "front-matter-partial"), "%s", r.out);
  cr_assert_lt(r.rss_kb, 200 * 1024, "peak RSS %ld kB", r.rss_kb);
  run_result_free(&r);
}

/* TOML outside the subset is left unread with a note, never read as a wrong value. */
Test(inputs, toml_front_matter_outside_the_subset_is_skipped_not_misread)
{
  static const char md[] = "+++\ncanonical_url = \"\"\"https://wrong.example/\"\"\"\n"
                           "title = \"Kept\"\n+++\n\nBody text.\n";
  ac_page *page = NULL;
  ac_error err = {0};
  const ac_note *notes;
  size_t count;

  cr_assert_eq(ac_page_load_buffer(&page, "post.md", md, strlen(md), NULL, &err), 0, "%s",
               err.msg);
  cr_assert_eq(ac_page_kind(page), AC_INPUT_MARKDOWN);
  cr_assert_eq(ac_page_extract(page, NULL, NULL, &err), 0, "%s", err.msg);
  cr_assert_null(ac_page_facts(page)->canonical, "a multi-line string is not read");
  cr_assert_str_eq(ac_page_facts(page)->title, "Kept");
  notes = ac_page_notes(page, &count);
  cr_assert_eq(count, 1);
  cr_assert_str_eq(notes[0].code, "front-matter-partial");
  cr_assert_eq(ac_page_pos(page, notes[0].span.start).line, 2, "the note names line 2");
  ac_page_free(page);
}

Test(inputs, mdx_import_and_jsx_lines_are_skipped_with_a_note)
{
  static const char mdx[] = "import Chart from './chart'\n\n<Chart data={x} />\n\n"
                            "Harbour works begin next week on the east quay.\n";
  ac_page *page = NULL;
  ac_error err = {0};
  size_t count;

  cr_assert_eq(ac_page_load_buffer(&page, "post.mdx", mdx, strlen(mdx), NULL, &err), 0, "%s",
               err.msg);
  cr_assert_eq(ac_page_extract(page, NULL, NULL, &err), 0, "%s", err.msg);
  cr_assert_str_eq(ac_page_facts(page)->main_text,
                   "Harbour works begin next week on the east quay.");
  cr_assert_str_eq(ac_page_notes(page, &count)[0].code, "mdx-skipped");
  ac_page_free(page);
}

/* An HTML comment in Markdown suppresses as in a page, and the count says so. */
Test(inputs, an_inline_suppression_in_markdown_is_honoured_and_counted)
{
  static const char md[] = "<!-- attrcheck-disable credit-link-mismatch: checked -->\n"
                           "Some republished text about the harbour and its cranes.\n\n"
                           "Source: [The Guardian](https://www.nytimes.com/2024/05/01/a.html)\n";
  const char *argv[] = {"check", "--no-config", "--input-type", "markdown", "-", NULL};
  run_result r = run_cli(argv, md, strlen(md));

  cr_assert_eq(r.status, 0, "%s%s", r.out, r.err);
  cr_assert_null(strstr(r.out, "error credit-link-mismatch"), "%s", r.out);
  cr_assert_not_null(strstr(r.out, "1 suppressed"), "%s", r.out);
  run_result_free(&r);
}
