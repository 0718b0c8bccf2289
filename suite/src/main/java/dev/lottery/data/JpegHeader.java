package dev.lottery.data;

/**
 * The few JPEG header facts that decide how Pillow converts a file to RGB: the number of colour
 * components of the frame, and the Adobe APP14 marker with its colour transform
 * (0 = CMYK or RGB, 1 = YCbCr, 2 = YCCK).
 *
 * @param components 1, 3 or 4; 0 when no frame header was found before the scan
 * @param adobe      whether an Adobe APP14 segment is present
 * @param transform  the Adobe transform byte, -1 without an Adobe segment
 */
record JpegHeader(int components, boolean adobe, int transform) {

    /** Pillow reads a 4-component JPEG as CMYK; with an Adobe marker the stored values are inverted. */
    boolean isCmyk() {
        return components == 4 && transform != 2;
    }

    /** Scans the marker segments up to the first scan; a malformed header gives components 0. */
    static JpegHeader parse(byte[] b) {
        int components = 0;
        boolean adobe = false;
        int transform = -1;
        int i = 2; // after SOI
        while (i + 4 <= b.length) {
            if ((b[i] & 0xFF) != 0xFF) {
                break;
            }
            int marker = b[i + 1] & 0xFF;
            if (marker == 0xFF) {
                i++; // fill byte
                continue;
            }
            if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
                i += 2;
                continue;
            }
            int length = ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
            int payload = i + 4;
            if (length < 2 || payload + length - 2 > b.length) {
                break;
            }
            boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (sof && length >= 8) {
                components = b[payload + 5] & 0xFF;
            } else if (marker == 0xEE && length >= 14 && b[payload] == 'A' && b[payload + 1] == 'd'
                    && b[payload + 2] == 'o' && b[payload + 3] == 'b' && b[payload + 4] == 'e') {
                adobe = true;
                transform = b[payload + 11] & 0xFF;
            } else if (marker == 0xDA) {
                break; // start of scan: the header is over
            }
            i = payload + length - 2;
        }
        return new JpegHeader(components, adobe, transform);
    }
}
