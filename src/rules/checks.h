/* Internal: check functions, one per check type (checks.c: attribution and index; policy.c: policies). */
#ifndef AC_RULES_CHECKS_H
#define AC_RULES_CHECKS_H

#include "eval.h"

/** True when `kind`'s name is among the space-separated names in `list`. */
bool ac_rules__kind_listed(const char *list, ac_notice_kind kind);
/** A number parameter, or `def` when absent or malformed. */
double ac_rules__param_num(const ac_rule *r, const char *name, double def);

int ac_check_notice_present(ac_eval *x, const ac_rule *r);
int ac_check_notice_has_link(ac_eval *x, const ac_rule *r);
int ac_check_link_to_article(ac_eval *x, const ac_rule *r);
int ac_check_canonical_upstream(ac_eval *x, const ac_rule *r);
int ac_check_byline_kept(ac_eval *x, const ac_rule *r);
int ac_check_license_notice(ac_eval *x, const ac_rule *r);
int ac_check_modifications_indicated(ac_eval *x, const ac_rule *r);
int ac_check_share_alike_kept(ac_eval *x, const ac_rule *r);
int ac_check_title_kept(ac_eval *x, const ac_rule *r);
int ac_check_tracking_pixel(ac_eval *x, const ac_rule *r);
int ac_check_credit_link_follow(ac_eval *x, const ac_rule *r);
int ac_check_excerpt_share(ac_eval *x, const ac_rule *r);
/* rights.c */
int ac_check_tdm_channels_agree(ac_eval *x, const ac_rule *r);
int ac_check_tdm_policy_reserved(ac_eval *x, const ac_rule *r);
int ac_check_ai_use_consistent(ac_eval *x, const ac_rule *r);
int ac_check_license_channels_agree(ac_eval *x, const ac_rule *r);
int ac_check_c2pa_single_manifest(ac_eval *x, const ac_rule *r);
int ac_check_holder_channels_agree(ac_eval *x, const ac_rule *r);
/* fetched.c: what --fetch found */
int ac_check_fetched_has_text(ac_eval *x, const ac_rule *r);
int ac_check_fetched_reachable(ac_eval *x, const ac_rule *r);
int ac_check_fetched_same_site(ac_eval *x, const ac_rule *r);
int ac_check_fetched_terms_kept(ac_eval *x, const ac_rule *r);
int ac_check_fetched_license_same(ac_eval *x, const ac_rule *r);

#endif
