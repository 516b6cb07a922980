/*
 * Run a function over every input on N worker threads and hand the results to
 * the main thread strictly in input order, so output is identical for any N.
 */
#ifndef AC_CLI_RUNNER_H
#define AC_CLI_RUNNER_H

#include "cli.h"

typedef struct cli_runner {
  unsigned jobs;
  void *ctx;
  /** Per-worker setup (e.g. an index connection); returns 0 or AC_E*. */
  int (*worker_init)(void *ctx, void **worker, ac_error *err);
  void (*worker_fini)(void *ctx, void *worker);
  /** Work on one input: fill *page (owned by the runner until emitted) or err. */
  int (*work)(void *ctx, void *worker, const cli_input *in, ac_page **page, ac_error *err);
  /** On the main thread, in input order; takes ownership of page (may be NULL). */
  void (*emit)(void *ctx, const cli_input *in, ac_page *page, int status, const ac_error *err);
  /** Called on the main thread after each emit, for progress lines; may be NULL. */
  void (*progress)(void *ctx, size_t done, size_t total);
} cli_runner;

/** Returns 0, or AC_E* when a worker could not be set up (err says why). */
int cli_run(const cli_runner *r, const cli_inputs *in, ac_error *err);

/** The number of online processors, at least 1. */
unsigned cli_cpu_count(void);

/** Threads started without -j: more than this only contend for the disk and memory. */
enum { CLI_MAX_DEFAULT_JOBS = 64 };

/** The default -j: the number of cores, at most CLI_MAX_DEFAULT_JOBS. */
unsigned cli_default_jobs(void);

#endif
