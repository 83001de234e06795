package io.signlink.provider.api;

/**
 * A provider's own error code and message read from an API error body, before sanitising.
 * Immutable.
 *
 * @param code e.g. DocuSign {@code USER_AUTHENTICATION_FAILED}, BoldSign {@code Unauthorized}, or
 *     {@code null} when the body named none
 * @param message the human-readable part, or {@code null}
 */
public record ApiError(String code, String message) {}
