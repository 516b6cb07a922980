/*
 * Whether a host is the checked page's own site (same registrable domain, or
 * the same owner group in the source registry). A helper file for the checks.
 */
#include <string.h>

#include "eval.h"

bool ac_rules__own_site(const ac_eval *x, const char *host)
{
  char buf[256];
  const char *reg;
  const ac_source *s;

  if (host == NULL || x->page_host == NULL)
    return false;
  reg = ac_rules__registrable(host, buf, sizeof buf);
  if (reg != NULL && x->page_reg != NULL && strcmp(reg, x->page_reg) == 0)
    return true;
  if (x->page_source == NULL)
    return false;                   /* libpsl once for host: the page's side is cached */
  s = ac_rules__source_by_reg(x->rules, host, reg);
  return s != NULL && ac_rules__same_owner(s, x->page_source);
}
