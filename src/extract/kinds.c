/*
 * The one table of notice-kind names: kebab-case, in ac_notice_kind order. Rule
 * packs name kinds this way (rules/attrcheck-rules.xsd lists the same), and
 * `attrcheck extract` writes them.
 */
#include <string.h>

#include "attrcheck/facts.h"

static const char *const kind_names[AC_NOTICE_KIND_COUNT] = {
  "source", "originally-published", "first-appeared", "republished", "via", "read-original",
  "syndication", "appeared-first", "agency", "copyright", "rights-reserved", "license"};

const char *ac_notice_kind_name(ac_notice_kind kind)
{
  return (unsigned)kind < AC_NOTICE_KIND_COUNT ? kind_names[kind] : NULL;
}

int ac_notice_kind_from_name(const char *name)
{
  for (int i = 0; name != NULL && i < AC_NOTICE_KIND_COUNT; i++)
    if (strcmp(kind_names[i], name) == 0)
      return i;
  return -1;
}
