package dev.lottery.data.pocket;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A minimal encoder for 8-bit grayscale PNG: IHDR, one IDAT (filter "Up" on every row after
 * the first, deflate level 9), IEND. Written here rather than via ImageIO so that the bytes
 * depend only on the pixels, not on the JDK's PNG writer.
 */
final class GrayPng {
    private GrayPng() {}

    static byte[] encode(byte[] pixels, int width, int height) {
        if (pixels.length != width * height) {
            throw new IllegalArgumentException("expected " + width * height + " pixels, found " + pixels.length);
        }
        byte[] raw = new byte[height * (width + 1)];
        for (int y = 0; y < height; y++) {
            int row = y * (width + 1);
            raw[row] = (byte) (y == 0 ? 0 : 2); // 0 = None, 2 = Up
            for (int x = 0; x < width; x++) {
                int v = pixels[y * width + x] & 0xFF;
                int up = y == 0 ? 0 : pixels[(y - 1) * width + x] & 0xFF;
                raw[row + 1 + x] = (byte) (v - up);
            }
        }
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        deflater.setInput(raw);
        deflater.finish();
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        while (!deflater.finished()) {
            idat.write(buf, 0, deflater.deflate(buf));
        }
        deflater.end();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        ByteBuffer ihdr = ByteBuffer.allocate(13);
        ihdr.putInt(width).putInt(height).put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IDAT", idat.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
