/*
 * rules: pack loading (schema, file:line errors, hostile XML), notice
 * phrasings, the source registry and the rules command. Evaluation over
 * hand-built facts is in test_rules_eval.c (the same suite).
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

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

Test(rules, an_asset_host_must_be_a_bare_domain)
{
  ac_error e = {0};

  cr_assert_eq(load_fixture("rules/valid/house-cdn-and-supersedes.xml", &e), 0, "%s", e.msg);
  cr_assert_eq(load_fixture("rules/invalid/bad-asset-host.xml", &e), AC_EINVALID);
  cr_assert(strstr(e.msg, "bad-asset-host.xml:5:") != NULL, "%s", e.msg);
}

Test(rules, refuses_doctype_entities_and_billion_laughs, .timeout = 300)
{
  ac_error e = {0};

  cr_assert_eq(load_fixture("rules/invalid/billion-laughs.xml", &e), AC_EINVALID);
  cr_assert_eq(load_fixture("rules/invalid/external-entity.xml", &e), AC_EINVALID);
  cr_assert(strstr(e.msg, "passwd") == NULL && strstr(e.msg, "root:") == NULL, "%s", e.msg);
}

/*
 * libxml2 2.9 compares each attribute of a tag with every earlier one: 300,000
 * of them took 13 minutes. They are counted before libxml2 sees the pack; the
 * same count inside a comment or an attribute value is only text.
 */
Test(rules, refuses_an_element_with_too_many_attributes, .timeout = 300)
{
  static const char head[] = "<pack name=\"a\" version=\"1\"";
  size_t n = 300000, len = sizeof head - 1 + n * 11 + 3;
  char *xml = malloc(len + 1), *at;
  ac_rules *r = NULL;
  ac_error e = {0};

  cr_assert_not_null(xml);
  at = xml + (sizeof head - 1);
  memcpy(xml, head, sizeof head - 1);
  for (size_t i = 0; i < n; i++, at += 11)
    snprintf(at, 12, " a%06zu=\"\"", i);
  memcpy(at, "/>\n", 4);
  ac_rules_new(&r, &e);
  cr_assert_eq(ac_rules_add_buffer(r, "crowded.xml", xml, strlen(xml), &e), AC_ELIMIT, "%s",
               e.msg);
  cr_assert_str_eq(e.msg, "crowded.xml:1: more than 256 attributes on one element");
  ac_rules_free(r);
  free(xml);

  /* 300 '=' in a comment, in CDATA and in text are not attributes */
  char text[4096], eqs[301];
  memset(eqs, '=', 300);
  eqs[300] = '\0';
  snprintf(text, sizeof text,
           "<!-- <x %s> --><pack name=\"a\" version=\"1\"><description><![CDATA[<y %s>]]> "
           "%s</description></pack>", eqs, eqs, eqs);
  r = NULL;
  ac_rules_new(&r, &e);
  cr_assert_eq(add_text(r, text, &e), 0, "%s", e.msg);
  ac_rules_free(r);
}

/*
 * A FIFO blocks whoever opens it for reading: if libxml2 tried to fetch the
 * entity, the DTD or the schema location, the test would hang and time out.
 */
Test(rules, never_opens_files_named_by_a_pack, .timeout = 300)
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

Test(rules, via_credits_a_publication_name_not_code_or_prose)
{
  ac_rules *r = builtin();

  expect_credit(r, "(via Reuters)", AC_NOTICE_VIA, "Reuters");
  expect_credit(r, "Via: TechCrunch.com", AC_NOTICE_VIA, "TechCrunch.com");
  expect_credit(r, "\xe2\x80\x94 via U.S. Census Bureau", AC_NOTICE_VIA, "U.S. Census Bureau");
  expect_credit(r, "(via Bank of England)", AC_NOTICE_VIA, "Bank of England");
  cr_assert_eq(count_matches(r, "consumed only by the standard library (via Termination::report()). "
                                "For forwards compatibility"), 0, "code is not a name");
  cr_assert_eq(count_matches(r, "dereferences to T (via the Deref trait), so you can"), 0);
  cr_assert_eq(count_matches(r, "(via foo_bar())"), 0);
  cr_assert_eq(count_matches(r, "via Reuters reported the rally"), 0, "a name running on is prose");
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

/* The heuristic alone: a rule set without the registry. */
static bool heuristic(const char *name, const char *host)
{
  ac_rules *r = NULL;
  ac_error e = {0};
  bool m;

  cr_assert_eq(ac_rules_new(&r, &e), 0);
  m = ac_rules_name_matches_host(r, name, host);
  ac_rules_free(r);
  return m;
}

Test(rules, names_match_their_initials_transliterations_and_subdomains_without_the_registry)
{
  cr_assert(heuristic("The Wall Street Journal", "www.wsj.com"), "initials of every word");
  cr_assert(heuristic("Agence France-Presse", "www.afp.com"));
  cr_assert(heuristic("Frankfurter Allgemeine Zeitung", "www.faz.net"));
  cr_assert(heuristic("The New York Times", "www.nytimes.com"), "initials, then the last word");
  cr_assert(heuristic("Los Angeles Times", "www.latimes.com"));
  cr_assert(heuristic("S\xc3\xbc" "ddeutsche Zeitung", "www.sueddeutsche.de"), "\xc3\xbc as ue");
  cr_assert(heuristic("G\xc3\xb6ttinger Tageblatt", "www.goettinger-tageblatt.de"));
  cr_assert(heuristic("M\xc3\xbcnchen", "muenchen.de"));
  cr_assert(heuristic("Le T\xc3\xa9l\xc3\xa9gramme", "www.letelegramme.fr"), "accents still stripped");
  cr_assert(heuristic("Yahoo News", "news.yahoo.com"), "a name word is a subdomain");
  cr_assert(heuristic("BBC Sport", "sport.bbc.co.uk"));
  cr_assert(heuristic("Yahoo News", "www.yahoo.com"), "the domain plus a generic word");
  cr_assert_not(heuristic("Yahoo News", "news.google.com"));
  cr_assert_not(heuristic("Google News", "news.yahoo.com"));
  cr_assert_not(heuristic("New York", "www.ny.com"), "two initials are too few");
  cr_assert_not(heuristic("The Guardian", "www.nytimes.com"));
  cr_assert_not(heuristic("Wall Street Journal", "www.wsjnews.example"));
  cr_assert_not(heuristic("Suddeutsche Zeitung", "www.sueddeutsche.de"), "no umlaut, no ue");
}

Test(rules, the_registry_knows_publishers_whose_names_do_not_look_like_their_domains)
{
  ac_rules *r = builtin();

  cr_assert(ac_rules_name_matches_host(r, "WSJ", "www.wsj.com"));
  cr_assert(ac_rules_name_matches_host(r, "The New York Times", "nyti.ms"), "a publisher's shortener");
  cr_assert(ac_rules_name_matches_host(r, "Sueddeutsche Zeitung", "sz.de"));
  cr_assert_eq(ac_rules_source_by_name(r, "Sueddeutsche Zeitung"),
               ac_rules_source_by_name(r, "S\xc3\xbc" "ddeutsche Zeitung"), "both spellings");
  cr_assert(ac_rules_name_matches_host(r, "Yahoo Finance", "finance.yahoo.com"));
  cr_assert_not(ac_rules_name_matches_host(r, "WSJ", "www.nytimes.com"));
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

/* ---- the rules command ---- */

Test(rules, cli_lists_every_rule_with_severity_and_pack)
{
  const char *argv[] = {"rules", "list", NULL};
  run_result r = run_cli(argv, NULL, 0);

  cr_assert_eq(r.status, 0, "%s", r.err);
  cr_assert_eq(count_lines_with(r.out, "credit-link-mismatch  "), 1);
  cr_assert_eq(count_lines_with(r.out, " core "), 17);   /* 12 + the five --fetch rules */
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

Test(rules, cli_explain_names_what_a_rule_supersedes_and_what_supersedes_it)
{
  const char *cc[] = {"rules", "explain", "cc-license-notice", NULL};
  const char *core[] = {"rules", "explain", "notice-missing", NULL};
  run_result r = run_cli(cc, NULL, 0), c = run_cli(core, NULL, 0);

  cr_assert_eq(r.status, 0, "%s", r.err);
  cr_assert(strstr(r.out, "Supersedes") != NULL && strstr(r.out, "permission-unknown") != NULL,
            "%s", r.out);
  cr_assert_eq(c.status, 0, "%s", c.err);
  cr_assert(strstr(c.out, "Superseded by") != NULL, "%s", c.out);
  cr_assert(strstr(c.out, "propublica-credit-line (pack propublica)") != NULL, "%s", c.out);
  run_result_free(&r);
  run_result_free(&c);
}

Test(rules, cli_explain_tells_a_note_code_from_a_rule)
{
  const char *argv[] = {"rules", "explain", "canonical-unresolved", NULL};
  run_result r = run_cli(argv, NULL, 0);

  cr_assert_eq(r.status, 0, "%s", r.err);
  cr_assert(strstr(r.out, "not a rule") != NULL && strstr(r.out, "--url") != NULL, "%s", r.out);
  cr_assert_not_null(ac_note_explain("limit-findings"));
  cr_assert_null(ac_note_explain("no-such-note"));
  run_result_free(&r);
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

/* ---- attrcheck.xml ---- */

static int load_config_text(const char *xml, ac_config **cfg, ac_error *err)
{
  char *dir = temp_dir(), path[512];
  int rc;

  snprintf(path, sizeof path, "%s/attrcheck.xml", dir);
  cr_assert_eq(write_file(path, xml, strlen(xml)), 0);
  rc = ac_config_load_file(cfg, path, err);
  unlink(path);
  rmdir(dir);
  free(dir);
  return rc;
}

Test(rules, config_base_url_that_is_not_absolute_is_refused_with_its_line)
{
  ac_config *cfg = NULL;
  ac_error e = {0};

  cr_assert_eq(load_config_text("<attrcheck version=\"1\">\n\n  <base-url>notaurl</base-url>\n"
                                "</attrcheck>\n", &cfg, &e), AC_EINVALID);
  cr_assert(strstr(e.msg, "attrcheck.xml:3: <base-url>: not an absolute http(s) URL") != NULL,
            "%s", e.msg);
  cr_assert_null(cfg);
}

Test(rules, config_policies_keep_the_line_they_are_written_on)
{
  ac_config *cfg = NULL;
  ac_error e = {0};

  cr_assert_eq(load_config_text("<attrcheck version=\"1\">\n  <policy path=\"a/*\" name=\"nope\"/>\n"
                                "</attrcheck>\n", &cfg, &e), 0, "%s", e.msg);
  cr_assert_eq(cfg->n_policies, 1);
  cr_assert_eq(cfg->policies[0].line, 2);
  ac_config_free(cfg);
}

/* Wire datelines as German, Spanish and Catholic agencies write them (issue 14). */
Test(rules, reads_wire_datelines_with_regional_desks_dates_and_trailing_agencies)
{
  ac_rules *r = builtin();

  expect_credit(r, "Hamburg (dpa/lno) \xe2\x80\x93 Der Hafen hat die letzten Kr\xc3\xa4ne abgebaut.",
                AC_NOTICE_AGENCY, "dpa");
  expect_credit(r, "Madrid (EFE).- El puerto ha desmontado las gr\xc3\xbas.", AC_NOTICE_AGENCY, "EFE");
  expect_credit(r, "Bonn (KNA 19.11.21) Die Bisch\xc3\xb6" "fe haben sich getroffen.", AC_NOTICE_AGENCY, "KNA");
  expect_credit(r, "Die Arbeiten sollen im Fr\xc3\xbchjahr beginnen und bis zum Herbst dauern, "
                   "sagte ein Sprecher der Hafenbeh\xc3\xb6rde am Dienstag. (dpa)", AC_NOTICE_AGENCY, "dpa");
  ac_rules_free(r);
}

/* Payment methods, feeds and addresses after "via" are how, not who (issue 14). */
Test(rules, via_a_payment_method_feed_or_address_is_no_credit)
{
  ac_rules *r = builtin();

  cr_assert_eq(count_matches(r, "Bezahlen Sie bequem via PayPal."), 0);
  cr_assert_eq(count_matches(r, "Zahlung (via Direkt\xc3\xbc" "berweisung)"), 0);
  cr_assert_eq(count_matches(r, "New posts (via RSS)"), 0);
  cr_assert_eq(count_matches(r, "Reached the dashboard (via 127.0.0.1)"), 0);
  expect_credit(r, "Rally in the square (via Harbour Gazette)", AC_NOTICE_VIA, "Harbour Gazette");
  ac_rules_free(r);
}

/* German republication notes (issue 14). */
Test(rules, reads_german_first_published_crosspost_and_free_reprint_notes)
{
  ac_rules *r = builtin();
  ac_phrase_match m[8];
  int k = ac_rules_match_notices(r, "Nachdruck honorarfrei.", 22, m, 8);

  expect_credit(r, "Der Beitrag ist zun\xc3\xa4" "chst im Tagesspiegel erschienen.", AC_NOTICE_FIRST_APPEARED,
                "Tagesspiegel");
  expect_credit(r, "Crosspost von Hafenblog", AC_NOTICE_FIRST_APPEARED, "Hafenblog");
  cr_assert_eq(k, 1);
  cr_assert(m[0].permission, "a free reprint is a permission");
  cr_assert_eq(count_matches(r, "Quelle: Foto Jane Doe"), 0, "a picture's credit");
  ac_rules_free(r);
}

/* A table's data source and the site's own print edition are not credits (issue 14). */
Test(rules, data_sources_and_print_editions_are_no_credits)
{
  ac_rules *r = builtin();

  cr_assert_eq(count_matches(r, "Quelle: Statistisches Bundesamt (Stand: 2023)"), 0);
  cr_assert_eq(count_matches(r, "Source: Bureau of Labor Statistics (as of May 2024)"), 0);
  cr_assert_eq(count_matches(r, "Quelle: Heft 12/2013"), 0);
  expect_credit(r, "Quelle: Tagesspiegel", AC_NOTICE_SOURCE, "Tagesspiegel");
  ac_rules_free(r);
}

/* Wikipedia's reuse sentence credits Wikipedia (issue 14). */
Test(rules, reads_the_wikipedia_attribution_sentence)
{
  ac_rules *r = builtin();

  expect_credit(r, "This article uses material from the Wikipedia article \"Harbour crane\", which is "
                   "released under the Creative Commons Attribution-Share-Alike License 4.0.",
                AC_NOTICE_REPUBLISHED, "Wikipedia");
  ac_rules_free(r);
}

/* An embedder's own libxml2 settings, which loading a pack must leave as they are. */
static xmlParserInputPtr embedder_loader(const char *url, const char *id, xmlParserCtxtPtr c)
{
  (void)url;
  (void)id;
  (void)c;
  return NULL;
}

static int embedder_errors_seen;

static void embedder_errors(void *ctx, xmlErrorPtr e)
{
  (void)ctx;
  (void)e;
  embedder_errors_seen++;
}

/* Loading packs, good and broken, changes no process-wide libxml2 setting of the program. */
Test(rules, leaves_the_programs_libxml2_settings_alone)
{
  xmlExternalEntityLoader before = xmlGetExternalEntityLoader();
  ac_rules *r = NULL;
  ac_error e;

  xmlSetExternalEntityLoader(embedder_loader);
  xmlSetStructuredErrorFunc(&embedder_errors_seen, embedder_errors);
  cr_assert_eq(ac_rules_new(&r, &e), 0);
  cr_assert_eq(ac_rules_add_defaults(r, NULL, &e), 0, "%s", e.msg);
  cr_assert_lt(add_text(r, "<pack version=\"1\"><broken", &e), 0);
  cr_assert_lt(add_text(r, "<!DOCTYPE p [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><p>&x;</p>", &e),
               0);
  cr_assert(xmlGetExternalEntityLoader() == embedder_loader);
  cr_assert(xmlStructuredError == embedder_errors);
  cr_assert_eq(embedder_errors_seen, 0, "the pack's errors went to the program's handler");
  xmlSetStructuredErrorFunc(NULL, NULL);
  xmlSetExternalEntityLoader(before);
  ac_rules_free(r);
}
