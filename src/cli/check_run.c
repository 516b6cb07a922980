/* The body of `attrcheck check`: inputs → workers → ordered report → exit status. */
#include <errno.h>
#include <fnmatch.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "runner.h"

typedef struct run_ctx {
  const check_opts *o;
  const ac_rules *rules;
  ac_baseline *baseline;          /* --baseline: read by workers */
  ac_baseline *recording;         /* --write-baseline: written on the main thread */
  ac_baseline *seen;              /* with --baseline: the run's findings, to find stale entries */
  cli_strings checked;            /* baseline paths of the pages checked (owned) */
  ac_report *report;
  ac_fetch *fetch;                /* --fetch: shared by the workers */
  ac_totals totals;
  size_t total_inputs;
  bool report_failed;
  bool text_on_stdout;            /* failed inputs go to stderr only, not twice to a terminal */
  bool show_progress;
  double started;
  ac_error report_err;
} run_ctx;

static double now_seconds(void)
{
  struct timespec ts;

  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * --url names the one page. --base-url maps the project root when a config is
 * in use (check content/a.html and check . agree), else the directory argument.
 */
static int page_url(const check_opts *o, const cli_input *in, char **url)
{
  if (o->url != NULL)
    return (*url = strdup(o->url)) != NULL ? AC_OK : AC_ENOMEM;
  return cli_input_url(o->base_url, o->cfg.path != NULL ? o->root : NULL, in, url);
}

/* --policy wins; else the first per-path policy whose glob matches the root-relative path. */
static const char *page_policy(const check_opts *o, const char *key)
{
  if (o->policy != NULL)
    return o->policy;
  for (size_t i = 0; i < o->n_policies; i++)
    if (fnmatch(o->policies[i].path, key, 0) == 0)   /* a star crosses slashes: news/<star> is a subtree */
      return o->policies[i].policy;
  return NULL;
}

static int worker_init(void *vctx, void **worker, ac_error *err)
{
  run_ctx *c = vctx;
  ac_index *index = NULL;

  *worker = NULL;
  if (c->o->index == NULL)
    return AC_OK;
  if (ac_index_open(&index, c->o->index, AC_INDEX_READONLY, err) < 0)
    return err->code ? err->code : AC_ERROR;
  *worker = index;
  return AC_OK;
}

static void worker_fini(void *vctx, void *worker)
{
  (void)vctx;
  ac_index_close(worker);
}

static int check_page(void *vctx, void *worker, const cli_input *in, ac_page **out,
                      ac_error *err)
{
  run_ctx *c = vctx;
  ac_check_options co = AC_CHECK_OPTIONS_INIT;
  ac_page *page = NULL;
  char *url = NULL, *key = NULL;
  int rc;

  *out = NULL;
  if (in->kind != CLI_INPUT_FILE) {
    *err = in->err;
    return in->kind == CLI_INPUT_FAILED ? AC_EIO : AC_EINVALID;
  }
  rc = page_url(c->o, in, &url);
  if (rc == AC_OK && (key = cli_path_key(c->o->root, in->path)) == NULL)
    rc = AC_ENOMEM;
  if (rc < 0)
    ac_error_set_file(err, rc, in->path, 0, 0, "out of memory");
  else
    rc = cli_page_open_with(in->path, c->rules, url, &c->o->limits, c->o->input_type,
                            &c->o->rights, &page, err);
  free(url);
  co.match.compare = c->o->compare;
  co.fetch = c->fetch;
  if (rc == AC_OK) {
    co.eval.policy = page_policy(c->o, key);
    co.eval.rel_path = key;            /* rule `path` globs see what policies see */
    rc = ac_check_document(page, c->rules, worker, &co, err);  /* extracted already */
  }
  if (rc == AC_OK && c->baseline != NULL)
    ac_baseline_apply(c->baseline, key, page);
  free(key);
  if (rc < 0) {
    ac_page_free(page);
    return rc;
  }
  *out = page;
  return AC_OK;
}

static void report_write_failed(run_ctx *c, const ac_error *err)
{
  if (!c->report_failed)
    c->report_err = *err;
  c->report_failed = true;
}

/* FIFOs, devices and binary files are not pages: a note, not a failure. */
static bool is_skip(const cli_input *in, int status)
{
  return in->kind == CLI_INPUT_SKIPPED || status == AC_ENOTPAGE;
}

/* On the main thread: what the baselines need of each page checked. */
static void track_baseline(run_ctx *c, const cli_input *in, const ac_page *page)
{
  ac_error werr = {0};
  char *key;

  if (c->recording == NULL && c->seen == NULL)
    return;
  key = cli_path_key(c->o->root, in->path);
  if (key == NULL ||
      (c->recording != NULL && ac_baseline_record(c->recording, key, page, &werr) < 0) ||
      (c->seen != NULL && ac_baseline_record(c->seen, key, page, &werr) < 0) ||
      cli_strings_push(&c->checked, key) < 0) {   /* as written: the baseline escapes it */
    ac_error_set(&werr, AC_ENOMEM, "baseline: out of memory");
    report_write_failed(c, &werr);
    free(key);
  }
}

static void emit(void *vctx, const cli_input *in, ac_page *page, int status,
                 const ac_error *err)
{
  run_ctx *c = vctx;
  ac_error werr = {0};

  if (page == NULL) {
    if (is_skip(in, status)) {
      c->totals.skipped++;
      cli_note_skipped(err);        /* and in the report, so an audit lists every input */
      if (!c->text_on_stdout &&
          ac_report_skipped(c->report, cli_display_name(in->path), err, &werr) < 0)
        report_write_failed(c, &werr);
      return;
    }
    c->totals.failed_inputs++;
    cli_print_error(err);           /* exit 2 always comes with its reason on stderr */
    if (!c->text_on_stdout && ac_report_failure(c->report, cli_display_name(in->path), err, &werr) < 0)
      report_write_failed(c, &werr);
    return;
  }
  ac_finding_counts n = ac_page_finding_counts(page);
  c->totals.pages++;
  c->totals.errors += n.errors;
  c->totals.warnings += n.warnings;
  c->totals.notes += n.notes;
  c->totals.suppressed += n.suppressed;
  size_t n_notes = 0;
  ac_page_notes(page, &n_notes);
  c->totals.input_notes += n_notes + ac_page_notes_dropped(page);
  if (ac_page_fails(page, c->o->fail_on))
    c->totals.pages_failing++;
  if (!c->report_failed && ac_report_page(c->report, page, &werr) < 0)
    report_write_failed(c, &werr);
  track_baseline(c, in, page);
  ac_page_free(page);
}

static void progress(void *vctx, size_t done, size_t total)
{
  run_ctx *c = vctx;
  double elapsed = now_seconds() - c->started;

  if (!c->show_progress)
    return;
  fprintf(stderr, "\r\033[K%zu/%zu pages, %.0f pages/s, %zu error%s, %zu warning%s", done,
          total, elapsed > 0 ? (double)done / elapsed : 0.0, c->totals.errors,
          c->totals.errors == 1 ? "" : "s", c->totals.warnings, c->totals.warnings == 1 ? "" : "s");
  if (done == total)
    fputs("\r\033[K", stderr);
  fflush(stderr);
}

/* no-color.org: set and not empty. */
static bool no_color(void)
{
  const char *v = getenv("NO_COLOR");

  return v != NULL && v[0] != '\0';
}

static ac_color pick_color(const check_opts *o)
{
  const char *term = getenv("TERM");

  if (strcmp(o->color, "always") == 0)
    return AC_COLOR_ALWAYS;
  if (strcmp(o->color, "never") == 0 || o->output != NULL || no_color())
    return AC_COLOR_NEVER;
  if (term != NULL && strcmp(term, "dumb") == 0)
    return AC_COLOR_NEVER;
  return isatty(STDOUT_FILENO) ? AC_COLOR_ALWAYS : AC_COLOR_NEVER;
}

static int open_report(run_ctx *c, const check_opts *o, const ac_rules *rules)
{
  ac_report_options ro = AC_REPORT_OPTIONS_INIT;
  ac_error err = {0};

  ro.format = o->format;
  ro.stream = stdout;
  ro.path = o->output;
  ro.color = pick_color(o);
  ro.rules = rules;
  ro.quiet = o->quiet;
  ro.fail_on = o->fail_on;
  ro.command_line = o->command_line;
  ro.config = o->cfg.path;
  ro.index = o->index;
  ro.baseline = o->baseline;
  ro.policy = o->policy;
  ro.base_url = o->base_url;
  c->text_on_stdout = (o->output == NULL || strcmp(o->output, "-") == 0) &&
                      (o->format == NULL || strcmp(o->format, "text") == 0);
  if (ac_report_new(&c->report, &ro, &err) < 0) {
    cli_print_error(&err);
    return CLI_EXIT_FAILED;
  }
  return CLI_EXIT_CLEAN;
}

static int exit_status(const run_ctx *c)
{
  if (c->report_failed || c->totals.failed_inputs > 0)
    return CLI_EXIT_FAILED;
  return c->totals.pages_failing > 0 ? CLI_EXIT_FINDINGS : CLI_EXIT_CLEAN;
}

static int run_inputs(run_ctx *c, const cli_inputs *in)
{
  cli_runner r = {0};
  ac_error err = {0};

  r.jobs = c->o->jobs ? c->o->jobs : cli_default_jobs();
  if (r.jobs > in->count && in->count > 0)
    r.jobs = (unsigned)in->count;
  r.ctx = c;
  r.worker_init = worker_init;
  r.worker_fini = worker_fini;
  r.work = check_page;
  r.emit = emit;
  r.progress = progress;
  c->total_inputs = in->count;
  c->show_progress = c->o->progress || (isatty(STDERR_FILENO) && getenv("CI") == NULL &&
                                        in->count > 20 && !c->o->quiet);
  if (cli_run(&r, in, &err) < 0) {
    cli_print_error(&err);
    return CLI_EXIT_FAILED;
  }
  return CLI_EXIT_CLEAN;
}

/* Mistakes in the options that would make the run quietly check something else. */
static int validate(const check_opts *o, const ac_rules *rules, const cli_inputs *in)
{
  if (o->url != NULL && in->count > 1) {
    cli_errorf("--url names one page, but %zu are checked; use --base-url", in->count);
    return CLI_EXIT_FAILED;
  }
  if (o->url != NULL && !cli_url_ok(o->url)) {
    cli_errorf("--url %s: not an absolute http(s) URL", o->url);
    return CLI_EXIT_FAILED;
  }
  size_t stdins = 0;
  for (size_t i = 0; i < in->count; i++)
    stdins += strcmp(in->items[i].path, "-") == 0;
  if (stdins > 1) {
    cli_errorf("standard input (-) can be checked only once");
    return CLI_EXIT_FAILED;
  }
  if (o->base_url != NULL && !cli_url_ok(o->base_url)) {
    cli_errorf("--base-url %s: not an absolute http(s) URL", o->base_url);
    return CLI_EXIT_FAILED;
  }
  /* A read-only open of a missing file only says "unable to open database file". */
  if (o->index != NULL && strstr(o->index, "://") == NULL && access(o->index, F_OK) != 0) {
    cli_errorf("--index %s: no such index (create it with 'attrcheck index add --index %s "
               "ORIGINALS...')", o->index, o->index);
    return CLI_EXIT_FAILED;
  }
  if (o->policy != NULL && !ac_rules_has_policy(rules, o->policy)) {
    cli_errorf("--policy %s: no such policy (see 'attrcheck rules list')", o->policy);
    return CLI_EXIT_FAILED;
  }
  for (size_t i = 0; i < o->n_policies; i++)
    if (!ac_rules_has_policy(rules, o->policies[i].policy)) {
      cli_errorf("%s: policy %s: no such policy (see 'attrcheck rules list')", o->cfg.path,
                 o->policies[i].policy);
      return CLI_EXIT_FAILED;
    }
  return check_outputs_safe(o, in);
}

/* A baseline not written yet (attrcheck.xml names it before the first --write-baseline) is empty. */
static int load_baseline(const char *path, ac_baseline **out, ac_error *err)
{
  if (access(path, F_OK) != 0 && errno == ENOENT) {
    cli_notef("%s: no baseline yet, so nothing is suppressed (write it with --write-baseline %s)",
              path, path);
    return ac_baseline_new(out, err);
  }
  return ac_baseline_load(out, path, err);
}

static int open_baselines(run_ctx *c, const check_opts *o)
{
  ac_error err = {0};

  if (o->baseline != NULL && (load_baseline(o->baseline, &c->baseline, &err) < 0 ||
                               ac_baseline_new(&c->seen, &err) < 0)) {
    cli_print_error(&err);
    return CLI_EXIT_FAILED;
  }
  if (o->write_baseline != NULL && ac_baseline_new(&c->recording, &err) < 0) {
    cli_print_error(&err);
    return CLI_EXIT_FAILED;
  }
  return CLI_EXIT_CLEAN;
}

static int cmp_str(const void *a, const void *b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void sort_checked(run_ctx *c)
{
  if (c->checked.count > 1)
    qsort(c->checked.items, c->checked.count, sizeof *c->checked.items, cmp_str);
}

/*
 * A baseline entry's page is settled when this run checked it, or when its
 * file is gone: a deleted page's entries would otherwise be carried forever
 * and excuse it if it came back.
 */
static bool settled(const char *path, void *ctx)
{
  const run_ctx *c = ctx;
  char *full;
  bool gone;

  if (c->checked.count > 0 &&
      bsearch(&path, c->checked.items, c->checked.count, sizeof *c->checked.items, cmp_str))
    return true;
  if (path[0] == '/' || c->o->root == NULL)
    return access(path, F_OK) != 0;
  full = malloc(strlen(c->o->root) + strlen(path) + 2);
  if (full == NULL)
    return false;                           /* keep the entry: the safe side */
  sprintf(full, "%s/%s", c->o->root, path);
  gone = access(full, F_OK) != 0;
  free(full);
  return gone;
}

/* True when a and b name the same file (both exist). */
static bool same_file(const char *a, const char *b)
{
  struct stat sa, sb;

  return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
         sa.st_ino == sb.st_ino;
}

/* Entries of the existing baseline for pages this run did not check are kept. */
static int carry_unchecked(run_ctx *c, const char *path, ac_error *err)
{
  ac_baseline *old = NULL;
  int rc;

  if (access(path, F_OK) != 0)
    return AC_OK;                          /* a new baseline */
  rc = ac_baseline_load(&old, path, err);
  if (rc == AC_EINVALID) {                 /* merge markers, another file: start afresh */
    cli_notef("%s; written anew, without its old entries", err->msg);
    memset(err, 0, sizeof *err);
    return AC_OK;
  }
  if (rc == AC_OK)
    rc = ac_baseline_carry(c->recording, old, settled, c, err);
  ac_baseline_free(old);
  return rc;
}

/* Entries for checked pages that no finding used any more: say so, once. */
static void report_stale(run_ctx *c, const check_opts *o)
{
  size_t stale;

  if (c->seen == NULL || (o->write_baseline != NULL && same_file(o->write_baseline, o->baseline)))
    return;                              /* being rewritten now */
  stale = ac_baseline_stale(c->baseline, c->seen, settled, c);
  if (stale > 0)
    cli_notef("%s: %zu entr%s match no finding any more (fixed?); rewrite it with "
              "--write-baseline %s so a returning problem is not excused", o->baseline, stale,
              stale == 1 ? "y" : "ies", o->baseline);
}

/* The new baseline is written only when every input was checked. */
static int finish_baseline(run_ctx *c, const check_opts *o)
{
  ac_error err = {0};
  size_t n;

  if (c->recording == NULL)
    return CLI_EXIT_CLEAN;
  if (c->totals.failed_inputs > 0) {
    cli_errorf("%s: not written: some inputs could not be checked", o->write_baseline);
    return CLI_EXIT_FAILED;
  }
  if (carry_unchecked(c, o->write_baseline, &err) < 0 ||
      ac_baseline_write(c->recording, o->write_baseline, &err) < 0) {
    cli_print_error(&err);
    return CLI_EXIT_FAILED;
  }
  n = ac_baseline_count(c->recording);
  cli_notef("%s: %zu finding%s recorded", o->write_baseline, n, n == 1 ? "" : "s");
  return CLI_EXIT_CLEAN;
}

/*
 * With -o FILE nothing else reaches the terminal: the text report's summary
 * line goes to stderr (as Vale and html-proofer do), unless --quiet.
 */
static void summary_to_stderr(const check_opts *o, const ac_totals *t)
{
  ac_report_options ro = AC_REPORT_OPTIONS_INIT;
  ac_report *summary = NULL;
  ac_error err = {0};
  char *text = NULL;
  size_t len = 0;
  FILE *mem;

  if (o->quiet || o->output == NULL || strcmp(o->output, "-") == 0)
    return;
  mem = open_memstream(&text, &len);
  if (mem == NULL)
    return;
  ro.format = "text";
  ro.stream = mem;
  ro.color = AC_COLOR_NEVER;
  ro.fail_on = o->fail_on;
  if (ac_report_new(&summary, &ro, &err) == 0)
    ac_report_end(summary, t, &err);
  ac_report_free(summary);
  if (fclose(mem) == 0 && len > 0) {
    text[strcspn(text, "\n")] = '\0';
    cli_errorf("%s (report in %s)", text, o->output);
  }
  free(text);
}

/* FNV-1a: a stable spread of paths over shards, the same on every machine and run. */
static uint64_t path_hash(const char *s)
{
  uint64_t h = 14695981039346656037ull;

  for (; *s != '\0'; s++) {
    h ^= (unsigned char)*s;
    h *= 1099511628211ull;
  }
  return h;
}

/*
 * --shard I/N keeps the inputs of shard I: by the path below the project
 * root, so every job of a CI matrix agrees wherever it runs from, and each
 * page (or unreadable input) is reported by exactly one job. stdin: shard 1.
 */
static void keep_shard(const check_opts *o, cli_inputs *in)
{
  size_t kept = 0;

  if (o->shards == 0)
    return;
  for (size_t i = 0; i < in->count; i++) {
    cli_input *item = &in->items[i];
    char *key = strcmp(item->path, "-") == 0 ? NULL : cli_path_key(o->root, item->path);
    unsigned shard = key != NULL ? (unsigned)(path_hash(key) % o->shards) + 1 : 1;

    free(key);
    if (shard == o->shard)
      in->items[kept++] = *item;
    else
      free(item->path);
  }
  in->count = kept;
}

int check_run(check_opts *o)
{
  cli_walk_options wo = {o->include.items, o->include.count, o->exclude.items,
                         o->exclude.count, o->follow, o->root};
  cli_inputs in = {0};
  run_ctx c;
  ac_rules *rules = NULL;
  ac_error err = {0};
  int rc;

  wo.follow_anywhere = o->follow_anywhere;
  memset(&c, 0, sizeof c);
  c.o = o;
  c.started = now_seconds();
  rc = cli_rules_load(o->rules.items, o->rules.count, o->no_default_rules, &rules);
  if (rc != CLI_EXIT_CLEAN)
    return rc;
  c.rules = rules;
  if (cli_collect(o->paths.items, o->paths.count, &wo, &in) < 0) {
    cli_errorf("out of memory");
    rc = CLI_EXIT_FAILED;
  }
  if (rc == CLI_EXIT_CLEAN) {
    keep_shard(o, &in);
    rc = validate(o, rules, &in);
  }
  if (rc == CLI_EXIT_CLEAN)
    rc = open_baselines(&c, o);
  if (rc == CLI_EXIT_CLEAN)
    rc = check_fetch_open(o, &c.fetch);
  if (rc == CLI_EXIT_CLEAN)
    rc = open_report(&c, o, rules);
  if (rc == CLI_EXIT_CLEAN)
    rc = run_inputs(&c, &in);
  sort_checked(&c);                      /* once, for the baselines' lookups by path */
  if (rc == CLI_EXIT_CLEAN) {
    c.totals.seconds = now_seconds() - c.started;
    if (!c.report_failed && ac_report_end(c.report, &c.totals, &err) < 0)
      report_write_failed(&c, &err);
    /* A reader that stopped early (| head) already has what it wanted: no message. */
    if (c.report_failed && c.report_err.code != AC_ECLOSED)
      cli_print_error(&c.report_err);
    else if (!c.report_failed)
      summary_to_stderr(o, &c.totals);
    rc = exit_status(&c);
    if (o->sign != NULL && !c.report_failed &&
        cli_sign_report(o->output, o->sign, rules, o->index) != CLI_EXIT_CLEAN)
      rc = CLI_EXIT_FAILED;
    report_stale(&c, o);
    if (finish_baseline(&c, o) != CLI_EXIT_CLEAN)
      rc = CLI_EXIT_FAILED;
  }
  ac_baseline_free(c.baseline);
  ac_baseline_free(c.seen);
  ac_baseline_free(c.recording);
  for (size_t i = 0; i < c.checked.count; i++)
    free((char *)c.checked.items[i]);
  cli_strings_dispose(&c.checked);
  ac_report_free(c.report);
  ac_fetch_free(c.fetch);
  cli_inputs_dispose(&in);
  ac_rules_free(rules);
  return rc;
}
