/*
 * Test support for attrcheck serve: start the built CLI's service on an
 * ephemeral loopback port, read its JSON log lines, and talk HTTP/1.1 to it
 * over raw sockets (so a test can also send half a request and stop).
 * Every wait is bounded by a deadline far above what any run needs.
 */
#ifndef AC_TEST_SERVE_CLIENT_H
#define AC_TEST_SERVE_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define SERVE_WAIT_MS 60000   /* generous by orders of magnitude: never a speed test */

typedef struct server {
  pid_t pid;
  int err_fd;               /* the service's stderr (its log) */
  unsigned port;
  char *log;                /* everything read from stderr so far, NUL-terminated */
  size_t log_len, log_cap;
} server;

/** Start `attrcheck serve --port 0 ARGS…` (args NULL-terminated); asserts it listens. */
void server_start(server *s, const char *const *args);
/** Read the log until it holds `needle` (true) or the deadline passes (false). */
bool server_wait_log(server *s, const char *needle);
/** Send `sig`, read the log to its end, reap the process: its exit status, or 128+signal. */
int server_signal_stop(server *s, int sig);
void server_dispose(server *s);

/** A connected socket to 127.0.0.1:port, or -1. */
int http_connect(unsigned port);
/** Write all of buf; false on error. */
bool http_send_all(int fd, const void *buf, size_t len);
/** Read the whole response (until the server closes); returns the status, -1 on none. */
int http_read_response(int fd, char **body);
/**
 * One request with "Connection: close": method, target ("/v1/check?…"),
 * extra header lines (each ending "\r\n", or NULL), and a body. Returns the
 * status (-1 when no answer came); `*body` (may be NULL) is malloc'd.
 */
int http_request(unsigned port, const char *method, const char *target, const char *headers,
                 const char *body, size_t len, char **resp);

#endif
