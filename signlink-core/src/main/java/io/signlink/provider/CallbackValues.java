package io.signlink.provider;

import java.util.List;
import java.util.Map;

/**
 * Values a provider adds to its redirect that decide where this one connection's requests go:
 * Acrobat Sign names the account's shard ({@code api_access_point}), Zoho the user's data centre
 * ({@code location}, {@code accounts-server}). {@link #accept} checks them against the hosts the
 * provider's definition allows before anything is sent (SECURITY.md §callback-hosts); {@link
 * #profile} gives the connection's own endpoints and API base from the values kept with it.
 * Providers without such values use {@link #NONE}. Implementations are immutable and thread-safe.
 */
public interface CallbackValues {
  /** A provider whose redirect decides nothing: no parameters, the configured profile always. */
  CallbackValues NONE =
      new CallbackValues() {
        @Override
        public List<String> parameters() {
          return List.of();
        }

        @Override
        public Map<String, String> accept(Map<String, String> callbackParams) {
          return Map.of();
        }

        @Override
        public ProviderProfile profile(ProviderProfile configured, Map<String, String> values) {
          return configured;
        }
      };

  /** The redirect parameters read, beyond {@code code}, {@code state} and {@code iss}. */
  List<String> parameters();

  /**
   * The values of {@link #parameters()} in {@code callbackParams}, checked and in canonical form,
   * to be kept with the connection; a parameter that is absent is left out (the configured host
   * applies).
   *
   * @throws io.signlink.error.AuthorizationFlowException with reason {@code
   *     UNTRUSTED_CALLBACK_VALUE} when a value names a host the definition does not allow
   */
  Map<String, String> accept(Map<String, String> callbackParams);

  /**
   * The profile of a connection whose kept values are {@code values}: its token, refresh and
   * revocation endpoints and API base filled in from them. The values are checked again, so a row
   * changed in the database cannot send tokens elsewhere.
   *
   * @throws io.signlink.error.ConfigurationException when a kept value is no longer allowed
   */
  ProviderProfile profile(ProviderProfile configured, Map<String, String> values);
}
