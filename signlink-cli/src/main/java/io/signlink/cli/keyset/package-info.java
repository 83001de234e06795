/** {@code signlink keyset}: creating the Tink keyset file a production database is started with. */
package io.signlink.cli.keyset;
