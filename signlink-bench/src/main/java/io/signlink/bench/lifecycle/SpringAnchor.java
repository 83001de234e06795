package io.signlink.bench.lifecycle;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.InMemoryOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;

/**
 * The Spring Security anchor: {@link AuthorizedClientServiceOAuth2AuthorizedClientManager} with an
 * {@link InMemoryClientRegistrationRepository}, an {@link InMemoryOAuth2AuthorizedClientService}
 * and the refresh-token provider (default clock skew 60 s), as a Spring application would set it
 * up. Thread-safe as Spring's parts are.
 */
final class SpringAnchor {
  static final String REGISTRATION = "docusign";
  final AuthorizedClientServiceOAuth2AuthorizedClientManager manager;
  final InMemoryOAuth2AuthorizedClientService service;
  final ClientRegistration registration;
  final Authentication principal;

  SpringAnchor(URI accountBase, String clientId, String secret) {
    registration =
        ClientRegistration.withRegistrationId(REGISTRATION)
            .clientId(clientId)
            .clientSecret(secret)
            .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
            .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
            .redirectUri("http://127.0.0.1/callback/docusign")
            .authorizationUri(accountBase + "/oauth/auth")
            .tokenUri(accountBase + "/oauth/token")
            .scope("signature", "extended")
            .build();
    InMemoryClientRegistrationRepository repo =
        new InMemoryClientRegistrationRepository(registration);
    service = new InMemoryOAuth2AuthorizedClientService(repo);
    manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(repo, service);
    manager.setAuthorizedClientProvider(
        OAuth2AuthorizedClientProviderBuilder.builder().refreshToken().build());
    principal = UsernamePasswordAuthenticationToken.authenticated("owner-1", null, List.of());
  }

  /** Stores tokens for the principal, as the login would have. */
  void store(String accessToken, Instant issuedAt, Instant expiresAt, String refreshToken) {
    OAuth2AccessToken at =
        new OAuth2AccessToken(
            OAuth2AccessToken.TokenType.BEARER,
            accessToken,
            issuedAt,
            expiresAt,
            Set.of("signature"));
    service.saveAuthorizedClient(
        new OAuth2AuthorizedClient(
            registration, principal.getName(), at, new OAuth2RefreshToken(refreshToken, issuedAt)),
        principal);
  }

  /** One {@code authorize()} call, building the request as application code does. */
  String authorize() {
    OAuth2AuthorizedClient client =
        manager.authorize(
            OAuth2AuthorizeRequest.withClientRegistrationId(REGISTRATION)
                .principal(principal)
                .build());
    return client.getAccessToken().getTokenValue();
  }
}
