/**
 * Terminal output: aligned tables, pretty JSON, human durations, and one-line sanitising of any
 * text that may come from a provider (control characters removed, SECURITY.md §log-injection).
 */
package io.signlink.cli.output;
