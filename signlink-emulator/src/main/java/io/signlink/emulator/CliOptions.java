package io.signlink.emulator;

import io.signlink.emulator.profile.Profile;
import io.signlink.emulator.profile.Profiles;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The emulator command line, parsed by hand (a handful of flags; the emulator keeps its
 * dependencies small). Durations are {@code 90}, {@code 90s}, {@code 15m}, {@code 8h}, {@code 30d}
 * or ISO-8601 ({@code PT30S}).
 *
 * <p>Not thread-safe; used once by {@link EmulatorMain}.
 */
final class CliOptions {

  static final String USAGE =
      String.join(
          "\n",
          "Usage: java -jar signlink-emulator-all.jar [options]",
          "",
          "Runs offline stand-ins for the providers' authorization servers and APIs: BoldSign,",
          "DocuSign, Acrobat Sign, Dropbox Sign, SignNow, PandaDoc and Zoho Sign (docs/EMULATOR.md).",
          "",
          "Options:",
          "  --port N                          port to listen on (default 8090; 0 picks a free port)",
          "  --host HOST                       interface to listen on (default 127.0.0.1)",
          "  --auto-approve                    approve authorization requests without the consent page",
          "  --redirect-uri URI                also accept this redirect URI for the demo clients (repeatable)",
          "  --access-token-ttl DURATION       access-token lifetime for every provider",
          "  --boldsign-access-token-ttl DUR   BoldSign access-token lifetime (default 1h)",
          "  --docusign-access-token-ttl DUR   DocuSign access-token lifetime (default 8h)",
          "  --refresh-token-ttl DURATION      refresh-token lifetime (default: each provider's)",
          "  --code-ttl DURATION               authorization-code lifetime (default: each provider's)",
          "  --profile FILE                    also emulate the provider of this profile (repeatable)",
          "  --boldsign-iss                    add RFC 9207 'iss' to BoldSign authorization responses",
          "  --jwt-private-key-out FILE        write the DocuSign demo JWT-grant private key (PKCS#8 PEM)",
          "  -h, --help                        show this help",
          "",
          "Durations: 90, 90s, 15m, 8h, 30d or ISO-8601 (PT30S).");

  final EmulatorConfig.Builder config = EmulatorConfig.builder().port(8090);
  final List<String> redirectUris = new ArrayList<>();
  Path jwtPrivateKeyOut;
  boolean help;

  /** Parses {@code args}; throws {@link IllegalArgumentException} with a message for the user. */
  static CliOptions parse(String[] args) {
    CliOptions o = new CliOptions();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        value = arg.substring(eq + 1);
        arg = arg.substring(0, eq);
      }
      switch (arg) {
        case "-h", "--help" -> o.help = true;
        case "--auto-approve" -> o.config.autoApprove(true);
        case "--boldsign-iss" -> o.config.boldSignIssParameter(true);
        default -> {
          if (value == null) {
            if (i + 1 >= args.length) {
              throw new IllegalArgumentException(
                  known(arg) ? arg + " needs a value" : "unknown option " + arg);
            }
            value = args[++i];
          }
          o.apply(arg, value);
        }
      }
    }
    o.config.redirectUri(o.redirectUris.toArray(String[]::new));
    return o;
  }

  private static boolean known(String arg) {
    return USAGE.contains(arg + " ");
  }

  private void apply(String flag, String value) {
    switch (flag) {
      case "--port" -> config.port(parsePort(value));
      case "--host" -> config.host(value);
      case "--redirect-uri" -> redirectUris.add(value);
      case "--access-token-ttl" -> config.accessTokenTtl(duration(flag, value));
      case "--boldsign-access-token-ttl" -> config.boldSignAccessTokenTtl(duration(flag, value));
      case "--docusign-access-token-ttl" -> config.docuSignAccessTokenTtl(duration(flag, value));
      case "--refresh-token-ttl" -> config.refreshTokenTtl(duration(flag, value));
      case "--code-ttl" -> config.codeTtl(duration(flag, value));
      case "--jwt-private-key-out" -> jwtPrivateKeyOut = Path.of(value);
      case "--profile" -> config.profile(profile(value));
      default -> throw new IllegalArgumentException("unknown option " + flag);
    }
  }

  private static Profile profile(String file) {
    try {
      return Profiles.file(Path.of(file));
    } catch (UncheckedIOException e) {
      throw new IllegalArgumentException(
          "--profile " + file + " cannot be read (" + e.getCause().getMessage() + ")");
    }
  }

  private static int parsePort(String value) {
    try {
      int port = Integer.parseInt(value);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "--port must be a number from 0 to 65535, was '" + value + "'");
  }

  static Duration duration(String flag, String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    try {
      Duration d;
      if (v.startsWith("pt") || v.startsWith("p")) {
        d = Duration.parse(v.toUpperCase(Locale.ROOT));
      } else {
        char unit = v.isEmpty() ? ' ' : v.charAt(v.length() - 1);
        String digits = Character.isDigit(unit) ? v : v.substring(0, v.length() - 1);
        long n = Long.parseLong(digits);
        d =
            switch (unit) {
              case 's' -> Duration.ofSeconds(n);
              case 'm' -> Duration.ofMinutes(n);
              case 'h' -> Duration.ofHours(n);
              case 'd' -> Duration.ofDays(n);
              default -> {
                if (!Character.isDigit(unit)) {
                  throw new NumberFormatException();
                }
                yield Duration.ofSeconds(n);
              }
            };
      }
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(flag + " must be positive, was '" + value + "'");
      }
      return d;
    } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
      throw new IllegalArgumentException(
          flag + " needs a duration such as 90s, 15m, 8h or PT30S, was '" + value + "'");
    }
  }
}
