/*
 * attrcheck serve: the HTTP side. libmicrohttpd runs a fixed pool of
 * threads (--threads) with a connection limit and timeouts; each request is
 * answered on the thread that read it, so nothing here ever starts a thread.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "attrcheck/check.h"

#include "../serve/params.h"
#include "serve.h"
#include "serve_mhd.h"

/* What MHD lets a request carry between the calls of the access handler. */
typedef struct request {
  serve_state *s;
  char *uri;               /* the raw request target, query included */
  int endpoint;
  bool started;            /* headers seen, counted in in_flight */
  bool too_big;
  char *body;
  size_t size, cap;
  double t0;
  unsigned status;
  const char *verdict;     /* static string or NULL */
  char method[16];         /* for the log line */
} request;

static double now_seconds(void)
{
  struct timespec ts;

  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

bool serve_token_equal(const char *a, size_t alen, const char *b, size_t blen)
{
  volatile unsigned char diff = alen != blen;
  size_t n = alen < blen ? alen : blen;

  for (size_t i = 0; i < n; i++)   /* no early exit: time does not tell how much matched */
    diff |= (unsigned char)(a[i] ^ b[i]);
  return diff == 0;
}

static void utc_now(char *buf, size_t size)
{
  struct timespec ts;
  struct tm tm;

  clock_gettime(CLOCK_REALTIME, &ts);
  gmtime_r(&ts.tv_sec, &tm);
  size_t n = strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm);

  snprintf(buf + n, size - n, ".%03dZ", (int)(ts.tv_nsec / 1000000));
}

void serve_log_line(serve_state *s, const char *json, size_t len)
{
  pthread_mutex_lock(&s->log_lock);
  fwrite(json, 1, len, stderr);
  fputc('\n', stderr);
  fflush(stderr);
  pthread_mutex_unlock(&s->log_lock);
}

void serve_log_event(serve_state *s, const char *event, const char *msg)
{
  char when[40], *line = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&line, &len);

  if (f == NULL)
    return;
  utc_now(when, sizeof when);
  fprintf(f, "{\"time\":\"%s\",\"event\":\"%s\"", when, event);
  if (msg != NULL) {
    fputs(",\"message\":", f);
    ac_report_json_string(f, msg, strlen(msg));   /* file names and pack errors, escaped */
  }
  fputc('}', f);
  if (fclose(f) == 0)
    serve_log_line(s, line, len);
  free(line);
}

/* One line per request: what was asked, how it ended, how long it took. */
static void log_request(const request *r, const char *method, double seconds)
{
  char when[40], *line = NULL;
  size_t len = 0, path_len;
  FILE *f = open_memstream(&line, &len);

  if (f == NULL)
    return;
  utc_now(when, sizeof when);
  path_len = r->uri != NULL ? strcspn(r->uri, "?") : 0;
  fprintf(f, "{\"time\":\"%s\",\"method\":", when);
  ac_report_json_string(f, method, strlen(method));
  fputs(",\"path\":", f);
  ac_report_json_string(f, r->uri != NULL ? r->uri : "", path_len);
  fprintf(f, ",\"status\":%u,\"ms\":%.3f,\"bytes_in\":%zu", r->status, seconds * 1000.0,
          r->size);
  if (r->verdict != NULL)
    fprintf(f, ",\"verdict\":\"%s\"", r->verdict);
  fputc('}', f);
  if (fclose(f) == 0)
    serve_log_line(r->s, line, len);
  free(line);
}

static int endpoint_of(const char *url)
{
  static const char *const paths[] = {"/v1/check", "/v1/extract", "/v1/compare",
                                      "/v1/rules", "/healthz", "/metrics"};

  for (int i = 0; i < (int)AC_COUNT(paths); i++)
    if (strcmp(url, paths[i]) == 0)
      return i;
  return SERVE_EP_OTHER;
}

/* Queue `body` (malloc'd, taken over) with `status`; frees it on failure. */
static enum MHD_Result respond(struct MHD_Connection *c, request *r, unsigned status,
                               const char *type, char *body, size_t len)
{
  struct MHD_Response *resp =
    serve__mhd.create_response_from_buffer(len, body != NULL ? body : "", body != NULL
                                    ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
  enum MHD_Result ok;

  if (resp == NULL) {
    free(body);
    return MHD_NO;
  }
  serve__mhd.add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
  if (status == MHD_HTTP_UNAUTHORIZED)
    serve__mhd.add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer");
  if (status == MHD_HTTP_SERVICE_UNAVAILABLE)
    serve__mhd.add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, "1");
  if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
    serve__mhd.add_response_header(resp, MHD_HTTP_HEADER_ALLOW,
                            r->endpoint <= SERVE_EP_COMPARE ? "POST" : "GET");
  r->status = status;
  ok = serve__mhd.queue_response(c, status, resp);
  serve__mhd.destroy_response(resp);
  return ok;
}

/* {"error": {"status": N, "message": "..."}} */
static enum MHD_Result respond_error(struct MHD_Connection *c, request *r, unsigned status,
                                     const char *message)
{
  char *body = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&body, &len);

  if (f == NULL)
    return MHD_NO;
  fprintf(f, "{\"error\":{\"status\":%u,\"message\":", status);
  ac_report_json_string(f, message, strlen(message));
  fputs("}}\n", f);
  if (fclose(f) != 0) {
    free(body);
    return MHD_NO;
  }
  return respond(c, r, status, "application/json", body, len);
}

static enum MHD_Result respond_text(struct MHD_Connection *c, request *r, unsigned status,
                                    const char *type, const char *text)
{
  char *body = strdup(text);

  return body != NULL ? respond(c, r, status, type, body, strlen(body)) : MHD_NO;
}

/* The status for a pipeline error: the client's page (4xx) or the service (5xx). */
static unsigned status_for(int code)
{
  switch (code) {
  case AC_ELIMIT: return MHD_HTTP_CONTENT_TOO_LARGE;
  case AC_ENOTPAGE: return MHD_HTTP_UNSUPPORTED_MEDIA_TYPE;
  case AC_EINVALID: case AC_ECOMPLEX: return MHD_HTTP_UNPROCESSABLE_CONTENT;
  default: return MHD_HTTP_INTERNAL_SERVER_ERROR;
  }
}

static void index_close(void *index)
{
  ac_index_close(index);
}

/* This worker thread's read-only index handle, opened on its first request. */
static int worker_index(serve_state *s, ac_index **out, ac_error *err)
{
  ac_index *index;

  *out = NULL;
  if (s->cfg.index == NULL)
    return AC_OK;
  index = pthread_getspecific(s->index_key);
  if (index == NULL) {
    if (ac_index_open(&index, s->cfg.index, AC_INDEX_READONLY, err) < 0)
      return err->code ? err->code : AC_ERROR;
    if (pthread_setspecific(s->index_key, index) != 0) {
      ac_index_close(index);
      return ac_error_set_file(err, AC_ENOMEM, s->cfg.index, 0, 0, "out of memory");
    }
  }
  *out = index;
  return AC_OK;
}

/* Load, extract, fingerprint, match and evaluate: the pipeline of check_run.c's check_page(). */
static int run_pipeline(serve_state *s, const ac_rules *rules, const request *r,
                        const serve_params *p, bool evaluate, ac_page **out, ac_error *err)
{
  ac_load_options lo = {0};
  ac_extract_options xo = AC_EXTRACT_OPTIONS_INIT;
  ac_check_options co = AC_CHECK_OPTIONS_INIT;
  ac_index *index = NULL;
  ac_page *page = NULL;
  int rc;

  lo.limits = &s->cfg.limits;
  lo.input_type = p->input_type;
  lo.url = p->url;
  rc = ac_page_load_buffer_with(&page, "<request>", r->body != NULL ? r->body : "", r->size,
                                &lo, err);
  xo.url = p->url;
  if (rc == AC_OK && !evaluate)
    rc = ac_page_extract(page, rules, &xo, err);
  if (rc == AC_OK && evaluate)
    rc = worker_index(s, &index, err);
  co.url = p->url;
  co.eval.policy = p->policy;
  if (rc == AC_OK && evaluate)
    rc = ac_check_document(page, rules, index, &co, err);
  if (rc < 0) {
    ac_page_free(page);
    return rc;
  }
  *out = page;
  return AC_OK;
}

/* The body of a checked or extracted page, malloc'd into *body. */
static int page_body(const ac_page *page, const serve_params *p, bool check, char **body,
                     size_t *len, ac_error *err)
{
  FILE *f;
  int rc;

  if (!check) {
    rc = ac_page_facts_json(page, AC_JSON_PRETTY, body, err);
    *len = rc == AC_OK ? strlen(*body) : 0;
    return rc;
  }
  f = open_memstream(body, len);
  if (f == NULL)
    return ac_error_set(err, AC_ENOMEM, "out of memory");
  rc = ac_report_json_page(f, page, p->fail_on, err);
  if (fclose(f) != 0 && rc == AC_OK)
    rc = ac_error_set(err, AC_ENOMEM, "out of memory");
  if (rc < 0) {
    free(*body);
    *body = NULL;
  }
  return rc;
}

static enum MHD_Result answer_page(struct MHD_Connection *c, request *r, const serve_params *p)
{
  serve_rules *held = serve_rules_acquire(&r->s->packs);
  bool check = r->endpoint == SERVE_EP_CHECK;
  ac_page *page = NULL;
  ac_error err = {0};
  char *body = NULL;
  size_t len = 0;
  int rc = AC_OK;

  if (p->policy != NULL && !ac_rules_has_policy(held->rules, p->policy)) {
    serve_rules_release(&r->s->packs, held);
    return respond_error(c, r, MHD_HTTP_BAD_REQUEST, "parameter 'policy' names no policy "
                                                     "of the loaded rule packs");
  }
  rc = run_pipeline(r->s, held->rules, r, p, check, &page, &err);
  if (rc == AC_OK)
    rc = page_body(page, p, check, &body, &len, &err);
  if (rc == AC_OK && check)
    r->verdict = ac_page_fails(page, p->fail_on) ? "fail" : "pass";
  ac_page_free(page);
  serve_rules_release(&r->s->packs, held);
  if (rc < 0)
    return respond_error(c, r, status_for(rc), err.msg);
  return respond(c, r, MHD_HTTP_OK, "application/json", body, len);
}

static enum MHD_Result answer_rules(struct MHD_Connection *c, request *r)
{
  serve_rules *held = serve_rules_acquire(&r->s->packs);
  char *body = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&body, &len);

  if (f == NULL) {
    serve_rules_release(&r->s->packs, held);
    return MHD_NO;
  }
  fputs("{\"rules\":[", f);
  for (size_t i = 0; i < ac_rules_count(held->rules); i++) {
    const ac_rule_info *ri = ac_rules_info(held->rules, i);
    const char *sev = ac_severity_name(ri->severity);
    fputs(i > 0 ? ",\n{\"id\":" : "\n{\"id\":", f);
    ac_report_json_string(f, ri->id, strlen(ri->id));
    fputs(",\"check\":", f);
    ac_report_json_string(f, ri->check, strlen(ri->check));
    fputs(",\"pack\":", f);
    ac_report_json_string(f, ri->pack, strlen(ri->pack));
    fprintf(f, ",\"severity\":\"%s\",\"summary\":", sev);
    ac_report_json_string(f, ri->summary != NULL ? ri->summary : "",
                          ri->summary != NULL ? strlen(ri->summary) : 0);
    fputc('}', f);
  }
  fputs("\n]}\n", f);
  serve_rules_release(&r->s->packs, held);
  if (fclose(f) != 0) {
    free(body);
    return MHD_NO;
  }
  return respond(c, r, MHD_HTTP_OK, "application/json", body, len);
}

static enum MHD_Result answer_get(struct MHD_Connection *c, request *r)
{
  char *text;
  size_t len = 0;

  switch (r->endpoint) {
  case SERVE_EP_HEALTHZ:
    if (atomic_load(&r->s->draining))
      return respond_text(c, r, MHD_HTTP_SERVICE_UNAVAILABLE, "application/json",
                          "{\"status\":\"draining\"}\n");
    return respond_text(c, r, MHD_HTTP_OK, "application/json", "{\"status\":\"ok\"}\n");
  case SERVE_EP_METRICS:
    text = serve_metrics_text(&r->s->metrics, atomic_load(&r->s->connections), &len);
    if (text == NULL)
      return MHD_NO;
    return respond(c, r, MHD_HTTP_OK, "text/plain; version=0.0.4; charset=utf-8", text, len);
  default:
    return answer_rules(c, r);
  }
}

static bool authorized(struct MHD_Connection *c, const serve_state *s, int endpoint)
{
  const char *auth;

  if (s->cfg.token == NULL || endpoint == SERVE_EP_HEALTHZ)   /* probes carry no secret */
    return true;
  auth = serve__mhd.lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
  if (auth == NULL || strncmp(auth, "Bearer ", 7) != 0)
    return false;
  return serve_token_equal(auth + 7, strlen(auth + 7), s->cfg.token, strlen(s->cfg.token));
}

/* What can be refused before the body is read: method, path, auth, load, declared size. */
static enum MHD_Result first_call(struct MHD_Connection *c, request *r, const char *url,
                                  const char *method, bool *answered)
{
  bool post = strcmp(method, "POST") == 0;
  bool page_ep = r->endpoint <= SERVE_EP_COMPARE;
  const char *length;

  *answered = true;
  if (atomic_load(&r->s->connections) > r->s->cfg.max_connections)
    return respond_error(c, r, MHD_HTTP_SERVICE_UNAVAILABLE, "busy: too many connections");
  if (r->endpoint == SERVE_EP_OTHER)
    return respond_error(c, r, MHD_HTTP_NOT_FOUND, "no such endpoint");
  (void)url;
  if (page_ep ? !post : strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
    return respond_error(c, r, MHD_HTTP_METHOD_NOT_ALLOWED, "method not allowed here");
  if (!authorized(c, r->s, r->endpoint))
    return respond_error(c, r, MHD_HTTP_UNAUTHORIZED, "missing or wrong bearer token");
  if (r->endpoint == SERVE_EP_COMPARE)
    return respond_error(c, r, MHD_HTTP_NOT_IMPLEMENTED, "/v1/compare is not available yet");
  length = serve__mhd.lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
  if (page_ep && length != NULL && strtoull(length, NULL, 10) > r->s->cfg.limits.max_bytes)
    return respond_error(c, r, MHD_HTTP_CONTENT_TOO_LARGE, "request body over --max-bytes");
  *answered = false;
  return MHD_YES;
}

/* Append one piece of the body; past --max-bytes the rest is read and dropped. */
static bool body_append(request *r, const char *data, size_t size)
{
  size_t limit = r->s->cfg.limits.max_bytes;

  if (r->too_big || size > limit - r->size) {
    r->too_big = true;
    return true;
  }
  if (r->size + size > r->cap) {
    size_t cap = r->cap ? r->cap : 16384;
    while (cap < r->size + size)
      cap *= 2;
    if (cap > limit)
      cap = limit;
    char *grown = realloc(r->body, cap);
    if (grown == NULL)
      return false;
    r->body = grown;
    r->cap = cap;
  }
  memcpy(r->body + r->size, data, size);
  r->size += size;
  return true;
}

static enum MHD_Result answer_post(struct MHD_Connection *c, request *r)
{
  const char *query = strchr(r->uri, '?');
  const char *type = serve__mhd.lookup_connection_value(c, MHD_HEADER_KIND,
                                                 MHD_HTTP_HEADER_CONTENT_TYPE);
  serve_params p;
  char why[160];
  enum MHD_Result ok;

  if (r->too_big)
    return respond_error(c, r, MHD_HTTP_CONTENT_TOO_LARGE, "request body over --max-bytes");
  int rc = serve_params_parse(&p, query != NULL ? query + 1 : NULL, type, why, sizeof why);
  if (rc < 0)
    return respond_error(c, r, rc == AC_ENOMEM ? MHD_HTTP_INTERNAL_SERVER_ERROR
                                               : MHD_HTTP_BAD_REQUEST, why);
  ok = answer_page(c, r, &p);
  serve_params_dispose(&p);
  return ok;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
  request *r = *con_cls;
  bool answered;
  enum MHD_Result ok;

  (void)cls;
  (void)version;
  if (r == NULL)
    return MHD_NO;                       /* the URI callback ran out of memory */
  if (!r->started) {
    r->started = true;
    r->t0 = now_seconds();
    r->endpoint = endpoint_of(url);
    snprintf(r->method, sizeof r->method, "%s", method);
    atomic_fetch_add(&r->s->in_flight, 1);
    ok = first_call(c, r, url, method, &answered);
    if (answered || r->endpoint > SERVE_EP_COMPARE)
      return answered ? ok : answer_get(c, r);
    return MHD_YES;                      /* now the body */
  }
  if (r->status != 0) {                  /* answered early: drop what is still sent */
    *upload_data_size = 0;
    return MHD_YES;
  }
  if (*upload_data_size > 0) {
    bool kept = body_append(r, upload_data, *upload_data_size);
    *upload_data_size = 0;
    return kept ? MHD_YES : MHD_NO;
  }
  return answer_post(c, r);
}

/* Runs first for every request: keeps the raw target, whose query we parse ourselves. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
  request *r = calloc(1, sizeof *r);

  (void)c;
  if (r == NULL)
    return NULL;
  r->s = cls;
  r->uri = strdup(uri != NULL ? uri : "");
  if (r->uri == NULL) {
    free(r);
    return NULL;
  }
  return r;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode why)
{
  serve_state *s = cls;
  request *r = *con_cls;
  double seconds;

  (void)c;
  if (r == NULL)
    return;
  if (r->started) {
    seconds = now_seconds() - r->t0;
    if (r->status == 0)                  /* the client went away or timed out */
      r->status = why == MHD_REQUEST_TERMINATED_TIMEOUT_REACHED ? 408 : 499;
    serve_metrics_record(&s->metrics, r->endpoint, r->status, seconds, r->verdict);
    log_request(r, r->method, seconds);
    atomic_fetch_sub(&s->in_flight, 1);
  }
  free(r->body);
  free(r->uri);
  free(r);
  *con_cls = NULL;
}

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
  serve_state *s = cls;

  (void)c;
  (void)socket_context;
  if (code == MHD_CONNECTION_NOTIFY_STARTED)
    atomic_fetch_add(&s->connections, 1);
  else
    atomic_fetch_sub(&s->connections, 1);
}

/* 127.0.0.1 or ::1 (or any address given): the socket address MHD binds. */
static int bind_address(const serve_config *cfg, struct sockaddr_storage *ss, bool *v6)
{
  struct sockaddr_in *in4 = (struct sockaddr_in *)ss;
  struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;

  memset(ss, 0, sizeof *ss);
  *v6 = false;
  if (inet_pton(AF_INET, cfg->address, &in4->sin_addr) == 1) {
    in4->sin_family = AF_INET;
    in4->sin_port = htons((uint16_t)cfg->port);
    return 0;
  }
  if (inet_pton(AF_INET6, cfg->address, &in6->sin6_addr) == 1) {
    in6->sin6_family = AF_INET6;
    in6->sin6_port = htons((uint16_t)cfg->port);
    *v6 = true;
    return 0;
  }
  return -1;
}

static void log_listening(serve_state *s)
{
  const union MHD_DaemonInfo *info = serve__mhd.get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
  char msg[160];

  snprintf(msg, sizeof msg, "http://%s%s%s:%u/", strchr(s->cfg.address, ':') ? "[" : "",
           s->cfg.address, strchr(s->cfg.address, ':') ? "]" : "",
           info != NULL ? (unsigned)info->port : s->cfg.port);
  serve_log_event(s, "listening", msg);
}

int serve_http_start(serve_state *s)
{
  struct sockaddr_storage ss;
  bool v6;
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC | MHD_USE_POLL;

  char why[256];

  if (!serve_mhd_open(why, sizeof why)) {
    cli_errorf("serve: %s", why);
    return CLI_EXIT_FAILED;
  }
  if (s->cfg.index != NULL) {
    if (pthread_key_create(&s->index_key, index_close) != 0) {
      cli_errorf("serve: out of memory");
      return CLI_EXIT_FAILED;
    }
    s->index_key_made = true;
  }
  if (bind_address(&s->cfg, &ss, &v6) < 0) {
    cli_errorf("serve: --listen %s: not an IPv4 or IPv6 address", s->cfg.address);
    return CLI_EXIT_FAILED;
  }
  if (v6)
    flags |= MHD_USE_IPv6;
  /* Room above --max-connections so the extra ones are told 503, not reset. */
  s->daemon = serve__mhd.start_daemon(
    flags, 0, NULL, NULL, on_request, s,
    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
    MHD_OPTION_THREAD_POOL_SIZE, (unsigned)s->cfg.threads,
    MHD_OPTION_CONNECTION_LIMIT, (unsigned)(s->cfg.max_connections + 32),
    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)s->cfg.timeout,
    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
    MHD_OPTION_URI_LOG_CALLBACK, on_uri, s,
    MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
    MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
    MHD_OPTION_END);
  if (s->daemon == NULL) {
    cli_errorf("serve: cannot listen on %s port %u: %s", s->cfg.address, s->cfg.port,
               strerror(errno ? errno : EADDRINUSE));
    return CLI_EXIT_FAILED;
  }
  log_listening(s);
  return CLI_EXIT_CLEAN;
}

void serve_http_quiesce(serve_state *s)
{
  MHD_socket fd = serve__mhd.quiesce_daemon(s->daemon);

  if (fd != MHD_INVALID_SOCKET)
    close(fd);                           /* no new connection is accepted from now on */
}

void serve_http_stop(serve_state *s)
{
  if (s->daemon != NULL)
    serve__mhd.stop_daemon(s->daemon);
  s->daemon = NULL;
}
