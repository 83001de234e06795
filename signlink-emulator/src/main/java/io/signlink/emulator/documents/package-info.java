/**
 * Document bytes the emulated e-signature APIs keep: uploads are written to temp files as they
 * arrive (never held in memory) and read back for downloads; large documents can be generated
 * deterministically instead of stored.
 */
package io.signlink.emulator.documents;
