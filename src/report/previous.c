/*
 * An -o file is replaced only when it is a previous report of the same
 * format: a report path that names the index, the config, a rule pack or
 * any other file by mistake must not destroy it. Each format is recognised
 * by what its writer always puts at the top; an empty file is nothing to lose.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report.h"

#define HEAD_MAX 4096      /* every writer names itself within its first bytes */

typedef bool (*sniff_fn)(const char *head, size_t len);

static const char *skip_space(const char *s)
{
  while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
    s++;
  return s;
}

static bool starts(const char *s, const char *prefix)
{
  return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* A text report line: "path:line:col: severity rule: message", an indented
 * continuation, or the summary ("3 pages checked: …"). */
static bool text_line(const char *line, size_t n)
{
  static const char *const marks[] = {": error", ": warning", ": note", " checked: ",
                                      " checked;", "attrcheck"};
  char buf[HEAD_MAX + 1];

  memcpy(buf, line, n);
  buf[n] = '\0';
  if (n == 0 || buf[0] == ' ' || buf[0] == '\t')
    return true;
  for (size_t i = 0; i < AC_COUNT(marks); i++)
    if (strstr(buf, marks[i]) != NULL)
      return true;
  return false;
}

/* Every whole line of the head passes `ok`; the last, maybe cut short, is not judged. */
static bool every_line(const char *head, size_t len, bool (*ok)(const char *, size_t))
{
  const char *p = head, *end = head + len;

  while (p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    if (nl == NULL)
      break;
    if (!ok(p, (size_t)(nl - p)))
      return false;
    p = nl + 1;
  }
  return p > head || len < HEAD_MAX;        /* one unbroken 4 KB line is no report */
}

static bool text_sniff(const char *head, size_t len)
{
  return memchr(head, '\0', len) == NULL && every_line(head, len, text_line);
}

static bool github_line(const char *line, size_t n)
{
  return n == 0 || (n > 2 && line[0] == ':' && line[1] == ':');
}

static bool github_sniff(const char *head, size_t len)
{
  return every_line(head, len, github_line);
}

static bool csv_sniff(const char *head, size_t len)
{
  (void)len;
  return starts(head, "path,url,title,verdict,");      /* later columns may be added */
}

static bool findings_csv_sniff(const char *head, size_t len)
{
  (void)len;
  return starts(head, "path,line,column,severity,rule,");
}

/* The first key of an object: `{` then `"key"`, blanks allowed between. */
static bool first_key(const char *head, const char *key)
{
  const char *p = skip_space(head);

  return *p == '{' && starts(skip_space(p + 1), key);
}

static bool json_sniff(const char *head, size_t len)
{
  (void)len;
  return first_key(head, "\"tool\"") && strstr(head, "\"attrcheck\"") != NULL;
}

static bool sarif_sniff(const char *head, size_t len)
{
  (void)len;
  return first_key(head, "\"$schema\"") && strstr(head, "sarif") != NULL &&
         strstr(head, "\"attrcheck\"") != NULL;
}

static bool junit_sniff(const char *head, size_t len)
{
  (void)len;
  return starts(skip_space(head), "<?xml") && strstr(head, "<testsuites name=\"attrcheck\"");
}

static bool html_sniff(const char *head, size_t len)
{
  (void)len;
  return (strstr(head, "<html") != NULL || strstr(head, "<!DOCTYPE html") != NULL) &&
         strstr(head, "attrcheck") != NULL;
}

static sniff_fn sniff_for(const char *format)
{
  static const struct { const char *name; sniff_fn fn; } sniffs[] = {
    {"text", text_sniff},   {"csv", csv_sniff},     {"findings-csv", findings_csv_sniff},
    {"json", json_sniff},   {"sarif", sarif_sniff}, {"junit", junit_sniff},
    {"github", github_sniff}, {"html", html_sniff},
  };

  for (size_t i = 0; i < AC_COUNT(sniffs); i++)
    if (strcmp(sniffs[i].name, format) == 0)
      return sniffs[i].fn;
  return NULL;                                /* a format with no sniff replaces nothing */
}

/* The first bytes of a regular file (not through a link); -1 with errno. */
static ssize_t read_head(const char *path, char *head)
{
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
  ssize_t n;

  if (fd < 0)
    return -1;
  n = read(fd, head, HEAD_MAX);
  close(fd);
  if (n >= 0)
    head[n] = '\0';
  return n;
}

int ac_report__may_replace(const char *format, const char *path, ac_error *err)
{
  char head[HEAD_MAX + 1];
  struct stat st;
  sniff_fn sniff = sniff_for(format);
  ssize_t n;

  /* New, a link (replaced itself, its target untouched), a device or FIFO: fine. */
  if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0)
    return AC_OK;
  n = read_head(path, head);
  if (n < 0)
    return ac_error_set_file(err, AC_EIO, path, 0, 0, "cannot read it to see what it is: %s",
                             strerror(errno));
  if (n == 0 || (sniff != NULL && sniff(head, (size_t)n)))
    return AC_OK;
  return ac_error_set_file(err, AC_EINVALID, path, 0, 0,
                           "not overwritten: it exists and is not a previous %s report "
                           "(remove it, or write the report to another file)",
                           format);
}
