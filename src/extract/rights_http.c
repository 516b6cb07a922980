/*
 * The HTTP response header block a page was served with (ac_page_http_headers:
 * --headers, a WARC record, a fetch): tdm-reservation and tdm-policy (TDMRep
 * HTTP fields), X-Robots-Tag, RFC 8288 Link with rel=license, Content-Type charset.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract.h"

/* X-Robots-Tag: "[agent:] directive, directive". */
static int x_robots_tag(xctx *x, const char *v, size_t len, ac_span span, ac_pos pos)
{
  const char *colon = memchr(v, ':', len);
  char *agent = NULL;

  if (colon != NULL && !ac_extract__valued_directive(v, (size_t)(colon - v)) &&
      memchr(v, ',', (size_t)(colon - v)) == NULL) {
    agent = ac_arena_strndup(x->arena, v, (size_t)(colon - v));
    if (agent == NULL)
      return ac_extract__oom(x);
    len -= (size_t)(colon + 1 - v);
    v = colon + 1;
  }
  if (agent != NULL)
    agent = ac_extract__collapse(x, agent, strlen(agent));
  return ac_extract__robots_tokens(x, agent, v, len, AC_ORIGIN_HTTP, span, pos);
}

/* A parameter's value in "a; rel=\"license\"; type=x", quotes removed; arena copy or NULL. */
static char *link_param(xctx *x, const char *p, size_t len, const char *name)
{
  size_t nlen = strlen(name);

  for (size_t i = 0; i + nlen < len; i++) {
    if (p[i] != ';')
      continue;
    size_t j = i + 1;
    while (j < len && p[j] == ' ')
      j++;
    if (j + nlen >= len || strncasecmp(p + j, name, nlen) != 0 || p[j + nlen] != '=')
      continue;
    j += nlen + 1;
    bool quoted = j < len && p[j] == '"';
    size_t k = j + quoted;
    while (k < len && (quoted ? p[k] != '"' : (p[k] != ';' && p[k] != ' ')))
      k++;
    return ac_arena_strndup(x->arena, p + j + quoted, k - j - quoted);
  }
  return NULL;
}

/* RFC 8288 Link: "<url>; rel=license; type=...", several separated by commas. */
static int http_link(xctx *x, const char *v, size_t len, ac_span span, ac_pos pos)
{
  size_t i = 0;

  while (i < len) {
    const char *lt = memchr(v + i, '<', len - i), *gt;
    if (lt == NULL)
      break;
    gt = memchr(lt, '>', len - (size_t)(lt - v));
    if (gt == NULL)
      break;
    size_t end = (size_t)(gt - v);
    bool quoted = false;
    while (end < len && (quoted || v[end] != ',')) {
      quoted = v[end] == '"' ? !quoted : quoted;
      end++;
    }
    char *rel = link_param(x, gt + 1, end - (size_t)(gt + 1 - v), "rel");
    char *type = link_param(x, gt + 1, end - (size_t)(gt + 1 - v), "type");
    if (rel != NULL && ac_extract__has_token(rel, "license")) {
      char *url = ac_arena_strndup(x->arena, lt + 1, (size_t)(gt - lt - 1));
      size_t before = x->facts->n_rights;
      int rc = url != NULL ? ac_extract__right(x, "link", url, NULL, AC_ORIGIN_HTTP, span, pos)
                           : ac_extract__oom(x);
      if (rc < 0)
        return rc;
      if (x->facts->n_rights > before)          /* not dropped by a full list */
        x->facts->rights[before].detail =
            ac_arena_printf(x->arena, "rel=%s%s%s", rel, type ? " type=" : "", type ? type : "");
    }
    i = end + 1;
  }
  return AC_OK;
}

/* Content-Type: charset=...; a note when the page was decoded from another. */
static int http_charset(xctx *x, const char *v, size_t len, ac_span span, ac_pos pos)
{
  char *cs = link_param(x, v - 1, len + 1, "charset");   /* "text/html; charset=x": a param */
  const char *used = ac_page_charset(x->page);
  int rc;

  if (cs == NULL || *cs == '\0')
    return AC_OK;
  rc = ac_extract__right(x, "charset", cs, NULL, AC_ORIGIN_HTTP, span, pos);
  if (rc == AC_OK && used != NULL && strcasecmp(used, cs) != 0)
    rc = ac_page_note(x->page, "http-charset-differs", (ac_span){0, 0},
                      "Content-Type says charset %s (http %u:%u); the page was read as %s", cs,
                      pos.line, pos.column, used);
  return rc;
}

static int http_field(xctx *x, const char *name, size_t nlen, const char *v, size_t vlen,
                      ac_span span, ac_pos pos)
{
  char key[32];

  if (nlen >= sizeof key)
    return AC_OK;
  memcpy(key, name, nlen);
  key[nlen] = '\0';
  while (vlen > 0 && (*v == ' ' || *v == '\t')) {
    v++;
    vlen--;
  }
  while (vlen > 0 && (v[vlen - 1] == '\r' || v[vlen - 1] == ' '))
    vlen--;
  if (strcasecmp(key, "tdm-reservation") == 0 || strcasecmp(key, "tdm-policy") == 0)
    return ac_extract__tdm_fact(x, key, v, vlen, AC_ORIGIN_HTTP, span, pos);
  if (strcasecmp(key, "x-robots-tag") == 0)
    return x_robots_tag(x, v, vlen, span, pos);
  if (strcasecmp(key, "link") == 0)
    return http_link(x, v, vlen, span, pos);
  if (strcasecmp(key, "content-type") == 0)
    return http_charset(x, v, vlen, span, pos);
  return AC_OK;
}

/* A raw header block: an optional status line, then "Name: value" lines. */
int ac_extract__http_headers(xctx *x)
{
  size_t len = 0;
  const char *h = ac_page_http_headers(x->page, &len);
  size_t i = 0;
  uint32_t line_no = 1;

  while (h != NULL && i < len) {
    const char *line = h + i, *nl = memchr(line, '\n', len - i);
    size_t llen = nl != NULL ? (size_t)(nl - line) : len - i;
    const char *colon = memchr(line, ':', llen);
    ac_span span = {(uint32_t)i, (uint32_t)(i + llen)};

    if (colon != NULL && colon > line && line[0] != ' ' && line[0] != '\t') {
      int rc = http_field(x, line, (size_t)(colon - line), colon + 1,
                          llen - (size_t)(colon + 1 - line), span,
                          (ac_pos){line_no, 1});
      if (rc < 0)
        return rc;
    }
    i += llen + 1;
    line_no++;
  }
  return AC_OK;
}

