/* Severity names and the rule listing used by `attrcheck rules list|explain`. */
#include <string.h>

#include "pack.h"

static const char *const severity_names[] = {"none", "note", "warning", "error"};

const char *ac_severity_name(ac_severity sev)
{
  return (unsigned)sev < AC_COUNT(severity_names) ? severity_names[sev] : "none";
}

int ac_severity_from_name(const char *name)
{
  if (name == NULL)
    return -1;
  if (strcmp(name, "off") == 0)
    return AC_SEV_NONE;
  for (size_t i = 0; i < AC_COUNT(severity_names); i++)
    if (strcmp(name, severity_names[i]) == 0)
      return (int)i;
  return -1;
}

size_t ac_rules_count(const ac_rules *rules)
{
  return rules != NULL ? rules->n_rules : 0;
}

const ac_rule_info *ac_rules_info(const ac_rules *rules, size_t i)
{
  return rules != NULL && i < rules->n_rules ? &rules->rules[i]->info : NULL;
}

const ac_rule_info *ac_rules_find(const ac_rules *rules, const char *id)
{
  for (size_t i = 0; rules != NULL && id != NULL && i < rules->n_rules; i++)
    if (strcmp(rules->rules[i]->info.id, id) == 0)
      return &rules->rules[i]->info;
  return NULL;
}
