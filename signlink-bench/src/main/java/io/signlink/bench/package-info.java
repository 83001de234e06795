/**
 * SignLink's benchmark runner. {@link io.signlink.bench.BenchMain} runs three sections in order and
 * writes one table: the token lifecycle ({@code lifecycle}: cached {@code accessToken()} against a
 * map and Spring Security's client manager, the 1,000-caller refresh storm, the background
 * refresher on PostgreSQL), the service load check ({@code load}: the token endpoint against {@code
 * /healthz} of the same server) and the CLI cold start ({@code coldstart}: {@code signlink token}
 * against {@code java -version}). Every figure stands beside an anchor measured in the same run on
 * the same machine, because absolute numbers from a shared two-core VM mean little on their own.
 */
package io.signlink.bench;
