package io.signlink.provider.definition;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signlink.error.ConfigurationException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The provider definitions SignLink knows: every {@code io/signlink/providers/<id>.json} named in a
 * {@code io/signlink/providers/providers.list} on the class path (one id per line, {@code #}
 * comments). Core ships seven e-signature providers and generic OpenID Connect; another jar — or a
 * test's resources — adds providers by adding its own list and files, with no Java change, and a
 * library hands definitions from elsewhere to {@code SignLinkRuntime.Builder#definitions}.
 * Immutable and thread-safe; {@link #builtIn()} is read once per class loader.
 */
public final class ProviderDefinitions {
  /** Where definitions live on the class path. */
  public static final String RESOURCE_DIR = "io/signlink/providers/";

  /** The index file each jar (or test resource folder) adds. */
  public static final String INDEX = RESOURCE_DIR + "providers.list";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private static final Map<ClassLoader, ProviderDefinitions> BY_LOADER =
      Collections.synchronizedMap(new java.util.WeakHashMap<>());

  private final Map<String, ProviderDefinition> byId;

  private ProviderDefinitions(Map<String, ProviderDefinition> byId) {
    this.byId = Collections.unmodifiableMap(new LinkedHashMap<>(byId));
  }

  /** The definitions on this class's class path (cached). */
  public static ProviderDefinitions builtIn() {
    ClassLoader loader = ProviderDefinitions.class.getClassLoader();
    return BY_LOADER.computeIfAbsent(loader, ProviderDefinitions::load);
  }

  /** Every definition listed in a {@link #INDEX} that {@code loader} sees. */
  public static ProviderDefinitions load(ClassLoader loader) {
    Map<String, ProviderDefinition> out = new LinkedHashMap<>();
    for (String id : listedIds(loader)) {
      ProviderDefinition d = fromResource(loader, id);
      out.put(d.id(), d);
    }
    return new ProviderDefinitions(out);
  }

  /** Exactly these definitions (tests, or a user who assembles their own set). */
  public static ProviderDefinitions of(List<ProviderDefinition> definitions) {
    Map<String, ProviderDefinition> out = new LinkedHashMap<>();
    for (ProviderDefinition d : definitions) {
      if (out.putIfAbsent(d.id(), d) != null) {
        throw new ConfigurationException(
            "provider definition " + d.id(), "is defined twice; ids must be unique");
      }
    }
    return new ProviderDefinitions(out);
  }

  /** The definition {@code <id>.json} under {@link #RESOURCE_DIR}. */
  public static ProviderDefinition fromResource(ClassLoader loader, String id) {
    String path = RESOURCE_DIR + id + ".json";
    try (InputStream in = loader.getResourceAsStream(path)) {
      if (in == null) {
        throw new ConfigurationException(
            "provider definition " + id,
            "is listed in " + INDEX + " but " + path + " is not on the class path");
      }
      ProviderDefinition d = read(path, in);
      if (!d.id().equals(id)) {
        throw new ConfigurationException(
            "provider definition " + path, "declares id " + d.id() + "; the file name must match");
      }
      return d;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  /**
   * Reads and checks one definition.
   *
   * @param source names the file in error messages
   * @throws ConfigurationException naming the file and the field when the definition is invalid
   */
  public static ProviderDefinition read(String source, InputStream json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new ConfigurationException(
          "provider definition " + source, "is not valid JSON (" + e.getOriginalMessage() + ")");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source, e);
    }
    ProviderDefinition d = DefinitionReader.read(source, root);
    DefinitionChecks.check(source, d);
    return d;
  }

  public Optional<ProviderDefinition> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** The definition with this id, or an error naming the known ones. */
  public ProviderDefinition require(String id) {
    return find(id)
        .orElseThrow(
            () ->
                new ConfigurationException(
                    "provider " + id,
                    "has no definition; known providers: "
                        + byId.keySet()
                        + " (a definition is "
                        + RESOURCE_DIR
                        + id
                        + ".json, listed in "
                        + INDEX
                        + ", or "
                        + id
                        + ".json in the directory SIGNLINK_PROVIDER_DEFINITIONS names)"));
  }

  /** Every definition, in the order the lists name them. */
  public Collection<ProviderDefinition> all() {
    return byId.values();
  }

  /** These definitions plus {@code extra} (which replaces one with the same id). */
  public ProviderDefinitions with(ProviderDefinition extra) {
    Map<String, ProviderDefinition> out = new LinkedHashMap<>(byId);
    out.put(extra.id(), extra);
    return new ProviderDefinitions(out);
  }

  private static List<String> listedIds(ClassLoader loader) {
    Set<String> seen = new HashSet<>();
    List<String> ids = new java.util.ArrayList<>();
    try {
      Enumeration<URL> lists = loader.getResources(INDEX);
      while (lists.hasMoreElements()) {
        URL url = lists.nextElement();
        try (BufferedReader r =
            new BufferedReader(new InputStreamReader(url.openStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = r.readLine()) != null; ) {
            String id = line.replaceFirst("#.*", "").trim();
            if (!id.isEmpty() && seen.add(id)) {
              ids.add(id);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + INDEX, e);
    }
    return ids;
  }
}
