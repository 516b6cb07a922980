/* attrcheck serve: libmicrohttpd opened at run time (see serve_mhd.h). */
#include <dlfcn.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "serve_mhd.h"

#ifndef AC_MHD_SONAME
#define AC_MHD_SONAME "libmicrohttpd.so.12"
#endif

serve_mhd serve__mhd;

/* Looked up by the names the header declares, so a mismatch is a build error. */
#define MHD_SYMBOL(field, name) {#name, offsetof(serve_mhd, field)}

static const struct { const char *name; size_t offset; } symbols[] = {
  MHD_SYMBOL(start_daemon, MHD_start_daemon),
  MHD_SYMBOL(stop_daemon, MHD_stop_daemon),
  MHD_SYMBOL(quiesce_daemon, MHD_quiesce_daemon),
  MHD_SYMBOL(get_daemon_info, MHD_get_daemon_info),
  MHD_SYMBOL(create_response_from_buffer, MHD_create_response_from_buffer),
  MHD_SYMBOL(add_response_header, MHD_add_response_header),
  MHD_SYMBOL(queue_response, MHD_queue_response),
  MHD_SYMBOL(destroy_response, MHD_destroy_response),
  MHD_SYMBOL(lookup_connection_value, MHD_lookup_connection_value),
};

bool serve_mhd_open(char *why, size_t size)
{
  void *lib = dlopen(AC_MHD_SONAME, RTLD_NOW | RTLD_LOCAL);   /* kept open until exit */

  if (lib == NULL) {
    snprintf(why, size, "cannot load %s (Debian: libmicrohttpd12): %s", AC_MHD_SONAME, dlerror());
    return false;
  }
  for (size_t i = 0; i < sizeof symbols / sizeof *symbols; i++) {
    void *fn = dlsym(lib, symbols[i].name);
    if (fn == NULL) {
      snprintf(why, size, "%s has no %s", AC_MHD_SONAME, symbols[i].name);
      return false;
    }
    memcpy((char *)&serve__mhd + symbols[i].offset, &fn, sizeof fn);   /* object to function pointer */
  }
  return true;
}
