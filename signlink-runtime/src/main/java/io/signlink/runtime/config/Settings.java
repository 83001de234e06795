package io.signlink.runtime.config;

import io.signlink.error.ConfigurationException;
import io.signlink.oauth.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Typed reads of the merged {@code SIGNLINK_*} settings. Every failed read is a {@link
 * ConfigurationException} naming the variable and showing what a valid value looks like. Immutable
 * and thread-safe.
 */
final class Settings {
  private final Map<String, String> values;
  private final Set<String> asked = ConcurrentHashMap.newKeySet();

  Settings(Map<String, String> values) {
    Map<String, String> copy = new TreeMap<>();
    values.forEach(
        (k, v) -> {
          if (k != null && v != null && !v.isBlank()) {
            copy.put(k, v.trim());
          }
        });
    this.values = Map.copyOf(copy);
  }

  Optional<String> string(String name) {
    asked.add(name);
    return Optional.ofNullable(values.get(name));
  }

  /** The names present in the settings, in order. */
  Set<String> names() {
    return new java.util.TreeSet<>(values.keySet());
  }

  /** Every name some reader asked for, present or not: the settings this version knows. */
  Set<String> asked() {
    return Set.copyOf(asked);
  }

  String required(String name, String example) {
    return string(name)
        .orElseThrow(
            () -> new ConfigurationException(name, "is required; set it, e.g. " + example));
  }

  Optional<Secret> secret(String name) {
    return string(name).map(Secret::of);
  }

  boolean flag(String name) {
    Optional<String> v = string(name);
    if (v.isEmpty()) {
      return false;
    }
    String s = v.get().toLowerCase(Locale.ROOT);
    if (s.equals("true") || s.equals("1") || s.equals("yes")) {
      return true;
    }
    if (s.equals("false") || s.equals("0") || s.equals("no")) {
      return false;
    }
    throw new ConfigurationException(name, "must be true or false, not '" + v.get() + "'");
  }

  Optional<Integer> port(String name) {
    Optional<String> v = string(name);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    try {
      int port = Integer.parseInt(v.get());
      if (port >= 0 && port <= 65535) {
        return Optional.of(port);
      }
    } catch (NumberFormatException e) {
      // fall through to the error below
    }
    throw new ConfigurationException(
        name, "must be a TCP port between 0 and 65535 (0 picks a free one), e.g. 8080");
  }

  Optional<URI> url(String name, String example) {
    Optional<String> v = string(name);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(parseUrl(name, v.get(), example));
  }

  static URI parseUrl(String name, String value, String example) {
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // fall through
    }
    throw new ConfigurationException(name, "must be an absolute http(s) URL, e.g. " + example);
  }

  Optional<Path> path(String name) {
    return string(name).map(ConfigFiles::expandHome);
  }

  /** A comma- or space-separated list; empty when unset. */
  List<String> list(String name) {
    List<String> out = new ArrayList<>();
    string(name)
        .ifPresent(
            v -> {
              for (String part : v.split("[,\\s]+")) {
                if (!part.isBlank()) {
                  out.add(part.trim());
                }
              }
            });
    return List.copyOf(out);
  }

  /** Names of every variable that starts with {@code prefix}. */
  List<String> namesStartingWith(String prefix) {
    return values.keySet().stream().filter(k -> k.startsWith(prefix)).toList();
  }

  /** These settings as a provider definition reads them; every name it asks is recorded. */
  io.signlink.provider.definition.DefinitionSettings.Source asDefinitionSource() {
    Settings self = this;
    return new io.signlink.provider.definition.DefinitionSettings.Source() {
      @Override
      public Optional<String> string(String name) {
        return self.string(name);
      }

      @Override
      public Optional<Secret> secret(String name) {
        return self.secret(name);
      }

      @Override
      public Optional<URI> url(String name, String example) {
        return self.url(name, example);
      }

      @Override
      public List<String> list(String name) {
        return self.list(name);
      }

      @Override
      public List<String> namesStartingWith(String prefix) {
        return self.namesStartingWith(prefix);
      }
    };
  }
}
