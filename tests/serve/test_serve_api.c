/* attrcheck serve: the endpoints answer what the CLI would, in the shapes documented. */
#include <criterion/criterion.h>
#include <signal.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "serve_client.h"
#include "support.h"

#define SEED "pages/syndicated-fr-lemonde-mismatch/page.html"   /* credit-link-mismatch: fails */
#define URL "https://ours.example/2024/05/article"

static json_t *parse(const char *text)
{
  json_error_t e;
  json_t *j = json_loads(text, 0, &e);

  cr_assert_not_null(j, "not JSON (%s): %s", e.text, text);
  return j;
}

/* The page object of `check --format json` for the same file, without its path. */
static json_t *cli_page(const char *path, const char *fail_on)
{
  const char *argv[] = {"check", "--no-config", "--format", "json", "--url", URL,
                        "--fail-on", fail_on, path, NULL};
  run_result r = run_cli(argv, NULL, 0);
  json_t *doc = parse(r.out);
  json_t *page = json_incref(json_array_get(json_object_get(doc, "pages"), 0));

  cr_assert_not_null(page);
  json_object_del(page, "path");
  json_decref(doc);
  run_result_free(&r);
  return page;
}

static char *post_fixture(server *s, const char *fixture, const char *target, int *status)
{
  char *path = fixture_path(fixture), *resp = NULL;
  size_t len = 0;
  char *bytes = read_file(path, &len);

  cr_assert_not_null(bytes);
  *status = http_request(s->port, "POST", target, "Content-Type: text/html\r\n", bytes, len,
                         &resp);
  free(bytes);
  free(path);
  return resp;
}

Test(serve_api, a_check_answers_the_cli_json_page_with_the_verdict_first)
{
  server s;
  int status;

  server_start(&s, NULL);
  char *resp = post_fixture(&s, SEED, "/v1/check?url=https%3A%2F%2Fours.example%2F2024%2F05%2Farticle",
                            &status);
  cr_assert_eq(status, 200, "%s", resp);
  cr_assert(strncmp(resp, "{\n  \"verdict\": \"fail\"", 21) == 0, "verdict is not first: %.60s",
            resp);
  json_t *body = parse(resp);
  json_t *page = json_object_get(body, "page");
  cr_assert_str_eq(json_string_value(json_object_get(page, "path")), "<request>");
  json_object_del(page, "path");
  char *path = fixture_path(SEED);
  json_t *want = cli_page(path, "error");
  cr_assert(json_equal(page, want), "service and CLI disagree:\n%s\n---\n%s",
            json_dumps(page, JSON_INDENT(1)), json_dumps(want, JSON_INDENT(1)));
  json_decref(want);
  json_decref(body);
  free(path);
  free(resp);
  cr_assert_eq(server_signal_stop(&s, SIGTERM), 0);
  cr_assert(strstr(s.log, "\"path\":\"/v1/check\",\"status\":200") != NULL, "%s", s.log);
  cr_assert(strstr(s.log, "\"verdict\":\"fail\"") != NULL, "one log line per request: %s", s.log);
  server_dispose(&s);
}

Test(serve_api, fail_on_never_turns_the_verdict_to_pass)
{
  server s;
  int status;

  server_start(&s, NULL);
  char *resp = post_fixture(&s, SEED, "/v1/check?fail_on=never", &status);
  cr_assert_eq(status, 200);
  json_t *body = parse(resp);
  cr_assert_str_eq(json_string_value(json_object_get(body, "verdict")), "pass");
  json_decref(body);
  free(resp);
  server_dispose(&s);
}

Test(serve_api, extract_answers_the_facts_as_the_extract_command_does)
{
  server s;
  int status;
  char *path = fixture_path(SEED);
  const char *argv[] = {"extract", "--pretty", "--url", URL, path, NULL};
  run_result r;

  server_start(&s, NULL);
  char *resp = post_fixture(&s, SEED, "/v1/extract?url=" URL, &status);
  cr_assert_eq(status, 200, "%s", resp);
  r = run_cli(argv, NULL, 0);
  cr_assert_eq(r.status, 0, "%s", r.err);
  json_t *got = parse(resp), *want = parse(r.out);
  json_object_del(got, "path");
  json_object_del(want, "path");
  cr_assert(json_equal(got, want), "extract differs:\n%s\n---\n%s", resp, r.out);
  json_decref(got);
  json_decref(want);
  run_result_free(&r);
  free(path);
  free(resp);
  server_dispose(&s);
}

Test(serve_api, rules_healthz_and_metrics)
{
  server s;
  char *resp = NULL;
  int status;

  server_start(&s, NULL);
  cr_assert_eq(http_request(s.port, "GET", "/healthz", NULL, NULL, 0, &resp), 200);
  cr_assert_str_eq(resp, "{\"status\":\"ok\"}\n");
  free(resp);
  cr_assert_eq(http_request(s.port, "GET", "/v1/rules", NULL, NULL, 0, &resp), 200);
  json_t *rules = parse(resp);
  cr_assert_gt(json_array_size(json_object_get(rules, "rules")), 5);
  cr_assert(strstr(resp, "\"id\":\"credit-link-mismatch\"") != NULL);
  json_decref(rules);
  free(resp);
  free(post_fixture(&s, SEED, "/v1/check", &status));
  cr_assert_eq(status, 200);
  cr_assert_eq(http_request(s.port, "GET", "/metrics", NULL, NULL, 0, &resp), 200);
  cr_assert(strstr(resp, "attrcheck_requests_total{endpoint=\"/v1/check\",code=\"2xx\"} 1\n"), "%s",
            resp);
  cr_assert(strstr(resp, "attrcheck_pages_total{verdict=\"fail\"} 1\n"), "%s", resp);
  cr_assert(strstr(resp, "# TYPE attrcheck_request_duration_seconds histogram\n"), "%s", resp);
  cr_assert(strstr(resp, "attrcheck_request_duration_seconds_count 3\n"), "%s", resp);
  free(resp);
  server_dispose(&s);
}

Test(serve_api, wrong_paths_and_methods_are_404_and_405)
{
  server s;
  char *resp = NULL;

  server_start(&s, NULL);
  cr_assert_eq(http_request(s.port, "GET", "/v1/nothing", NULL, NULL, 0, &resp), 404);
  free(resp);
  cr_assert_eq(http_request(s.port, "GET", "/v1/check", NULL, NULL, 0, &resp), 405);
  free(resp);
  cr_assert_eq(http_request(s.port, "POST", "/healthz", NULL, "x", 1, &resp), 405);
  free(resp);
  server_dispose(&s);
}

/* With --index, the service matches as check --index does: the same matches, the same findings. */
Test(serve_api, with_an_index_the_page_is_matched_as_check_does)
{
  char *dir = temp_dir(), db[512];
  char *originals = fixture_path("originals/tidewatch-salt-marsh.html");
  char *copy = fixture_path("pages/index-license-notice-kept/page.html");
  const char *add[] = {"index", "add", "--index", db, originals, NULL};
  const char *check[] = {"check", "--no-config", "--format", "json", "--index", db, copy, NULL};
  const char *args[] = {"--index", db, NULL};
  server s;
  size_t len = 0;
  char *bytes = read_file(copy, &len), *resp = NULL;
  run_result r;

  snprintf(db, sizeof db, "%s/originals.db", dir);
  r = run_cli(add, NULL, 0);
  cr_assert_eq(r.status, 0, "%s", r.err);
  run_result_free(&r);
  server_start(&s, args);
  cr_assert_eq(http_request(s.port, "POST", "/v1/check", "Content-Type: text/html\r\n", bytes, len,
                            &resp), 200, "%s", resp);
  r = run_cli(check, NULL, 0);
  json_t *got = parse(resp), *doc = parse(r.out);
  json_t *page = json_object_get(got, "page"), *want = json_array_get(json_object_get(doc, "pages"), 0);
  cr_assert_gt(json_array_size(json_object_get(page, "matches")), 0, "matched: %s", resp);
  json_object_del(page, "path");
  json_object_del(want, "path");
  cr_assert(json_equal(page, want), "service and CLI disagree:\n%s\n---\n%s", resp, r.out);
  json_decref(got);
  json_decref(doc);
  run_result_free(&r);
  cr_assert_eq(server_signal_stop(&s, SIGTERM), 0, "%s", s.log);
  server_dispose(&s);
  free(resp);
  free(bytes);
  free(copy);
  free(originals);
  free(dir);
}
