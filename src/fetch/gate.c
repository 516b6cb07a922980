/*
 * The host gate: at most one request at a time per host, and --fetch-delay
 * seconds between the end of one and the start of the next. Workers wait on
 * one condition variable; hosts are few, so a list is enough.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fetch.h"

typedef struct gate_host {
  struct gate_host *next;
  char *name;
  bool busy;
  double last_done;           /* CLOCK_MONOTONIC seconds; 0: never */
} gate_host;

struct ac_fetch__gate {
  pthread_mutex_t lock;
  pthread_cond_t changed;
  gate_host *hosts;
};

static double mono_now(void)
{
  struct timespec ts;

  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_seconds(double s)
{
  struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};

  while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
    ;
}

int ac_fetch__gate_new(ac_fetch__gate **out)
{
  ac_fetch__gate *g = calloc(1, sizeof *g);

  *out = NULL;
  if (g == NULL)
    return AC_ENOMEM;
  pthread_mutex_init(&g->lock, NULL);
  pthread_cond_init(&g->changed, NULL);
  *out = g;
  return AC_OK;
}

void ac_fetch__gate_free(ac_fetch__gate *g)
{
  if (g == NULL)
    return;
  while (g->hosts != NULL) {
    gate_host *h = g->hosts;
    g->hosts = h->next;
    free(h->name);
    free(h);
  }
  pthread_cond_destroy(&g->changed);
  pthread_mutex_destroy(&g->lock);
  free(g);
}

static gate_host *host_find(ac_fetch__gate *g, const char *name, bool create)
{
  gate_host *h;

  for (h = g->hosts; h != NULL; h = h->next)
    if (strcmp(h->name, name) == 0)
      return h;
  if (!create || (h = calloc(1, sizeof *h)) == NULL)
    return NULL;
  if ((h->name = strdup(name)) == NULL) {
    free(h);
    return NULL;
  }
  h->next = g->hosts;
  g->hosts = h;
  return h;
}

int ac_fetch__gate_enter(ac_fetch__gate *g, const char *host, double delay)
{
  gate_host *h;
  double wait = 0;

  pthread_mutex_lock(&g->lock);
  h = host_find(g, host, true);
  if (h == NULL) {
    pthread_mutex_unlock(&g->lock);
    return AC_ENOMEM;
  }
  while (h->busy)
    pthread_cond_wait(&g->changed, &g->lock);
  h->busy = true;
  if (h->last_done > 0)
    wait = h->last_done + delay - mono_now();
  pthread_mutex_unlock(&g->lock);
  if (wait > 0)
    sleep_seconds(wait);     /* still holding the host: the next one waits behind us */
  return AC_OK;
}

void ac_fetch__gate_leave(ac_fetch__gate *g, const char *host)
{
  gate_host *h;

  pthread_mutex_lock(&g->lock);
  h = host_find(g, host, false);
  if (h != NULL) {
    h->busy = false;
    h->last_done = mono_now();
  }
  pthread_cond_broadcast(&g->changed);
  pthread_mutex_unlock(&g->lock);
}
