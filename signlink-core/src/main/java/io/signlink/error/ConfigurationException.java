package io.signlink.error;

/** A setting is missing or invalid; the message names it and says what a valid value looks like. */
public final class ConfigurationException extends SignLinkException {
  private final String setting;

  public ConfigurationException(String setting, String message) {
    super(setting + ": " + message, null);
    this.setting = setting;
  }

  public String setting() {
    return setting;
  }

  @Override
  public String code() {
    return "invalid_configuration";
  }
}
