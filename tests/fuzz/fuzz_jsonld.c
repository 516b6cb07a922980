/*
 * Fuzz target: any bytes as the body of one <script type=application/ld+json>
 * block, extracted as a page under a small memory budget, so jansson's own
 * failures (bad JSON, depth, allocation refused by the budget) are exercised
 * as well as the schema.org walk. A "</script" in the input ends the block
 * early and the rest is HTML, which is fine: it is still a page.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "attrcheck.h"

/* Small enough that a few kB of JSON can reach it (jansson spends ~200 bytes a value). */
#define FUZZ_MAX_MEMORY ((size_t)1 << 20)

static const char head[] = "<!doctype html><title>t</title><script type=application/ld+json>";
static const char tail[] = "</script><p>text</p>";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  ac_limits limits = AC_LIMITS_INIT;
  ac_page *page = NULL;
  ac_error err = {0};
  char *json = NULL;
  size_t len = sizeof head - 1 + size + sizeof tail - 1;
  char *html = malloc(len);

  if (html == NULL)
    return 0;
  memcpy(html, head, sizeof head - 1);
  if (size > 0)
    memcpy(html + sizeof head - 1, data, size);
  memcpy(html + sizeof head - 1 + size, tail, sizeof tail - 1);
  limits.max_memory = FUZZ_MAX_MEMORY;
  limits.max_parse_seconds = 0;   /* only the budget stops a parse: no flaky timeouts */
  if (ac_page_load_buffer(&page, "fuzz.html", html, len, &limits, &err) == 0 &&
      ac_page_extract(page, NULL, NULL, &err) == 0 &&
      ac_page_facts_json(page, 0, &json, &err) == 0 && json == NULL)
    __builtin_trap();   /* success always gives the facts */
  free(json);
  ac_page_free(page);
  free(html);
  return 0;
}
