/* TEMPORARY scaffold so the tree links; the extract module replaces this file. */
#include "attrcheck/facts.h"
#include "attrcheck/rules.h"

int ac_page_extract(ac_page *page, const ac_rules *rules, const ac_extract_options *opts,
                    ac_error *err)
{
  (void)page; (void)rules; (void)opts;
  return ac_error_set(err, AC_ERROR, "extraction is not built yet");
}
const char *ac_notice_kind_name(ac_notice_kind kind) { (void)kind; return "unknown"; }
int ac_notice_kind_from_name(const char *name) { (void)name; return -1; }
const char *ac_signal_source_name(ac_signal_source s) { (void)s; return "unknown"; }
