/* Fuzz target: any bytes as a rule pack are accepted or refused with a message, never a crash. */
#include <stdint.h>

#include "attrcheck/rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  ac_rules *rules = NULL;
  ac_error err = {0};

  if (ac_rules_new(&rules, &err) < 0)
    return 0;
  if (ac_rules_add_buffer(rules, "fuzz.xml", (const char *)data, size, &err) < 0 &&
      err.msg[0] == '\0')
    __builtin_trap();   /* a refusal always says why */
  ac_rules_free(rules);
  return 0;
}
