package io.signlink.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the offline provider emulator (BoldSign, DocuSign and the other built-in profiles, plus any
 * {@link #profiles()} the test adds) for the annotated test class, on a free loopback port, so a
 * SignLink integration can be tested without the real providers:
 *
 * <pre>{@code
 * @SignLinkEmulator
 * class MyIntegrationTest {
 *   @Test
 *   void sendsAnEnvelope(EmulatedProviders providers) {
 *     SignLinkConfig config = SignLinkConfig.fromEnvironment(providers.settings());
 *     ...
 *     URI callback = providers.approve(authorizationUrl); // the user clicks "Allow"
 *   }
 * }
 * }</pre>
 *
 * Test methods and lifecycle methods receive {@link EmulatedProviders} (and the underlying {@link
 * io.signlink.emulator.Emulator}) as parameters. One emulator serves the whole class; faults and
 * the signed-in user are reset before each test.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(SignLinkEmulatorExtension.class)
public @interface SignLinkEmulator {
  /**
   * Approve every authorization request at once (as a provider that remembers consent does); when
   * false, {@link EmulatedProviders#approve} and {@link EmulatedProviders#deny} answer the consent
   * page.
   */
  boolean autoApprove() default true;

  /** Redirect URIs the demo clients accept; loopback ones match any port (RFC 8252 §7.3). */
  String[] redirectUris() default {
    "http://127.0.0.1/callback/boldsign", "http://127.0.0.1/callback/docusign"
  };

  /** BoldSign access-token lifetime in seconds; 0 keeps the provider's (1 hour). */
  long boldSignAccessTokenSeconds() default 0;

  /** DocuSign access-token lifetime in seconds; 0 keeps the provider's (8 hours). */
  long docuSignAccessTokenSeconds() default 0;

  /**
   * More providers to emulate, each a profile in a classpath resource (e.g. {@code
   * "/emulator-profiles/acme.json"} under {@code src/test/resources}); see docs/EMULATOR.md for the
   * profile format. A profile with a built-in id replaces the built-in one. Their settings are
   * included in {@link EmulatedProviders#settings()}.
   */
  String[] profiles() default {};

  /**
   * Access-token lifetimes by provider id, as {@code "id=seconds"} (e.g. {@code "zohosign=30"}),
   * for providers without their own attribute above.
   */
  String[] accessTokenSeconds() default {};
}
