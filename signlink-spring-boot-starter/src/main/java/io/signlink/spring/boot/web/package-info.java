/**
 * SignLink's connect and callback routes inside a Spring MVC application ({@code
 * signlink.web.enabled=true}): a POST from the application's own page starts a consent flow for the
 * signed-in user, bound to the browser by a cookie SignLink mints (RFC 9700 §4.7.1); the provider's
 * redirect back completes it (SECURITY.md §spring-boot-routes).
 */
package io.signlink.spring.boot.web;
