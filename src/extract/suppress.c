/*
 * Inline suppressions: <!-- attrcheck-disable rule-a rule-b: reason --> …
 * <!-- attrcheck-enable [rule] -->, and data-attrcheck-ignore="rule: reason"
 * on one element. A suppression without a reason keeps reason NULL so the
 * rules engine can report it.
 */
#include <string.h>

#include "extract.h"

#define OPEN_END UINT32_MAX        /* span.end of a disable not yet closed */

static bool is_sep(char c)
{
  return c == ' ' || c == ',' || c == '\t' || c == '\n' || c == '\r';
}

static int add(xctx *x, const char *rule, size_t rlen, const char *reason, ac_span span)
{
  ac_facts *f = x->facts;
  ac_suppression *s;

  s = ac_extract__push(x, &f->suppressions, &f->n_suppressions, &x->cap_supp, sizeof *s);
  if (s == NULL)
    return ac_extract__full(x, f->n_suppressions);
  s->rule = ac_arena_strndup(x->arena, rule, rlen);
  s->reason = reason;
  s->span = span;
  return s->rule != NULL ? AC_OK : ac_extract__oom(x);
}

/* "rule-a, rule-b: reason" → one suppression per rule ("*" when none is named). */
static int parse_spec(xctx *x, const char *spec, ac_span span)
{
  const char *colon = strchr(spec, ':'), *end, *reason = NULL;
  int rc = AC_OK, n = 0;

  if (colon != NULL) {
    end = colon;
    reason = ac_extract__collapse(x, colon + 1, strlen(colon + 1));
  } else {                                   /* no colon: one rule, the rest is the reason */
    const char *p = spec;
    while (is_sep(*p))
      p++;
    while (*p && !is_sep(*p))
      p++;
    end = p;
    reason = ac_extract__collapse(x, p, strlen(p));
  }
  for (const char *p = spec; rc == AC_OK && p < end;) {
    while (p < end && is_sep(*p))
      p++;
    const char *q = p;
    while (q < end && !is_sep(*q))
      q++;
    if (q > p) {
      rc = add(x, p, (size_t)(q - p), reason, span);
      n++;
    }
    p = q;
  }
  return rc == AC_OK && n == 0 ? add(x, "*", 1, reason, span) : rc;
}

static const char *after_word(const char *s, const char *word)
{
  size_t n = strlen(word);

  if (strncmp(s, word, n) != 0 || (s[n] != '\0' && !is_sep(s[n])))
    return NULL;
  return s + n;
}

static void close_open(xctx *x, const char *rules, uint32_t end)
{
  ac_facts *f = x->facts;

  for (size_t i = 0; i < f->n_suppressions; i++) {
    ac_suppression *s = &f->suppressions[i];
    if (s->span.end != OPEN_END)
      continue;
    if (rules == NULL || ac_extract__has_token(rules, s->rule))
      s->span.end = end;
  }
}

int ac_extract__comment(xctx *x, const GumboNode *node)
{
  const GumboText *t = &node->v.text;
  const char *s = t->text, *rest;
  ac_span span;

  while (is_sep(*s))
    s++;
  if (strncmp(s, "attrcheck-", 10) != 0)
    return AC_OK;
  span.start = t->start_pos.offset;
  span.end = span.start + (uint32_t)t->original_text.length;
  rest = after_word(s, "attrcheck-disable");
  if (rest != NULL) {
    ac_span open = {span.start, OPEN_END};
    return parse_spec(x, rest, open);
  }
  rest = after_word(s, "attrcheck-enable");
  if (rest != NULL) {
    while (is_sep(*rest))
      rest++;
    close_open(x, *rest ? rest : NULL, span.end);
  }
  return AC_OK;
}

int ac_extract__ignore_attr(xctx *x, const char *value, ac_span span)
{
  return parse_spec(x, value, span);
}

void ac_extract__close_suppressions(xctx *x)
{
  close_open(x, NULL, (uint32_t)x->page->len);
}
