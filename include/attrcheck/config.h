/*
 * attrcheck: the project configuration file, attrcheck.xml — rule packs,
 * index, inputs, fail-on, baseline, per-path policies and the site URL.
 * Validated against a schema compiled into the library, parsed without
 * network, file or entity access, like rule packs.
 */
#ifndef ATTRCHECK_CONFIG_H
#define ATTRCHECK_CONFIG_H

#include "common.h"
#include "error.h"

/** A policy applied to pages whose path matches a glob. */
typedef struct ac_config_policy {
  const char *path;        /* glob on the page path relative to the project root (this file's directory) */
  const char *policy;      /* policy pack name */
  unsigned line;           /* where it is written, for messages about it */
} ac_config_policy;

typedef struct ac_config {
  const char *const *rules;    size_t n_rules;     /* pack paths, as written */
  bool no_default_rules;
  const char *index;           /* index path, as written; NULL when none */
  const char *const *include;  size_t n_include;
  const char *const *exclude;  size_t n_exclude;
  const char *fail_on;         /* "error", "warning", "note", "never"; NULL when unset */
  const char *baseline;        /* NULL when unset */
  const char *base_url;        /* site URL of the repository's pages */
  const char *format;          /* default --format; NULL when unset */
  unsigned jobs;               /* 0 when unset */
  const ac_config_policy *policies; size_t n_policies;
} ac_config;

/**
 * Read and validate a configuration file. `*out` is yours: ac_config_free().
 * Errors are "path:line: message" with AC_EINVALID, or AC_EIO.
 */
AC_EXTERN int ac_config_load_file(ac_config **out, const char *path, ac_error *err);
AC_EXTERN void ac_config_free(ac_config *cfg);

/** The commented starter file `attrcheck init` writes; a static string. */
AC_EXTERN const char *ac_config_starter(void);

#endif
