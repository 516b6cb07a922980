/*
 * Fuzz target: the CSV and JSON writers round-trip. The input is a file name
 * (up to the first NUL) and a page; the CSV must read back as the header and
 * one row of 26 fields whose first cell is the name (neutralised when it
 * starts with = + - @ tab or CR, controls folded to spaces, so one row is one
 * line, "##[" written "## ["), the JSON must be well nested with every
 * control character escaped, and the HTML report may hold no tag but its own.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attrcheck.h"

/* RFC 4180: the fields of the record at *p; returns the count, the first field in first. */
static int csv_record(const char **p, const char *end, char *first, size_t first_size)
{
  int fields = 1;
  size_t n = 0;

  while (*p < end && **p != '\n') {
    bool quoted = **p == '"';
    *p += quoted;
    while (*p < end) {
      char c = **p;
      if (quoted && c == '"' && *p + 1 < end && (*p)[1] == '"')
        (*p)++;
      else if (quoted && c == '"')
        break;
      else if (!quoted && (c == ',' || c == '\n' || c == '\r'))
        break;
      if (fields == 1 && n + 1 < first_size)
        first[n++] = c;
      (*p)++;
    }
    *p += quoted && *p < end;
    if (*p < end && **p == '\r')
      (*p)++;
    if (*p < end && **p == ',') {
      fields++;
      (*p)++;
    } else if (*p < end && **p != '\n') {
      __builtin_trap();   /* text after a closing quote */
    }
  }
  *p += *p < end;
  first[n] = '\0';
  return fields;
}

static void check_csv(const char *out, size_t len, const char *name)
{
  const char *p = out, *end = out + len;
  char first[512], want[512];
  bool neutral = strchr("=+-@\t\r", name[0]) != NULL && name[0] != '\0';
  bool plain = true;

  if (len < sizeof AC_CSV_HEADER || memcmp(out, AC_CSV_HEADER "\r\n", sizeof AC_CSV_HEADER) != 0)
    __builtin_trap();
  if (csv_record(&p, end, first, sizeof first) != 26 ||
      csv_record(&p, end, first, sizeof first) != 26 || p != end)
    __builtin_trap();
  for (const char *c = name; *c != '\0'; c++)
    plain = plain && (unsigned char)*c < 0x80;   /* invalid UTF-8 is replaced, not kept */
  snprintf(want, sizeof want, "%s%s", neutral ? "'" : "", name);
  for (char *c = want; *c != '\0'; c++)
    if ((unsigned char)*c < 0x20 || *c == 0x7F)
      *c = ' ';                                  /* controls and line breaks are folded */
  for (char *c = strstr(want, "##["); c != NULL; c = strstr(c + 3, "##[")) {
    size_t rest = strlen(c + 2) + 1;             /* "##[" is written "## [" */
    if ((size_t)(c - want) + 3 + rest > sizeof want)
      return;                                    /* too long to compare */
    memmove(c + 3, c + 2, rest);
    c[2] = ' ';
  }
  if (plain && strcmp(first, want) != 0)
    __builtin_trap();
}

static void check_json(const char *s, size_t len)
{
  int depth = 0;
  bool in_string = false;

  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (in_string && c < 0x20)
      __builtin_trap();   /* control characters must be escaped */
    if (in_string && c == '\\')
      i++;
    else if (c == '"')
      in_string = !in_string;
    else if (!in_string && (c == '{' || c == '['))
      depth++;
    else if (!in_string && (c == '}' || c == ']') && --depth < 0)
      __builtin_trap();
  }
  if (in_string || depth != 0)
    __builtin_trap();
}

/* Write the page in one format into memory; NULL when the writer refused. */
static char *write_report(const ac_page *page, const char *format, size_t *len)
{
  ac_report_options opts = AC_REPORT_OPTIONS_INIT;
  ac_totals totals = {0};
  ac_report *r = NULL;
  char *buf = NULL;
  FILE *f = open_memstream(&buf, len);
  int rc;

  opts.format = format;
  opts.stream = f;
  totals.pages = 1;
  rc = ac_report_new(&r, &opts, NULL);
  if (rc == 0)
    rc = ac_report_page(r, page, NULL);
  if (rc == 0)
    rc = ac_report_end(r, &totals, NULL);
  ac_report_free(r);
  fclose(f);
  if (rc < 0) {
    free(buf);
    return NULL;
  }
  return buf;
}

/* Every '<' in the HTML report opens a tag the report writes itself: page text is escaped. */
static void check_html(const char *s, size_t len)
{
  static const char *const tags[] = {
    "!DOCTYPE", "html", "head", "meta", "link", "title", "style", "body", "h1", "h2", "h3", "h4",
    "table", "thead", "tbody", "tr", "th", "td", "div", "label", "input", "select", "option",
    "section", "dl", "dt", "dd", "a", "span", "br", "p", "figure", "figcaption", "svg", "g",
    "text", "rect", "mark", NULL,
  };
  const char *script = strstr(s, "<script>"), *end = s + len;

  if (script == NULL || strstr(script + 1, "<script") != NULL)
    __builtin_trap();                    /* exactly one script, the report's own, at the end */
  for (const char *p = memchr(s, '<', len); p != NULL && p < script;
       p = memchr(p + 1, '<', (size_t)(end - p - 1))) {
    const char *t = p[1] == '/' ? p + 2 : p + 1;
    size_t n = strspn(t, "!ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");
    bool known = false;
    for (size_t i = 0; tags[i] != NULL && !known; i++)
      known = strlen(tags[i]) == n && strncmp(t, tags[i], n) == 0;
    if (!known || (t[n] != ' ' && t[n] != '>' && t[n] != '/'))
      __builtin_trap();
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *nul = memchr(data, '\0', size);
  size_t name_len = nul != NULL ? (size_t)(nul - (const char *)data) : 0;
  char name[256];
  ac_page *page = NULL;
  char *out;
  size_t len;

  if (name_len == 0 || name_len >= sizeof name)
    return 0;
  memcpy(name, data, name_len);
  name[name_len] = '\0';
  if (ac_page_load_buffer(&page, name, nul + 1, size - name_len - 1, NULL, NULL) < 0 ||
      ac_page_extract(page, NULL, NULL, NULL) < 0) {
    ac_page_free(page);
    return 0;
  }
  out = write_report(page, "csv", &len);
  if (out != NULL)
    check_csv(out, len, name);
  free(out);
  out = write_report(page, "json", &len);
  if (out != NULL)
    check_json(out, len);
  free(out);
  out = write_report(page, "html", &len);
  if (out != NULL)
    check_html(out, len);
  free(out);
  ac_page_free(page);
  return 0;
}
