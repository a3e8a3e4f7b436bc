package dev.ecsguard.json;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reading an input whose size the sender controls: a task definition file, an event file, a pipe, a device, the
 * Lambda's event stream. Never more than {@link #MAX_BYTES} + 1 bytes are read, whatever the input says its size
 * is ({@code /dev/zero} and pipes have none), so an endless or huge input costs at most that much memory.
 */
public final class BoundedInput {

  /** Far above any task definition (64 KiB of containers) or event (256 KiB); anything larger is refused. */
  public static final int MAX_BYTES = 10 * 1024 * 1024;

  private BoundedInput() {}

  /** All the bytes of the stream, or {@link TooLargeException} after reading one byte more than the cap. */
  public static byte[] read(InputStream in) throws IOException, TooLargeException {
    return read(in, MAX_BYTES);
  }

  static byte[] read(InputStream in, int maxBytes) throws IOException, TooLargeException {
    // readNBytes grows its buffer as bytes arrive: a short input does not allocate the cap.
    byte[] bytes = in.readNBytes(maxBytes + 1);
    if (bytes.length > maxBytes) {
      throw new TooLargeException(maxBytes);
    }
    return bytes;
  }

  /** The input is larger than the cap; its message ("larger than 10 MiB, not read") quotes nothing of it. */
  public static final class TooLargeException extends Exception {
    TooLargeException(int maxBytes) {
      super("larger than " + describe(maxBytes) + ", not read");
    }

    private static String describe(int bytes) {
      return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MiB" : bytes + " bytes";
    }
  }
}
