/* Fingerprints: tokens, winnowed shingle hashes, the ac1 digest and SimHash. */
#include "fp.h"

#include <stdlib.h>
#include <string.h>

#include "../page/page.h"

static int check_params(const ac_fp_params *p, ac_error *err)
{
  if (p->k < 1 || p->k > 64 || p->w < 1 || p->w > 1024)
    return ac_error_set(err, AC_EINVALID,
                        "fingerprint parameters k=%u w=%u out of range (k 1..64, w 1..1024)",
                        p->k, p->w);
  return AC_OK;
}

/* MurmurHash3's 64-bit finaliser: every input bit affects every output bit. */
static uint64_t fmix64(uint64_t h)
{
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  return h;
}

/* Shingle i combines the XXH3 hashes of tokens i .. i+k-1, each rotated by its
 * place (so order counts), and mixes the result: a few operations per token
 * instead of hashing 8k bytes again. */
static int shingle_hashes(const ac_token *tok, size_t n, unsigned k, uint64_t **out,
                          size_t *n_out)
{
  size_t ns = n >= k ? n - k + 1 : 0;
  uint64_t *sh;

  *out = NULL;
  *n_out = 0;
  if (ns == 0)
    return AC_OK;
  sh = malloc(ns * sizeof *sh);
  if (sh == NULL)
    return AC_ENOMEM;
  for (size_t i = 0; i < ns; i++) {
    uint64_t h = 0;
    for (unsigned j = 0; j < k; j++) {
      unsigned r = (j * 13u) & 63u;
      uint64_t v = tok[i + j].hash;
      h ^= r ? (v << r) | (v >> (64u - r)) : v;
    }
    sh[i] = fmix64(h ^ k);
  }
  *out = sh;
  *n_out = ns;
  return AC_OK;
}

static int fp_fill(ac_fingerprint *fp, ac_fp__tokens *t)
{
  uint64_t *sh = NULL;
  size_t ns = 0;
  int rc;

  if (ac_fp__digest(t->norm != NULL ? t->norm : "", t->len, fp->digest, sizeof fp->digest) < 0)
    return AC_ERROR;
  fp->tokens = t->tok;
  fp->n_tokens = t->n;
  t->tok = NULL;                  /* the fingerprint owns the tokens now */
  rc = shingle_hashes(fp->tokens, fp->n_tokens, fp->params.k, &sh, &ns);
  if (rc == AC_OK)
    rc = ac_fp__winnow(sh, ns, fp->params.w, &fp->hashes, &fp->n_hashes);
  if (rc == AC_OK)
    fp->simhash = ac_fp__simhash(sh, ns);
  free(sh);
  return rc;
}

int ac_fp_compute(ac_fingerprint **out, const char *text, size_t len,
                  const ac_fp_params *params, ac_error *err)
{
  static const ac_fp_params defaults = AC_FP_PARAMS_INIT;
  ac_fp__tokens t = {0};
  ac_fingerprint *fp;
  int rc;

  *out = NULL;
  if (params == NULL)
    params = &defaults;
  rc = check_params(params, err);
  if (rc < 0)
    return rc;
  if (len >= UINT32_MAX)
    return ac_error_set(err, AC_ELIMIT, "text of %zu bytes is too long to fingerprint", len);
  fp = calloc(1, sizeof *fp);
  if (fp == NULL)
    return ac_error_set(err, AC_ENOMEM, "out of memory");
  fp->params = *params;
  rc = ac_fp__tokenize(&t, text, len);
  if (rc == AC_OK)
    rc = fp_fill(fp, &t);
  ac_fp__tokens_dispose(&t);
  if (rc < 0) {
    ac_fp_free(fp);
    return ac_error_set(err, rc, rc == AC_ENOMEM ? "out of memory" : "SHA-256 failed");
  }
  if (fp->n_tokens > 0 && fp->tokens != NULL) {
    ac_token *fit = realloc(fp->tokens, fp->n_tokens * sizeof *fit);   /* give back slack */
    if (fit != NULL)
      fp->tokens = fit;
  }
  *out = fp;
  return AC_OK;
}

void ac_fp_free(ac_fingerprint *fp)
{
  if (fp == NULL)
    return;
  free(fp->tokens);
  free(fp->hashes);
  free(fp->quoted);
  free(fp);
}

char *ac_fp_normalized(const char *text, size_t len)
{
  ac_fp__tokens t = {0};
  char *s;

  if (len >= UINT32_MAX || ac_fp__tokenize(&t, text, len) < 0) {
    ac_fp__tokens_dispose(&t);
    return NULL;
  }
  s = t.norm != NULL ? t.norm : calloc(1, 1);
  t.norm = NULL;
  ac_fp__tokens_dispose(&t);
  return s;
}

int ac_page_fingerprint(ac_page *page, const ac_fp_params *params, ac_error *err)
{
  ac_fingerprint *fp = NULL;
  ac_error local;
  size_t len = 0;
  const char *text = ac_page_original_text(page, &len);   /* not a Markdown/text view */
  int rc;

  if (page->extracted) {          /* the article body, without the site's chrome */
    text = page->facts.main_text != NULL ? page->facts.main_text : "";
    len = page->facts.main_text != NULL ? page->facts.main_len : 0;
  }
  rc = ac_fp_compute(&fp, text, len, params, &local);
  if (rc == AC_OK)
    rc = ac_fp_mark_quotes(fp, text, len, &local);
  if (rc == AC_OK && page->extracted)
    rc = ac_fp_mark_quoted(fp, page->facts.main_quotes, page->facts.n_main_quotes, &local);
  if (rc < 0) {
    ac_fp_free(fp);
    return ac_error_set_file(err, rc, page->path, 0, 0, "%s", local.msg);
  }
  ac_fp_free(page->fp);
  page->fp = fp;
  page->fp_free = ac_fp_free;
  return AC_OK;
}

const ac_fingerprint *ac_page_fp(const ac_page *page)
{
  return page->fp;
}
