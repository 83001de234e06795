package io.signlink.emulator.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MultipartReaderTest {

  @Test
  void readsPartsWhoseBytesLookAlmostLikeTheBoundary() throws IOException {
    String boundary = "abc";
    byte[] tricky = "x\r\n--ab\r\n-\r\n--abd\r\r\n--a".getBytes(StandardCharsets.ISO_8859_1);
    byte[] binary = GeneratedBytes.stream(200_000, 5).readAllBytes();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(
        "preamble\r\n--abc\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n"
            .getBytes(StandardCharsets.ISO_8859_1));
    body.write(tricky);
    body.write(
        "\r\n--abc\r\nContent-Disposition: file; filename=\"x.pdf\"; documentid=7\r\n\r\n"
            .getBytes(StandardCharsets.ISO_8859_1));
    body.write(binary);
    body.write("\r\n--abc--\r\n".getBytes(StandardCharsets.ISO_8859_1));

    List<Map<String, String>> headers = new ArrayList<>();
    List<byte[]> contents = new ArrayList<>();
    MultipartReader.read(
        new ByteArrayInputStream(body.toByteArray()),
        boundary,
        (h, in) -> {
          headers.add(h);
          contents.add(in.readAllBytes());
        });

    assertThat(contents).hasSize(2);
    assertThat(contents.get(0)).isEqualTo(tricky);
    assertThat(contents.get(1)).isEqualTo(binary);
    assertThat(MultipartReader.param(headers.get(1).get("content-disposition"), "documentid"))
        .isEqualTo("7");
    assertThat(MultipartReader.param(headers.get(1).get("content-disposition"), "filename"))
        .isEqualTo("x.pdf");
  }

  @Test
  void aBodyWithoutItsClosingBoundaryIsAnError() {
    byte[] body =
        "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nhalf"
            .getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(
            () ->
                MultipartReader.read(
                    new ByteArrayInputStream(body), "b", (h, in) -> in.readAllBytes()))
        .isInstanceOf(IOException.class);
  }

  @Test
  void generatedBytesAreTheSameForTheSameSeedAndStartLikeAPdf() throws IOException {
    byte[] a = GeneratedBytes.stream(10_000, 1).readAllBytes();
    assertThat(GeneratedBytes.stream(10_000, 1).readAllBytes()).isEqualTo(a);
    assertThat(GeneratedBytes.stream(10_000, 2).readAllBytes()).isNotEqualTo(a);
    assertThat(new String(a, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
  }
}
