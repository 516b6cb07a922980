/*
 * Finding emission shared by the check files: a rule's message and hint with
 * {placeholders} expanded, appended to the evaluation's findings; and whether
 * a match counts as a copy. A helper file: it calls nothing above it.
 */
#include <stdio.h>
#include <string.h>

#include "eval.h"

bool ac_rules__match_counts(const ac_match *m, double min_cov, size_t min_words)
{
  /* related: shared quotations and phrases, too little copied prose to be a copy */
  return m->cls != AC_COPY_UNRELATED && m->cls != AC_COPY_RELATED &&
         (m->original_coverage >= min_cov || m->copied_tokens >= min_words);
}

static const char *var_value(const ac_vars *v, const char *name, size_t len)
{
  static const char *const names[] = {"credit", "host", "url", "evidence",
                                      "license", "coverage", "copy", "lang"};
  const char *const values[] = {v->credit, v->host,     v->url,  v->evidence,
                                v->license, v->coverage, v->copy, v->lang};

  for (size_t i = 0; i < AC_COUNT(names); i++)
    if (strlen(names[i]) == len && strncmp(names[i], name, len) == 0)
      return values[i] ? values[i] : "?";
  return NULL;
}

/* Expand {name} placeholders; unknown ones stay as written. */
static char *expand(ac_arena *a, const char *tpl, const ac_vars *v)
{
  char buf[1024];
  size_t o = 0;

  for (const char *p = tpl; *p != '\0' && o + 1 < sizeof buf; p++) {
    const char *close = *p == '{' ? strchr(p, '}') : NULL;
    const char *val = close ? var_value(v, p + 1, (size_t)(close - p - 1)) : NULL;
    if (val != NULL) {
      int n = snprintf(buf + o, sizeof buf - o, "%s", val);
      o = n < 0 ? o : (o + (size_t)n < sizeof buf ? o + (size_t)n : sizeof buf - 1);
      p = close;
    } else {
      buf[o++] = *p;
    }
  }
  buf[o] = '\0';
  return ac_arena_strdup(a, buf);
}

int ac_rules__emit(ac_eval *x, const ac_rule *r, ac_span span, const char *def, const ac_vars *v)
{
  static const ac_vars none = {0};
  ac_finding *f;

  if (v == NULL)
    v = &none;
  f = ac_arena_push(x->arena, &x->out, &x->n_out, &x->cap_out, sizeof *f, 0);
  if (f == NULL)
    return AC_ENOMEM;
  f->rule = r->info.id;
  f->severity = r->info.severity;
  f->message = expand(x->arena, r->message ? r->message : def, v);
  f->hint = r->info.hint ? expand(x->arena, r->info.hint, v) : NULL;
  f->evidence = v->evidence ? v->evidence : v->credit ? v->credit : v->url;
  f->span = span;
  return f->message != NULL ? AC_OK : AC_ENOMEM;
}
