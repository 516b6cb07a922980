/* attrcheck serve: counters for GET /metrics, in the Prometheus text format. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve.h"

/* Upper bounds of the latency buckets, in seconds (+Inf is the count). */
static const double bucket_le[12] = {0.0005, 0.001, 0.002, 0.005, 0.01, 0.025,
                                     0.05,   0.1,   0.25,  0.5,   1.0,  5.0};
static const char *const endpoint_names[SERVE_EP_COUNT] = {
  "/v1/check", "/v1/extract", "/v1/compare", "/v1/rules", "/healthz", "/metrics", "other"};
static const char *const class_names[6] = {"1xx", "2xx", "3xx", "4xx", "5xx", "other"};

const char *serve_endpoint_name(int ep)
{
  return ep >= 0 && ep < SERVE_EP_COUNT ? endpoint_names[ep] : "other";
}

void serve_metrics_init(serve_metrics *m)
{
  memset(m, 0, sizeof *m);
  pthread_mutex_init(&m->lock, NULL);
}

void serve_metrics_dispose(serve_metrics *m)
{
  pthread_mutex_destroy(&m->lock);
}

void serve_metrics_record(serve_metrics *m, int ep, unsigned status, double seconds,
                          const char *verdict)
{
  unsigned cls = status >= 100 && status < 600 ? status / 100 - 1 : 5;

  if (ep < 0 || ep >= SERVE_EP_COUNT)
    ep = SERVE_EP_OTHER;
  pthread_mutex_lock(&m->lock);
  m->requests[ep][cls]++;
  for (size_t i = 0; i < AC_COUNT(bucket_le); i++)
    if (seconds <= bucket_le[i]) {
      m->buckets[i]++;
      break;
    }
  m->latency_sum += seconds;
  m->latency_count++;
  if (verdict != NULL && strcmp(verdict, "pass") == 0)
    m->pages_pass++;
  else if (verdict != NULL && strcmp(verdict, "fail") == 0)
    m->pages_fail++;
  if (status >= 500)
    m->errors++;
  if (status == 503)
    m->rejected_busy++;
  pthread_mutex_unlock(&m->lock);
}

static void write_requests(FILE *f, const serve_metrics *m)
{
  fputs("# HELP attrcheck_requests_total HTTP requests answered, by endpoint and status class.\n"
        "# TYPE attrcheck_requests_total counter\n", f);
  for (int ep = 0; ep < SERVE_EP_COUNT; ep++)
    for (int c = 0; c < 6; c++)
      if (m->requests[ep][c] > 0)
        fprintf(f, "attrcheck_requests_total{endpoint=\"%s\",code=\"%s\"} %llu\n",
                endpoint_names[ep], class_names[c], m->requests[ep][c]);
}

static void write_latency(FILE *f, const serve_metrics *m)
{
  unsigned long long cumulative = 0;

  fputs("# HELP attrcheck_request_duration_seconds Time from request headers to response.\n"
        "# TYPE attrcheck_request_duration_seconds histogram\n", f);
  for (size_t i = 0; i < AC_COUNT(bucket_le); i++) {
    cumulative += m->buckets[i];
    fprintf(f, "attrcheck_request_duration_seconds_bucket{le=\"%g\"} %llu\n", bucket_le[i],
            cumulative);
  }
  fprintf(f, "attrcheck_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n", m->latency_count);
  fprintf(f, "attrcheck_request_duration_seconds_sum %.6f\n", m->latency_sum);
  fprintf(f, "attrcheck_request_duration_seconds_count %llu\n", m->latency_count);
}

char *serve_metrics_text(serve_metrics *m, unsigned connections, size_t *len)
{
  char *text = NULL;
  FILE *f = open_memstream(&text, len);

  if (f == NULL)
    return NULL;
  pthread_mutex_lock(&m->lock);
  write_requests(f, m);
  write_latency(f, m);
  fprintf(f, "# HELP attrcheck_pages_total Pages checked, by verdict.\n"
             "# TYPE attrcheck_pages_total counter\n"
             "attrcheck_pages_total{verdict=\"pass\"} %llu\n"
             "attrcheck_pages_total{verdict=\"fail\"} %llu\n", m->pages_pass, m->pages_fail);
  fprintf(f, "# HELP attrcheck_errors_total Requests answered with a 5xx status.\n"
             "# TYPE attrcheck_errors_total counter\nattrcheck_errors_total %llu\n", m->errors);
  fprintf(f, "# HELP attrcheck_rejected_busy_total Requests refused with 503 (saturated).\n"
             "# TYPE attrcheck_rejected_busy_total counter\n"
             "attrcheck_rejected_busy_total %llu\n", m->rejected_busy);
  pthread_mutex_unlock(&m->lock);
  fprintf(f, "# HELP attrcheck_connections Open connections.\n"
             "# TYPE attrcheck_connections gauge\nattrcheck_connections %u\n", connections);
  if (fclose(f) != 0) {
    free(text);
    return NULL;
  }
  return text;
}
