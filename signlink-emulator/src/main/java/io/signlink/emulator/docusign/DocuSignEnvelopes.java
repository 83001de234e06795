package io.signlink.emulator.docusign;

import io.signlink.emulator.SeedAccount;
import io.signlink.emulator.SeedUser;
import io.signlink.emulator.SeedUsers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A dozen seeded envelopes in the shape of eSignature v2.1 {@code Envelopes:listStatusChanges}
 * items, spread over the seeded accounts (one account has none, to show DocuSign's empty-list
 * shape). Dates are relative to the emulator's start, in DocuSign's seven-fraction-digit format.
 *
 * <p>Thread-safe: immutable after construction.
 */
final class DocuSignEnvelopes {

  /** One seeded envelope: its account, when its status last changed, its status and JSON. */
  record SeededEnvelope(
      String accountId, Instant statusChanged, String status, Map<String, Object> json) {}

  static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS'Z'").withZone(ZoneOffset.UTC);

  private static final String[][] ROWS = {
    // subject, status, user index, account index
    {"Please DocuSign: Mutual NDA – Contoso", "sent", "0", "0"},
    {"Please DocuSign: Engagement letter 2026", "completed", "0", "0"},
    {"Please DocuSign: Settlement agreement", "delivered", "0", "0"},
    {"Please DocuSign: Retainer – Fabrikam", "declined", "0", "0"},
    {"Please DocuSign: Power of attorney", "voided", "0", "0"},
    {"Please DocuSign: Lease for 14 Elm Street", "completed", "0", "1"},
    {"Please DocuSign: Listing agreement – 221 Oak Ave", "sent", "1", "0"},
    {"Please DocuSign: Purchase offer – 9 Birch Rd", "completed", "1", "0"},
    {"Please DocuSign: Disclosure statement", "created", "1", "0"},
    {"Please DocuSign: Design brief approval", "completed", "2", "1"},
    {"Please DocuSign: Freelance contract – Osaka", "delivered", "2", "1"},
    {"Please DocuSign: Studio rental – Tokyo", "sent", "2", "0"},
  };

  private final List<SeededEnvelope> envelopes;

  DocuSignEnvelopes(Instant start) {
    List<SeededEnvelope> list = new ArrayList<>();
    for (int i = 0; i < ROWS.length; i++) {
      String[] row = ROWS[i];
      SeedUser user = SeedUsers.DOCUSIGN.get(Integer.parseInt(row[2]));
      SeedAccount account = user.accounts().get(Integer.parseInt(row[3]));
      Instant created = start.minus(Duration.ofHours(30L * i + 5));
      Instant changed = created.plus(Duration.ofMinutes(45L * (i % 4) + 10));
      list.add(
          new SeededEnvelope(
              account.accountId(),
              changed,
              row[1],
              envelope(i, row, user, account, created, changed)));
    }
    this.envelopes = List.copyOf(list);
  }

  List<SeededEnvelope> inAccount(String accountId) {
    return envelopes.stream().filter(e -> e.accountId().equalsIgnoreCase(accountId)).toList();
  }

  private static Map<String, Object> envelope(
      int i, String[] row, SeedUser user, SeedAccount account, Instant created, Instant changed) {
    String id =
        UUID.nameUUIDFromBytes(("docusign-envelope-" + i).getBytes(StandardCharsets.UTF_8))
            .toString();
    String status = row[1];
    Map<String, Object> env = new LinkedHashMap<>();
    env.put("status", status);
    env.put("documentsUri", "/envelopes/" + id + "/documents");
    env.put("recipientsUri", "/envelopes/" + id + "/recipients");
    env.put("attachmentsUri", "/envelopes/" + id + "/attachments");
    env.put("envelopeUri", "/envelopes/" + id);
    env.put("emailSubject", row[0]);
    env.put("envelopeId", id);
    env.put("signingLocation", "online");
    env.put("customFieldsUri", "/envelopes/" + id + "/custom_fields");
    env.put("notificationUri", "/envelopes/" + id + "/notification");
    env.put("enableWetSign", "true");
    env.put("allowMarkup", "false");
    env.put("allowReassign", "true");
    env.put("createdDateTime", FORMAT.format(created));
    env.put("lastModifiedDateTime", FORMAT.format(changed));
    if (!status.equals("created")) {
      env.put("initialSentDateTime", FORMAT.format(created.plusSeconds(5)));
      env.put("sentDateTime", FORMAT.format(created.plusSeconds(5)));
    }
    switch (status) {
      case "completed" -> {
        env.put("deliveredDateTime", FORMAT.format(changed.minusSeconds(600)));
        env.put("completedDateTime", FORMAT.format(changed));
      }
      case "delivered" -> env.put("deliveredDateTime", FORMAT.format(changed));
      case "declined" -> env.put("declinedDateTime", FORMAT.format(changed));
      case "voided" -> {
        env.put("voidedDateTime", FORMAT.format(changed));
        env.put("voidedReason", "Sent to the wrong signer.");
      }
      default -> {}
    }
    env.put("statusChangedDateTime", FORMAT.format(changed));
    env.put("documentsCombinedUri", "/envelopes/" + id + "/documents/combined");
    env.put("certificateUri", "/envelopes/" + id + "/documents/certificate");
    env.put("templatesUri", "/envelopes/" + id + "/templates");
    env.put("expireEnabled", "true");
    env.put("expireDateTime", FORMAT.format(created.plus(Duration.ofDays(120))));
    env.put("expireAfter", "120");
    env.put(
        "sender",
        Map.of(
            "userName",
            user.name(),
            "userId",
            user.sub(),
            "accountId",
            account.accountId(),
            "email",
            user.email()));
    env.put("purgeState", "unpurged");
    env.put("envelopeIdStamping", "true");
    env.put("is21CFRPart11", "false");
    env.put("signerCanSignOnMobile", "true");
    env.put("autoNavigation", "true");
    env.put("isSignatureProviderEnvelope", "false");
    env.put("hasFormDataChanged", "false");
    env.put("allowComments", "true");
    env.put("hasComments", "false");
    env.put("allowViewHistory", "true");
    env.put("envelopeLocation", "current_site");
    env.put("isDynamicEnvelope", "false");
    return env;
  }
}
