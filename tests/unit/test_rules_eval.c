/*
 * rules (evaluation): rule evaluation over hand-built facts, so these tests
 * do not depend on extraction: credits and links, republication, upstream
 * and policy selection, index matches, suppressions, baselines, user packs.
 * test_rules.c holds pack loading, phrasings, the registry and the CLI.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

Test(rules, suppression_of_a_mistyped_rule_is_reported_with_the_nearest_id)
{
  ac_rules *r = builtin();
  ac_page *p = seed_page("Le Monde", true);
  size_t n = 0;

  p->facts.suppressions[0].rule = "credit-link-mismach";
  p->facts.suppressions[0].reason = "registry out of date";
  p->facts.suppressions[0].span.start = 2205;
  p->facts.suppressions[0].span.end = 2500;
  p->facts.n_suppressions = 1;
  eval(r, p, NULL);
  cr_assert_eq(ac_page_finding_counts(p).errors, 1, "the mismatch is not suppressed");
  cr_assert_eq(count_rule(p, "suppression-unknown-rule", NULL, NULL), 1);
  for (const ac_finding *f = ac_page_findings(p, &n); n > 0; f++, n--)
    if (strcmp(f->rule, "suppression-unknown-rule") == 0)
      cr_assert(strstr(f->message, "did you mean credit-link-mismatch?") != NULL, "%s", f->message);
  ac_page_free(p);
  ac_rules_free(r);
}

Test(rules, a_forced_policy_speaks_of_its_publisher_when_the_page_credits_another)
{
  ac_rules *r = builtin();
  ac_page *p = seed_page("FredZone", true);
  size_t n = 0, pixel = 0;

  eval(r, p, "propublica");
  for (const ac_finding *f = ac_page_findings(p, &n); n > 0; f++, n--) {
    if (strncmp(f->rule, "propublica-", 11) != 0)
      continue;
    cr_assert(strstr(f->message, "FredZone") == NULL, "%s: %s", f->rule, f->message);
    pixel += strcmp(f->rule, "propublica-pixel") == 0 && strstr(f->message, "ProPublica");
  }
  cr_assert_eq(pixel, 1, "no tracking pixel of ProPublica");
  cr_assert_eq(count_rule(p, "cc-license-notice", NULL, NULL), 0,
               "the policy names whom its rules speak of; it does not relicense the page");
  cr_assert_eq(count_rule(p, "permission-unknown", NULL, NULL), 1, "the facts stay as found");
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

Test(rules, the_same_text_indexed_under_the_credited_site_explains_the_copy)
{
  ac_rules *r = builtin();
  ac_page *p = seed_page("FredZone", true);
  ac_passage whole = {.copy_start = 100, .copy_end = 2900};
  ac_match le_monde = {.url = "https://www.lemonde.fr/article", .host = "www.lemonde.fr",
                       .original_coverage = 1.0, .page_coverage = 0.9, .cls = AC_COPY_VERBATIM,
                       .copied_tokens = 600, .passages = &whole, .n_passages = 1};
  ac_match fredzone = le_monde;
  size_t n = 0;

  fredzone.url = "https://www.fredzone.org/ancien-pdg-openai-microsoft-rcj753";
  fredzone.host = "www.fredzone.org";
  cr_assert_eq(ac_page_add_match(p, &le_monde), 0);   /* ranked first by the index */
  cr_assert_eq(ac_page_add_match(p, &fredzone), 0);
  eval(r, p, NULL);
  cr_assert_eq(count_rule(p, "misattributed-copy", NULL, NULL), 0);
  cr_assert_str_eq(ac_page_matches(p, &n)[0].host, "www.fredzone.org",
                   "the credited original comes first, for the audit's matched_original");
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

static void add_finding(ac_page *p, const char *rule, const char *evidence, uint32_t at)
{
  ac_finding f = {.rule = rule, .severity = AC_SEV_ERROR, .message = "m", .evidence = evidence,
                  .span = {at, at + 1}};
  cr_assert_eq(ac_page_add_finding(p, &f), 0);
}

Test(rules, baseline_entry_covers_as_many_findings_as_were_recorded)
{
  ac_page *before = blank_page("https://example.org/a", "en"), *after;
  ac_baseline *b = NULL;
  ac_error e = {0};
  ac_finding_counts c;

  add_finding(before, "credit-link-missing", "Le Monde", 10);   /* known once */
  cr_assert_eq(ac_baseline_new(&b, &e), 0);
  cr_assert_eq(ac_baseline_record(b, "a.html", before, &e), 0);

  after = blank_page("https://example.org/a", "en");
  add_finding(after, "credit-link-missing", "Le  MONDE", 50);   /* same key: case and spaces fold */
  add_finding(after, "credit-link-missing", "Le Monde", 90);    /* a second one is new */
  add_finding(after, "credit-link-missing", "FredZone", 120);   /* another credit is new */
  cr_assert_eq(ac_baseline_apply(b, "a.html", after), 1);
  c = ac_page_finding_counts(after);
  cr_assert_eq(c.errors, 2);
  cr_assert_eq(c.suppressed, 1);
  cr_assert(ac_page_findings(after, &(size_t){0})[0].suppressed, "the first in page order is the known one");
  cr_assert_eq(ac_baseline_apply(b, "a.html", after), 0, "applying again marks nothing new");
  ac_baseline_free(b);
  ac_page_free(before);
  ac_page_free(after);
}

static bool only_a_checked(const char *path, void *ctx)
{
  (void)ctx;
  return strcmp(path, "a.html") == 0;
}

Test(rules, carrying_a_baseline_keeps_only_the_pages_not_checked_again)
{
  ac_page *a = blank_page("https://example.org/a", "en");
  ac_page *b = blank_page("https://example.org/b", "en");
  ac_baseline *old = NULL, *now = NULL;
  ac_error e = {0};

  add_finding(a, "credit-link-missing", "Le Monde", 10);
  add_finding(b, "credit-link-missing", "Reuters", 10);
  add_finding(b, "credit-link-missing", "Reuters", 20);
  cr_assert_eq(ac_baseline_new(&old, &e), 0);
  cr_assert_eq(ac_baseline_record(old, "a.html", a, &e), 0);
  cr_assert_eq(ac_baseline_record(old, "b.html", b, &e), 0);
  cr_assert_eq(ac_baseline_new(&now, &e), 0);     /* a.html checked again, now clean */
  cr_assert_eq(ac_baseline_carry(now, old, only_a_checked, NULL, &e), 0);
  cr_assert_eq(ac_baseline_count(now), 2, "b.html's two entries are kept, a.html's dropped");
  cr_assert_eq(ac_baseline_apply(now, "b.html", b), 2);
  cr_assert_eq(ac_baseline_apply(now, "a.html", a), 0);
  cr_assert_eq(ac_baseline_stale(old, now, only_a_checked, NULL), 1,
               "a.html's Le Monde entry excuses nothing any more; b.html was not checked");
  ac_baseline_free(old);
  ac_baseline_free(now);
  ac_page_free(a);
  ac_page_free(b);
}

Test(rules, a_baseline_from_before_mismatch_evidence_named_the_host_still_applies)
{
  ac_page *p = blank_page("https://example.org/a", "en");
  char *dir = temp_dir(), path[512];
  ac_baseline *b = NULL;
  ac_error e = {0};
  static const char old[] = "# attrcheck baseline 1: rule<TAB>path<TAB>evidence\n"
                            "credit-link-mismatch\ta.html\tthe guardian\n";

  snprintf(path, sizeof path, "%s/b.txt", dir);
  cr_assert_eq(write_file(path, old, sizeof old - 1), 0);
  cr_assert_eq(ac_baseline_load(&b, path, &e), 0, "%s", e.msg);
  add_finding(p, "credit-link-mismatch", "The Guardian -> www.nytimes.com", 10);
  cr_assert_eq(ac_baseline_apply(b, "a.html", p), 1);
  ac_baseline_free(b);
  ac_page_free(p);
  unlink(path);
  rmdir(dir);
  free(dir);
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

Test(rules, a_link_to_a_cdn_or_file_host_is_not_judged_as_the_credit_link)
{
  ac_rules *r = builtin();
  ac_page *p = blank_page("https://www.gizmodo.example/toy", "ja");
  ac_notice *press = add_notice(p, AC_NOTICE_SOURCE, "\xe3\x83\x90\xe3\x83\xb3\xe3\x83\x80\xe3\x82\xa4",
                                true, 2900, 2950);
  ac_notice *photo = add_notice(p, AC_NOTICE_ORIGINALLY_PUBLISHED, "Harbour Gazette", false, 3100, 3150);

  notice_link(press, add_link(p, "https://bandai-a.akamaihd.net/corp/press/1000", "bandai-a.akamaihd.net", 2910));
  notice_link(photo, add_link(p, "https://d111.cloudfront.net/story/1", "d111.cloudfront.net", 3110));
  notice_link(photo, add_link(p, "https://harbourgazette.example/story", "harbourgazette.example", 3120));
  eval(r, p, NULL);
  cr_assert_eq(count_rule(p, "credit-link-mismatch", NULL, NULL), 0, "a CDN is nobody's name");
  cr_assert_eq(count_rule(p, "credit-link-missing", NULL, NULL), 0, "the press kit line is a reference");
  cr_assert_str_eq(ac_page_attribution(p)->source_link, "https://harbourgazette.example/story");
  ac_page_free(p);
  ac_rules_free(r);
}

Test(rules, via_inside_a_sentence_is_prose_unless_linked_to_the_name)
{
  ac_rules *r = builtin();
  const char *texts[] = {"consumed only by the standard library (via Termination). For forwards compatibility",
                         "Rally in the square (via Harbour Gazette)."};

  for (int i = 0; i < 2; i++) {
    ac_page *p = blank_page("https://docs.example/exitcode", "en");
    ac_notice *n = add_notice(p, AC_NOTICE_VIA, i == 0 ? "Termination" : "Harbour Gazette", true, 2000, 2100);
    n->text = texts[i];
    eval(r, p, NULL);
    cr_assert_eq(count_rule(p, "credit-link-missing", NULL, NULL), (size_t)i, "%s", texts[i]);
    ac_page_free(p);
  }
  {
    ac_page *p = blank_page("https://blog.example/rally", "en");
    ac_notice *n = add_notice(p, AC_NOTICE_VIA, "Reuters", true, 2000, 2100);
    n->text = "The rally (via Reuters) drew thousands";
    notice_link(n, add_link(p, "https://www.reuters.com/world/rally", "www.reuters.com", 2010));
    eval(r, p, NULL);
    cr_assert_str_eq(ac_page_attribution(p)->credited_source, "Reuters", "a linked via is a credit");
    ac_page_free(p);
  }
  ac_rules_free(r);
}

static void add_pixel(ac_page *p, const char *url, const char *host)
{
  ac_pixel *px;

  if (p->facts.pixels == NULL)
    p->facts.pixels = ac_arena_alloc(p->arena, FACTS_MAX * sizeof(ac_pixel));
  px = &p->facts.pixels[p->facts.n_pixels++];
  px->url = url;
  px->host = host;
  px->span.start = 2900;
  px->span.end = 2990;
}

Test(rules, a_publisher_counter_pixel_selects_its_policy_without_a_credit)
{
  ac_rules *r = builtin();
  ac_page *p = blank_page("https://ours.example/news/cranes", "en");
  ac_severity sev;

  add_pixel(p, "https://counter.theconversation.com/content/1/count.gif", "counter.theconversation.com");
  eval(r, p, NULL);
  cr_assert_eq(count_rule(p, "conversation-credit-line", &sev, NULL), 1, "policy selected by the pixel");
  cr_assert_eq(sev, AC_SEV_ERROR);
  cr_assert_eq(count_rule(p, "conversation-pixel", NULL, NULL), 0, "the pixel is there");
  cr_assert_eq(count_rule(p, "notice-missing", NULL, NULL), 0, "superseded by the policy's credit line");
  cr_assert_eq(count_rule(p, "permission-unknown", NULL, NULL), 0, "superseded by cc-license-notice");
  cr_assert_eq(count_rule(p, "cc-license-notice", NULL, NULL), 1);
  ac_page_free(p);
  ac_rules_free(r);
}

Test(rules, an_analytics_pixel_or_the_publisher_own_page_selects_no_policy)
{
  ac_rules *r = builtin();
  ac_page *p = blank_page("https://ours.example/news/cranes", "en");
  ac_page *own = blank_page("https://theconversation.com/cranes-123", "en");

  add_pixel(p, "https://pixel.analytics.example/p.gif", "pixel.analytics.example");
  add_pixel(p, "https://www.nytimes.com/px.gif", "www.nytimes.com");
  eval(r, p, NULL);
  cr_assert_eq(ac_page_finding_counts(p).errors + ac_page_finding_counts(p).warnings, 0);
  add_pixel(own, "https://counter.theconversation.com/content/1/count.gif", "counter.theconversation.com");
  eval(r, own, NULL);
  cr_assert_eq(ac_page_finding_counts(own).errors + ac_page_finding_counts(own).warnings, 0);
  ac_page_free(p);
  ac_page_free(own);
  ac_rules_free(r);
}

Test(rules, a_canonical_or_feed_link_to_a_registry_publisher_selects_its_policy)
{
  ac_rules *r = builtin();

  for (int feed = 0; feed < 2; feed++) {
    ac_page *p = blank_page("https://ours.example/news/cranes", "en");
    if (feed) {
      ac_republication *rep = &p->facts.republication[p->facts.n_republication++];
      rep->name = "feed-plugin";
      rep->evidence = "Go to Source";
      rep->span.start = 2800;
      add_link(p, "https://www.propublica.org/article/cranes", "www.propublica.org", 2800);
    } else {
      p->facts.canonical = "https://www.propublica.org/article/cranes";
    }
    eval(r, p, NULL);
    cr_assert_eq(count_rule(p, "propublica-credit-line", NULL, NULL), 1, "feed %d", feed);
    cr_assert_eq(count_rule(p, "propublica-pixel", NULL, NULL), 1);
    cr_assert_eq(count_rule(p, "notice-missing", NULL, NULL), 0, "superseded");
    ac_page_free(p);
  }
  ac_rules_free(r);
}

static const char supersede_pack[] =
    "<pack name=\"house\" version=\"1\"><rules>"
    "<rule id=\"house-credit\" check=\"credit-has-link\" severity=\"%s\" supersedes=\"credit-link-missing\">"
    "<summary>s</summary></rule>"
    "</rules></pack>";

Test(rules, a_superseding_rule_reports_the_problem_once_unless_it_is_milder)
{
  const char *sev[] = {"error", "warning"};

  for (int i = 0; i < 2; i++) {
    ac_rules *r = builtin();
    ac_error e = {0};
    char xml[512];
    ac_page *p = blank_page("https://ours.example/a", "en");

    snprintf(xml, sizeof xml, supersede_pack, sev[i]);
    cr_assert_eq(add_text(r, xml, &e), 0, "%s", e.msg);
    add_notice(p, AC_NOTICE_SOURCE, "Harbour Gazette", false, 2000, 2030);   /* not an agency */
    eval(r, p, NULL);
    cr_assert_eq(count_rule(p, "house-credit", NULL, NULL), 1);
    cr_assert_eq(count_rule(p, "credit-link-missing", NULL, NULL), (size_t)i, "%s", sev[i]);
    ac_page_free(p);
    ac_rules_free(r);
  }
}

Test(rules, a_house_pack_adds_asset_hosts_and_supersedes_a_generic_rule)
{
  ac_rules *r = builtin();
  ac_error e = {0};
  char *path = fixture_path("rules/valid/house-cdn-and-supersedes.xml");
  ac_page *p = blank_page("https://ours.example/a", "en");
  ac_notice *n = add_notice(p, AC_NOTICE_ORIGINALLY_PUBLISHED, "Harbour Gazette", false, 2000, 2030);

  cr_assert_eq(ac_rules_add_file(r, path, &e), 0, "%s", e.msg);
  notice_link(n, add_link(p, "https://media.house-cdn.example/photos/cranes", "media.house-cdn.example", 2010));
  eval(r, p, NULL);
  cr_assert_eq(count_rule(p, "credit-link-mismatch", NULL, NULL), 0, "a file on the CDN is not the credit's link");
  cr_assert_eq(count_rule(p, "house-credit-link", NULL, NULL), 1, "so the credit has no link");
  cr_assert_eq(count_rule(p, "credit-link-missing", NULL, NULL), 0, "superseded by the house rule");
  free(path);
  ac_page_free(p);
  ac_rules_free(r);
}

/* Real footers: a © in an analytics script's comment came first, a photo agency's © in a caption. */
Test(rules, copyright_holder_is_the_visible_page_notice_outside_the_article)
{
  ac_rules *r = builtin();
  ac_page *p = blank_page("https://ours.example/a", "en");
  ac_notice *script = add_notice(p, AC_NOTICE_COPYRIGHT, "Omniture, Inc", false, 100, 140);
  ac_notice *photo = add_notice(p, AC_NOTICE_COPYRIGHT, "Getty Images", true, 2000, 2030);
  ac_notice *footer = add_notice(p, AC_NOTICE_COPYRIGHT, "Ours Daily Ltd", false, 9000, 9040);
  ac_notice *stats = add_notice(p, AC_NOTICE_COPYRIGHT, "STATS", false, 9100, 9120);

  script->visible = false;
  photo->scope = AC_SCOPE_FIGURE;
  stats->scope = AC_SCOPE_FIGURE;              /* a widget's data credit in a caption */
  (void)footer;
  eval(r, p, NULL);
  cr_assert_str_eq(ac_page_attribution(p)->copyright_holder, "Ours Daily Ltd");
  ac_page_free(p);
  ac_rules_free(r);
}

Test(rules, copyright_holder_is_none_when_only_a_hidden_notice_names_one)
{
  ac_rules *r = builtin();
  ac_page *p = blank_page("https://ours.example/a", "en");
  ac_notice *script = add_notice(p, AC_NOTICE_COPYRIGHT, "WebTrends Inc", false, 100, 140);

  script->visible = false;
  eval(r, p, NULL);
  cr_assert_null(ac_page_attribution(p)->copyright_holder);
  ac_page_free(p);
  ac_rules_free(r);
}
