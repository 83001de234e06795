package io.signlink.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signlink.application.ApiScope;
import io.signlink.application.Application;
import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionDraft;
import io.signlink.connection.ConnectionEvent;
import io.signlink.connection.ConnectionStatus;
import io.signlink.connection.ConnectionStore;
import io.signlink.error.StoreException;
import io.signlink.error.TransientException;
import io.signlink.oauth.PendingAuthorization;
import io.signlink.oauth.PendingAuthorizationStore;
import io.signlink.oauth.Secret;
import io.signlink.store.apikey.ApiKey;
import io.signlink.store.apikey.IssuedApiKey;
import io.signlink.store.crypto.Keysets;
import io.signlink.store.crypto.RotationReport;
import io.signlink.store.outbox.NewWebhookEvent;
import io.signlink.store.pending.JdbcPendingAuthorizationStore;
import io.signlink.testing.MutableClock;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one contract every backend passes: run against SQLite and PostgreSQL by the subclasses. Each
 * test gets its own database (SQLite: a temp folder; PostgreSQL: a fresh schema).
 */
abstract class StoreContractTest {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  @TempDir Path dir;
  MutableClock clock;
  final List<SignLinkStore> opened = new ArrayList<>();

  /** The configuration of this test's database (URL, data folder, keyset). */
  abstract StoreConfig.Builder config();

  /** The JDBC URL for raw tampering. */
  abstract String rawUrl();

  /**
   * Scans everything the backend persisted for the markers; prints the figures and returns the
   * number of hits.
   */
  abstract long scanForPlaintext(List<String> markers, String label) throws Exception;

  /** Inserts {@code n} rows quickly, straight in SQL, expiring over 30 days from {@code now}. */
  abstract void bulkInsert(int n, Instant now) throws SQLException;

  /** The plan of the due query, as text. */
  abstract String explainDueQuery(Instant before, int limit) throws SQLException;

  @BeforeEach
  void baseSetUp() {
    clock = new MutableClock(T0);
  }

  @AfterEach
  void closeStores() {
    opened.forEach(SignLinkStore::close);
  }

  SignLinkStore open() {
    SignLinkStore s = SignLinkStore.open(config().clock(clock).build());
    opened.add(s);
    return s;
  }

  Instant now() {
    return clock.instant();
  }

  void sql(String statement, Object... args) throws SQLException {
    try (java.sql.Connection c = DriverManager.getConnection(rawUrl());
        PreparedStatement ps = c.prepareStatement(statement)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      ps.executeUpdate();
    }
  }

  byte[] blobOf(String id) throws SQLException {
    try (java.sql.Connection c = DriverManager.getConnection(rawUrl());
        PreparedStatement ps =
            c.prepareStatement("SELECT token_ciphertext FROM connections WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBytes(1);
      }
    }
  }

  void setBlob(String id, byte[] blob) throws SQLException {
    sql("UPDATE connections SET token_ciphertext = ? WHERE id = ?", blob, id);
  }

  // ---------------------------------------------------------------- connections

  @Test
  void storesAndReadsBackEveryField() {
    ConnectionStore store = open().connections();
    var draft = Drafts.draft("alice", now());
    Connection c = store.upsert(draft).connection();

    Connection read = store.find(c.id()).orElseThrow();
    assertThat(read.tokens().accessToken()).isEqualTo(draft.tokens().accessToken());
    assertThat(read.tokens().refreshToken()).isEqualTo(draft.tokens().refreshToken());
    assertThat(read.tokens().idToken()).isEqualTo(draft.tokens().idToken());
    assertThat(read.tokens().accessExpiresAt()).isEqualTo(draft.tokens().accessExpiresAt());
    assertThat(read.tokens().refreshExpiresAt()).isEqualTo(draft.tokens().refreshExpiresAt());
    assertThat(read.tokens().scopes()).containsExactlyInAnyOrder("signature", "extended");
    assertThat(read.accounts()).isEqualTo(draft.accounts());
    assertThat(read.baseUri()).isEqualTo("https://demo.docusign.net");
    assertThat(read.status()).isEqualTo(ConnectionStatus.ACTIVE);
    assertThat(read.version()).isEqualTo(1);
    assertThat(read.createdAt()).isEqualTo(T0);
    assertThat(read).isEqualTo(c);
    assertThat(store.find("no-such-id")).isEmpty();
  }

  @Test
  void callbackValuesAreKeptThroughRefreshesAndAReconnectReplacesThem() throws SQLException {
    ConnectionStore store = open().connections();
    ConnectionDraft eu1 =
        withValues(
            Drafts.draft("carol", now()),
            java.util.Map.of(
                "api_access_point", "https://api.eu1.adobesign.com",
                "web_access_point", "https://secure.eu1.adobesign.com"));
    Connection c = store.upsert(eu1).connection();
    assertThat(c.callbackValues()).isEqualTo(eu1.callbackValues());
    assertThat(store.find(c.id()).orElseThrow().callbackValues()).isEqualTo(eu1.callbackValues());

    clock.advance(Duration.ofMinutes(5));
    Connection refreshed =
        store
            .compareAndSet(
                store
                    .find(c.id())
                    .orElseThrow()
                    .withRefreshedTokens(Drafts.tokens(now(), Duration.ofHours(1)), now()))
            .orElseThrow();
    assertThat(refreshed.callbackValues()).isEqualTo(eu1.callbackValues());
    assertThat(store.find(c.id()).orElseThrow().callbackValues()).isEqualTo(eu1.callbackValues());

    ConnectionDraft eu2 =
        withValues(
            Drafts.draft("carol", now()),
            java.util.Map.of("api_access_point", "https://api.eu2.adobesign.com"));
    assertThat(store.upsert(eu2).connection().id()).isEqualTo(c.id());
    assertThat(store.find(c.id()).orElseThrow().callbackValues())
        .containsExactly(java.util.Map.entry("api_access_point", "https://api.eu2.adobesign.com"));

    // a provider whose redirect names nothing keeps nothing; a corrupt column reads as nothing
    Connection plain = store.upsert(Drafts.draft("dave", now())).connection();
    assertThat(store.find(plain.id()).orElseThrow().callbackValues()).isEmpty();
    sql("UPDATE connections SET callback_values = ? WHERE id = ?", "{not json", c.id());
    assertThat(store.find(c.id()).orElseThrow().callbackValues()).isEmpty();
  }

  private static ConnectionDraft withValues(
      ConnectionDraft d, java.util.Map<String, String> values) {
    return new ConnectionDraft(
        d.providerId(),
        d.owner(),
        d.subject(),
        d.accountId(),
        d.accountName(),
        d.baseUri(),
        d.accounts(),
        d.scopes(),
        d.tokens(),
        d.email(),
        d.displayName(),
        d.applicationId(),
        values);
  }

  @Test
  void reconnectingTheSameAccountUpdatesTheRowAndASecondAccountAddsOne() { // docs/PROVIDERS.md
    // "several accounts per
    // owner"
    ConnectionStore store = open().connections();
    var first = store.upsert(Drafts.draft("bob", "acc-1", now(), Duration.ofHours(1)));
    clock.advance(Duration.ofMinutes(5));
    var again = store.upsert(Drafts.draft("bob", "acc-1", now(), Duration.ofHours(1)));
    var second = store.upsert(Drafts.draft("bob", "acc-2", now(), Duration.ofHours(1)));

    assertThat(first.created()).isTrue();
    assertThat(again.created()).isFalse();
    assertThat(again.connection().id()).isEqualTo(first.connection().id());
    assertThat(again.connection().version()).isEqualTo(2);
    assertThat(again.connection().createdAt()).isEqualTo(T0);
    assertThat(second.created()).isTrue();
    assertThat(second.connection().id()).isNotEqualTo(first.connection().id());
    assertThat(store.findByOwner("bob"))
        .extracting(Connection::accountId)
        .containsExactly("acc-2", "acc-1");
    assertThat(store.find(first.connection().id()).orElseThrow().tokens().accessToken())
        .isEqualTo(again.connection().tokens().accessToken());
  }

  @Test
  void upsertBringsAReauthRequiredConnectionBackToActive() {
    ConnectionStore store = open().connections();
    Connection c = store.upsert(Drafts.draft("carol", now())).connection();
    store
        .compareAndSet(c.withStatus(ConnectionStatus.REAUTH_REQUIRED, "invalid_grant", now()))
        .orElseThrow();
    Connection back = store.upsert(Drafts.draft("carol", now())).connection();
    assertThat(back.status()).isEqualTo(ConnectionStatus.ACTIVE);
    assertThat(store.find(c.id()).orElseThrow().statusReason()).isNull();
  }

  @Test
  void staleCompareAndSetLosesAndTheReReadWins() { // SECURITY.md §atomic-writes
    ConnectionStore store = open().connections();
    Connection c = store.upsert(Drafts.draft("dave", now())).connection();
    Connection a = c.withRefreshedTokens(Drafts.tokens(now(), Duration.ofHours(8)), now());
    Connection b = c.withRefreshedTokens(Drafts.tokens(now(), Duration.ofHours(8)), now());

    Optional<Connection> winner = store.compareAndSet(a);
    Optional<Connection> loser = store.compareAndSet(b);
    assertThat(winner).isPresent();
    assertThat(winner.get().version()).isEqualTo(c.version() + 1);
    assertThat(loser).isEmpty();

    Connection reread = store.find(c.id()).orElseThrow();
    assertThat(reread.tokens().refreshToken()).isEqualTo(a.tokens().refreshToken());
    Connection retried = reread.withRefreshedTokens(b.tokens(), now());
    assertThat(store.compareAndSet(retried)).isPresent();
    assertThat(store.find(c.id()).orElseThrow().tokens().refreshToken())
        .isEqualTo(b.tokens().refreshToken());
  }

  @Test
  void deletesAndCounts() {
    ConnectionStore store = open().connections();
    Connection c = store.upsert(Drafts.draft("erin", now())).connection();
    store.upsert(Drafts.draft("frank", now()));
    assertThat(store.count()).isEqualTo(2);
    assertThat(store.delete(c.id())).isTrue();
    assertThat(store.delete(c.id())).isFalse();
    assertThat(store.find(c.id())).isEmpty();
    assertThat(store.count()).isEqualTo(1);
  }

  @Test
  void listsNewestFirstInPages() {
    ConnectionStore store = open().connections();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(store.upsert(Drafts.draft("owner-" + i, now())).connection().id());
      clock.advance(Duration.ofSeconds(1));
    }
    Collections.reverse(ids);
    assertThat(store.list(0, 3))
        .extracting(Connection::id)
        .containsExactlyElementsOf(ids.subList(0, 3));
    assertThat(store.list(3, 3))
        .extracting(Connection::id)
        .containsExactlyElementsOf(ids.subList(3, 5));
  }

  @Test
  void dueForRefreshReturnsActiveConnectionsExpiringSoonestFirst() {
    ConnectionStore store = open().connections();
    Connection late =
        store.upsert(Drafts.draft("g1", "a", now(), Duration.ofMinutes(4))).connection();
    Connection soon =
        store.upsert(Drafts.draft("g2", "a", now(), Duration.ofMinutes(1))).connection();
    store.upsert(Drafts.draft("g3", "a", now(), Duration.ofHours(2)));
    Connection dead =
        store.upsert(Drafts.draft("g4", "a", now(), Duration.ofMinutes(2))).connection();
    store
        .compareAndSet(dead.withStatus(ConnectionStatus.REAUTH_REQUIRED, "invalid_grant", now()))
        .orElseThrow();

    List<Connection> due = store.dueForRefresh(now().plus(Duration.ofMinutes(5)), 10);
    assertThat(due).extracting(Connection::id).containsExactly(soon.id(), late.id());
    assertThat(store.dueForRefresh(now().plus(Duration.ofMinutes(5)), 1))
        .extracting(Connection::id)
        .containsExactly(soon.id());
  }

  @Test
  void aLeaseIsExclusiveUntilItExpires() { // SECURITY.md §single-refresh
    ConnectionStore store = open().connections();
    String id = store.upsert(Drafts.draft("hank", now())).connection().id();
    assertThat(store.tryLease(id, "instance-a", Duration.ofSeconds(30))).isTrue();
    assertThat(store.tryLease(id, "instance-b", Duration.ofSeconds(30))).isFalse();
    assertThat(store.tryLease(id, "instance-a", Duration.ofSeconds(30))).as("re-entrant").isTrue();

    clock.advance(Duration.ofSeconds(31));
    assertThat(store.tryLease(id, "instance-b", Duration.ofSeconds(30))).as("expired").isTrue();
    assertThat(store.tryLease(id, "instance-a", Duration.ofSeconds(30))).isFalse();

    store.releaseLease(id, "instance-a"); // not the holder: no effect
    assertThat(store.tryLease(id, "instance-a", Duration.ofSeconds(30))).isFalse();
    store.releaseLease(id, "instance-b");
    assertThat(store.tryLease(id, "instance-a", Duration.ofSeconds(30))).isTrue();
    assertThat(store.tryLease("no-such-id", "instance-a", Duration.ofSeconds(30))).isFalse();
  }

  @Test
  void aLeaseTakenFromAHolderThatNeverReleasedItIsReportedAsTakenOver() { // SECURITY.md
    // §lost-refresh
    ConnectionStore store = open().connections();
    String id = store.upsert(Drafts.draft("ivy", now())).connection().id();
    assertThat(store.acquireLease(id, "a", Duration.ofMillis(1500)))
        .isEqualTo(ConnectionStore.LeaseGrant.GRANTED);
    assertThat(store.acquireLease(id, "b", Duration.ofMillis(1500)))
        .isEqualTo(ConnectionStore.LeaseGrant.HELD);
    assertThat(store.acquireLease(id, "a", Duration.ofMillis(1500)))
        .as("heartbeat")
        .isEqualTo(ConnectionStore.LeaseGrant.GRANTED);
    clock.advance(Duration.ofSeconds(2)); // "a" died without releasing
    assertThat(store.acquireLease(id, "b", Duration.ofMillis(1500)))
        .isEqualTo(ConnectionStore.LeaseGrant.TAKEN_OVER);
    store.releaseLease(id, "b");
    assertThat(store.acquireLease(id, "a", Duration.ofMillis(1500)))
        .as("released cleanly: free")
        .isEqualTo(ConnectionStore.LeaseGrant.GRANTED);
    assertThat(store.acquireLease("no-such-id", "a", Duration.ofMillis(1500)))
        .isEqualTo(ConnectionStore.LeaseGrant.HELD);
  }

  @Test
  void idleSinceFindsActiveConnectionsWhoseTokensWereObtainedBeforeTheCutoff() {
    ConnectionStore store = open().connections();
    Instant t0 = now();
    String old = store.upsert(Drafts.draft("jack", t0)).connection().id();
    clock.advance(Duration.ofDays(10));
    store.upsert(Drafts.draft("kim", now()));
    List<Connection> idle = store.idleSince("docusign", t0.plus(Duration.ofDays(5)), 10);
    assertThat(idle).extracting(Connection::id).containsExactly(old);
  }

  @Test
  void leaseDueHandsEachDueConnectionOutOnceUntilTheLeaseExpires() {
    ConnectionStore store = open().connections();
    for (int i = 0; i < 5; i++) {
      store.upsert(Drafts.draft("due-" + i, "a", now(), Duration.ofMinutes(1 + i)));
    }
    Instant window = now().plus(Duration.ofMinutes(10));
    List<Connection> first = store.leaseDue(window, 3, "a", Duration.ofSeconds(30));
    List<Connection> second = store.leaseDue(window, 3, "b", Duration.ofSeconds(30));
    assertThat(first).hasSize(3);
    assertThat(first).allMatch(Connection::tokensReadable);
    assertThat(first.get(0).owner()).isEqualTo("due-0");
    assertThat(second).hasSize(2);
    assertThat(store.leaseDue(window, 3, "c", Duration.ofSeconds(30))).isEmpty();
    clock.advance(Duration.ofSeconds(31));
    assertThat(store.leaseDue(window, 10, "c", Duration.ofSeconds(30))).hasSize(5);
  }

  @Test
  void subscribersHearOfEveryCommittedWrite() throws Exception {
    ConnectionStore store = open().connections();
    List<String> heard = new CopyOnWriteArrayList<>();
    AutoCloseable sub = store.subscribe(heard::add);
    Connection c = store.upsert(Drafts.draft("ivy", now())).connection();
    store.compareAndSet(c.withStatus(ConnectionStatus.REVOKED, "user", now())).orElseThrow();
    store.delete(c.id());
    // Notices are database-wide: other tests' schemas on the same server may be heard too, so
    // only this test's own connections count.
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> heard.stream().filter(c.id()::equals).count() >= 3);
    sub.close();
    // A subscriber added after the close hears the next write; each notice goes to the
    // subscribers in the order they subscribed, so once the later one heard it, the closed one
    // would have heard it already had closing not removed it. No waiting for "nothing".
    List<String> heardLater = new CopyOnWriteArrayList<>();
    try (AutoCloseable later = store.subscribe(heardLater::add)) {
      Connection after = store.upsert(Drafts.draft("ivy2", now())).connection();
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> heardLater.contains(after.id()));
      assertThat(heard).doesNotContain(after.id());
    }
  }

  // ---------------------------------------------------------------- encryption (SECURITY.md
  // §encryption)

  @Test
  void aCiphertextCopiedIntoAnotherRowDoesNotDecryptThereAndOtherRowsKeepWorking()
      throws Exception {
    ConnectionStore store = open().connections();
    Connection a = store.upsert(Drafts.draft("row-a", now())).connection();
    Connection b = store.upsert(Drafts.draft("row-b", now())).connection();
    Connection c = store.upsert(Drafts.draft("row-c", now())).connection();
    setBlob(b.id(), blobOf(a.id()));

    assertThatThrownBy(() -> store.find(b.id()))
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.DECRYPTION_FAILED))
        .hasMessageContaining(b.id())
        .hasMessageNotContaining(a.tokens().accessToken().reveal());
    assertThat(store.find(a.id()).orElseThrow().tokensReadable()).isTrue();
    assertThat(store.find(c.id()).orElseThrow().tokensReadable()).isTrue();
    List<Connection> all = store.list(0, 10);
    assertThat(all).hasSize(3);
    assertThat(all)
        .filteredOn(x -> x.id().equals(b.id()))
        .singleElement()
        .satisfies(x -> assertThat(x.tokens()).isNull());
    assertThat(all).filteredOn(x -> !x.id().equals(b.id())).allMatch(Connection::tokensReadable);
  }

  @Test
  void aFlippedBitFailsDecryption() throws Exception {
    ConnectionStore store = open().connections();
    Connection a = store.upsert(Drafts.draft("flip", now())).connection();
    byte[] blob = blobOf(a.id());
    blob[blob.length - 20] ^= 0x01;
    setBlob(a.id(), blob);
    assertThatThrownBy(() -> store.find(a.id()))
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.DECRYPTION_FAILED));
    assertThat(store.findByOwner("flip"))
        .singleElement()
        .satisfies(x -> assertThat(x.tokens()).isNull());
  }

  @Test
  void aTamperedKeyIdFailsDecryption() throws Exception {
    ConnectionStore store = open().connections();
    Connection a = store.upsert(Drafts.draft("keyid", now())).connection();
    sql("UPDATE connections SET key_id = key_id + 1 WHERE id = ?", a.id());
    assertThatThrownBy(() -> store.find(a.id())).isInstanceOf(StoreException.class);
  }

  @Test
  void theSamePlaintextTwiceGivesDifferentCiphertexts() throws Exception {
    ConnectionStore store = open().connections();
    var draft = Drafts.draft("twice", now());
    Connection c = store.upsert(draft).connection();
    byte[] first = blobOf(c.id());
    store.upsert(draft);
    byte[] second = blobOf(c.id());
    assertThat(second).isNotEqualTo(first);
    assertThat(store.find(c.id()).orElseThrow().tokens().accessToken())
        .isEqualTo(draft.tokens().accessToken());
  }

  @Test
  void noTokenVerifierNonceStateOrApiKeyIsStoredInPlaintext()
      throws Exception { // SECURITY.md §encryption
    SignLinkStore s = open();
    List<String> markers = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      var d = Drafts.draft("scan-" + i, now());
      s.connections().upsert(d);
      markers.add(d.tokens().accessToken().reveal());
      markers.add(d.tokens().refreshToken().reveal());
      markers.add(d.tokens().idToken().reveal());
    }
    for (int i = 0; i < 10; i++) {
      String state = Drafts.marker("STATE");
      PendingAuthorization p = Drafts.pending(state, now());
      s.pendingAuthorizations().save(p);
      markers.add(state);
      markers.add(p.codeVerifier().reveal());
      markers.add(p.nonce().reveal());
    }
    markers.add(s.apiKeys().create("scan").plaintext().reveal());
    // control: a value that IS stored in clear (the owner) must be found, or the scan proves
    // nothing
    String control = "scan-control-" + Drafts.marker("OWNER");
    s.connections().upsert(Drafts.draft(control, now()));
    assertThat(scanForPlaintext(List.of(control), "control (owner, stored in clear)")).isPositive();
    assertThat(scanForPlaintext(markers, "secrets")).isZero();
  }

  // ---------------------------------------------------------------- keys (SECURITY.md
  // §key-management, §encryption)

  @Test
  void rotationReEncryptsEveryRowResumesAfterAnInterruptionAndThenLetsOldKeysGo() throws Exception {
    SignLinkStore s = open();
    List<Connection> rows = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      rows.add(s.connections().upsert(Drafts.draft("rot-" + i, now())).connection());
    }
    String state = Drafts.marker("STATE");
    PendingAuthorization p = Drafts.pending(state, now());
    s.pendingAuthorizations().save(p);
    long oldKey = s.keys().keyset().getPrimary().getId() & 0xffffffffL;

    long newKey = s.keys().addPrimaryKey();
    assertThat(newKey).isNotEqualTo(oldKey);
    assertThat(s.keys().rowsOnOtherKeys())
        .isEqualTo(30 + 1 + 1); // connections + pending + key check
    assertThat(s.connections().find(rows.get(0).id()).orElseThrow().tokens())
        .isEqualTo(rows.get(0).tokens());
    assertThatThrownBy(() -> s.keys().removeRetiredKeys())
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.CONFLICT));

    RotationReport partial = s.keys().reencrypt(12); // the "crash" midway
    assertThat(partial.reencrypted()).isEqualTo(12);
    assertThat(partial.remaining()).isEqualTo(20);
    s.close();
    opened.remove(s);

    SignLinkStore after = open(); // restarts with the rotated keyset file
    for (Connection c : rows) {
      assertThat(after.connections().find(c.id()).orElseThrow().tokens()).isEqualTo(c.tokens());
    }
    RotationReport resumed = after.keys().reencrypt();
    assertThat(resumed.reencrypted()).isEqualTo(19); // 18 connections + 1 pending (+ key check)
    assertThat(resumed.complete()).isTrue();
    RotationReport again = after.keys().reencrypt();
    assertThat(again.reencrypted()).isZero();
    assertThat(again.remaining()).isZero();

    assertThat(after.keys().removeRetiredKeys()).isEqualTo(1);
    assertThat(after.keys().keyset().size()).isEqualTo(1);
    after.close();
    opened.remove(after);

    SignLinkStore reopened = open(); // the file now holds only the new key
    for (Connection c : rows) {
      assertThat(reopened.connections().find(c.id()).orElseThrow().tokens()).isEqualTo(c.tokens());
    }
    assertThat(reopened.pendingAuthorizations().take(state).orElseThrow().codeVerifier())
        .isEqualTo(p.codeVerifier());
  }

  @Test
  void rotateKeysInOneCallLeavesNoRowOnTheOldKey() {
    SignLinkStore s = open();
    Connection c = s.connections().upsert(Drafts.draft("one-call", now())).connection();
    RotationReport r = s.rotateKeys();
    assertThat(r.complete()).isTrue();
    assertThat(r.reencrypted()).isEqualTo(1);
    assertThat(s.connections().find(c.id()).orElseThrow().tokens()).isEqualTo(c.tokens());
  }

  @Test
  void refusesToOpenWithAnotherKeysetAndChangesNothing() throws Exception {
    SignLinkStore s = open();
    Connection c = s.connections().upsert(Drafts.draft("wrong-key", now())).connection();
    s.close();
    opened.remove(s);
    Path other = dir.resolve("other-keyset.json");
    Keysets.createFile(other);
    byte[] otherBefore = Files.readAllBytes(other);

    assertThatThrownBy(
            () ->
                SignLinkStore.open(config().keyset(KeysetSource.file(other)).clock(clock).build()))
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.KEYSET_INVALID))
        .hasMessageContaining(other.toAbsolutePath().toString())
        .hasMessageContaining("is not the keyset");
    assertThat(Files.readAllBytes(other)).isEqualTo(otherBefore);
    assertThat(blobOf(c.id())).isNotEmpty();
    assertThat(open().connections().find(c.id()).orElseThrow().tokens()).isEqualTo(c.tokens());
  }

  @Test
  void refusesACorruptOrMissingKeysetFileNamingIt() throws Exception {
    Path corrupt = dir.resolve("corrupt.json");
    Files.writeString(corrupt, "{\"primaryKeyId\": 1, \"key\": [");
    assertThatThrownBy(
            () ->
                SignLinkStore.open(
                    config().keyset(KeysetSource.file(corrupt)).clock(clock).build()))
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.KEYSET_INVALID))
        .hasMessageContaining(corrupt.toAbsolutePath().toString())
        .hasMessageContaining("SIGNLINK_KEYSET_FILE");
    Path missing = dir.resolve("missing.json");
    assertThatThrownBy(
            () ->
                SignLinkStore.open(
                    config().keyset(KeysetSource.file(missing)).clock(clock).build()))
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.KEYSET_INVALID))
        .hasMessageContaining("does not exist");
    assertThat(missing).doesNotExist();
  }

  @Test
  void acceptsAKeysetFromAnEnvironmentVariable() throws Exception {
    Path file = dir.resolve("env-keyset.json");
    Keysets.createFile(file);
    String json = Files.readString(file);
    String base64 =
        java.util.Base64.getEncoder()
            .encodeToString(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    StoreConfig cfg =
        config().keyset(KeysetSource.inline("SIGNLINK_KEYSET", base64)).clock(clock).build();
    try (SignLinkStore s = SignLinkStore.open(cfg)) {
      Connection c = s.connections().upsert(Drafts.draft("env", now())).connection();
      assertThat(s.connections().find(c.id()).orElseThrow().tokens()).isEqualTo(c.tokens());
      assertThatThrownBy(s::rotateKeys).hasMessageContaining("SIGNLINK_KEYSET_FILE");
    }
  }

  // ---------------------------------------------------------------- pending authorizations
  // (SECURITY.md §pending-authorizations)

  @Test
  void takeReturnsThePendingAuthorizationOnceAndKeysItByTheStateHash() throws Exception {
    SignLinkStore s = open();
    PendingAuthorizationStore pending = s.pendingAuthorizations();
    String state = Drafts.marker("STATE");
    PendingAuthorization p = Drafts.pending(state, now());
    pending.save(p);
    assertThatThrownBy(() -> pending.save(p))
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.CONFLICT));

    sql(
        "UPDATE pending_authorizations SET owner = owner WHERE state_hash = ?",
        JdbcPendingAuthorizationStore.stateHash(state));
    PendingAuthorization taken = pending.take(state).orElseThrow();
    assertThat(taken.state()).isEqualTo(p.state());
    assertThat(taken.codeVerifier()).isEqualTo(p.codeVerifier());
    assertThat(taken.nonce()).isEqualTo(p.nonce());
    assertThat(taken.issuer()).isEqualTo(p.issuer());
    assertThat(taken.browserBinding()).isEqualTo("binding-hash");
    assertThat(taken.returnTo()).isEqualTo("/done");
    assertThat(taken.expiresAt()).isEqualTo(p.expiresAt());
    assertThat(pending.take(state)).isEmpty();
    assertThat(pending.take("never-issued")).isEmpty();
  }

  @Test
  void aFullPendingAuthorizationsTableRefusesNewFlowsUntilSomeExpire() {
    SignLinkStore s = SignLinkStore.open(config().clock(clock).maxPendingAuthorizations(3).build());
    opened.add(s);
    PendingAuthorizationStore pending = s.pendingAuthorizations();
    for (int i = 0; i < 3; i++) {
      pending.save(Drafts.pending(Drafts.marker("STATE"), now()));
    }
    assertThatThrownBy(() -> pending.save(Drafts.pending(Drafts.marker("STATE"), now())))
        .isInstanceOfSatisfying(
            TransientException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(TransientException.Kind.BUSY);
              assertThat(e.retryAfter()).hasValue(Duration.ofMinutes(1));
              assertThat(e.getMessage()).contains("Too many sign-ins are in progress (3)");
            });
    clock.advance(Duration.ofMinutes(11)); // all three expired: the next save makes room
    String fresh = Drafts.marker("STATE");
    pending.save(Drafts.pending(fresh, now()));
    assertThat(pending.purgeExpired(now())).isZero();
    assertThat(pending.take(fresh)).isPresent();
  }

  @Test
  void expiredPendingAuthorizationsAreStillTakenAsExpiredAndPurged() {
    PendingAuthorizationStore pending = open().pendingAuthorizations();
    String old = Drafts.marker("STATE");
    String fresh = Drafts.marker("STATE");
    pending.save(Drafts.pending(old, now()));
    clock.advance(Duration.ofMinutes(9));
    pending.save(Drafts.pending(fresh, now()));
    clock.advance(Duration.ofMinutes(2));
    assertThat(pending.purgeExpired(now())).isEqualTo(1);
    assertThat(pending.take(old)).isEmpty();
    String expiredButKept = Drafts.marker("STATE");
    pending.save(Drafts.pending(expiredButKept, now().minus(Duration.ofMinutes(20))));
    assertThat(pending.take(expiredButKept).orElseThrow().expiredAt(now())).isTrue();
    assertThat(pending.take(fresh)).isPresent();
  }

  @Test
  void concurrentTakesOfOneStateHaveExactlyOneWinner()
      throws Exception { // SECURITY.md §pending-authorizations
    PendingAuthorizationStore pending = open().pendingAuthorizations();
    int states = 200;
    int threads = 16;
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < states; i++) {
      String st = "state-" + i + "-" + Drafts.marker("S");
      ids.add(st);
      pending.save(Drafts.pending(st, now()));
    }
    AtomicIntegerArray wins = new AtomicIntegerArray(states);
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long t0 = System.nanoTime();
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < states; i++) {
                    if (pending.take(ids.get(i)).isPresent()) {
                      wins.incrementAndGet(i);
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    long millis = (System.nanoTime() - t0) / 1_000_000;
    for (int i = 0; i < states; i++) {
      assertThat(wins.get(i)).as("winners of state %d", i).isEqualTo(1);
    }
    System.out.printf(
        "[%s] %d threads x %d states: %d takes in %d ms, exactly one winner each%n",
        getClass().getSimpleName(), threads, states, threads * states, millis);
  }

  // ---------------------------------------------------------------- events, API keys

  @Test
  void theEventLogKeepsEventsNewestFirstWithoutControlCharacters() {
    SignLinkStore s = open();
    s.events()
        .onEvent(
            new ConnectionEvent(
                ConnectionEvent.Type.CREATED, "c1", "docusign", "o", now(), "created"));
    s.events()
        .onEvent(
            new ConnectionEvent(
                ConnectionEvent.Type.REFRESHED, "c2", "boldsign", "o", now(), null));
    s.events()
        .onEvent(
            new ConnectionEvent(
                ConnectionEvent.Type.REAUTH_REQUIRED, "c1", "docusign", "o", now(), "bad\r\nline"));
    assertThat(s.events().recent("c1", 10))
        .extracting(ConnectionEvent::type)
        .containsExactly(ConnectionEvent.Type.REAUTH_REQUIRED, ConnectionEvent.Type.CREATED);
    assertThat(s.events().recent("c1", 1).get(0).detail()).isEqualTo("bad  line");
    assertThat(s.events().recent(2))
        .extracting(ConnectionEvent::connectionId)
        .containsExactly("c1", "c2");
  }

  @Test
  void apiKeysAreShownOnceVerifiedByHashAndRevocable() throws Exception { // SECURITY.md §api-auth
    var keys = open().apiKeys();
    IssuedApiKey issued = keys.create("ci");
    String plain = issued.plaintext().reveal();
    assertThat(plain).startsWith("sk_").hasSize(3 + 43);
    assertThat(issued.toString()).doesNotContain(plain);
    assertThat(keys.verify(plain)).map(ApiKey::id).contains(issued.apiKey().id());
    String tampered = plain.substring(0, plain.length() - 1) + (plain.endsWith("A") ? "B" : "A");
    assertThat(keys.verify(tampered)).isEmpty();
    assertThat(keys.verify("sk_")).isEmpty();
    assertThat(keys.verify(null)).isEmpty();
    assertThat(keys.list())
        .singleElement()
        .satisfies(
            k -> {
              assertThat(k.prefix()).isEqualTo(plain.substring(0, 11));
              assertThat(k.revoked()).isFalse();
            });
    assertThat(keys.revoke(issued.apiKey().id())).isTrue();
    assertThat(keys.revoke(issued.apiKey().id())).isFalse();
    assertThat(keys.verify(plain)).isEmpty();
    assertThat(keys.list().get(0).revoked()).isTrue();
  }

  @Test
  void keysBelongToAnApplicationCarryScopesExpireAndRecordTheirLastUse() {
    SignLinkStore s = open();
    s.applications()
        .create(
            new Application(
                "acme", "Acme", List.of(), null, null, Set.of(), List.of("tier=gold"), now()));
    var keys = s.apiKeys();
    IssuedApiKey issued =
        keys.create(
            "acme-reader", "acme", Set.of(ApiScope.TOKENS_READ), now().plus(Duration.ofHours(1)));
    String plain = issued.plaintext().reveal();
    assertThat(keys.verify(plain))
        .hasValueSatisfying(
            k -> {
              assertThat(k.applicationId()).isEqualTo("acme");
              assertThat(k.scopes()).containsExactly(ApiScope.TOKENS_READ);
              assertThat(k.lastUsedAt()).isNull();
            });
    keys.recordUse(issued.apiKey().id(), now());
    assertThat(keys.list("acme"))
        .singleElement()
        .satisfies(k -> assertThat(k.lastUsedAt()).isEqualTo(now()));
    assertThat(keys.list("default")).isEmpty();
    clock.advance(Duration.ofHours(1));
    assertThat(keys.verify(plain)).as("expired").isEmpty();
    assertThatThrownBy(() -> keys.create("x", "nobody", Set.of(ApiScope.ADMIN), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no application 'nobody'");
    assertThatThrownBy(() -> keys.create("x", "acme", Set.of(), null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void applicationsKeepTheirSettingsAndTheWebhookSecretOnlyAsCiphertext() throws Exception {
    SignLinkStore s = open();
    String secret = Drafts.marker("WHSEC");
    Application created =
        s.applications()
            .create(
                new Application(
                    "acme",
                    "Acme",
                    List.of(URI.create("https://acme.example/done")),
                    URI.create("https://acme.example/hook"),
                    Secret.of(secret),
                    Set.of("connection.created"),
                    List.of("tier=gold", "eu"),
                    now()));
    Application read = s.applications().find("acme").orElseThrow();
    assertThat(read.webhookSecret().reveal()).isEqualTo(secret);
    assertThat(read.returnUrls()).containsExactly(URI.create("https://acme.example/done"));
    assertThat(read.tags()).containsExactly("tier=gold", "eu");
    assertThat(read.webhookEvents()).containsExactly("connection.created");
    assertThat(s.applications().list())
        .extracting(Application::id)
        .containsExactly("default", "acme");
    assertThat(scanForPlaintext(List.of(secret), "webhook secret")).isZero();
    assertThatThrownBy(() -> s.applications().create(created))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                s.applications()
                    .create(
                        new Application(
                            "Bad Id", "B", List.of(), null, null, Set.of(), List.of(), now())))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aPendingAuthorizationKeepsItsApplication() {
    PendingAuthorizationStore store = open().pendingAuthorizations();
    PendingAuthorization p = Drafts.pending("state-of-acme-0123456789", now());
    store.save(
        new PendingAuthorization(
            p.state(),
            p.providerId(),
            p.issuer(),
            p.owner(),
            p.redirectUri(),
            p.codeVerifier(),
            p.nonce(),
            p.browserBinding(),
            p.returnTo(),
            p.createdAt(),
            p.expiresAt(),
            "acme"));
    assertThat(store.take("state-of-acme-0123456789"))
        .hasValueSatisfying(t -> assertThat(t.applicationId()).isEqualTo("acme"));
  }

  @Test
  void theSameAccountConnectedThroughTwoApplicationsIsTwoConnections() {
    ConnectionStore store = open().connections();
    ConnectionDraft d = Drafts.draft("alice", now());
    var a = store.upsert(d);
    var b =
        store.upsert(
            new ConnectionDraft(
                d.providerId(),
                d.owner(),
                d.subject(),
                d.accountId(),
                d.accountName(),
                d.baseUri(),
                d.accounts(),
                d.scopes(),
                d.tokens(),
                d.email(),
                d.displayName(),
                "acme"));
    assertThat(b.created()).isTrue();
    assertThat(b.connection().id()).isNotEqualTo(a.connection().id());
    assertThat(store.find(b.connection().id()).orElseThrow().applicationId()).isEqualTo("acme");
    assertThat(store.findByOwner("acme", "alice"))
        .extracting(Connection::id)
        .containsExactly(b.connection().id());
    assertThat(store.listByApplication("default", 0, 10))
        .extracting(Connection::id)
        .containsExactly(a.connection().id());
  }

  // ---------------------------------------------------------------- one transaction across stores

  /** Rows matching {@code where} in {@code table}, read on a connection of its own. */
  long rows(String table, String where, Object... args) throws SQLException {
    try (java.sql.Connection c = DriverManager.getConnection(rawUrl());
        PreparedStatement ps =
            c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE " + where)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  static NewWebhookEvent hookEvent(String eventId, Connection c) {
    return new NewWebhookEvent(
        eventId,
        c.applicationId(),
        "connection.deleted",
        c.id(),
        "{\"id\":\"" + eventId + "\"}",
        List.of(URI.create("https://hooks.example/signlink")));
  }

  @Test
  void aChangeAndTheRowsOfItsEventsCommitTogetherAndOnlyThen() throws Exception {
    SignLinkStore s = open();
    ConnectionStore store = s.connections();
    Connection c = store.upsert(Drafts.draft("alice", now())).connection();
    List<Integer> committed = new CopyOnWriteArrayList<>();

    boolean deleted =
        store.atomically(
            () -> {
              boolean gone = store.delete(c.id());
              s.events()
                  .onEvent(
                      ConnectionEvent.of(
                          ConnectionEvent.Type.DELETED, c, now(), "deleted locally"));
              s.webhookOutbox().enqueue(hookEvent("evt-1", c), Duration.ofHours(1), committed::add);
              // inside, this thread sees its own change (and SQLite's single writer is not
              // asked for a second connection); nobody else sees anything yet
              assertThat(store.find(c.id())).isEmpty();
              try {
                assertThat(rows("connections", "id = ?", c.id())).isEqualTo(1);
                assertThat(rows("webhook_outbox", "connection_id = ?", c.id())).isZero();
              } catch (SQLException e) {
                throw new IllegalStateException(e);
              }
              assertThat(committed).as("told before the commit").isEmpty();
              return gone;
            });

    assertThat(deleted).isTrue();
    assertThat(rows("connections", "id = ?", c.id())).isZero();
    assertThat(rows("webhook_outbox", "connection_id = ?", c.id())).isEqualTo(1);
    assertThat(s.events().recent(c.id(), 10))
        .extracting(ConnectionEvent::type)
        .containsExactly(ConnectionEvent.Type.DELETED);
    assertThat(committed).containsExactly(1);
  }

  @Test
  void aTransactionThatStopsBeforeItsCommitLeavesNeitherTheChangeNorItsEvents() throws Exception {
    SignLinkStore s = open();
    ConnectionStore store = s.connections();
    Connection c = store.upsert(Drafts.draft("alice", now())).connection();
    List<Integer> committed = new CopyOnWriteArrayList<>();

    assertThatThrownBy(
            () ->
                store.atomically(
                    () -> {
                      store.delete(c.id());
                      s.events()
                          .onEvent(
                              ConnectionEvent.of(
                                  ConnectionEvent.Type.DELETED, c, now(), "deleted locally"));
                      s.webhookOutbox()
                          .enqueue(hookEvent("evt-2", c), Duration.ofHours(1), committed::add);
                      throw new IllegalStateException("stopped before the commit");
                    }))
        .hasMessage("stopped before the commit");

    assertThat(store.find(c.id())).isPresent();
    assertThat(rows("webhook_outbox", "connection_id = ?", c.id())).isZero();
    assertThat(s.events().recent(c.id(), 10)).isEmpty();
    assertThat(committed).isEmpty();
  }

  @Test
  void aFailedPartIsUndoneAloneAndTheRestOfTheTransactionCommits() throws Exception {
    SignLinkStore s = open();
    ConnectionStore store = s.connections();
    Connection c = store.upsert(Drafts.draft("alice", now())).connection();
    List<Integer> committed = new CopyOnWriteArrayList<>();

    store.atomically(
        () -> {
          store.delete(c.id());
          // a statement the database refuses: on PostgreSQL it would poison the whole
          // transaction without the savepoint around it
          assertThatThrownBy(
                  () ->
                      s.applications()
                          .create(
                              new Application(
                                  Application.DEFAULT_ID,
                                  "Again",
                                  List.of(),
                                  null,
                                  null,
                                  Set.of(),
                                  List.of(),
                                  now())))
              .isInstanceOf(RuntimeException.class);
          s.webhookOutbox().enqueue(hookEvent("evt-3", c), Duration.ofHours(1), committed::add);
          return null;
        });

    assertThat(store.find(c.id())).isEmpty();
    assertThat(rows("webhook_outbox", "connection_id = ?", c.id())).isEqualTo(1);
    assertThat(committed).containsExactly(1);
  }

  // ---------------------------------------------------------------- faults, configuration, plan

  @Test
  void aClosedDatabaseGivesTransientErrors() {
    SignLinkStore s = open();
    s.ping();
    s.close();
    opened.remove(s);
    assertThatThrownBy(() -> s.connections().find("x"))
        .isInstanceOfSatisfying(
            TransientException.class,
            e -> assertThat(e.kind()).isEqualTo(TransientException.Kind.DATABASE_UNAVAILABLE));
    assertThatThrownBy(() -> s.connections().upsert(Drafts.draft("down", now())))
        .isInstanceOf(TransientException.class);
    assertThatThrownBy(s::ping).isInstanceOf(TransientException.class);
  }

  @Test
  void rejectsAnUnsupportedDatabaseUrl() {
    assertThatThrownBy(() -> config().jdbcUrl("jdbc:mysql://localhost/x").build())
        .isInstanceOfSatisfying(
            io.signlink.error.ConfigurationException.class,
            e -> assertThat(e.setting()).isEqualTo("SIGNLINK_DB_URL"));
  }

  @Test
  void theDueQueryUsesTheExpiryIndexOnOneHundredThousandRows() throws Exception {
    open();
    long t0 = System.nanoTime();
    bulkInsert(100_000, now());
    long insertMs = (System.nanoTime() - t0) / 1_000_000;
    Instant before = now().plus(Duration.ofMinutes(5));
    String plan = explainDueQuery(before, 100);
    System.out.printf(
        "[%s] inserted 100000 connections in %d ms; due-query plan:%n%s%n",
        getClass().getSimpleName(), insertMs, plan);
    assertThat(plan).contains("connections_due_idx");
    assertThat(plan).doesNotContainIgnoringCase("Seq Scan").doesNotContain("SCAN connections\n");

    ConnectionStore store = opened.get(0).connections();
    long q0 = System.nanoTime();
    List<Connection> due = store.dueForRefresh(before, 100);
    long queryMicros = (System.nanoTime() - q0) / 1_000;
    System.out.printf(
        "[%s] dueForRefresh over 100000 rows returned %d rows in %d us (via the store)%n",
        getClass().getSimpleName(), due.size(), queryMicros);
    assertThat(due).isNotEmpty().hasSizeLessThan(100);
    assertThat(store.count()).isEqualTo(100_000);
  }

  static Set<String> ids(List<Connection> list) {
    Set<String> out = new HashSet<>();
    list.forEach(c -> out.add(c.id()));
    return out;
  }
}
