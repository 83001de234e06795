package io.signlink.runtime.config;

import io.signlink.error.ConfigurationException;
import io.signlink.provider.definition.DefinitionSettings;
import io.signlink.provider.definition.ProviderDefinition;
import io.signlink.provider.definition.ProviderDefinitions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Provider definitions an operator adds to the built-in ones without rebuilding the jar ({@code
 * SIGNLINK_PROVIDER_DEFINITIONS}): every {@code *.json} file directly in one directory (not in
 * sub-directories, names starting with {@code .} skipped), in name order, each read with the strict
 * reader of the class-path definitions ({@link ProviderDefinitions#read}). A file's name is its
 * definition's id ({@code acme.json} defines {@code acme}). A definition may not take an id, or a
 * settings prefix, that another definition already has: a file can neither replace a provider
 * SignLink ships nor read its client settings (SECURITY.md §definition-files). Immutable and
 * thread-safe.
 *
 * @param directory the directory the definitions were read from, or {@code null} for none
 * @param definitions the definitions, in file-name order
 */
public record DefinitionFiles(Path directory, List<ProviderDefinition> definitions) {
  /** The setting that names the directory. */
  public static final String SETTING = "SIGNLINK_PROVIDER_DEFINITIONS";

  /** No directory: the built-in definitions alone. */
  public static final DefinitionFiles NONE = new DefinitionFiles(null, List.of());

  private static final String EXAMPLE = "e.g. /etc/signlink/providers holding acme.json";

  public DefinitionFiles {
    definitions = List.copyOf(definitions);
    if (directory == null && !definitions.isEmpty()) {
      throw new IllegalArgumentException("definitions without the directory they came from");
    }
  }

  /** Reads {@code directory} on top of the definitions on the class path. */
  public static DefinitionFiles read(Path directory) {
    return read(directory, ProviderDefinitions.builtIn());
  }

  /**
   * Reads every {@code *.json} file in {@code directory} and checks it against {@code base}.
   *
   * @throws ConfigurationException naming {@link #SETTING}, the file and, for an invalid
   *     definition, the key's path, when the directory is missing, unreadable or holds no
   *     definition, or a file is invalid, misnamed or clashes with a definition in {@code base}
   */
  public static DefinitionFiles read(Path directory, ProviderDefinitions base) {
    Objects.requireNonNull(directory, "directory");
    if (!Files.exists(directory)) {
      throw new ConfigurationException(
          SETTING, directory + " does not exist; set a directory of <id>.json files, " + EXAMPLE);
    }
    if (!Files.isDirectory(directory)) {
      throw new ConfigurationException(
          SETTING,
          directory + " is not a directory; set a directory of <id>.json files, " + EXAMPLE);
    }
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "*.json")) {
      for (Path entry : entries) {
        if (!entry.getFileName().toString().startsWith(".") && Files.isRegularFile(entry)) {
          files.add(entry);
        }
      }
    } catch (IOException | UncheckedIOException e) {
      throw new ConfigurationException(
          SETTING, directory + " cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    if (files.isEmpty()) {
      throw new ConfigurationException(
          SETTING,
          directory
              + " holds no *.json file; put one definition per <id>.json file there"
              + " (docs/PROVIDER-DEFINITIONS.md) or unset the setting");
    }
    files.sort(Comparator.comparing(f -> f.getFileName().toString()));
    List<ProviderDefinition> read = new ArrayList<>();
    for (Path file : files) {
      read.add(readOne(file));
    }
    DefinitionFiles out = new DefinitionFiles(directory, read);
    out.addTo(base);
    return out;
  }

  /** The file a definition was read from. */
  public Path file(ProviderDefinition definition) {
    return directory.resolve(definition.id() + ".json");
  }

  /**
   * {@code base} (the built-in definitions, or those handed to the runtime's builder) plus these.
   * Adding never replaces: an id or a settings prefix {@code base} already has is refused.
   *
   * @throws ConfigurationException naming {@link #SETTING}, the file and the definition it clashes
   *     with
   */
  public ProviderDefinitions addTo(ProviderDefinitions base) {
    // SECURITY.md §definition-files: a file adds a provider and never takes over another's id or
    // settings (and with them its client secret).
    ProviderDefinitions out = base;
    for (ProviderDefinition d : definitions) {
      ProviderDefinition same = out.find(d.id()).orElse(null);
      if (same != null) {
        throw new ConfigurationException(
            SETTING,
            file(d)
                + " defines the provider id '"
                + d.id()
                + "', which the definition of "
                + same.displayName()
                + " ('"
                + same.id()
                + "') already has; a file adds a provider and never replaces one, so give it"
                + " another id (and file name)");
      }
      for (ProviderDefinition other : out.all()) {
        if (prefixesOverlap(d, other)) {
          throw new ConfigurationException(
              SETTING,
              file(d)
                  + ": settings_prefix "
                  + d.settingsPrefix()
                  + " overlaps "
                  + other.settingsPrefix()
                  + " of the provider '"
                  + other.id()
                  + "'; every provider reads settings of its own, e.g. leave settings_prefix"
                  + " out to get SIGNLINK_<ID>_");
        }
      }
      out = out.with(d);
    }
    return out;
  }

  private static ProviderDefinition readOne(Path file) {
    String name = file.getFileName().toString();
    String id = name.substring(0, name.length() - ".json".length());
    ProviderDefinition d;
    try (InputStream in = Files.newInputStream(file)) {
      d = ProviderDefinitions.read(file.toString(), in);
    } catch (ConfigurationException e) {
      throw new ConfigurationException(SETTING, e.getMessage());
    } catch (IOException | UncheckedIOException e) {
      throw new ConfigurationException(
          SETTING, file + " cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    if (!d.id().equals(id)) {
      throw new ConfigurationException(
          SETTING,
          file
              + " declares the id '"
              + d.id()
              + "'; the file name must equal the id: rename it to "
              + d.id()
              + ".json or change its \"id\"");
    }
    return d;
  }

  /**
   * True when both read the same settings: equal prefixes, or one falls under the literal part of
   * the other's {@code {NAME}} prefix ({@code SIGNLINK_OIDC_ACME_} under {@code
   * SIGNLINK_OIDC_{NAME}_}).
   */
  private static boolean prefixesOverlap(ProviderDefinition a, ProviderDefinition b) {
    String pa = literal(a);
    String pb = literal(b);
    if (pa.equals(pb)) {
      return true;
    }
    return (DefinitionSettings.named(b) && pa.startsWith(pb))
        || (DefinitionSettings.named(a) && pb.startsWith(pa));
  }

  private static String literal(ProviderDefinition d) {
    String prefix = d.settingsPrefix();
    int name = prefix.indexOf("{NAME}");
    return name < 0 ? prefix : prefix.substring(0, name);
  }
}
