package dev.ecsguard.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** The cap holds for any stream, whatever its length: at most one byte past it is ever read. */
class BoundedInputTest {

  /** An endless stream, as /dev/zero or a pipe that never closes, counting what is read of it. */
  static final class Endless extends InputStream {
    long read;

    @Override
    public int read() {
      read++;
      return '[';
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      java.util.Arrays.fill(buffer, offset, offset + length, (byte) '[');
      read += length;
      return length;
    }
  }

  @Test
  void anInputAtTheCapIsReadWhole() throws Exception {
    assertArrayEquals(new byte[10], BoundedInput.read(new ByteArrayInputStream(new byte[10]), 10));
    assertArrayEquals(new byte[0], BoundedInput.read(new ByteArrayInputStream(new byte[0]), 10));
  }

  @Test
  void oneByteMoreIsRefused() {
    BoundedInput.TooLargeException refused = assertThrows(BoundedInput.TooLargeException.class,
        () -> BoundedInput.read(new ByteArrayInputStream(new byte[11]), 10));
    assertEquals("larger than 10 bytes, not read", refused.getMessage());
  }

  @Test
  void anEndlessStreamIsReadOnlyToOneBytePastTheCap() {
    Endless endless = new Endless();
    BoundedInput.TooLargeException refused = assertThrows(BoundedInput.TooLargeException.class,
        () -> BoundedInput.read(endless));
    assertEquals("larger than 10 MiB, not read", refused.getMessage());
    assertEquals(BoundedInput.MAX_BYTES + 1L, endless.read);
  }
}
