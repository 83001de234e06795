package io.signlink.docusign.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.docusign.esign.api.AccountsApi;
import com.docusign.esign.api.EnvelopesApi;
import com.docusign.esign.client.ApiException;
import com.docusign.esign.model.AccountInformation;
import com.docusign.esign.model.EnvelopesInformation;
import io.signlink.connection.Connection;
import io.signlink.connection.InMemoryConnectionStore;
import io.signlink.connection.TokenManager;
import io.signlink.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official DocuSign SDK, unchanged, with a SignLink connection's token, against the emulator:
 * the token is refreshed before it expires and once after a 401 (SECURITY.md §retry-on-401).
 */
class SignLinkApiClientTest {
  static final MutableClock clock = new MutableClock(Instant.now());
  static EmulatedDocuSign docusign;

  InMemoryConnectionStore store = new InMemoryConnectionStore(clock);
  TokenManager tokens;
  Connection connection;
  SignLinkApiClient client;

  @BeforeAll
  static void start() {
    docusign = new EmulatedDocuSign(clock);
  }

  @AfterAll
  static void stop() {
    docusign.close();
  }

  @BeforeEach
  void connect() {
    docusign.emulator.faults().clear();
    clock.set(Instant.now());
    tokens = docusign.tokenManager(store);
    connection = docusign.connect(store, "owner-" + System.nanoTime());
    client = SignLinkApiClient.forConnection(tokens, connection);
  }

  @AfterEach
  void close() {
    tokens.close();
    docusign.emulator.faults().clear();
  }

  EnvelopesInformation statusChanges() throws ApiException {
    EnvelopesApi envelopes = new EnvelopesApi(client);
    EnvelopesApi.ListStatusChangesOptions options = envelopes.new ListStatusChangesOptions();
    options.setFromDate("2020-01-01");
    return envelopes.listStatusChanges(client.accountId(), options);
  }

  @Test
  void aimsTheSdkAtTheConnectionsAccountBaseUri() {
    assertThat(client.getBasePath()).isEqualTo(connection.baseUri() + "/restapi");
    assertThat(client.accountId()).isEqualTo(connection.accountId());
  }

  @Test
  void readsTheAccountWithTheConnectionsToken() throws ApiException {
    AccountInformation account = new AccountsApi(client).getAccountInformation(client.accountId());
    assertThat(account.getAccountName()).isEqualTo(connection.accountName());
    assertThat(account.getAccountIdGuid()).isEqualTo(connection.accountId());
  }

  @Test
  void listsStatusChangesInTheSdksShape() throws ApiException {
    EnvelopesInformation changes = statusChanges();
    assertThat(Integer.parseInt(changes.getTotalSetSize())).isPositive();
    assertThat(changes.getEnvelopes()).isNotEmpty();
    assertThat(changes.getEnvelopes().get(0).getEnvelopeId()).isNotBlank();
    assertThat(changes.getEnvelopes().get(0).getStatus()).isNotBlank();
  }

  @Test
  void aTokenRefusedMidSessionIsRefreshedOnceAndTheCallRetriedOnce() throws ApiException {
    statusChanges();
    docusign.emulator
        .expireAccessTokens(); // DocuSign stops accepting a token SignLink thinks valid
    long refreshes = docusign.refreshes();
    long refused = docusign.apiCount("unauthorized");

    assertThat(statusChanges().getEnvelopes()).isNotEmpty();
    assertThat(docusign.refreshes() - refreshes).isEqualTo(1);
    assertThat(docusign.apiCount("unauthorized") - refused).isEqualTo(1);
  }

  @Test
  void aSecond401ReachesTheCallerAsTheSdksApiException() {
    docusign.emulator.faults().failNextApiRequests(2, 401);
    long refreshes = docusign.refreshes();

    assertThatThrownBy(this::statusChanges)
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(401));
    assertThat(docusign.refreshes() - refreshes).isEqualTo(1);
    assertThat(docusign.apiCount("fault.401")).isGreaterThanOrEqualTo(2);
  }

  @Test
  void a403IsNeverRefreshed() {
    docusign.emulator.faults().failNextApiRequests(1, 403);
    long refreshes = docusign.refreshes();

    assertThatThrownBy(this::statusChanges)
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(403));
    assertThat(docusign.refreshes()).isEqualTo(refreshes);
  }

  @Test
  void aTokenAboutToExpireIsRefreshedBeforeTheCall() throws ApiException {
    statusChanges();
    long refreshes = docusign.refreshes();
    long refused = docusign.apiCount("unauthorized");
    clock.advance(Duration.ofHours(9)); // past the 8-hour token lifetime, as SignLink judges it

    new AccountsApi(client).getAccountInformation(client.accountId());
    assertThat(docusign.refreshes() - refreshes).isEqualTo(1);
    assertThat(docusign.apiCount("unauthorized")).isEqualTo(refused);
  }
}
