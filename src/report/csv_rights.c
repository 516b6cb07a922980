/*
 * The audit CSV's rights columns (tdm_reservation, rsl_license, ai_use,
 * license_channels), appended after quoted_coverage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

/* An inline RSL block: "inline payment=attribution purchase" (its payment types, in order). */
static char *rsl_inline(const ac_facts *f)
{
  size_t cap = sizeof "inline payment=";
  char *out, *w;
  bool any = false;

  for (size_t i = 0; i < f->n_rights; i++)
    if (strcmp(f->rights[i].name, "rsl-payment") == 0) {
      cap += strlen(f->rights[i].value) + 1;
      any = true;
    }
  if (!any || (out = malloc(cap)) == NULL)
    return NULL;
  w = out + sprintf(out, "inline payment=");
  for (size_t i = 0; i < f->n_rights; i++)
    if (strcmp(f->rights[i].name, "rsl-payment") == 0)
      w += sprintf(w, "%s%s", w[-1] == '=' ? "" : " ", f->rights[i].value);
  return out;
}

/* An RSL license: a Link of type application/rsl+xml, else robots.txt License:, else inline. */
static char *rsl_license(const ac_facts *f)
{
  const char *found = NULL;

  for (size_t i = 0; i < f->n_rights && found == NULL; i++) {
    const ac_right *r = &f->rights[i];
    if (strcmp(r->name, "link") == 0 && r->detail != NULL &&
        strstr(r->detail, "type=application/rsl+xml") != NULL)
      found = r->value;
  }
  for (size_t i = 0; i < f->n_rights && found == NULL; i++)
    if (strcmp(f->rights[i].name, "rsl-license") == 0)
      found = f->rights[i].value;
  return found != NULL ? strdup(found) : rsl_inline(f);
}

/* "text:CC-BY-ND-4.0 jsonld:CC-BY-4.0": each channel that states the article's license, once. */
static char *license_channels(const ac_facts *f)
{
  size_t cap = 1;
  char *out, *w;

  for (size_t i = 0; i < f->n_licenses; i++)
    cap += strlen(f->licenses[i].id) + 16;
  out = w = malloc(cap);
  if (out == NULL)
    return NULL;
  *out = '\0';
  for (size_t i = 0; i < f->n_licenses; i++) {
    const ac_license *l = &f->licenses[i];
    char item[160];
    if (l->scope != AC_SCOPE_PAGE)
      continue;                          /* a figure's license is not the text's */
    snprintf(item, sizeof item, "%s:%s", ac_signal_source_name(l->source), l->id);
    size_t n = strlen(item);
    const char *hit = strstr(out, item);
    if (hit != NULL && (hit[n] == ' ' || hit[n] == '\0') && (hit == out || hit[-1] == ' '))
      continue;
    w += sprintf(w, "%s%s", w == out ? "" : " ", item);
  }
  if (*out == '\0') {
    free(out);
    return NULL;
  }
  return out;
}

char *ac_report__rights_cell(const ac_page *page, int column)
{
  const ac_facts *f = ac_page_facts(page);
  int tdm;

  if (f == NULL)
    return NULL;
  switch (column) {
  case 0:
    tdm = f->rights_summary.tdm_reservation;
    return tdm < 0 ? NULL : strdup(tdm ? "1" : "0");
  case 1: return rsl_license(f);
  case 2: return f->rights_summary.ai_use != NULL ? strdup(f->rights_summary.ai_use) : NULL;
  case 3: return license_channels(f);
  default: return NULL;
  }
}
