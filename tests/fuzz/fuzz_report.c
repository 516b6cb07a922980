/*
 * Fuzz target: the CSV and JSON writers round-trip. The input is a file name
 * (up to the first NUL) and a page; the CSV must read back as the header and
 * one row of 20 fields whose first cell is the name (neutralised when it
 * starts with = + - @ tab or CR), and the JSON must be well nested with every
 * control character escaped.
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
  if (csv_record(&p, end, first, sizeof first) != 20 ||
      csv_record(&p, end, first, sizeof first) != 20 || p != end)
    __builtin_trap();
  for (const char *c = name; *c != '\0'; c++)
    plain = plain && (unsigned char)*c < 0x80;   /* invalid UTF-8 is replaced, not kept */
  snprintf(want, sizeof want, "%s%s", neutral ? "'" : "", name);
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
  ac_page_free(page);
  return 0;
}
