/**
 * {@code signlink apps}: the applications that integrate with SignLink, each with its own API keys,
 * connections, return URLs and webhook (SECURITY.md §applications).
 */
package io.signlink.cli.apps;
