/* TEMPORARY scaffold; the url module replaces this file. */
#include <string.h>
#include "attrcheck/url.h"
char *ac_url_resolve(const char *base, const char *href) { (void)base; (void)href; return NULL; }
char *ac_url_host(const char *url) { (void)url; return NULL; }
const char *ac_url_registrable(const char *host, char *buf, size_t size) { (void)host; (void)buf; (void)size; return NULL; }
bool ac_url_same(const char *a, const char *b) { return strcmp(a, b) == 0; }
