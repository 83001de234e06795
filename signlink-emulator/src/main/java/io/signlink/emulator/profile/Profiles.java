package io.signlink.emulator.profile;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads emulator profiles: the built-in ones listed in {@code
 * io/signlink/emulator/profiles/index.txt}, and a test's own from a classpath resource or a file.
 * Unknown members are errors (a misspelt member must not be silently ignored); enum values may be
 * written in lower case.
 *
 * <p>Thread-safe: stateless; the mapper is thread-safe once configured.
 */
public final class Profiles {

  private static final String DIR = "/io/signlink/emulator/profiles/";

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(JsonParser.Feature.ALLOW_COMMENTS)
          .build();

  private Profiles() {}

  /** The ids of the built-in profiles, in the order the emulator mounts them. */
  public static List<String> builtInIds() {
    try (InputStream in = Profiles.class.getResourceAsStream(DIR + "index.txt")) {
      if (in == null) {
        throw new IllegalStateException("the emulator jar lacks " + DIR + "index.txt");
      }
      return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))
          .lines()
          .map(String::trim)
          .filter(line -> !line.isEmpty() && !line.startsWith("#"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every built-in profile. */
  public static List<Profile> builtIn() {
    return builtInIds().stream().map(Profiles::builtIn).toList();
  }

  /** The built-in profile {@code id}. */
  public static Profile builtIn(String id) {
    return resource(DIR + id + ".json");
  }

  /**
   * A profile from a classpath resource, e.g. {@code /profiles/acme.json} from a test's resources.
   *
   * @throws IllegalArgumentException when it is missing or not a valid profile, saying which
   */
  public static Profile resource(String name) {
    String absolute = name.startsWith("/") ? name : "/" + name;
    try (InputStream in = Profiles.class.getResourceAsStream(absolute)) {
      if (in == null) {
        throw new IllegalArgumentException(
            "no emulator profile at classpath resource " + absolute + " (check the path)");
      }
      return read(in, absolute);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the emulator profile " + absolute, e);
    }
  }

  /** A profile from a file. */
  public static Profile file(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the emulator profile " + file, e);
    }
  }

  /**
   * A profile from JSON; {@code source} names it in errors.
   *
   * @throws IllegalArgumentException when the JSON is not a valid profile
   */
  public static Profile read(InputStream json, String source) throws IOException {
    try {
      return JSON.readValue(json, Profile.class);
    } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
      Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
      throw new IllegalArgumentException(
          "the emulator profile " + source + " is not valid: " + cause.getMessage(), e);
    }
  }
}
