package io.signlink.runtime.config;

import io.signlink.error.ConfigurationException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Reads the optional configuration file: a Java properties file whose keys are the same {@code
 * SIGNLINK_*} names as the environment variables (no YAML, nothing to learn twice). Stateless.
 */
final class ConfigFiles {
  private ConfigFiles() {}

  static Map<String, String> read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigurationException(
          "SIGNLINK_CONFIG",
          "the file "
              + file
              + " does not exist; point it at a properties file with lines like"
              + " SIGNLINK_PORT=8080");
    }
    Properties props = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      props.load(reader);
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigurationException(
          "SIGNLINK_CONFIG",
          "the file "
              + file
              + " could not be read as a properties file ("
              + e.getClass().getSimpleName()
              + "); use lines like SIGNLINK_PORT=8080");
    }
    Map<String, String> out = new HashMap<>();
    for (String name : props.stringPropertyNames()) {
      if (!name.startsWith("SIGNLINK_")) {
        throw new ConfigurationException(
            name, "is not a SignLink setting; keys in " + file + " are SIGNLINK_* names");
      }
      out.put(name, props.getProperty(name));
    }
    return out;
  }

  static Path expandHome(String path) {
    if (path.equals("~") || path.startsWith("~/")) {
      return home(System.getenv()).resolve(path.substring(1).replaceFirst("^/", ""));
    }
    return Path.of(path);
  }

  /** {@code $HOME} when set (it is what users expect to change), else the JVM's idea of home. */
  static Path home(Map<String, String> env) {
    String home = env.get("HOME");
    return Path.of(home == null || home.isBlank() ? System.getProperty("user.home") : home);
  }

  /**
   * The data folder when {@code SIGNLINK_DATA_DIR} is not set: {@code ~/.signlink} where it exists
   * already (earlier releases' default), else {@code $XDG_DATA_HOME/signlink} when that variable is
   * set, else {@code ~/.signlink}, with {@code ~} read from {@code $HOME}.
   */
  static Path defaultDataDir(Map<String, String> env) {
    Path legacy = home(env).resolve(".signlink");
    String xdg = env.get("XDG_DATA_HOME");
    if (Files.isDirectory(legacy) || xdg == null || xdg.isBlank()) {
      return legacy;
    }
    return Path.of(xdg).resolve("signlink");
  }
}
