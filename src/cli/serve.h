/*
 * attrcheck serve: the HTTP service (libmicrohttpd) over the same pipeline
 * as `attrcheck check`. cmd_serve.c reads the options and owns the process
 * (signals, drain, reload); serve_http.c answers requests; serve_metrics.c
 * keeps the Prometheus counters; serve_rules.c the reloadable rule packs.
 */
#ifndef AC_CLI_SERVE_H
#define AC_CLI_SERVE_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

#include "cli.h"

/* ---- serve_rules.c: rule packs shared by requests, swapped whole on SIGHUP ---- */

typedef struct serve_rules {
  ac_rules *rules;
  unsigned refs;            /* the service's own reference plus one per request using it */
} serve_rules;

typedef struct serve_packs {
  const char *const *paths; /* --rules (borrowed from argv) */
  size_t n;
  bool no_defaults;
  pthread_mutex_t lock;
  serve_rules *current;
} serve_packs;

/** Load the packs; on failure `err` says why (file:line) and nothing changes. */
int serve_packs_load(serve_packs *p, ac_error *err);
/** Borrow the current rules for one request; give them back with serve_rules_release(). */
serve_rules *serve_rules_acquire(serve_packs *p);
void serve_rules_release(serve_packs *p, serve_rules *r);
void serve_packs_dispose(serve_packs *p);

/* ---- serve_metrics.c ---- */

enum { SERVE_EP_CHECK, SERVE_EP_EXTRACT, SERVE_EP_COMPARE, SERVE_EP_RULES, SERVE_EP_HEALTHZ,
       SERVE_EP_METRICS, SERVE_EP_OTHER, SERVE_EP_COUNT };

typedef struct serve_metrics {
  pthread_mutex_t lock;
  unsigned long long requests[SERVE_EP_COUNT][6];   /* by endpoint and status class 1xx..5xx, other */
  unsigned long long buckets[12];                   /* latency histogram, cumulative at write */
  double latency_sum;
  unsigned long long latency_count;
  unsigned long long pages_pass, pages_fail, errors, rejected_busy;
} serve_metrics;

const char *serve_endpoint_name(int ep);
void serve_metrics_init(serve_metrics *m);
void serve_metrics_record(serve_metrics *m, int ep, unsigned status, double seconds,
                          const char *verdict);
/** The Prometheus text exposition (format 0.0.4), malloc'd; NULL when out of memory. */
char *serve_metrics_text(serve_metrics *m, unsigned connections, size_t *len);
void serve_metrics_dispose(serve_metrics *m);

/* ---- serve_http.c ---- */

typedef struct serve_config {
  const char *address;      /* --listen, default 127.0.0.1 */
  unsigned port;            /* --port, 0: any free port (logged) */
  unsigned threads;         /* --threads: the worker pool */
  unsigned max_connections; /* beyond it: 503 */
  unsigned timeout;         /* --timeout seconds: read and idle */
  double drain_seconds;     /* SIGTERM waits this long at most for in-flight requests */
  char *token;              /* --token-file contents, malloc'd; NULL: no auth */
  const char *index;        /* --index DB, opened read-only once per worker thread; NULL: none */
  ac_limits limits;         /* --max-bytes and the parse budget, as check's */
} serve_config;

typedef struct serve_state {
  serve_config cfg;
  serve_packs packs;
  serve_metrics metrics;
  atomic_uint connections;  /* open connections */
  atomic_uint in_flight;    /* requests whose headers arrived and that are not answered */
  atomic_bool draining;
  pthread_mutex_t log_lock;
  pthread_key_t index_key;  /* each worker thread's ac_index, closed when the thread ends */
  bool index_key_made;
  struct MHD_Daemon *daemon;
} serve_state;

/** Start listening; logs {"event":"listening",…} with the port. CLI_EXIT_* */
int serve_http_start(serve_state *s);
/** Stop accepting new connections (SIGTERM); in-flight requests go on. */
void serve_http_quiesce(serve_state *s);
void serve_http_stop(serve_state *s);

/** One JSON line on stderr, written whole under the log lock. `json` is an object body. */
void serve_log_line(serve_state *s, const char *json, size_t len);
/** {"time":…,"event":EVENT,"message":MSG}; msg may be NULL. */
void serve_log_event(serve_state *s, const char *event, const char *msg);

/** True when a and b hold the same bytes; the time taken depends on their lengths only. */
bool serve_token_equal(const char *a, size_t alen, const char *b, size_t blen);

#endif
