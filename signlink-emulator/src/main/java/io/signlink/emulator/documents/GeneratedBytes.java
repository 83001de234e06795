package io.signlink.emulator.documents;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A deterministic pseudo-random byte stream of any length, so the emulator can serve a document of
 * hundreds of megabytes without holding or storing it, and a test can compute the same bytes to
 * check what arrived. It starts with a PDF header so it looks like the documents it stands for.
 * Each stream is confined to one thread.
 */
public final class GeneratedBytes extends InputStream {
  private static final byte[] HEADER =
      "%PDF-1.7\n%SignLink emulator\n".getBytes(StandardCharsets.US_ASCII);

  private final long size;
  private final long seed;
  private long position;
  private long block = -1;
  private long word;

  private GeneratedBytes(long size, long seed) {
    this.size = size;
    this.seed = seed;
  }

  /** {@code size} bytes generated from {@code seed}; the same arguments give the same bytes. */
  public static InputStream stream(long size, long seed) {
    return new GeneratedBytes(size, seed);
  }

  @Override
  public int read() {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (position >= size) {
      return -1;
    }
    int n = (int) Math.min(len, size - position);
    for (int i = 0; i < n; i++) {
      long p = position + i;
      if (p < HEADER.length) {
        b[off + i] = HEADER[(int) p];
        continue;
      }
      if ((p >>> 3) != block) {
        block = p >>> 3;
        word = splitMix(seed + block * 0x9E3779B97F4A7C15L);
      }
      b[off + i] = (byte) (word >>> ((p & 7) * 8));
    }
    position += n;
    return n;
  }

  /** SplitMix64's finaliser: every byte is a function of the seed and its position only. */
  private static long splitMix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  @Override
  public int available() {
    return (int) Math.min(Integer.MAX_VALUE, size - position);
  }
}
