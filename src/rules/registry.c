/*
 * The source registry: publishers by name, alias and domain, and the
 * name-vs-domain heuristic used when the registry does not know a site.
 */
#include <ctype.h>
#include <strings.h>
#include <string.h>

#include "attrcheck/url.h"
#include "pack.h"
#include "../util/utf8.h"

#define FOLD_MAX 256
#define HOST_MAX 256

/*
 * Base letters of U+00C0..U+017F, so "Le Télégramme" compares equal to
 * letelegramme.fr. Generated from Unicode NFKD with marks dropped; only the
 * Latin-1 and Latin Extended-A blocks matter for names compared to domains.
 */
static const char *const latin_fold[0x180 - 0xC0] = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i", "d", "n",
    "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "ss", "a", "a", "a", "a",
    "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i", "d", "n", "o", "o", "o", "o",
    "o", "", "o", "u", "u", "u", "u", "y", "th", "y", "a", "a", "a", "a", "a", "a", "c", "c",
    "c", "c", "c", "c", "c", "c", "d", "d", "d", "d", "e", "e", "e", "e", "e", "e", "e", "e",
    "e", "e", "g", "g", "g", "g", "g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i",
    "i", "i", "i", "i", "i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l",
    "l", "l", "l", "l", "l", "n", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o",
    "o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s", "s", "s",
    "t", "t", "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u",
    "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s",
};

/* Code points that separate words: punctuation and spaces outside ASCII. */
static bool is_separator(uint32_t cp)
{
  return (cp >= 0xA0 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7 || (cp >= 0x2000 && cp <= 0x2BFF) ||
         (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFF0F) || cp == 0xFFFD;
}

/* German writes an umlaut as the vowel plus "e" where it cannot use it: sueddeutsche.de. */
static const char *german_fold(uint32_t cp)
{
  switch (cp) {
  case 0xC4: case 0xE4: return "ae";
  case 0xD6: case 0xF6: return "oe";
  case 0xDC: case 0xFC: return "ue";
  default: return NULL;
  }
}

char *ac_rules__fold_as(const char *s, char *buf, size_t size, bool german)
{
  const unsigned char *u = (const unsigned char *)(s ? s : "");
  size_t o = 0, len = strlen((const char *)u);

  while (*u != '\0' && o + 5 < size) {
    size_t n = 0;
    int32_t c = ac_utf8_next((const char *)u, len, &n);
    uint32_t cp = c < 0 ? 0xFFFD : (uint32_t)c;     /* ill-formed bytes separate words */
    if (cp < 0x80) {
      if (isalnum((int)cp))
        buf[o++] = (char)tolower((int)cp);
    } else if (cp >= 0xC0 && cp < 0x180) {
      const char *b = german ? german_fold(cp) : NULL;
      if (b == NULL)
        b = latin_fold[cp - 0xC0];
      size_t bl = strlen(b);
      memcpy(buf + o, b, bl);
      o += bl;
    } else if (!is_separator(cp)) {
      memcpy(buf + o, u, n);     /* other scripts compare as written */
      o += n;
    }
    u += n;
    len -= n;
  }
  buf[o] = '\0';
  return buf;
}

char *ac_rules__fold(const char *s, char *buf, size_t size)
{
  return ac_rules__fold_as(s, buf, size, false);
}

/* True when the name has a letter that German transliteration folds differently. */
static bool has_umlaut(const char *s)
{
  return s != NULL && (strstr(s, "\xc3\xa4") || strstr(s, "\xc3\xb6") || strstr(s, "\xc3\xbc") ||
                       strstr(s, "\xc3\x84") || strstr(s, "\xc3\x96") || strstr(s, "\xc3\x9c"));
}

static bool is_ip(const char *host)
{
  return strchr(host, ':') != NULL || strspn(host, "0123456789.") == strlen(host);
}

/* Without libpsl: drop "www.", keep two labels, or three under a short second level (co.uk). */
static const char *registrable_guess(const char *host, char *buf, size_t size)
{
  size_t len = strlen(host), dots[3], start, nd = 0;

  while (len > 0 && host[len - 1] == '.')
    len--;
  for (size_t i = len; i-- > 0 && nd < 3;)
    if (host[i] == '.')
      dots[nd++] = i;
  if (nd == 0 || len + 1 > size)
    return NULL;
  if (nd >= 2 && len - dots[0] - 1 == 2 && dots[0] - dots[1] - 1 <= 3)
    start = nd >= 3 ? dots[2] + 1 : 0;            /* example.co.uk, example.com.au */
  else
    start = nd >= 2 ? dots[1] + 1 : 0;
  for (size_t i = start; i < len; i++)
    buf[i - start] = (char)tolower((unsigned char)host[i]);
  buf[len - start] = '\0';
  return buf;
}

const char *ac_rules__registrable(const char *host, char *buf, size_t size)
{
  const char *r;

  if (host == NULL || host[0] == '\0' || is_ip(host))
    return NULL;
  r = ac_url_registrable(host, buf, size);
  return r != NULL ? r : registrable_guess(host, buf, size);
}

static bool host_in(const ac_source *s, const char *host, const char *reg)
{
  size_t hl = strlen(host);

  for (size_t i = 0; i < s->n_domains; i++) {
    const char *d = s->domains[i];
    size_t dl = strlen(d);
    if (strcmp(d, host) == 0 || (reg != NULL && strcmp(d, reg) == 0))
      return true;
    if (hl > dl && host[hl - dl - 1] == '.' && strcmp(host + hl - dl, d) == 0)
      return true;
  }
  return false;
}

const ac_source *ac_rules__source_by_reg(const ac_rules *rules, const char *host, const char *reg)
{
  char lower[HOST_MAX], buf[HOST_MAX];
  size_t n;

  if (rules == NULL || host == NULL || (n = strlen(host)) == 0 || n >= sizeof lower)
    return NULL;
  for (size_t i = 0; i <= n; i++)
    lower[i] = (char)tolower((unsigned char)host[i]);
  if (reg == NULL)
    reg = ac_rules__registrable(lower, buf, sizeof buf);
  for (size_t i = rules->n_sources; i-- > 0;)    /* later packs win */
    if (host_in(&rules->sources[i], lower, reg))
      return &rules->sources[i];
  return NULL;
}

const ac_source *ac_rules_source_by_host(const ac_rules *rules, const char *host)
{
  return ac_rules__source_by_reg(rules, host, NULL);
}

static const char *const articles[] = {"the ", "le ", "la ", "les ", "el ", "los ", "die ",
                                       "der ", "das ", "l'", "l\xe2\x80\x99"};

/* The length of the leading article of raw ("The ", "l'"), 0 when none. */
static size_t article_len(const char *raw)
{
  for (size_t i = 0; i < AC_COUNT(articles); i++) {
    size_t n = strlen(articles[i]);
    if (strncasecmp(raw, articles[i], n) == 0)
      return n;
  }
  return 0;
}

/* The folded name without a leading article ("the", "le", "la", "el", "die"…). */
static const char *skip_article(const char *folded_src, const char *raw, char *buf, size_t size,
                                bool german)
{
  size_t n = article_len(raw);

  return n > 0 ? ac_rules__fold_as(raw + n, buf, size, german) : folded_src;
}

static int key_push(ac_rules *rules, const char *name, size_t source, bool german)
{
  char fb[FOLD_MAX], bare[FOLD_MAX];
  const char *fb_bare;
  ac_name_key *k;

  ac_rules__fold_as(name, fb, sizeof fb, german);
  if (fb[0] == '\0')
    return AC_OK;                 /* a name of punctuation only matches nothing */
  fb_bare = skip_article(fb, name, bare, sizeof bare, german);
  k = ac_arena_push(rules->mem, &rules->keys, &rules->n_keys, &rules->cap_keys, sizeof *k, 0);
  if (k == NULL)
    return AC_ENOMEM;
  k->fold = ac_arena_strdup(rules->mem, fb);
  k->bare = ac_arena_strdup(rules->mem, fb_bare);
  k->source = source;
  return k->fold != NULL && k->bare != NULL ? AC_OK : AC_ENOMEM;
}

/* A name with an umlaut also gets its German spelling: "Sueddeutsche" finds "Süddeutsche". */
static int key_add(ac_rules *rules, const char *name, size_t source)
{
  int rc = key_push(rules, name, source, false);

  return rc == AC_OK && has_umlaut(name) ? key_push(rules, name, source, true) : rc;
}

int ac_rules__keys_build(ac_rules *rules)
{
  int rc = AC_OK;

  rules->n_keys = 0;              /* sources may have been replaced by a later pack */
  for (size_t i = 0; i < rules->n_sources && rc == AC_OK; i++) {
    const ac_source *s = &rules->sources[i];
    rc = key_add(rules, s->name, i);
    for (size_t k = 0; k < s->n_aliases && rc == AC_OK; k++)
      rc = key_add(rules, s->aliases[k], i);
  }
  return rc;
}

static const ac_source *source_by_fold(const ac_rules *rules, const char *name, bool german)
{
  char fa[FOLD_MAX], bare[FOLD_MAX];
  const char *fa_bare;

  ac_rules__fold_as(name, fa, sizeof fa, german);
  fa_bare = skip_article(fa, name, bare, sizeof bare, german);
  if (fa[0] == '\0')
    return NULL;
  for (size_t i = rules->n_keys; i-- > 0;) {     /* later packs win */
    const ac_name_key *k = &rules->keys[i];
    if (strcmp(fa, k->fold) == 0 || strcmp(fa_bare, k->bare) == 0)
      return &rules->sources[k->source];
  }
  return NULL;
}

const ac_source *ac_rules_source_by_name(const ac_rules *rules, const char *name)
{
  const ac_source *s;

  if (rules == NULL || name == NULL)
    return NULL;
  s = source_by_fold(rules, name, false);
  return s == NULL && has_umlaut(name) ? source_by_fold(rules, name, true) : s;
}

/* Words that sites add to their name in the domain: apnews.com, lemondeinfo.fr. */
static bool is_name_plus(const char *longer, const char *name)
{
  static const char *const extra[] = {"", "news", "online", "media", "mag", "magazine", "tv",
                                      "info", "daily", "the", "web", "hq", "blog"};
  size_t n = strlen(name);

  if (n == 0 || strncmp(longer, name, n) != 0)
    return false;
  for (size_t i = 0; i < AC_COUNT(extra); i++)
    if (strcmp(longer + n, extra[i]) == 0)
      return true;
  return false;
}

/*
 * The domain is the name plus such a word (apnews.com for "AP"), or the
 * name is the domain plus one ("Yahoo News" on yahoo.com/news), or the
 * domain adds "the" (theverge.com for "Verge").
 */
static bool label_is_name_plus(const char *label, const char *name)
{
  if (is_name_plus(label, name) || (strlen(label) >= 3 && is_name_plus(name, label)))
    return true;
  return strncmp(label, "the", 3) == 0 && strcmp(label + 3, name) == 0;
}

/* The folded first letter of the word at w (ASCII after folding), 0 when it has none. */
static char initial(const char *w, size_t len)
{
  char word[FOLD_MAX], f[FOLD_MAX];

  if (len == 0 || len >= sizeof word)
    return 0;
  memcpy(word, w, len);
  word[len] = '\0';
  ac_rules__fold(word, f, sizeof f);
  return f[0] != '\0' && (unsigned char)f[0] < 0x80 ? f[0] : 0;
}

/*
 * Initials: of every word ("The Wall Street Journal" -> wsj, "Agence
 * France-Presse" -> afp), or of the words before the last, then the last
 * word ("New York Times" -> nytimes, "Los Angeles Times" -> latimes). At
 * least three words, with or without a leading article.
 */
static bool initials_match(const char *label, const char *name)
{
  char ini[32], last[FOLD_MAX], word[FOLD_MAX];
  size_t n = 0, lastlen = 0;
  const char *p = name, *lastw = NULL;

  while (*p != '\0' && n + 1 < sizeof ini) {
    size_t len;
    p += strspn(p, " -");
    if ((len = strcspn(p, " -")) == 0)
      break;
    if ((ini[n++] = initial(p, len)) == 0)
      return false;
    lastw = p;
    lastlen = len;
    p += len;
  }
  ini[n] = '\0';
  if (n < 3 || lastlen >= sizeof word)
    return false;
  if (strcmp(label, ini) == 0)
    return true;
  memcpy(word, lastw, lastlen);
  word[lastlen] = '\0';
  ac_rules__fold(word, last, sizeof last);
  return strncmp(label, ini, n - 1) == 0 && strcmp(label + n - 1, last) == 0;
}

static bool label_is_initials(const char *label, const char *name)
{
  size_t a = article_len(name);

  return initials_match(label, name) || (a > 0 && initials_match(label, name + a));
}

/*
 * The domain is most of the name, at its start or end: "DARPA Cyber Grand
 * Challenge" on cybergrandchallenge.com, "Le Monde diplomatique" on
 * monde-diplomatique.fr, "Ars Technica UK" on arstechnica.co.uk.
 */
static bool label_within_name(const char *label, const char *name)
{
  size_t l = strlen(label), n = strlen(name);

  if (l < 6 || l >= n || l * 2 < n)
    return false;
  return strncmp(name, label, l) == 0 || strcmp(name + n - l, label) == 0;
}

/* name is a followed by b. */
static bool is_concat(const char *name, const char *a, const char *b)
{
  size_t n = strlen(a);
  return strncmp(name, a, n) == 0 && strcmp(name + n, b) == 0;
}

/*
 * A subdomain label and the domain's label make the name, in either order:
 * "Yahoo News" on news.yahoo.com, "BBC Sport" on sport.bbc.co.uk.
 */
static bool subdomain_match(const char *host, const char *reg, const char *label, const char *name)
{
  size_t hl = strlen(host), rl = strlen(reg);

  if (hl <= rl + 1 || strcmp(host + hl - rl, reg) != 0)
    return false;
  for (const char *p = host; p < host + hl - rl - 1;) {
    size_t n = strcspn(p, ".");
    char sub[FOLD_MAX], fs[FOLD_MAX];
    if (n > 0 && n < sizeof sub) {
      memcpy(sub, p, n);
      sub[n] = '\0';
      ac_rules__fold(sub, fs, sizeof fs);
      if (strcmp(fs, "www") != 0 && (is_concat(name, label, fs) || is_concat(name, fs, label)))
        return true;
      if (n >= 4 && (strcmp(fs, name) == 0 || is_name_plus(fs, name)))
        return true;                 /* a title on its owner's host: sportsillustrated.cnn.com */
    }
    p += n + 1;
  }
  return false;
}

/* A university's or public body's domain: its schools and offices live on subdomains. */
static bool institution_domain(const char *reg)
{
  static const char *const suffix[] = {".edu", ".gov", ".mil", ".int"};
  size_t n = strlen(reg);

  for (size_t i = 0; i < AC_COUNT(suffix); i++) {
    size_t k = strlen(suffix[i]);
    if (n > k && strcmp(reg + n - k, suffix[i]) == 0)
      return true;
  }
  return strstr(reg, ".ac.") != NULL || strstr(reg, ".edu.") != NULL ||
         strstr(reg, ".gov.") != NULL || strstr(reg, ".gouv.") != NULL;
}

/* The heuristic on one spelling of the name (plain, or German with ä as "ae"). */
static bool heuristic_spelled(const char *name, const char *host, const char *label,
                              const char *reg, bool german)
{
  char folded[FOLD_MAX], bare[FOLD_MAX], freg[FOLD_MAX];
  const char *fbare;

  ac_rules__fold_as(name, folded, sizeof folded, german);
  fbare = skip_article(folded, name, bare, sizeof bare, german);
  if (folded[0] == '\0')
    return false;
  if (strcmp(label, folded) == 0 || strcmp(label, fbare) == 0)
    return true;
  if (label_is_name_plus(label, folded) || label_is_name_plus(label, fbare))
    return true;
  if (label_within_name(label, folded))
    return true;
  if (strlen(label) >= 4 && strncmp(folded, label, strlen(label)) == 0 && institution_domain(reg))
    return true;                 /* "Harvard Medical School" on health.harvard.edu */
  if (strcmp(ac_rules__fold(reg, freg, sizeof freg), folded) == 0)
    return true;                                     /* a name written as its domain */
  return subdomain_match(host, reg, label, folded) || subdomain_match(host, reg, label, fbare);
}

static bool heuristic_match(const char *name, const char *host)
{
  char reg[HOST_MAX], raw[FOLD_MAX], label[FOLD_MAX];
  const char *r = ac_rules__registrable(host, reg, sizeof reg);
  size_t n;

  if (strncasecmp(name, "www.", 4) == 0 && name[4] != '\0')
    name += 4;                     /* "Originally published at www.example.com" names the site */
  if (r == NULL || (n = strcspn(r, ".")) + 1 > sizeof raw)
    return false;
  memcpy(raw, r, n);                                 /* "theverge" of theverge.com */
  raw[n] = '\0';
  ac_rules__fold(raw, label, sizeof label);          /* never in place: folding may copy bytes */
  if (heuristic_spelled(name, host, label, r, false))
    return true;
  if (has_umlaut(name) && heuristic_spelled(name, host, label, r, true))
    return true;
  return label_is_initials(label, name);
}

/* host is one of the domains or under one of them. */
static bool host_listed(const char *const *list, size_t n, const char *host)
{
  size_t hl = host ? strlen(host) : 0;

  for (size_t i = 0; hl > 0 && i < n; i++) {
    const char *d = list[i];
    size_t dl = strlen(d);
    if (strcasecmp(host, d) == 0 ||
        (hl > dl && host[hl - dl - 1] == '.' && strcasecmp(host + hl - dl, d) == 0))
      return true;
  }
  return false;
}

bool ac_rules__asset_host(const ac_rules *rules, const char *host)
{
  return rules != NULL && host_listed(rules->assets, rules->n_assets, host);
}

bool ac_rules__platform_host(const ac_rules *rules, const char *host)
{
  return rules != NULL && host_listed(rules->platforms, rules->n_platforms, host);
}

bool ac_rules__reference_host(const ac_rules *rules, const char *host)
{
  return rules != NULL && host_listed(rules->refs, rules->n_refs, host);
}

bool ac_rules__same_owner(const ac_source *a, const ac_source *b)
{
  return a == b || strcmp(a->id, b->id) == 0 ||
         (a->owner != NULL && b->owner != NULL && strcmp(a->owner, b->owner) == 0);
}

bool ac_rules_name_matches_host(const ac_rules *rules, const char *name, const char *host)
{
  const ac_source *by_host, *by_name;

  if (name == NULL || host == NULL || name[0] == '\0' || host[0] == '\0')
    return false;
  by_host = ac_rules_source_by_host(rules, host);
  by_name = ac_rules_source_by_name(rules, name);
  if (by_host != NULL && by_name != NULL)
    return ac_rules__same_owner(by_host, by_name);
  if (heuristic_match(name, host))
    return true;
  if (by_name != NULL) {                             /* a known publisher on an unlisted domain */
    if (heuristic_match(by_name->name, host))
      return true;
    for (size_t i = 0; i < by_name->n_aliases; i++)
      if (heuristic_match(by_name->aliases[i], host))
        return true;
  }
  return false;
}

bool ac_rules__same_site(const ac_rules *rules, const char *host_a, const char *host_b)
{
  char ra[HOST_MAX], rb[HOST_MAX];
  const ac_source *a, *b;
  const char *pa, *pb;

  if (host_a == NULL || host_b == NULL)
    return false;
  pa = ac_rules__registrable(host_a, ra, sizeof ra);
  pb = ac_rules__registrable(host_b, rb, sizeof rb);
  if (pa != NULL && pb != NULL && strcmp(pa, pb) == 0)
    return true;
  a = ac_rules__source_by_reg(rules, host_a, pa);          /* libpsl once per host, not twice */
  b = ac_rules__source_by_reg(rules, host_b, pb);
  return a != NULL && b != NULL && ac_rules__same_owner(a, b);
}
