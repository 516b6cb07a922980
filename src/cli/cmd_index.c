/*
 * attrcheck index add|list|stats|remove|verify: keep the originals that
 * `check --index` matches pages against. "added URL" is printed (and flushed)
 * only once the original is committed, so a killed run never reported
 * anything it lost.
 */
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "runner.h"

static const char index_usage[] =
  "usage: attrcheck index add --index DB [--url URL | --base-url URL] PATH...\n"
  "       attrcheck index list --index DB\n"
  "       attrcheck index stats --index DB\n"
  "       attrcheck index remove --index DB URL...\n"
  "       attrcheck index verify --index DB\n"
  "\n"
  "Keep originals in an index file (SQLite) for 'attrcheck check --index DB'.\n"
  "add takes each page's URL from --url (one page), else --base-url joined with\n"
  "the path below the directory given, else the page's rel=canonical or og:url.\n"
  "Directories are walked. Re-adding the same text is a no-op; new text under a\n"
  "known URL replaces the original.\n"
  "\n"
  "      --index DB          the index file (created by add when missing)\n"
  "      --url URL           the URL of the single page added\n"
  "      --base-url URL      where the directory given is published (not for -); it\n"
  "                          wins over a page's canonical, so use it for originals\n"
  "                          without one (a note names any on another site)\n"
  "      --rules PACK        add a rule pack for notice phrasings (repeatable)\n"
  "      --no-default-rules  do not load the built-in packs\n"
  "      --max-bytes SIZE    refuse larger inputs (default 16M)\n"
  "  -j, --jobs N            prepare N pages at once (1 to 64; default: number of\n"
  "                          cores, at most 64)\n"
  "  -q, --quiet             no summary line\n"
  "  -h, --help              show this help\n";

enum { OPT_JOBS = 'j', OPT_INDEX = 256, OPT_URL, OPT_BASE_URL, OPT_RULES, OPT_NO_DEFAULT_RULES, OPT_MAX_BYTES };

static const struct option index_options[] = {
  {"index", required_argument, NULL, OPT_INDEX},
  {"url", required_argument, NULL, OPT_URL},
  {"base-url", required_argument, NULL, OPT_BASE_URL},
  {"rules", required_argument, NULL, OPT_RULES},
  {"no-default-rules", no_argument, NULL, OPT_NO_DEFAULT_RULES},
  {"max-bytes", required_argument, NULL, OPT_MAX_BYTES},
  {"jobs", required_argument, NULL, 'j'},
  {"quiet", no_argument, NULL, 'q'},
  {"help", no_argument, NULL, 'h'},
  {NULL, 0, NULL, 0},
};

typedef struct index_opts {
  const char *action, *db, *url, *base_url;
  bool no_default_rules;
  unsigned jobs;             /* pages prepared at once by add */
  cli_strings rules, args;
  ac_limits limits;
} index_opts;

typedef struct add_totals {
  size_t added, replaced, unchanged, failed;
} add_totals;

static int parse_option(index_opts *o, int c, char **argv)
{
  switch (c) {
  case OPT_INDEX: o->db = optarg; return 0;
  case OPT_URL: o->url = optarg; return 0;
  case OPT_BASE_URL: o->base_url = optarg; return 0;
  case OPT_RULES: return cli_strings_push(&o->rules, optarg) < 0 ? CLI_EXIT_FAILED : 0;
  case OPT_NO_DEFAULT_RULES: o->no_default_rules = true; return 0;
  case OPT_MAX_BYTES:
    if (cli_parse_size(optarg, &o->limits.max_bytes) == 0)
      return 0;
    cli_errorf("invalid value '%s' for --max-bytes", optarg);
    return CLI_EXIT_FAILED;
  case 'j': {
    char *end = NULL;
    long v = strtol(optarg, &end, 10);

    if (end == optarg || *end != '\0' || v < 1 || v > 64) {
      cli_errorf("invalid value '%s' for --jobs (1 to 64)", optarg);
      return CLI_EXIT_FAILED;
    }
    o->jobs = (unsigned)v;
    return 0;
  }
  case 'q': cli_quiet = true; return 0;
  case 'h': fputs(index_usage, stdout); return -1;
  default: return cli_option_error("index", index_options, argv, c);
  }
}

static int parse_args(index_opts *o, int argc, char **argv)
{
  static const char *const actions[] = {"add", "list", "stats", "remove", "verify"};
  int c, rc;

  if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
    fputs(index_usage, argc < 2 ? stderr : stdout);
    return argc < 2 ? CLI_EXIT_FAILED : -1;
  }
  for (size_t i = 0; i < AC_COUNT(actions) && o->action == NULL; i++)
    if (strcmp(argv[1], actions[i]) == 0)
      o->action = actions[i];
  if (o->action == NULL) {
    char hint[160];
    cli_nearest near;

    cli_nearest_init(&near, argv[1]);
    for (size_t i = 0; i < AC_COUNT(actions); i++)
      cli_nearest_offer(&near, actions[i]);
    cli_errorf("index: unknown action '%s'%s (add, list, stats, remove, verify)", argv[1],
               cli_did_you_mean(&near, "", hint, sizeof hint));
    return CLI_EXIT_FAILED;
  }
  optind = 1;
  opterr = 0;                   /* cli_option_error says it, prefixed and with a suggestion */
  while ((c = getopt_long(argc - 1, argv + 1, ":qhj:", index_options, NULL)) != -1) {
    rc = parse_option(o, c, argv + 1);
    if (rc != 0)
      return rc;
  }
  for (int i = optind + 1; i < argc; i++)
    cli_strings_push(&o->args, argv[i]);
  if (o->db == NULL) {
    cli_errorf("index %s: --index DB is required", o->action);
    return CLI_EXIT_FAILED;
  }
  if ((strcmp(o->action, "add") == 0 || strcmp(o->action, "remove") == 0) &&
      o->args.count == 0) {
    cli_errorf("index %s: nothing to %s (try 'attrcheck index --help')", o->action, o->action);
    return CLI_EXIT_FAILED;
  }
  if (o->url != NULL && (o->base_url != NULL || o->args.count > 1)) {
    cli_errorf("index add: --url names one page; use --base-url for several");
    return CLI_EXIT_FAILED;
  }
  if ((o->url && !cli_url_ok(o->url)) || (o->base_url && !cli_url_ok(o->base_url))) {
    cli_errorf("index add: --url and --base-url take an absolute http(s) URL");
    return CLI_EXIT_FAILED;
  }
  return 0;
}

static const char *add_result_name(ac_add_result r)
{
  return r == AC_REPLACED ? "replaced" : r == AC_UNCHANGED ? "unchanged" : "added";
}

/*
 * Worker threads (cli_run) load, extract and fingerprint pages; this thread
 * adds them in input order. A transaction (one disk sync) holds up to
 * COMMIT_PAGES pages or COMMIT_SECONDS; the lines of its pages are printed
 * once it is committed.
 */
enum { COMMIT_PAGES = 512 };
#define COMMIT_SECONDS 2.0

typedef struct add_run {
  const index_opts *o;
  ac_index *ix;
  const ac_rules *rules;
  add_totals t;
  char *lines[COMMIT_PAGES]; size_t n_lines;  /* "added URL", waiting for the commit */
  bool stop;                /* the index cannot be written: stop the run */
  bool batch_open;
  double batch_started;
} add_run;

static double now(void)
{
  struct timespec ts;

  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int flush_batch(add_run *r)
{
  ac_error err = {0};
  int rc = ac_index_commit(r->ix, &err);

  if (rc < 0) {
    cli_print_error(&err);
    r->t.failed += r->n_lines;
    r->stop = true;
  }
  for (size_t i = 0; i < r->n_lines; i++) {
    if (rc == 0) {
      char c = r->lines[i][0];

      ac_report_plain(stdout, r->lines[i], strlen(r->lines[i]), false);
      putchar('\n');
      *(c == 'a' ? &r->t.added : c == 'r' ? &r->t.replaced : &r->t.unchanged) += 1;
    }
    free(r->lines[i]);
  }
  r->n_lines = 0;
  r->batch_open = false;
  /* Nobody reads the acknowledgements (a closed pipe, a full disk): adding more would go
     unacknowledged, so stop as check does. */
  if (cli_stdout_check() != CLI_EXIT_CLEAN)
    r->stop = true;
  return rc;
}

/* The URL an original is added under: --base-url + its path (none for "-"), else --url. */
static int job_url(const add_run *r, const cli_input *in, char **url)
{
  int rc = cli_input_url(r->o->base_url, NULL, in, url);

  if (rc == 0 && *url == NULL && r->o->url != NULL && (*url = strdup(r->o->url)) == NULL)
    rc = AC_ENOMEM;
  return rc;
}

/* On a worker thread: load, extract and fingerprint one page. */
static int prepare(void *ctx, void *worker, const cli_input *in, ac_page **page, ac_error *err)
{
  const add_run *r = ctx;
  char *url = NULL;
  int rc;

  (void)worker;
  *page = NULL;
  if (in->kind != CLI_INPUT_FILE) {
    *err = in->err;
    return in->kind == CLI_INPUT_FAILED ? AC_EIO : AC_EINVALID;
  }
  if (job_url(r, in, &url) < 0)
    return ac_error_set_file(err, AC_ENOMEM, in->path, 0, 0, "out of memory");
  rc = cli_page_open(in->path, r->rules, url, &r->o->limits, page, err);
  if (rc == 0 && url == NULL && ac_page_facts(*page)->url == NULL)
    rc = ac_error_set_file(err, AC_EINVALID, cli_display_name(in->path), 0, 0,
                           "no URL for this original: give --url%s, "
                           "or publish it with rel=canonical or og:url",
                           strcmp(in->path, "-") == 0 ? "" : " or --base-url");
  if (rc == 0)
    rc = ac_page_fingerprint(*page, NULL, err);
  free(url);
  return rc;
}

/* The registrable domain of `url` (its host for an IP or localhost) into buf; NULL without a host. */
static const char *site_of(const char *url, char *buf, size_t size)
{
  char *host = url ? ac_url_host(url) : NULL;
  const char *site = host ? ac_url_registrable(host, buf, size) : NULL;

  if (host != NULL && site == NULL && strlen(host) < size)
    site = strcpy(buf, host);
  free(host);
  return site;
}

/*
 * --base-url wins over the page's canonical, so an original published under
 * another site is indexed under a URL its credited copies never name: say so.
 */
static void note_other_site(const char *path, const char *url, const ac_page *page)
{
  const char *canon = ac_page_facts(page)->canonical;
  char a[256], b[256];
  const char *ours, *theirs;

  if (url == NULL || canon == NULL)
    return;
  ours = site_of(url, a, sizeof a);
  theirs = site_of(canon, b, sizeof b);
  if (ours != NULL && theirs != NULL && strcmp(ours, theirs) != 0)
    cli_notef("%s: --base-url names it %s, its canonical says %s", path, url, canon);
}

static void add_page(add_run *r, const cli_input *in, ac_page *page)
{
  ac_add_result res = AC_ADDED;
  ac_error err = {0};
  char *base = NULL, *line;
  const char *url;
  int rc = cli_input_url(r->o->base_url, NULL, in, &base);

  if (rc == 0)
    note_other_site(in->path, base, page);
  url = base ? base : r->o->url ? r->o->url : ac_page_facts(page)->url;
  if (rc == 0)
    rc = ac_index_add(r->ix, page, url, &res, &err);
  else
    ac_error_set_file(&err, rc, in->path, 0, 0, "out of memory");
  line = rc == 0 ? malloc(strlen(url) + 16) : NULL;
  if (line != NULL) {
    sprintf(line, "%s %s", add_result_name(res), url);
    r->lines[r->n_lines++] = line;
  } else {
    if (rc < 0)
      cli_print_error(&err);
    r->t.failed++;
    r->stop = rc == AC_EIO || rc == AC_EDB;   /* the index, not the page: stop */
  }
  free(base);
}

/* On the main thread, in input order: add the page to the open batch. */
static void add_emit(void *ctx, const cli_input *in, ac_page *page, int status,
                     const ac_error *err)
{
  add_run *r = ctx;
  ac_error berr = {0};

  (void)status;
  if (page == NULL && in->kind == CLI_INPUT_SKIPPED) {
    cli_note_skipped(err);
  } else if (page == NULL) {               /* the page could not be read: the others go on */
    cli_print_error(err);
    r->t.failed++;
  } else if (r->stop) {
    r->t.failed++;                         /* not added: the summary must not look complete */
  } else if (!r->batch_open && ac_index_begin(r->ix, &berr) < 0) {
    cli_print_error(&berr);
    r->stop = true;
    r->t.failed++;
  } else {
    if (!r->batch_open)
      r->batch_started = now();
    r->batch_open = true;
    add_page(r, in, page);
    /* Several pages per transaction: index leaves hit twice are written once. */
    if (r->stop || r->n_lines == COMMIT_PAGES || now() - r->batch_started > COMMIT_SECONDS)
      flush_batch(r);   /* what was added before an error is still kept when it can be */
  }
  ac_page_free(page);
}

static int add_all(add_run *r, cli_inputs *in)
{
  static const cli_walk_options wo = {NULL, 0, NULL, 0, false};
  const index_opts *o = r->o;
  cli_runner run = {o->jobs, r, NULL, NULL, prepare, add_emit, NULL};
  ac_error err = {0};

  if (cli_collect(o->args.items, o->args.count, &wo, in) < 0) {
    cli_errorf("out of memory");
    return CLI_EXIT_FAILED;
  }
  if (o->url != NULL && in->count > 1) {
    cli_errorf("index add: --url names one page, but %zu were found", in->count);
    r->t.failed++;
  } else if (cli_run(&run, in, &err) < 0) {
    cli_print_error(&err);
    r->stop = true;
  }
  if (r->batch_open)
    flush_batch(r);
  if (!cli_quiet)
    fprintf(stderr, "attrcheck: index %s: %zu added, %zu replaced, %zu unchanged, %zu failed\n",
            o->db, r->t.added, r->t.replaced, r->t.unchanged, r->t.failed);
  return r->t.failed > 0 || r->stop ? CLI_EXIT_FAILED : CLI_EXIT_CLEAN;
}

static int do_add(const index_opts *o, ac_index *ix)
{
  cli_inputs in = {0};
  add_run *r = calloc(1, sizeof *r);        /* COMMIT_PAGES lines: not on the stack */
  ac_rules *rules = NULL;
  int rc = cli_rules_load(o->rules.items, o->rules.count, o->no_default_rules, &rules);

  if (rc == CLI_EXIT_CLEAN && r == NULL) {
    cli_errorf("out of memory");
    rc = CLI_EXIT_FAILED;
  }
  if (rc == CLI_EXIT_CLEAN) {
    r->o = o;
    r->ix = ix;
    r->rules = rules;
    /* Past `ulimit -f` a write fails with EFBIG, which SQLite reports, instead of SIGXFSZ
       killing the run between a commit and its acknowledgement. */
    signal(SIGXFSZ, SIG_IGN);
    rc = add_all(r, &in);
  }
  cli_inputs_dispose(&in);
  free(r);
  ac_rules_free(rules);
  return rc;
}

static const char *dash(const char *s)
{
  return s != NULL && *s != '\0' ? s : "-";
}

/* A field of a list line: page text, so no control character (nor tab) passes. */
static void list_field(const char *s, char end)
{
  ac_report_plain(stdout, s, strlen(s), false);
  putchar(end);
}

static int list_one(const ac_original *x, void *ctx)
{
  (void)ctx;
  list_field(x->url, '\t');
  printf("%llu\t", (unsigned long long)x->tokens);
  list_field(dash(x->license), '\t');
  list_field(dash(x->holder), '\t');
  list_field(dash(x->date), '\t');
  list_field(dash(x->added_at), '\t');
  list_field(dash(x->title), '\n');
  return ferror(stdout) ? AC_ECLOSED : 0;   /* stop listing: nobody reads it */
}

static int do_list(const index_opts *o, ac_index *ix)
{
  ac_error err = {0};
  int rc = ac_index_foreach(ix, list_one, NULL, &err);

  (void)o;
  if (rc == AC_ECLOSED && ferror(stdout))
    return cli_stdout_check();             /* the reason, or silence for a closed pipe */
  if (rc < 0) {
    cli_print_error(&err);
    return CLI_EXIT_FAILED;
  }
  return CLI_EXIT_CLEAN;
}

static int do_stats(const index_opts *o, ac_index *ix)
{
  ac_index_stats s;
  ac_error err = {0};

  if (ac_index_stats_get(ix, &s, &err) < 0) {
    cli_print_error(&err);
    return CLI_EXIT_FAILED;
  }
  printf("index: %s\n", o->db);
  printf("originals: %llu\n", (unsigned long long)s.originals);
  printf("fingerprints: %llu (%llu distinct)\n", (unsigned long long)s.fingerprints,
         (unsigned long long)s.distinct_fingerprints);
  printf("common fingerprints ignored: %llu (in more than %u originals)\n",
         (unsigned long long)s.common_fingerprints, s.common_df);
  printf("fresh originals: %llu (%llu fingerprints waiting to be merged)\n",
         (unsigned long long)s.fresh_originals, (unsigned long long)s.fresh_fingerprints);
  printf("text: %llu bytes\n", (unsigned long long)s.text_bytes);
  printf("size on disk: %llu bytes", (unsigned long long)s.bytes);
  if (s.text_bytes > 0)
    printf(" (%.2f KB per KB of text)", (double)s.bytes / (double)s.text_bytes);
  putchar('\n');
  return CLI_EXIT_CLEAN;
}

static int do_remove(const index_opts *o, ac_index *ix)
{
  int rc = CLI_EXIT_CLEAN;

  for (size_t i = 0; i < o->args.count; i++) {
    ac_error err = {0};

    if (ac_index_remove(ix, o->args.items[i], &err) < 0) {
      cli_print_error(&err);
      rc = CLI_EXIT_FAILED;
    } else {
      fputs("removed ", stdout);
      ac_report_plain(stdout, o->args.items[i], strlen(o->args.items[i]), false);
      putchar('\n');
      if (cli_stdout_check() != CLI_EXIT_CLEAN)
        return CLI_EXIT_FAILED;          /* unacknowledged removals: stop */
    }
  }
  return rc;
}

static int do_verify(const index_opts *o, ac_index *ix)
{
  ac_index_stats s;
  ac_error err = {0};

  if (ac_index_verify(ix, &err) < 0 || ac_index_stats_get(ix, &s, &err) < 0) {
    cli_print_error(&err);
    return CLI_EXIT_FAILED;
  }
  printf("%s: ok (%llu originals)\n", o->db, (unsigned long long)s.originals);
  return CLI_EXIT_CLEAN;
}

/* add and remove write; verify migrates an older file when it can; the rest only read. */
static int open_for(const index_opts *o, ac_index **ix)
{
  bool writes = strcmp(o->action, "add") == 0 || strcmp(o->action, "remove") == 0;
  int flags = strcmp(o->action, "add") == 0 ? AC_INDEX_WRITE | AC_INDEX_CREATE
              : writes                      ? AC_INDEX_WRITE
                                            : AC_INDEX_READONLY;
  ac_error err = {0};
  int rc;

  if (strcmp(o->action, "verify") == 0 &&
      ac_index_open(ix, o->db, AC_INDEX_WRITE, &err) == 0)
    return CLI_EXIT_CLEAN;
  rc = ac_index_open(ix, o->db, flags, &err);
  if (rc < 0) {
    cli_print_error(&err);
    return CLI_EXIT_FAILED;
  }
  return CLI_EXIT_CLEAN;
}

int cmd_index(int argc, char **argv)
{
  static const ac_limits defaults = AC_LIMITS_INIT;
  index_opts o = {0};
  ac_index *ix = NULL;
  int rc;

  o.limits = defaults;
  o.jobs = cli_default_jobs();
  rc = parse_args(&o, argc, argv);
  if (rc == 0)
    rc = open_for(&o, &ix);
  if (rc == 0) {
    switch (o.action[0]) {
    case 'a': rc = do_add(&o, ix); break;
    case 'l': rc = do_list(&o, ix); break;
    case 's': rc = do_stats(&o, ix); break;
    case 'r': rc = do_remove(&o, ix); break;
    default: rc = do_verify(&o, ix); break;
    }
  }
  ac_index_close(ix);
  cli_strings_dispose(&o.rules);
  cli_strings_dispose(&o.args);
  if (cli_stdout_check() != CLI_EXIT_CLEAN)
    rc = CLI_EXIT_FAILED;
  return rc < 0 ? CLI_EXIT_CLEAN : rc;
}
