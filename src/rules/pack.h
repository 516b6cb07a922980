/*
 * Internal: the loaded rule set. Built once by load.c, then only read, so
 * worker threads share it. All strings and arrays live in `mem`, which the
 * rule set owns and ac_rules_free() releases.
 */
#ifndef AC_RULES_PACK_H
#define AC_RULES_PACK_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdatomic.h>

#include "attrcheck/rules.h"
#include "../util/arena.h"

typedef struct ac_phrase {
  const char *id;
  const char *lang;          /* NULL: any language */
  ac_notice_kind kind;
  bool permission;
  pcre2_code *re;            /* compiled once; match data is made per call */
  int credit_group;          /* group number of (?<credit>…), 0 when absent */
  uint32_t pairs;            /* ovector pairs a match needs: capture groups + 1 */
  /* A JIT-compiled copy of `re`, made once the phrasing has been tried on
     enough blocks to repay it (phrase.c): a one-page check never pays for
     JIT, a batch or the service gets it after a few pages. Published once,
     read-only after; `re` itself is never written, so threads may share it. */
  _Atomic(pcre2_code *) jit;
  atomic_uint scans;
} ac_phrase;

typedef struct ac_param {
  const char *name;
  const char *value;
} ac_param;

typedef struct ac_strlist {
  const char **items;
  size_t n;
} ac_strlist;

struct ac_check_type;

typedef struct ac_rule {
  ac_rule_info info;               /* info.pack is the pack name */
  const struct ac_check_type *check;
  const char *message;             /* template with {credit}, {host}…; NULL: the check's own */
  const char *policy;              /* set for rules of a policy pack: the pack name */
  int when_republished;            /* -1 any, 0 only when not, 1 only when republished */
  int when_matched;                /* -1 any, 0/1: the page matches an original in the index */
  ac_strlist when_license, when_source, when_path, when_lang;
  const ac_param *params;
  size_t n_params;
  unsigned line;                   /* where it was defined, for messages */
  const char *file;
} ac_rule;

struct _xmlSchema;

/** A registry name or alias, folded once at load time (lookups run for every credit). */
typedef struct ac_name_key {
  const char *fold, *bare;         /* folded; folded without a leading article */
  size_t source;                   /* index into sources */
} ac_name_key;

struct ac_rules {
  ac_arena *mem;
  struct _xmlSchema *schema;       /* compiled attrcheck-rules.xsd, made on first load */
  pcre2_match_context *mctx;       /* match and depth limits; read-only, shared by threads */
  ac_phrase *phrases;  size_t n_phrases, cap_phrases;
  ac_source *sources;  size_t n_sources, cap_sources;
  ac_rule **rules;     size_t n_rules, cap_rules;
  const char **packs;  size_t n_packs, cap_packs;
  ac_pack_digest *loaded; size_t n_loaded, cap_loaded;  /* each pack file as read, for signed reports */
  const char **policies; size_t n_policies, cap_policies;  /* names of policy packs */
  ac_name_key *keys;   size_t n_keys, cap_keys;        /* rebuilt after each pack */
  const char **assets; size_t n_assets, cap_assets;    /* CDN and file hosts (<asset-hosts>) */
  const char **platforms; size_t n_platforms, cap_platforms;   /* <platform-hosts> */
  const char **refs; size_t n_refs, cap_refs;          /* <reference-hosts> */
};

/* phrase.c */
/** Compile `pattern` into `ph`; AC_EINVALID with "file:line: …" on a bad pattern. */
int ac_rules__phrase_compile(ac_phrase *ph, const char *pattern, const char *file,
                             unsigned line, ac_error *err);
void ac_rules__phrase_free(ac_phrase *ph);
/** The shared match context with backtracking limits; NULL when out of memory. */
pcre2_match_context *ac_rules__match_context(void);

/* registry.c */
/**
 * Fold a name for comparison into buf: lower case, Latin accents removed,
 * only letters and digits kept. Returns buf, which must not overlap s.
 */
char *ac_rules__fold(const char *s, char *buf, size_t size);
/** Like ac_rules__fold; `german` spells ä, ö, ü as "ae", "oe", "ue" (sueddeutsche.de). */
char *ac_rules__fold_as(const char *s, char *buf, size_t size, bool german);
/** The registrable domain of host into buf (libpsl through the url module, else a heuristic). */
const char *ac_rules__registrable(const char *host, char *buf, size_t size);
/** Fold every source name and alias into rules->keys; AC_ENOMEM. */
int ac_rules__keys_build(ac_rules *rules);
/** The source of host, whose registrable domain is reg (NULL: computed here). */
const ac_source *ac_rules__source_by_reg(const ac_rules *rules, const char *host, const char *reg);
/** True when a and b are one source or share an owner group. */
bool ac_rules__same_owner(const ac_source *a, const ac_source *b);
/** True when host is (under) a listed CDN or file host: its links are files, not articles. */
bool ac_rules__asset_host(const ac_rules *rules, const char *host);
/** host is (under) a platform where anyone publishes: a video, photo or social site. */
bool ac_rules__platform_host(const ac_rules *rules, const char *host);
/** host is (under) a citation, library or shop host: a link there cites, it does not credit. */
bool ac_rules__reference_host(const ac_rules *rules, const char *host);
/** True when the two hosts belong to the same source or owner group. */
bool ac_rules__same_site(const ac_rules *rules, const char *host_a, const char *host_b);

/* build.c */
/** The kebab-case name of a notice kind, as packs write it; NULL when out of range. */

/* checks.c */
typedef struct ac_eval ac_eval;
typedef int (*ac_check_fn)(ac_eval *x, const ac_rule *r);

typedef struct ac_check_type {
  const char *name;
  ac_check_fn fn;
  const char *params[6];           /* accepted parameter names, NULL-terminated */
} ac_check_type;

/** The check type with this name; NULL when unknown. */
const ac_check_type *ac_rules__check_find(const char *name);
/** The value of a rule parameter, or `def`. */
const char *ac_rules__param(const ac_rule *r, const char *name, const char *def);

#endif
