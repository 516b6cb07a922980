/*
 * One GET with libcurl: http and https only, TLS verified, at most
 * AC_FETCH_MAX_REDIRECTS redirects, every connection through the
 * private-address guard, the body capped twice (Content-Length by
 * CURLOPT_MAXFILESIZE, the bytes as they come by the write callback), and
 * the cache asked first and told after.
 */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "attrcheck/url.h"
#include "fetch.h"

#define HEADER_LIMIT (64u << 10)

typedef struct exchange {
  const ac_fetch *f;
  ac_fetch__response *r;
  size_t body_cap, headers_cap;
  bool refused, too_big, no_memory;
} exchange;

static bool grow(char **buf, size_t *cap, size_t need)
{
  size_t n = *cap ? *cap : 4096;
  char *p;

  while (n < need)
    n *= 2;
  if (n == *cap)
    return true;
  p = realloc(*buf, n);
  if (p == NULL)
    return false;
  *buf = p;
  *cap = n;
  return true;
}

static size_t on_body(char *data, size_t size, size_t n, void *ctx)
{
  exchange *x = ctx;
  size_t len = size * n;

  if (len > x->f->opts.max_bytes - x->r->body_len) {
    x->too_big = true;
    return 0;                  /* CURLE_WRITE_ERROR: an endless body stops here */
  }
  if (!grow(&x->r->body, &x->body_cap, x->r->body_len + len + 1)) {
    x->no_memory = true;
    return 0;
  }
  memcpy(x->r->body + x->r->body_len, data, len);
  x->r->body_len += len;
  x->r->body[x->r->body_len] = '\0';
  return len;
}

/* Only the last response's headers are kept: a redirect's start anew. */
static size_t on_header(char *data, size_t size, size_t n, void *ctx)
{
  exchange *x = ctx;
  size_t len = size * n;

  if (len >= 5 && memcmp(data, "HTTP/", 5) == 0)
    x->r->headers_len = 0;
  if (x->r->headers_len + len > HEADER_LIMIT)
    return len;                /* dropped, not fatal: only a few headers matter */
  if (!grow(&x->r->headers, &x->headers_cap, x->r->headers_len + len + 1)) {
    x->no_memory = true;
    return 0;
  }
  memcpy(x->r->headers + x->r->headers_len, data, len);
  x->r->headers_len += len;
  x->r->headers[x->r->headers_len] = '\0';
  return len;
}

static curl_socket_t on_open_socket(void *ctx, curlsocktype purpose, struct curl_sockaddr *a)
{
  exchange *x = ctx;

  (void)purpose;
  if (!x->f->opts.allow_private &&
      ac_fetch__private_address(&a->addr, (socklen_t)a->addrlen)) {
    x->refused = true;
    return CURL_SOCKET_BAD;
  }
  return socket(a->family, a->socktype, a->protocol);
}

static void set_options(CURL *h, exchange *x, const char *url, char *errbuf)
{
  long total_ms = (long)(x->f->opts.timeout * 1000.0);
  long connect_ms = (long)(AC_FETCH_CONNECT_TIMEOUT * 1000.0);

  curl_easy_setopt(h, CURLOPT_URL, url);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(h, CURLOPT_MAXREDIRS, AC_FETCH_MAX_REDIRECTS);
  curl_easy_setopt(h, CURLOPT_USERAGENT, AC_FETCH_USER_AGENT);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, connect_ms < total_ms ? connect_ms : total_ms);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, total_ms);
  curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)x->f->opts.max_bytes);
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(h, CURLOPT_PROXY, "");     /* no proxy from the environment: the guard sees the real peer */
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, x);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, x);
  curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, on_open_socket);
  curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, x);
}

static ac_fetch_outcome outcome_of(CURLcode rc, const exchange *x)
{
  if (x->refused)
    return AC_FETCH_REFUSED;
  if (x->too_big || rc == CURLE_FILESIZE_EXCEEDED)
    return AC_FETCH_TOO_BIG;
  switch (rc) {
  case CURLE_OK: return AC_FETCH_OK;
  case CURLE_COULDNT_RESOLVE_HOST: return AC_FETCH_GONE;
  case CURLE_OPERATION_TIMEDOUT: return AC_FETCH_TIMEOUT;
  case CURLE_UNSUPPORTED_PROTOCOL: return AC_FETCH_REFUSED;
  default: return AC_FETCH_FAILED;
  }
}

static struct curl_slist *validators(const ac_fetch__entry *cached)
{
  struct curl_slist *list = NULL, *next;
  char line[512];

  if (cached == NULL)
    return NULL;
  if (cached->etag != NULL && strlen(cached->etag) < 400) {
    snprintf(line, sizeof line, "If-None-Match: %s", cached->etag);
    if ((next = curl_slist_append(list, line)) != NULL)
      list = next;
  }
  if (cached->last_modified != NULL && strlen(cached->last_modified) < 400) {
    snprintf(line, sizeof line, "If-Modified-Since: %s", cached->last_modified);
    if ((next = curl_slist_append(list, line)) != NULL)
      list = next;
  }
  return list;
}

static void count_request(ac_fetch *f)
{
  pthread_mutex_lock(&f->lock);
  f->requests++;
  pthread_mutex_unlock(&f->lock);
}

/* The network part: fills r (outcome, status, final URL, headers, body). */
static int perform(ac_fetch *f, const char *url, const ac_fetch__entry *cached,
                   ac_fetch__response *r)
{
  exchange x = {f, r, 0, 0, false, false, false};
  char errbuf[CURL_ERROR_SIZE] = "";
  struct curl_slist *hdrs = validators(cached);
  CURL *h = curl_easy_init();
  const char *final = NULL;
  CURLcode rc;

  if (h == NULL) {
    curl_slist_free_all(hdrs);
    return AC_ENOMEM;
  }
  set_options(h, &x, url, errbuf);
  if (hdrs != NULL)
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
  count_request(f);
  rc = curl_easy_perform(h);
  r->outcome = outcome_of(rc, &x);
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r->status);
  if (curl_easy_getinfo(h, CURLINFO_EFFECTIVE_URL, &final) == CURLE_OK && final != NULL)
    r->final_url = strdup(final);
  snprintf(r->detail, sizeof r->detail, "%s", errbuf[0] ? errbuf : curl_easy_strerror(rc));
  curl_easy_cleanup(h);
  curl_slist_free_all(hdrs);
  return x.no_memory ? AC_ENOMEM : AC_OK;
}

/* 304 Not Modified: the cached body stands, with the new headers' freshness. */
static void take_cached_body(ac_fetch__response *r, ac_fetch__entry *cached)
{
  free(r->body);
  r->body = cached->r.body;
  r->body_len = cached->r.body_len;
  cached->r.body = NULL;
  r->status = cached->r.status;
  free(r->final_url);
  r->final_url = cached->r.final_url;
  cached->r.final_url = NULL;
}

static char *host_of(const char *url)
{
  char *host = ac_url_host(url);

  return host != NULL ? host : strdup("");
}

int ac_fetch__get(ac_fetch *f, const char *url, ac_fetch__response *r)
{
  ac_fetch__entry cached;
  bool have = f->cache != NULL && ac_fetch__cache_get(f->cache, url, &cached) == 1;
  char *host;
  int rc;

  memset(r, 0, sizeof *r);
  if (have && cached.fresh_until > (long long)time(NULL)) {
    *r = cached.r;                     /* the entry's buffers move to r */
    memset(&cached.r, 0, sizeof cached.r);
    r->from_cache = true;
    ac_fetch__entry_dispose(&cached);
    return AC_OK;
  }
  if ((host = host_of(url)) == NULL ||
      ac_fetch__gate_enter(f->gate, host, f->opts.delay) < 0) {
    free(host);
    if (have)
      ac_fetch__entry_dispose(&cached);
    return AC_ENOMEM;
  }
  rc = perform(f, url, have ? &cached : NULL, r);
  ac_fetch__gate_leave(f->gate, host);
  free(host);
  if (rc == AC_OK && r->outcome == AC_FETCH_OK && r->status == 304 && have)
    take_cached_body(r, &cached);
  if (rc == AC_OK && r->outcome == AC_FETCH_OK && f->cache != NULL)
    ac_fetch__cache_put(f->cache, url, r);
  if (have)
    ac_fetch__entry_dispose(&cached);
  return rc;
}
