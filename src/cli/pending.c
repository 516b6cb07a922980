/* TEMPORARY: weak fallbacks while modules land; each real definition overrides one. */
#include "cli.h"

#define PENDING(name)                                                  \
  __attribute__((weak)) int name(int argc, char **argv)                \
  {                                                                    \
    (void)argc;                                                        \
    cli_errorf("%s: not available in this build yet", argv[0]);        \
    return CLI_EXIT_FAILED;                                            \
  }

PENDING(cmd_fingerprint)
PENDING(cmd_compare)
PENDING(cmd_index)
PENDING(cmd_rules)

__attribute__((weak)) int ac_page_facts_json(const ac_page *p, int flags, char **out, ac_error *err)
{
  (void)p; (void)flags; *out = NULL;
  return ac_error_set(err, AC_ERROR, "extract output not available yet");
}
