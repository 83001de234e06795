package io.signlink.cli.connection;

import com.fasterxml.jackson.databind.JsonNode;
import io.signlink.cli.CliContext;
import io.signlink.cli.CommandFailure;
import io.signlink.cli.ExitCodes;
import io.signlink.cli.output.Json;
import io.signlink.connection.Connection;
import io.signlink.provider.api.ApiCaller;
import io.signlink.provider.api.MultipartBody;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code signlink call <connection> METHOD /path}: calls the provider API of the connection's own
 * account with its token, refreshing and retrying once on a 401 (SECURITY.md §retry-on-401), and
 * prints the JSON answer pretty. {@code --data @file} sends a file as the body, {@code --form
 * name=value} / {@code name=@file} sends {@code multipart/form-data} (files streamed from disk),
 * and {@code --output file} saves a binary answer (a document) instead of printing it; the file
 * appears only once the whole answer arrived. The path is relative to the account's API root —
 * DocuSign {@code {base_uri}/restapi/v2.1/accounts/{accountId}}, BoldSign {@code {api host}/v1} —
 * and cannot leave it (no other host, no {@code ..}), so the token only ever goes to the provider.
 * One instance per invocation.
 */
@Command(
    name = "call",
    mixinStandardHelpOptions = true,
    description = {
      "Call the provider API of the connection's account with its token; print the JSON.",
      "The path is relative to the account's API root (DocuSign: …/restapi/v2.1/accounts/{id},",
      "BoldSign: …/v1). Examples:",
      "  signlink call 3f2a GET /envelopes?from_date=2026-01-01",
      "  signlink call 3f2a GET /envelopes/{envelopeId}/documents/combined --output signed.pdf",
      "  signlink call 3f2a PUT /envelopes/{envelopeId}/documents/1 --data @contract.pdf",
      "  signlink call 9c1e POST /document/send --form Title=Offer \\",
      "      --form 'Signers={\"name\":\"Ann\",\"emailAddress\":\"ann@example.com\"}' \\",
      "      --form Files=@offer.pdf"
    })
public final class CallCommand implements Callable<Integer> {
  private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

  private final CliContext context;

  @Parameters(
      index = "0",
      paramLabel = "<connection>",
      description = "Connection id or unique prefix.")
  String ref;

  @Parameters(
      index = "1",
      paramLabel = "<method>",
      description = "GET, or POST/PUT/PATCH/DELETE with --data or --form.")
  String method;

  @Parameters(
      index = "2",
      paramLabel = "<path>",
      description = "Path (and query) below the account's API root.")
  String path;

  @Option(
      names = "--data",
      paramLabel = "@FILE",
      description = "Send this file as the request body (streamed from disk).")
  String data;

  @Option(
      names = "--content-type",
      paramLabel = "TYPE",
      description = "Content-Type for --data (default from the file name: pdf, json, else binary).")
  String contentType;

  @Option(
      names = "--form",
      paramLabel = "NAME=VALUE|NAME=@FILE",
      description = "A multipart/form-data field or file (repeatable; files streamed from disk).")
  List<String> form = new ArrayList<>();

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Save the answer's bytes to FILE (for documents) instead of printing JSON.")
  Path output;

  CallCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    String m = method.toUpperCase(Locale.ROOT);
    boolean hasBody = data != null || !form.isEmpty();
    if (!METHODS.contains(m) || (!m.equals("GET") && !hasBody) || (m.equals("GET") && hasBody)) {
      throw new CommandFailure(
          ExitCodes.USAGE,
          "Use GET, or POST/PUT/PATCH/DELETE with --data @file or --form (got "
              + method
              + (hasBody ? " with a body" : " without a body")
              + ").");
    }
    if (data != null && !form.isEmpty()) {
      throw new CommandFailure(ExitCodes.USAGE, "Give --data or --form, not both.");
    }
    if (output != null && hasBody) {
      throw new CommandFailure(ExitCodes.USAGE, "--output saves a GET answer; drop the body.");
    }
    if (!path.startsWith("/")) {
      throw new CommandFailure(
          ExitCodes.USAGE,
          "The path must start with '/'; it is relative to the account's API root.");
    }
    var runtime = ConnectionResolver.runtimeFor(context, ref);
    Connection c =
        ConnectionResolver.requireUsable(ConnectionResolver.resolve(runtime.connections(), ref));
    try {
      if (output != null) {
        long n = ConnectionResolver.reportingReconsent(c, () -> runtime.download(c, path, output));
        context.out().println("Saved " + n + " bytes to " + output);
        context.out().flush();
        return ExitCodes.OK;
      }
      JsonNode answer;
      if (hasBody) {
        Body body = data != null ? fileBody() : formBody();
        answer =
            ConnectionResolver.reportingReconsent(
                c, () -> runtime.send(c, m, path, body.contentType(), body.publisher()));
      } else {
        answer = ConnectionResolver.reportingReconsent(c, () -> runtime.getJson(c, path));
      }
      if (!answer.isMissingNode()) {
        context.out().println(Json.pretty(answer));
      }
    } catch (IllegalArgumentException e) {
      throw new CommandFailure(ExitCodes.USAGE, "Refusing that path: " + e.getMessage() + ".");
    }
    context.out().flush();
    return ExitCodes.OK;
  }

  private record Body(String contentType, ApiCaller.Body publisher) {}

  private Body fileBody() {
    if (!data.startsWith("@")) {
      throw new CommandFailure(ExitCodes.USAGE, "--data takes @FILE, e.g. --data @contract.pdf");
    }
    Path file = readable(data.substring(1));
    String type = contentType != null ? contentType : guessType(file);
    return new Body(type, () -> HttpRequest.BodyPublishers.ofFile(file));
  }

  private Body formBody() {
    MultipartBody.Builder b = MultipartBody.builder();
    for (String f : form) {
      int eq = f.indexOf('=');
      if (eq <= 0) {
        throw new CommandFailure(
            ExitCodes.USAGE, "--form takes NAME=VALUE or NAME=@FILE, not '" + f + "'");
      }
      String name = f.substring(0, eq);
      String value = f.substring(eq + 1);
      if (value.startsWith("@")) {
        Path file = readable(value.substring(1));
        b.file(name, file, guessType(file));
      } else if (value.startsWith("{") || value.startsWith("[")) {
        b.json(name, value);
      } else {
        b.field(name, value);
      }
    }
    MultipartBody body = b.build();
    return new Body(body.contentType(), body::publisher);
  }

  private static Path readable(String name) {
    Path file = Path.of(name);
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new CommandFailure(ExitCodes.USAGE, "Cannot read the file " + name + ".");
    }
    return file;
  }

  private static String guessType(Path file) {
    String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (n.endsWith(".pdf")) {
      return "application/pdf";
    }
    if (n.endsWith(".json")) {
      return "application/json";
    }
    return "application/octet-stream";
  }
}
