/*
 * The text report: `path:line:column: severity rule-id: message`, the fix
 * hint indented under it (`  fix: …`), then a summary line and, once per rule
 * that reported, `  more: attrcheck rules explain ID`.
 */
#include <stdlib.h>
#include <string.h>

#include "report.h"

#define BOLD "\033[1m"
#define RESET "\033[0m"

static const char *sev_color(ac_severity sev)
{
  switch (sev) {
  case AC_SEV_ERROR: return "\033[1;31m";
  case AC_SEV_WARNING: return "\033[1;33m";
  default: return "\033[1;36m";
  }
}

static bool colored(const ac_report *r)
{
  return r->opts.color == AC_COLOR_ALWAYS;
}

static void location(ac_report *r, const char *path, ac_pos pos)
{
  if (colored(r))
    fputs(BOLD, r->out);
  ac_report_plain_path(r->out, path);
  if (pos.line > 0)
    fprintf(r->out, ":%u:%u", (unsigned)pos.line, (unsigned)pos.column);
  fputc(':', r->out);
  if (colored(r))
    fputs(RESET, r->out);
  fputc(' ', r->out);
}

static void severity(ac_report *r, ac_severity sev)
{
  if (colored(r))
    fprintf(r->out, "%s%s" RESET, sev_color(sev), ac_severity_name(sev));
  else
    fputs(ac_severity_name(sev), r->out);
}

static void line(ac_report *r, const char *path, ac_pos pos, ac_severity sev, const char *id,
                 const char *message)
{
  location(r, path, pos);
  severity(r, sev);
  fputc(' ', r->out);
  ac_report__plain(r->out, id);
  fputs(": ", r->out);
  ac_report__plain(r->out, message);
  fputc('\n', r->out);
}

/* "  fix: …" under a finding: JSON, SARIF and JUnit carry the hint, so the terminal does too. */
static void hint_line(ac_report *r, const char *hint)
{
  if (hint == NULL || hint[0] == '\0')
    return;
  fputs("  fix: ", r->out);
  ac_report__plain(r->out, hint);
  fputc('\n', r->out);
}

/* The rule ids that reported, in the order they first did (copies: pages are freed). */
typedef struct text_state {
  char **ids;
  size_t n, cap;
} text_state;

static int remember_rule(ac_report *r, const char *id)
{
  text_state *s = r->state;

  if (s == NULL && (s = r->state = calloc(1, sizeof *s)) == NULL)
    return AC_ENOMEM;
  for (size_t i = 0; i < s->n; i++)
    if (strcmp(s->ids[i], id) == 0)
      return AC_OK;
  if (s->n == s->cap) {
    size_t ncap = s->cap ? s->cap * 2 : 16;
    char **grown = realloc(s->ids, ncap * sizeof *grown);
    if (grown == NULL)
      return AC_ENOMEM;
    s->ids = grown;
    s->cap = ncap;
  }
  if ((s->ids[s->n] = strdup(id)) == NULL)
    return AC_ENOMEM;
  s->n++;
  return AC_OK;
}

static void text_dispose(ac_report *r)
{
  text_state *s = r->state;

  if (s == NULL)
    return;
  for (size_t i = 0; i < s->n; i++)
    free(s->ids[i]);
  free(s->ids);
  free(s);
  r->state = NULL;
}

/* Input problems the run survived (a canonical that does not resolve, invalid
 * JSON-LD…): shown as notes under their code, unless --quiet. */
static void input_notes(ac_report *r, const ac_page *page)
{
  size_t n = 0;
  const ac_note *note = ac_page_notes(page, &n);

  if (r->opts.quiet)
    return;
  for (size_t i = 0; i < n; i++)
    line(r, ac_page_path(page), ac_report__pos(page, note[i].span), AC_SEV_NOTE,
         note[i].code, note[i].message);
}

/* Suppressed findings are not failures: they only appear in the summary count. */
static int text_page(ac_report *r, const ac_page *page)
{
  size_t n = 0;
  const ac_finding *f = ac_page_findings(page, &n);

  for (size_t i = 0; i < n; i++) {
    if (f[i].suppressed || f[i].severity == AC_SEV_NONE)
      continue;
    line(r, ac_page_path(page), ac_report__pos(page, f[i].span), f[i].severity, f[i].rule,
         f[i].message);
    hint_line(r, f[i].hint);
    if (remember_rule(r, f[i].rule) < 0)
      return AC_ENOMEM;
  }
  input_notes(r, page);
  return AC_OK;
}

/* "path: error: why" for a failed input, "path: note: why" for a skipped one. */
static int input_line(ac_report *r, const char *path, ac_severity sev, const char *message)
{
  ac_pos none = {0, 0};

  location(r, path, none);
  severity(r, sev);
  fputs(": ", r->out);
  ac_report__plain(r->out, message);
  fputc('\n', r->out);
  return AC_OK;
}

static int text_failure(ac_report *r, const char *path, const char *message)
{
  return input_line(r, path, AC_SEV_ERROR, message);
}

static int text_skipped(ac_report *r, const char *path, const char *reason)
{
  return input_line(r, path, AC_SEV_NOTE, reason);
}

static void count(FILE *out, size_t n, const char *one, const char *many)
{
  fprintf(out, "%zu %s", n, n == 1 ? one : many);
}

/* How to learn more about each rule that reported: "  more: attrcheck rules explain ID". */
static void explain_lines(ac_report *r)
{
  const text_state *s = r->state;

  for (size_t i = 0; s != NULL && i < s->n; i++) {
    fputs("  more: attrcheck rules explain ", r->out);
    ac_report__plain(r->out, s->ids[i]);
    fputc('\n', r->out);
  }
}

/* "3 pages checked: 1 error, 2 warnings, 1 suppressed; 1 input could not be checked" */
static int text_end(ac_report *r, const ac_totals *t)
{
  if (r->opts.quiet)
    return AC_OK;
  count(r->out, t->pages, "page checked: ", "pages checked: ");
  count(r->out, t->errors, "error", "errors");
  fputs(", ", r->out);
  count(r->out, t->warnings, "warning", "warnings");
  if (t->notes > 0) {
    fputs(", ", r->out);
    count(r->out, t->notes, "note", "notes");
  }
  if (t->suppressed > 0)
    fprintf(r->out, ", %zu suppressed", t->suppressed);
  if (t->input_notes > 0) {
    fputs(", ", r->out);
    count(r->out, t->input_notes, "input note", "input notes");
  }
  if (t->failed_inputs > 0) {
    fputs("; ", r->out);
    count(r->out, t->failed_inputs, "input could not be checked",
          "inputs could not be checked");
  }
  if (t->skipped > 0)
    fprintf(r->out, "; %zu skipped", t->skipped);
  fputc('\n', r->out);
  explain_lines(r);
  return AC_OK;
}

const ac_report_ops ac_report__text = {
  "text", NULL, text_page, text_failure, text_skipped, text_end, text_dispose,
};
