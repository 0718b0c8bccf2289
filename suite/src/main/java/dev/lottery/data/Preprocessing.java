package dev.lottery.data;

import java.util.Arrays;

/**
 * How an image becomes a model input. {@code resizeShorter} and {@code crop} equal to 0 mean
 * "none". {@code channels} 1 = gray (ITU-R 601 luma, like PIL 'L'), 3 = RGB.
 *
 * @param interpolation "bilinear" or "bicubic"
 */
public record Preprocessing(String id, int resizeShorter, int crop, String interpolation,
        float[] mean, float[] std, int channels) {

    public Preprocessing {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("preprocessing " + id + ": expected channels 1 or 3, found " + channels);
        }
        if (mean.length != channels || std.length != channels) {
            throw new IllegalArgumentException("preprocessing " + id + ": expected " + channels
                    + " mean and std values, found " + mean.length + " and " + std.length);
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("preprocessing " + id + ": expected std > 0, found " + s);
            }
        }
        if (resizeShorter < 0 || crop < 0) {
            throw new IllegalArgumentException("preprocessing " + id + ": expected resize and crop >= 0 (0 = none)");
        }
        if (!interpolation.equals("bilinear") && !interpolation.equals("bicubic")) {
            throw new IllegalArgumentException("preprocessing " + id
                    + ": expected interpolation bilinear or bicubic, found '" + interpolation + "'");
        }
        mean = mean.clone();
        std = std.clone();
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Preprocessing p && id.equals(p.id) && resizeShorter == p.resizeShorter
                && crop == p.crop && interpolation.equals(p.interpolation) && Arrays.equals(mean, p.mean)
                && Arrays.equals(std, p.std) && channels == p.channels;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * id.hashCode() + Arrays.hashCode(mean)) + Arrays.hashCode(std) + resizeShorter * 7 + crop;
    }

    /** A stable text form of every field, for cache keys. */
    public String canonical() {
        return "id=" + id + ";resize=" + resizeShorter + ";crop=" + crop + ";interp=" + interpolation
                + ";mean=" + Arrays.toString(mean) + ";std=" + Arrays.toString(std) + ";channels=" + channels;
    }
}
