/*
 * Site-wide rights files read with a page: a TDMRep /.well-known/tdmrep.json
 * (W3C TDM Reservation Protocol final report, 2024-05-10: an array of rules
 * with "location", "tdm-reservation" and "tdm-policy"; the first rule whose
 * location matches the page's path applies) and a robots.txt (RFC 9309 groups,
 * IETF aipref Content-Usage lines, RSL 1.0 License lines). Problems in them are
 * notes: the page is still checked.
 */
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "extract.h"

const char *ac_extract__url_path(xctx *x, const char *url)
{
  const char *p = url != NULL ? strstr(url, "://") : NULL;
  size_t len;

  if (p == NULL)
    return NULL;
  p = strchr(p + 3, '/');
  if (p == NULL)
    return "/";
  len = strcspn(p, "#");
  return ac_arena_strndup(x->arena, p, len);
}

/*
 * '*' matches any run, '$' at the pattern's end anchors it, otherwise a prefix
 * matches. Greedy with one backtrack point (the last '*'): O(pattern * path).
 */
bool ac_extract__path_match(const char *pat, size_t plen, const char *path)
{
  size_t p = 0, s = 0, star = SIZE_MAX, mark = 0, n = strlen(path);
  bool anchored = plen > 0 && pat[plen - 1] == '$';

  if (anchored)
    plen--;
  while (s < n) {
    if (p < plen && pat[p] == '*') {
      star = p++;
      mark = s;
    } else if (p < plen && pat[p] == path[s]) {
      p++;
      s++;
    } else if (p == plen && !anchored) {
      return true;
    } else if (star != SIZE_MAX) {
      p = star + 1;
      s = ++mark;
    } else {
      return false;
    }
  }
  while (p < plen && pat[p] == '*')
    p++;
  return p == plen;
}

/* Byte offset of the n-th object of the top-level array (JSON text; strings skipped). */
static size_t nth_object(const char *t, size_t len, size_t n)
{
  size_t depth = 0, seen = 0;
  bool in_str = false;

  for (size_t i = 0; i < len; i++) {
    char c = t[i];
    if (in_str) {
      if (c == '\\')
        i++;
      else if (c == '"')
        in_str = false;
    } else if (c == '"') {
      in_str = true;
    } else if (c == '[' || c == '{') {
      if (depth == 1 && c == '{' && seen++ == n)
        return i;
      depth++;
    } else if ((c == ']' || c == '}') && depth > 0) {
      depth--;
    }
  }
  return 0;
}

static int tdmrep_rule(xctx *x, json_t *rule, ac_pos pos)
{
  json_t *res = json_object_get(rule, "tdm-reservation");
  json_t *pol = json_object_get(rule, "tdm-policy");
  ac_span none = {0, 0};
  int rc = AC_OK;

  if (json_is_integer(res) && (json_integer_value(res) == 0 || json_integer_value(res) == 1))
    rc = ac_extract__right(x, "tdm-reservation", json_integer_value(res) ? "1" : "0", NULL,
                           AC_ORIGIN_TDMREP, none, pos);
  else
    rc = ac_page_note(x->page, "tdmrep-invalid", none,
                      "tdmrep.json rule at %u:%u has no tdm-reservation of 0 or 1", pos.line,
                      pos.column);
  if (rc == AC_OK && json_is_string(pol))
    rc = ac_extract__right(x, "tdm-policy", json_string_value(pol), NULL, AC_ORIGIN_TDMREP,
                           none, pos);
  return rc;
}

int ac_extract__tdmrep(xctx *x, const char *name, const char *text, size_t len)
{
  const char *path = ac_extract__url_path(x, x->facts->url);
  json_error_t jerr;
  json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
  int rc = AC_OK;
  size_t i;
  json_t *rule;

  if (root == NULL || !json_is_array(root)) {
    json_decref(root);
    return ac_page_note(x->page, "tdmrep-invalid", (ac_span){0, 0},
                        "%s:%d:%d: not a TDMRep rule array%s%s", name,
                        root ? 1 : jerr.line, root ? 1 : jerr.column, root ? "" : ": ",
                        root ? "" : jerr.text);
  }
  if (path == NULL) {
    json_decref(root);
    return ac_page_note(x->page, "tdmrep-no-url", (ac_span){0, 0},
                        "%s: the page has no URL (--url) to match its locations against", name);
  }
  json_array_foreach(root, i, rule) {
    json_t *loc = json_object_get(rule, "location");
    if (!json_is_string(loc))
      continue;
    if (ac_extract__path_match(json_string_value(loc), json_string_length(loc), path)) {
      rc = tdmrep_rule(x, rule, ac_extract__text_pos(text, nth_object(text, len, i)));
      break;                                /* the first matching rule applies */
    }
  }
  json_decref(root);
  return rc;
}

/* IETF aipref vocabulary keys; others are kept but noted. */
static bool usage_key_known(const char *k, size_t len)
{
  static const char *const keys[] = {"bulk", "ai", "genai", "train-ai", "train-genai",
                                     "search", "ai-use", "inference"};

  for (size_t i = 0; i < AC_COUNT(keys); i++)
    if (strlen(keys[i]) == len && strncasecmp(k, keys[i], len) == 0)
      return true;
  return false;
}

typedef struct robots_line {
  const char *name;        /* robots.txt name */
  const char *text;        /* the whole file */
  const char *v;           /* the value, trimmed */
  size_t vlen;
  ac_pos pos;
  const char *agent;       /* the group's user-agents; NULL for "*" */
  const char *path;        /* the page's path; NULL when unknown */
} robots_line;

/* "Content-Usage: [/path] train-ai=n, search=y". */
static int content_usage(xctx *x, const robots_line *l)
{
  const char *v = l->v;
  size_t len = l->vlen, i = 0;

  if (len > 0 && v[0] == '/') {                   /* a path applies it to part of the site */
    size_t plen = strcspn(v, " \t");
    if (plen > len)
      plen = len;
    if (l->path == NULL || !ac_extract__path_match(v, plen, l->path))
      return AC_OK;
    i = plen;
  }
  while (i < len) {
    while (i < len && (v[i] == ' ' || v[i] == ',' || v[i] == '\t'))
      i++;
    size_t start = i;
    while (i < len && v[i] != ',' && v[i] != ' ' && v[i] != '\t')
      i++;
    if (i == start)
      break;
    const char *eq = memchr(v + start, '=', i - start);
    size_t klen = eq != NULL ? (size_t)(eq - v - start) : i - start;
    int rc = AC_OK;
    if (!usage_key_known(v + start, klen))
      rc = ac_page_note(x->page, "content-usage-unknown", (ac_span){0, 0},
                        "%s:%u:%u: Content-Usage preference '%.*s' is not in the vocabulary "
                        "attrcheck knows", l->name, l->pos.line, l->pos.column,
                        (int)(klen > 40 ? 40 : klen), v + start);
    char *pref = ac_arena_strndup(x->arena, v + start, i - start);
    if (rc == AC_OK)
      rc = pref ? ac_extract__right(x, "ai-use", pref, l->agent, AC_ORIGIN_ROBOTS,
                                    (ac_span){0, 0}, l->pos)
                : ac_extract__oom(x);
    if (rc < 0)
      return rc;
  }
  return AC_OK;
}

/* Name and trimmed value of "Name: value # comment"; false when the line has none. */
static bool robots_split(const char *line, size_t len, size_t *nlen, const char **v,
                         size_t *vlen)
{
  const char *hash = memchr(line, '#', len);
  const char *colon;

  if (hash != NULL)
    len = (size_t)(hash - line);
  colon = memchr(line, ':', len);
  if (colon == NULL)
    return false;
  *nlen = (size_t)(colon - line);
  while (*nlen > 0 && (line[*nlen - 1] == ' ' || line[*nlen - 1] == '\t'))
    (*nlen)--;
  *v = colon + 1;
  *vlen = len - (size_t)(colon + 1 - line);
  while (*vlen > 0 && (**v == ' ' || **v == '\t')) {
    (*v)++;
    (*vlen)--;
  }
  while (*vlen > 0 && ((*v)[*vlen - 1] == ' ' || (*v)[*vlen - 1] == '\r' ||
                       (*v)[*vlen - 1] == '\t'))
    (*vlen)--;
  return true;
}

/* A user-agent line: starts a group after rules, else joins the group's agents. */
static void robots_agent(xctx *x, robots_line *l, bool *in_agents)
{
  bool star = l->vlen == 1 && l->v[0] == '*';
  const char *prev = *in_agents ? l->agent : NULL;

  if (!*in_agents)
    l->agent = NULL;
  if (!star)
    l->agent = prev ? ac_arena_printf(x->arena, "%s %.*s", prev, (int)l->vlen, l->v)
                    : ac_arena_strndup(x->arena, l->v, l->vlen);
  *in_agents = true;
}

int ac_extract__robots(xctx *x, const char *name, const char *text, size_t len)
{
  robots_line l = {name, text, NULL, 0, {1, 1}, NULL, ac_extract__url_path(x, x->facts->url)};
  bool in_agents = false;
  size_t i = 0;
  uint32_t line_no = 1;
  int rc = AC_OK;

  while (i < len && rc == AC_OK) {
    const char *line = text + i, *nl = memchr(line, '\n', len - i);
    size_t llen = nl != NULL ? (size_t)(nl - line) : len - i, nlen;

    if (robots_split(line, llen, &nlen, &l.v, &l.vlen)) {
      l.pos = (ac_pos){line_no, 1};
      if (nlen == 10 && strncasecmp(line, "user-agent", 10) == 0) {
        robots_agent(x, &l, &in_agents);
      } else {
        in_agents = false;
        if (nlen == 13 && strncasecmp(line, "content-usage", 13) == 0)
          rc = content_usage(x, &l);
        else if (nlen == 7 && strncasecmp(line, "license", 7) == 0 && l.vlen > 0) {
          char *url = ac_arena_strndup(x->arena, l.v, l.vlen);   /* RSL 1.0: site-wide */
          rc = url ? ac_extract__right(x, "rsl-license", url, NULL, AC_ORIGIN_ROBOTS,
                                       (ac_span){0, 0}, l.pos)
                   : ac_extract__oom(x);
        }
      }
    }
    i += llen + 1;
    line_no++;
  }
  return rc;
}
