package dev.lottery.run;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.ToLongFunction;

/**
 * What the doctor reads about this machine's capacity; a test can state it instead.
 *
 * @param usableDisk bytes a new file under the given folder may take (its file store's usable space)
 * @param availableRam bytes of memory available without swapping (page cache included): where memory-mapped
 *                   feature files live while a head trains
 */
record Machine(ToLongFunction<Path> usableDisk, long availableRam) {

    static Machine local() {
        return new Machine(Machine::usableSpace, availableMemory());
    }

    private static long usableSpace(Path dir) {
        Path p = dir.toAbsolutePath();
        while (p != null && !Files.exists(p)) {
            p = p.getParent(); // the cache folder may not exist yet: its nearest existing parent's store
        }
        try {
            return p == null ? 0 : Files.getFileStore(p).getUsableSpace();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Linux's MemAvailable (free plus reclaimable page cache), else the JVM's view of free physical memory. */
    private static long availableMemory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getFreeMemorySize();
    }
}
