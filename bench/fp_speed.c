/*
 * Fingerprint speed (issue 4), measured in one run against baselines:
 *  1. normalise + winnow + SHA-256 (ac_fp_compute) in MB/s of text, against a
 *     plain byte loop (ASCII lower-casing) with XXH3 over the same text;
 *  2. ac_page_fingerprint time as a share of ac_page_extract time on the same pages;
 *  3. ac_fp_compare of two 10,000-word articles (one a 5 %-edited copy), in ms.
 * Pages: the HTML files given on the command line (the development corpus when
 * bench/fp_speed.sh finds it), else generated pages.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xxhash.h>

#include "attrcheck.h"

/* CPU time of this thread: "on one core", whatever else the machine runs. */
static double now(void)
{
  struct timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static const char *const words[] = {
  "the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "was", "with", "said",
  "council", "housing", "plan", "residents", "mayor", "budget", "transit", "river", "homes",
  "developers", "construction", "neighbourhood", "tenants", "affordable", "permits", "vote",
  "energy", "grid", "prices", "customers", "battery", "storage", "emissions", "winter",
  "company", "software", "privacy", "platform", "security", "engineers", "revenue",
  "quarter", "investors", "regulators", "lawsuit", "network", "features", "estimated",
  "hearing", "officials", "statement", "Tuesday", "million", "percent", "spokesperson",
};

static unsigned long lcg = 12345;
static unsigned rnd(unsigned n)
{
  lcg = lcg * 6364136223846793005ul + 1442695040888963407ul;
  return (unsigned)((lcg >> 33) % n);
}

/* n_words of pseudo-English: sentences, commas, paragraphs. malloc'd. */
static char *gen_text(size_t n_words, size_t *len)
{
  size_t cap = n_words * 16 + 16, at = 0;
  char *s = malloc(cap);

  for (size_t i = 0; i < n_words; i++) {
    const char *sep = (i % 17 == 16) ? ".\n" : (i % 7 == 6 ? ", " : " ");
    at += (size_t)snprintf(s + at, cap - at, "%s%s", words[rnd(AC_COUNT(words))], sep);
  }
  *len = at;
  return s;
}

/* The same text with about 5 % of its words replaced. */
static char *edit_text(const char *text, size_t len, size_t *out_len)
{
  char *s = malloc(len * 2 + 16);
  size_t at = 0;
  int in_word = 0;

  for (size_t i = 0; i < len; i++) {
    int alpha = text[i] != ' ' && text[i] != '\n' && text[i] != ',' && text[i] != '.';
    if (alpha && !in_word && rnd(100) < 5) {
      at += (size_t)sprintf(s + at, "%s", words[rnd(AC_COUNT(words))]);
      while (i + 1 < len && text[i + 1] != ' ' && text[i + 1] != '\n' && text[i + 1] != ',' &&
             text[i + 1] != '.')
        i++;
      in_word = 1;
      continue;
    }
    in_word = alpha;
    s[at++] = text[i];
  }
  *out_len = at;
  return s;
}

typedef struct text { char *ptr; size_t len; } text;

/* The floor: lower-case ASCII into a buffer and hash it with XXH3. */
static uint64_t baseline(const text *t, char *buf)
{
  for (size_t i = 0; i < t->len; i++) {
    unsigned char c = (unsigned char)t->ptr[i];
    buf[i] = (char)(c - 'A' < 26u ? c + 32 : c);
  }
  return XXH3_64bits(buf, t->len);
}

static void bench_throughput(const text *texts, size_t n, const char *what)
{
  size_t total = 0, maxlen = 0, rounds;
  double t0, t_fp, t_base, mbps;
  uint64_t sink = 0;
  char *buf;

  for (size_t i = 0; i < n; i++) {
    total += texts[i].len;
    maxlen = texts[i].len > maxlen ? texts[i].len : maxlen;
  }
  if (total == 0)
    return;
  rounds = (size_t)(200e6 / (double)total) + 1;   /* about 200 MB of text */
  buf = malloc(maxlen + 1);
  t0 = now();
  for (size_t r = 0; r < rounds; r++)
    for (size_t i = 0; i < n; i++) {
      ac_fingerprint *fp = NULL;
      if (ac_fp_compute(&fp, texts[i].ptr, texts[i].len, NULL, NULL) == 0)
        sink += fp->n_hashes;
      ac_fp_free(fp);
    }
  t_fp = now() - t0;
  t0 = now();
  for (size_t r = 0; r < rounds; r++)
    for (size_t i = 0; i < n; i++)
      sink += baseline(&texts[i], buf);
  t_base = now() - t0;
  free(buf);
  mbps = (double)(total * rounds) / 1e6 / t_fp;
  printf("%-34s fingerprint %6.1f MB/s, byte loop + XXH3 %7.1f MB/s: %4.1fx the floor "
         "(target >= 100 MB/s: %s)\n", what, mbps, (double)(total * rounds) / 1e6 / t_base,
         t_fp / t_base, mbps >= 100 ? "met" : "MISSED");
  if (sink == 42)
    puts("");
}

static int read_all(const char *path, text *t)
{
  FILE *f = fopen(path, "rb");
  long n;

  if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
    if (f)
      fclose(f);
    return -1;
  }
  t->ptr = malloc((size_t)n + 1);
  t->len = fread(t->ptr, 1, (size_t)n, f);
  fclose(f);
  return 0;
}

static void gen_pages(text *pages, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    size_t len;
    char *body = gen_text(600 + rnd(1500), &len);
    size_t cap = len + 1024;
    pages[i].ptr = malloc(cap);
    pages[i].len = (size_t)snprintf(pages[i].ptr, cap,
      "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Page %zu</title>"
      "</head><body><nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav><main><article>"
      "<p>%s</p></article></main><footer>&copy; 2024 Example</footer></body></html>", i, body);
    free(body);
  }
}

/* Extraction vs fingerprinting on the same pages; collects the main texts. */
static size_t bench_pages(const text *pages, size_t n, text *mains)
{
  double t_ex = 0, t_fp = 0;
  size_t kept = 0;

  for (int round = 0; round < 3; round++)
    for (size_t i = 0; i < n; i++) {
      ac_page *page = NULL;
      const ac_facts *facts;
      double t0;
      if (ac_page_load_buffer(&page, "bench.html", pages[i].ptr, pages[i].len, NULL, NULL) < 0)
        continue;
      t0 = now();
      if (ac_page_extract(page, NULL, NULL, NULL) == 0) {
        double t1 = now();
        ac_page_fingerprint(page, NULL, NULL);
        t_fp += now() - t1;
        t_ex += t1 - t0;
        facts = ac_page_facts(page);
        if (round == 0 && facts != NULL && facts->main_len > 0) {
          mains[kept].ptr = malloc(facts->main_len);
          memcpy(mains[kept].ptr, facts->main_text, facts->main_len);
          mains[kept++].len = facts->main_len;
        }
      }
      ac_page_free(page);
    }
  printf("%-34s extract %.1f ms, fingerprint %.1f ms per pass: fingerprinting adds %.1f %% "
         "(target < 10 %%)\n", "pages (extract vs fingerprint):", t_ex / 3 * 1e3,
         t_fp / 3 * 1e3, t_ex > 0 ? 100.0 * t_fp / t_ex : 0.0);
  return kept;
}

static int cmp_double(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static void bench_compare(void)
{
  size_t la, lb;
  char *a = gen_text(10000, &la), *b = edit_text(a, la, &lb);
  double align[31], whole[31];
  ac_comparison *c = NULL;

  for (int r = 0; r < 31; r++) {
    ac_fingerprint *fa = NULL, *fb = NULL;
    double t0 = now(), t1;
    ac_fp_compute(&fa, a, la, NULL, NULL);
    ac_fp_compute(&fb, b, lb, NULL, NULL);
    t1 = now();
    ac_comparison_free(c);
    ac_fp_compare(&c, fa, fb, NULL);
    align[r] = (now() - t1) * 1e3;
    whole[r] = (now() - t0) * 1e3;
    ac_fp_free(fa);
    ac_fp_free(fb);
  }
  qsort(align, 31, sizeof *align, cmp_double);
  qsort(whole, 31, sizeof *whole, cmp_double);
  printf("%-34s align %.2f ms, fingerprint both + align %.2f ms (median of 31; target < 20 ms)"
         "\n%-34s class %s, original_coverage %.3f, exactness %.3f\n",
         "compare 10,000 vs 10,000 words:", align[15], whole[15], "",
         c ? ac_copy_class_name(c->cls) : "?", c ? c->original_coverage : 0,
         c ? c->exactness : 0);
  ac_comparison_free(c);
  free(a);
  free(b);
}

int main(int argc, char **argv)
{
  size_t n = argc > 1 ? (size_t)(argc - 1) : 200, n_main, len;
  text *pages = calloc(n, sizeof *pages), *mains = calloc(n, sizeof *mains), gen;
  size_t loaded = 0;

  for (int i = 1; i < argc; i++)
    if (read_all(argv[i], &pages[loaded]) == 0)
      loaded++;
  if (argc > 1)
    printf("pages: %zu from the command line\n", loaded);
  else {
    gen_pages(pages, n);
    loaded = n;
    printf("pages: %zu generated (no corpus)\n", loaded);
  }
  n_main = bench_pages(pages, loaded, mains);
  bench_throughput(mains, n_main, "main texts of those pages:");
  gen.ptr = gen_text(2000000, &len);
  gen.len = len;
  bench_throughput(&gen, 1, "generated English, one 12 MB text:");
  bench_compare();
  for (size_t i = 0; i < n; i++) {
    free(pages[i].ptr);
    free(mains[i].ptr);
  }
  free(gen.ptr);
  free(pages);
  free(mains);
  return 0;
}
