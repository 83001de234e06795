/**
 * The admin API: applications and their API keys ({@code /api/applications}, {@code /api/keys}),
 * for keys with the {@code admin} scope (SECURITY.md §applications). An admin key of the default
 * application is the operator's and manages every application; any other admin key manages only its
 * own application.
 */
package io.signlink.server.admin;
