/*
 * Internal: what evaluation knows about one page, computed once before the
 * checks run (credits with their links, republication, upstream, policy),
 * and the findings the checks produce.
 */
#ifndef AC_RULES_EVAL_H
#define AC_RULES_EVAL_H

#include "attrcheck/fingerprint.h"
#include "pack.h"
#include "../page/page.h"

#define EVAL_MAX_LINKS 8

/** A notice that names a source, with the links judged to go with it. */
typedef struct ac_credit {
  const ac_notice *n;
  const ac_link *links[EVAL_MAX_LINKS];  /* own links, then adjacent ones given to it */
  size_t n_links, n_own;
  const char *text_url;      /* a URL written in the notice text; NULL when none */
  const char *text_host;
  const ac_link *link;       /* the link that goes with the credit (matching first) */
  const char *url, *host;    /* of `link`, else of text_url */
  bool matched;              /* the credited name belongs to `host` */
  const ac_source *source;   /* registry entry for the name or the host */
} ac_credit;

/** Values a message template can name: {credit}, {host}, {url}, … */
typedef struct ac_vars {
  const char *credit, *host, *url, *evidence, *license, *coverage, *copy, *lang;
} ac_vars;

struct ac_eval {
  const ac_rules *rules;
  ac_page *page;
  ac_arena *arena;           /* the page's */
  const ac_facts *f;
  const ac_eval_options *opts;
  const ac_match *matches;   size_t n_matches;
  const char *page_host;
  const char *page_reg;      /* page_host's registrable domain, computed once */
  const ac_source *page_source;

  ac_credit *credits;        size_t n_credits;
  int primary;               /* index of the page's own credit, -1 */

  bool republished;          /* by any sign, notices included */
  bool republished_signal;   /* by a link, canonical or tool, not by a notice */
  bool url_upstream;         /* the URL assumed from the canonical is the original's */
  const char *rep_evidence;
  ac_span rep_span;
  bool permission;           /* a license or a permission is stated */
  const char *page_license;

  const char *up_name, *up_url, *up_host, *up_license, *up_lang;
  const ac_source *up_source;
  /* Whom the policy rules speak of: the upstream, or under a forced policy
     (--policy, a per-path policy) on a page crediting another site, that
     policy's publisher. The facts above stay as found for every other rule. */
  const char *pol_name, *pol_url, *pol_host;
  const ac_source *pol_source;
  const char *policy;

  ac_finding *out;           size_t n_out, cap_out;
  ac_error *err;
};

/* context.c */
/** Find the credits, pair them with links, judge them, pick the page's own (x->primary). */
int ac_rules__credits_build(ac_eval *x);
/** True when the credit has a link or a URL in its text. */
bool ac_rules__credit_linked(const ac_credit *c);
/** A news agency's credit (a dateline, or "Source: Reuters" naming a registry agency). */
bool ac_rules__wire_credit(const ac_credit *c);

/* upstream.c */
/** Republication, permission, upstream, policy; then the chain and the attribution summary. */
int ac_rules__upstream_build(ac_eval *x);
int ac_rules__chain_store(ac_eval *x);

/* eval.c */
/** Record a finding of rule r at span; the message comes from the rule's template or `def`. */
int ac_rules__emit(ac_eval *x, const ac_rule *r, ac_span span, const char *def,
                   const ac_vars *v);
/** True when the notice kind names a source ("source", "via", …; not copyright). */
bool ac_rules__credit_kind(ac_notice_kind k);
/** True when a match is a real copy: min_cov of the original or min_words of text. */
bool ac_rules__match_counts(const ac_match *m, double min_cov, size_t min_words);
/** True when host is the page's own site (same registrable domain, source or owner group). */
bool ac_rules__own_site(const ac_eval *x, const char *host);
/** True when `by`'s copied passages cover most (80 %) of those `m` copies: the same text. */
bool ac_rules__explains(const ac_match *by, const ac_match *m);
/** True when some credit or link of the page names or points at host's site. */
bool ac_rules__page_credits_host(const ac_eval *x, const char *host, const char *site_name);

#endif
