package io.signlink.runtime.config;

import java.util.List;

/**
 * Connect-session settings until applications carry their own: the return URLs every application
 * may send users back to ({@code SIGNLINK_CONNECT_RETURN_URLS}, a comma-separated list of URL
 * prefixes such as {@code https://app.example.com/signlink/}) and the name the confirmation page
 * shows for the application ({@code SIGNLINK_APPLICATION_NAME}). Immutable.
 */
public record ConnectSettings(List<String> returnUrlPrefixes, String applicationName) {
  public static final String DEFAULT_APPLICATION_NAME = "this application";
  public static final ConnectSettings NONE = new ConnectSettings(List.of(), null);

  public ConnectSettings {
    returnUrlPrefixes = returnUrlPrefixes == null ? List.of() : List.copyOf(returnUrlPrefixes);
    applicationName =
        applicationName == null || applicationName.isBlank()
            ? DEFAULT_APPLICATION_NAME
            : applicationName.strip();
  }
}
