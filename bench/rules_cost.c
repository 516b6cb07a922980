/*
 * Rule evaluation cost against extraction, in one run on the same pages:
 * ac_rules_eval (every built-in rule) as a share of ac_page_extract (which
 * includes notice phrasing matching), first as `check` runs it without an
 * index, then again with one synthetic index match per page, so that the
 * index and Creative Commons rules and a policy pack all run. Also shows the
 * phrasings' cost: every phrasing matched once over the page's visible text
 * (extraction matches them block by block, so this is an estimate). Target:
 * eval < 5 % of extraction. CPU time of this thread, best of ROUNDS rounds.
 *   rules_cost ROUNDS FILE...
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "attrcheck.h"

static double now(void)
{
  struct timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static ac_rules *rules_load(void)
{
  ac_rules *r = NULL;
  ac_error err = {0};

  if (ac_rules_new(&r, &err) < 0 || ac_rules_add_defaults(r, getenv("ATTRCHECK_RULES_DIR"), &err) < 0) {
    fprintf(stderr, "rules_cost: %s\n", err.msg);
    exit(2);
  }
  return r;
}

/* A copy of an ND original, lightly edited: the index rules all have work to do. */
static void add_match(ac_page *page)
{
  ac_match m = {0};

  m.url = "https://theconversation.com/a-story-123456";
  m.host = "theconversation.com";
  m.title = "A story | The Conversation";
  m.site_name = "The Conversation";
  m.license = "CC-BY-ND-4.0";
  m.original_coverage = 0.8;
  m.page_coverage = 0.7;
  m.cls = AC_COPY_LIGHTLY_EDITED;
  m.copied_tokens = 400;
  ac_page_add_match(page, &m);
}

typedef struct totals {
  double phrases, extract, eval, eval_matched;
  size_t pages, findings, findings_matched;
} totals;

/* One round over every file; a page that fails to load or extract is skipped. */
static void round_once(ac_rules *rules, char **files, int n, totals *t)
{
  ac_eval_options o = AC_EVAL_OPTIONS_INIT;
  ac_error err = {0};

  for (int i = 0; i < n; i++) {
    ac_page *page = NULL;
    ac_phrase_match pm[64];
    double t0, t1, t2, t3, t4;   /* t4: the matched eval's duration */
    size_t nf, nm;
    if (ac_page_load_file(&page, files[i], NULL, &err) < 0)
      continue;
    t0 = now();
    int rc = ac_page_extract(page, rules, NULL, &err);
    t1 = now();
    if (rc == 0) {
      const ac_facts *f = ac_page_facts(page);
      o.rel_path = files[i];
      t2 = now();
      ac_rules_eval(rules, page, &o, &err);
      t3 = now();
      ac_page_findings(page, &nf);
      add_match(page);
      t4 = now();
      ac_rules_eval(rules, page, &o, &err);     /* findings add up: counted apart */
      t4 = now() - t4;
      ac_page_findings(page, &nm);
      double t5 = now();
      if (f->visible_text != NULL)
        ac_rules_match_notices(rules, f->visible_text, f->visible_len, pm, AC_COUNT(pm));
      t->phrases += now() - t5;
      t->extract += t1 - t0;
      t->eval += t3 - t2;
      t->eval_matched += t4;
      t->pages++;
      t->findings += nf;
      t->findings_matched += nm - nf;
    }
    ac_page_free(page);
  }
}

int main(int argc, char **argv)
{
  int rounds = argc > 1 ? atoi(argv[1]) : 0;
  ac_rules *rules;
  totals best = {0};

  if (rounds < 1 || argc < 3) {
    fprintf(stderr, "usage: rules_cost ROUNDS FILE...\n");
    return 2;
  }
  rules = rules_load();
  for (int r = 0; r < rounds; r++) {
    totals t = {0};
    round_once(rules, argv + 2, argc - 2, &t);
    if (r == 0 || t.extract + t.eval + t.eval_matched < best.extract + best.eval + best.eval_matched)
      best = t;
  }
  if (best.pages == 0 || best.extract <= 0.0) {
    fprintf(stderr, "rules_cost: no page could be extracted\n");
    return 2;
  }
  printf("pages                  %zu, %zu rules: %zu findings; %zu with one synthetic index match each\n",
         best.pages, ac_rules_count(rules), best.findings, best.findings_matched);
  printf("extract (with rules)   %8.1f ms  %7.3f ms/page\n", best.extract * 1e3,
         best.extract * 1e3 / (double)best.pages);
  printf("  phrasings (estimate) %8.1f ms  %5.1f %% of extraction\n", best.phrases * 1e3,
         100.0 * best.phrases / best.extract);
  printf("rules eval             %8.1f ms  %7.3f ms/page\n", best.eval * 1e3,
         best.eval * 1e3 / (double)best.pages);
  printf("rules eval, matched    %8.1f ms  %7.3f ms/page\n", best.eval_matched * 1e3,
         best.eval_matched * 1e3 / (double)best.pages);
  printf("eval / extract         %8.2f %%   (target < 5 %%): %s\n", 100.0 * best.eval / best.extract,
         best.eval < 0.05 * best.extract ? "ok" : "OVER");
  printf("eval / extract, matched%8.2f %%   (target < 5 %%): %s\n",
         100.0 * best.eval_matched / best.extract,
         best.eval_matched < 0.05 * best.extract ? "ok" : "OVER");
  ac_rules_free(rules);
  return 0;
}
