package io.signlink.spring.boot.web;

import java.security.Principal;
import java.util.Optional;
import org.springframework.web.servlet.function.ServerRequest;

/**
 * Who a connection made through the connect route belongs to: the application's signed-in user,
 * never a value the browser chooses (SECURITY.md §spring-boot-routes). The default is the request's
 * {@link Principal} (Spring Security's user name); declare a bean of this type to choose otherwise,
 * e.g. a tenant id from the session. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface SignLinkOwnerResolver {
  /** The owner for this request, or empty when nobody is signed in (the route answers 401). */
  Optional<String> owner(ServerRequest request);

  /** The request's authenticated principal's name. */
  static SignLinkOwnerResolver principal() {
    return request -> request.principal().map(Principal::getName);
  }
}
