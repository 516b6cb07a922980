/*
 * Creative Commons licenses to SPDX ids (https://spdx.org/licenses/), from
 * deed and legal-code URLs in any language, short names ("CC BY-NC-ND 4.0")
 * and the long names of the official translations. The words below are the
 * licenses' own element names, not notice phrasings (those live in rule packs).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "extract.h"

enum { L_BY = 1, L_NC = 2, L_SA = 4, L_ND = 8, L_ZERO = 16 };

static const char *find_ci(const char *s, size_t len, const char *needle)
{
  size_t n = strlen(needle);
  char first = needle[0];          /* lower-case ASCII: cheap filter before the compare */

  for (size_t i = 0; i + n <= len; i++)
    if ((s[i] | 0x20) == first && strncasecmp(s + i, needle, n) == 0)
      return s + i;
  return NULL;
}

/* "4.0", "2.5" … written at p; the versions Creative Commons published. */
static const char *version_at(const char *p, const char *end)
{
  static const char *const versions[] = {"1.0", "2.0", "2.1", "2.5", "3.0", "4.0"};

  for (size_t i = 0; p + 3 <= end && i < AC_COUNT(versions); i++)
    if (strncmp(p, versions[i], 3) == 0 && (p + 3 == end || p[3] < '0' || p[3] > '9'))
      return versions[i];
  return NULL;
}

static const char *make_id(xctx *x, unsigned f, const char *version)
{
  if (f & L_ZERO)
    return "CC0-1.0";
  if (!(f & L_BY))
    return NULL;
  return ac_arena_printf(x->arena, "CC-BY%s%s%s%s", (f & L_NC) ? "-NC" : "",
                         (f & L_SA) ? "-SA" : (f & L_ND) ? "-ND" : "", version ? "-" : "",
                         version ? version : "");
}

/* The ported licenses SPDX lists: /licenses/by-sa/3.0/de/ is CC-BY-SA-3.0-DE. */
static const char *const ported[] = {
  "CC-BY-2.5-AU", "CC-BY-3.0-AT", "CC-BY-3.0-AU", "CC-BY-3.0-DE", "CC-BY-3.0-IGO",
  "CC-BY-3.0-NL", "CC-BY-3.0-US", "CC-BY-NC-3.0-DE", "CC-BY-NC-ND-3.0-DE",
  "CC-BY-NC-ND-3.0-IGO", "CC-BY-NC-SA-2.0-DE", "CC-BY-NC-SA-2.0-FR", "CC-BY-NC-SA-2.0-UK",
  "CC-BY-NC-SA-3.0-DE", "CC-BY-NC-SA-3.0-IGO", "CC-BY-ND-3.0-DE", "CC-BY-SA-2.0-UK",
  "CC-BY-SA-2.1-JP", "CC-BY-SA-3.0-AT", "CC-BY-SA-3.0-DE", "CC-BY-SA-3.0-IGO"};

static const char *with_jurisdiction(const char *id, const char *p, const char *end)
{
  char want[32];
  size_t n = 0;

  while (p + n < end && ((p[n] | 0x20) >= 'a' && (p[n] | 0x20) <= 'z'))
    n++;                                   /* the country code: letters up to / ? # . or space */
  if (p + n < end && p[n] != '/' && p[n] != '?' && p[n] != '#' && p[n] != '.' && p[n] != ' ' &&
      p[n] != ',' && p[n] != ')')
    return id;
  if (id == NULL || n < 2 || n > 3 || strlen(id) + 1 + n >= sizeof want)
    return id;
  snprintf(want, sizeof want, "%s-%.*s", id, (int)n, p);
  for (char *c = want + strlen(id); *c; c++)
    if (*c >= 'a' && *c <= 'z')
      *c = (char)(*c - 32);
  for (size_t i = 0; i < AC_COUNT(ported); i++)
    if (strcmp(ported[i], want) == 0)
      return ported[i];
  return id;
}

const char *ac_extract__license_from_url(xctx *x, const char *url)
{
  size_t len = strlen(url);
  const char *p = find_ci(url, len, "creativecommons.org/"), *end = url + len;
  unsigned f = 0;

  if (p == NULL)
    return NULL;
  p += 20;
  if (strncasecmp(p, "publicdomain/zero/", 18) == 0)
    return "CC0-1.0";
  if (strncasecmp(p, "publicdomain/mark/", 18) == 0)
    return "CC-PDM-1.0";
  if (strncasecmp(p, "licenses/", 9) != 0)
    return NULL;
  p += 9;
  while (p < end && *p != '/') {
    if (strncasecmp(p, "by", 2) == 0) f |= L_BY;
    else if (strncasecmp(p, "nc", 2) == 0) f |= L_NC;
    else if (strncasecmp(p, "sa", 2) == 0) f |= L_SA;
    else if (strncasecmp(p, "nd", 2) == 0) f |= L_ND;
    else return NULL;
    p += 2;
    if (*p == '-')
      p++;
  }
  if (p < end && *p == '/')
    p++;
  const char *version = version_at(p, end);
  const char *id = make_id(x, f, version);
  if (version == NULL || p + 4 > end || p[3] != '/')
    return id;
  return with_jurisdiction(id, p + 4, end);
}

/* The license elements as the official translations name them (en, de, fr, es). */
static const struct { const char *word; unsigned flag; } elements[] = {
  {"attribution", L_BY}, {"namensnennung", L_BY}, {"paternit", L_BY},
  {"reconocimiento", L_BY}, {"atribuci", L_BY},
  {"noncommercial", L_NC}, {"non-commercial", L_NC}, {"nicht kommerziell", L_NC},
  {"keine kommerzielle nutzung", L_NC},    /* the German 3.0 titles */
  {"nicht-kommerziell", L_NC}, {"pas d'utilisation commerciale", L_NC},
  {"pas d\xE2\x80\x99utilisation commerciale", L_NC}, {"nocomercial", L_NC},
  {"no comercial", L_NC}, {"sharealike", L_SA}, {"share alike", L_SA}, {"share-alike", L_SA},
  {"weitergabe unter gleichen bedingungen", L_SA}, {"partage dans les m", L_SA},
  {"compartirigual", L_SA}, {"compartir igual", L_SA}, {"noderiv", L_ND},
  {"no derivatives", L_ND}, {"no-derivatives", L_ND}, {"keine bearbeitung", L_ND},
  {"pas de modification", L_ND}, {"sinobraderivada", L_ND}, {"sin obra derivada", L_ND},
  {"sinderivadas", L_ND}, {"sin derivadas", L_ND}, {"zero", L_ZERO}, {"cc0", L_ZERO}};

static const char *short_elems(xctx *x, const char *p, const char *end);

/* The ported 3.0 licenses' titles name the country: "3.0 Deutschland", "3.0 Austria". */
static const char *title_jurisdiction(const char *p, const char *end)
{
  static const struct { const char *word, *code; } countries[] = {
    {"deutschland", "de"}, {"germany", "de"}, {"sterreich", "at"} /* Österreich */, {"austria", "at"},
    {"nederland", "nl"}, {"netherlands", "nl"}, {"united states", "us"}, {"australia", "au"},
    {"igo", "igo"}};

  for (size_t i = 0; i < AC_COUNT(countries); i++)
    if (find_ci(p, (size_t)(end - p), countries[i].word) != NULL)
      return countries[i].code;
  return NULL;
}

static const char *long_form(xctx *x, const char *p, const char *end)
{
  const char *w_end = p + 240 < end ? p + 240 : end, *version = NULL, *after = p + 16;
  unsigned f = 0;

  while (after < end && (*after == ' ' || *after == '-'))
    after++;
  if (after + 2 <= end && strncasecmp(after, "by", 2) == 0)
    return short_elems(x, after, end);     /* "Creative Commons BY-NC-SA 4.0" */
  for (size_t i = 0; i < AC_COUNT(elements); i++)
    if (find_ci(p, (size_t)(w_end - p), elements[i].word) != NULL)
      f |= elements[i].flag;
  for (const char *q = p; q < w_end && version == NULL; q++)
    version = version_at(q, w_end);
  if (!(f & (L_ZERO | L_BY)) && (f & (L_NC | L_SA | L_ND)))
    f |= L_BY;                       /* 4.0 titles may leave "Attribution" implied */
  const char *id = make_id(x, f, version);
  const char *cc = version != NULL ? title_jurisdiction(p, w_end) : NULL;
  return cc != NULL ? with_jurisdiction(id, cc, cc + strlen(cc)) : id;
}

static bool alnum(char c)
{
  return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* "CC BY-NC-SA 4.0", "cc-by 3.0", "CC0" at p (which starts with "cc"). */
static const char *short_form(xctx *x, const char *p, const char *end)
{
  p += 2;
  if (p < end && (*p == ' ' || *p == '-'))
    p++;
  if (p < end && *p == '0')
    return "CC0-1.0";
  return short_elems(x, p, end);
}

/* "BY-NC-SA 4.0" at p, after "CC " or "Creative Commons ". */
static const char *short_elems(xctx *x, const char *p, const char *end)
{
  unsigned f = 0;

  if (p + 2 > end || strncasecmp(p, "by", 2) != 0 || (p + 2 < end && alnum(p[2])))
    return NULL;
  f = L_BY;
  p += 2;
  for (;;) {
    const char *q = p < end && (*p == '-' || *p == ' ') ? p + 1 : p;
    if (q + 2 > end || (q + 2 < end && alnum(q[2])))
      break;
    if (strncasecmp(q, "nc", 2) == 0) f |= L_NC;
    else if (strncasecmp(q, "sa", 2) == 0) f |= L_SA;
    else if (strncasecmp(q, "nd", 2) == 0) f |= L_ND;
    else break;
    p = q + 2;
  }
  while (p < end && (*p == ' ' || *p == '-'))
    p++;
  const char *version = version_at(p, end);
  const char *id = make_id(x, f, version);
  if (version == NULL || p + 5 > end || (p[3] != '-' && p[3] != ' '))
    return id;
  return with_jurisdiction(id, p + 4, end);      /* "CC BY-SA 3.0 DE", "CC-BY-SA-3.0-DE" */
}

const char *ac_extract__license_from_text(xctx *x, const char *text, size_t len)
{
  const char *end = text + len, *p = find_ci(text, len, "creative commons");

  if (p != NULL)
    return long_form(x, p, end);
  for (p = text; (p = find_ci(p, (size_t)(end - p), "cc")) != NULL; p += 2) {
    if (p > text && alnum(p[-1]))
      continue;
    const char *id = short_form(x, p, end);
    if (id != NULL)
      return id;
  }
  return NULL;
}
