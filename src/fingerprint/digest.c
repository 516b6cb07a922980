/* The page's identity: SHA-256 (OpenSSL EVP) of the normalised text. */
#include "fp.h"

#include <openssl/evp.h>
#include <stdio.h>

int ac_fp__digest(const char *data, size_t len, char *out, size_t out_size)
{
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int md_len = 0;
  static const char hex[] = "0123456789abcdef";
  int at;

  if (EVP_Digest(data, len, md, &md_len, EVP_sha256(), NULL) != 1 || md_len != 32)
    return AC_ERROR;
  at = snprintf(out, out_size, "%s:sha256:", AC_FP_TAG);
  if (at < 0 || (size_t)at + 2 * md_len + 1 > out_size)
    return AC_ERROR;
  for (unsigned i = 0; i < md_len; i++) {
    out[at++] = hex[md[i] >> 4];
    out[at++] = hex[md[i] & 15];
  }
  out[at] = '\0';
  return AC_OK;
}

int ac_sha256_hex(const void *data, size_t len, char out[65])
{
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int md_len = 0;
  static const char hex[] = "0123456789abcdef";

  if (EVP_Digest(data, len, md, &md_len, EVP_sha256(), NULL) != 1 || md_len != 32)
    return AC_ERROR;
  for (unsigned i = 0; i < md_len; i++) {
    out[2 * i] = hex[md[i] >> 4];
    out[2 * i + 1] = hex[md[i] & 15];
  }
  out[64] = '\0';
  return AC_OK;
}
