/* Internal: turning a validated pack document into rules (build.c). */
#ifndef AC_RULES_LOAD_H
#define AC_RULES_LOAD_H

#include <libxml/tree.h>

#include "pack.h"

/**
 * Add the phrasings, sources and rules of a pack that already passed the
 * schema. Entries whose id was loaded before replace the earlier ones, so a
 * user pack can change a built-in rule's severity. AC_EINVALID "file:line: …"
 * for an unknown check, parameter or a bad regular expression.
 */
int ac_rules__build(ac_rules *rules, xmlNodePtr root, const char *file, ac_error *err);

#endif
