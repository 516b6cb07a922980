/*
 * C2PA 2.x manifest associations of a text or HTML asset, detected and located
 * (never validated: checking the signature needs the C2PA SDK): <link
 * rel="c2pa-manifest" href>, <script type="application/c2pa">, a
 * "-----BEGIN C2PA MANIFEST-----" block in a comment, and the in-text
 * wrapper, U+FEFF followed by a run of variation selectors that encodes the
 * manifest's bytes. Each is a rights fact "c2pa-manifest" whose detail says
 * which.
 */
#include <string.h>

#include "extract.h"

#define C2PA_BEGIN "-----BEGIN C2PA MANIFEST-----"
#define C2PA_MIN_SELECTORS 8     /* a few stray selectors (emoji styling) are no manifest */

static int manifest(xctx *x, const char *value, const char *detail, ac_span span)
{
  ac_pos none = {0, 0};
  size_t before = x->facts->n_rights;
  int rc = ac_extract__right(x, "c2pa-manifest", value, NULL, AC_ORIGIN_PAGE, span, none);

  if (rc == AC_OK && x->facts->n_rights > before)
    x->facts->rights[before].detail = detail;
  return rc;
}

int ac_extract__c2pa_link(xctx *x, const char *rel, const char *href, ac_span span)
{
  if (rel == NULL || href == NULL || !ac_extract__has_token(rel, "c2pa-manifest"))
    return AC_OK;
  return manifest(x, href, "link", span);
}

int ac_extract__c2pa_script(xctx *x, const char *type, ac_span span)
{
  if (type == NULL || strcmp(type, "application/c2pa") != 0)
    return AC_OK;
  return manifest(x, "inline", "script", span);
}

int ac_extract__c2pa_comment(xctx *x, const char *text, ac_span span)
{
  if (strstr(text, C2PA_BEGIN) == NULL)
    return AC_OK;
  return manifest(x, "inline", "comment", span);
}

/* Bytes of one variation selector at s (U+FE00..FE0F, U+E0100..E01EF), or 0. */
static size_t selector_len(const unsigned char *s, size_t left)
{
  if (left >= 3 && s[0] == 0xEF && s[1] == 0xB8 && s[2] >= 0x80 && s[2] <= 0x8F)
    return 3;
  if (left >= 4 && s[0] == 0xF3 && s[1] == 0xA0 && s[2] >= 0x84 && s[2] <= 0x87 &&
      s[3] >= 0x80 && s[3] <= 0xBF)
    return 4;
  return 0;
}

/* The in-text wrapper: one fact per U+FEFF that starts a long run of selectors. */
int ac_extract__c2pa_text(xctx *x)
{
  size_t len;
  const unsigned char *t = (const unsigned char *)ac_page_text(x->page, &len);
  size_t i = 0;

  while (i + 3 <= len) {
    const unsigned char *bom = memchr(t + i, 0xEF, len - i);
    if (bom == NULL)
      break;
    i = (size_t)(bom - t);
    if (i + 3 > len || bom[1] != 0xBB || bom[2] != 0xBF) {
      i++;
      continue;
    }
    size_t j = i + 3, n = 0, step;
    while ((step = selector_len(t + j, len - j)) > 0) {
      j += step;
      n++;
    }
    if (n >= C2PA_MIN_SELECTORS) {
      ac_span span = {(uint32_t)i, (uint32_t)j};
      int rc = manifest(x, "inline", "text-wrapper", span);
      if (rc < 0)
        return rc;
    }
    i = j;
  }
  return AC_OK;
}
