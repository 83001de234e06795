package io.signlink.emulator.boldsign;

import io.signlink.emulator.SeedUser;
import io.signlink.emulator.SeedUsers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A dozen seeded BoldSign documents in the shape of {@code GET /v1/document/list} items (BoldSign's
 * {@code openapi.yaml} {@code Document}): ids, titles, statuses, sender and signer details, Unix
 * timestamps. Dates are relative to the emulator's start, newest first.
 *
 * <p>Thread-safe: immutable after construction.
 */
final class BoldSignDocuments {

  /** One seeded document: its owner (the sender) and its JSON. */
  record SeededDocument(
      String ownerSub, String status, long createdDate, Map<String, Object> json) {}

  private static final String[][] ROWS = {
    // title, status, signer name, signer email, owner index
    {
      "Mutual NDA – Northwind Traders",
      "InProgress",
      "Maria Anders",
      "maria.anders@northwind.example",
      "0"
    },
    {
      "Master Services Agreement 2026",
      "Completed",
      "Thomas Hardy",
      "thomas.hardy@contoso.example",
      "0"
    },
    {
      "Offer letter – Senior Engineer",
      "InProgress",
      "Elena Sokolova",
      "elena.sokolova@example.net",
      "0"
    },
    {
      "Office lease renewal – Suite 402",
      "Declined",
      "Victoria Ashworth",
      "v.ashworth@landlord.example",
      "0"
    },
    {"Statement of Work #14", "Completed", "Hanna Moos", "hanna.moos@fabrikam.example", "0"},
    {"Contractor agreement – design", "Expired", "Yoshi Latimer", "yoshi@latimer.example", "0"},
    {"Data processing addendum", "Revoked", "Paolo Accorti", "paolo.accorti@example.org", "0"},
    {"Purchase order 88213", "InProgress", "Carlos Hernández", "carlos@hernandez.example", "0"},
    {"Vendor onboarding form", "Draft", "Ann Devon", "ann.devon@eastern.example", "0"},
    {"Consulting agreement – Q3", "Completed", "Karl Jablonski", "karl@jablonski.example", "1"},
    {"Speaker release form", "InProgress", "Rita Müller", "rita.mueller@example.de", "1"},
    {"Equipment loan agreement", "Completed", "Pedro Afonso", "pedro.afonso@example.pt", "1"},
  };

  private final List<SeededDocument> documents;

  BoldSignDocuments(Instant start) {
    List<SeededDocument> docs = new ArrayList<>();
    for (int i = 0; i < ROWS.length; i++) {
      String[] row = ROWS[i];
      SeedUser owner = SeedUsers.BOLDSIGN.get(Integer.parseInt(row[4]));
      long created = start.minus(Duration.ofHours(20L * i + 3)).getEpochSecond();
      docs.add(new SeededDocument(owner.sub(), row[1], created, document(i, row, owner, created)));
    }
    this.documents = List.copyOf(docs);
  }

  /** The documents {@code ownerSub} sent, newest first. */
  List<SeededDocument> ownedBy(String ownerSub) {
    return documents.stream().filter(d -> d.ownerSub().equals(ownerSub)).toList();
  }

  private static Map<String, Object> document(int i, String[] row, SeedUser owner, long created) {
    String status = row[1];
    boolean signed = status.equals("Completed");
    long activity = created + 3600L * (i % 5 + 1);
    Map<String, Object> sender = new LinkedHashMap<>();
    sender.put("name", owner.name());
    sender.put("privateMessage", null);
    sender.put("emailAddress", owner.email());
    sender.put("isViewed", false);
    Map<String, Object> signer = new LinkedHashMap<>();
    signer.put("signerName", row[2]);
    signer.put("signerRole", "");
    signer.put("signerEmail", row[3]);
    signer.put(
        "status", signed ? "Completed" : status.equals("Declined") ? "Declined" : "NotCompleted");
    signer.put("enableAccessCode", false);
    signer.put("isAuthenticationFailed", null);
    signer.put("enableEmailOTP", false);
    signer.put("isDeliveryFailed", false);
    signer.put("isViewed", !status.equals("Draft") && i % 3 != 0);
    signer.put("order", 1);
    signer.put("signerType", "Signer");
    signer.put("isReassigned", false);
    signer.put("reassignMessage", null);
    signer.put("declineMessage", status.equals("Declined") ? "Terms need another review." : null);
    signer.put("lastActivityDate", activity);
    signer.put("authenticationType", "None");
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put(
        "documentId",
        UUID.nameUUIDFromBytes(("boldsign-document-" + i).getBytes(StandardCharsets.UTF_8))
            .toString());
    doc.put("senderDetail", sender);
    doc.put("ccDetails", List.of());
    doc.put("createdDate", created);
    doc.put("activityDate", activity);
    doc.put("activityBy", signed ? row[3] : owner.email());
    doc.put("messageTitle", row[0]);
    doc.put("status", status);
    doc.put("signerDetails", List.of(signer));
    doc.put("expiryDate", created + 60L * 86400);
    doc.put("enableSigningOrder", false);
    doc.put("isDeleted", false);
    doc.put("labels", i % 4 == 0 ? List.of("legal") : List.of());
    doc.put("brandId", null);
    doc.put("scheduledSendTime", null);
    return doc;
  }
}
