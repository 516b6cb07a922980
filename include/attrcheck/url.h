/* attrcheck: URLs — resolution (uriparser) and registrable domains (libpsl). */
#ifndef ATTRCHECK_URL_H
#define ATTRCHECK_URL_H

#include "common.h"

/**
 * Resolve `href` against the absolute `base` (which may be NULL) and
 * normalise it. Returns a malloc'd string the caller frees, or NULL when
 * the result is not an absolute http(s) URL.
 */
AC_EXTERN char *ac_url_resolve(const char *base, const char *href);

/** The lower-case host of an absolute URL, malloc'd; NULL without one. */
AC_EXTERN char *ac_url_host(const char *url);

/**
 * The registrable domain ("eTLD+1") of a host: "www.fredzone.org" →
 * "fredzone.org", "news.bbc.co.uk" → "bbc.co.uk". Writes into buf; returns
 * buf, or NULL for an IP address, a bare public suffix or no host.
 * The public suffix list is loaded once, on first use (the system's when newer
 * than libpsl's built-in one), shared read-only by every thread, and freed when
 * the library is unloaded or the program exits. This is the library's one piece
 * of process-wide state; rule-pack XML changes no libxml2 setting (see rules.h).
 */
AC_EXTERN const char *ac_url_registrable(const char *host, char *buf, size_t size);

/** True when two URLs name the same resource (scheme, host case, default port, trailing slash, fragment ignored). */
AC_EXTERN bool ac_url_same(const char *a, const char *b);

#endif
