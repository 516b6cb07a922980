/* attrcheck.xml: the project configuration found in the current directory or a parent. */
#ifndef AC_CLI_CONFIG_H
#define AC_CLI_CONFIG_H

#include "cli.h"

typedef struct cli_config {
  char *path;               /* the file read; NULL when none */
  char *dir;                /* its directory: relative paths in it are relative to this */
  ac_config *cfg;           /* the parsed file */
} cli_config;

/**
 * Read `explicit_path`, or search attrcheck.xml upwards from the current
 * directory. No file found: 0 with cfg->path NULL. Invalid: prints file:line
 * and returns CLI_EXIT_FAILED.
 */
int cli_config_find(cli_config *cfg, const char *explicit_path);
void cli_config_dispose(cli_config *cfg);

#endif
