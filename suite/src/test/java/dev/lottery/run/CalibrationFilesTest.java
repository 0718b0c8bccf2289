package dev.lottery.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lottery.analysis.Calibration;
import dev.lottery.catalog.Catalog;
import dev.lottery.catalog.Suite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The proposed expectations file: calibrated rows get the measured noise, every other row stays as written. */
class CalibrationFilesTest {

    private static final Path HOME = Path.of(System.getProperty("lottery.home", "..")).toAbsolutePath().normalize();

    @Test
    void uncalibratedRowsAreKeptAsWrittenAndACalibratedOneGetsItsNoise() throws Exception {
        Suite suite = Catalog.load(HOME, "pocket");
        Map<String, double[]> groups = new LinkedHashMap<>();
        groups.put("default", new double[] {90.0, 90.5, 91.0});
        groups.put("isa-avx2", new double[] {90.5, 91.0, 91.5});
        Calibration c = Calibration.of(groups);
        Calibrate.Options o = new Calibrate.Options("pocket", null, 3, 0, List.of("default", "isa-avx2"), Path.of("out"),
                Path.of("cache"), false, null);
        String proposed = Calibrate.CalibrationFiles.proposed(o, suite, Map.of("default", "k1", "isa-avx2", "k2"),
                Map.of("pixels/val", c), 0.5);
        List<String> lines = proposed.lines().filter(l -> !l.startsWith("#")).toList();
        List<String> original = Files.readAllLines(suite.expectationsFile()).stream().filter(l -> !l.startsWith("#"))
                .toList();
        assertThat(lines).hasSameSizeAs(original);
        assertThat(lines.get(0)).isEqualTo(original.get(0)); // the header
        // sd_seed pooled 0.5 (df 4), sd_numeric = 0.5 x 0.5; expected, ref_se, allowance and source as written
        assertThat(lines.get(1)).isEqualTo(
                "pixels,val,top1,90.263,0.500,4,0.07,0.250,0,\"PyTorch reference, tools/pocket-zoo (mean of 20 seeds)\"");
        // every other row holds the values it was written with (numbers compared as numbers: "0.420" is 0.42)
        for (int i = 2; i < lines.size(); i++) {
            assertThat(cells(lines.get(i))).as(original.get(i)).isEqualTo(cells(original.get(i)));
        }
    }

    private static List<Object> cells(String line) {
        String[] c = line.split(",", 10);
        List<Object> out = new java.util.ArrayList<>();
        for (int i = 0; i < c.length; i++) {
            boolean number = i >= 3 && i <= 8 && !c[i].isEmpty() && !c[i].equals("record-only");
            out.add(number ? (Object) Double.parseDouble(c[i]) : c[i]);
        }
        return out;
    }
}
