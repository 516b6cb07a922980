/* attrcheck serve: query parameters → serve_params (see params.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "params.h"

static const char *const fail_on_names[] = {"error", "warning", "note", "never"};
static const ac_severity fail_on_levels[] = {AC_SEV_ERROR, AC_SEV_WARNING, AC_SEV_NOTE,
                                             AC_SEV_NONE};
static const char *const input_names[] = {"html", "markdown", "text"};
static const ac_input_type input_types[] = {AC_INPUT_HTML, AC_INPUT_MARKDOWN, AC_INPUT_TEXT};

static int hex_digit(char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Decode s[0..len) (%XX, '+' as space) into dst (room for len + 1). -1 on a bad escape or NUL. */
static int percent_decode(const char *s, size_t len, char *dst)
{
  size_t n = 0;

  for (size_t i = 0; i < len; i++) {
    char c = s[i];
    if (c == '+')
      c = ' ';
    else if (c == '%') {
      int hi = i + 2 < len ? hex_digit(s[i + 1]) : -1;
      int lo = hi >= 0 ? hex_digit(s[i + 2]) : -1;
      if (lo < 0)
        return -1;
      c = (char)(hi * 16 + lo);
      i += 2;
    }
    if (c == '\0')
      return -1;
    dst[n++] = c;
  }
  dst[n] = '\0';
  return 0;
}

static int fail(char *why, size_t size, const char *fmt, const char *name)
{
  snprintf(why, size, fmt, name);
  return AC_EINVALID;
}

/* An absolute http(s) URL with no blanks or controls: what check --url accepts to start with. */
static int url_ok(const char *v)
{
  if (strncasecmp(v, "http://", 7) != 0 && strncasecmp(v, "https://", 8) != 0)
    return 0;
  if (v[strncasecmp(v, "http://", 7) == 0 ? 7 : 8] == '\0')
    return 0;
  for (const unsigned char *p = (const unsigned char *)v; *p != '\0'; p++)
    if (*p <= 0x20 || *p == 0x7f)
      return 0;
  return 1;
}

static int pick(const char *const *names, size_t n, const char *v)
{
  for (size_t i = 0; i < n; i++)
    if (strcmp(names[i], v) == 0)
      return (int)i;
  return -1;
}

static int set_string(char **slot, const char *v, const char *name, char *why, size_t size)
{
  if (*slot != NULL)
    return fail(why, size, "parameter '%s' given twice", name);
  *slot = strdup(v);
  return *slot != NULL ? AC_OK : AC_ENOMEM;
}

/* One decoded key=value pair. `seen` tracks fail_on (bit 0) and input_type (bit 1). */
static int param_set(serve_params *p, const char *key, const char *v, unsigned *seen,
                     char *why, size_t size)
{
  int i;

  if (strcmp(key, "url") == 0) {
    if (!url_ok(v))
      return fail(why, size, "parameter '%s' is not an absolute http(s) URL", key);
    return set_string(&p->url, v, key, why, size);
  }
  if (strcmp(key, "policy") == 0) {
    if (v[0] == '\0')
      return fail(why, size, "parameter '%s' is empty", key);
    return set_string(&p->policy, v, key, why, size);
  }
  if (strcmp(key, "fail_on") == 0 || strcmp(key, "input_type") == 0) {
    unsigned bit = key[0] == 'f' ? 1u : 2u;
    if (*seen & bit)
      return fail(why, size, "parameter '%s' given twice", key);
    *seen |= bit;
    if (bit == 1u) {
      if ((i = pick(fail_on_names, AC_COUNT(fail_on_names), v)) < 0)
        return fail(why, size, "parameter '%s' must be error, warning, note or never", key);
      p->fail_on = fail_on_levels[i];
    } else {
      if ((i = pick(input_names, AC_COUNT(input_names), v)) < 0)
        return fail(why, size, "parameter '%s' must be html, markdown or text", key);
      p->input_type = input_types[i];
    }
    return AC_OK;
  }
  return fail(why, size, "unknown parameter (known: url, policy, fail_on, input_type)%s", "");
}

/* Split one "key=value" item of s[0..len) and apply it; buf has room for len + 1. */
static int param_item(serve_params *p, const char *s, size_t len, char *key, char *val,
                      unsigned *seen, char *why, size_t size)
{
  const char *eq = memchr(s, '=', len);
  size_t klen = eq != NULL ? (size_t)(eq - s) : len;

  if (eq == NULL)
    return fail(why, size, "parameter without '=' in the query%s", "");
  if (len - klen - 1 > SERVE_MAX_VALUE)
    return fail(why, size, "a parameter value is longer than %s bytes", "2048");
  if (percent_decode(s, klen, key) < 0 || percent_decode(eq + 1, len - klen - 1, val) < 0)
    return fail(why, size, "bad percent-encoding in the query%s", "");
  return param_set(p, key, val, seen, why, size);
}

ac_input_type serve_content_type(const char *ct)
{
  static const struct { const char *mime; ac_input_type type; } known[] = {
    {"text/html", AC_INPUT_HTML}, {"application/xhtml+xml", AC_INPUT_HTML},
    {"text/markdown", AC_INPUT_MARKDOWN}, {"text/x-markdown", AC_INPUT_MARKDOWN},
    {"text/plain", AC_INPUT_TEXT},
  };
  size_t n;

  if (ct == NULL)
    return AC_INPUT_AUTO;
  n = strcspn(ct, "; \t");
  for (size_t i = 0; i < AC_COUNT(known); i++)
    if (strlen(known[i].mime) == n && strncasecmp(ct, known[i].mime, n) == 0)
      return known[i].type;
  return AC_INPUT_AUTO;
}

static int parse_items(serve_params *p, const char *q, size_t len, char *why, size_t size)
{
  char *key = malloc(len + 1), *val = malloc(len + 1);
  unsigned seen = 0;
  int rc = key != NULL && val != NULL ? AC_OK : AC_ENOMEM;

  for (size_t at = 0; rc == AC_OK && at < len;) {
    const char *amp = memchr(q + at, '&', len - at);
    size_t item = amp != NULL ? (size_t)(amp - (q + at)) : len - at;
    if (item > 0)                                /* "a=1&&b=2" and a trailing '&' are fine */
      rc = param_item(p, q + at, item, key, val, &seen, why, size);
    at += item + 1;
  }
  free(key);
  free(val);
  return rc;
}

int serve_params_parse(serve_params *out, const char *query, const char *content_type,
                       char *why, size_t why_size)
{
  size_t len = query != NULL ? strlen(query) : 0;
  int rc;

  memset(out, 0, sizeof *out);
  out->fail_on = AC_SEV_ERROR;
  out->input_type = serve_content_type(content_type);
  if (why_size > 0)
    why[0] = '\0';
  if (len > SERVE_MAX_QUERY)
    rc = fail(why, why_size, "query longer than %s bytes", "8192");
  else
    rc = parse_items(out, query != NULL ? query : "", len, why, why_size);
  if (rc == AC_ENOMEM)
    snprintf(why, why_size, "out of memory");
  if (rc < 0)
    serve_params_dispose(out);
  return rc;
}

void serve_params_dispose(serve_params *p)
{
  free(p->url);
  free(p->policy);
  p->url = NULL;
  p->policy = NULL;
}
