/* url: links resolve like a browser's, hosts and registrable domains as the PSL says. */
#include <criterion/criterion.h>
#include <stdlib.h>

#include "attrcheck/url.h"

static void expect_resolve(const char *base, const char *href, const char *want)
{
  char *got = ac_url_resolve(base, href);

  if (want == NULL) {
    cr_expect_null(got, "%s + %s gave %s", base ? base : "(null)", href, got ? got : "");
  } else {
    cr_expect_not_null(got, "%s + %s gave NULL", base ? base : "(null)", href);
    if (got != NULL)
      cr_expect_str_eq(got, want);
  }
  free(got);
}

Test(url, relative_links_resolve_against_the_page_url)
{
  const char *base = "https://www.fredzone.org/news/article-1?x=1";

  expect_resolve(base, "other", "https://www.fredzone.org/news/other");
  expect_resolve(base, "../up/./here", "https://www.fredzone.org/up/here");
  expect_resolve(base, "/root", "https://www.fredzone.org/root");
  expect_resolve(base, "//cdn.example.com/a", "https://cdn.example.com/a");
  expect_resolve(base, "?q=2", "https://www.fredzone.org/news/article-1?q=2");
  expect_resolve(base, "http://theverge.com/x", "http://theverge.com/x");
}

Test(url, normalises_case_default_port_and_empty_path)
{
  expect_resolve(NULL, "HTTPS://WWW.FredZone.ORG:443", "https://www.fredzone.org/");
  expect_resolve(NULL, "http://example.com:80/a/%7e", "http://example.com/a/~");
  expect_resolve(NULL, "http://example.com:8080/a", "http://example.com:8080/a");
  expect_resolve(NULL, "  http://example.com/a b\n", "http://example.com/a%20b");
}

Test(url, keeps_non_ascii_paths_percent_encoded)
{
  expect_resolve(NULL, "https://example.fr/caf\xc3\xa9", "https://example.fr/caf%C3%A9");
  expect_resolve(NULL, "https://example.fr/50%", "https://example.fr/50%25");
}

Test(url, refuses_everything_but_absolute_http)
{
  expect_resolve(NULL, "mailto:a@example.com", NULL);
  expect_resolve(NULL, "javascript:alert(1)", NULL);
  expect_resolve("https://example.com/", "javascript:alert(1)", NULL);
  expect_resolve(NULL, "relative/path", NULL);
  expect_resolve(NULL, "", NULL);
  expect_resolve("mailto:x@y", "page", NULL);
  expect_resolve(NULL, "http://", NULL);
}

Test(url, host_is_lower_case_without_port)
{
  char *h = ac_url_host("https://News.BBC.co.uk:8443/path");

  cr_assert_str_eq(h, "news.bbc.co.uk");
  free(h);
  cr_assert_null(ac_url_host("not a url"));
  cr_assert_null(ac_url_host("file:///etc/passwd"));
}

Test(url, registrable_domain_follows_the_public_suffix_list)
{
  char buf[256];

  cr_assert_str_eq(ac_url_registrable("www.fredzone.org", buf, sizeof buf), "fredzone.org");
  cr_assert_str_eq(ac_url_registrable("news.bbc.co.uk", buf, sizeof buf), "bbc.co.uk");
  cr_assert_str_eq(ac_url_registrable("WWW.TheVerge.COM.", buf, sizeof buf), "theverge.com");
  cr_assert_str_eq(ac_url_registrable("user.github.io", buf, sizeof buf), "user.github.io");
}

Test(url, registrable_domain_is_null_for_ips_and_bare_suffixes)
{
  char buf[256], tiny[4];

  cr_assert_null(ac_url_registrable("192.168.1.10", buf, sizeof buf));
  cr_assert_null(ac_url_registrable("::1", buf, sizeof buf));
  cr_assert_null(ac_url_registrable("co.uk", buf, sizeof buf));
  cr_assert_null(ac_url_registrable("", buf, sizeof buf));
  cr_assert_null(ac_url_registrable(NULL, buf, sizeof buf));
  cr_assert_null(ac_url_registrable("fredzone.org", tiny, sizeof tiny), "too small a buffer");
}

Test(url, same_ignores_case_default_port_trailing_slash_and_fragment)
{
  cr_assert(ac_url_same("https://FredZone.org/a/", "https://fredzone.org:443/a#top"));
  cr_assert(ac_url_same("http://fredzone.org", "https://fredzone.org/"));
  cr_assert(ac_url_same("https://fredzone.org/a?x=1", "https://fredzone.org/a/?x=1"));
  cr_assert_not(ac_url_same("https://fredzone.org/a", "https://fredzone.org/b"));
  cr_assert_not(ac_url_same("https://fredzone.org/a?x=1", "https://fredzone.org/a?x=2"));
  cr_assert_not(ac_url_same("https://fredzone.org/", "https://theverge.com/"));
  cr_assert_not(ac_url_same("https://fredzone.org/", NULL));
}
