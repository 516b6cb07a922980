/*
 * Front matter: the metadata block at the top of a Markdown file (Jekyll,
 * Hugo, Astro, Docusaurus). YAML between "---" lines (libyaml's event parser:
 * aliases are never expanded, so an alias bomb costs nothing), JSON as one
 * object (jansson), and TOML between "+++" lines (Hugo's default; no C library
 * in Debian keeps up with it, so frontmatter_toml.c reads the part provenance
 * keys use). The provenance keys become <head> elements of the view, where the
 * HTML extraction reads them; front matter is never main text.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "view.h"

/* YAML events read at most: bounds the work on a hostile block whatever its shape. */
#define FM_MAX_EVENTS 100000u

/* The original byte offset of a libyaml mark (0-based line, column in characters). */
static uint32_t mark_offset(const char *t, size_t len, const yaml_mark_t *m)
{
  size_t i = 0, line = 0, col = 0;

  while (i < len && line < m->line) {
    const char *nl = memchr(t + i, '\n', len - i);
    if (nl == NULL)
      return (uint32_t)len;
    i = (size_t)(nl - t) + 1;
    line++;
  }
  while (i < len && col < m->column) {
    i++;
    while (i < len && ((unsigned char)t[i] & 0xC0) == 0x80)
      i++;
    col++;
  }
  return (uint32_t)i;
}

typedef struct yaml_walk {
  ac_view *v;
  const char *text;          /* the YAML block; offsets from here are the file's */
  size_t len;
  int depth;                 /* 1 inside the top-level mapping */
  bool want_key;             /* at depth 1, the next scalar is a key */
  ac_fm_key key;             /* the key whose value is being read */
  int value_depth;           /* depth at which that value's items sit */
  bool noted_alias;
} yaml_walk;

static void yaml_scalar(yaml_walk *w, const yaml_event_t *e)
{
  const char *s = (const char *)e->data.scalar.value;
  size_t n = e->data.scalar.length;
  uint32_t at = mark_offset(w->text, w->len, &e->start_mark);

  if (w->depth == 1 && w->want_key) {
    w->key = ac_page__fm_key(s, n);
    w->want_key = false;
    return;
  }
  if (w->key != AC_FM_NONE && (w->depth == 1 || w->depth == w->value_depth))
    ac_page__fm_emit(w->v, w->key, s, n, at);
  if (w->depth == 1)
    w->want_key = true;
}

/* Mappings and sequences: a list of authors is read, deeper structure is skipped. */
static void yaml_nest(yaml_walk *w, const yaml_event_t *e)
{
  bool opens = e->type == YAML_MAPPING_START_EVENT || e->type == YAML_SEQUENCE_START_EVENT;

  if (opens) {
    w->depth++;
    if (w->depth == 2 && e->type == YAML_SEQUENCE_START_EVENT)
      w->value_depth = 2;            /* authors: [a, b] */
    else if (w->depth == 2)
      w->value_depth = 0;            /* a mapping value: its inner keys are not provenance keys */
    return;
  }
  w->depth--;
  if (w->depth == 1) {
    w->want_key = true;
    w->key = AC_FM_NONE;
  }
}

static void yaml_event(yaml_walk *w, const yaml_event_t *e)
{
  switch (e->type) {
  case YAML_SCALAR_EVENT:
    yaml_scalar(w, e);
    break;
  case YAML_ALIAS_EVENT:
    if (!w->noted_alias)
      ac_view_note_add(w->v, mark_offset(w->text, w->len, &e->start_mark), "front-matter-partial",
                       "front matter: a YAML alias was not expanded (aliases are not read)");
    w->noted_alias = true;
    if (w->depth == 1)
      w->want_key = !w->want_key;
    break;
  case YAML_MAPPING_START_EVENT:
  case YAML_SEQUENCE_START_EVENT:
    if (w->depth == 0 && e->type == YAML_MAPPING_START_EVENT) {
      w->depth = 1;
      w->want_key = true;
      break;
    }
    yaml_nest(w, e);
    break;
  case YAML_MAPPING_END_EVENT:
  case YAML_SEQUENCE_END_EVENT:
    yaml_nest(w, e);
    break;
  default:
    break;
  }
}

static int yaml_head(ac_view *v, const char *t, size_t len)
{
  yaml_walk w = {v, t, len, 0, false, AC_FM_NONE, 0, false};
  yaml_parser_t p;
  yaml_event_t e;
  unsigned events = 0;

  if (!yaml_parser_initialize(&p))
    return AC_ENOMEM;
  yaml_parser_set_input_string(&p, (const unsigned char *)t, len);
  for (;;) {
    yaml_event_type_t type;
    if (!yaml_parser_parse(&p, &e)) {
      ac_view_note_add(v, mark_offset(t, len, &p.problem_mark), "front-matter-invalid",
                       "front matter: YAML error at line %zu: %s",
                       (size_t)p.problem_mark.line + 1, p.problem ? p.problem : "invalid");
      break;
    }
    type = e.type;
    yaml_event(&w, &e);
    yaml_event_delete(&e);
    if (type == YAML_STREAM_END_EVENT || type == YAML_DOCUMENT_END_EVENT)
      break;
    if (++events >= FM_MAX_EVENTS) {
      ac_view_note_add(v, 0, "front-matter-partial",
                       "front matter: more than %u YAML events; the rest was not read",
                       FM_MAX_EVENTS);
      break;
    }
  }
  yaml_parser_delete(&p);
  return v->status;
}

/* The file offset of the first `"key"` in the JSON block: jansson keeps no positions. */
static uint32_t json_key_offset(const char *t, size_t len, const char *key)
{
  size_t k = strlen(key);

  for (const char *p = t; (p = memchr(p, '"', len - (size_t)(p - t))) != NULL; p++)
    if ((size_t)(p - t) + k + 2 <= len && memcmp(p + 1, key, k) == 0 && p[k + 1] == '"')
      return (uint32_t)(p - t);
  return 0;
}

static void json_value(ac_view *v, ac_fm_key kind, json_t *val, uint32_t at)
{
  if (json_is_string(val)) {
    ac_page__fm_emit(v, kind, json_string_value(val), json_string_length(val), at);
  } else if (json_is_array(val)) {
    size_t i;
    json_t *item;
    json_array_foreach(val, i, item)
      if (json_is_string(item))
        ac_page__fm_emit(v, kind, json_string_value(item), json_string_length(item), at);
  }
}

static int json_head(ac_view *v, const char *t, size_t len)
{
  json_error_t jerr;
  json_t *root = json_loadb(t, len, JSON_DISABLE_EOF_CHECK, &jerr), *val;
  const char *key;

  if (root == NULL)
    return v->status;
  json_object_foreach(root, key, val) {
    ac_fm_key kind = ac_page__fm_key(key, strlen(key));
    if (kind != AC_FM_NONE)
      json_value(v, kind, val, json_key_offset(t, len, key));
  }
  json_decref(root);
  return v->status;
}

int ac_page__front_matter_head(ac_view *v, const char *text, size_t fm_len)
{
  if (fm_len > AC_FM_MAX_BYTES) {
    ac_view_note_add(v, 0, "front-matter-partial",
                     "front matter of %zu bytes is over the %zu-byte limit and was not read",
                     fm_len, AC_FM_MAX_BYTES);
    return v->status;
  }
  if (text[0] == '-')
    return yaml_head(v, text, fm_len);
  if (text[0] == '+')
    return ac_page__toml_head(v, text, fm_len);
  return json_head(v, text, fm_len);
}
