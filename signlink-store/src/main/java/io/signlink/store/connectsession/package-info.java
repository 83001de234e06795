/**
 * Connect sessions: what an application's backend creates, with an API key, so that one end user's
 * browser may begin one consent flow (SECURITY.md §connect-sessions). The token is {@code cs_} +
 * 256 random bits, handed out once; only its SHA-256 is stored. A session lives at most 30 minutes
 * and is spent by the first flow it starts.
 */
package io.signlink.store.connectsession;
