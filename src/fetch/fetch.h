/* Internal to src/fetch/: the fetcher, one HTTP exchange, and the parts it is made of. */
#ifndef AC_FETCH_INTERNAL_H
#define AC_FETCH_INTERNAL_H

#include <pthread.h>
#include <sys/socket.h>

#include "attrcheck/fetch.h"

typedef struct ac_fetch__gate ac_fetch__gate;
typedef struct ac_fetch__cache ac_fetch__cache;
typedef struct ac_fetch__robots ac_fetch__robots;

struct ac_fetch {
  ac_fetch_options opts;        /* cache_path points to our copy */
  char *cache_path;
  ac_fetch__gate *gate;
  ac_fetch__cache *cache;       /* NULL without a cache */
  ac_fetch__robots *robots;
  pthread_mutex_t lock;         /* guards `requests` */
  unsigned long requests;
};

/** One response, from the network or the cache; every pointer malloc'd. */
typedef struct ac_fetch__response {
  ac_fetch_outcome outcome;
  long status;
  bool from_cache;
  char *final_url;
  char *headers;  size_t headers_len;   /* the last response's header block */
  char *body;     size_t body_len;      /* NUL-terminated */
  char detail[256];                     /* why it failed, for the note */
} ac_fetch__response;

void ac_fetch__response_dispose(ac_fetch__response *r);

/** GET `url` through the cache and the host gate. Fills `r`; AC_ENOMEM only. */
int ac_fetch__get(ac_fetch *f, const char *url, ac_fetch__response *r);

/**
 * AC_FETCH_OK when robots.txt of the URL's origin lets attrcheck fetch it,
 * AC_FETCH_ROBOTS when it does not, or why robots.txt itself could not be had.
 */
ac_fetch_outcome ac_fetch__robots_check(ac_fetch *f, const char *url);
int ac_fetch__robots_new(ac_fetch__robots **out);
void ac_fetch__robots_free(ac_fetch__robots *r);
/** True when `path` (path and query) is allowed by robots.txt `text` for attrcheck. */
bool ac_fetch__robots_allows(const char *text, size_t len, const char *path);

/** True for loopback, private, link-local, unspecified, multicast or CGNAT addresses. */
bool ac_fetch__private_address(const struct sockaddr *sa, socklen_t len);

int ac_fetch__gate_new(ac_fetch__gate **out);
void ac_fetch__gate_free(ac_fetch__gate *g);
/** Wait until no request to `host` runs and `delay` seconds passed since the last one. */
int ac_fetch__gate_enter(ac_fetch__gate *g, const char *host, double delay);
void ac_fetch__gate_leave(ac_fetch__gate *g, const char *host);

/** A cached response and when it stops being fresh (Unix seconds). */
typedef struct ac_fetch__entry {
  ac_fetch__response r;
  char *etag, *last_modified;
  long long fresh_until;
} ac_fetch__entry;

int ac_fetch__cache_open(ac_fetch__cache **out, const char *path, ac_error *err);
void ac_fetch__cache_close(ac_fetch__cache *c);
/** 1 and `*e` filled (yours: ac_fetch__entry_dispose) when `url` is cached, 0 when not. */
int ac_fetch__cache_get(ac_fetch__cache *c, const char *url, ac_fetch__entry *e);
/** Keep (or drop, for no-store) the response as its Cache-Control says. Errors are ignored. */
void ac_fetch__cache_put(ac_fetch__cache *c, const char *url, const ac_fetch__response *r);
void ac_fetch__entry_dispose(ac_fetch__entry *e);

/** The value of header `name` in a raw block, malloc'd, or NULL. */
char *ac_fetch__header(const char *block, size_t len, const char *name);

#endif
