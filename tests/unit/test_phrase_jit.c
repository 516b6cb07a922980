/*
 * Notice phrasings are JIT-compiled only after they have been tried on
 * enough blocks (src/rules/phrase.c): the matches must be the same before
 * and after, from one thread or many at once.
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <string.h>

#include "attrcheck.h"

static const char block[] =
  "Copyright for syndicated content belongs to the linked Source : FredZone \xe2\x80\x93 "
  "https://www.fredzone.org/a. Source : The Verge. Originally published by Example Wire.";

static ac_rules *load(void)
{
  ac_rules *rules = NULL;
  ac_error err = {0};

  cr_assert_eq(ac_rules_new(&rules, &err), 0, "%s", err.msg);
  cr_assert_eq(ac_rules_add_defaults(rules, NULL, &err), 0, "%s", err.msg);
  return rules;
}

static int match(const ac_rules *rules, ac_phrase_match *out)
{
  return ac_rules_match_notices(rules, block, sizeof block - 1, out, 16);
}

Test(phrase_jit, matches_are_the_same_before_and_after_jit)
{
  ac_rules *rules = load();
  ac_phrase_match first[16], again[16];
  int n = match(rules, first);

  cr_assert_geq(n, 2, "the block holds notices");
  for (int i = 0; i < 1000; i++) {          /* far past the JIT threshold */
    cr_assert_eq(match(rules, again), n, "round %d", i);
    for (int k = 0; k < n; k++) {
      cr_assert_str_eq(again[k].phrase, first[k].phrase);
      cr_assert_eq(again[k].start, first[k].start);
      cr_assert_eq(again[k].credit_start, first[k].credit_start);
      cr_assert_eq(again[k].credit_end, first[k].credit_end);
    }
  }
  ac_rules_free(rules);
}

typedef struct worker {
  const ac_rules *rules;
  int expected, wrong;
} worker;

static void *run(void *arg)
{
  worker *w = arg;
  ac_phrase_match out[16];

  for (int i = 0; i < 300; i++)
    w->wrong += match(w->rules, out) != w->expected;
  return NULL;
}

Test(phrase_jit, threads_sharing_rules_agree_while_jit_happens)
{
  ac_rules *rules = load();
  ac_phrase_match out[16];
  pthread_t t[4];
  worker w[4];
  int expected;

  /* a fresh rule set: the threshold is crossed while the four threads run */
  ac_rules_free(rules);
  rules = load();
  expected = match(rules, out);
  for (int i = 0; i < 4; i++) {
    w[i] = (worker){rules, expected, 0};
    cr_assert_eq(pthread_create(&t[i], NULL, run, &w[i]), 0);
  }
  for (int i = 0; i < 4; i++) {
    pthread_join(t[i], NULL);
    cr_assert_eq(w[i].wrong, 0);
  }
  ac_rules_free(rules);
}
