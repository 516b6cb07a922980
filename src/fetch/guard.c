/*
 * The private-address guard. libcurl calls it (CURLOPT_OPENSOCKETFUNCTION) for
 * every address it is about to connect to, after its own DNS resolution and
 * for every redirect hop, so a name that resolves (or re-resolves, DNS
 * rebinding) to an internal address is refused at the socket, not before.
 */
#include <netinet/in.h>
#include <stdint.h>
#include <string.h>

#include "fetch.h"

/* RFC 6890 special-purpose blocks a web page has no business making us reach. */
static bool private_v4(uint32_t a)
{
  return (a >> 24) == 0 ||                 /* 0.0.0.0/8 "this network" */
         (a >> 24) == 10 ||                /* 10/8 */
         (a >> 24) == 127 ||               /* loopback */
         (a >> 22) == (100u << 2 | 1) ||   /* 100.64/10 carrier-grade NAT */
         (a >> 16) == (169u << 8 | 254) || /* link-local, cloud metadata */
         (a >> 20) == (172u << 4 | 1) ||   /* 172.16/12 */
         (a >> 16) == (192u << 8 | 168) || /* 192.168/16 */
         (a >> 28) >= 14;                  /* multicast, reserved, broadcast */
}

static bool private_v6(const unsigned char *b)
{
  static const unsigned char v4mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  static const unsigned char zero[15] = {0};

  if (memcmp(b, v4mapped, 12) == 0)
    return private_v4((uint32_t)b[12] << 24 | (uint32_t)b[13] << 16 | (uint32_t)b[14] << 8 | b[15]);
  if (memcmp(b, zero, 15) == 0)            /* :: and ::1 */
    return b[15] <= 1;
  return (b[0] & 0xfe) == 0xfc ||          /* fc00::/7 unique local */
         (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) ||   /* fe80::/10 link-local */
         b[0] == 0xff;                     /* multicast */
}

bool ac_fetch__private_address(const struct sockaddr *sa, socklen_t len)
{
  if (sa->sa_family == AF_INET && len >= (socklen_t)sizeof(struct sockaddr_in)) {
    const struct sockaddr_in *in = (const struct sockaddr_in *)(const void *)sa;
    return private_v4(ntohl(in->sin_addr.s_addr));
  }
  if (sa->sa_family == AF_INET6 && len >= (socklen_t)sizeof(struct sockaddr_in6)) {
    const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)(const void *)sa;
    return private_v6(in6->sin6_addr.s6_addr);
  }
  return true;                             /* unix sockets and the unknown: never */
}
