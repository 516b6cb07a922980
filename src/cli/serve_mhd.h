/*
 * attrcheck serve: libmicrohttpd, opened only when `serve` runs. Linked
 * into the executable it would load GnuTLS and six more libraries into
 * every `attrcheck check` start, about a third more work for the dynamic
 * loader, for a command that never serves.
 */
#ifndef AC_CLI_SERVE_MHD_H
#define AC_CLI_SERVE_MHD_H

#include <stddef.h>
#include <microhttpd.h>

typedef struct serve_mhd {
  __typeof__(MHD_start_daemon) *start_daemon;
  __typeof__(MHD_stop_daemon) *stop_daemon;
  __typeof__(MHD_quiesce_daemon) *quiesce_daemon;
  __typeof__(MHD_get_daemon_info) *get_daemon_info;
  __typeof__(MHD_create_response_from_buffer) *create_response_from_buffer;
  __typeof__(MHD_add_response_header) *add_response_header;
  __typeof__(MHD_queue_response) *queue_response;
  __typeof__(MHD_destroy_response) *destroy_response;
  __typeof__(MHD_lookup_connection_value) *lookup_connection_value;
} serve_mhd;

/** The functions, once serve_mhd_open() succeeded. */
extern serve_mhd serve__mhd;

/** Open the library and find every function; false with the reason in `why`. */
bool serve_mhd_open(char *why, size_t size);

#endif
