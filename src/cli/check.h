/* Internal to `attrcheck check`: its options and the run. */
#ifndef AC_CLI_CHECK_H
#define AC_CLI_CHECK_H

#include "cli.h"
#include "config.h"

typedef struct check_opts {
  const char *format, *output, *url, *base_url, *policy, *index;
  const char *baseline, *write_baseline, *config, *color;
  const char *sign;               /* --sign KEY.pem: sign the -o report file */
  cli_strings rules, include, exclude, paths;
  bool no_default_rules, follow, progress, quiet, no_config;
  bool follow_anywhere;           /* --follow-anywhere: links may leave the project root */
  unsigned jobs;                  /* 0: number of cores */
  unsigned shard, shards;         /* --shard I/N: this run checks shard I of N (1-based); 0/0: all */
  ac_severity fail_on;
  ac_limits limits;
  ac_input_type input_type;   /* --input-type; AC_INPUT_AUTO by name and content */
  ac_compare_options compare;     /* --count-quotes, --min-passage */
  struct { bool fail_on; } set;   /* given on the command line: beats the config file */
  cli_config cfg;                 /* attrcheck.xml, when found */
  cli_rights_files rights;        /* --headers, --tdmrep, --robots */
  char *root;                     /* project root: cfg.dir, else the current directory (real path) */
  char *command_line;             /* "attrcheck check …", for JSON and SARIF; malloc'd */
  cli_strings owned;              /* malloc'd strings the options point into */
  const ac_config_policy *policies; size_t n_policies;  /* per-path policies */
  struct { bool on, allow_private; const char *cache; double delay, timeout; } fetch;  /* --fetch* */
} check_opts;

/* --fetch options (src/cli/check_fetch.c); values past getopt's own. */
enum {
  CHECK_OPT_FETCH = 1000, CHECK_OPT_FETCH_CACHE, CHECK_OPT_FETCH_DELAY, CHECK_OPT_FETCH_TIMEOUT,
  CHECK_OPT_FETCH_ALLOW_PRIVATE
};
/** Apply one --fetch* option; 0, or CLI_EXIT_FAILED after saying why. */
int check_fetch_option(check_opts *o, int c, const char *arg);
/** With --fetch, make the run's fetcher (NULL without); CLI_EXIT_FAILED after saying why. */
int check_fetch_open(const check_opts *o, ac_fetch **out);

/** Find and apply attrcheck.xml (or --config); command-line options win. */
int check_apply_config(check_opts *o);

/**
 * CLI_EXIT_CLEAN when -o and --write-baseline name nothing the run depends
 * on (index, config in use or any valid config, rule pack, baseline in use,
 * an input) and --write-baseline names no file but a baseline; else prints
 * one line saying why and returns CLI_EXIT_FAILED.
 */
int check_outputs_safe(const check_opts *o, const cli_inputs *in);

/** Run the check; returns the exit status. */
int check_run(check_opts *o);

#endif
