/* Fuzz target: attrcheck serve's request parameters. The first line is the
 * Content-Type, the rest the raw query string. Whatever comes, the parser
 * answers a valid request or a reason, never a crash, and what it accepts
 * holds what the service relies on. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "serve/params.h"

static void check_accepted(const serve_params *p)
{
  if (p->fail_on > AC_SEV_ERROR || p->input_type > AC_INPUT_FEED)
    __builtin_trap();
  if (p->url != NULL) {
    if (strncasecmp(p->url, "http", 4) != 0)   /* schemes are case-insensitive */
      __builtin_trap();
    for (const unsigned char *c = (const unsigned char *)p->url; *c != '\0'; c++)
      if (*c <= 0x20 || *c == 0x7f)
        __builtin_trap();     /* the URL reaches reports and logs unbroken */
  }
  if (p->policy != NULL && p->policy[0] == '\0')
    __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char *copy = malloc(size + 1), *nl, why[160];
  serve_params p;

  if (copy == NULL)
    return 0;
  memcpy(copy, data, size);
  copy[size] = '\0';                  /* the service's query strings end at a NUL too */
  nl = strchr(copy, '\n');
  if (nl != NULL)
    *nl = '\0';
  if (serve_params_parse(&p, nl != NULL ? nl + 1 : copy, nl != NULL ? copy : NULL, why,
                         sizeof why) == AC_OK) {
    check_accepted(&p);
    serve_params_dispose(&p);
  } else if (why[0] == '\0' || p.url != NULL || p.policy != NULL)
    __builtin_trap();                 /* a refusal always says why and keeps nothing */
  free(copy);
  return 0;
}
