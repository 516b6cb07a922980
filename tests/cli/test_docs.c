/* docs: the man page and the docs agree with what the CLI does. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_cases.h"
#include "support.h"

/* The man page's text with roff escapes for '-' removed. */
static char *man_page(void)
{
  char path[4096], *text, *o;

  snprintf(path, sizeof path, "%s/docs/attrcheck.1", getenv("AC_SOURCE_DIR"));
  text = read_file(path, NULL);
  cr_assert_not_null(text, "%s", path);
  o = text;
  for (const char *p = text; *p; p++)
    if (!(p[0] == '\\' && p[1] == '-'))
      *o++ = *p;
  *o = '\0';
  return text;
}

Test(docs, man_page_agrees_with_the_help_on_fail_on_color_jobs_and_quiet)
{
  char *man = man_page();
  const char *fail_on = strstr(man, ".B --fail-on");
  const char *others = strstr(man, ".SH OPTIONS OF THE OTHER COMMANDS");

  cr_assert_not_null(fail_on);
  cr_assert(strstr(fail_on, ".BR note") != NULL &&
            strstr(fail_on, ".BR note") < strstr(fail_on, ".TP"), "fail-on lists note");
  cr_assert(strstr(man, ".BR --color \" \" \\fIWHEN") != NULL, "--color as in the help");
  cr_assert_not_null(others);
  cr_assert(strstr(others, ".BR -j \", \" --jobs") != NULL, "index add -j is listed");
  cr_assert(strstr(man, "No summary line, no notes.") == NULL, "-q says what it does");
  free(man);
}

Test(docs, man_page_lists_the_skipped_verdict_and_says_what_write_baseline_and_input_notes_do)
{
  char *man = man_page();
  const char *csv = strstr(man, "path,url,title,verdict");
  const char *wb = strstr(man, ".B --write-baseline \\fIFILE");
  const char *notes = strstr(man, ".I input notes");

  cr_assert_not_null(csv);
  cr_assert(strstr(csv, ".B skipped") != NULL && strstr(csv, ".B skipped") < strstr(csv, ".TP"),
            "csv verdicts include skipped");
  cr_assert_not_null(wb);
  cr_assert(strstr(wb, "exits as usual") != NULL && strstr(wb, "exits as usual") <
            strstr(wb, ".TP"), "write-baseline says how it exits");
  cr_assert_not_null(notes, "the summary's input notes are explained");
  cr_assert(strstr(notes, "not findings") != NULL && strstr(notes, "rules explain") != NULL);
  free(man);
}

Test(docs, docs_say_the_index_wal_and_shm_files_are_sqlites_and_to_ignore_them)
{
  const char *docs[] = {"docs/index.md", "docs/ci.md"};

  for (size_t i = 0; i < sizeof docs / sizeof *docs; i++) {
    char path[4096], *text;

    snprintf(path, sizeof path, "%s/%s", getenv("AC_SOURCE_DIR"), docs[i]);
    text = read_file(path, NULL);
    cr_assert_not_null(text, "%s", path);
    cr_assert(strstr(text, "*.db-wal\n*.db-shm") != NULL, "%s has the .gitignore lines", path);
    cr_assert(strstr(text, "write-ahead log") != NULL, "%s", path);
    free(text);
  }
}
