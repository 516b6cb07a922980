/* attrcheck serve: SIGHUP reloads rule packs whole; SIGTERM lets in-flight requests finish. */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "serve_client.h"
#include "support.h"

static const char page[] =
  "<!doctype html><html lang=en><head><title>t</title></head><body><article>"
  "<p>Some text that was republished here.</p><p>Source: Example Wire</p></article></body></html>";

static bool rules_mention(unsigned port, const char *needle)
{
  char *resp = NULL;
  bool found;

  cr_assert_eq(http_request(port, "GET", "/v1/rules", NULL, NULL, 0, &resp), 200);
  found = strstr(resp, needle) != NULL;
  free(resp);
  return found;
}

static void copy_fixture(const char *fixture, const char *to)
{
  char *from = fixture_path(fixture);
  size_t len = 0;
  char *bytes = read_file(from, &len);

  cr_assert_not_null(bytes, "%s", from);
  cr_assert_eq(write_file(to, bytes, len), 0);
  free(bytes);
  free(from);
}

Test(serve_signals, sighup_with_a_broken_pack_keeps_the_old_rules_and_says_why)
{
  server s;
  char *dir = temp_dir(), pack[512];
  const char *args[] = {"--rules", pack, NULL};

  snprintf(pack, sizeof pack, "%s/house.xml", dir);
  copy_fixture("rules/valid/override-severity.xml", pack);
  server_start(&s, args);
  cr_assert(rules_mention(s.port, "\"pack\":\"local-overrides\""));

  copy_fixture("rules/invalid/syntax-error.xml", pack);
  kill(s.pid, SIGHUP);
  cr_assert(server_wait_log(&s, "\"event\":\"reload-failed\""), "%s", s.log);
  cr_assert(strstr(s.log, "house.xml:7") != NULL, "the log names file and line: %s", s.log);
  cr_assert(rules_mention(s.port, "\"pack\":\"local-overrides\""), "old rules kept");
  cr_assert_eq(http_request(s.port, "POST", "/v1/check", NULL, page, sizeof page - 1, NULL), 200);

  copy_fixture("rules/valid/credit-after-40-groups.xml", pack);
  kill(s.pid, SIGHUP);
  cr_assert(server_wait_log(&s, "\"event\":\"reloaded\""), "%s", s.log);
  cr_assert(!rules_mention(s.port, "\"pack\":\"local-overrides\""), "the new packs, whole");
  cr_assert_eq(server_signal_stop(&s, SIGTERM), 0);
  server_dispose(&s);
  free(dir);
}

Test(serve_signals, sigterm_finishes_the_request_in_flight_then_exits_0)
{
  server s;
  char head[256], *resp = NULL;
  int fd, n, probe = 0;

  server_start(&s, NULL);
  fd = http_connect(s.port);
  n = snprintf(head, sizeof head, "POST /v1/check HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
               "Expect: 100-continue\r\nContent-Length: %zu\r\n\r\n", sizeof page - 1);
  cr_assert(http_send_all(fd, head, (size_t)n));
  char cont[64] = {0};                          /* the headers were read: a request in flight */
  cr_assert_gt(read(fd, cont, sizeof cont - 1), 0);
  cr_assert(strstr(cont, "100 Continue") != NULL, "%s", cont);

  kill(s.pid, SIGTERM);
  cr_assert(server_wait_log(&s, "\"event\":\"draining\""), "%s", s.log);
  for (int i = 0; i < 6000 && probe >= 0; i++) {    /* no new connection is taken any more */
    probe = http_request(s.port, "GET", "/healthz", NULL, NULL, 0, NULL);
    if (probe >= 0)
      usleep(10000);
  }
  cr_assert_lt(probe, 0, "still accepting after SIGTERM");

  cr_assert(http_send_all(fd, page, sizeof page - 1));
  cr_assert_eq(http_read_response(fd, &resp), 200, "the request in flight is answered");
  cr_assert(strstr(resp, "\"verdict\"") != NULL);
  free(resp);
  close(fd);
  cr_assert_eq(server_signal_stop(&s, SIGTERM), 0, "%s", s.log);
  cr_assert(strstr(s.log, "\"event\":\"stopped\"}") != NULL, "%s", s.log);
  server_dispose(&s);
}
