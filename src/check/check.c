/*
 * ac_check_document: the stages in order, on top of every stage folder. Only
 * this folder calls more than one stage; the stages never call each other's
 * entry points.
 */
#include "attrcheck/check.h"
#include "attrcheck/fingerprint.h"

int ac_check_document(ac_page *page, const ac_rules *rules, ac_index *index,
                      const ac_check_options *opts, ac_error *err)
{
  static const ac_check_options none = AC_CHECK_OPTIONS_INIT;
  ac_extract_options xo = AC_EXTRACT_OPTIONS_INIT;
  int rc;

  if (opts == NULL)
    opts = &none;
  xo.url = opts->url;
  rc = ac_page_extract(page, rules, &xo, err);
  if (rc == AC_OK)
    rc = ac_page_fingerprint(page, NULL, err);
  if (rc == AC_OK && index != NULL)
    rc = ac_index_match(index, page, &opts->match, err);
  if (rc == AC_OK && opts->fetch != NULL)
    rc = ac_fetch_check_page(opts->fetch, page, rules, err);
  if (rc == AC_OK)
    rc = ac_rules_eval(rules, page, &opts->eval, err);
  return rc;
}
