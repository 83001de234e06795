/**
 * What SignLink's HTTP-client adapters add to a call: {@link
 * io.signlink.bench.httpclient.BearerOverheadBenchmark} sends the same request through the JDK
 * {@code HttpClient} and OkHttp, once with a token the caller already holds (the bare call) and
 * once through {@code SignLinkHttpClient} / the OkHttp interceptor pair with the token manager's
 * cached token, over a stubbed transport that answers without I/O, so the difference is the
 * adapter's own cost and not network noise.
 */
package io.signlink.bench.httpclient;
