package dev.lottery.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ResamplerWindowTest {

    @Test
    void aWindowEqualsTheSameRegionOfTheFullResize() {
        SplittableRandom r = new SplittableRandom(7);
        int[][] shapes = {{50, 37, 34, 25}, {37, 50, 25, 34}, {20, 20, 31, 31}, {40, 30, 40, 21}, {30, 40, 17, 40}};
        for (Resampler.Filter f : Resampler.Filter.values()) {
            for (int[] s : shapes) {
                int w = s[0], h = s[1], ow = s[2], oh = s[3], c = 3;
                int[] src = new int[w * h * c];
                for (int i = 0; i < src.length; i++) {
                    src[i] = r.nextInt(256);
                }
                int[] full = Resampler.resize8(src, w, h, c, ow, oh, f);
                int left = ow / 5, top = oh / 4, winW = ow - 2 * left, winH = oh - 2 * top;
                int[] win = Resampler.resize8Window(src, w, h, c, ow, oh, left, top, winW, winH, f);
                for (int y = 0; y < winH; y++) {
                    for (int x = 0; x < winW; x++) {
                        for (int ch = 0; ch < c; ch++) {
                            assertThat(win[(y * winW + x) * c + ch]).as(f + " " + java.util.Arrays.toString(s))
                                    .isEqualTo(full[((y + top) * ow + x + left) * c + ch]);
                        }
                    }
                }
            }
        }
    }
}
