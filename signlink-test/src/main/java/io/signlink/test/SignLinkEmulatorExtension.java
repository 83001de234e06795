package io.signlink.test;

import io.signlink.emulator.Emulator;
import io.signlink.emulator.EmulatorConfig;
import io.signlink.emulator.profile.Profile;
import io.signlink.emulator.profile.Profiles;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit 5 extension behind {@link SignLinkEmulator}: starts one emulator per test class (closed
 * with the class by JUnit's store), resets its faults and signed-in user before each test, and
 * resolves {@link EmulatedProviders} and {@link Emulator} parameters. Thread-safe as JUnit uses it.
 */
public final class SignLinkEmulatorExtension
    implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SignLinkEmulatorExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    providers(context);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    providers(context).reset();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == EmulatedProviders.class || type == Emulator.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    EmulatedProviders providers = providers(context);
    return parameter.getParameter().getType() == Emulator.class ? providers.emulator() : providers;
  }

  /**
   * The emulator of the nearest annotated class: a nested class with its own annotation gets its
   * own emulator, one without shares its outer class's.
   */
  private static EmulatedProviders providers(ExtensionContext context) {
    Class<?> annotated = annotatedClass(context.getRequiredTestClass());
    ExtensionContext owner = context;
    while (owner.getTestClass().map(c -> c != annotated).orElse(true)
        || owner.getTestMethod().isPresent()) {
      owner = owner.getParent().orElseThrow();
    }
    ExtensionContext classContext = owner;
    return classContext
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(annotated, key -> start(annotated), EmulatedProviders.Running.class)
        .providers();
  }

  private static Class<?> annotatedClass(Class<?> testClass) {
    for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
      if (c.isAnnotationPresent(SignLinkEmulator.class)) {
        return c;
      }
    }
    throw new IllegalStateException(
        "annotate the test class with @SignLinkEmulator to use the emulator");
  }

  private static EmulatedProviders.Running start(Class<?> annotated) {
    SignLinkEmulator settings = annotated.getAnnotation(SignLinkEmulator.class);
    EmulatorConfig.Builder config =
        EmulatorConfig.builder()
            .host("127.0.0.1")
            .port(0)
            .autoApprove(settings.autoApprove())
            .redirectUri(settings.redirectUris());
    if (settings.boldSignAccessTokenSeconds() > 0) {
      config.boldSignAccessTokenTtl(Duration.ofSeconds(settings.boldSignAccessTokenSeconds()));
    }
    if (settings.docuSignAccessTokenSeconds() > 0) {
      config.docuSignAccessTokenTtl(Duration.ofSeconds(settings.docuSignAccessTokenSeconds()));
    }
    List<String> added = new ArrayList<>();
    for (String resource : settings.profiles()) {
      Profile profile = Profiles.resource(resource);
      config.profile(profile);
      added.add(profile.id());
    }
    for (String entry : settings.accessTokenSeconds()) {
      int eq = entry.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "@SignLinkEmulator(accessTokenSeconds) entries are \"id=seconds\", was '"
                + entry
                + "'");
      }
      config.accessTokenTtl(
          entry.substring(0, eq).trim(),
          Duration.ofSeconds(Long.parseLong(entry.substring(eq + 1).trim())));
    }
    return new EmulatedProviders.Running(
        new EmulatedProviders(Emulator.start(config.build()), added));
  }
}
