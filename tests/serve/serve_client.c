/* Test support for attrcheck serve (see serve_client.h). */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "serve_client.h"

static long now_ms(void)
{
  struct timespec ts;

  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Read what is there (waiting at most `ms`); false at end of file or timeout. */
static bool log_read_some(server *s, int ms)
{
  struct pollfd p = {s->err_fd, POLLIN, 0};
  char buf[4096];
  ssize_t n;

  if (poll(&p, 1, ms) <= 0)
    return false;
  n = read(s->err_fd, buf, sizeof buf);
  if (n <= 0)
    return false;
  if (s->log_len + (size_t)n + 1 > s->log_cap) {
    s->log_cap = (s->log_len + (size_t)n + 1) * 2;
    s->log = realloc(s->log, s->log_cap);
    cr_assert_not_null(s->log);
  }
  memcpy(s->log + s->log_len, buf, (size_t)n);
  s->log_len += (size_t)n;
  s->log[s->log_len] = '\0';
  return true;
}

bool server_wait_log(server *s, const char *needle)
{
  long deadline = now_ms() + SERVE_WAIT_MS;

  while (s->log == NULL || strstr(s->log, needle) == NULL) {
    long left = deadline - now_ms();
    if (left <= 0 || !log_read_some(s, (int)left))
      return false;
  }
  return true;
}

void server_start(server *s, const char *const *args)
{
  const char *argv[40] = {getenv("AC_CLI"), "serve", "--port", "0"};
  size_t n = 4;
  int fds[2];
  const char *at;

  memset(s, 0, sizeof *s);
  cr_assert_not_null(argv[0], "AC_CLI is not set");
  for (; args != NULL && *args != NULL && n < 39; args++)
    argv[n++] = *args;
  argv[n] = NULL;
  cr_assert_eq(pipe(fds), 0);
  s->pid = fork();
  cr_assert_geq(s->pid, 0);
  if (s->pid == 0) {
    dup2(fds[1], STDERR_FILENO);
    close(fds[0]);
    close(fds[1]);
    execv(argv[0], (char *const *)argv);
    _exit(127);
  }
  close(fds[1]);
  s->err_fd = fds[0];
  cr_assert(server_wait_log(s, "\"event\":\"listening\""), "no listening line: %s",
            s->log ? s->log : "");
  at = strstr(s->log, "127.0.0.1:");
  cr_assert_not_null(at);
  s->port = (unsigned)strtoul(at + strlen("127.0.0.1:"), NULL, 10);
  cr_assert_gt(s->port, 0);
}

int server_signal_stop(server *s, int sig)
{
  int status = 0;

  kill(s->pid, sig);
  while (log_read_some(s, SERVE_WAIT_MS))
    ;                                    /* to EOF: the log pipe never blocks the drain */
  waitpid(s->pid, &status, 0);
  s->pid = 0;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void server_dispose(server *s)
{
  if (s->pid > 0)
    server_signal_stop(s, SIGKILL);
  close(s->err_fd);
  free(s->log);
  memset(s, 0, sizeof *s);
}

int http_connect(unsigned port)
{
  struct sockaddr_in a;
  int fd = socket(AF_INET, SOCK_STREAM, 0);

  if (fd < 0)
    return -1;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_port = htons((uint16_t)port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, (struct sockaddr *)&a, sizeof a) < 0) {
    close(fd);
    return -1;
  }
  return fd;
}

bool http_send_all(int fd, const void *buf, size_t len)
{
  const char *p = buf;

  while (len > 0) {
    ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return false;
    p += n;
    len -= (size_t)n;
  }
  return true;
}

int http_read_response(int fd, char **body)
{
  char *buf = NULL;
  size_t len = 0, cap = 0;
  long deadline = now_ms() + SERVE_WAIT_MS;
  int status = -1;

  for (;;) {
    struct pollfd p = {fd, POLLIN, 0};
    long left = deadline - now_ms();
    if (left <= 0 || poll(&p, 1, (int)left) <= 0)
      break;
    if (len + 4097 > cap) {
      cap = (len + 4097) * 2;
      buf = realloc(buf, cap);
      cr_assert_not_null(buf);
    }
    ssize_t n = recv(fd, buf + len, 4096, 0);
    if (n <= 0)
      break;                              /* closed (or reset): what came is the answer */
    len += (size_t)n;
  }
  if (buf != NULL) {
    buf[len] = '\0';
    if (sscanf(buf, "HTTP/1.%*d %d", &status) != 1)
      status = -1;
  }
  if (body != NULL) {
    char *sep = buf != NULL ? strstr(buf, "\r\n\r\n") : NULL;
    *body = strdup(sep != NULL ? sep + 4 : "");
  }
  free(buf);
  return status;
}

int http_request(unsigned port, const char *method, const char *target, const char *headers,
                 const char *body, size_t len, char **resp)
{
  char head[4096];
  int fd = http_connect(port), n, status;

  if (resp != NULL)
    *resp = NULL;
  if (fd < 0)
    return -1;
  n = snprintf(head, sizeof head,
               "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
               "Content-Length: %zu\r\n%s\r\n", method, target, len, headers ? headers : "");
  if (!http_send_all(fd, head, (size_t)n) || (len > 0 && !http_send_all(fd, body, len))) {
    /* the server may answer (413) and close before all is sent: read what it said */
  }
  status = http_read_response(fd, resp);
  close(fd);
  return status;
}
