/**
 * The CLI cold start: {@code signlink token <id>} is meant for {@code curl -H "Authorization:
 * Bearer $(signlink token …)"}, so its whole process — JVM start, class loading, opening the
 * encrypted store, reading a fresh token — should take under half a second. {@link
 * io.signlink.bench.coldstart.CliColdStartBench} times it and {@code --version} as child processes
 * beside {@code java -version} (the floor no Java CLI can beat on this machine), and cross-checks
 * with {@code hyperfine} when it is installed. Outputs are discarded: a token is never printed.
 */
package io.signlink.bench.coldstart;
