/* Fuzz target: two texts (split at the first NUL) fingerprint, mark their
 * quotations and align without a crash. */
#include <stdint.h>
#include <string.h>

#include "attrcheck/fingerprint.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *text = (const char *)data;
  const char *nul = memchr(text, '\0', size);
  size_t a_len = nul != NULL ? (size_t)(nul - text) : size / 2;
  size_t b_off = nul != NULL ? a_len + 1 : a_len;
  ac_fingerprint *a = NULL, *b = NULL;
  ac_comparison *c = NULL;

  if (ac_fp_compute(&a, text, a_len, NULL, NULL) == 0 &&
      ac_fp_compute(&b, text + b_off, size - b_off, NULL, NULL) == 0 &&
      ac_fp_mark_quotes(a, text, a_len, NULL) == 0 &&
      ac_fp_mark_quotes(b, text + b_off, size - b_off, NULL) == 0 &&
      ac_fp_compare(&c, a, b, NULL) == 0 &&
      (c->original_coverage < 0 || c->page_coverage < 0 || c->quoted_coverage < 0 ||
       c->original_coverage + c->quoted_coverage > 1 + 1e-9 || c->page_coverage > 1))
    __builtin_trap();   /* coverages are shares */
  ac_comparison_free(c);
  ac_fp_free(a);
  ac_fp_free(b);
  return 0;
}
