package io.signlink.examples.springboot;

import com.docusign.esign.api.EnvelopesApi;
import com.docusign.esign.client.ApiException;
import com.docusign.esign.model.Envelope;
import com.docusign.esign.model.EnvelopesInformation;
import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionStore;
import io.signlink.connection.TokenManager;
import io.signlink.docusign.sdk.SignLinkApiClient;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The application's own pages: a Connect button, and the envelopes of a connected account. They
 * exist while SignLink is on ({@code signlink.enabled}, on unless set to false).
 */
@RestController
@ConditionalOnBooleanProperty(name = "signlink.enabled", matchIfMissing = true)
class EnvelopesController {
  private final ConnectionStore connections;

  /**
   * Asked for when a page needs it: SignLink opens after the application has started, and a bean
   * that took the {@code TokenManager} itself would open it during the start instead. The {@code
   * ConnectionStore} bean opens nothing until it is called.
   */
  private final ObjectProvider<TokenManager> tokens;

  EnvelopesController(ConnectionStore connections, ObjectProvider<TokenManager> tokens) {
    this.connections = connections;
    this.tokens = tokens;
  }

  /** A form, not a link: the starter starts a flow only on a POST from this site. */
  @GetMapping(value = "/", produces = MediaType.TEXT_HTML_VALUE)
  String home() {
    return "<!doctype html><title>SignLink + Spring Boot</title>"
        + "<form method=post action=/signlink/connect/docusign>"
        + "<input type=hidden name=return_to value=/envelopes>"
        + "<button>Connect DocuSign</button></form>";
  }

  /** Envelope status changes of the last 30 days, through the SDK with SignLink's token. */
  @GetMapping("/envelopes")
  Map<String, Object> envelopes(@RequestParam("connection_id") String connectionId)
      throws ApiException {
    Connection c =
        connections
            .find(connectionId)
            .filter(found -> found.owner().equals(ExampleApplication.USER))
            .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    SignLinkApiClient client = SignLinkApiClient.forConnection(tokens.getObject(), c);
    EnvelopesApi api = new EnvelopesApi(client);
    EnvelopesApi.ListStatusChangesOptions options = api.new ListStatusChangesOptions();
    options.setFromDate(LocalDate.now().minusDays(30).toString());
    EnvelopesInformation changes = api.listStatusChanges(client.accountId(), options);
    List<Envelope> list = changes.getEnvelopes() == null ? List.of() : changes.getEnvelopes();
    return Map.of(
        "account",
        c.accountName(),
        "envelopes",
        list.stream().map(e -> Map.of("id", e.getEnvelopeId(), "status", e.getStatus())).toList());
  }
}
