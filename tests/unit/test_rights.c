/* Rights facts: TDMRep meta, HTTP fields, tdmrep.json, AI-use, robots.txt (fixtures/rights). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attrcheck/facts.h"
#include "attrcheck/page.h"
#include "attrcheck/rules.h"
#include "support.h"

typedef struct rights_in {
  const char *html, *url, *headers, *tdmrep, *robots;
} rights_in;

static ac_page *extract(const rights_in *in)
{
  ac_rules *r = NULL;
  ac_extract_options xo = AC_EXTRACT_OPTIONS_INIT;
  ac_load_options lo = {0};
  ac_page *page = NULL;
  ac_error err;

  cr_assert_eq(ac_rules_new(&r, &err), AC_OK);
  cr_assert_eq(ac_rules_add_defaults(r, getenv("ATTRCHECK_RULES_DIR"), &err), AC_OK, "%s",
               err.msg);
  lo.http_headers = in->headers;
  lo.http_headers_len = in->headers ? strlen(in->headers) : 0;
  xo.url = in->url;
  xo.tdmrep = in->tdmrep;
  xo.tdmrep_len = in->tdmrep ? strlen(in->tdmrep) : 0;
  xo.robots = in->robots;
  xo.robots_len = in->robots ? strlen(in->robots) : 0;
  cr_assert_eq(ac_page_load_buffer_with(&page, "t.html", in->html, strlen(in->html), &lo, &err),
               AC_OK, "%s", err.msg);
  cr_assert_eq(ac_page_extract(page, r, &xo, &err), AC_OK, "%s", err.msg);
  ac_rules_free(r);
  return page;
}

static char *fixture(const char *name)
{
  char rel[128];
  char *path, *text;

  snprintf(rel, sizeof rel, "rights/%s", name);
  path = fixture_path(rel);
  text = read_file(path, NULL);
  cr_assert_not_null(text, "cannot read %s", path);
  free(path);
  return text;
}

/* The n-th (0-based) fact with this name and origin; NULL when there are fewer. */
static const ac_right *find(const ac_facts *f, const char *name, ac_rights_origin o, int n)
{
  for (size_t i = 0; i < f->n_rights; i++)
    if (strcmp(f->rights[i].name, name) == 0 && f->rights[i].origin == o && n-- == 0)
      return &f->rights[i];
  return NULL;
}

static bool has_note(const ac_page *page, const char *code)
{
  size_t n;
  const ac_note *notes = ac_page_notes(page, &n);

  for (size_t i = 0; i < n; i++)
    if (strcmp(notes[i].code, code) == 0)
      return true;
  return false;
}

Test(rights, meta_tdm_and_ai_tokens_are_facts_at_their_lines)
{
  char *html = fixture("page.html");
  rights_in in = {.html = html};
  ac_page *page = extract(&in);
  const ac_facts *f = ac_page_facts(page);
  const ac_right *tdm = find(f, "tdm-reservation", AC_ORIGIN_PAGE, 0);

  cr_assert_not_null(tdm);
  cr_assert_str_eq(tdm->value, "0");
  cr_assert_eq(ac_page_pos(page, tdm->span.start).line, 4);
  cr_assert_eq(f->rights_summary.tdm_reservation, 0, "the meta is the only channel");
  cr_assert_str_eq(f->rights_summary.tdm_policy, "https://news.example/policies/page.json");
  cr_assert_str_eq(f->rights_summary.ai_use, "noai noimageai");
  cr_assert(f->noindex, "googlebot-news noindex counts as noindex, as robots does");
  const ac_right *news = find(f, "ai-use", AC_ORIGIN_PAGE, 2);
  cr_assert_not_null(news);
  cr_assert_str_eq(news->value, "noindex");
  cr_assert_str_eq(news->agent, "googlebot-news");
  ac_page_free(page);
  free(html);
}

Test(rights, http_fields_win_over_the_meta_and_keep_their_header_lines)
{
  char *html = fixture("page.html"), *headers = fixture("headers.txt");
  rights_in in = {.html = html, .headers = headers};
  ac_page *page = extract(&in);
  const ac_facts *f = ac_page_facts(page);
  const ac_right *tdm = find(f, "tdm-reservation", AC_ORIGIN_HTTP, 0);
  const ac_right *link = find(f, "link", AC_ORIGIN_HTTP, 0);

  cr_assert_not_null(tdm);
  cr_assert_eq(tdm->line, 3, "header line, got %u", tdm->line);
  cr_assert_eq(f->rights_summary.tdm_reservation, 1);
  cr_assert_str_eq(f->rights_summary.tdm_policy, "https://news.example/policies/tdm.json",
                   "the policy comes from the channel that decided");
  cr_assert_not_null(link, "rel=license Link field");
  cr_assert_str_eq(link->value, "https://news.example/license.xml");
  cr_assert_str_eq(link->detail, "rel=license type=application/rsl+xml");
  cr_assert_null(find(f, "link", AC_ORIGIN_HTTP, 1), "rel=canonical is not a rights link");
  const ac_right *ai = find(f, "ai-use", AC_ORIGIN_HTTP, 0);
  cr_assert_not_null(ai);
  cr_assert_str_eq(ai->agent, "googlebot");
  cr_assert_str_eq(ai->value, "noai");
  cr_assert_null(find(f, "ai-use", AC_ORIGIN_HTTP, 1),
                 "unavailable_after: is a directive, not a user agent with tokens");
  cr_assert(has_note(page, "http-charset-differs"), "windows-1252 served, read as utf-8");
  ac_page_free(page);
  free(html);
  free(headers);
}

Test(rights, tdmrep_json_applies_its_first_matching_rule)
{
  char *json = fixture("tdmrep.json");
  rights_in in = {.html = "<p>x</p>", .url = "https://news.example/open/report.pdf",
                  .tdmrep = json};
  ac_page *page = extract(&in);
  const ac_facts *f = ac_page_facts(page);
  const ac_right *tdm = find(f, "tdm-reservation", AC_ORIGIN_TDMREP, 0);

  cr_assert_not_null(tdm);
  cr_assert_str_eq(tdm->value, "1", "\"/\" comes first and matches every path");
  cr_assert_eq(tdm->line, 2);
  cr_assert_eq(tdm->column, 3);
  cr_assert_str_eq(f->rights_summary.tdm_policy, "https://news.example/policies/policy1.json");
  ac_page_free(page);
  free(json);
}

Test(rights, tdmrep_locations_match_as_robots_patterns)
{
  static const char json[] =
      "[{\"location\": \"/open/*.pdf$\", \"tdm-reservation\": 0},\n"
      " {\"location\": \"/images/*\", \"tdm-reservation\": 1}]";
  rights_in pdf = {.html = "<p>x</p>", .url = "https://a.example/open/x/r.pdf", .tdmrep = json};
  rights_in pdfq = {.html = "<p>x</p>", .url = "https://a.example/open/r.pdf?v=2", .tdmrep = json};
  rights_in other = {.html = "<p>x</p>", .url = "https://a.example/news/", .tdmrep = json};
  ac_page *p1 = extract(&pdf), *p2 = extract(&pdfq), *p3 = extract(&other);

  cr_assert_eq(ac_page_facts(p1)->rights_summary.tdm_reservation, 0);
  cr_assert_eq(ac_page_facts(p2)->rights_summary.tdm_reservation, -1, "$ anchors the end");
  cr_assert_eq(ac_page_facts(p3)->rights_summary.tdm_reservation, -1, "no rule matches");
  ac_page_free(p1);
  ac_page_free(p2);
  ac_page_free(p3);
}

Test(rights, bad_tdm_values_and_files_are_notes_not_failures)
{
  rights_in in = {.html = "<meta name=tdm-reservation content=yes><p>x</p>",
                  .url = "https://a.example/", .headers = "tdm-reservation: 2\r\n",
                  .tdmrep = "{\"location\": \"/\"", .robots = "Content-Usage"};
  ac_page *page = extract(&in);
  const ac_facts *f = ac_page_facts(page);

  cr_assert_eq(f->rights_summary.tdm_reservation, -1, "invalid values count as unset");
  cr_assert_eq(f->n_rights, 0);
  cr_assert(has_note(page, "tdm-reservation-invalid"));
  cr_assert(has_note(page, "tdmrep-invalid"));
  ac_page_free(page);
}

Test(rights, robots_txt_content_usage_and_rsl_license_lines)
{
  char *robots = fixture("robots.txt");
  rights_in in = {.html = "<p>x</p>", .url = "https://news.example/a", .robots = robots};
  ac_page *page = extract(&in);
  const ac_facts *f = ac_page_facts(page);
  const ac_right *all = find(f, "ai-use", AC_ORIGIN_ROBOTS, 0);
  const ac_right *group = find(f, "ai-use", AC_ORIGIN_ROBOTS, 1);
  const ac_right *lic = find(f, "rsl-license", AC_ORIGIN_ROBOTS, 0);

  cr_assert_not_null(all);
  cr_assert_str_eq(all->value, "train-ai=n");
  cr_assert_null(all->agent, "User-agent: * addresses every crawler");
  cr_assert_eq(all->line, 4);
  cr_assert_not_null(group);
  cr_assert_str_eq(group->value, "search=y", "/open/ does not cover /a");
  cr_assert_str_eq(group->agent, "ExampleBot OtherBot");
  cr_assert_not_null(lic);
  cr_assert_str_eq(lic->value, "https://news.example/license.xml");
  cr_assert_eq(lic->line, 11);
  cr_assert_str_eq(f->rights_summary.ai_use, "flurb=n train-ai=n");
  cr_assert(has_note(page, "content-usage-unknown"), "flurb is outside the vocabulary");
  ac_page_free(page);
  free(robots);
}

Test(rights, hostile_patterns_and_long_files_stay_bounded)
{
  /* 200 rules of 40 stars each against a 4 KB path: quadratic at worst, never exponential. */
  size_t n = 200, plen = 80;
  char *json = malloc(n * (plen + 40) + 8), *w = json, *url = malloc(4200);

  w += sprintf(w, "[");
  for (size_t i = 0; i < n; i++) {
    w += sprintf(w, "%s{\"location\":\"/", i ? "," : "");
    for (size_t k = 0; k < plen / 2; k++)
      w += sprintf(w, "*a");
    w += sprintf(w, "b\",\"tdm-reservation\":1}");
  }
  sprintf(w, "]");
  strcpy(url, "https://a.example/");
  memset(url + strlen(url), 'a', 4096);
  url[18 + 4096] = '\0';
  rights_in in = {.html = "<p>x</p>", .url = url, .tdmrep = json};
  ac_page *page = extract(&in);
  cr_assert_eq(ac_page_facts(page)->rights_summary.tdm_reservation, -1);
  ac_page_free(page);
  free(json);
  free(url);
}

Test(rights, c2pa_script_is_one_manifest_and_stray_selectors_are_none)
{
  rights_in script = {.html = "<script type=\"application/c2pa\">AAAA</script><p>x</p>"};
  rights_in emoji = {.html = "<p>\xEF\xBB\xBF\xE2\x9D\xA4\xEF\xB8\x8F \xEF\xBB\xBF\xEF\xB8\x8F"
                             "\xEF\xB8\x8F ok</p>"};
  ac_page *p1 = extract(&script), *p2 = extract(&emoji);
  const ac_right *m = find(ac_page_facts(p1), "c2pa-manifest", AC_ORIGIN_PAGE, 0);

  cr_assert_not_null(m);
  cr_assert_str_eq(m->detail, "script");
  cr_assert_null(find(ac_page_facts(p1), "c2pa-manifest", AC_ORIGIN_PAGE, 1));
  cr_assert_null(find(ac_page_facts(p2), "c2pa-manifest", AC_ORIGIN_PAGE, 0),
                 "a BOM and two variation selectors are emoji styling, not a manifest");
  ac_page_free(p1);
  ac_page_free(p2);
}
