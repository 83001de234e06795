package io.signlink.spring.boot;

import com.docusign.esign.api.EnvelopesApi;
import com.docusign.esign.client.ApiException;
import com.docusign.esign.model.Envelope;
import com.docusign.esign.model.EnvelopesInformation;
import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionStore;
import io.signlink.connection.TokenManager;
import io.signlink.docusign.sdk.SignLinkApiClient;
import io.signlink.spring.boot.web.SignLinkOwnerResolver;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * A user's application, as small as it gets: the starter's routes connect DocuSign, and one
 * controller lists envelope status changes with the official SDK and SignLink's token.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(EnvelopesApp.Envelopes.class)
class EnvelopesApp {
  /** Stands in for the application's sign-in: the user name comes in a header. */
  static final String USER_HEADER = "X-Test-User";

  @Bean
  SignLinkOwnerResolver owners() {
    return request -> Optional.ofNullable(request.headers().firstHeader(USER_HEADER));
  }

  @RestController
  static class Envelopes {
    private final ConnectionStore connections;
    private final TokenManager tokens;

    Envelopes(ConnectionStore connections, TokenManager tokens) {
      this.connections = connections;
      this.tokens = tokens;
    }

    @GetMapping("/envelopes")
    Map<String, Object> statusChanges(
        @RequestParam("connection_id") String connectionId, @RequestHeader(USER_HEADER) String user)
        throws ApiException {
      Connection c =
          connections
              .find(connectionId)
              .filter(found -> found.owner().equals(user))
              .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
      SignLinkApiClient client = SignLinkApiClient.forConnection(tokens, c);
      EnvelopesApi envelopes = new EnvelopesApi(client);
      EnvelopesApi.ListStatusChangesOptions options = envelopes.new ListStatusChangesOptions();
      options.setFromDate("2020-01-01");
      EnvelopesInformation changes = envelopes.listStatusChanges(client.accountId(), options);
      List<Envelope> list = changes.getEnvelopes() == null ? List.of() : changes.getEnvelopes();
      return Map.of(
          "account",
          client.accountId(),
          "total",
          changes.getTotalSetSize(),
          "envelopes",
          list.stream()
              .map(e -> Map.of("id", e.getEnvelopeId(), "status", e.getStatus()))
              .toList());
    }
  }
}
