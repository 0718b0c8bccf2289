package dev.lottery.data.pocket;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which Debian package installed a font file, and that package's licences, read from dpkg's
 * file lists ({@code /var/lib/dpkg/info/*.list}) and the package's machine-readable
 * {@code /usr/share/doc/<package>/copyright}. Unknown (not Debian, or not packaged) gives "unknown".
 */
final class FontPackages {
    private final Map<String, String> packageOfPath = new HashMap<>();
    private final Path docDir;

    FontPackages(Path dpkgInfoDir, Path docDir) throws IOException {
        this.docDir = docDir;
        if (!Files.isDirectory(dpkgInfoDir)) {
            return;
        }
        try (Stream<Path> lists = Files.list(dpkgInfoDir)) {
            for (Path list : lists.filter(p -> p.getFileName().toString().endsWith(".list")).toList()) {
                String pkg = list.getFileName().toString().replaceAll("(:[a-z0-9]+)?\\.list$", "");
                for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
                    if (line.endsWith(".ttf") || line.endsWith(".otf")) {
                        packageOfPath.put(line, pkg);
                    }
                }
            }
        }
    }

    String packageOf(Path fontFile) {
        try {
            String real = fontFile.toRealPath().toString();
            return packageOfPath.getOrDefault(real, packageOfPath.getOrDefault(fontFile.toAbsolutePath().toString(), "unknown"));
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The distinct "License:" names of the package's copyright file, joined by " / ". */
    String licenceOf(String pkg) {
        Path copyright = docDir.resolve(pkg).resolve("copyright");
        if (pkg.equals("unknown") || !Files.isRegularFile(copyright)) {
            return "unknown";
        }
        try {
            Set<String> names = new LinkedHashSet<>();
            List<String> lines = new String(Files.readAllBytes(copyright), StandardCharsets.UTF_8).lines().toList();
            for (String line : lines) {
                if (line.startsWith("License:")) {
                    String name = line.substring("License:".length()).strip();
                    // Short licence names only; prose after "License:" is a non-DEP-5 file's sentence.
                    if (!name.isEmpty() && name.split("\\s+").length <= 6) {
                        names.add(name);
                    }
                }
            }
            return names.isEmpty() ? "see /usr/share/doc/" + pkg + "/copyright" : String.join(" / ", names);
        } catch (IOException e) {
            return "unreadable /usr/share/doc/" + pkg + "/copyright";
        }
    }
}
