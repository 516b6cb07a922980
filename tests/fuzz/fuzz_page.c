/* Fuzz target: any bytes as a page load, parse, extract and evaluate, or fail with a message. */
#include <stdint.h>
#include <stdlib.h>

#include "attrcheck.h"

static const ac_rules *rules_once(void)
{
  static ac_rules *rules;
  const char *dir = getenv("ATTRCHECK_RULES_DIR");

  if (rules == NULL && ac_rules_new(&rules, NULL) == 0 &&
      ac_rules_add_defaults(rules, dir != NULL ? dir : AC_SOURCE_RULES_DIR, NULL) < 0)
    __builtin_trap();   /* the built-in packs must load */
  return rules;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const ac_rules *rules = rules_once();
  ac_page *page = NULL;
  ac_error err = {0};
  char *json = NULL;

  if (ac_page_load_buffer(&page, "fuzz.html", data, size, NULL, &err) == 0 &&
      ac_page_extract(page, rules, NULL, &err) == 0 &&
      ac_rules_eval(rules, page, NULL, &err) == 0 &&
      ac_page_facts_json(page, 0, &json, &err) == 0 && json == NULL)
    __builtin_trap();
  free(json);
  ac_page_free(page);
  return 0;
}
