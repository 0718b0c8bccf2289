package dev.lottery.data;

/**
 * One training-time crop of an image: the box torchvision's {@code RandomResizedCrop} draws (top, left,
 * height, width in source pixels, inside the image) and whether {@code RandomHorizontalFlip} flips it.
 */
public record CropBox(int top, int left, int height, int width, boolean flip) {

    public CropBox {
        if (top < 0 || left < 0 || height < 1 || width < 1) {
            throw new IllegalArgumentException("expected a box inside the image with a positive size, found top " + top
                    + ", left " + left + ", " + width + "x" + height);
        }
    }
}
