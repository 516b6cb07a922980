/* paths: paths: the project root, excludes, --base-url, "check ." and overlapping inputs. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_cases.h"
#include "support.h"

/* The url cell of the CSV row of `page`. */
static char *url_of(const char *csv, const char *page)
{
  const char *row = strstr(csv, page);
  const char *cell = row ? strchr(row, ',') : NULL;

  cr_assert_not_null(cell, "no row for %s in %s", page, csv);
  return strndup(cell + 1, strcspn(cell + 1, ","));
}

/* The first cell of each CSV row, one per line. */
static char *path_column(const char *csv)
{
  size_t n = strlen(csv);
  char *out = calloc(n + 1, 1), *o = out;
  const char *row = strchr(csv, '\n');

  cr_assert_not_null(out);
  while (row != NULL && row[1] != '\0') {
    size_t len = strcspn(row + 1, ",\r\n");
    memcpy(o, row + 1, len);
    o += len;
    *o++ = '\n';
    row = strchr(row + 1, '\n');
  }
  return out;
}

Test(paths, excluded_directories_are_not_walked)
{
  char *dir = temp_dir(), *src = fixture_path("pages/ordinary-page/page.html");
  char path[4096];
  size_t len;
  char *html = read_file(src, &len);
  const char *argv[] = {"check", "--no-config", "--exclude", "vendor/*", "-f", "csv", ".", NULL};

  snprintf(path, sizeof path, "%s/vendor", dir);
  mkdir(path, 0755);
  snprintf(path, sizeof path, "%s/vendor/skip.html", dir);
  write_file(path, html, len);
  snprintf(path, sizeof path, "%s/keep.html", dir);
  write_file(path, html, len);
  run_result r = run_cli_in(dir, argv, NULL, 0);
  cr_assert_eq(r.status, 0, "stderr: %s", r.err);
  cr_assert(strstr(r.out, "keep.html") != NULL, "csv: %s", r.out);
  cr_assert(strstr(r.out, "skip.html") == NULL, "csv: %s", r.out);
  run_result_free(&r);
  free(html);
  free(src);
  free(dir);
}

Test(paths, exclude_without_a_slash_skips_that_directory_at_any_depth)
{
  char *root = project("<attrcheck version=\"1\"><exclude>node_modules</exclude></attrcheck>\n");
  const char *argv[] = {"check", "-f", "csv", ".", NULL};
  run_result r;

  put_page(root, "node_modules/pkg/top.html", ORDINARY);
  put_page(root, "content/lib/node_modules/pkg/deep.html", ORDINARY);
  r = run_cli_in(root, argv, NULL, 0);
  cr_assert(strstr(r.out, "content/a.html") != NULL, "csv: %s", r.out);
  cr_assert(strstr(r.out, "top.html") == NULL, "csv: %s", r.out);
  cr_assert(strstr(r.out, "deep.html") == NULL, "node_modules deep down too; csv: %s", r.out);
  run_result_free(&r);
  free(root);
}

Test(paths, exclude_with_a_slash_matches_the_path_below_the_project_root_from_a_subdirectory)
{
  char *root = project("<attrcheck version=\"1\"><exclude>content/news/*</exclude></attrcheck>\n");
  char *content = sub_dir(root, "content");
  const char *argv[] = {"check", "-f", "csv", ".", NULL};
  run_result r = run_cli_in(content, argv, NULL, 0);

  cr_assert(strstr(r.out, "a.html") != NULL, "csv: %s", r.out);
  cr_assert(strstr(r.out, "b.html") == NULL, "csv: %s", r.out);
  run_result_free(&r);
  free(content);
  free(root);
}

Test(paths, a_named_file_that_an_exclude_matches_is_skipped_with_a_note)
{
  char *root = project("<attrcheck version=\"1\"><exclude>node_modules</exclude></attrcheck>\n");
  const char *argv[] = {"check", "-f", "csv", "content/a.html", "node_modules/pkg/x.html", NULL};
  run_result r;

  put_page(root, "node_modules/pkg/x.html", ORDINARY);
  r = run_cli_in(root, argv, NULL, 0);
  cr_assert(strstr(r.out, "x.html") == NULL, "pre-commit names it, it is still skipped: %s",
            r.out);
  cr_assert(strstr(r.err, "node_modules/pkg/x.html: skipped, matches exclude node_modules") !=
            NULL, "stderr: %s", r.err);
  cr_assert(strstr(r.out, "content/a.html") != NULL, "csv: %s", r.out);
  run_result_free(&r);
  free(root);
}

Test(paths, base_url_maps_the_project_root_whatever_the_arguments)
{
  char *root = project("<attrcheck version=\"1\"><base-url>https://ours.example/</base-url>"
                       "</attrcheck>\n");
  char *content = sub_dir(root, "content");
  const char *file[] = {"check", "-f", "csv", "content/news/b.html", NULL};
  const char *tree[] = {"check", "-f", "csv", ".", NULL};
  const char *below[] = {"check", "-f", "csv", ".", NULL};
  run_result f = run_cli_in(root, file, NULL, 0), t = run_cli_in(root, tree, NULL, 0);
  run_result b = run_cli_in(content, below, NULL, 0);
  char *uf = url_of(f.out, "b.html"), *ut = url_of(t.out, "b.html"), *ub = url_of(b.out, "b.html");

  cr_assert_str_eq(uf, "https://ours.example/content/news/b.html");
  cr_assert_str_eq(ut, uf, "check . gives the same URL");
  cr_assert_str_eq(ub, uf, "and so does cd content && check .");
  free(uf);
  free(ut);
  free(ub);
  run_result_free(&f);
  run_result_free(&t);
  run_result_free(&b);
  free(content);
  free(root);
}

Test(paths, base_url_without_a_config_maps_the_directory_argument)
{
  char *root = project("<attrcheck version=\"1\"/>\n");
  const char *argv[] = {"check", "--no-config", "-f", "csv", "--base-url", "https://ours.example/",
                        "content", NULL};
  run_result r = run_cli_in(root, argv, NULL, 0);
  char *u = url_of(r.out, "b.html");

  cr_assert_str_eq(u, "https://ours.example/news/b.html");
  free(u);
  run_result_free(&r);
  free(root);
}

Test(paths, overlapping_inputs_are_checked_once_in_the_order_given)
{
  char *root = project("<attrcheck version=\"1\"/>\n");
  const char *argv[] = {"check", "-f", "csv", "content/news/b.html", "content",
                        "./content/a.html", "content", NULL};
  run_result r = run_cli_in(root, argv, NULL, 0);
  const char *b = strstr(r.out, "content/news/b.html,"), *a = strstr(r.out, "content/a.html,");

  cr_assert_eq(count_lines_with(r.out, "b.html,"), 1, "csv: %s", r.out);
  cr_assert_eq(count_lines_with(r.out, "a.html,"), 1, "csv: %s", r.out);
  cr_assert(a != NULL && b != NULL && b < a, "first occurrence wins: %s", r.out);
  run_result_free(&r);
  free(root);
}

Test(paths, a_directory_argument_inside_an_excluded_folder_is_skipped_with_a_note)
{
  char *root = project("<attrcheck version=\"1\"><exclude>node_modules</exclude></attrcheck>\n");
  const char *argv[] = {"check", "content", "node_modules/pkg", NULL};
  run_result r;

  put_page(root, "node_modules/pkg/x.html", ORDINARY);
  r = run_cli_in(root, argv, NULL, 0);
  cr_assert(strstr(r.err, "node_modules/pkg: skipped, matches exclude node_modules") != NULL,
            "%s", r.err);
  cr_assert(strstr(r.out, "2 pages checked") != NULL, "only content/: %s", r.out);
  run_result_free(&r);
  free(root);
}

Test(paths, command_line_excludes_add_to_the_config_excludes)
{
  char *root = project("<attrcheck version=\"1\"><exclude>vendor</exclude></attrcheck>\n");
  const char *argv[] = {"check", "-f", "csv", ".", "--exclude", "content/news/*", NULL};
  run_result r;

  put_page(root, "vendor/lib/v.html", ORDINARY);
  r = run_cli_in(root, argv, NULL, 0);
  cr_assert(strstr(r.out, "content/a.html,") != NULL, "csv: %s", r.out);
  cr_assert(strstr(r.out, "b.html") == NULL, "the command line's exclude: %s", r.out);
  cr_assert(strstr(r.out, "v.html") == NULL, "the config's exclude still holds: %s", r.out);
  run_result_free(&r);
  free(root);
}

Test(paths, a_directory_whose_pages_are_all_excluded_says_so)
{
  char *root = project("<attrcheck version=\"1\"><exclude>vendor/*</exclude></attrcheck>\n");
  const char *argv[] = {"check", "vendor", NULL};
  run_result r;

  put_page(root, "vendor/a.html", ORDINARY);
  put_page(root, "vendor/b.html", ORDINARY);
  put_page(root, "vendor/c.htm", ORDINARY);
  put_text(root, "vendor/style.css", "p {}\n");
  r = run_cli_in(root, argv, NULL, 0);
  cr_assert_eq(r.status, 2, "stdout: %s", r.out);
  cr_assert(strstr(r.err, "attrcheck: vendor: no pages to check (looking for *.html, *.htm, "
                          "*.xhtml, *.md, *.markdown; 3 files excluded by vendor/*)") != NULL, "stderr: %s", r.err);
  run_result_free(&r);
  free(root);
}

Test(paths, check_dot_names_pages_as_check_of_the_directory_does)
{
  char *root = project("<attrcheck version=\"1\"/>\n");
  const char *dot[] = {"check", "-f", "csv", ".", NULL};
  const char *dot_slash[] = {"check", "-f", "csv", "./", NULL};
  const char *content[] = {"check", "-f", "csv", "content", NULL};
  const char *text[] = {"check", "--color", "never", ".", NULL};
  run_result d = run_cli_in(root, dot, NULL, 0), ds = run_cli_in(root, dot_slash, NULL, 0);
  run_result c = run_cli_in(root, content, NULL, 0), t = run_cli_in(root, text, NULL, 0);
  char *pd = path_column(d.out), *pds = path_column(ds.out), *pc = path_column(c.out);

  cr_assert_str_eq(pd, "content/a.html\ncontent/news/b.html\n", "csv: %s", d.out);
  cr_assert_str_eq(pd, pc, "check . and check content line up: %s / %s", pd, pc);
  cr_assert_str_eq(pds, pc);
  cr_assert(strstr(t.out, "content/a.html:42:36: error credit-link-mismatch") != NULL &&
            strstr(t.out, "./content") == NULL, "text: %s", t.out);
  free(pd);
  free(pds);
  free(pc);
  run_result_free(&d);
  run_result_free(&ds);
  run_result_free(&c);
  run_result_free(&t);
  free(root);
}

Test(paths, a_page_named_dash_found_by_check_dot_is_that_file_not_standard_input)
{
  char *root = project("<attrcheck version=\"1\"><include>-</include></attrcheck>\n");
  const char *argv[] = {"check", "-f", "csv", ".", NULL};
  run_result r;

  put_page(root, "-", ORDINARY);
  r = run_cli_in(root, argv, "<p>not this</p>", 15);
  cr_assert(strstr(r.out, "\n./-,") != NULL, "csv: %s stderr: %s", r.out, r.err);
  cr_assert(strstr(r.out, "<stdin>") == NULL, "csv: %s", r.out);
  run_result_free(&r);
  free(root);
}
