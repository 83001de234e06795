package io.signlink.emulator.oauth;

import io.signlink.emulator.RegisteredClient;
import java.util.List;
import java.util.Map;

/**
 * A token request's form parameters and its authenticated client ({@code null} for DocuSign's JWT
 * grant, where the assertion itself names the integration key).
 *
 * <p>Thread-safe: an immutable record.
 */
public record TokenRequest(Map<String, List<String>> params, RegisteredClient client) {

  public TokenRequest {
    params = Map.copyOf(params);
  }

  public String param(String name) {
    return HttpSupport.single(params, name);
  }

  public String required(String name) {
    return HttpSupport.required(params, name);
  }

  @Override
  public String toString() {
    return "TokenRequest[" + (client == null ? "-" : client.clientId()) + "]";
  }
}
