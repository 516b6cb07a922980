/* Shared set-up of the CLI suites (tests/cli/test_*.c): pages and projects in temporary
 * directories. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli_cases.h"
#include "support.h"

/* A temporary directory holding the Le Monde case's page and the given attrcheck.xml. */
char *config_case(const char *config_xml)
{
  char *dir = temp_dir(), *src = fixture_path("pages/syndicated-fr-lemonde-mismatch/page.html");
  char path[4096];
  size_t len;
  char *html = read_file(src, &len);

  snprintf(path, sizeof path, "%s/page.html", dir);
  cr_assert_eq(write_file(path, html, len), 0);
  snprintf(path, sizeof path, "%s/attrcheck.xml", dir);
  cr_assert_eq(write_file(path, config_xml, strlen(config_xml)), 0);
  free(html);
  free(src);
  return dir;
}

/* Copies fixture `fixture` to root/rel, making the directories on the way. */
void put_page(const char *root, const char *rel, const char *fixture)
{
  char path[4096], *src = fixture_path(fixture), *html;
  size_t len;

  snprintf(path, sizeof path, "%s/%s", root, rel);
  for (char *p = path + strlen(root) + 1; (p = strchr(p, '/')) != NULL; p++) {
    *p = '\0';
    mkdir(path, 0755);
    *p = '/';
  }
  html = read_file(src, &len);
  cr_assert_not_null(html, "fixture %s", fixture);
  cr_assert_eq(write_file(path, html, len), 0);
  free(html);
  free(src);
}

void put_text(const char *root, const char *rel, const char *text)
{
  char path[4096];

  snprintf(path, sizeof path, "%s/%s", root, rel);
  cr_assert_eq(write_file(path, text, strlen(text)), 0);
}

char *sub_dir(const char *root, const char *rel)
{
  char path[4096];

  snprintf(path, sizeof path, "%s/%s", root, rel);
  return strdup(path);
}

/* A project: attrcheck.xml (`config`) at the root, two Le Monde pages under content/. */
char *project(const char *config)
{
  char *root = temp_dir();

  put_text(root, "attrcheck.xml", config);
  put_page(root, "content/a.html", LEMONDE);
  put_page(root, "content/news/b.html", LEMONDE);
  return root;
}
