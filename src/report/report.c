/* The report driver: the --format table, the output (stream or atomic -o file), counting. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

/* Order is the order `--help` lists them in; ac_report_formats() mirrors it. */
static const ac_report_ops *const formats[] = {
  &ac_report__text, &ac_report__csv, &ac_report__findings_csv, &ac_report__json,
  &ac_report__sarif, &ac_report__junit, &ac_report__github, &ac_report__html,
};

const char *const *ac_report_formats(void)
{
  static const char *const names[] = {
    "text", "csv", "findings-csv", "json", "sarif", "junit", "github", "html", NULL,
  };
  return names;
}

static const ac_report_ops *find_format(const char *name)
{
  for (size_t i = 0; i < AC_COUNT(formats); i++)
    if (strcmp(formats[i]->name, name) == 0)
      return formats[i];
  return NULL;
}

/* A failed write anywhere shows in the stream's error flag; errno says why. */
static int check_io(ac_report *r, int rc, ac_error *err)
{
  int e = errno;

  if (rc < 0)
    return rc;
  if (!ferror(r->out))
    return AC_OK;
  return ac_error_set_file(err, e == EPIPE ? AC_ECLOSED : AC_EIO, r->where, 0, 0,
                           "cannot write the report: %s", e != 0 ? strerror(e) : "write error");
}

static int setup_output(ac_report *r, ac_error *err)
{
  const char *path = r->opts.path;

  if (path != NULL && strcmp(path, "-") != 0) {
    r->where = strdup(path);
    if (r->where == NULL)
      return ac_error_set_file(err, AC_ENOMEM, path, 0, 0, "out of memory");
    if (ac_report__may_replace(r->ops->name, path, err) < 0)
      return err->code;
    if (ac_atomic_open(&r->file, path) < 0)
      return ac_error_set_file(err, errno == ENOMEM ? AC_ENOMEM : AC_EIO, path, 0, 0,
                               "cannot create the report: %s", strerror(errno));
    r->out = r->file.f;
    return AC_OK;
  }
  r->out = r->opts.stream != NULL ? r->opts.stream : stdout;
  r->where = strdup("standard output");
  return r->where != NULL ? AC_OK : ac_error_set(err, AC_ENOMEM, "out of memory");
}

int ac_report_new(ac_report **out, const ac_report_options *opts, ac_error *err)
{
  static const ac_report_options defaults = AC_REPORT_OPTIONS_INIT;
  const ac_report_options *o = opts != NULL ? opts : &defaults;
  const ac_report_ops *ops = find_format(o->format != NULL ? o->format : "text");
  ac_report *r;
  int rc;

  *out = NULL;
  if (ops == NULL)
    return ac_error_set(err, AC_EINVALID,
                        "unknown format '%s' (expected text, csv, findings-csv, json, sarif, "
                        "junit, github or html)", o->format);
  r = calloc(1, sizeof *r);
  if (r == NULL)
    return ac_error_set(err, AC_ENOMEM, "out of memory");
  r->ops = ops;
  r->opts = *o;
  r->cwd = ac_report__cwd();           /* once: relative paths are resolved per finding */
  r->base_abs = ac_report__abspath(o->base_dir, r->cwd);
  rc = setup_output(r, err);
  if (rc == AC_OK) {
    errno = 0;
    rc = check_io(r, ops->begin != NULL ? ops->begin(r) : AC_OK, err);
    if (rc == AC_ENOMEM)
      ac_error_set_file(err, rc, r->where, 0, 0, "out of memory");
  }
  if (rc < 0) {
    ac_report_free(r);
    return rc;
  }
  *out = r;
  return AC_OK;
}

int ac_report_page(ac_report *r, const ac_page *page, ac_error *err)
{
  ac_finding_counts c = ac_page_finding_counts(page);
  int rc;

  r->seen.pages++;
  r->seen.errors += c.errors;
  r->seen.warnings += c.warnings;
  r->seen.notes += c.notes;
  r->seen.suppressed += c.suppressed;
  if (strcmp(ac_report__verdict(r, page), "fail") == 0)
    r->seen.pages_failing++;
  errno = 0;
  rc = check_io(r, r->ops->page(r, page), err);
  if (rc == AC_ENOMEM)
    return ac_error_set_file(err, rc, ac_page_path(page), 0, 0, "out of memory");
  return rc;
}

/* The reports put the path in a field of their own, so an error about that same
 * file is shown without its position prefix. */
static const char *error_text(const char *path, const ac_error *e) {
  const char *msg;

  if (e == NULL)
    return "could not be checked";
  msg = strcmp(e->path, path) == 0 ? ac_error_what(e) : e->msg;
  return *msg != '\0' ? msg : "could not be checked";
}

int ac_report_skipped(ac_report *r, const char *path, const ac_error *e, ac_error *err) {
  int rc;

  r->seen.skipped++;
  if (r->ops->skipped == NULL)
    return AC_OK;
  errno = 0;
  rc = check_io(r, r->ops->skipped(r, path, error_text(path, e)), err);
  if (rc == AC_ENOMEM)
    return ac_error_set_file(err, rc, path, 0, 0, "out of memory");
  return rc;
}

int ac_report_failure(ac_report *r, const char *path, const ac_error *e, ac_error *err) {
  int rc;

  r->seen.failed_inputs++;
  errno = 0;
  rc = check_io(r, r->ops->failure(r, path, error_text(path, e)), err);
  if (rc == AC_ENOMEM)
    return ac_error_set_file(err, rc, path, 0, 0, "out of memory");
  return rc;
}

static int commit_file(ac_report *r, ac_error *err)
{
  if (ac_atomic_commit(&r->file) < 0)
    return ac_error_set_file(err, AC_EIO, r->where, 0, 0, "cannot write the report: %s",
                             strerror(errno));
  return AC_OK;
}

int ac_report_end(ac_report *r, const ac_totals *totals, ac_error *err)
{
  int rc;

  if (r->ended)
    return ac_error_set_file(err, AC_EINVALID, r->where, 0, 0, "the report is already closed");
  r->ended = true;
  errno = 0;
  rc = check_io(r, r->ops->end(r, totals != NULL ? totals : &r->seen), err);
  if (rc == AC_ENOMEM)
    ac_error_set_file(err, rc, r->where, 0, 0, "out of memory");
  if (rc == AC_OK && r->file.f == NULL && fflush(r->out) != 0)
    rc = ac_error_set_file(err, errno == EPIPE ? AC_ECLOSED : AC_EIO, r->where, 0, 0,
                           "cannot write the report: %s", strerror(errno));
  if (rc == AC_OK && r->file.f != NULL)
    rc = commit_file(r, err);
  return rc;
}

void ac_report_free(ac_report *r)
{
  if (r == NULL)
    return;
  if (r->ops->dispose != NULL)
    r->ops->dispose(r);
  ac_atomic_abort(&r->file);                   /* not ended, or ending failed */
  free(r->cwd);
  free(r->base_abs);
  free(r->where);
  free(r);
}

char *ac_report__rel(const ac_report *r, const char *path)
{
  return ac_report__relpath(path, r->base_abs, r->cwd);
}

bool ac_report__fails(const ac_report *r, const ac_finding *f)
{
  return ac_finding_fails(f, r->opts.fail_on);
}

const char *ac_report__verdict(const ac_report *r, const ac_page *page)
{
  return ac_page_fails(page, r->opts.fail_on) ? "fail" : "pass";
}

ac_pos ac_report__pos(const ac_page *page, ac_span span)
{
  ac_pos none = {0, 0};

  if (span.start == 0 && span.end == 0)
    return none;
  return ac_page_pos(page, span.start);
}

const ac_match *ac_report__best_match(const ac_page *page)
{
  size_t n = 0;
  const ac_match *m = ac_page_matches(page, &n);

  return n > 0 ? &m[0] : NULL;
}

const char *ac_report__page_url(const ac_page *page)
{
  const ac_facts *f = ac_page_facts(page);

  if (f == NULL)
    return NULL;
  return f->url != NULL ? f->url : f->canonical;
}
