/* attrcheck: the command-line tool. main() only dispatches. */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const cli_cmd commands[] = {
  {"check", cmd_check, "check pages for licensing and attribution"},
  {"extract", cmd_extract, "print the facts found in pages, as JSON"},
  {"fingerprint", cmd_fingerprint, "print each page's text fingerprint"},
  {"compare", cmd_compare, "show which text of ORIGINAL a COPY contains"},
  {"index", cmd_index, "keep an index of originals (add, list, stats, remove, verify)"},
  {"rules", cmd_rules, "list, explain and lint rules"},
  {"init", cmd_init, "write a commented starter attrcheck.xml"},
  {"report", cmd_report, "verify a signed report (report verify REPORT --key PUB.pem)"},
  {"serve", cmd_serve, "answer pre-publish checks over HTTP (loopback by default)"},
};

static int usage(FILE *out, int status)
{
  fprintf(out, "usage: attrcheck <command> [options] [PATH...]\n\ncommands:\n");
  for (size_t i = 0; i < AC_COUNT(commands); i++)
    fprintf(out, "  %-12s %s\n", commands[i].name, commands[i].summary);
  fprintf(out, "\n'attrcheck <command> --help' shows a command's options.\n"
               "Exit status: 0 clean, 1 findings at or above --fail-on, 2 could not run.\n");
  return status;
}

/* "unknown command 'chek'; did you mean 'check'?" */
static int unknown_command(const char *name)
{
  char hint[160];
  cli_nearest near;

  cli_nearest_init(&near, name);
  for (size_t i = 0; i < AC_COUNT(commands); i++)
    cli_nearest_offer(&near, commands[i].name);
  cli_nearest_offer(&near, "--version");
  cli_nearest_offer(&near, "--help");
  cli_errorf("unknown %s '%s'%s (try 'attrcheck --help')", name[0] == '-' ? "option" : "command",
             name, cli_did_you_mean(&near, "", hint, sizeof hint));
  return CLI_EXIT_FAILED;
}

static const cli_cmd *find_command(const char *name)
{
  for (size_t i = 0; i < AC_COUNT(commands); i++)
    if (strcmp(commands[i].name, name) == 0)
      return &commands[i];
  return NULL;
}

int main(int argc, char **argv)
{
  const cli_cmd *cmd;

  signal(SIGPIPE, SIG_IGN);   /* a closed pipe becomes a write error we report, not a kill */
  cli_signals_init();         /* temporaries removed on SIGINT/TERM/HUP; SIGXFSZ is EFBIG */
  if (argc < 2)
    return usage(stderr, CLI_EXIT_FAILED);
  if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
    printf("attrcheck %s\n", ATTRCHECK_VERSION);
    return CLI_EXIT_CLEAN;
  }
  if (strcmp(argv[1], "help") == 0 && argc > 2 && find_command(argv[2]) != NULL) {
    char *help[] = {argv[2], "--help", NULL};   /* "attrcheck help check" = "check --help" */
    return find_command(argv[2])->fn(2, help);
  }
  if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
      strcmp(argv[1], "help") == 0)
    return usage(stdout, CLI_EXIT_CLEAN);
  cmd = find_command(argv[1]);
  if (cmd == NULL)
    return unknown_command(argv[1]);
  return cmd->fn(argc - 1, argv + 1);
}
