package dev.lottery.run;

import dev.lottery.catalog.Variant;
import dev.lottery.data.layout.SplitLook;
import dev.lottery.data.layout.SplitSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * One line of {@code lottery datasets verify}: whether a declared variant is on disk as declared
 * (its folder, layout, class folders and count), and what was found.
 */
public record VariantCheck(String variant, Verdict verdict, String found) {

    /** How a variant's copy compares with its declaration. */
    public enum Verdict {
        /** As declared. */
        OK,
        /** Readable, but its class folders or its count differ from the declaration. */
        MISMATCH,
        /** No folder where the variant is expected. */
        MISSING,
        /** The folder is there but could not be read (or the variant could not be located). */
        ERROR
    }

    /** Locates the variant from the data options (as the runner does) and looks at it; never throws. */
    public static VariantCheck of(Variant v, Path dataRoot, Map<String, Path> datasetPaths, Path realJson) {
        try {
            SplitSpec spec = SplitLocator.spec(v, dataRoot, datasetPaths, realJson);
            if (!Files.isDirectory(spec.root())) {
                return new VariantCheck(v.id(), Verdict.MISSING, "expected a folder at " + spec.root());
            }
            SplitLook look = SplitLook.of(spec);
            boolean ok = look.matches(v.expectedCount());
            return new VariantCheck(v.id(), ok ? Verdict.OK : Verdict.MISMATCH, look.source().layout() + ", "
                    + look.countLine(v.expectedCount(), String.valueOf(v.where())) + ", " + look.classes()
                    + " classes, " + look.difference().map(d -> d.summary() + ", ").orElse("")
                    + look.fingerprint().substring(0, 16) + " (" + spec.root() + ")");
        } catch (IOException | RuntimeException e) {
            return new VariantCheck(v.id(), Verdict.ERROR, e.getMessage());
        }
    }

    public boolean ok() {
        return verdict == Verdict.OK;
    }

    /** {@code <variant>  <VERDICT>  <found>}, the columns aligned. */
    public String line() {
        return String.format("%-24s %-8s %s", variant, verdict, found);
    }
}
