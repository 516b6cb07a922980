/*
 * ac_page_extract: extraction with the rule packs' notice phrasings. It sits
 * above both stages, so extraction itself never sees the rules: it only
 * receives a matcher in its options.
 */
#include "attrcheck/facts.h"
#include "attrcheck/rules.h"

int ac_page_extract(ac_page *page, const ac_rules *rules, const ac_extract_options *opts,
                    ac_error *err)
{
  ac_extract_options o = AC_EXTRACT_OPTIONS_INIT;

  if (opts != NULL)
    o = *opts;
  if (o.match_notices == NULL)
    ac_rules_notice_matcher(rules, &o);
  return ac_page_extract_with(page, &o, err);
}
