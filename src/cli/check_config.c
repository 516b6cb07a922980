/*
 * attrcheck.xml for `check`: found upwards from the current directory; options
 * win, except that command-line rule packs and excludes add to the config's.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <libgen.h>
#include <string.h>
#include <unistd.h>

#include "check.h"

/* The folder holding `path`, malloc'd (dirname(3) may change its argument). */
static char *dir_of(const char *path)
{
  char *copy = strdup(path), *dir = copy != NULL ? strdup(dirname(copy)) : NULL;

  free(copy);
  return dir;
}

/* The nearest attrcheck.xml from the current directory up to the root. */
static char *search_upwards(void)
{
  char dir[PATH_MAX];

  if (getcwd(dir, sizeof dir) == NULL)
    return NULL;
  for (;;) {
    char candidate[PATH_MAX + 16];
    snprintf(candidate, sizeof candidate, "%s/attrcheck.xml", dir);
    if (access(candidate, F_OK) == 0)
      return strdup(candidate);
    char *slash = strrchr(dir, '/');
    if (slash == NULL || slash == dir)
      break;
    *slash = '\0';
  }
  return NULL;
}

int cli_config_find(cli_config *cfg, const char *explicit_path)
{
  ac_error err = {0};

  memset(cfg, 0, sizeof *cfg);
  cfg->path = explicit_path ? strdup(explicit_path) : search_upwards();
  if (cfg->path == NULL)
    return CLI_EXIT_CLEAN;
  cfg->dir = dir_of(cfg->path);
  if (ac_config_load_file(&cfg->cfg, cfg->path, &err) < 0) {
    cli_print_error(&err);
    return CLI_EXIT_FAILED;
  }
  return CLI_EXIT_CLEAN;
}

void cli_config_dispose(cli_config *cfg)
{
  ac_config_free(cfg->cfg);
  free(cfg->path);
  free(cfg->dir);
  memset(cfg, 0, sizeof *cfg);
}

/* A path written in the config is relative to the config file's directory. */
static const char *config_relative(check_opts *o, const char *p, cli_strings *keep)
{
  size_t n;
  char *joined;

  if (p == NULL || p[0] == '/' || strcmp(o->cfg.dir, ".") == 0)
    return p;
  n = strlen(o->cfg.dir) + strlen(p) + 2;
  joined = malloc(n);
  if (joined == NULL)
    return p;
  snprintf(joined, n, "%s/%s", o->cfg.dir, p);
  cli_strings_push(keep, joined);
  return joined;
}

static void apply_lists(check_opts *o, const ac_config *c)
{
  cli_strings rules = {0}, exclude = {0};

  /* Packs from the config come first, so command-line packs can override them. */
  for (size_t i = 0; i < c->n_rules; i++)
    cli_strings_push(&rules, config_relative(o, c->rules[i], &o->owned));
  for (size_t i = 0; i < o->rules.count; i++)
    cli_strings_push(&rules, o->rules.items[i]);
  cli_strings_dispose(&o->rules);
  o->rules = rules;
  if (o->include.count == 0)
    for (size_t i = 0; i < c->n_include; i++)
      cli_strings_push(&o->include, c->include[i]);
  /* Excludes add up: `--exclude 'news/<star>'` must not bring back the config's vendor/.
   * The config's come first, so "no pages to check" names them first. */
  for (size_t i = 0; i < c->n_exclude; i++)
    cli_strings_push(&exclude, c->exclude[i]);
  for (size_t i = 0; i < o->exclude.count; i++)
    cli_strings_push(&exclude, o->exclude.items[i]);
  cli_strings_dispose(&o->exclude);
  o->exclude = exclude;
}

/* Paths in the report's keys, policies, excludes and URLs are relative to it. */
static int set_root(check_opts *o)
{
  o->root = cli_project_root(o->cfg.path != NULL ? o->cfg.dir : NULL);
  if (o->root != NULL)
    return CLI_EXIT_CLEAN;
  cli_errorf("%s: %s", o->cfg.path != NULL ? o->cfg.dir : ".", strerror(errno));
  return CLI_EXIT_FAILED;
}

int check_apply_config(check_opts *o)
{
  const ac_config *c;
  int rc;

  if (o->no_config && o->config == NULL)
    return set_root(o);
  rc = cli_config_find(&o->cfg, o->config);
  if (rc != CLI_EXIT_CLEAN || o->cfg.cfg == NULL)
    return rc == CLI_EXIT_CLEAN ? set_root(o) : rc;
  c = o->cfg.cfg;
  apply_lists(o, c);
  o->no_default_rules = o->no_default_rules || c->no_default_rules;
  if (o->index == NULL)
    o->index = config_relative(o, c->index, &o->owned);
  if (o->baseline == NULL)
    o->baseline = config_relative(o, c->baseline, &o->owned);
  if (o->base_url == NULL)
    o->base_url = c->base_url;
  if (o->format == NULL)
    o->format = c->format;
  if (o->jobs == 0)
    o->jobs = c->jobs;
  if (!o->set.fail_on && c->fail_on != NULL) {
    if (strcmp(c->fail_on, "warning") == 0)
      o->fail_on = AC_SEV_WARNING;
    else if (strcmp(c->fail_on, "note") == 0)
      o->fail_on = AC_SEV_NOTE;
    else if (strcmp(c->fail_on, "never") == 0)
      o->fail_on = AC_SEV_NONE;
  }
  o->policies = c->policies;
  o->n_policies = c->n_policies;
  return set_root(o);
}
