/* attrcheck serve: what a client cannot make it do — read too much, run unbounded, skip the token. */
#include <criterion/criterion.h>
#include <signal.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "serve_client.h"
#include "support.h"

static const char page[] =
  "<!doctype html><html lang=en><head><title>t</title></head><body><article>"
  "<p>Some text that was republished here.</p><p>Source: Example Wire</p></article></body></html>";

Test(serve_limits, a_body_over_max_bytes_is_413_with_a_json_error)
{
  server s;
  const char *args[] = {"--max-bytes", "1000", NULL};
  char big[5000], *resp = NULL;

  memset(big, 'a', sizeof big);
  server_start(&s, args);
  cr_assert_eq(http_request(s.port, "POST", "/v1/check", NULL, big, sizeof big, &resp), 413);
  cr_assert(strstr(resp, "{\"error\":{\"status\":413,") == resp, "%s", resp);
  free(resp);
  /* without a Content-Length (chunked) the limit holds while reading */
  int fd = http_connect(s.port);
  const char head[] = "POST /v1/check HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                      "Transfer-Encoding: chunked\r\n\r\n";
  cr_assert(http_send_all(fd, head, sizeof head - 1));
  for (int i = 0; i < 3; i++) {
    char chunk[600];
    int n = snprintf(chunk, sizeof chunk, "1f4\r\n%.*s\r\n", 500, big);
    cr_assert(http_send_all(fd, chunk, (size_t)n));
  }
  cr_assert(http_send_all(fd, "0\r\n\r\n", 5));
  cr_assert_eq(http_read_response(fd, &resp), 413, "%s", resp);
  free(resp);
  close(fd);
  cr_assert_eq(http_request(s.port, "POST", "/v1/check", NULL, page, sizeof page - 1, NULL), 200);
  server_dispose(&s);
}

Test(serve_limits, malformed_parameters_are_400_and_name_the_parameter)
{
  static const char *const bad[] = {
    "/v1/check?fail_on=sometimes", "/v1/check?colour=red", "/v1/check?url=ftp://x.example/",
    "/v1/check?url=%zz", "/v1/check?input_type=pdf", "/v1/check?policy=no-such-policy",
    "/v1/check?fail_on=error&fail_on=never", "/v1/check?url"};
  server s;

  server_start(&s, NULL);
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    char *resp = NULL;
    int st = http_request(s.port, "POST", bad[i], NULL, page, sizeof page - 1, &resp);
    cr_assert_eq(st, 400, "%s: %d %s", bad[i], st, resp);
    cr_assert(strstr(resp, "\"status\":400") != NULL, "%s", resp);
    free(resp);
  }
  cr_assert_eq(http_request(s.port, "POST", "/v1/check?fail_on=warning&input_type=html&url="
                            "https%3A%2F%2Fours.example%2Fa", NULL, page, sizeof page - 1, NULL),
               200);
  server_dispose(&s);
}

Test(serve_limits, with_a_token_file_requests_need_the_bearer_token)
{
  server s;
  char *dir = temp_dir(), tok[512];
  const char *args[] = {"--token-file", tok, NULL};

  snprintf(tok, sizeof tok, "%s/token", dir);
  cr_assert_eq(write_file(tok, "s3cret-token\n", 13), 0);
  server_start(&s, args);
  cr_assert_eq(http_request(s.port, "POST", "/v1/check", NULL, page, sizeof page - 1, NULL), 401);
  cr_assert_eq(http_request(s.port, "POST", "/v1/check", "Authorization: Bearer s3cret-tokeN\r\n",
                            page, sizeof page - 1, NULL), 401);
  cr_assert_eq(http_request(s.port, "GET", "/metrics", "Authorization: Bearer s3cret\r\n", NULL,
                            0, NULL), 401);
  cr_assert_eq(http_request(s.port, "POST", "/v1/check", "Authorization: Bearer s3cret-token\r\n",
                            page, sizeof page - 1, NULL), 200);
  cr_assert_eq(http_request(s.port, "GET", "/healthz", NULL, NULL, 0, NULL), 200,
               "health probes carry no secret");
  server_dispose(&s);
  free(dir);
}

Test(serve_limits, another_address_than_loopback_needs_a_token_file)
{
  const char *argv[] = {"serve", "--listen", "0.0.0.0", "--port", "0", NULL};
  run_result r = run_cli(argv, NULL, 0);

  cr_assert_eq(r.status, 2);
  cr_assert(strstr(r.err, "--token-file") != NULL, "%s", r.err);
  run_result_free(&r);
}

Test(serve_limits, past_max_connections_the_answer_is_503_not_a_new_thread)
{
  server s;
  const char *args[] = {"--max-connections", "2", "--threads", "2", NULL};
  int held[2], status = 0;

  server_start(&s, args);
  for (int i = 0; i < 2; i++) {               /* two clients that send half a request and wait */
    held[i] = http_connect(s.port);
    cr_assert_geq(held[i], 0);
    cr_assert(http_send_all(held[i], "POST /v1/check HTTP/1.1\r\n", 25));
  }
  for (int i = 0; i < 6000 && status != 503; i++) {  /* until the server has seen both */
    status = http_request(s.port, "GET", "/healthz", NULL, NULL, 0, NULL);
    if (status != 503)
      usleep(10000);
  }
  cr_assert_eq(status, 503);
  close(held[0]);
  close(held[1]);
  for (int i = 0; i < 6000 && status != 200; i++) {  /* and serves again once they are gone */
    status = http_request(s.port, "GET", "/healthz", NULL, NULL, 0, NULL);
    if (status != 200)
      usleep(10000);
  }
  cr_assert_eq(status, 200);
  cr_assert_eq(server_signal_stop(&s, SIGTERM), 0);
  server_dispose(&s);
}

Test(serve_limits, an_idle_connection_is_closed_after_the_timeout)
{
  server s;
  const char *args[] = {"--timeout", "1", NULL};
  int fd;

  server_start(&s, args);
  fd = http_connect(s.port);
  cr_assert(http_send_all(fd, "POST /v1/check HTTP/1.1\r\n", 25));
  cr_assert_eq(http_read_response(fd, NULL), -1, "closed without an answer");
  close(fd);                                /* (bounded by SERVE_WAIT_MS, not by speed) */
  cr_assert_eq(http_request(s.port, "GET", "/healthz", NULL, NULL, 0, NULL), 200);
  server_dispose(&s);
}

typedef struct client_run {
  unsigned port;
  int ok;
} client_run;

static void *client(void *arg)
{
  client_run *c = arg;

  for (int i = 0; i < 25; i++)
    c->ok += http_request(c->port, "POST", "/v1/check?url=https%3A%2F%2Fours.example%2Fa", NULL,
                          page, sizeof page - 1, NULL) == 200;
  return NULL;
}

Test(serve_limits, two_hundred_concurrent_requests_all_answered_and_clean_exit)
{
  server s;
  pthread_t t[8];
  client_run runs[8];
  int ok = 0;

  server_start(&s, NULL);
  for (int i = 0; i < 8; i++) {
    runs[i] = (client_run){s.port, 0};
    cr_assert_eq(pthread_create(&t[i], NULL, client, &runs[i]), 0);
  }
  for (int i = 0; i < 8; i++) {
    pthread_join(t[i], NULL);
    ok += runs[i].ok;
  }
  cr_assert_eq(ok, 200);
  /* under AddressSanitizer a leak at exit would change the status (exitcode=23) */
  cr_assert_eq(server_signal_stop(&s, SIGTERM), 0, "%s", s.log);
  cr_assert_eq(count_lines_with(s.log, "\"path\":\"/v1/check\",\"status\":200"), 200);
  server_dispose(&s);
}
