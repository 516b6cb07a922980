/*
 * attrcheck serve: a request's query parameters, parsed and validated
 * before any page is read. Pure data in, pure data out (no HTTP library),
 * so the fuzz target drives exactly what the service runs.
 */
#ifndef AC_SERVE_PARAMS_H
#define AC_SERVE_PARAMS_H

#include <stddef.h>

#include "attrcheck.h"

/* Longest query string and value accepted; longer is a 400, not a bigger buffer. */
#define SERVE_MAX_QUERY 8192
#define SERVE_MAX_VALUE 2048

typedef struct serve_params {
  ac_input_type input_type;   /* input_type=, else from Content-Type, else AUTO */
  ac_severity fail_on;        /* fail_on=error|warning|note|never; default error */
  char *url;                  /* url=, an absolute http(s) URL; malloc'd or NULL */
  char *policy;               /* policy=, a policy name (checked against the rules later) */
} serve_params;

/**
 * Parse `query` (the raw part after '?', percent-encoded, may be NULL) and
 * the request's Content-Type (may be NULL). On success fills `out` (release
 * with serve_params_dispose) and returns AC_OK; on a malformed, unknown or
 * repeated parameter returns AC_EINVALID with a one-line reason in `why`
 * (NUL-terminated, ASCII only: it never echoes the request's bytes).
 */
int serve_params_parse(serve_params *out, const char *query, const char *content_type,
                       char *why, size_t why_size);
void serve_params_dispose(serve_params *p);

/** The input type for a Content-Type value ("text/html; charset=utf-8"): AUTO when unknown. */
ac_input_type serve_content_type(const char *content_type);

#endif
