/* Internal: the built-in rule packs, compiled into the library (cmake/EmbedPacks.cmake). */
#ifndef AC_RULES_BUILTIN_H
#define AC_RULES_BUILTIN_H

#include <stddef.h>

typedef struct ac_rules__builtin {
  const char *name;              /* the pack's file name in rules/, for messages */
  const unsigned char *xml;      /* its bytes, NUL-terminated */
  size_t len;
  const char *sha256;            /* its digest, 64 hex digits, computed at build time */
} ac_rules__builtin;

/* Validated against attrcheck-rules.xsd at build time (CMakeLists.txt runs
   xmllint before embedding them), so loading them skips the schema. */

/* In name order, as a directory of packs is loaded. */
extern const ac_rules__builtin ac_rules__builtin_packs[];
extern const size_t ac_rules__builtin_count;

#endif
