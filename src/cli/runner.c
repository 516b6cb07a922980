#include "runner.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * A bounded window of result slots: a worker may not run more than `window`
 * inputs ahead of the last one emitted, so a slow page does not make the
 * finished pages behind it pile up in memory.
 */
typedef struct slot {
  ac_page *page;
  ac_error err;
  int status;
  bool done;
} slot;

typedef struct shared {
  const cli_runner *r;
  const cli_inputs *in;
  slot *slots;
  size_t next, emitted, window;
  pthread_mutex_t lock;
  pthread_cond_t cond;
  int setup_status;
  ac_error setup_err;
} shared;

static void *worker_main(void *arg)
{
  shared *s = arg;
  const cli_runner *r = s->r;
  void *state = NULL;
  ac_error err = {0};

  if (r->worker_init != NULL && r->worker_init(r->ctx, &state, &err) < 0) {
    pthread_mutex_lock(&s->lock);
    if (s->setup_status == 0) {
      s->setup_status = err.code ? err.code : AC_ERROR;
      s->setup_err = err;
    }
    s->next = s->in->count;         /* stop handing out work */
    pthread_cond_broadcast(&s->cond);
    pthread_mutex_unlock(&s->lock);
    return NULL;
  }
  for (;;) {
    pthread_mutex_lock(&s->lock);
    while (s->next < s->in->count && s->next >= s->emitted + s->window)
      pthread_cond_wait(&s->cond, &s->lock);
    size_t i = s->next;
    if (i >= s->in->count) {
      pthread_mutex_unlock(&s->lock);
      break;
    }
    s->next++;
    pthread_mutex_unlock(&s->lock);

    slot out = {NULL, {0}, 0, true};
    out.status = r->work(r->ctx, state, &s->in->items[i], &out.page, &out.err);

    pthread_mutex_lock(&s->lock);
    s->slots[i] = out;
    pthread_cond_broadcast(&s->cond);
    pthread_mutex_unlock(&s->lock);
  }
  if (r->worker_fini != NULL)
    r->worker_fini(r->ctx, state);
  return NULL;
}

static void emit_in_order(shared *s)
{
  const cli_runner *r = s->r;

  for (size_t i = 0; i < s->in->count; i++) {
    pthread_mutex_lock(&s->lock);
    while (!s->slots[i].done && s->setup_status == 0)
      pthread_cond_wait(&s->cond, &s->lock);
    bool done = s->slots[i].done;
    slot out = s->slots[i];
    s->slots[i].page = NULL;
    pthread_mutex_unlock(&s->lock);
    if (!done)
      break;                        /* a worker could not start: the run stops */
    r->emit(r->ctx, &s->in->items[i], out.page, out.status, &out.err);
    pthread_mutex_lock(&s->lock);
    s->emitted = i + 1;
    pthread_cond_broadcast(&s->cond);
    pthread_mutex_unlock(&s->lock);
    if (r->progress != NULL)
      r->progress(r->ctx, i + 1, s->in->count);
  }
}

int cli_run(const cli_runner *r, const cli_inputs *in, ac_error *err)
{
  unsigned jobs = r->jobs ? r->jobs : 1;
  shared s;
  pthread_t *threads;
  unsigned started = 0;

  memset(&s, 0, sizeof s);
  s.r = r;
  s.in = in;
  s.window = (size_t)jobs * 4 + 16;
  s.slots = calloc(in->count ? in->count : 1, sizeof *s.slots);
  threads = calloc(jobs, sizeof *threads);
  if (s.slots == NULL || threads == NULL) {
    free(s.slots);
    free(threads);
    return ac_error_set(err, AC_ENOMEM, "out of memory");
  }
  pthread_mutex_init(&s.lock, NULL);
  pthread_cond_init(&s.cond, NULL);
  for (unsigned i = 0; i < jobs; i++)
    if (pthread_create(&threads[i], NULL, worker_main, &s) == 0)
      started++;
  if (started == 0) {
    s.window = (size_t)-1;          /* no threads to be had: work on this one, unbounded */
    worker_main(&s);
  }                /* no threads to be had: work on this one */
  emit_in_order(&s);
  for (unsigned i = 0; i < started; i++)
    pthread_join(threads[i], NULL);
  for (size_t i = 0; i < in->count; i++)
    ac_page_free(s.slots[i].page);  /* only left when the run stopped early */
  pthread_cond_destroy(&s.cond);
  pthread_mutex_destroy(&s.lock);
  free(threads);
  free(s.slots);
  if (s.setup_status < 0) {
    if (err != NULL)
      *err = s.setup_err;
    return s.setup_status;
  }
  return AC_OK;
}

unsigned cli_cpu_count(void)
{
  long n = sysconf(_SC_NPROCESSORS_ONLN);

  return n > 0 ? (unsigned)n : 1;
}

unsigned cli_default_jobs(void)
{
  unsigned n = cli_cpu_count();

  return n < CLI_MAX_DEFAULT_JOBS ? n : CLI_MAX_DEFAULT_JOBS;
}
