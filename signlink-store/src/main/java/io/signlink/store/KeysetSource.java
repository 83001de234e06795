package io.signlink.store;

import io.signlink.oauth.Secret;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the key-encryption keyset (a Tink AEAD keyset in JSON) comes from. Never from the database:
 * keys and data are kept apart (SECURITY.md §key-management). Immutable.
 */
public sealed interface KeysetSource {

  /** A human-readable name for messages: the file path or the environment variable. */
  String describe();

  /**
   * A keyset file ({@code SIGNLINK_KEYSET_FILE}). Only the embedded default sets {@code
   * generateIfMissing}: a brand-new database then gets a fresh keyset written next to it (0600).
   */
  record FileKeyset(Path path, boolean generateIfMissing) implements KeysetSource {
    public FileKeyset {
      Objects.requireNonNull(path, "path");
    }

    @Override
    public String describe() {
      return "keyset file " + path.toAbsolutePath();
    }
  }

  /** A keyset given inline, e.g. in {@code SIGNLINK_KEYSET} (JSON, or base64 of the JSON). */
  record InlineKeyset(String setting, Secret json) implements KeysetSource {
    public InlineKeyset {
      Objects.requireNonNull(setting, "setting");
      Objects.requireNonNull(json, "json");
    }

    @Override
    public String describe() {
      return "keyset from " + setting;
    }
  }

  /** An existing keyset file; SignLink refuses to start when it is missing. */
  static KeysetSource file(Path path) {
    return new FileKeyset(path, false);
  }

  /** The embedded default: {@code keyset.json} in the data folder, generated on first start. */
  static KeysetSource generatedIn(Path dataDir) {
    return new FileKeyset(dataDir.resolve("keyset.json"), true);
  }

  /** A keyset passed as text, e.g. the value of {@code SIGNLINK_KEYSET}. */
  static KeysetSource inline(String setting, String json) {
    return new InlineKeyset(setting, Secret.of(json));
  }
}
