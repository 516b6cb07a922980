/*
 * The SARIF 2.1.0 report (OASIS Static Analysis Results Interchange Format):
 * one run whose driver lists every rule (the loaded table, plus any id seen in
 * results that it lacks), results with repository-relative locations, stable
 * partialFingerprints and suppressions, and an invocation that says whether
 * every input could be checked. Results and notifications are buffered so the
 * rule table, which they index, can come first in the file.
 */
#include <stdlib.h>
#include <string.h>

#include "jsonw.h"
#include "report.h"
#include "../util/grow.h"

#define SARIF_SCHEMA \
  "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

/* JSON written to memory at a given depth, spliced into the document later. */
typedef struct spool {
  FILE *f;
  char *buf;
  size_t len;
  ac_jsonw w;
  size_t count;
} spool;

typedef struct rule_entry {
  const char *id;
  char *owned;                 /* ids not in the table are copied: pages go away */
  const ac_rule_info *info;
} rule_entry;

typedef struct sarif_state {
  spool results, notes;
  rule_entry *rules;
  size_t n_rules, cap_rules;
} sarif_state;

static int spool_open(spool *s, int depth)
{
  s->f = open_memstream(&s->buf, &s->len);
  if (s->f == NULL)
    return AC_ENOMEM;
  ac_jsonw_init(&s->w, s->f, true);
  s->w.depth = depth;
  return AC_OK;
}

/* Open an array in `w`, copy the spooled items into it, close it. */
static int spool_splice(ac_jsonw *w, spool *s)
{
  ac_jsonw_array(w);
  if (fflush(s->f) != 0 || ferror(s->f))
    return AC_ENOMEM;
  fwrite(s->buf, 1, s->len, w->out);
  w->need_comma[w->depth] = s->count > 0;
  ac_jsonw_close(w, ']');
  return AC_OK;
}

static void spool_close(spool *s)
{
  if (s->f != NULL)
    fclose(s->f);
  free(s->buf);
  memset(s, 0, sizeof *s);
}

static int rule_add(sarif_state *s, const char *id, const ac_rule_info *info)
{
  if (!ac_grow(&s->rules, &s->cap_rules, s->n_rules + 1, sizeof *s->rules, 16))
    return AC_ENOMEM;
  s->rules[s->n_rules].id = id;
  s->rules[s->n_rules].owned = NULL;
  s->rules[s->n_rules].info = info;
  if (info == NULL) {
    s->rules[s->n_rules].owned = strdup(id);
    if (s->rules[s->n_rules].owned == NULL)
      return AC_ENOMEM;
    s->rules[s->n_rules].id = s->rules[s->n_rules].owned;
  }
  s->n_rules++;
  return AC_OK;
}

/* The rule's index in driver.rules, adding ids the table lacks; -1 on OOM. */
static long rule_index(sarif_state *s, const char *id)
{
  for (size_t i = 0; i < s->n_rules; i++)
    if (strcmp(s->rules[i].id, id) == 0)
      return (long)i;
  if (rule_add(s, id, NULL) < 0)
    return -1;
  return (long)s->n_rules - 1;
}

static int sarif_begin(ac_report *r)
{
  sarif_state *s = calloc(1, sizeof *s);
  const ac_rules *rules = r->opts.rules;
  size_t n = rules != NULL ? ac_rules_count(rules) : 0;

  if (s == NULL)
    return AC_ENOMEM;
  r->state = s;
  /* items sit in runs[0].results (depth 4) and invocations[0].toolExecutionNotifications (6) */
  if (spool_open(&s->results, 4) < 0 || spool_open(&s->notes, 6) < 0)
    return AC_ENOMEM;
  for (size_t i = 0; i < n; i++) {
    const ac_rule_info *info = ac_rules_info(rules, i);

    if (info != NULL && info->id != NULL && rule_add(s, info->id, info) < 0)
      return AC_ENOMEM;
  }
  return AC_OK;
}

static char *uri_of(const ac_report *r, const char *path)
{
  char *rel = ac_report__rel(r, path), *buf = NULL;
  size_t len = 0;
  FILE *m;

  if (rel == NULL)
    return NULL;
  m = open_memstream(&buf, &len);
  if (m != NULL) {
    ac_report__uri(m, rel);
    if (fclose(m) != 0) {
      free(buf);
      buf = NULL;
    }
  }
  free(rel);
  return buf;
}

static void location(ac_jsonw *w, const char *uri, ac_pos pos)
{
  ac_jsonw_object(w);
  ac_jsonw_key(w, "physicalLocation");
  ac_jsonw_object(w);
  ac_jsonw_key(w, "artifactLocation");
  ac_jsonw_object(w);
  ac_jsonw_kstr(w, "uri", uri);
  if (strncmp(uri, "file:", 5) != 0)
    ac_jsonw_kstr(w, "uriBaseId", "SRCROOT");
  ac_jsonw_close(w, '}');
  if (pos.line > 0) {
    ac_jsonw_key(w, "region");
    ac_jsonw_object(w);
    ac_jsonw_kint(w, "startLine", pos.line);
    ac_jsonw_kint(w, "startColumn", pos.column);
    ac_jsonw_close(w, '}');
  }
  ac_jsonw_close(w, '}');
  ac_jsonw_close(w, '}');
}

/* FNV-1a (64-bit) over the NUL-separated fields: a stable identity for an alert
 * that survives edits which move it to another line. */
static uint64_t fnv1a(uint64_t h, const char *s)
{
  for (const unsigned char *p = (const unsigned char *)(s != NULL ? s : ""); ; p++) {
    h ^= *p;
    h *= 0x100000001b3ULL;
    if (*p == '\0')
      return h;
  }
}

static uint64_t finding_hash(const char *uri, const ac_finding *f)
{
  uint64_t h = 0xcbf29ce484222325ULL;

  h = fnv1a(h, f->rule);
  h = fnv1a(h, uri);
  return fnv1a(h, f->evidence != NULL ? f->evidence : f->message);
}

static const char *level(ac_severity sev)
{
  return sev == AC_SEV_ERROR ? "error" : sev == AC_SEV_WARNING ? "warning" : "note";
}

static void result(ac_jsonw *w, const ac_finding *f, long index, const char *uri, ac_pos pos,
                   const char *fingerprint)
{
  ac_jsonw_object(w);
  ac_jsonw_kstr(w, "ruleId", f->rule);
  ac_jsonw_kint(w, "ruleIndex", index);
  ac_jsonw_kstr(w, "level", level(f->severity));
  ac_jsonw_key(w, "message");
  ac_jsonw_object(w);
  ac_jsonw_kstr(w, "text", f->message != NULL ? f->message : f->rule);
  ac_jsonw_close(w, '}');
  ac_jsonw_key(w, "locations");
  ac_jsonw_array(w);
  location(w, uri, pos);
  ac_jsonw_close(w, ']');
  ac_jsonw_key(w, "partialFingerprints");
  ac_jsonw_object(w);
  ac_jsonw_kstr(w, "attrcheck/v1", fingerprint);
  ac_jsonw_close(w, '}');
  if (f->suppressed) {
    bool baseline = f->suppression != NULL && strncmp(f->suppression, "baseline", 8) == 0;

    ac_jsonw_key(w, "suppressions");
    ac_jsonw_array(w);
    ac_jsonw_object(w);
    ac_jsonw_kstr(w, "kind", baseline ? "external" : "inSource");
    if (f->suppression != NULL)
      ac_jsonw_kstr(w, "justification", f->suppression);
    ac_jsonw_close(w, '}');
    ac_jsonw_close(w, ']');
  }
  if (f->evidence != NULL || f->hint != NULL) {
    ac_jsonw_key(w, "properties");
    ac_jsonw_object(w);
    if (f->evidence != NULL)
      ac_jsonw_kstr(w, "evidence", f->evidence);
    if (f->hint != NULL)
      ac_jsonw_kstr(w, "hint", f->hint);
    ac_jsonw_close(w, '}');
  }
  ac_jsonw_close(w, '}');
}

static int sarif_page(ac_report *r, const ac_page *page)
{
  sarif_state *s = r->state;
  size_t n = 0;
  const ac_finding *f = ac_page_findings(page, &n);
  char *uri = uri_of(r, ac_page_path(page));

  if (uri == NULL)
    return AC_ENOMEM;
  for (size_t i = 0; i < n; i++) {
    uint64_t h = finding_hash(uri, &f[i]);
    size_t occurrence = 1;
    long index = f[i].severity != AC_SEV_NONE ? rule_index(s, f[i].rule) : 0;
    char fingerprint[48];

    if (index < 0) {
      free(uri);
      return AC_ENOMEM;
    }
    if (f[i].severity == AC_SEV_NONE)
      continue;
    for (size_t j = 0; j < i; j++)      /* the same alert twice on one page stays distinct */
      occurrence += finding_hash(uri, &f[j]) == h;
    snprintf(fingerprint, sizeof fingerprint, "%016llx:%zu", (unsigned long long)h,
             occurrence);
    result(&s->results.w, &f[i], index, uri, ac_report__pos(page, f[i].span), fingerprint);
    s->results.count++;
  }
  free(uri);
  return AC_OK;
}

/* A toolExecutionNotification about an input: "error" failed, "note" skipped. */
static int notification(ac_report *r, const char *level, const char *path, const char *message)
{
  sarif_state *s = r->state;
  ac_jsonw *w = &s->notes.w;
  char *uri = uri_of(r, path);
  ac_pos none = {0, 0};

  if (uri == NULL)
    return AC_ENOMEM;
  ac_jsonw_object(w);
  ac_jsonw_kstr(w, "level", level);
  ac_jsonw_key(w, "message");
  ac_jsonw_object(w);
  ac_jsonw_key(w, "text");           /* "path: why", readable without the location */
  ac_jsonw_concat(w, path, ": ", message);
  ac_jsonw_close(w, '}');
  ac_jsonw_key(w, "locations");
  ac_jsonw_array(w);
  location(w, uri, none);
  ac_jsonw_close(w, ']');
  ac_jsonw_close(w, '}');
  s->notes.count++;
  free(uri);
  return AC_OK;
}

static int sarif_failure(ac_report *r, const char *path, const char *message)
{
  return notification(r, "error", path, message);
}

static int sarif_skipped(ac_report *r, const char *path, const char *reason)
{
  return notification(r, "note", path, reason);
}

static void text_object(ac_jsonw *w, const char *key, const char *text)
{
  ac_jsonw_key(w, key);
  ac_jsonw_object(w);
  ac_jsonw_kstr(w, "text", text);
  ac_jsonw_close(w, '}');
}

static void rule(ac_jsonw *w, const rule_entry *e)
{
  const ac_rule_info *i = e->info;
  const char *summary = i != NULL && i->summary != NULL ? i->summary : e->id;
  const char *full = i != NULL && i->description != NULL ? i->description : summary;
  const char *help = i != NULL && i->hint != NULL ? i->hint : full;

  ac_jsonw_object(w);
  ac_jsonw_kstr(w, "id", e->id);
  text_object(w, "shortDescription", summary);
  text_object(w, "fullDescription", full);
  text_object(w, "help", help);
  if (i != NULL && i->severity != AC_SEV_NONE) {
    ac_jsonw_key(w, "defaultConfiguration");
    ac_jsonw_object(w);
    ac_jsonw_kstr(w, "level", level(i->severity));
    ac_jsonw_close(w, '}');
  }
  if (i != NULL && (i->check != NULL || i->pack != NULL)) {
    ac_jsonw_key(w, "properties");
    ac_jsonw_object(w);
    if (i->check != NULL)
      ac_jsonw_kstr(w, "check", i->check);
    if (i->pack != NULL)
      ac_jsonw_kstr(w, "pack", i->pack);
    ac_jsonw_close(w, '}');
  }
  ac_jsonw_close(w, '}');
}

static void driver(ac_jsonw *w, const sarif_state *s)
{
  ac_jsonw_key(w, "tool");
  ac_jsonw_object(w);
  ac_jsonw_key(w, "driver");
  ac_jsonw_object(w);
  ac_jsonw_kstr(w, "name", "attrcheck");
  ac_jsonw_kstr(w, "version", ATTRCHECK_VERSION);
  ac_jsonw_kstr(w, "semanticVersion", ATTRCHECK_VERSION);
  ac_jsonw_key(w, "rules");
  ac_jsonw_array(w);
  for (size_t i = 0; i < s->n_rules; i++)
    rule(w, &s->rules[i]);
  ac_jsonw_close(w, ']');
  ac_jsonw_close(w, '}');
  ac_jsonw_close(w, '}');
}

/* SRCROOT: the base directory as an absolute file URI ending in '/' (SARIF 3.14.14). */
static int base_ids(ac_jsonw *w, const ac_report *r)
{
  const char *abs = r->base_abs;
  char *uri = NULL;
  size_t len = 0;
  FILE *m;

  if (abs == NULL || abs[0] != '/')
    return AC_OK;                     /* no working directory: relative URIs stay unanchored */
  m = open_memstream(&uri, &len);
  if (m == NULL)
    return AC_ENOMEM;
  ac_report__uri(m, abs);
  if (abs[1] != '\0')
    fputc('/', m);
  if (fclose(m) != 0) {
    free(uri);
    return AC_ENOMEM;
  }
  ac_jsonw_key(w, "originalUriBaseIds");
  ac_jsonw_object(w);
  ac_jsonw_key(w, "SRCROOT");
  ac_jsonw_object(w);
  ac_jsonw_kstr(w, "uri", uri);
  ac_jsonw_close(w, '}');
  ac_jsonw_close(w, '}');
  free(uri);
  return AC_OK;
}

static int invocation(ac_jsonw *w, ac_report *r, sarif_state *s, const ac_totals *t)
{
  int rc;

  ac_jsonw_key(w, "invocations");
  ac_jsonw_array(w);
  ac_jsonw_object(w);
  /* Failed inputs (not skipped ones, which are only notes) make the run unsuccessful. */
  ac_jsonw_kbool(w, "executionSuccessful", r->seen.failed_inputs == 0 && t->failed_inputs == 0);
  if (r->opts.command_line != NULL)
    ac_jsonw_kstr(w, "commandLine", r->opts.command_line);
  ac_jsonw_key(w, "toolExecutionNotifications");
  rc = spool_splice(w, &s->notes);
  ac_jsonw_close(w, '}');
  ac_jsonw_close(w, ']');
  return rc;
}

static int sarif_end(ac_report *r, const ac_totals *t)
{
  sarif_state *s = r->state;
  ac_jsonw doc, *w = &doc;
  int rc;

  ac_jsonw_init(w, r->out, true);
  ac_jsonw_object(w);
  ac_jsonw_kstr(w, "$schema", SARIF_SCHEMA);
  ac_jsonw_kstr(w, "version", "2.1.0");
  ac_jsonw_key(w, "runs");
  ac_jsonw_array(w);
  ac_jsonw_object(w);
  driver(w, s);
  rc = invocation(w, r, s, t);
  if (rc == AC_OK)
    rc = base_ids(w, r);
  ac_jsonw_kstr(w, "columnKind", "unicodeCodePoints");
  ac_jsonw_key(w, "results");
  if (rc == AC_OK)
    rc = spool_splice(w, &s->results);
  ac_jsonw_close(w, '}');
  ac_jsonw_close(w, ']');
  ac_jsonw_close(w, '}');
  return rc;
}

static void sarif_dispose(ac_report *r)
{
  sarif_state *s = r->state;

  if (s == NULL)
    return;
  spool_close(&s->results);
  spool_close(&s->notes);
  for (size_t i = 0; i < s->n_rules; i++)
    free(s->rules[i].owned);
  free(s->rules);
  free(s);
  r->state = NULL;
}

const ac_report_ops ac_report__sarif = {
  "sarif", sarif_begin, sarif_page, sarif_failure, sarif_skipped, sarif_end, sarif_dispose,
};
