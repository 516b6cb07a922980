/* Questions the CLI asks of loaded rules before a run. */
#include <string.h>

#include "pack.h"

bool ac_rules_has_policy(const ac_rules *rules, const char *name)
{
  for (size_t i = 0; i < rules->n_policies; i++)
    if (strcmp(rules->policies[i], name) == 0)
      return true;
  return false;
}
