package dev.lottery.data.pocket;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;

/**
 * Renders one digit glyph of a font as white ink on black (headless Java2D, antialiased), at a
 * pixel size, with an optional shear (slant) and optional stroke emboldening, then normalises it
 * like MNIST with {@link DigitNormalizer}.
 */
final class FontRenderer {
    /** One way of drawing a glyph. {@code shear} > 0 leans the top to the right. */
    record Style(int pixelSize, double shear, boolean emboldened) {}

    private FontRenderer() {}

    /** The 28x28 digit, or null when the font has no visible glyph for it. */
    static byte[] render(Font font, char digit, Style style) {
        if (font.canDisplay(digit) != true) {
            return null;
        }
        Font sized = font.deriveFont((float) style.pixelSize());
        FontRenderContext frc = new FontRenderContext(null, true, true);
        Shape glyph = sized.createGlyphVector(frc, String.valueOf(digit)).getOutline();
        // Java's y axis points down: leaning the top right means x' = x - shear * y.
        Shape shape = AffineTransform.getShearInstance(-style.shear(), 0).createTransformedShape(glyph);
        Rectangle2D b = shape.getBounds2D();
        if (b.isEmpty() || b.getWidth() < 1 || b.getHeight() < 1) {
            return null;
        }
        float strokeWidth = style.emboldened() ? Math.max(1f, style.pixelSize() * 0.06f) : 0f;
        int margin = 4 + (int) Math.ceil(strokeWidth);
        int w = (int) Math.ceil(b.getWidth()) + 2 * margin;
        int h = (int) Math.ceil(b.getHeight()) + 2 * margin;
        BufferedImage canvas = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        try {
            g.setColor(Color.BLACK);
            g.fillRect(0, 0, w, h);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.translate(margin - b.getX(), margin - b.getY());
            g.setColor(Color.WHITE);
            g.fill(shape);
            if (style.emboldened()) {
                g.setStroke(new BasicStroke(strokeWidth, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                g.draw(shape);
            }
        } finally {
            g.dispose();
        }
        float[] ink = new float[w * h];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            canvas.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                ink[y * w + x] = row[x] & 0xFF;
            }
        }
        return DigitNormalizer.normalize(ink, w, h);
    }
}
