/*
 * attrcheck: rule packs — notice phrasings, the source registry and rules,
 * loaded from XML validated against rules/attrcheck-rules.xsd.
 *
 * An ac_rules is built once and only read afterwards, so worker threads can
 * share it. It never sees HTML: extraction receives its phrasings as a matcher
 * (ac_rules_notice_matcher), and evaluation reads facts and matches.
 *
 * Packs are parsed with libxml2 without network access, entity substitution,
 * DTDs or external entities, all set on each parser context: loading a pack
 * changes none of libxml2's process-wide settings (entity loader, error
 * handlers), so a program that uses libxml2 itself keeps its own. What remains
 * global is libxml2's one-time xmlInitParser().
 */
#ifndef ATTRCHECK_RULES_H
#define ATTRCHECK_RULES_H

#include "common.h"
#include "error.h"
#include "facts.h"
#include "finding.h"

typedef struct ac_rules ac_rules;

/** Create an empty rule set. `*out` is yours: ac_rules_free(). */
AC_EXTERN int ac_rules_new(ac_rules **out, ac_error *err);

/**
 * Validate and add one pack file. Errors are "path:line: message" with
 * AC_EINVALID (syntax, schema, unknown check, bad regular expression) or
 * AC_EIO. The pack is parsed without network, file or entity access.
 */
AC_EXTERN int ac_rules_add_file(ac_rules *rules, const char *path, ac_error *err);

/** Like ac_rules_add_file for a pack in memory; `name` is used in messages. */
AC_EXTERN int ac_rules_add_buffer(ac_rules *rules, const char *name, const char *xml,
                                  size_t len, ac_error *err);

/**
 * Add the built-in packs: every *.xml in `dir`, in name order. When dir is
 * NULL: those of $ATTRCHECK_RULES_DIR when set, else the packs compiled into
 * the library (no file is read).
 */
AC_EXTERN int ac_rules_add_defaults(ac_rules *rules, const char *dir, ac_error *err);

AC_EXTERN void ac_rules_free(ac_rules *rules);

/** A pack as loaded: the name it was added under (its path) and the SHA-256 of its bytes. */
typedef struct ac_pack_digest {
  const char *file;
  char sha256[65];         /* 64 hex digits */
} ac_pack_digest;

/** The number of packs loaded, in load order. */
AC_EXTERN size_t ac_rules_pack_count(const ac_rules *rules);
/** Pack `i` as loaded; borrowed, valid until ac_rules_free(). NULL when out of range. */
AC_EXTERN const ac_pack_digest *ac_rules_pack_digest(const ac_rules *rules, size_t i);

/**
 * Match the notice phrasings against one block of text. Phrasings of every
 * language are tried (pages mix them); writes at most `max` matches in text
 * order, without overlaps, and returns how many (or a negative AC_E*).
 */
AC_EXTERN int ac_rules_match_notices(const ac_rules *rules, const char *text, size_t len,
                                     ac_phrase_match *out, size_t max);

/**
 * Fills opts->match_notices and opts->match_ctx so that extraction matches the
 * phrasings of `rules` (borrowed: keep the rules until extraction is done). NULL
 * rules leave the options without a matcher (no notices are found by phrasing).
 */
AC_EXTERN void ac_rules_notice_matcher(const ac_rules *rules, ac_extract_options *opts);

/** A publisher in the source registry. Borrowed from the rules. */
typedef struct ac_source {
  const char *id;
  const char *name;
  const char *const *aliases;  size_t n_aliases;
  const char *const *domains;  size_t n_domains;  /* registrable domains */
  const char *owner;           /* owner group: same-owner sites count as one */
  const char *holder;          /* copyright holder */
  const char *license;         /* SPDX id or "all-rights-reserved" */
  const char *lang;
  const char *policy;          /* policy pack to apply when upstream is this source */
  bool agency;                 /* a news agency: its copy is licensed by subscription, and its
                                  credit ("Source: Reuters") has no article to link to */
} ac_source;

/** The source whose domains include `host`'s registrable domain; NULL if none. */
AC_EXTERN const ac_source *ac_rules_source_by_host(const ac_rules *rules, const char *host);
/** The source with this name or alias (case, accents and spaces ignored); NULL if none. */
AC_EXTERN const ac_source *ac_rules_source_by_name(const ac_rules *rules, const char *name);

/**
 * True when `name` plausibly names the site at `host`: the registry first,
 * then the name-vs-registrable-domain heuristic ("The Verge" ↔ theverge.com).
 */
AC_EXTERN bool ac_rules_name_matches_host(const ac_rules *rules, const char *name,
                                          const char *host);

/** Options for ac_rules_eval(). */
typedef struct ac_eval_options {
  const char *policy;      /* --policy NAME: force a policy pack; NULL to select */
  const char *rel_path;    /* the page path for `path` conditions (globs); the CLI passes
                              it relative to the project root */
} ac_eval_options;

#define AC_EVAL_OPTIONS_INIT { NULL, NULL }

/**
 * Evaluate every rule against the page's facts and matches; findings and the
 * provenance chain are stored in the page (ac_page_findings, ac_page_chain).
 * Inline suppressions are applied. Returns AC_ENOMEM or AC_ELIMIT.
 */
AC_EXTERN int ac_rules_eval(const ac_rules *rules, ac_page *page, const ac_eval_options *opts,
                            ac_error *err);

/** A rule as listed by `attrcheck rules list` and explained by `rules explain`. */
typedef struct ac_rule_info {
  const char *id;
  const char *check;       /* the check type */
  const char *pack;        /* the pack's name */
  ac_severity severity;
  const char *summary;     /* one line */
  const char *description; /* what it checks and why */
  const char *hint;        /* how to fix */
  const char *example;     /* an example that fails; may be NULL */
  const char *const *supersedes;  /* rule ids this one covers more strictly (docs/rules.md) */
  size_t n_supersedes;
} ac_rule_info;

/** The number of rules loaded. */
AC_EXTERN size_t ac_rules_count(const ac_rules *rules);
/** Rule `i` (0-based, load order); borrowed. NULL when out of range. */
AC_EXTERN const ac_rule_info *ac_rules_info(const ac_rules *rules, size_t i);
/** The rule with this id; NULL if none. */
AC_EXTERN const ac_rule_info *ac_rules_find(const ac_rules *rules, const char *id);

/*
 * Baselines (--baseline, --write-baseline): findings that already existed
 * when the baseline was written are marked suppressed ("baseline") instead
 * of failing the run. A finding is keyed by rule id, page path and its
 * evidence normalised (case and white space folded), never by line number,
 * so editing a page elsewhere does not bring old findings back. The file is
 * text, one "rule<TAB>path<TAB>evidence" line per finding, sorted.
 */
typedef struct ac_baseline ac_baseline;

/** An empty baseline. `*out` is yours: ac_baseline_free(). */
AC_EXTERN int ac_baseline_new(ac_baseline **out, ac_error *err);
/** Read a baseline file. AC_EIO (unreadable) or AC_EINVALID ("file:line: …"). `*out` is yours. */
AC_EXTERN int ac_baseline_load(ac_baseline **out, const char *path, ac_error *err);
/**
 * Record the page's findings (not those suppressed inline) under `path`.
 * Not thread-safe: call from one thread. Returns AC_ENOMEM.
 */
AC_EXTERN int ac_baseline_record(ac_baseline *b, const char *path, const ac_page *page,
                                 ac_error *err);
/**
 * Mark the page's findings that the baseline holds as suppressed ("baseline");
 * as many of one key as were recorded. Returns how many were marked. The
 * baseline is only read, so threads may share it.
 */
AC_EXTERN size_t ac_baseline_apply(const ac_baseline *b, const char *path, ac_page *page);
/** Write the baseline atomically (temporary file, fsync, rename). AC_EIO names the file. */
AC_EXTERN int ac_baseline_write(const ac_baseline *b, const char *path, ac_error *err);
/**
 * Copy into `into` the entries of `from` whose page `settled` does not
 * claim: the CLI's `settled` says a path was checked this run or its file is
 * gone. Writing a baseline from part of a tree (the files a pre-commit hook
 * passes) then keeps what it knew of the rest, and drops deleted pages.
 * Returns AC_ENOMEM.
 */
AC_EXTERN int ac_baseline_carry(ac_baseline *into, const ac_baseline *from,
                                bool (*settled)(const char *path, void *ctx), void *ctx,
                                ac_error *err);
/**
 * How many entries of `known` (each repeat counted) no finding in `seen`
 * (the run's findings, recorded) uses, among the pages `settled` claims:
 * fixed findings (or deleted pages) the baseline still excuses, which would
 * hide the same problem coming back.
 */
AC_EXTERN size_t ac_baseline_stale(const ac_baseline *known, const ac_baseline *seen,
                                   bool (*settled)(const char *path, void *ctx), void *ctx);
/** Entries held. */
AC_EXTERN size_t ac_baseline_count(const ac_baseline *b);
AC_EXTERN void ac_baseline_free(ac_baseline *b);

/** True when a policy pack with this name is loaded (for --policy and attrcheck.xml). */
AC_EXTERN bool ac_rules_has_policy(const ac_rules *rules, const char *name);

#endif
