/*
 * attrcheck serve: the pre-publish check as a long-running HTTP service.
 * Rules are loaded once; SIGHUP reloads them whole (a broken pack keeps the
 * old ones), SIGTERM stops accepting, lets in-flight requests finish, and
 * exits 0. docs/serve.md describes the endpoints.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "serve.h"

static const char serve_usage[] =
  "usage: attrcheck serve [options]\n\n"
  "Answer POST /v1/check (the page as the body; url, policy, fail_on and input_type\n"
  "as query parameters) with the JSON `check --format json` writes for the page,\n"
  "POST /v1/extract with its facts, GET /v1/rules, /healthz and /metrics.\n\n"
  "options:\n"
  "      --listen ADDR       address to bind (default 127.0.0.1); any other than a\n"
  "                          loopback address needs --token-file\n"
  "      --port N            TCP port (default 8080; 0 picks a free one, logged)\n"
  "      --token-file FILE   require 'Authorization: Bearer <the file's first line>'\n"
  "      --threads N         worker threads (default 4)\n"
  "      --max-connections N open connections served; more are answered 503 (default 64)\n"
  "      --timeout SECONDS   read and idle timeout of a connection (default 10)\n"
  "      --drain-seconds S   on SIGTERM, wait at most this long for requests (default 30)\n"
  "      --max-bytes SIZE    largest request body (default 16M); more is answered 413\n"
  "      --max-parse-seconds S  parse budget of one page (as check's)\n"
  "      --index DB          match pages against this index of originals (read-only)\n"
  "      --rules PATH        add a rule pack or a directory of packs (repeatable)\n"
  "      --no-default-rules  do not load the built-in packs\n"
  "  -h, --help              show this help\n\n"
  "Logs one JSON line per request on stderr. SIGHUP reloads the rule packs;\n"
  "SIGTERM or SIGINT drains and exits 0.\n";

enum { OPT_LISTEN = 256, OPT_PORT, OPT_TOKEN, OPT_THREADS, OPT_MAXCONN, OPT_TIMEOUT,
       OPT_DRAIN, OPT_MAX_BYTES, OPT_PARSE, OPT_RULES, OPT_NO_DEFAULTS, OPT_INDEX };

static const struct option serve_options[] = {
  {"listen", required_argument, NULL, OPT_LISTEN},
  {"port", required_argument, NULL, OPT_PORT},
  {"token-file", required_argument, NULL, OPT_TOKEN},
  {"threads", required_argument, NULL, OPT_THREADS},
  {"max-connections", required_argument, NULL, OPT_MAXCONN},
  {"timeout", required_argument, NULL, OPT_TIMEOUT},
  {"drain-seconds", required_argument, NULL, OPT_DRAIN},
  {"max-bytes", required_argument, NULL, OPT_MAX_BYTES},
  {"max-parse-seconds", required_argument, NULL, OPT_PARSE},
  {"rules", required_argument, NULL, OPT_RULES},
  {"index", required_argument, NULL, OPT_INDEX},
  {"no-default-rules", no_argument, NULL, OPT_NO_DEFAULTS},
  {"help", no_argument, NULL, 'h'},
  {NULL, 0, NULL, 0},
};

typedef struct serve_opts {
  const char *token_file;
  cli_strings rules;
} serve_opts;

static int bad_value(const char *opt, const char *value)
{
  cli_errorf("serve: invalid value '%s' for --%s", value, opt);
  return CLI_EXIT_FAILED;
}

/* A whole number in [lo, hi]. */
static int parse_count(const char *s, unsigned lo, unsigned hi, unsigned *out)
{
  char *end;
  unsigned long v;

  errno = 0;
  v = strtoul(s, &end, 10);
  if (errno != 0 || end == s || *end != '\0' || s[0] == '-' || v < lo || v > hi)
    return -1;
  *out = (unsigned)v;
  return 0;
}

static int apply_option(serve_config *cfg, serve_opts *o, int c, const char *arg)
{
  double secs;

  switch (c) {
  case OPT_LISTEN: cfg->address = arg; return 0;
  case OPT_PORT: return parse_count(arg, 0, 65535, &cfg->port) < 0 ? bad_value("port", arg) : 0;
  case OPT_TOKEN: o->token_file = arg; return 0;
  case OPT_THREADS:
    return parse_count(arg, 1, 256, &cfg->threads) < 0 ? bad_value("threads", arg) : 0;
  case OPT_MAXCONN:
    return parse_count(arg, 1, 10000, &cfg->max_connections) < 0
             ? bad_value("max-connections", arg) : 0;
  case OPT_TIMEOUT:
    return parse_count(arg, 1, 3600, &cfg->timeout) < 0 ? bad_value("timeout", arg) : 0;
  case OPT_DRAIN:
    if (cli_parse_seconds(arg, &cfg->drain_seconds) < 0)
      return bad_value("drain-seconds", arg);
    return 0;
  case OPT_MAX_BYTES:
    if (cli_parse_size(arg, &cfg->limits.max_bytes) < 0 || cfg->limits.max_bytes == 0)
      return bad_value("max-bytes", arg);
    return 0;
  case OPT_PARSE:
    if (cli_parse_seconds(arg, &secs) < 0)
      return bad_value("max-parse-seconds", arg);
    cfg->limits.max_parse_seconds = secs;
    return 0;
  case OPT_RULES: return cli_strings_push(&o->rules, arg) < 0 ? CLI_EXIT_FAILED : 0;
  case OPT_INDEX: cfg->index = arg; return 0;
  default: return CLI_EXIT_FAILED;
  }
}

/* 0 to serve, -1 after --help, else an exit status. */
static int parse_args(serve_config *cfg, serve_packs *packs, serve_opts *o, int argc,
                      char **argv)
{
  int c, rc;

  opterr = 0;
  optind = 1;
  while ((c = getopt_long(argc, argv, ":h", serve_options, NULL)) != -1) {
    if (c == 'h') {
      fputs(serve_usage, stdout);
      return -1;
    }
    if (c == OPT_NO_DEFAULTS) {
      packs->no_defaults = true;
      continue;
    }
    if (c == '?' || c == ':')
      return cli_option_error("serve", serve_options, argv, c);
    if ((rc = apply_option(cfg, o, c, optarg)) != 0)
      return rc;
  }
  if (optind < argc) {
    cli_errorf("serve: unexpected argument '%s' (pages arrive as requests)", argv[optind]);
    return CLI_EXIT_FAILED;
  }
  return 0;
}

/* The token is the file's first line; a file without one is a mistake, not "no auth". */
static int read_token(const char *path, char **out)
{
  char buf[4096];
  FILE *f = fopen(path, "r");
  size_t n;

  if (f == NULL) {
    cli_errorf("serve: --token-file %s: %s", path, strerror(errno));
    return CLI_EXIT_FAILED;
  }
  n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = '\0';
  buf[strcspn(buf, "\r\n")] = '\0';
  if (buf[0] == '\0') {
    cli_errorf("serve: --token-file %s: no token on its first line", path);
    return CLI_EXIT_FAILED;
  }
  *out = strdup(buf);
  return *out != NULL ? CLI_EXIT_CLEAN : CLI_EXIT_FAILED;
}

static bool is_loopback(const char *addr)
{
  return strncmp(addr, "127.", 4) == 0 || strcmp(addr, "::1") == 0;
}

static void sleep_ms(long ms)
{
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

  nanosleep(&ts, NULL);
}

/* SIGTERM: no new connections; in-flight requests are answered, for at most drain_seconds. */
static void drain(serve_state *s)
{
  long waited = 0, budget = (long)(s->cfg.drain_seconds * 1000.0);

  atomic_store(&s->draining, true);
  serve_log_event(s, "draining", NULL);
  serve_http_quiesce(s);
  while (atomic_load(&s->in_flight) > 0 && waited < budget) {
    sleep_ms(10);
    waited += 10;
  }
  serve_http_stop(s);
  serve_log_event(s, "stopped", atomic_load(&s->in_flight) > 0 ? "drain timeout" : NULL);
}

static void reload(serve_state *s)
{
  ac_error err = {0};

  if (serve_packs_load(&s->packs, &err) < 0)
    serve_log_event(s, "reload-failed", err.msg);   /* the old rules keep serving */
  else
    serve_log_event(s, "reloaded", NULL);
}

/* The main thread only waits for signals; the pool answers requests. */
static int wait_signals(serve_state *s, const sigset_t *set)
{
  int sig;

  for (;;) {
    if (sigwait(set, &sig) != 0)
      continue;
    if (sig == SIGHUP)
      reload(s);
    else {
      drain(s);
      return CLI_EXIT_CLEAN;
    }
  }
}

static int serve_run(serve_state *s)
{
  sigset_t set;
  ac_error err = {0};
  int rc;

  if (serve_packs_load(&s->packs, &err) < 0) {
    cli_print_error(&err);
    return CLI_EXIT_FAILED;
  }
  /* Blocked before MHD's threads start, so they inherit it and sigwait() gets them all. */
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &set, NULL);
  rc = serve_http_start(s);
  if (rc != CLI_EXIT_CLEAN)
    return rc;
  return wait_signals(s, &set);
}

static void state_init(serve_state *s)
{
  static const ac_limits defaults = AC_LIMITS_INIT;

  memset(s, 0, sizeof *s);
  s->cfg.address = "127.0.0.1";
  s->cfg.port = 8080;
  s->cfg.threads = 4;
  s->cfg.max_connections = 64;
  s->cfg.timeout = 10;
  s->cfg.drain_seconds = 30;
  s->cfg.limits = defaults;
  pthread_mutex_init(&s->packs.lock, NULL);
  pthread_mutex_init(&s->log_lock, NULL);
  serve_metrics_init(&s->metrics);
}

static void state_dispose(serve_state *s)
{
  serve_http_stop(s);                 /* the pool's threads end: their indexes are closed */
  if (s->index_key_made)
    pthread_key_delete(s->index_key);
  serve_packs_dispose(&s->packs);
  serve_metrics_dispose(&s->metrics);
  pthread_mutex_destroy(&s->packs.lock);
  pthread_mutex_destroy(&s->log_lock);
  free(s->cfg.token);
}

int cmd_serve(int argc, char **argv)
{
  serve_state s;
  serve_opts o = {0};
  int rc;

  state_init(&s);
  rc = parse_args(&s.cfg, &s.packs, &o, argc, argv);
  if (rc == 0 && o.token_file != NULL)
    rc = read_token(o.token_file, &s.cfg.token);
  if (rc == 0 && s.cfg.token == NULL && !is_loopback(s.cfg.address)) {
    cli_errorf("serve: --listen %s is not a loopback address: give --token-file so only "
               "holders of the token can use the service", s.cfg.address);
    rc = CLI_EXIT_FAILED;
  }
  /* as check: a read-only open of a missing file would only say "unable to open" */
  if (rc == 0 && s.cfg.index != NULL && strstr(s.cfg.index, "://") == NULL &&
      access(s.cfg.index, F_OK) != 0) {
    cli_errorf("serve: --index %s: no such index (create it with 'attrcheck index add "
               "--index %s ORIGINALS...')", s.cfg.index, s.cfg.index);
    rc = CLI_EXIT_FAILED;
  }
  s.packs.paths = o.rules.items;
  s.packs.n = o.rules.count;
  if (rc == 0)
    rc = serve_run(&s);
  state_dispose(&s);
  cli_strings_dispose(&o.rules);
  return rc < 0 ? CLI_EXIT_CLEAN : rc;
}
