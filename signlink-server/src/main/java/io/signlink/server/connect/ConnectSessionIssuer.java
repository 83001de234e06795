package io.signlink.server.connect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signlink.connection.Connection;
import io.signlink.provider.Provider;
import io.signlink.provider.ProviderRegistry;
import io.signlink.server.http.HttpProblem;
import io.signlink.store.connectsession.ConnectSessionStore;
import io.signlink.store.connectsession.IssuedConnectSession;
import io.signlink.store.connectsession.NewConnectSession;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Validates and creates connect sessions — the one home of their rules, used by the API and the
 * console (SECURITY.md §connect-sessions). An owner is 1–200 printable characters; e-mail and
 * display name are optional and shown on the confirmation page; tags are at most 20 short string
 * pairs; providers must be configured (none given means all); a return URL must be allowed by the
 * {@link ReturnUrlPolicy} for the application; a session lives 60 s to 30 min (default 30 min).
 * Sessions that expired over an hour ago are deleted every 64 creations, so the table stays bounded
 * by the creation rate of API-key holders. Thread-safe.
 */
public final class ConnectSessionIssuer {
  /** The return target of sessions the console creates: the console's connection page. */
  public static final String CONSOLE_RETURN = "/console";

  /** Every this many sessions, sessions that expired over {@link #KEEP_EXPIRED} ago are deleted. */
  private static final int PURGE_EVERY = 64;

  /** How long an expired session is kept: its flow's callback may still read it. */
  private static final Duration KEEP_EXPIRED = Duration.ofHours(1);

  private static final Pattern TAG_KEY = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
  private static final Duration MIN_TTL = Duration.ofSeconds(60);

  /**
   * What a caller asks for.
   *
   * @param providers provider ids; empty means every configured provider
   * @param ttl {@code null} for the longest ({@link ConnectSessionStore#MAX_TTL})
   */
  public record Request(
      String owner,
      String email,
      String displayName,
      Map<String, String> tags,
      List<String> providers,
      String returnUrl,
      Duration ttl) {
    public Request {
      tags = tags == null ? Map.of() : Map.copyOf(tags);
      providers = providers == null ? List.of() : List.copyOf(providers);
    }
  }

  /** A created session with the URL to send the end user's browser to. */
  public record Issued(IssuedConnectSession issued, URI connectUrl) {}

  private final ConnectSessionStore store;
  private final ProviderRegistry providers;
  private final ReturnUrlPolicy returnUrls;
  private final URI publicBase;
  private final ObjectMapper json;
  private final Clock clock;
  private final AtomicLong created = new AtomicLong();

  public ConnectSessionIssuer(
      ConnectSessionStore store,
      ProviderRegistry providers,
      ReturnUrlPolicy returnUrls,
      URI publicBase,
      ObjectMapper json,
      Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.providers = Objects.requireNonNull(providers, "providers");
    this.returnUrls = Objects.requireNonNull(returnUrls, "returnUrls");
    this.publicBase = Objects.requireNonNull(publicBase, "publicBase");
    this.json = Objects.requireNonNull(json, "json");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A session for a new connection of {@code r.owner()}. */
  public Issued create(String applicationId, Request r) {
    String owner = text("owner", r.owner(), 200, true);
    List<String> ids = providerIds(r.providers());
    return save(
        applicationId, r, owner, ids, checkedReturnUrl(applicationId, r.returnUrl()), null, false);
  }

  /** A session that re-consents {@code c} only; its provider and owner are the connection's. */
  public Issued reconnect(
      String applicationId, Connection c, Request r, boolean allowDifferentSubject) {
    return save(
        applicationId,
        r,
        c.owner(),
        List.of(c.providerId()),
        checkedReturnUrl(applicationId, r.returnUrl()),
        c.id(),
        allowDifferentSubject);
  }

  /** A session the console opens for its operator; it returns to the console. */
  public Issued forConsole(
      String applicationId, String owner, List<String> providerIds, String connectionId) {
    Request r = new Request(owner, null, null, Map.of(), providerIds, null, null);
    return save(
        applicationId,
        r,
        text("owner", owner, 200, true),
        providerIds(providerIds),
        CONSOLE_RETURN,
        connectionId,
        false);
  }

  private Issued save(
      String applicationId,
      Request r,
      String owner,
      List<String> ids,
      String returnUrl,
      String connectionId,
      boolean allowDifferentSubject) {
    if (created.incrementAndGet() % PURGE_EVERY == 0) {
      store.purgeExpiredBefore(clock.instant().minus(KEEP_EXPIRED));
    }
    IssuedConnectSession issued =
        store.create(
            new NewConnectSession(
                applicationId,
                owner,
                text("email", r.email(), 320, false),
                text("display_name", r.displayName(), 200, false),
                tags(r.tags()),
                ids,
                returnUrl,
                connectionId,
                allowDifferentSubject,
                ttl(r.ttl())));
    String base = publicBase.toString();
    String trimmed = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    URI url =
        URI.create(
            trimmed
                + "/connect?session="
                + URLEncoder.encode(issued.token().reveal(), StandardCharsets.UTF_8));
    return new Issued(issued, url);
  }

  private String checkedReturnUrl(String applicationId, String returnUrl) {
    if (returnUrl == null || returnUrl.isBlank()) {
      return null;
    }
    URI u;
    try {
      u = new URI(returnUrl.strip());
    } catch (URISyntaxException e) {
      throw HttpProblem.badRequest("return_url is not a valid URL.");
    }
    if (!returnUrls.allows(applicationId, u)) {
      throw HttpProblem.badRequest(
          "return_url is not on this application's allow-list of return URLs"
              + " (SIGNLINK_CONNECT_RETURN_URLS); add its prefix there or leave return_url out"
              + " to end on SignLink's own page.");
    }
    return u.toString();
  }

  private List<String> providerIds(List<String> requested) {
    if (requested.isEmpty()) {
      List<String> all = providers.all().stream().map(Provider::id).toList();
      if (all.isEmpty()) {
        throw HttpProblem.badRequest("No provider is configured; configure one first.");
      }
      return all;
    }
    if (requested.size() > 20) {
      throw HttpProblem.badRequest("providers lists at most 20 provider ids.");
    }
    for (String id : requested) {
      if (id == null || providers.find(id).isEmpty()) {
        throw HttpProblem.badRequest(
            "providers names '"
                + (id == null ? "null" : id.length() > 40 ? id.substring(0, 40) : id)
                + "', which is not configured; use ids from the console or leave providers out.");
      }
    }
    return requested.stream().distinct().toList();
  }

  private String tags(Map<String, String> tags) {
    if (tags.size() > 20) {
      throw HttpProblem.badRequest("tags holds at most 20 entries.");
    }
    Map<String, String> sorted = new TreeMap<>();
    tags.forEach(
        (k, v) -> {
          if (!TAG_KEY.matcher(k).matches()) {
            throw HttpProblem.badRequest(
                "A tag name must be 1–64 letters, digits or . _ : - characters.");
          }
          sorted.put(k, text("tags." + k, v, 200, true));
        });
    try {
      return json.writeValueAsString(sorted);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("tags could not be written as JSON", e);
    }
  }

  private static Duration ttl(Duration ttl) {
    if (ttl == null) {
      return ConnectSessionStore.MAX_TTL;
    }
    if (ttl.compareTo(MIN_TTL) < 0 || ttl.compareTo(ConnectSessionStore.MAX_TTL) > 0) {
      throw HttpProblem.badRequest("expires_in must be between 60 and 1800 seconds.");
    }
    return ttl;
  }

  private static String text(String field, String value, int max, boolean required) {
    if (value == null || value.isBlank()) {
      if (required) {
        throw HttpProblem.badRequest(field + " is required (1 to " + max + " characters).");
      }
      return null;
    }
    String v = value.strip();
    if (v.length() > max || v.chars().anyMatch(Character::isISOControl)) {
      throw HttpProblem.badRequest(
          field + " must be at most " + max + " printable characters, without line breaks.");
    }
    return v;
  }
}
