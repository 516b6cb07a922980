/*
 * rules: pack loading (schema, file:line errors, hostile XML), notice
 * phrasings, the source registry, and rule evaluation over hand-built facts
 * (so these tests do not depend on extraction).
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "attrcheck.h"
#include "page/page.h"
#include "support.h"

static ac_rules *builtin(void)
{
  ac_rules *r = NULL;
  ac_error e = {0};

  cr_assert_eq(ac_rules_new(&r, &e), 0);
  cr_assert_eq(ac_rules_add_defaults(r, NULL, &e), 0, "%s", e.msg);
  return r;
}

static int add_text(ac_rules *r, const char *xml, ac_error *e)
{
  return ac_rules_add_buffer(r, "test.xml", xml, strlen(xml), e);
}

static int load_fixture(const char *rel, ac_error *e)
{
  ac_rules *r = NULL;
  char *path = fixture_path(rel);
  int rc;

  ac_rules_new(&r, e);
  rc = ac_rules_add_file(r, path, e);
  ac_rules_free(r);
  free(path);
  return rc;
}

/* ---- loading ---- */

Test(rules, loads_the_builtin_packs)
{
  ac_rules *r = builtin();
  const ac_rule_info *i = ac_rules_find(r, "credit-link-mismatch");

  cr_assert_not_null(i);
  cr_assert_eq(i->severity, AC_SEV_ERROR);
  cr_assert_str_eq(i->pack, "core");
  cr_assert_not_null(ac_rules_find(r, "permission-unknown"));
  cr_assert_not_null(ac_rules_find(r, "unattributed-copy"));
  cr_assert_gt(ac_rules_count(r), 20);
  ac_rules_free(r);
}

Test(rules, rejects_pack_without_version)
{
  ac_error e = {0};

  cr_assert_eq(load_fixture("rules/invalid/no-version.xml", &e), AC_EINVALID);
  cr_assert(strstr(e.msg, "no-version.xml:3:") != NULL, "%s", e.msg);
  cr_assert(strstr(e.msg, "version") != NULL, "%s", e.msg);
}

Test(rules, names_file_and_line_of_an_unknown_check)
{
  ac_error e = {0};

  cr_assert_eq(load_fixture("rules/invalid/unknown-check.xml", &e), AC_EINVALID);
  cr_assert(strstr(e.msg, "unknown-check.xml:5: unknown check 'credit-is-pretty'") != NULL, "%s",
            e.msg);
}

Test(rules, names_file_and_line_of_a_bad_regular_expression)
{
  ac_error e = {0};

  cr_assert_eq(load_fixture("rules/invalid/bad-regex.xml", &e), AC_EINVALID);
  cr_assert(strstr(e.msg, "bad-regex.xml:5: bad regular expression") != NULL, "%s", e.msg);
}

Test(rules, names_file_and_line_of_a_syntax_error)
{
  ac_error e = {0};

  cr_assert_eq(load_fixture("rules/invalid/syntax-error.xml", &e), AC_EINVALID);
  cr_assert(strstr(e.msg, "syntax-error.xml:7:") != NULL, "%s", e.msg);
}

Test(rules, rejects_unknown_parameters_and_duplicate_ids)
{
  ac_error e = {0};

  cr_assert_eq(load_fixture("rules/invalid/unknown-param.xml", &e), AC_EINVALID);
  cr_assert(strstr(e.msg, "unknown-param.xml:7:") != NULL, "%s", e.msg);
  cr_assert_eq(load_fixture("rules/invalid/duplicate-rule.xml", &e), AC_EINVALID);
  cr_assert(strstr(e.msg, "duplicate-rule.xml:8:") != NULL, "%s", e.msg);
}

Test(rules, refuses_doctype_entities_and_billion_laughs, .timeout = 10)
{
  ac_error e = {0};

  cr_assert_eq(load_fixture("rules/invalid/billion-laughs.xml", &e), AC_EINVALID);
  cr_assert_eq(load_fixture("rules/invalid/external-entity.xml", &e), AC_EINVALID);
  cr_assert(strstr(e.msg, "passwd") == NULL && strstr(e.msg, "root:") == NULL, "%s", e.msg);
}

/*
 * A FIFO blocks whoever opens it for reading: if libxml2 tried to fetch the
 * entity, the DTD or the schema location, the test would hang and time out.
 */
Test(rules, never_opens_files_named_by_a_pack, .timeout = 10)
{
  char *dir = temp_dir();
  char fifo[512], xml[2048];
  const char *forms[] = {
      "<!DOCTYPE pack SYSTEM \"%s\"><pack name=\"a\" version=\"1\"/>",
      "<!DOCTYPE pack [<!ENTITY x SYSTEM \"%s\">]><pack name=\"a\" version=\"1\"><description>&x;</description></pack>",
      "<!DOCTYPE pack [<!ENTITY %% p SYSTEM \"%s\"> %%p;]><pack name=\"a\" version=\"1\"/>",
      "<pack xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:noNamespaceSchemaLocation=\"%s\" name=\"a\" version=\"1\"/>",
      "<pack xmlns:xi=\"http://www.w3.org/2001/XInclude\" name=\"a\" version=\"1\"><xi:include href=\"%s\"/></pack>",
  };

  snprintf(fifo, sizeof fifo, "%s/trap", dir);
  cr_assert_eq(mkfifo(fifo, 0600), 0);
  for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
    ac_rules *r = NULL;
    ac_error e = {0};
    snprintf(xml, sizeof xml, forms[i], fifo);
    ac_rules_new(&r, &e);
    /* a schema location is ignored (the pack itself is valid); all the others are refused */
    if (i == 3)
      cr_assert_eq(add_text(r, xml, &e), 0, "%s", e.msg);
    else
      cr_assert_lt(add_text(r, xml, &e), 0, "form %zu loaded", i);
    ac_rules_free(r);
  }
  unlink(fifo);
  rmdir(dir);
  free(dir);
}

Test(rules, a_later_pack_overrides_a_rule_and_adds_phrasings)
{
  ac_rules *r = builtin();
  ac_error e = {0};
  char *path = fixture_path("rules/valid/override-severity.xml");
  ac_phrase_match m[4];
  const char *t = "Courtesy of Example Wire.";

  cr_assert_eq(ac_rules_add_file(r, path, &e), 0, "%s", e.msg);
  cr_assert_eq(ac_rules_find(r, "credit-link-missing")->severity, AC_SEV_WARNING);
  cr_assert_eq(ac_rules_match_notices(r, t, strlen(t), m, 4), 1);
  cr_assert_str_eq(m[0].phrase, "local-courtesy");
  cr_assert(ac_rules_name_matches_host(r, "EW", "news.wire.example"));
  free(path);
  ac_rules_free(r);
}

/* ---- phrasings ---- */

static void expect_credit(const ac_rules *r, const char *text, ac_notice_kind kind,
                          const char *credit)
{
  ac_phrase_match m[8];
  int n = ac_rules_match_notices(r, text, strlen(text), m, 8);

  cr_assert_gt(n, 0, "no phrasing matched \"%s\"", text);
  cr_assert_eq(m[0].kind, kind, "\"%s\": kind %d", text, m[0].kind);
  if (credit == NULL) {
    cr_assert_eq(m[0].credit_start, m[0].credit_end, "\"%s\" has a credit", text);
    return;
  }
  cr_assert_eq(m[0].credit_end - m[0].credit_start, strlen(credit), "\"%s\" -> \"%.*s\"", text,
               (int)(m[0].credit_end - m[0].credit_start), text + m[0].credit_start);
  cr_assert_eq(memcmp(text + m[0].credit_start, credit, strlen(credit)), 0, "\"%s\"", text);
}

Test(rules, finds_the_seed_notices_and_their_credits)
{
  ac_rules *r = builtin();

  expect_credit(r, "Source : The Verge", AC_NOTICE_SOURCE, "The Verge");
  expect_credit(r, "Source\xc2\xa0: The Verge", AC_NOTICE_SOURCE, "The Verge");
  expect_credit(r, "Read the Original Article", AC_NOTICE_READ_ORIGINAL, NULL);
  expect_credit(r,
                "Copyright for syndicated content belongs to the linked Source : FredZone "
                "\xe2\x80\x93 https://www.fredzone.org/ancien-pdg-openai-microsoft-rcj753",
                AC_NOTICE_SYNDICATION, "FredZone");
  ac_rules_free(r);
}

Test(rules, finds_notices_in_four_languages)
{
  ac_rules *r = builtin();

  expect_credit(r, "Originally published by CalMatters.", AC_NOTICE_ORIGINALLY_PUBLISHED, "CalMatters");
  expect_credit(r, "This article first appeared on Chalkbeat and is republished here under a "
                   "Creative Commons license.", AC_NOTICE_FIRST_APPEARED, "Chalkbeat");
  expect_credit(r, "Republished with permission of Example Inc", AC_NOTICE_REPUBLISHED, "Example Inc");
  expect_credit(r, "via The Guardian", AC_NOTICE_VIA, "The Guardian");
  expect_credit(r, "The post Ten things appeared first on Example News.", AC_NOTICE_APPEARED_FIRST,
                "Example News");
  expect_credit(r, "Copyright 2022 The Associated Press. All rights reserved.", AC_NOTICE_COPYRIGHT,
                "The Associated Press");
  expect_credit(r, "\xc2\xa9 2023 Example Ltd", AC_NOTICE_COPYRIGHT, "Example Ltd");
  expect_credit(r, "Publi\xc3\xa9 \xc3\xa0 l'origine par Le Monde.", AC_NOTICE_ORIGINALLY_PUBLISHED, "Le Monde");
  expect_credit(r, "Tous droits r\xc3\xa9serv\xc3\xa9s", AC_NOTICE_RIGHTS_RESERVED, NULL);
  expect_credit(r, "Zuerst erschienen auf Spiegel Online", AC_NOTICE_FIRST_APPEARED, "Spiegel Online");
  expect_credit(r, "Quelle: dpa", AC_NOTICE_SOURCE, "dpa");
  expect_credit(r, "Mit Material von dpa", AC_NOTICE_AGENCY, "dpa");
  expect_credit(r, "Alle Rechte vorbehalten", AC_NOTICE_RIGHTS_RESERVED, NULL);
  expect_credit(r, "Publicado originalmente en The Conversation.", AC_NOTICE_ORIGINALLY_PUBLISHED,
                "The Conversation");
  expect_credit(r, "Fuente: EFE", AC_NOTICE_SOURCE, "EFE");
  expect_credit(r, "Todos los derechos reservados", AC_NOTICE_RIGHTS_RESERVED, NULL);
  expect_credit(r, "Ce texte est publi\xc3\xa9 sous licence Creative Commons", AC_NOTICE_LICENSE, NULL);
  ac_rules_free(r);
}

static int count_matches(const ac_rules *r, const char *text)
{
  ac_phrase_match m[8];
  return ac_rules_match_notices(r, text, strlen(text), m, 8);
}

Test(rules, ignores_image_credits_datelines_and_sentences)
{
  ac_rules *r = builtin();

  cr_assert_eq(count_matches(r, "Image source: Getty Images."), 0);
  cr_assert_eq(count_matches(r, "An early assembly line. Source: Library of Congress"), 0);
  cr_assert_eq(count_matches(r, "Source: Shutterstock"), 0);
  cr_assert_eq(count_matches(r, "First published on Tue 29 Nov 2016 07.46 EST"), 0);
  cr_assert_eq(count_matches(r, "it was first published in my 2014 biography of him"), 0);
  expect_credit(r, "Source: U.S. Census Bureau.", AC_NOTICE_SOURCE, "U.S. Census Bureau");
  expect_credit(r, "This article was originally published on The Huffington Post and can be read here",
                AC_NOTICE_ORIGINALLY_PUBLISHED, "The Huffington Post");
  expect_credit(r, "Source: Trump irritated by Conway attacks on Romney", AC_NOTICE_SOURCE, NULL);
  ac_rules_free(r);
}

Test(rules, matches_are_ordered_and_never_overlap)
{
  ac_rules *r = builtin();
  const char *t = "Source : The Verge \xe2\x80\xa6. to be continued Read the Original Article";
  ac_phrase_match m[8];
  int n = ac_rules_match_notices(r, t, strlen(t), m, 8);

  cr_assert_eq(n, 2);
  cr_assert_eq(m[0].kind, AC_NOTICE_SOURCE);
  cr_assert_eq(m[1].kind, AC_NOTICE_READ_ORIGINAL);
  cr_assert_leq(m[0].end, m[1].start);
  cr_assert_eq(ac_rules_match_notices(r, t, strlen(t), m, 1), 1, "max is respected");
  ac_rules_free(r);
}

static void *match_many(void *arg)
{
  const ac_rules *r = arg;
  const char *t = "Copyright for syndicated content belongs to the linked Source : FredZone";
  ac_phrase_match m[4];

  for (int i = 0; i < 2000; i++)
    if (ac_rules_match_notices(r, t, strlen(t), m, 4) != 1 || m[0].credit_end - m[0].credit_start != 8)
      return (void *)1;
  return NULL;
}

Test(rules, threads_share_one_rule_set_for_matching)
{
  ac_rules *r = builtin();
  pthread_t th[4];
  void *res;

  for (int i = 0; i < 4; i++)
    pthread_create(&th[i], NULL, match_many, r);
  for (int i = 0; i < 4; i++) {
    pthread_join(th[i], &res);
    cr_assert_null(res);
  }
  ac_rules_free(r);
}

Test(rules, permission_phrasings_say_so)
{
  ac_rules *r = builtin();
  const char *t = "Republished with permission.";
  ac_phrase_match m[2];

  cr_assert_eq(ac_rules_match_notices(r, t, strlen(t), m, 2), 1);
  cr_assert(m[0].permission);
  ac_rules_free(r);
}

/* ---- registry ---- */

Test(rules, matches_names_with_their_domains)
{
  ac_rules *r = builtin();

  cr_assert(ac_rules_name_matches_host(r, "The Verge", "www.theverge.com"));
  cr_assert(ac_rules_name_matches_host(r, "FredZone", "www.fredzone.org"));
  cr_assert(ac_rules_name_matches_host(r, "fred zone", "fredzone.org"));
  cr_assert(ac_rules_name_matches_host(r, "AP", "apnews.com"));
  cr_assert(ac_rules_name_matches_host(r, "Le T\xc3\xa9l\xc3\xa9gramme", "www.letelegramme.fr"));
  cr_assert(ac_rules_name_matches_host(r, "Ars Technica", "arstechnica.com"));
  cr_assert(ac_rules_name_matches_host(r, "New York Times", "www.nytimes.com"));
  cr_assert(ac_rules_name_matches_host(r, "Vox", "www.theverge.com"), "same owner group");
  cr_assert_not(ac_rules_name_matches_host(r, "Le Monde", "www.fredzone.org"));
  cr_assert_not(ac_rules_name_matches_host(r, "The Verge", "fredzone.org"));
  cr_assert_not(ac_rules_name_matches_host(r, "Example", "unrelated.org"));
  ac_rules_free(r);
}

Test(rules, looks_sources_up_by_host_and_name)
{
  ac_rules *r = builtin();
  const ac_source *s = ac_rules_source_by_host(r, "news.theconversation.com");

  cr_assert_not_null(s);
  cr_assert_str_eq(s->policy, "the-conversation");
  cr_assert_eq(ac_rules_source_by_name(r, "the conversation"), s);
  cr_assert_eq(ac_rules_source_by_name(r, "Associated Press"), ac_rules_source_by_host(r, "apnews.com"));
  cr_assert_null(ac_rules_source_by_host(r, "example.org"));
  ac_rules_free(r);
}

/* ---- evaluation over hand-built facts ---- */

#define FACTS_MAX 16

static ac_page *blank_page(const char *url, const char *lang)
{
  static char text[4096];
  ac_page *p = NULL;
  ac_error e = {0};

  memset(text, ' ', sizeof text - 1);
  for (size_t i = 80; i < sizeof text - 1; i += 80)
    text[i] = '\n';
  cr_assert_eq(ac_page_load_buffer(&p, "page.html", text, sizeof text - 1, NULL, &e), 0, "%s", e.msg);
  p->extracted = true;
  memset(&p->facts, 0, sizeof p->facts);
  p->facts.url = url;
  p->facts.lang = lang;
  p->facts.links = ac_arena_alloc(p->arena, FACTS_MAX * sizeof(ac_link));
  p->facts.notices = ac_arena_alloc(p->arena, FACTS_MAX * sizeof(ac_notice));
  p->facts.republication = ac_arena_alloc(p->arena, FACTS_MAX * sizeof(ac_republication));
  p->facts.suppressions = ac_arena_alloc(p->arena, FACTS_MAX * sizeof(ac_suppression));
  p->facts.licenses = ac_arena_alloc(p->arena, FACTS_MAX * sizeof(ac_license));
  p->facts.main_span.start = 100;
  p->facts.main_span.end = 3000;
  return p;
}

static uint32_t add_link(ac_page *p, const char *url, const char *host, uint32_t at)
{
  ac_link *l = &p->facts.links[p->facts.n_links];

  l->href = l->url = url;
  l->host = host;
  l->visible = true;
  l->span.start = at;
  l->span.end = at + 10;
  return (uint32_t)p->facts.n_links++;
}

static ac_notice *add_notice(ac_page *p, ac_notice_kind kind, const char *credit, bool in_main,
                             uint32_t start, uint32_t end)
{
  ac_notice *n = &p->facts.notices[p->facts.n_notices++];

  n->kind = kind;
  n->credit = credit;
  n->text = credit ? credit : "notice";
  n->visible = true;
  n->in_main = in_main;
  n->span.start = start;
  n->span.end = end;
  n->links = ac_arena_alloc(p->arena, 4 * sizeof(uint32_t));
  return n;
}

static void notice_link(ac_notice *n, uint32_t link)
{
  ((uint32_t *)n->links)[n->n_links++] = link;
}

#define FZ_URL "https://www.fredzone.org/ancien-pdg-openai-microsoft-rcj753"
#define SYND_TEXT "Copyright for syndicated content belongs to the linked Source : "

/* The seed page's facts; `footer` is the name its footer credits, `linked` whether links remain. */
static ac_page *seed_page(const char *footer, bool linked)
{
  ac_page *p = blank_page("https://actu-tech-express.example/openai", "fr");
  ac_notice *verge, *read, *synd;

  verge = add_notice(p, AC_NOTICE_SOURCE, "The Verge", true, 2000, 2030);
  read = add_notice(p, AC_NOTICE_READ_ORIGINAL, NULL, true, 2100, 2200);
  synd = add_notice(p, AC_NOTICE_SYNDICATION, footer, true, 2210, 2400);
  synd->text = ac_arena_printf(p->arena, SYND_TEXT "%s%s", footer, linked ? " \xe2\x80\x93 " FZ_URL : "");
  if (linked) {
    uint32_t l1 = add_link(p, FZ_URL, "www.fredzone.org", 2110);
    uint32_t l2 = add_link(p, FZ_URL, "www.fredzone.org", 2300);
    notice_link(read, l1);
    notice_link(synd, l2);
    notice_link(verge, l1);          /* extraction may attach the next line's link */
    p->facts.republication[0].name = "read-original-link";
    p->facts.republication[0].evidence = FZ_URL;
    p->facts.republication[0].span = read->span;
    p->facts.n_republication = 1;
  }
  return p;
}

static size_t count_rule(const ac_page *p, const char *rule, ac_severity *sev, ac_span *span)
{
  size_t n, hits = 0;
  const ac_finding *f = ac_page_findings(p, &n);

  for (size_t i = 0; i < n; i++)
    if (strcmp(f[i].rule, rule) == 0) {
      hits++;
      if (sev)
        *sev = f[i].severity;
      if (span)
        *span = f[i].span;
    }
  return hits;
}

static void eval(const ac_rules *r, ac_page *p, const char *policy)
{
  ac_eval_options o = AC_EVAL_OPTIONS_INIT;
  ac_error e = {0};

  o.policy = policy;
  o.rel_path = "page.html";
  cr_assert_eq(ac_rules_eval(r, p, &o, &e), 0, "%s", e.msg);
}

Test(rules, seed_page_only_warns_permission_unknown)
{
  ac_rules *r = builtin();
  ac_page *p = seed_page("FredZone", true);
  ac_finding_counts c;
  const ac_attribution *a;
  const ac_hop *h;
  size_t nh;
  ac_severity sev;

  eval(r, p, NULL);
  c = ac_page_finding_counts(p);
  cr_assert_eq(c.errors, 0);
  cr_assert_eq(c.warnings, 1);
  cr_assert_eq(count_rule(p, "permission-unknown", &sev, NULL), 1);
  cr_assert_eq(sev, AC_SEV_WARNING);
  a = ac_page_attribution(p);
  cr_assert_str_eq(a->credited_source, "FredZone");
  cr_assert_str_eq(a->source_link, FZ_URL);
  cr_assert_eq(a->credit_matches_link, 1);
  h = ac_page_chain(p, &nh);
  cr_assert_eq(nh, 3);
  cr_assert_str_eq(h[0].name, "The Verge");
  cr_assert_str_eq(h[0].domain, "theverge.com");
  cr_assert_str_eq(h[1].name, "FredZone");
  cr_assert_str_eq(h[1].domain, "fredzone.org");
  cr_assert_str_eq(h[2].name, "this page");
  ac_page_free(p);
  ac_rules_free(r);
}

Test(rules, footer_crediting_another_site_than_its_link_is_a_mismatch)
{
  ac_rules *r = builtin();
  ac_page *p = seed_page("Le Monde", true);
  ac_span at;

  eval(r, p, NULL);
  cr_assert_eq(count_rule(p, "credit-link-mismatch", NULL, &at), 1);
  cr_assert_eq(at.start, 2210, "reported at the footer");
  cr_assert_eq(ac_page_attribution(p)->credit_matches_link, 0);
  ac_page_free(p);
  ac_rules_free(r);
}

Test(rules, credits_without_any_link_are_credit_link_missing)
{
  ac_rules *r = builtin();
  ac_page *p = seed_page("FredZone", false);
  ac_span at;

  eval(r, p, NULL);
  cr_assert_eq(count_rule(p, "credit-link-missing", NULL, &at), 1);
  cr_assert_eq(at.start, 2210);
  cr_assert_eq(count_rule(p, "credit-link-mismatch", NULL, NULL), 0);
  ac_page_free(p);
  ac_rules_free(r);
}

Test(rules, canonical_elsewhere_without_a_credit_is_notice_missing)
{
  ac_rules *r = builtin();
  ac_page *p = blank_page("https://copy.example/a", "en");

  p->facts.canonical = "https://original.example/story";
  p->facts.canonical_span.start = 50;
  eval(r, p, NULL);
  cr_assert_eq(count_rule(p, "notice-missing", NULL, NULL), 1);
  cr_assert_eq(count_rule(p, "permission-unknown", NULL, NULL), 1);
  ac_page_free(p);
  ac_rules_free(r);
}

Test(rules, a_page_crediting_its_own_site_is_not_republished)
{
  ac_rules *r = builtin();
  ac_page *p = blank_page("https://www.reuters.com/world/a", "en");
  size_t n;

  add_notice(p, AC_NOTICE_AGENCY, "Reuters", true, 200, 210);
  eval(r, p, NULL);
  ac_page_findings(p, &n);
  cr_assert_eq(n, 0);
  ac_page_free(p);
  ac_rules_free(r);
}

Test(rules, an_ordinary_page_has_no_findings)
{
  ac_rules *r = builtin();
  ac_page *p = blank_page("https://ours.example/a", "en");
  size_t n, nh;

  p->facts.canonical = "https://ours.example/a";
  eval(r, p, NULL);
  ac_page_findings(p, &n);
  cr_assert_eq(n, 0);
  ac_page_chain(p, &nh);
  cr_assert_eq(nh, 0);
  ac_page_free(p);
  ac_rules_free(r);
}

Test(rules, a_license_statement_answers_permission_unknown)
{
  ac_rules *r = builtin();
  ac_page *p = seed_page("FredZone", true);

  p->facts.licenses[0].id = "CC-BY-4.0";
  p->facts.licenses[0].scope = AC_SCOPE_PAGE;
  p->facts.n_licenses = 1;
  eval(r, p, NULL);
  cr_assert_eq(count_rule(p, "permission-unknown", NULL, NULL), 0);
  cr_assert_str_eq(ac_page_attribution(p)->license, "CC-BY-4.0");
  ac_page_free(p);
  ac_rules_free(r);
}

Test(rules, inline_suppression_keeps_the_finding_and_counts_it)
{
  ac_rules *r = builtin();
  ac_page *p = seed_page("Le Monde", true);
  ac_finding_counts c;

  p->facts.suppressions[0].rule = "credit-link-mismatch";
  p->facts.suppressions[0].reason = "checked with the editor";
  p->facts.suppressions[0].span.start = 2205;
  p->facts.suppressions[0].span.end = 2500;
  p->facts.n_suppressions = 1;
  eval(r, p, NULL);
  c = ac_page_finding_counts(p);
  cr_assert_eq(c.errors, 0);
  cr_assert_eq(c.suppressed, 1);
  ac_page_free(p);
  ac_rules_free(r);
}

Test(rules, suppression_without_a_reason_does_not_suppress)
{
  ac_rules *r = builtin();
  ac_page *p = seed_page("Le Monde", true);

  p->facts.suppressions[0].rule = "credit-link-mismatch";
  p->facts.suppressions[0].span.start = 2205;
  p->facts.suppressions[0].span.end = 2500;
  p->facts.n_suppressions = 1;
  eval(r, p, NULL);
  cr_assert_eq(ac_page_finding_counts(p).errors, 1);
  cr_assert_eq(count_rule(p, "suppression-reason-missing", NULL, NULL), 1);
  ac_page_free(p);
  ac_rules_free(r);
}

Test(rules, findings_are_sorted_by_position_then_rule)
{
  ac_rules *r = builtin();
  ac_page *p = seed_page("Le Monde", true);
  const ac_finding *f;
  size_t n;

  eval(r, p, NULL);
  f = ac_page_findings(p, &n);
  cr_assert_geq(n, 2);
  for (size_t i = 1; i < n; i++)
    cr_assert(f[i - 1].span.start < f[i].span.start ||
              (f[i - 1].span.start == f[i].span.start && strcmp(f[i - 1].rule, f[i].rule) <= 0));
  ac_page_free(p);
  ac_rules_free(r);
}

static void add_match(ac_page *p, const char *url, const char *host, const char *license,
                      ac_copy_class cls)
{
  ac_match m = {0};

  m.url = url;
  m.host = host;
  m.license = license;
  m.original_coverage = 0.9;
  m.page_coverage = 0.8;
  m.cls = cls;
  m.copied_tokens = 600;
  cr_assert_eq(ac_page_add_match(p, &m), 0);
}

Test(rules, copying_an_indexed_original_without_credit_is_unattributed)
{
  ac_rules *r = builtin();
  ac_page *p = blank_page("https://copy.example/a", "en");

  add_match(p, "https://original.example/story", "original.example", NULL, AC_COPY_VERBATIM);
  eval(r, p, NULL);
  cr_assert_eq(count_rule(p, "unattributed-copy", NULL, NULL), 1);
  cr_assert_eq(count_rule(p, "misattributed-copy", NULL, NULL), 0);
  ac_page_free(p);
  ac_rules_free(r);
}

Test(rules, crediting_one_site_while_copying_another_is_misattributed)
{
  ac_rules *r = builtin();
  ac_page *p = seed_page("FredZone", true);
  size_t nh;

  add_match(p, "https://www.lemonde.fr/article", "www.lemonde.fr", NULL, AC_COPY_VERBATIM);
  eval(r, p, NULL);
  cr_assert_eq(count_rule(p, "misattributed-copy", NULL, NULL), 1);
  cr_assert_eq(count_rule(p, "unattributed-copy", NULL, NULL), 0);
  ac_page_chain(p, &nh);
  cr_assert_eq(nh, 4, "the matched original joins the chain");
  ac_page_free(p);
  ac_rules_free(r);
}

Test(rules, copying_the_credited_site_is_attributed)
{
  ac_rules *r = builtin();
  ac_page *p = seed_page("FredZone", true);

  add_match(p, FZ_URL, "www.fredzone.org", NULL, AC_COPY_VERBATIM);
  eval(r, p, NULL);
  cr_assert_eq(ac_page_finding_counts(p).errors, 0);
  ac_page_free(p);
  ac_rules_free(r);
}

Test(rules, cc_and_no_derivatives_originals_need_notice_and_verbatim_copy)
{
  ac_rules *r = builtin();
  ac_page *p = blank_page("https://copy.example/a", "en");
  ac_notice *n = add_notice(p, AC_NOTICE_REPUBLISHED, "The Conversation", false, 3100, 3200);

  notice_link(n, add_link(p, "https://theconversation.com/a-story-123", "theconversation.com", 3150));
  add_match(p, "https://theconversation.com/a-story-123", "theconversation.com", "CC-BY-ND-4.0",
            AC_COPY_LIGHTLY_EDITED);
  eval(r, p, "none");
  cr_assert_eq(count_rule(p, "license-notice-missing", NULL, NULL), 1);
  cr_assert_eq(count_rule(p, "modified-no-derivatives", NULL, NULL), 1);
  cr_assert_eq(count_rule(p, "unattributed-copy", NULL, NULL), 0);
  ac_page_free(p);
  ac_rules_free(r);
}

Test(rules, translation_of_a_restricted_work_is_noted_in_the_chain)
{
  ac_rules *r = builtin();
  ac_page *p = seed_page("FredZone", true);
  ac_severity sev;

  eval(r, p, NULL);
  cr_assert_eq(count_rule(p, "translation-in-chain", &sev, NULL), 1);
  cr_assert_eq(sev, AC_SEV_NOTE);
  ac_page_free(p);
  ac_rules_free(r);
}

/* ---- baseline ---- */

Test(rules, baseline_suppresses_known_findings_whatever_their_line)
{
  ac_rules *r = builtin();
  ac_page *p = seed_page("Le Monde", true), *q;
  ac_baseline *b = NULL, *back = NULL;
  ac_error e = {0};
  char *dir = temp_dir(), path[512];

  eval(r, p, NULL);
  cr_assert_eq(ac_baseline_new(&b, &e), 0);
  cr_assert_eq(ac_baseline_record(b, "page.html", p, &e), 0);
  snprintf(path, sizeof path, "%s/baseline.txt", dir);
  cr_assert_eq(ac_baseline_write(b, path, &e), 0, "%s", e.msg);
  cr_assert_eq(ac_baseline_load(&back, path, &e), 0, "%s", e.msg);
  cr_assert_eq(ac_baseline_count(back), ac_baseline_count(b));

  q = seed_page("Le Monde", true);                 /* same findings, moved down the page */
  for (size_t i = 0; i < q->facts.n_notices; i++) {
    q->facts.notices[i].span.start += 300;
    q->facts.notices[i].span.end += 300;
  }
  eval(r, q, NULL);
  cr_assert_gt(ac_baseline_apply(back, "page.html", q), 0);
  cr_assert_eq(ac_page_finding_counts(q).errors, 0);
  cr_assert_gt(ac_page_finding_counts(q).suppressed, 0);
  cr_assert_eq(ac_baseline_apply(back, "other.html", p), 0, "paths are part of the key");
  unlink(path);
  rmdir(dir);
  free(dir);
  ac_baseline_free(b);
  ac_baseline_free(back);
  ac_page_free(p);
  ac_page_free(q);
  ac_rules_free(r);
}

Test(rules, rejects_a_malformed_baseline_with_its_line)
{
  char *dir = temp_dir(), path[512];
  ac_baseline *b = NULL;
  ac_error e = {0};

  snprintf(path, sizeof path, "%s/b.txt", dir);
  cr_assert_eq(write_file(path, "# header\nno tabs here\n", 22), 0);
  cr_assert_eq(ac_baseline_load(&b, path, &e), AC_EINVALID);
  cr_assert(strstr(e.msg, ":2:") != NULL, "%s", e.msg);
  unlink(path);
  rmdir(dir);
  free(dir);
}

/* ---- the rules command ---- */

Test(rules, cli_lists_every_rule_with_severity_and_pack)
{
  const char *argv[] = {"rules", "list", NULL};
  run_result r = run_cli(argv, NULL, 0);

  cr_assert_eq(r.status, 0, "%s", r.err);
  cr_assert_eq(count_lines_with(r.out, "credit-link-mismatch  "), 1);
  cr_assert_eq(count_lines_with(r.out, " core "), 11);
  cr_assert_geq(count_lines_with(r.out, " the-conversation "), 5);
  run_result_free(&r);
}

Test(rules, cli_explains_a_rule_with_its_fix)
{
  const char *argv[] = {"rules", "explain", "credit-link-mismatch", NULL};
  const char *bad[] = {"rules", "explain", "no-such-rule", NULL};
  run_result r = run_cli(argv, NULL, 0), b = run_cli(bad, NULL, 0);

  cr_assert_eq(r.status, 0);
  cr_assert(strstr(r.out, "How to fix:") != NULL, "%s", r.out);
  cr_assert(strstr(r.out, "Le Monde") != NULL, "the example is shown");
  cr_assert_eq(b.status, 2);
  run_result_free(&r);
  run_result_free(&b);
}

Test(rules, cli_lint_exits_2_naming_file_and_line)
{
  char *good = fixture_path("rules/valid/override-severity.xml");
  char *bad = fixture_path("rules/invalid/unknown-check.xml");
  const char *ok_argv[] = {"rules", "lint", good, NULL};
  const char *bad_argv[] = {"rules", "lint", good, bad, NULL};
  run_result r = run_cli(ok_argv, NULL, 0), b = run_cli(bad_argv, NULL, 0);

  cr_assert_eq(r.status, 0, "%s", r.err);
  cr_assert_eq(b.status, 2);
  cr_assert(strstr(b.err, "unknown-check.xml:5: unknown check") != NULL, "%s", b.err);
  cr_assert_eq(count_lines_with(b.err, ".xml"), 1, "one line per broken pack: %s", b.err);
  run_result_free(&r);
  run_result_free(&b);
  free(good);
  free(bad);
}

Test(rules, check_with_an_invalid_pack_exits_2)
{
  char *bad = fixture_path("rules/invalid/bad-regex.xml");
  char *page = fixture_path("pages/ordinary-page/page.html");
  const char *argv[] = {"check", "--no-config", "--rules", bad, page, NULL};
  run_result r = run_cli(argv, NULL, 0);

  cr_assert_eq(r.status, 2);
  cr_assert(strstr(r.err, "bad-regex.xml:5:") != NULL, "%s", r.err);
  run_result_free(&r);
  free(bad);
  free(page);
}

/* ---- check types only user packs use ---- */

static const char user_pack[] =
    "<pack name=\"user\" version=\"1\"><rules>"
    "<rule id=\"no-nofollow\" check=\"credit-link-follow\" severity=\"warning\"><summary>s</summary></rule>"
    "<rule id=\"short-excerpt\" check=\"excerpt-share\" severity=\"error\"><summary>s</summary>"
    "<message>copied {coverage}</message><param name=\"max\" value=\"0.5\"/></rule>"
    "<rule id=\"same-title\" check=\"title-kept\" severity=\"error\"><summary>s</summary></rule>"
    "<rule id=\"say-changes\" check=\"modifications-indicated\" severity=\"error\"><summary>s</summary>"
    "<when path=\"news/*\"/></rule>"
    "</rules></pack>";

Test(rules, user_packs_can_forbid_nofollow_long_excerpts_and_silent_edits)
{
  ac_rules *r = NULL;
  ac_error e = {0};
  ac_page *p = seed_page("FredZone", true);
  ac_eval_options o = AC_EVAL_OPTIONS_INIT;
  ac_match m = {0};
  const ac_finding *f;
  size_t n;

  cr_assert_eq(ac_rules_new(&r, &e), 0);
  cr_assert_eq(add_text(r, user_pack, &e), 0, "%s", e.msg);
  p->facts.links[1].rel = AC_REL_NOFOLLOW;                  /* the footer's own link */
  p->facts.title = "Sam Altman rejoint Microsoft";
  m.url = FZ_URL;
  m.host = "www.fredzone.org";
  m.title = "Sam Altman va rejoindre Microsoft";
  m.original_coverage = 0.9;
  m.cls = AC_COPY_LIGHTLY_EDITED;
  m.copied_tokens = 500;
  cr_assert_eq(ac_page_add_match(p, &m), 0);
  o.rel_path = "news/a.html";
  cr_assert_eq(ac_rules_eval(r, p, &o, &e), 0, "%s", e.msg);
  cr_assert_eq(count_rule(p, "no-nofollow", NULL, NULL), 1);
  cr_assert_eq(count_rule(p, "short-excerpt", NULL, NULL), 1);
  cr_assert_eq(count_rule(p, "same-title", NULL, NULL), 1);
  cr_assert_eq(count_rule(p, "say-changes", NULL, NULL), 1);
  f = ac_page_findings(p, &n);
  for (size_t i = 0; i < n; i++)
    if (strcmp(f[i].rule, "short-excerpt") == 0)
      cr_assert_str_eq(f[i].message, "copied 90 %");
  ac_page_free(p);
  ac_rules_free(r);
}

Test(rules, path_conditions_select_rules)
{
  ac_rules *r = NULL;
  ac_error e = {0};
  ac_page *p = seed_page("FredZone", true);
  ac_eval_options o = AC_EVAL_OPTIONS_INIT;
  ac_match m = {0};

  ac_rules_new(&r, &e);
  cr_assert_eq(add_text(r, user_pack, &e), 0, "%s", e.msg);
  m.url = FZ_URL;
  m.host = "www.fredzone.org";
  m.original_coverage = 0.9;
  m.cls = AC_COPY_LIGHTLY_EDITED;
  m.copied_tokens = 500;
  ac_page_add_match(p, &m);
  o.rel_path = "blog/a.html";
  cr_assert_eq(ac_rules_eval(r, p, &o, &e), 0);
  cr_assert_eq(count_rule(p, "say-changes", NULL, NULL), 0);
  ac_page_free(p);
  ac_rules_free(r);
}

/* ---- what real pages showed not to be credits ---- */

Test(rules, ignores_reference_lists_comments_and_photo_captions)
{
  ac_rules *r = builtin();

  cr_assert_eq(count_matches(r, "Sources: GreatAgain, Washington Examiner / Photo credit: Carl Icahn/Facebook"), 0);
  cr_assert_eq(count_matches(r, "Source: former Minnesotan, grower of strawberries, maker of ice cream."), 0);
  cr_assert_eq(count_matches(r, "File photo of Chinese president Xi Jinping. (Reuters)"), 0);
  cr_assert_eq(count_matches(r, "Source: Amazon.co.jp"), 0);
  expect_credit(r, "PARIS (AFP) - The government said on Monday", AC_NOTICE_AGENCY, "AFP");
  expect_credit(r, "Source: \xe3\x83\x90\xe3\x83\xb3\xe3\x83\x80\xe3\x82\xa4", AC_NOTICE_SOURCE,
                "\xe3\x83\x90\xe3\x83\xb3\xe3\x83\x80\xe3\x82\xa4");   /* uncased scripts are names */
  ac_rules_free(r);
}

Test(rules, a_source_line_citing_a_home_page_or_a_document_is_not_a_credit)
{
  ac_rules *r = builtin();
  ac_page *p = blank_page("https://fandom.example/articles/box-office", "en");
  ac_notice *data = add_notice(p, AC_NOTICE_SOURCE, "Box Office Mojo", true, 2900, 2950);
  ac_notice *press = add_notice(p, AC_NOTICE_SOURCE, "Bandai", true, 2960, 2990);

  notice_link(data, add_link(p, "http://www.boxofficemojo.com/", "www.boxofficemojo.com", 2910));
  notice_link(press, add_link(p, "https://cdn.example.net/press/1000.pdf", "cdn.example.net", 2970));
  eval(r, p, NULL);
  cr_assert_eq(ac_page_finding_counts(p).errors, 0, "a PDF's host is not the credited site");
  cr_assert_eq(count_rule(p, "permission-unknown", NULL, NULL), 0, "citing data is not republishing");
  ac_page_free(p);
  ac_rules_free(r);
}

Test(rules, a_via_credit_alone_does_not_ask_for_permission)
{
  ac_rules *r = builtin();
  ac_page *p = blank_page("https://blog.example/berlin-suspect", "en");
  ac_notice *n = add_notice(p, AC_NOTICE_VIA, "Fox News", false, 3100, 3150);

  notice_link(n, add_link(p, "http://www.foxnews.com/world/2016/12/23/story.html", "www.foxnews.com", 3110));
  eval(r, p, NULL);
  cr_assert_eq(count_rule(p, "permission-unknown", NULL, NULL), 0);
  cr_assert_eq(ac_page_finding_counts(p).errors, 0);
  ac_page_free(p);
  ac_rules_free(r);
}

Test(rules, an_original_on_the_page_own_site_is_not_an_unattributed_copy)
{
  ac_rules *r = builtin();
  ac_page *p = blank_page("https://www.vulture.com/2016/09/story.html", "en");

  add_match(p, "http://www.vulture.com/2016/08/story.html", "www.vulture.com", NULL, AC_COPY_VERBATIM);
  eval(r, p, NULL);
  cr_assert_eq(count_rule(p, "unattributed-copy", NULL, NULL), 0);
  cr_assert_eq(count_rule(p, "permission-unknown", NULL, NULL), 0);
  ac_page_free(p);
  ac_rules_free(r);
}

Test(rules, a_kept_title_may_drop_the_original_site_name)
{
  ac_rules *r = NULL;
  ac_error e = {0};
  ac_match m = {0};
  const char *titles[] = {"Harbour cranes return - Bay Wire", "Old cranes to go"};

  cr_assert_eq(ac_rules_new(&r, &e), 0);
  cr_assert_eq(add_text(r, user_pack, &e), 0, "%s", e.msg);
  for (size_t i = 0; i < 2; i++) {
    ac_page *p = blank_page("https://baywire.example/cranes", "en");
    const ac_finding *f;
    size_t n;
    m.url = "https://tidewatch.example/cranes";
    m.host = "tidewatch.example";
    m.title = "Harbour cranes return | Tidewatch";
    m.site_name = "Tidewatch";
    m.original_coverage = 1.0;
    m.cls = AC_COPY_VERBATIM;
    m.copied_tokens = 300;
    ac_page_add_match(p, &m);
    p->facts.title = titles[i];
    eval(r, p, NULL);
    cr_assert_eq(count_rule(p, "same-title", NULL, NULL), i, "title \"%s\"", titles[i]);
    f = ac_page_findings(p, &n);
    for (size_t k = 0; k < n; k++)
      if (strcmp(f[k].rule, "same-title") == 0)
        cr_assert(strstr(f[k].message, "\"Harbour cranes return\"") != NULL, "%s", f[k].message);
    ac_page_free(p);
  }
  ac_rules_free(r);
}

Test(rules, a_copied_cc_original_without_license_is_reported_once)
{
  ac_rules *r = builtin();
  ac_page *p = blank_page("https://baywire.example/cranes", "en");
  ac_notice *n = add_notice(p, AC_NOTICE_ORIGINALLY_PUBLISHED, "Tidewatch", false, 3100, 3150);

  notice_link(n, add_link(p, "https://tidewatch.example/cranes", "tidewatch.example", 3110));
  add_match(p, "https://tidewatch.example/cranes", "tidewatch.example", "CC-BY-4.0", AC_COPY_VERBATIM);
  eval(r, p, NULL);
  cr_assert_eq(count_rule(p, "license-notice-missing", NULL, NULL), 1);
  cr_assert_eq(count_rule(p, "cc-license-notice", NULL, NULL), 0, "the same problem, reported once");
  ac_page_free(p);
  ac_rules_free(r);
}

Test(rules, a_source_line_left_out_of_the_article_text_is_a_caption)
{
  ac_rules *r = builtin();

  for (int in_text = 0; in_text < 2; in_text++) {
    ac_page *p = blank_page("https://blog.example/future-of-ai", "en");
    ac_notice *n = add_notice(p, AC_NOTICE_SOURCE, "DARPA Cyber Grand Challenge", true, 2000, 2040);
    n->text = "Source: DARPA Cyber Grand Challenge";
    p->facts.main_text = in_text ? "Machines that patch software. Source: DARPA Cyber Grand Challenge"
                                 : "Machines that patch software. Cybersecurity is another challenge.";
    p->facts.main_len = strlen(p->facts.main_text);
    eval(r, p, NULL);
    cr_assert_eq(count_rule(p, "credit-link-missing", NULL, NULL), (size_t)in_text, "%s",
                 in_text ? "a source line of the text is a credit" : "a figcaption's is not");
    ac_page_free(p);
  }
  ac_rules_free(r);
}
