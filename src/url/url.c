/*
 * URLs: resolution and normalisation with uriparser (RFC 3986), registrable
 * domains with libpsl. Only absolute http(s) URLs come out: attribution
 * links to anything else (mailto:, javascript:, data:) credit no site.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <libpsl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <uriparser/Uri.h>

#include "attrcheck/url.h"

/*
 * Hrefs in real pages are not RFC 3986: they carry spaces, raw UTF-8,
 * backslashes, tabs and newlines. Clean them as browsers do (WHATWG URL:
 * trim C0 controls and spaces, drop tabs and newlines, '\' is '/' in http(s)
 * URLs, percent-encode what is not allowed) so uriparser accepts them.
 */
static char *clean_href(const char *href)
{
  static const char hex[] = "0123456789ABCDEF";
  size_t len = strlen(href), start = 0, end = len, o = 0;
  char *out;

  while (start < end && (unsigned char)href[start] <= 0x20)
    start++;
  while (end > start && (unsigned char)href[end - 1] <= 0x20)
    end--;
  out = malloc((end - start) * 3 + 1);
  if (out == NULL)
    return NULL;
  for (size_t i = start; i < end; i++) {
    unsigned char c = (unsigned char)href[i];
    bool bad_pct = c == '%' && !(i + 2 < end && isxdigit((unsigned char)href[i + 1]) &&
                                 isxdigit((unsigned char)href[i + 2]));
    if (c == '\t' || c == '\n' || c == '\r')
      continue;
    if (c == '\\') {
      out[o++] = '/';
    } else if (c <= 0x20 || c >= 0x7F || strchr("\"<>^`{|}", c) != NULL || bad_pct) {
      out[o++] = '%';
      out[o++] = hex[c >> 4];
      out[o++] = hex[c & 15];
    } else {
      out[o++] = (char)c;
    }
  }
  out[o] = '\0';
  return out;
}

static bool parse_uri(UriUriA *uri, const char *text)
{
  const char *error_pos = NULL;
  char *clean = clean_href(text);
  int rc;

  if (clean == NULL)
    return false;
  rc = uriParseSingleUriA(uri, clean, &error_pos);
  if (rc == URI_SUCCESS) {
    /* The parsed URI points into `clean`: make it own its strings. */
    rc = uriMakeOwnerA(uri);
    if (rc != URI_SUCCESS)
      uriFreeUriMembersA(uri);
  }
  free(clean);
  return rc == URI_SUCCESS;
}

static bool is_http(const UriUriA *uri)
{
  size_t n = (size_t)(uri->scheme.afterLast - uri->scheme.first);

  if (uri->scheme.first == NULL)
    return false;
  return (n == 4 && strncasecmp(uri->scheme.first, "http", 4) == 0) ||
         (n == 5 && strncasecmp(uri->scheme.first, "https", 5) == 0);
}

static bool has_host(const UriUriA *uri)
{
  return uri->hostText.first != NULL && uri->hostText.afterLast > uri->hostText.first;
}

/* Parse href, resolved against base when it is relative; true for absolute http(s) with a host. */
static bool resolve_uri(UriUriA *out, const char *base, const char *href)
{
  UriUriA rel, abs_base;
  bool ok;

  if (href == NULL || !parse_uri(&rel, href))
    return false;
  if (rel.scheme.first != NULL || base == NULL) {
    *out = rel;
  } else {
    if (!parse_uri(&abs_base, base)) {
      uriFreeUriMembersA(&rel);
      return false;
    }
    ok = is_http(&abs_base) &&
         uriAddBaseUriExA(out, &rel, &abs_base, URI_RESOLVE_STRICTLY) == URI_SUCCESS;
    /* the result points into rel and base until it owns its strings */
    if (ok && uriMakeOwnerA(out) != URI_SUCCESS) {
      uriFreeUriMembersA(out);
      ok = false;
    }
    uriFreeUriMembersA(&rel);
    uriFreeUriMembersA(&abs_base);
    if (!ok)
      return false;
  }
  if (!is_http(out) || !has_host(out) || uriNormalizeSyntaxA(out) != URI_SUCCESS) {
    uriFreeUriMembersA(out);
    return false;
  }
  return true;
}

static char *uri_string(const UriUriA *uri)
{
  int need = 0;
  char *s;

  if (uriToStringCharsRequiredA(uri, &need) != URI_SUCCESS)
    return NULL;
  s = malloc((size_t)need + 1);
  if (s != NULL && uriToStringA(s, uri, need + 1, NULL) != URI_SUCCESS) {
    free(s);
    s = NULL;
  }
  return s;
}

/*
 * A normalisation step uriparser leaves to us (RFC 3986 section 6.2.3):
 * drop an empty or default port (":80" for http, ":443" for https).
 */
static void finish_normal_form(char *s)
{
  bool https = strncmp(s, "https:", 6) == 0;
  char *auth = strstr(s, "://"), *end, *colon;

  if (auth == NULL)
    return;
  auth += 3;
  end = auth + strcspn(auth, "/?#");
  colon = end;
  while (colon > auth && colon[-1] >= '0' && colon[-1] <= '9')
    colon--;
  /* an IPv6 literal ends with ']', so trailing ":digits" is always the port */
  if (colon > auth && colon[-1] == ':') {
    const char *port = colon;
    size_t plen = (size_t)(end - colon);
    if (plen == 0 || (!https && plen == 2 && memcmp(port, "80", 2) == 0) ||
        (https && plen == 3 && memcmp(port, "443", 3) == 0)) {
      memmove(colon - 1, end, strlen(end) + 1);
    }
  }
}

/* An empty path is "/" (RFC 3986 section 6.2.3); returns the (maybe moved) string. */
static char *ensure_path(char *s)
{
  char *auth = strstr(s, "://");
  size_t at, len = strlen(s);
  char *grown;

  if (auth == NULL)
    return s;
  at = (size_t)(auth + 3 - s);
  at += strcspn(s + at, "/?#");
  if (s[at] == '/')
    return s;
  grown = realloc(s, len + 2);
  if (grown == NULL) {
    free(s);
    return NULL;
  }
  memmove(grown + at + 1, grown + at, len - at + 1);
  grown[at] = '/';
  return grown;
}

char *ac_url_resolve(const char *base, const char *href)
{
  UriUriA uri;
  char *s;

  if (!resolve_uri(&uri, base, href))
    return NULL;
  s = uri_string(&uri);
  uriFreeUriMembersA(&uri);
  if (s == NULL)
    return NULL;
  finish_normal_form(s);
  return ensure_path(s);
}

static void ascii_lower(char *s)
{
  for (; *s != '\0'; s++)
    if (*s >= 'A' && *s <= 'Z')
      *s = (char)(*s - 'A' + 'a');
}

char *ac_url_host(const char *url)
{
  UriUriA uri;
  size_t n;
  char *host;

  if (!resolve_uri(&uri, NULL, url))
    return NULL;
  n = (size_t)(uri.hostText.afterLast - uri.hostText.first);
  host = malloc(n + 1);
  if (host != NULL) {
    memcpy(host, uri.hostText.first, n);
    host[n] = '\0';
    uriUnescapeInPlaceA(host);   /* a raw UTF-8 host was percent-encoded by clean_href */
    ascii_lower(host);
    n = strlen(host);
    if (n > 0 && host[n - 1] == '.')
      host[n - 1] = '\0';   /* "example.com." is example.com */
  }
  uriFreeUriMembersA(&uri);
  return host;
}

static psl_ctx_t *psl_loaded;       /* the system list, ours to free */
static const psl_ctx_t *psl_ctx;    /* psl_loaded, or libpsl's built-in list (static) */
static pthread_once_t psl_once = PTHREAD_ONCE_INIT;

/* Loaded once on first use, then shared read-only by every thread. */
static void psl_init(void)
{
  psl_loaded = psl_latest(NULL);   /* the system list when newer than the built-in one */
  psl_ctx = psl_loaded != NULL ? psl_loaded : psl_builtin();
}

/* Freed when the library is unloaded or the program exits: a program that dlopen()s
 * and dlclose()s libattrcheck keeps nothing of it. */
__attribute__((destructor)) static void psl_release(void)
{
  psl_free(psl_loaded);
  psl_loaded = NULL;
  psl_ctx = NULL;
}

static bool is_ip_address(const char *host)
{
  unsigned char addr[16];

  return inet_pton(AF_INET, host, addr) == 1 || inet_pton(AF_INET6, host, addr) == 1;
}

const char *ac_url_registrable(const char *host, char *buf, size_t size)
{
  char lower[256];
  size_t n;
  const char *reg;

  if (host == NULL || buf == NULL || size == 0)
    return NULL;
  n = strlen(host);
  if (n > 0 && host[n - 1] == '.')
    n--;
  if (n == 0 || n >= sizeof lower)
    return NULL;
  memcpy(lower, host, n);
  lower[n] = '\0';
  ascii_lower(lower);
  if (is_ip_address(lower))
    return NULL;
  pthread_once(&psl_once, psl_init);
  if (psl_ctx == NULL)
    return NULL;
  reg = psl_registrable_domain(psl_ctx, lower);
  if (reg == NULL || strlen(reg) >= size)
    return NULL;
  memcpy(buf, reg, strlen(reg) + 1);
  return buf;
}

/*
 * The comparison key of a URL: host, non-default port, path without a
 * trailing slash, query. The scheme is left out on purpose: http:// and
 * https:// of one page are the same resource for attribution, and sites
 * move between them. The fragment names a place in the resource, not another one.
 */
static char *same_key(const char *url)
{
  char *s = ac_url_resolve(NULL, url);
  char *auth, *hash;
  size_t n;

  if (s == NULL)
    return NULL;
  hash = strchr(s, '#');
  if (hash != NULL)
    *hash = '\0';
  auth = strstr(s, "://") + 3;
  n = strcspn(auth, "?");
  if (n > 0 && auth[n - 1] == '/')
    memmove(auth + n - 1, auth + n, strlen(auth + n) + 1);
  memmove(s, auth, strlen(auth) + 1);
  return s;
}

bool ac_url_same(const char *a, const char *b)
{
  char *ka, *kb;
  bool same;

  if (a == NULL || b == NULL)
    return false;
  ka = same_key(a);
  kb = same_key(b);
  if (ka == NULL || kb == NULL)
    same = ka == NULL && kb == NULL && strcmp(a, b) == 0;
  else
    same = strcmp(ka, kb) == 0;
  free(ka);
  free(kb);
  return same;
}
