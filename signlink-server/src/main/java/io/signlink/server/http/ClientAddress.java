package io.signlink.server.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * The address a rate limit is keyed by. A request straight from the internet is keyed by its TCP
 * peer, and any {@code X-Forwarded-For} it sends is ignored (a client could write anything there).
 * A request from a loopback or private-network peer is taken to come through a reverse proxy (the
 * usual way to put https in front of SignLink), so the rightmost public address in {@code
 * X-Forwarded-For} is used: the one the nearest proxy appended, not one the client made up further
 * left. Without such an address the peer is used (SECURITY.md §rate-limits). Stateless.
 */
public final class ClientAddress {
  /** Literal IPv4 or IPv6 addresses only, so parsing never triggers a DNS lookup. */
  private static final Pattern IP_LITERAL = Pattern.compile("[0-9a-fA-F:.]{2,45}");

  private ClientAddress() {}

  /**
   * @param peer the TCP peer's address
   * @param forwardedFor the {@code X-Forwarded-For} header, or {@code null}
   */
  public static String of(String peer, String forwardedFor) {
    if (forwardedFor == null || !isProxyLike(peer)) {
      return peer;
    }
    String[] hops = forwardedFor.split(",");
    for (int i = hops.length - 1; i >= 0 && i >= hops.length - 10; i--) {
      String hop = hops[i].trim();
      if (!IP_LITERAL.matcher(hop).matches()) {
        return peer; // not an address a proxy writes: trust none of it
      }
      if (!isProxyLike(hop)) {
        return hop;
      }
    }
    return peer;
  }

  /** Loopback, private (RFC 1918, RFC 4193) or link-local: where a reverse proxy would sit. */
  static boolean isProxyLike(String address) {
    if (address == null || !IP_LITERAL.matcher(address).matches()) {
      return false;
    }
    try {
      InetAddress a = InetAddress.getByName(address);
      return a.isLoopbackAddress()
          || a.isSiteLocalAddress()
          || a.isLinkLocalAddress()
          || (a.getAddress().length == 16 && (a.getAddress()[0] & 0xfe) == 0xfc);
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
