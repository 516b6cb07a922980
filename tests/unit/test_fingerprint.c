/* fingerprint: normalisation, the ac1 digest, winnowing and passage alignment. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attrcheck/fingerprint.h"
#include "attrcheck/page.h"
#include "support.h"

static ac_fingerprint *fp_of(const char *text)
{
  ac_fingerprint *fp = NULL;
  ac_error err = {0};
  int rc = ac_fp_compute(&fp, text, strlen(text), NULL, &err);

  cr_assert_eq(rc, 0, "ac_fp_compute: %s", err.msg);
  cr_assert_eq(ac_fp_mark_quotes(fp, text, strlen(text), &err), 0, "%s", err.msg);
  return fp;
}

static void assert_same_digest(const char *a, const char *b)
{
  ac_fingerprint *fa = fp_of(a), *fb = fp_of(b);

  cr_assert_str_eq(fa->digest, fb->digest, "\"%s\" and \"%s\" differ", a, b);
  ac_fp_free(fa);
  ac_fp_free(fb);
}

/* Pseudo-articles: sentences of words drawn by a fixed LCG, so tests are stable. */
static const char *const words[] = {
  "the", "city", "council", "voted", "on", "a", "plan", "to", "build", "new", "homes",
  "near", "river", "after", "months", "of", "debate", "residents", "said", "they",
  "feared", "traffic", "and", "noise", "while", "supporters", "argued", "that", "rents",
  "would", "fall", "mayor", "called", "it", "historic", "step", "for", "region", "budget",
  "includes", "funds", "schools", "parks", "roads", "transit", "workers", "expect",
  "construction", "start", "next", "spring", "officials", "estimate", "cost", "million",
  "critics", "question", "whether", "developers", "will", "deliver", "promised", "units",
};

static char *article(unsigned seed, size_t n_words)
{
  size_t cap = n_words * 16 + 1, len = 0;
  char *s = malloc(cap);
  unsigned x = seed * 2654435761u + 1;

  for (size_t i = 0; i < n_words; i++) {
    const char *w;
    x = x * 1103515245u + 12345u;
    w = words[(x >> 16) % (sizeof words / sizeof *words)];
    len += (size_t)snprintf(s + len, cap - len, "%s%s", w, i % 13 == 12 ? ". " : " ");
  }
  s[len] = '\0';
  return s;
}

/* The first `n` words of text (byte length). */
static size_t word_prefix(const char *text, size_t n)
{
  const char *p = text;

  for (size_t i = 0; i < n && *p; i++) {
    p = strchr(p, ' ');
    if (p == NULL)
      return strlen(text);
    p++;
  }
  return (size_t)(p - text);
}

static ac_comparison *compare_texts(const char *orig, const char *copy)
{
  ac_fingerprint *fa = fp_of(orig), *fb = fp_of(copy);
  ac_comparison *c = NULL;
  ac_error err = {0};

  cr_assert_eq(ac_fp_compare(&c, fa, fb, &err), 0, "%s", err.msg);
  ac_fp_free(fa);
  ac_fp_free(fb);
  return c;
}

Test(fingerprint, quotes_dashes_case_accents_nbsp_and_line_breaks_do_not_change_the_digest)
{
  /* é written precomposed, then as e + U+0301; NBSP U+00A0; curly quotes; em dash; ellipsis */
  assert_same_digest("L\xe2\x80\x99\xc3\x89t\xc3\xa9 dernier \xe2\x80\x94 \xe2\x80\x9c"
                     "caf\xc3\xa9\xe2\x80\x9d\xc2\xa0noir\xe2\x80\xa6",
                     "l'E\xcc\x81te\xcc\x81\n\ndernier - \"CAFE\xcc\x81\" noir...");
  assert_same_digest("Hello,\r\n  WORLD!", "hello world");
}

Test(fingerprint, accents_are_kept)
{
  ac_fingerprint *a = fp_of("cafe"), *b = fp_of("caf\xc3\xa9");

  cr_assert_str_neq(a->digest, b->digest, "café and cafe must stay different words");
  ac_fp_free(a);
  ac_fp_free(b);
}

Test(fingerprint, one_changed_word_changes_the_digest)
{
  ac_fingerprint *a = fp_of("The council voted on the plan today.");
  ac_fingerprint *b = fp_of("The council voted on the plan yesterday.");

  cr_assert_str_neq(a->digest, b->digest);
  ac_fp_free(a);
  ac_fp_free(b);
}

Test(fingerprint, digest_is_sha256_of_the_normalised_words_joined_by_spaces)
{
  /* printf '%s' 'l été dernier la café strasse a 2 fois' | sha256sum */
  static const char expected[] =
    "ac1:sha256:e1355aad84d7f7a462ffc16ace872cdba4c6279192ce0d046e4c51b750f7c5a9";
  static const char text[] = "L\xe2\x80\x99\xc3\x89t\xc3\xa9 dernier \xe2\x80\x94 la CAF\xc3\x89 "
                             "Stra\xc3\x9f" "e a 2 fois\xe2\x80\xa6";
  ac_fingerprint *fp = fp_of(text);
  char *norm = ac_fp_normalized(text, strlen(text));

  cr_assert_str_eq(norm, "l \xc3\xa9t\xc3\xa9 dernier la caf\xc3\xa9 strasse a 2 fois");
  cr_assert_str_eq(fp->digest, expected);
  free(norm);
  ac_fp_free(fp);
}

Test(fingerprint, empty_text_has_the_digest_of_the_empty_string)
{
  /* printf '' | sha256sum */
  ac_fingerprint *fp = fp_of("  \xe2\x80\x94  ");

  cr_assert_str_eq(fp->digest, "ac1:sha256:"
                   "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  cr_assert_eq(fp->n_tokens, 0);
  cr_assert_eq(fp->n_hashes, 0);
  ac_fp_free(fp);
}

Test(fingerprint, tokens_keep_their_byte_spans_in_the_input)
{
  static const char text[] = "\xc2\xab" "Caf\xc3\xa9" "\xc2\xbb, dit-il";   /* «Café», dit-il */
  ac_fingerprint *fp = fp_of(text);

  cr_assert_eq(fp->n_tokens, 3);
  cr_assert_eq(fp->tokens[0].start, 2);
  cr_assert_eq(fp->tokens[0].end, 7, "Café ends at byte 7, got %u", fp->tokens[0].end);
  cr_assert_eq(fp->tokens[1].start, 11);
  cr_assert_eq(fp->tokens[2].start, 15);
  cr_assert_eq(fp->tokens[2].end, 17);
  ac_fp_free(fp);
}

Test(fingerprint, scripts_without_spaces_give_one_token_per_character)
{
  char *norm = ac_fp_normalized("\xe6\x9d\xb1\xe4\xba\xac\xe3\x82\xbf\xe3\x83\xaf" "ABC", 15);

  cr_assert_str_eq(norm, "\xe6\x9d\xb1 \xe4\xba\xac \xe3\x82\xbf \xe3\x83\xaf abc");
  free(norm);
}

Test(fingerprint, compatibility_forms_fold_to_plain_letters)
{
  /* the ligature ﬁ, full-width ＡＢ, a soft hyphen inside a word */
  assert_same_digest("\xef\xac\x81ne \xef\xbc\xa1\xef\xbc\xa2 extra\xc2\xad" "ordinary",
                     "fine ab extraordinary");
}

Test(fingerprint, invalid_utf8_separates_words_and_does_not_fail)
{
  char *norm = ac_fp_normalized("abc\xff\xfe" "def", 8);

  cr_assert_str_eq(norm, "abc def");
  free(norm);
}

Test(fingerprint, keeps_about_two_fingerprints_in_five_words)
{
  char *text = article(7, 5000);
  ac_fingerprint *fp = fp_of(text);
  double density = (double)fp->n_hashes / (double)fp->n_tokens;

  cr_assert(density > 0.3 && density < 0.5, "density %.3f", density);
  for (size_t i = 1; i < fp->n_hashes; i++)
    cr_assert_gt(fp->hashes[i].pos, fp->hashes[i - 1].pos, "positions increase");
  ac_fp_free(fp);
  free(text);
}

/* Is there a fingerprint of a shingle inside a's run [ra, ra+len) whose hash a
 * fingerprint of a shingle inside b's run [rb, rb+len) has as well? */
static bool run_shares_a_hash(const ac_fingerprint *a, uint32_t ra, const ac_fingerprint *b,
                              uint32_t rb, uint32_t len)
{
  uint32_t last = len - a->params.k;   /* the last shingle that fits in the run */

  for (size_t i = 0; i < a->n_hashes; i++) {
    if (a->hashes[i].pos < ra || a->hashes[i].pos > ra + last)
      continue;
    for (size_t j = 0; j < b->n_hashes; j++)
      if (b->hashes[j].pos >= rb && b->hashes[j].pos <= rb + last &&
          a->hashes[i].hash == b->hashes[j].hash)
        return true;
  }
  return false;
}

Test(fingerprint, any_shared_run_of_k_plus_w_minus_1_words_shares_a_fingerprint)
{
  static const char run[] = " q1x q2x q3x q4x q5x q6x q7x q8x ";   /* 8 = k + w - 1 words */

  for (unsigned trial = 0; trial < 300; trial++) {
    char *a = article(1000 + trial, 60), *b = article(5000 + trial, 60);
    char *ta = malloc(strlen(a) + sizeof run), *tb = malloc(strlen(b) + sizeof run);
    unsigned pa = trial % 40, pb = 7 + trial % 31;   /* words before the run */
    size_t ca = word_prefix(a, pa), cb = word_prefix(b, pb);
    ac_fingerprint *fa, *fb;

    sprintf(ta, "%.*s%s%s", (int)ca, a, run, a + ca);
    sprintf(tb, "%.*s%s%s", (int)cb, b, run, b + cb);
    fa = fp_of(ta);
    fb = fp_of(tb);
    cr_assert(run_shares_a_hash(fa, pa, fb, pb, 8), "trial %u: shared run of 8 words not found",
              trial);
    ac_fp_free(fa);
    ac_fp_free(fb);
    free(a); free(b); free(ta); free(tb);
  }
}

Test(fingerprint, verbatim_copy_is_classed_verbatim_with_full_coverage)
{
  char *orig = article(1, 600), *copy = malloc(strlen(orig) + 100);
  ac_comparison *c;

  sprintf(copy, "Menu Home News. %s Share this article.", orig);
  c = compare_texts(orig, copy);
  cr_assert_eq(c->cls, AC_COPY_VERBATIM, "class %s", ac_copy_class_name(c->cls));
  cr_assert_float_eq(c->original_coverage, 1.0, 1e-9);
  cr_assert(c->page_coverage > 0.98 && c->page_coverage < 1.0, "page %.3f", c->page_coverage);
  cr_assert_float_eq(c->exactness, 1.0, 1e-9);
  cr_assert_eq(c->n_passages, 1);
  cr_assert_eq(c->passages[0].orig_start, 0);
  cr_assert_eq(c->passages[0].copy_start, strlen("Menu Home News. "));
  ac_comparison_free(c);
  free(orig);
  free(copy);
}

Test(fingerprint, first_part_of_an_article_is_classed_truncated_with_its_share)
{
  char *orig = article(2, 1000), *copy = strdup(orig);
  ac_comparison *c;

  copy[word_prefix(orig, 400)] = '\0';
  c = compare_texts(orig, copy);
  cr_assert_eq(c->cls, AC_COPY_TRUNCATED, "class %s", ac_copy_class_name(c->cls));
  cr_assert_float_eq(c->original_coverage, 0.4, 0.01);
  cr_assert_float_eq(c->page_coverage, 1.0, 0.01);
  ac_comparison_free(c);
  free(orig);
  free(copy);
}

Test(fingerprint, middle_of_an_article_is_classed_excerpt_with_positions_on_both_sides)
{
  char *orig = article(3, 1000), *copy;
  size_t from = word_prefix(orig, 300), to = word_prefix(orig, 500);
  ac_comparison *c;

  copy = strndup(orig + from, to - from);
  c = compare_texts(orig, copy);
  cr_assert_eq(c->cls, AC_COPY_EXCERPT, "class %s", ac_copy_class_name(c->cls));
  cr_assert_float_eq(c->original_coverage, 0.2, 0.01);
  cr_assert_eq(c->n_passages, 1);
  cr_assert_eq(c->passages[0].orig_tok_start, 300);
  cr_assert_eq(c->passages[0].orig_tok_end, 500);
  cr_assert_eq(c->passages[0].orig_start, from);
  cr_assert_eq(c->passages[0].copy_start, 0);
  cr_assert_eq(memcmp(orig + c->passages[0].orig_start, copy + c->passages[0].copy_start,
                      c->passages[0].copy_end - c->passages[0].copy_start), 0);
  ac_comparison_free(c);
  free(orig);
  free(copy);
}

Test(fingerprint, copy_with_a_few_words_changed_is_classed_lightly_edited)
{
  char *orig = article(4, 800), *copy = malloc(strlen(orig) * 2);
  size_t len = 0, word = 0;
  ac_comparison *c;

  for (const char *p = orig; *p; p++) {   /* every 20th word becomes "changed" */
    if (p == orig || p[-1] == ' ')
      word++;
    if (word % 20 == 10 && (p == orig || p[-1] == ' ')) {
      len += (size_t)sprintf(copy + len, "changed");
      while (p[1] != ' ' && p[1] != '.' && p[1] != '\0')
        p++;
      continue;
    }
    copy[len++] = *p;
  }
  copy[len] = '\0';
  c = compare_texts(orig, copy);
  cr_assert_eq(c->cls, AC_COPY_LIGHTLY_EDITED, "class %s", ac_copy_class_name(c->cls));
  cr_assert(c->original_coverage > 0.97, "coverage %.3f", c->original_coverage);
  cr_assert(c->exactness > 0.93 && c->exactness < 0.97, "exactness %.3f", c->exactness);
  ac_comparison_free(c);
  free(orig);
  free(copy);
}

Test(fingerprint, unrelated_texts_on_the_same_words_are_classed_unrelated)
{
  for (unsigned seed = 10; seed < 20; seed++) {
    char *a = article(seed, 800), *b = article(seed + 100, 800);
    ac_comparison *c = compare_texts(a, b);
    cr_assert_eq(c->cls, AC_COPY_UNRELATED, "seed %u: class %s", seed,
                 ac_copy_class_name(c->cls));
    cr_assert_lt(c->original_coverage, 0.02);
    ac_comparison_free(c);
    free(a);
    free(b);
  }
}

/* Every shingle of a text repeated ten times recurs ten times in it: that is the
 * text itself, not boilerplate, and the comparison must still find it (issue 16). */
Test(fingerprint, a_text_repeated_ten_times_compared_with_itself_is_verbatim)
{
  char *one = article(16, 2000);
  size_t len = strlen(one);
  char *ten = malloc(10 * (len + 1) + 1);
  ac_comparison *c;

  for (size_t r = 0; r < 10; r++) {
    memcpy(ten + r * (len + 1), one, len);
    ten[r * (len + 1) + len] = '\n';
  }
  ten[10 * (len + 1)] = '\0';
  c = compare_texts(ten, ten);
  cr_assert_eq(c->cls, AC_COPY_VERBATIM, "class %s", ac_copy_class_name(c->cls));
  cr_assert_float_eq(c->original_coverage, 1.0, 1e-9);
  cr_assert_float_eq(c->page_coverage, 1.0, 1e-9);
  ac_comparison_free(c);
  /* One repetition inside the ten: all of the copy, a tenth of the original. */
  c = compare_texts(ten, one);
  cr_assert_float_eq(c->page_coverage, 1.0, 1e-9);
  cr_assert(c->original_coverage > 0.09 && c->original_coverage < 0.11, "original %.3f",
            c->original_coverage);
  ac_comparison_free(c);
  free(one);
  free(ten);
}

/* ---- quotations ---- */

/* Which tokens of text are quoted, as a string of 0 and 1. */
static void quoted_pattern(const char *text, char *out, size_t size)
{
  ac_fingerprint *fp = fp_of(text);
  size_t i;

  for (i = 0; i < fp->n_tokens && i + 1 < size; i++)
    out[i] = fp->quoted != NULL && fp->quoted[i] ? '1' : '0';
  out[i] = '\0';
  ac_fp_free(fp);
}

Test(fingerprint, quotation_marks_of_every_script_mark_the_words_inside)
{
  static const char *const cases[][2] = {
    {"he said \xe2\x80\x9cwe will win\xe2\x80\x9d and left", "0011100"},       /* “…” */
    {"er sagte \xe2\x80\x9ewir gewinnen\xe2\x80\x9c und ging", "001100"},       /* „…“ */
    {"powiedzia\xc5\x82 \xe2\x80\x9eto nic\xe2\x80\x9d i wyszed\xc5\x82", "01100"}, /* „…” */
    {"il a dit \xc2\xab nous gagnerons \xc2\xbb puis", "000110"},              /* «…» */
    {"er sagte \xc2\xbbwir gewinnen\xc2\xab und", "00110"},                     /* »…« */
    {"il dit \xe2\x80\xb9 oui \xe2\x80\xba puis", "0010"},                     /* ‹…› */
    {"he said \xe2\x80\x98not now\xe2\x80\x99 twice", "00110"},                 /* ‘…’ */
    {"\xe5\xbd\xbc\xe3\x80\x8c\xe6\x98\xaf\xe3\x80\x8d\xe8\xaf\xb4", "010"},   /* 彼「是」说 */
    {"he said \"we will win\" and left", "0011100"},
    {"he said 'we will' and left", "001100"},
    /* nested: the outer quote holds the inner one */
    {"a \xe2\x80\x9c" "b \xe2\x80\x98" "c\xe2\x80\x99 d\xe2\x80\x9d e", "01110"},
  };
  char got[64];

  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    quoted_pattern(cases[i][0], got, sizeof got);
    cr_expect_str_eq(got, cases[i][1], "%s: quoted %s, expected %s", cases[i][0], got,
                     cases[i][1]);
  }
}

Test(fingerprint, apostrophes_and_elisions_are_not_quotation_marks)
{
  char got[64];

  quoted_pattern("don't stop l'homme it\xe2\x80\x99s the students' books in the '90s", got,
                 sizeof got);
  cr_assert_str_eq(got, "0000000000000", "quoted %s", got);   /* don t stop … 90s */
}

Test(fingerprint, an_unclosed_quotation_ends_with_its_paragraph)
{
  char got[64];

  quoted_pattern("he said \"we will win\nthe next day it rained", got, sizeof got);
  cr_assert_str_eq(got, "0011100000", "quoted %s", got);
}

Test(fingerprint, spans_given_by_html_quotes_mark_their_tokens)
{
  static const char text[] = "one two three four five six";
  ac_fingerprint *fp = fp_of(text);
  ac_span q = {4, 13};                           /* "two three" */
  ac_error err = {0};

  cr_assert_null(fp->quoted);
  cr_assert_eq(ac_fp_mark_quoted(fp, &q, 1, &err), 0, "%s", err.msg);
  cr_assert_eq(fp->n_quoted, 2);
  cr_assert(fp->quoted[1] && fp->quoted[2] && !fp->quoted[0] && !fp->quoted[3]);
  ac_fp_free(fp);
}

/* An article of its own (seed) with `quote` inserted after its first sentence. */
static char *story_with(unsigned seed, const char *quote)
{
  char *body = article(seed, 300), *s = malloc(strlen(body) + strlen(quote) + 8);
  size_t cut = word_prefix(body, 13);

  memcpy(s, body, cut);
  sprintf(s + cut, "\xe2\x80\x9c%s\xe2\x80\x9d %s", quote, body + cut);
  free(body);
  return s;
}

static const char shared_quote[] =
  "Going upstairs to bed was a thirty minute activity and I never once set foot in that "
  "clinic after my first visit because the pain in my hip was far too great to bear and "
  "my daughter had to drive me everywhere for the rest of that long and miserable winter";

Test(fingerprint, two_stories_sharing_only_a_quotation_are_related_not_copies)
{
  char *a = story_with(31, shared_quote), *b = story_with(32, shared_quote);
  ac_fingerprint *fa = fp_of(a), *fb = fp_of(b);
  ac_compare_options count = AC_COMPARE_OPTIONS_INIT;
  ac_comparison *c = NULL;
  ac_error err = {0};

  cr_assert_eq(ac_fp_compare(&c, fa, fb, &err), 0, "%s", err.msg);
  cr_assert(c->cls == AC_COPY_RELATED || c->cls == AC_COPY_UNRELATED, "class %s",
            ac_copy_class_name(c->cls));
  cr_assert(c->quoted_coverage > 0.08, "quoted %.3f", c->quoted_coverage);
  cr_assert(c->original_coverage < 0.02, "original %.3f", c->original_coverage);
  cr_assert_eq(c->prose_tokens, 0);
  ac_comparison_free(c);
  count.count_quotes = true;                     /* --count-quotes: the quote is copied text */
  cr_assert_eq(ac_fp_compare_with(&c, fa, fb, &count, &err), 0, "%s", err.msg);
  cr_assert_eq(c->cls, AC_COPY_EXCERPT, "class %s", ac_copy_class_name(c->cls));
  cr_assert_float_eq(c->quoted_coverage, 0.0, 1e-9);
  cr_assert(c->original_coverage > 0.08, "original %.3f", c->original_coverage);
  ac_comparison_free(c);
  ac_fp_free(fa);
  ac_fp_free(fb);
  free(a);
  free(b);
}

/* Five 12-word sentences of an original, each inside new text. */
static char *scattered_copy(const char *orig)
{
  char *own = article(41, 400), *s = malloc(strlen(orig) + strlen(own) + 64);
  size_t len = 0;

  for (int i = 0; i < 5; i++) {
    size_t o0 = word_prefix(orig, 50 * (size_t)i + 3), o1 = word_prefix(orig, 50 * (size_t)i + 15);
    size_t w0 = word_prefix(own, 80 * (size_t)i), w1 = word_prefix(own, 80 * (size_t)i + 80);
    memcpy(s + len, own + w0, w1 - w0);
    len += w1 - w0;
    memcpy(s + len, orig + o0, o1 - o0);
    len += o1 - o0;
  }
  s[len] = '\0';
  free(own);
  return s;
}

Test(fingerprint, matches_shorter_than_min_passage_are_reported_but_make_no_copy)
{
  char *orig = article(40, 600), *copy = scattered_copy(orig);
  ac_fingerprint *fa = fp_of(orig), *fb = fp_of(copy);
  ac_compare_options shorter = AC_COMPARE_OPTIONS_INIT;
  ac_comparison *c = NULL;
  ac_error err = {0};

  cr_assert_eq(ac_fp_compare(&c, fa, fb, &err), 0, "%s", err.msg);
  cr_assert(c->n_passages >= 5, "passages %zu", c->n_passages);
  cr_assert_eq(c->prose_tokens, 0, "prose %zu", c->prose_tokens);
  cr_assert_eq(c->cls, AC_COPY_RELATED, "class %s", ac_copy_class_name(c->cls));
  ac_comparison_free(c);
  shorter.min_passage = 10;
  cr_assert_eq(ac_fp_compare_with(&c, fa, fb, &shorter, &err), 0, "%s", err.msg);
  cr_assert(c->prose_tokens >= 50, "prose %zu", c->prose_tokens);
  cr_assert(c->cls != AC_COPY_RELATED && c->cls != AC_COPY_UNRELATED, "class %s",
            ac_copy_class_name(c->cls));
  ac_comparison_free(c);
  ac_fp_free(fa);
  ac_fp_free(fb);
  free(orig);
  free(copy);
}

Test(fingerprint, rejects_parameters_out_of_range_and_mixed_parameters)
{
  ac_fp_params bad = {0, 4}, other = {4, 4};
  ac_fingerprint *fp = NULL, *a, *b;
  ac_comparison *c = NULL;
  ac_error err = {0};

  cr_assert_eq(ac_fp_compute(&fp, "a b c", 5, &bad, &err), AC_EINVALID);
  cr_assert_null(fp);
  a = fp_of("a b c d e f g h");
  cr_assert_eq(ac_fp_compute(&b, "a b c d e f g h", 15, &other, &err), 0);
  cr_assert_eq(ac_fp_compare(&c, a, b, &err), AC_EINVALID);
  cr_assert_null(c);
  ac_fp_free(a);
  ac_fp_free(b);
}

Test(fingerprint, page_without_extracted_facts_is_fingerprinted_from_its_text)
{
  static const char text[] = "Plain words, nothing else.";
  ac_page *page = NULL;
  ac_error err = {0};
  ac_fingerprint *direct = fp_of(text);

  cr_assert_eq(ac_page_load_buffer(&page, "mem.txt", text, strlen(text), NULL, &err), 0,
               "%s", err.msg);
  cr_assert_null(ac_page_fp(page));
  cr_assert_eq(ac_page_fingerprint(page, NULL, &err), 0, "%s", err.msg);
  cr_assert_str_eq(ac_page_fp(page)->digest, direct->digest);
  ac_fp_free(direct);
  ac_page_free(page);
}

/* ---- the CLI: attrcheck fingerprint and attrcheck compare ---- */

static run_result compare_fixture(const char *format, const char *copy)
{
  char *orig = fixture_path("compare/original.txt"), *other;
  char name[64];
  run_result r;

  snprintf(name, sizeof name, "compare/%s.txt", copy);
  other = fixture_path(name);
  {
    const char *argv[] = {"compare", "--plain", "--format", format, orig, other, NULL};
    r = run_cli(argv, NULL, 0);
  }
  free(orig);
  free(other);
  return r;
}

Test(fingerprint, compare_classes_each_fixture_as_its_name_says)
{
  static const char *const cases[][2] = {
    {"verbatim", "verbatim"}, {"truncated", "truncated"}, {"excerpt", "excerpt"},
    {"edited", "lightly-edited"}, {"unrelated", "unrelated"},
  };

  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    run_result r = compare_fixture("text", cases[i][0]);
    char want[64];
    snprintf(want, sizeof want, "class: %s\n", cases[i][1]);
    cr_assert_eq(r.status, 0, "%s: exit %d: %s", cases[i][0], r.status, r.err);
    cr_assert(strstr(r.out, want) != NULL, "%s: expected %s, got:\n%s", cases[i][0], want,
              r.out);
    run_result_free(&r);
  }
}

Test(fingerprint, compare_json_gives_coverages_class_and_passages_on_both_sides)
{
  run_result r = compare_fixture("json", "excerpt");

  cr_assert_eq(r.status, 0, "%s", r.err);
  cr_assert(r.out[0] == '{', "%s", r.out);
  cr_assert(strstr(r.out, "\"class\": \"excerpt\"") != NULL, "%s", r.out);
  cr_assert(strstr(r.out, "\"original_coverage\": 0.3") != NULL, "%s", r.out);
  cr_assert(strstr(r.out, "\"page_coverage\": ") != NULL);
  cr_assert(strstr(r.out, "\"exactness\": 1.0000") != NULL);
  /* paragraph five starts on line 9 of the original and line 3 of the copy */
  cr_assert(strstr(r.out, "{\"original\": {\"tokens\": ") != NULL, "%s", r.out);
  cr_assert(strstr(r.out, "\"start\": {\"line\": 9, \"column\": 1}") != NULL, "%s", r.out);
  cr_assert(strstr(r.out, "\"start\": {\"line\": 3, \"column\": 1}") != NULL, "%s", r.out);
  run_result_free(&r);
}

Test(fingerprint, compare_finds_the_seed_page_a_truncated_copy_of_fredzone)
{
  char *orig = fixture_path("originals/fredzone-openai.html");
  char *page = fixture_path("pages/syndicated-fr-fredzone/page.html");
  const char *argv[] = {"compare", orig, page, NULL};
  run_result r = run_cli(argv, NULL, 0);

  cr_assert_eq(r.status, 0, "%s", r.err);
  cr_assert(strstr(r.out, "class: truncated\n") != NULL, "%s", r.out);
  /* the aggregator keeps 581 of FredZone's 776 words, 117 of them inside « » */
  cr_assert(strstr(r.out, "original_coverage: 0.598") != NULL, "%s", r.out);
  cr_assert(strstr(r.out, "quoted_coverage: 0.151") != NULL, "%s", r.out);
  run_result_free(&r);
  free(orig);
  free(page);
}

Test(fingerprint, compare_shows_a_copy_made_of_quotations_as_related_with_its_quoted_share)
{
  run_result r = compare_fixture("text", "quoted");
  char *orig = fixture_path("compare/original.txt"), *copy = fixture_path("compare/quoted.txt");
  const char *argv[] = {"compare", "--plain", "--count-quotes", "--format", "json", orig, copy,
                        NULL};
  run_result counted;

  cr_assert_eq(r.status, 0, "%s", r.err);
  cr_assert(strstr(r.out, "class: related\n") != NULL, "%s", r.out);
  cr_assert(strstr(r.out, "original_coverage: 0.000") != NULL, "%s", r.out);
  cr_assert(strstr(r.out, "quoted_coverage: 0.3") != NULL, "%s", r.out);   /* 2 of 7 paragraphs */
  cr_assert(strstr(r.out, "prose_tokens: 0 ") != NULL, "%s", r.out);
  counted = run_cli(argv, NULL, 0);
  cr_assert_eq(counted.status, 0, "%s", counted.err);
  cr_assert(strstr(counted.out, "\"class\": \"excerpt\"") != NULL, "%s", counted.out);
  cr_assert(strstr(counted.out, "\"quoted_coverage\": 0.0000") != NULL, "%s", counted.out);
  run_result_free(&r);
  run_result_free(&counted);
  free(orig);
  free(copy);
}

Test(fingerprint, compare_refuses_a_min_passage_that_is_not_a_word_count)
{
  static const char *const bad[] = {"0", "-3", " 5", "5w", "10001", ""};
  char *orig = fixture_path("compare/original.txt");

  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    const char *argv[] = {"compare", "--plain", "--min-passage", bad[i], orig, orig, NULL};
    run_result r = run_cli(argv, NULL, 0);
    cr_assert_eq(r.status, 2, "--min-passage '%s': exit %d", bad[i], r.status);
    cr_assert(strstr(r.err, "--min-passage") != NULL, "%s", r.err);
    run_result_free(&r);
  }
  free(orig);
}

Test(fingerprint, check_csv_ends_with_the_quoted_coverage_of_a_same_story_page)
{
  char *dir = temp_dir(), db[4096];
  char *originals = fixture_path("pages/index-same-story/originals");
  char *page = fixture_path("pages/index-same-story/page.html");
  const char *add[] = {"index", "add", "--index", db, originals, NULL};
  const char *check[] = {"check", "--no-config", "--index", db, "--format", "csv", page, NULL};
  run_result r;
  const char *row;
  char *quoted;

  snprintf(db, sizeof db, "%s/index.db", dir);
  r = run_cli(add, NULL, 0);
  cr_assert_eq(r.status, 0, "%s", r.err);
  run_result_free(&r);
  r = run_cli(check, NULL, 0);
  cr_assert_eq(r.status, 0, "a related page is no error: %s%s", r.out, r.err);
  cr_assert(strstr(r.out, ",origin_chain,quoted_coverage,") != NULL, "%s", r.out);
  row = strstr(r.out, "\r\n");
  cr_assert(row != NULL && strstr(row, ",related,ac1:sha256:") != NULL, "%s", r.out);
  quoted = csv_cell(r.out, "quoted_coverage");
  cr_assert(quoted != NULL && strcmp(quoted, "0.198") == 0, "%s", r.out);  /* two quotations: 49 words */
  free(quoted);
  run_result_free(&r);
  free(originals);
  free(page);
  free(dir);
}

Test(fingerprint, compare_of_a_missing_file_fails_with_status_2_naming_it)
{
  char *orig = fixture_path("compare/original.txt");
  const char *argv[] = {"compare", orig, "/nonexistent/copy.html", NULL};
  run_result r = run_cli(argv, NULL, 0);

  cr_assert_eq(r.status, 2);
  cr_assert(strstr(r.err, "/nonexistent/copy.html") != NULL, "%s", r.err);
  run_result_free(&r);
  free(orig);
}

Test(fingerprint, fingerprint_cli_prints_digest_simhash_and_counts_in_three_formats)
{
  char *path = fixture_path("compare/original.txt"), *text = read_file(path, NULL);
  ac_fingerprint *fp = fp_of(text);
  char simhash[17];
  const char *text_argv[] = {"fingerprint", "--plain", path, NULL};
  const char *csv_argv[] = {"fingerprint", "--plain", "--format", "csv", path, NULL};
  const char *json_argv[] = {"fingerprint", "--plain", "--format", "json", path, NULL};
  run_result t = run_cli(text_argv, NULL, 0), c = run_cli(csv_argv, NULL, 0);
  run_result j = run_cli(json_argv, NULL, 0);

  snprintf(simhash, sizeof simhash, "%016llx", (unsigned long long)fp->simhash);
  cr_assert_eq(t.status, 0, "%s", t.err);
  cr_assert(strstr(t.out, fp->digest) != NULL && strstr(t.out, simhash) != NULL, "%s", t.out);
  cr_assert_eq(c.status, 0);
  cr_assert(strncmp(c.out, "path,fingerprint,simhash,tokens,fingerprints\r\n", 46) == 0, "%s",
            c.out);
  cr_assert(strstr(c.out, fp->digest) != NULL);
  cr_assert_eq(j.status, 0);
  cr_assert(j.out[0] == '[' && strstr(j.out, "\"fingerprint\": \"ac1:sha256:") != NULL, "%s",
            j.out);
  run_result_free(&t);
  run_result_free(&c);
  run_result_free(&j);
  ac_fp_free(fp);
  free(text);
  free(path);
}

/* A letter with 50,000 acutes then 50,000 grave-belows (200 KB): canonical
 * ordering is quadratic in a run of marks, so runs are cut at 30 marks
 * (UAX #15 stream-safe text) and the page costs milliseconds, not minutes. */
Test(fingerprint, a_long_run_of_combining_marks_fingerprints_quickly, .timeout = 300)
{
  size_t n = 50000, len = 1 + 4 * n;
  char *s = malloc(len + 1);
  ac_fingerprint *fp = NULL;
  ac_error err = {0};

  s[0] = 'a';
  for (size_t i = 0; i < n; i++) {
    memcpy(s + 1 + 2 * i, "\xcc\x81", 2);              /* U+0301, class 230 */
    memcpy(s + 1 + 2 * (n + i), "\xcc\x96", 2);        /* U+0316, class 220 */
  }
  s[len] = '\0';
  cr_assert_eq(ac_fp_compute(&fp, s, len, NULL, &err), 0, "%s", err.msg);
  cr_assert_eq(fp->n_tokens, 1, "the marks stay with their letter: one token");
  cr_assert_eq(fp->tokens[0].start, 0);
  cr_assert_eq(fp->tokens[0].end, len, "the span covers every mark");
  ac_fp_free(fp);
  free(s);
}

/* Under 30 marks a letter and its marks normalise as one piece, whatever their order. */
Test(fingerprint, marks_in_either_order_under_the_stream_safe_limit_are_one_text)
{
  assert_same_digest("cafe\xcc\x81\xcc\x96 noir", "cafe\xcc\x96\xcc\x81 noir");
}

/* A code point whose decomposition overflows the cache's scratch buffer
 * (U+FDFA, 18 code points) is read before that buffer is freed. */
Test(fingerprint, a_ligature_with_a_long_decomposition_equals_its_spelled_out_text)
{
  assert_same_digest("x \xef\xb7\xba y",
                     "x \xd8\xb5\xd9\x84\xd9\x89 \xd8\xa7\xd9\x84\xd9\x84\xd9\x87 "
                     "\xd8\xb9\xd9\x84\xd9\x8a\xd9\x87 \xd9\x88\xd8\xb3\xd9\x84\xd9\x85 y");
}
