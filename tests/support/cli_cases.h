/* Shared set-up of the CLI suites (tests/cli/test_*.c): fixture pages copied into
 * temporary directories, alone or as a project with an attrcheck.xml. */
#ifndef AC_TEST_CLI_CASES_H
#define AC_TEST_CLI_CASES_H

/* Fixture pages the suites copy or check (relative to $AC_FIXTURES). */
#define SEED "pages/syndicated-fr-fredzone/page.html"
#define LEMONDE "pages/syndicated-fr-lemonde-mismatch/page.html"
#define ORDINARY "pages/ordinary-page/page.html"

/** A temporary directory holding the Le Monde case's page and `config_xml` as attrcheck.xml;
 *  malloc'd path, the caller frees it. */
char *config_case(const char *config_xml);
/** Copies fixture `fixture` to root/rel, making the directories on the way. */
void put_page(const char *root, const char *rel, const char *fixture);
/** Writes `text` to root/rel (the directory must exist). */
void put_text(const char *root, const char *rel, const char *text);
/** root/rel as a malloc'd path. */
char *sub_dir(const char *root, const char *rel);
/** A project: attrcheck.xml (`config`) at the root, two Le Monde pages under content/;
 *  malloc'd root path. */
char *project(const char *config);

#endif
