/*
 * check --fetch against a loopback server (tests/fetch/server.py) that each
 * test starts on an ephemeral port and stops: the credited original, a page
 * that is not the source, a JavaScript shell, a redirect to another host, a
 * 404, a slow answer, an endless body, a robots.txt that disallows, and a
 * request counter for the cache. Timeouts are short options, never asserts
 * on the clock.
 */
#include <criterion/criterion.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fetch/fetch.h"
#include "support.h"

static pid_t server_pid;
static int server_port;
static char *dir;

static void server_start(void)
{
  char *script, *pages;
  int fds[2];
  FILE *out;

  dir = temp_dir();
  script = malloc(strlen(getenv("AC_SOURCE_DIR")) + 32);
  sprintf(script, "%s/tests/fetch/server.py", getenv("AC_SOURCE_DIR"));
  pages = fixture_path("fetch");
  cr_assert_eq(pipe(fds), 0);
  server_pid = fork();
  cr_assert_neq(server_pid, -1);
  if (server_pid == 0) {
    dup2(fds[1], STDOUT_FILENO);
    close(fds[0]);
    close(fds[1]);
    execlp("python3", "python3", script, pages, (char *)NULL);
    _exit(127);
  }
  close(fds[1]);
  out = fdopen(fds[0], "r");
  cr_assert_eq(fscanf(out, "%d", &server_port), 1, "the test server did not start");
  fclose(out);
  free(script);
  free(pages);
}

static void server_stop(void)
{
  if (server_pid > 0) {
    kill(server_pid, SIGTERM);
    waitpid(server_pid, NULL, 0);
  }
  free(dir);
}

TestSuite(fetch, .init = server_start, .fini = server_stop, .timeout = 120);

/* A page with the original's article text and `head` in its head, crediting `host`/`path`. */
static char *copy_page_head(const char *name, const char *host, const char *path,
                            const char *head)
{
  char *orig_path = fixture_path("fetch/original.html");
  char *orig = read_file(orig_path, NULL);
  char *start = strstr(orig, "<article>"), *end = strstr(orig, "</article>");
  char *page = malloc(strlen(orig) + strlen(head) + 512), *file = malloc(strlen(dir) + strlen(name) + 2);

  cr_assert(start != NULL && end != NULL);
  sprintf(page, "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Pier"
          "</title>%s</head><body>%.*s</article>\n<p>Source : <a href=\"http://%s:%d%s\">Orig "
          "News</a></p></body></html>\n", head, (int)(end - start), start, host, server_port,
          path);
  put_file_at(dir, name, page);
  sprintf(file, "%s/%s", dir, name);
  free(page);
  free(orig);
  free(orig_path);
  return file;
}

static char *copy_page(const char *name, const char *host, const char *path)
{
  return copy_page_head(name, host, path, "");
}

static run_result check(const char *page, const char *extra1, const char *extra2)
{
  char cache[4096];
  const char *argv[16] = {"check", "--fetch", "--fetch-delay", "0", "--fetch-timeout", "5",
                          "--fetch-cache", cache, "--url", "https://copy.example/a", page};
  size_t n = 11;

  snprintf(cache, sizeof cache, "%s/cache.sqlite", dir);
  if (extra1 != NULL)
    argv[n++] = extra1;
  if (extra2 != NULL)
    argv[n++] = extra2;
  argv[n] = NULL;
  return run_cli(argv, NULL, 0);
}

static size_t collect(char *data, size_t size, size_t n, void *ctx)
{
  strncat(ctx, data, size * n < 31 ? size * n : 31);
  return size * n;
}

/* A number the server reports: /count (requests so far) or /overlap. */
static long server_number(const char *what)
{
  char url[128], body[64] = "";
  CURL *h = curl_easy_init();

  snprintf(url, sizeof url, "http://127.0.0.1:%d/%s", server_port, what);
  curl_easy_setopt(h, CURLOPT_URL, url);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, body);
  curl_easy_setopt(h, CURLOPT_PROXY, "");
  cr_assert_eq(curl_easy_perform(h), CURLE_OK);
  curl_easy_cleanup(h);
  return strtol(body, NULL, 10);
}

static long served(void)
{
  return server_number("count");
}

Test(fetch, credited_original_is_compared_and_passes)
{
  char *page = copy_page("a.html", "orig.localhost", "/original.html");
  run_result r = check(page, "--fetch-allow-private", "--format=csv");
  char *cls = csv_cell(r.out, "copy_class"), *cov = csv_cell(r.out, "source_coverage");

  cr_assert_eq(r.status, 0, "exit %d: %s%s", r.status, r.out, r.err);
  cr_assert_str_eq(cls, "verbatim");
  cr_assert_str_eq(cov, "1.000");
  cr_assert_null(strstr(r.out, "credit-not-source"));
  free(cls);
  free(cov);
  run_result_free(&r);
  free(page);
}

Test(fetch, credited_page_without_the_text_is_credit_not_source)
{
  char *page = copy_page("a.html", "orig.localhost", "/other.html");
  run_result r = check(page, "--fetch-allow-private", NULL);

  cr_assert_eq(r.status, 1, "exit %d: %s%s", r.status, r.out, r.err);
  cr_assert(strstr(r.out, "error credit-not-source") != NULL, "%s", r.out);
  run_result_free(&r);
  free(page);
}

Test(fetch, javascript_shell_is_a_note_not_an_error)
{
  char *page = copy_page("a.html", "orig.localhost", "/shell.html");
  run_result r = check(page, "--fetch-allow-private", NULL);

  cr_assert_eq(r.status, 0, "a shell page is no proof: %s", r.out);
  cr_assert(strstr(r.out, "fetch-inconclusive") != NULL, "%s", r.out);
  cr_assert_null(strstr(r.out, "credit-not-source"));
  run_result_free(&r);
  free(page);
}

Test(fetch, redirect_to_another_site_is_a_note_with_the_final_url)
{
  char *page = copy_page("a.html", "orig.localhost", "/redirect");
  run_result r = check(page, "--fetch-allow-private", NULL);
  char want[128];

  snprintf(want, sizeof want, "http://elsewhere.localhost:%d/original.html", server_port);
  cr_assert(strstr(r.out, "note source-redirected") != NULL, "%s", r.out);
  cr_assert(strstr(r.out, want) != NULL, "%s", r.out);
  cr_assert_null(strstr(r.out, "credit-not-source"));
  run_result_free(&r);
  free(page);
}

Test(fetch, missing_source_is_source_link_broken)
{
  char *page = copy_page("a.html", "orig.localhost", "/missing");
  run_result r = check(page, "--fetch-allow-private", NULL);

  cr_assert(strstr(r.out, "warning source-link-broken") != NULL, "%s", r.out);
  cr_assert(strstr(r.out, "HTTP 404") != NULL, "%s", r.out);
  run_result_free(&r);
  free(page);
}

Test(fetch, slow_source_times_out_as_a_note)
{
  char *page = copy_page("a.html", "orig.localhost", "/slow");
  run_result r = check(page, "--fetch-allow-private", "--fetch-timeout=1");

  cr_assert_eq(r.status, 0, "%s%s", r.out, r.err);
  cr_assert(strstr(r.out, "fetch-failed") != NULL && strstr(r.out, "(timeout)") != NULL, "%s",
            r.out);
  run_result_free(&r);
  free(page);
}

Test(fetch, endless_body_stops_at_max_bytes)
{
  char *page = copy_page("a.html", "orig.localhost", "/endless");
  run_result r = check(page, "--fetch-allow-private", "--max-bytes=64K");

  cr_assert_eq(r.status, 0, "%s%s", r.out, r.err);
  cr_assert(strstr(r.out, "(too-big)") != NULL, "%s", r.out);
  run_result_free(&r);
  free(page);
}

Test(fetch, robots_txt_that_disallows_is_honoured)
{
  char *page = copy_page("a.html", "robots-deny.localhost", "/original.html");
  run_result r = check(page, "--fetch-allow-private", NULL);

  cr_assert(strstr(r.out, "fetch-robots") != NULL, "%s", r.out);
  cr_assert_eq(served(), 1, "only robots.txt was asked for");
  run_result_free(&r);
  free(page);
}

Test(fetch, loopback_source_is_refused_without_allow_private)
{
  char *page = copy_page("a.html", "127.0.0.1", "/original.html");
  run_result r = check(page, NULL, NULL);

  cr_assert(strstr(r.out, "fetch-refused") != NULL, "%s", r.out);
  cr_assert_eq(served(), 0, "the guard stops the request before it is sent");
  run_result_free(&r);
  free(page);
}

Test(fetch, second_run_uses_the_cache_and_sends_nothing)
{
  char *page = copy_page("a.html", "orig.localhost", "/cached.html");
  run_result first = check(page, "--fetch-allow-private", NULL);
  long after_first = served();
  run_result second = check(page, "--fetch-allow-private", "--format=csv");
  char *fetched = csv_cell(second.out, "source_fetched");

  cr_assert_eq(after_first, 2, "robots.txt and the page");
  cr_assert_eq(served(), after_first, "fresh entries make no request");
  cr_assert(fetched != NULL && strstr(fetched, "/cached.html") != NULL, "%s", second.out);
  free(fetched);
  run_result_free(&first);
  run_result_free(&second);
  free(page);
}

Test(fetch, robots_groups_and_longest_match)
{
  static const char txt[] = "User-agent: *\nDisallow: /\n\nUser-agent: attrcheck\n"
                            "Disallow: /private\nAllow: /private/open$\n";
  static const char any[] = "User-agent: other\nDisallow: /\n\nUser-agent: *\nDisallow: /*.pdf$\n";

  cr_assert(ac_fetch__robots_allows(txt, sizeof txt - 1, "/news/a.html"), "our group wins");
  cr_assert_not(ac_fetch__robots_allows(txt, sizeof txt - 1, "/private/x"));
  cr_assert(ac_fetch__robots_allows(txt, sizeof txt - 1, "/private/open"));
  cr_assert_not(ac_fetch__robots_allows(txt, sizeof txt - 1, "/private/open/more"));
  cr_assert_not(ac_fetch__robots_allows(any, sizeof any - 1, "/a/b.pdf"));
  cr_assert(ac_fetch__robots_allows(any, sizeof any - 1, "/a/b.pdf.html"));
}

static bool private_v4(const char *ip)
{
  struct sockaddr_in a = {0};

  a.sin_family = AF_INET;
  inet_pton(AF_INET, ip, &a.sin_addr);
  return ac_fetch__private_address((struct sockaddr *)&a, sizeof a);
}

static bool private_v6(const char *ip)
{
  struct sockaddr_in6 a = {0};

  a.sin6_family = AF_INET6;
  inet_pton(AF_INET6, ip, &a.sin6_addr);
  return ac_fetch__private_address((struct sockaddr *)&a, sizeof a);
}

Test(fetch, guard_refuses_internal_addresses_only)
{
  cr_assert(private_v4("127.0.0.1") && private_v4("10.1.2.3") && private_v4("192.168.0.1"));
  cr_assert(private_v4("172.16.5.5") && private_v4("169.254.169.254") && private_v4("0.0.0.0"));
  cr_assert(private_v4("100.64.0.1") && private_v4("224.0.0.1"));
  cr_assert_not(private_v4("93.184.216.34") || private_v4("172.32.0.1") || private_v4("8.8.8.8"));
  cr_assert(private_v6("::1") && private_v6("::") && private_v6("fe80::1") && private_v6("fd00::1"));
  cr_assert(private_v6("::ffff:127.0.0.1"), "a v4-mapped loopback is loopback");
  cr_assert_not(private_v6("2606:4700::1111"));
}

Test(fetch, json_report_lists_each_source_fetched)
{
  char *page = copy_page("a.html", "orig.localhost", "/original.html");
  run_result r = check(page, "--fetch-allow-private", "--format=json");

  cr_assert_eq(r.status, 0, "%s%s", r.out, r.err);
  cr_assert(strstr(r.out, "\"fetched\": [") != NULL, "%s", r.out);
  cr_assert(strstr(r.out, "\"why\": \"source-link\"") != NULL, "%s", r.out);
  cr_assert(strstr(r.out, "\"status\": 200") != NULL, "%s", r.out);
  cr_assert(strstr(r.out, "\"outcome\": \"ok\"") != NULL, "%s", r.out);
  run_result_free(&r);
  free(page);
}

Test(fetch, bad_fetch_options_exit_2)
{
  const char *argv[] = {"check", "--fetch", "--fetch-delay", "-1", "x.html", NULL};
  run_result r = run_cli(argv, NULL, 0);

  cr_assert_eq(r.status, 2);
  cr_assert(strstr(r.err, "--fetch-delay") != NULL, "%s", r.err);
  run_result_free(&r);
}

Test(fetch, stale_entry_is_revalidated_with_its_etag)
{
  char *page = copy_page("a.html", "orig.localhost", "/etag.html");
  run_result first = check(page, "--fetch-allow-private", NULL);
  long after_first = served();
  run_result second = check(page, "--fetch-allow-private", "--format=csv");
  char *status = csv_cell(second.out, "source_status"), *cov = csv_cell(second.out, "source_coverage");

  cr_assert_eq(after_first, 2, "robots.txt and the page");
  cr_assert_eq(served(), 3, "no-cache: one conditional request, robots.txt still fresh");
  cr_assert_str_eq(status, "200", "a 304 keeps the cached answer");
  cr_assert_str_eq(cov, "1.000", "and its body: %s", second.out);
  free(status);
  free(cov);
  run_result_free(&first);
  run_result_free(&second);
  free(page);
}

Test(fetch, no_store_is_never_cached)
{
  char *page = copy_page("a.html", "orig.localhost", "/nostore.html");
  run_result first = check(page, "--fetch-allow-private", NULL);
  run_result second = check(page, "--fetch-allow-private", NULL);

  cr_assert_eq(served(), 3, "robots.txt once, the page on both runs");
  run_result_free(&first);
  run_result_free(&second);
  free(page);
}

Test(fetch, host_that_does_not_resolve_is_source_link_broken)
{
  char *page = copy_page("a.html", "no-such-host.invalid", "/article");
  run_result r = check(page, NULL, NULL);

  cr_assert(strstr(r.out, "warning source-link-broken") != NULL, "%s", r.out);
  cr_assert(strstr(r.out, "does not resolve") != NULL, "%s", r.out);
  run_result_free(&r);
  free(page);
}

Test(fetch, hostile_robots_wildcards_stay_linear)
{
  /* Backtracking on every '*' would take 2^60 steps here; ours is pattern x path. */
  char txt[4096] = "User-agent: *\nDisallow: /", path[2100] = "/";
  size_t n = strlen(txt);

  for (int i = 0; i < 60; i++)
    n += (size_t)snprintf(txt + n, sizeof txt - n, "*a");
  snprintf(txt + n, sizeof txt - n, "*b\nAllow: /x*y$\n");
  memset(path + 1, 'a', 2000);
  path[2001] = '\0';
  cr_assert(ac_fetch__robots_allows(txt, strlen(txt), path), "no b: not disallowed");
  path[2000] = 'b';
  cr_assert_not(ac_fetch__robots_allows(txt, strlen(txt), path));
  cr_assert(ac_fetch__robots_allows(txt, strlen(txt), "/x123y"));
  cr_assert(ac_fetch__robots_allows(txt, strlen(txt), "/xa"), "no b: the long rule does not match");
}

Test(fetch, one_request_at_a_time_per_host)
{
  char name[32], path[32];
  const char *argv[16] = {"check", "--no-config", "--fetch", "--fetch-allow-private",
                          "--fetch-delay", "0", "--fetch-cache", NULL, "-j", "4", NULL};
  char cache[4096];
  run_result r;

  for (int i = 0; i < 4; i++) {
    snprintf(name, sizeof name, "p%d.html", i);
    snprintf(path, sizeof path, "/pause/%d.html", i);
    free(copy_page(name, "orig.localhost", path));
  }
  snprintf(cache, sizeof cache, "%s/cache.sqlite", dir);
  argv[7] = cache;
  argv[10] = dir;
  r = run_cli(argv, NULL, 0);
  cr_assert_eq(served(), 5, "robots.txt once and four pages: %s%s", r.out, r.err);
  cr_assert_eq(server_number("overlap"), 1, "four workers, one host: never two at once");
  run_result_free(&r);
}

Test(fetch, source_terms_the_copy_drops_are_a_warning)
{
  char *page = copy_page("a.html", "orig.localhost", "/rights.html");
  run_result r = check(page, "--fetch-allow-private", NULL);

  cr_assert_eq(r.status, 0, "a warning only, exit %d: %s%s", r.status, r.out, r.err);
  cr_assert(strstr(r.out, "warning upstream-terms-dropped") != NULL, "%s", r.out);
  cr_assert(strstr(r.out, "tdm-reservation 1") != NULL, "%s", r.out);
  cr_assert_null(strstr(r.out, "upstream-license-differs"), "%s", r.out);
  run_result_free(&r);
  free(page);
}

Test(fetch, copy_that_keeps_every_term_has_no_terms_finding)
{
  /* The page restates the source's meta and license; its robots.txt (--robots) the RSL terms. */
  char *page = copy_page_head("a.html", "orig.localhost", "/rights.html",
                              "<meta name=\"tdm-reservation\" content=\"1\"><meta name=\"robots\" "
                              "content=\"noai\"><link rel=\"license\" href=\"https://"
                              "creativecommons.org/licenses/by-nd/4.0/\">");
  char *robots = malloc(strlen(dir) + 32);
  run_result r;

  put_file_at(dir, "robots.txt", "User-agent: *\nAllow: /\nLicense: https://copy.example/l.xml\n");
  sprintf(robots, "--robots=%s/robots.txt", dir);
  r = check(page, "--fetch-allow-private", robots);
  cr_assert_eq(r.status, 0, "exit %d: %s%s", r.status, r.out, r.err);
  cr_assert_null(strstr(r.out, "upstream-terms-dropped"), "%s", r.out);
  cr_assert_null(strstr(r.out, "upstream-license-differs"), "%s", r.out);
  run_result_free(&r);
  free(robots);
  free(page);
}

Test(fetch, different_license_than_the_source_is_a_warning)
{
  char *page = copy_page_head("a.html", "orig.localhost", "/rights.html",
                              "<link rel=\"license\" href=\"https://creativecommons.org/licenses/"
                              "by/4.0/\">");
  run_result r = check(page, "--fetch-allow-private", NULL);

  cr_assert_eq(r.status, 0, "a warning only, exit %d: %s%s", r.status, r.out, r.err);
  cr_assert(strstr(r.out, "warning upstream-license-differs") != NULL, "%s", r.out);
  cr_assert(strstr(r.out, "CC-BY-ND-4.0") != NULL && strstr(r.out, "CC-BY-4.0") != NULL, "%s",
            r.out);
  run_result_free(&r);
  free(page);
}

Test(fetch, json_report_shows_the_source_terms)
{
  char *page = copy_page("a.html", "orig.localhost", "/rights.html");
  run_result r = check(page, "--fetch-allow-private", "--format=json");

  cr_assert_eq(r.status, 0, "exit %d: %s%s", r.status, r.out, r.err);
  cr_assert(strstr(r.out, "\"tdm_reservation\":1") != NULL ||
            strstr(r.out, "\"tdm_reservation\": 1") != NULL, "%s", r.out);
  cr_assert(strstr(r.out, "\"ai_use\":\"noai\"") != NULL ||
            strstr(r.out, "\"ai_use\": \"noai\"") != NULL, "%s", r.out);
  cr_assert(strstr(r.out, "CC-BY-ND-4.0") != NULL, "%s", r.out);
  cr_assert(strstr(r.out, "license.xml") != NULL, "the RSL Link: %s", r.out);
  run_result_free(&r);
  free(page);
}
