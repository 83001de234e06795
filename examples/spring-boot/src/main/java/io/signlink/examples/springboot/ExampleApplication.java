package io.signlink.examples.springboot;

import io.signlink.spring.boot.web.SignLinkOwnerResolver;
import java.util.Optional;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot application with SignLink: {@code application.properties} configures DocuSign, the
 * starter serves {@code POST /signlink/connect/docusign} and {@code GET
 * /signlink/callback/docusign}, and {@link EnvelopesController} lists envelope status changes with
 * the official DocuSign SDK on SignLink's token.
 */
@SpringBootApplication
public class ExampleApplication {
  /** This example's only user; a real application files connections under its signed-in user. */
  static final String USER = "demo-user";

  public static void main(String[] args) {
    SpringApplication.run(ExampleApplication.class, args);
  }

  /**
   * Whose connection a Connect button makes. Without this bean the starter takes the request's
   * principal (Spring Security's signed-in user), which is what a real application wants.
   */
  @Bean
  SignLinkOwnerResolver owner() {
    return request -> Optional.of(USER);
  }
}
