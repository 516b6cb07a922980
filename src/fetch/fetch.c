/* The fetcher: options, host gate, robots answers and cache, shared by the workers. */
#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>

#include "fetch.h"

const char *ac_fetch_outcome_name(ac_fetch_outcome o)
{
  static const char *const names[] = {"ok", "gone", "refused", "robots", "timeout", "too-big",
                                      "failed"};

  return (unsigned)o < AC_COUNT(names) ? names[o] : "failed";
}

static int check_options(const ac_fetch_options *o, ac_error *err)
{
  if (!(o->delay >= 0 && o->delay <= 3600))
    return ac_error_set(err, AC_EINVALID, "--fetch-delay: between 0 and 3600 seconds");
  if (!(o->timeout > 0 && o->timeout <= 3600))
    return ac_error_set(err, AC_EINVALID, "--fetch-timeout: between 0 and 3600 seconds");
  if (o->max_bytes == 0)
    return ac_error_set(err, AC_EINVALID, "--max-bytes: must be more than 0");
  return AC_OK;
}

int ac_fetch_new(ac_fetch **out, const ac_fetch_options *opts, ac_error *err)
{
  ac_fetch *f;
  int rc;

  *out = NULL;
  if ((rc = check_options(opts, err)) < 0)
    return rc;
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
    return ac_error_set(err, AC_ERROR, "--fetch: libcurl cannot be initialised");
  f = calloc(1, sizeof *f);
  if (f == NULL)
    return ac_error_set(err, AC_ENOMEM, "--fetch: out of memory");
  pthread_mutex_init(&f->lock, NULL);
  f->opts = *opts;
  if (opts->cache_path != NULL && (f->cache_path = strdup(opts->cache_path)) == NULL)
    rc = ac_error_set(err, AC_ENOMEM, "--fetch: out of memory");
  f->opts.cache_path = f->cache_path;
  if (rc == AC_OK && (ac_fetch__gate_new(&f->gate) < 0 || ac_fetch__robots_new(&f->robots) < 0))
    rc = ac_error_set(err, AC_ENOMEM, "--fetch: out of memory");
  if (rc == AC_OK && f->cache_path != NULL)
    rc = ac_fetch__cache_open(&f->cache, f->cache_path, err);
  if (rc < 0) {
    ac_fetch_free(f);
    return rc;
  }
  *out = f;
  return AC_OK;
}

void ac_fetch_free(ac_fetch *f)
{
  if (f == NULL)
    return;
  ac_fetch__cache_close(f->cache);
  ac_fetch__robots_free(f->robots);
  ac_fetch__gate_free(f->gate);
  pthread_mutex_destroy(&f->lock);
  free(f->cache_path);
  free(f);
  curl_global_cleanup();
}

unsigned long ac_fetch_requests(const ac_fetch *f)
{
  unsigned long n;

  pthread_mutex_lock((pthread_mutex_t *)&f->lock);
  n = f->requests;
  pthread_mutex_unlock((pthread_mutex_t *)&f->lock);
  return n;
}
