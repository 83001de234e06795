package io.signlink.application;

import java.util.List;
import java.util.Optional;

/**
 * Port: where applications are kept. Implemented by {@code signlink-store}; the webhook secret is
 * stored encrypted. Every method is thread-safe; database outages surface as {@link
 * io.signlink.error.TransientException}.
 */
public interface ApplicationStore {
  /** The application with this id. */
  Optional<Application> find(String id);

  /** Every application, oldest first (the default one first). */
  List<Application> list();

  /**
   * Creates {@code app}.
   *
   * @throws IllegalArgumentException when its id is malformed or its id or name is taken
   */
  Application create(Application app);

  /**
   * Replaces the settings of an existing application (name, return URLs, webhook, tags); its id and
   * creation time stay. Empty when there is no such application.
   */
  Optional<Application> update(Application app);
}
