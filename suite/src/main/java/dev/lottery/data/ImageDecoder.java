package dev.lottery.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.IndexColorModel;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes PNG and JPEG by content (magic bytes, not file extension) to an 8-bit RGB image, like
 * PIL's {@code convert('RGB')}: alpha is dropped (not composited), gray is replicated, palette
 * entries are looked up. CMYK/YCCK JPEGs are handled by the TwelveMonkeys reader, which
 * registers itself with ImageIO. Gray images are read from the raster directly, because Java's
 * gray colour space is linear and {@code getRGB} would brighten them.
 */
public final class ImageDecoder {
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};

    private ImageDecoder() {}

    /** The format named by the leading bytes: "png", "jpeg", or null when neither. */
    public static String sniff(byte[] bytes) {
        if (startsWith(bytes, PNG)) {
            return "png";
        }
        if (startsWith(bytes, JPEG)) {
            return "jpeg";
        }
        return null;
    }

    /** Decodes to {@link BufferedImage#TYPE_INT_RGB}; every failure is a {@link BadImageException} with a reason. */
    public static BufferedImage decodeRgb(byte[] bytes) throws BadImageException {
        if (bytes == null || bytes.length == 0) {
            throw new BadImageException("empty image (0 bytes)");
        }
        String format = sniff(bytes);
        if (format == null) {
            throw new BadImageException("not a PNG or JPEG (first bytes " + hexHead(bytes) + ")");
        }
        if (format.equals("jpeg")) {
            JpegHeader header = JpegHeader.parse(bytes);
            if (header.isCmyk()) {
                return cmykToRgb(read(bytes, format, true).raster(), header.adobe());
            }
        }
        return toRgb(read(bytes, format, false).image());
    }

    /** A decoded image, or for CMYK JPEGs the raw decoded samples (no colour management). */
    private record Decoded(BufferedImage image, Raster raster) {}

    private static Decoded read(byte[] bytes, String format, boolean rawRaster) throws BadImageException {
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new BadImageException("no " + format + " reader accepts these bytes");
            }
            ImageReader reader = readers.next();
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            try {
                reader.setInput(in, true, true);
                Raster raster = rawRaster ? reader.readRaster(0, null) : null;
                BufferedImage img = rawRaster ? null : reader.read(0);
                // Readers report truncated data as a warning and return a partly filled image; PIL refuses
                // those. Other warnings (e.g. extraneous bytes before a marker) decode in PIL too.
                for (String warning : warnings) {
                    String w = warning.toLowerCase(java.util.Locale.ROOT);
                    if (w.contains("premature end") || w.contains("truncat")) {
                        throw new BadImageException("truncated " + format + ": " + warning);
                    }
                }
                if (rawRaster ? raster == null || raster.getWidth() < 1 || raster.getHeight() < 1
                        : img == null || img.getWidth() < 1 || img.getHeight() < 1) {
                    throw new BadImageException(format + " decoded to an empty image");
                }
                return new Decoded(img, raster);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new BadImageException("truncated or corrupt " + format + ": " + msg, e);
        }
    }

    /**
     * Pillow's CMYK to RGB, ignoring any embedded ICC profile as Pillow's {@code convert('RGB')}
     * does: with an Adobe marker the stored samples are inverted ("CMYK;I"), then
     * {@code R = (255 - K) - (C * (255 - K)) / 255} with Pillow's rounded integer division.
     */
    static BufferedImage cmykToRgb(Raster raster, boolean adobeInverted) throws BadImageException {
        if (raster.getNumBands() != 4) {
            throw new BadImageException("4-component jpeg decoded to " + raster.getNumBands() + " bands");
        }
        int w = raster.getWidth();
        int h = raster.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] pixels = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        int[] row = new int[w * 4];
        for (int y = 0; y < h; y++) {
            raster.getPixels(raster.getMinX(), raster.getMinY() + y, w, 1, row);
            for (int x = 0; x < w; x++) {
                int[] cmyk = new int[4];
                for (int ch = 0; ch < 4; ch++) {
                    int v = row[x * 4 + ch] & 0xFF;
                    cmyk[ch] = adobeInverted ? 255 - v : v;
                }
                int nk = 255 - cmyk[3];
                int r = clip8(nk - mulDiv255(cmyk[0], nk));
                int g = clip8(nk - mulDiv255(cmyk[1], nk));
                int b = clip8(nk - mulDiv255(cmyk[2], nk));
                pixels[y * w + x] = r << 16 | g << 8 | b;
            }
        }
        return out;
    }

    /** Pillow's MULDIV255: a * b / 255, rounded, in integers. */
    private static int mulDiv255(int a, int b) {
        int tmp = a * b + 128;
        return ((tmp >> 8) + tmp) >> 8;
    }

    private static int clip8(int v) {
        return v < 0 ? 0 : Math.min(v, 255);
    }

    static BufferedImage toRgb(BufferedImage src) {
        int w = src.getWidth();
        int h = src.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        ColorModel cm = src.getColorModel();
        Raster raster = src.getRaster();
        // the packed pixels are written directly: setRGB goes through the colour model pixel by pixel
        int[] pixels = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        if (!(cm instanceof IndexColorModel) && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
            int bits = cm.getComponentSize(0);
            if (bits == 8 && raster.getDataBuffer() instanceof DataBufferByte db && db.getNumBanks() == 1
                    && raster.getNumBands() == 1 && raster.getSampleModelTranslateX() == 0
                    && raster.getSampleModelTranslateY() == 0
                    && raster.getSampleModel() instanceof PixelInterleavedSampleModel sm
                    && sm.getScanlineStride() == w && sm.getPixelStride() == 1) {
                // what an 8-bit gray PNG decodes to (the pocket digits): one byte per pixel, read directly
                byte[] gray = db.getData();
                for (int i = 0; i < pixels.length; i++) {
                    int g = gray[i] & 0xFF;
                    pixels[i] = (g << 16) | (g << 8) | g;
                }
                return out;
            }
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    int g = to8Bit(row[x], bits);
                    pixels[y * w + x] = (g << 16) | (g << 8) | g;
                }
            }
            return out;
        }
        if (src.getType() == BufferedImage.TYPE_3BYTE_BGR && raster.getDataBuffer() instanceof DataBufferByte db
                && db.getNumBanks() == 1 && raster.getSampleModelTranslateX() == 0
                && raster.getSampleModelTranslateY() == 0 && raster.getSampleModel() instanceof PixelInterleavedSampleModel sm
                && sm.getScanlineStride() == 3 * w && sm.getPixelStride() == 3) {
            // what JPEG decoding gives: sRGB bytes in B, G, R order, read directly (getRGB per pixel is slow)
            byte[] bgr = db.getData();
            for (int i = 0, j = 0; i < pixels.length; i++, j += 3) {
                pixels[i] = (bgr[j + 2] & 0xFF) << 16 | (bgr[j + 1] & 0xFF) << 8 | (bgr[j] & 0xFF);
            }
            return out;
        }
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            src.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                pixels[y * w + x] = row[x] & 0xFFFFFF; // drop alpha without compositing, as PIL convert('RGB') does
            }
        }
        return out;
    }

    private static int to8Bit(int v, int bits) {
        if (bits == 8) {
            return v;
        }
        if (bits > 8) {
            return Math.min(v, 255); // Pillow reads 16-bit gray as mode I, and I -> RGB clips, it does not scale
        }
        int max = (1 << bits) - 1;
        return (v * 255 + max / 2) / max;
    }

    private static boolean startsWith(byte[] bytes, byte[] magic) {
        if (bytes.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (bytes[i] != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private static String hexHead(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(8, bytes.length); i++) {
            sb.append(String.format("%02x", bytes[i] & 0xFF));
        }
        return sb.toString();
    }
}
