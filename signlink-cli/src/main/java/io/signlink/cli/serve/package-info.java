/**
 * Long-running commands: {@code serve} runs the SignLink service from {@code SIGNLINK_*}
 * configuration; {@code demo} runs it together with the offline BoldSign/DocuSign emulator on
 * loopback with an embedded store. Both block until Ctrl-C and then shut down in order.
 */
package io.signlink.cli.serve;
