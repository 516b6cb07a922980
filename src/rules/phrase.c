/*
 * Notice phrasings: PCRE2 patterns compiled once (UTF, Unicode properties,
 * caseless) and matched with per-call match data, so threads can share one
 * ac_rules. The match data holds every group of the largest pattern, so
 * (?<credit>…) is always inside the ovector. JIT compilation is deferred:
 * at load it was over 40 % of a one-page check's instructions, most of it
 * for phrasings the page never needed fast.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "pack.h"
#include "../util/grow.h"

#define MATCH_LIMIT 200000u     /* backtracking budget per phrasing and block */
#define DEPTH_LIMIT 2000u
#define MAX_CANDIDATES 4096u
#define CREDIT_MAX_BYTES 100u
#define CREDIT_MAX_WORDS 5u      /* longer is a citation or a headline, not a publisher */
/* Blocks a phrasing is tried on before it is JIT-compiled: JIT costs about as
   much as interpreting a few pages' blocks, and a single page has fewer. */
#define JIT_AFTER_SCANS 64u

static pthread_mutex_t jit_lock = PTHREAD_MUTEX_INITIALIZER;   /* one JIT compile at a time */

int ac_rules__phrase_compile(ac_phrase *ph, const char *pattern, const char *file,
                             unsigned line, ac_error *err)
{
  int code;
  PCRE2_SIZE off;
  int group;

  ph->re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                         PCRE2_CASELESS | PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF, &code,
                         &off, NULL);
  if (ph->re == NULL) {
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message(code, msg, sizeof msg);
    return ac_error_set_file(err, AC_EINVALID, file, line, 0,
                             "bad regular expression in phrase '%s' at offset %zu: %s", ph->id,
                             (size_t)off, (const char *)msg);
  }
  atomic_init(&ph->jit, NULL);
  atomic_init(&ph->scans, 0);
  group = pcre2_substring_number_from_name(ph->re, (PCRE2_SPTR) "credit");
  ph->credit_group = group > 0 ? group : 0;
  if (pcre2_pattern_info(ph->re, PCRE2_INFO_CAPTURECOUNT, &ph->pairs) != 0)
    ph->pairs = 0;
  ph->pairs++;                                  /* group 0, the whole match */
  return AC_OK;
}

void ac_rules__phrase_free(ac_phrase *ph)
{
  pcre2_code_free(atomic_load(&ph->jit));
  atomic_store(&ph->jit, NULL);
  pcre2_code_free(ph->re);
  ph->re = NULL;
}

/*
 * The code to match with: the JIT copy once there is one. The copy is made
 * under a lock and published whole, so no thread ever matches with code
 * another thread is still compiling. Without JIT support (or memory) the
 * interpreter goes on, as before.
 */
static const pcre2_code *phrase_code(const ac_phrase *cph)
{
  ac_phrase *ph = (ac_phrase *)cph;          /* only the JIT cache fields are written */
  pcre2_code *jit = atomic_load(&ph->jit);

  if (jit != NULL)
    return jit;
  if (atomic_fetch_add(&ph->scans, 1) + 1 != JIT_AFTER_SCANS)
    return ph->re;
  pthread_mutex_lock(&jit_lock);
  if (atomic_load(&ph->jit) == NULL && (jit = pcre2_code_copy(ph->re)) != NULL) {
    if (pcre2_jit_compile(jit, PCRE2_JIT_COMPLETE) == 0)
      atomic_store(&ph->jit, jit);
    else
      pcre2_code_free(jit);                 /* no JIT here: the interpreter stays */
  }
  pthread_mutex_unlock(&jit_lock);
  jit = atomic_load(&ph->jit);
  return jit != NULL ? jit : ph->re;
}

pcre2_match_context *ac_rules__match_context(void)
{
  pcre2_match_context *m = pcre2_match_context_create(NULL);

  if (m != NULL) {
    pcre2_set_match_limit(m, MATCH_LIMIT);
    pcre2_set_depth_limit(m, DEPTH_LIMIT);
  }
  return m;
}

/* Length of the space (ASCII or a Unicode space we meet in credits) at s, 0 if none. */
static size_t space_at(const char *s, size_t left)
{
  const unsigned char *u = (const unsigned char *)s;

  if (left >= 1 && (u[0] == ' ' || u[0] == '\t' || u[0] == '\n' || u[0] == '\r'))
    return 1;
  if (left >= 2 && u[0] == 0xC2 && u[1] == 0xA0)                  /* NBSP */
    return 2;
  if (left >= 3 && u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0xAF || (u[2] >= 0x80 && u[2] <= 0x8A)))
    return 3;                                                     /* narrow and thin spaces */
  return 0;
}

/* "U.S. Securities", "J. Smith": a period after a lone capital is no sentence end. */
static bool initial_before(const char *s, size_t p)
{
  return p >= 1 && s[p - 1] >= 'A' && s[p - 1] <= 'Z' &&
         (p == 1 || !((s[p - 2] >= 'A' && s[p - 2] <= 'Z') || (s[p - 2] >= 'a' && s[p - 2] <= 'z')));
}

/* Where a credit stops: a spaced dash, a bar, a URL, the end of a sentence, a line. */
static size_t credit_cut(const char *s, size_t len)
{
  static const char *const stops[] = {" \xe2\x80\x93", " \xe2\x80\x94", " - ", "|", "http://",
                                      "https://", " www.", ". ", "\n", " (http", "\xc2\xa0\xe2\x80\x93",
                                      "\xc2\xa0-\xc2\xa0", " / ", "\xe2\x80\xa6", ".."};
  size_t cut = len;

  for (size_t i = 0; i < AC_COUNT(stops); i++) {
    size_t n = strlen(stops[i]);
    for (size_t p = 0; p + n <= cut; p++)
      if (memcmp(s + p, stops[i], n) == 0 && !(stops[i][0] == '.' && initial_before(s, p))) {
        cut = p;
        break;
      }
  }
  return cut;
}

static bool trim_char(const char *s, size_t len, size_t *n, bool front)
{
  static const char punct[] = ":;,.\"'()[]*-\xc2\xab\xc2\xbb";
  const unsigned char c = (unsigned char)(front ? s[0] : s[len - 1]);

  *n = front ? space_at(s, len) : 0;
  if (!front) {
    for (size_t k = 1; k <= 3 && k <= len && *n == 0; k++)
      if (space_at(s + len - k, k) == k)
        *n = k;
  }
  if (*n == 0 && c < 0x80 && c != 0 && strchr(punct, c) != NULL)
    *n = 1;
  if (*n == 0 && len >= 2 && (unsigned char)(front ? s[0] : s[len - 2]) == 0xC2 &&
      ((unsigned char)(front ? s[1] : s[len - 1]) == 0xAB ||
       (unsigned char)(front ? s[1] : s[len - 1]) == 0xBB))
    *n = 2;                                                       /* « » */
  return *n > 0;
}

static size_t words(const char *s, size_t len)
{
  size_t n = 0;

  for (size_t i = 0; i < len; i++)
    if (s[i] != ' ' && (i == 0 || s[i - 1] == ' '))
      n++;
  return n;
}

/* Narrow [*start, *end) to the name itself. */
static void credit_trim(const char *text, uint32_t *start, uint32_t *end)
{
  const char *s = text + *start;
  size_t len = credit_cut(s, *end - *start), n;

  while (len > 0 && trim_char(s, len, &n, true)) {
    s += n;
    len -= n;
  }
  while (len > 0 && trim_char(s, len, &n, false))
    len -= n;
  if (len > CREDIT_MAX_BYTES || words(s, len) > CREDIT_MAX_WORDS)
    len = 0;                                  /* a sentence or a headline, not a name */
  *start = (uint32_t)(s - text);
  *end = *start + (uint32_t)len;
}

typedef struct cand {
  ac_phrase_match m;
  size_t order;              /* phrasing index: earlier packs win ties */
} cand;

static int cand_cmp(const void *a, const void *b)
{
  const cand *x = a, *y = b;

  if (x->m.start != y->m.start)
    return x->m.start < y->m.start ? -1 : 1;
  if (x->m.end != y->m.end)
    return x->m.end > y->m.end ? -1 : 1;         /* longer first */
  return x->order < y->order ? -1 : x->order > y->order;
}

static void cand_fill(cand *c, const ac_phrase *ph, size_t order, const PCRE2_SIZE *ov,
                      uint32_t pairs, const char *text)
{
  memset(c, 0, sizeof *c);
  c->order = order;
  c->m.kind = ph->kind;
  c->m.phrase = ph->id;
  c->m.lang = ph->lang;
  c->m.permission = ph->permission;
  c->m.start = (uint32_t)ov[0];
  c->m.end = (uint32_t)ov[1];
  if (ph->credit_group > 0 && (uint32_t)ph->credit_group < pairs &&
      ov[2 * ph->credit_group] != PCRE2_UNSET) {
    c->m.credit_start = (uint32_t)ov[2 * ph->credit_group];
    c->m.credit_end = (uint32_t)ov[2 * ph->credit_group + 1];
    credit_trim(text, &c->m.credit_start, &c->m.credit_end);
  } else {
    c->m.credit_start = c->m.credit_end = c->m.start;
  }
}

/* Every match of one phrasing, appended to *cands. */
static int phrase_scan(const ac_rules *rules, const ac_phrase *ph, size_t order, const char *text,
                       size_t len, pcre2_match_data *md, cand **cands, size_t *n, size_t *cap)
{
  const pcre2_code *re = phrase_code(ph);
  PCRE2_SIZE at = 0;

  while (at <= len && *n < MAX_CANDIDATES) {
    int rc = pcre2_match(re, (PCRE2_SPTR)text, len, at, 0, md, rules->mctx);
    const PCRE2_SIZE *ov;
    if (rc <= 0)         /* 0: the ovector was too small, which sizing rules out */
      return AC_OK;      /* no (more) match, or the budget ran out: this phrasing is done */
    ov = pcre2_get_ovector_pointer(md);
    if (!ac_grow(cands, cap, *n + 1, sizeof **cands, 16))
      return AC_ENOMEM;
    cand_fill(&(*cands)[(*n)++], ph, order, ov, pcre2_get_ovector_count(md), text);
    at = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
    while (at < len && ((unsigned char)text[at] & 0xC0) == 0x80)
      at++;                                      /* never restart inside a code point */
  }
  return AC_OK;
}

/* The rules as extraction's notice matcher (ac_notice_matcher). */
static int match_with_rules(const void *ctx, const char *text, size_t len, ac_phrase_match *out,
                            size_t max)
{
  return ac_rules_match_notices(ctx, text, len, out, max);
}

void ac_rules_notice_matcher(const ac_rules *rules, ac_extract_options *opts)
{
  opts->match_notices = rules != NULL ? match_with_rules : NULL;
  opts->match_ctx = rules;
}

int ac_rules_match_notices(const ac_rules *rules, const char *text, size_t len,
                           ac_phrase_match *out, size_t max)
{
  cand *cands = NULL;
  size_t n = 0, cap = 0, kept = 0;
  uint32_t last_end = 0;
  pcre2_match_data *md;
  uint32_t pairs = 1;
  int rc = AC_OK;

  if (rules == NULL || text == NULL || max == 0 || rules->n_phrases == 0)
    return 0;
  for (size_t i = 0; i < rules->n_phrases; i++)
    pairs = rules->phrases[i].pairs > pairs ? rules->phrases[i].pairs : pairs;
  md = pcre2_match_data_create(pairs, NULL);
  if (md == NULL)
    return AC_ENOMEM;
  for (size_t i = 0; i < rules->n_phrases && rc == AC_OK; i++)
    rc = phrase_scan(rules, &rules->phrases[i], i, text, len, md, &cands, &n, &cap);
  pcre2_match_data_free(md);
  if (rc == AC_OK && n > 0) {
    qsort(cands, n, sizeof *cands, cand_cmp);
    for (size_t i = 0; i < n && kept < max; i++) {
      if (kept > 0 && cands[i].m.start < last_end)
        continue;                                /* overlaps a longer or earlier match */
      out[kept++] = cands[i].m;
      last_end = cands[i].m.end;
    }
  }
  free(cands);
  return rc < 0 ? rc : (int)kept;
}
