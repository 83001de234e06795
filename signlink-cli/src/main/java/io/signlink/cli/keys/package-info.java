/**
 * {@code signlink keys}: rotation of the Tink keyset that encrypts stored tokens, with
 * re-encryption of every row (SECURITY.md §key-management), and the service's API keys (created
 * keys are shown once; only their hash is stored).
 */
package io.signlink.cli.keys;
