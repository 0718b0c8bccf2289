package dev.lottery.features;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The process that owns a temp file or folder, written into its name ({@code .p<pid>@<host>.}) so
 * that a later run can tell a dead writer's leftovers from a live writer's work in progress, also
 * with concurrent writers on one cache or reports folder: on the same host a leftover is stale
 * once its process is gone; from another host (a shared cache) only when untouched for a day.
 *
 * @param pid  the owning process
 * @param host the owning host's name, first label only ({@code [A-Za-z0-9-]})
 */
public record TempOwner(long pid, String host) {

    /** How long a temp file from another host (whose process cannot be checked) is left alone. */
    public static final Duration FOREIGN_AGE = Duration.ofDays(1);
    /** How long a temp file with no owner in its name (written before owners were named) is left alone. */
    public static final Duration UNNAMED_AGE = Duration.ofHours(1);

    private static final Pattern TAG = Pattern.compile("\\.p(\\d+)@([A-Za-z0-9-]+)\\.");

    public TempOwner {
        if (pid < 0 || host == null || !host.matches("[A-Za-z0-9-]+")) {
            throw new IllegalArgumentException("expected a pid >= 0 and a host name of [A-Za-z0-9-], found " + pid
                    + " and " + host);
        }
    }

    /** This process on this host. */
    public static TempOwner current() {
        return new TempOwner(ProcessHandle.current().pid(), hostName());
    }

    /** The tag to put in a temp name: {@code .p<pid>@<host>.} (dots included). */
    public String tag() {
        return ".p" + pid + "@" + host + ".";
    }

    /** The owner named in a file name, if any. */
    public static Optional<TempOwner> of(String fileName) {
        Matcher m = TAG.matcher(fileName);
        return m.find() ? Optional.of(new TempOwner(Long.parseLong(m.group(1)), m.group(2))) : Optional.empty();
    }

    /**
     * True when nobody can still be writing {@code path}: its owner is a process of this host that is
     * gone, or it has not been modified for a day (a writer appends at least every few minutes;
     * its pid may have been reused), or it is unnamed (written before owners were named) and
     * untouched for an hour.
     */
    public static boolean isStale(Path path) {
        Optional<TempOwner> owner = of(path.getFileName().toString());
        TempOwner me = current();
        if (owner.isPresent() && owner.get().host().equals(me.host())) {
            if (owner.get().pid() == me.pid()) {
                return false;
            }
            // a live process of that pid may be another one that reused it: then only age tells
            return ProcessHandle.of(owner.get().pid()).map(p -> !p.isAlive()).orElse(true)
                    || untouchedFor(path, FOREIGN_AGE);
        }
        return untouchedFor(path, owner.isPresent() ? FOREIGN_AGE : UNNAMED_AGE);
    }

    private static boolean untouchedFor(Path path, Duration age) {
        try {
            return Files.getLastModifiedTime(path).toInstant().isBefore(Instant.now().minus(age));
        } catch (IOException e) {
            return false; // gone already, or unreadable: leave it
        }
    }

    private static String hostName() {
        String name = System.getenv("HOSTNAME");
        if (name == null || name.isBlank()) {
            try {
                name = java.net.InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                name = "localhost";
            }
        }
        String first = name.split("\\.")[0].replaceAll("[^A-Za-z0-9-]", "-");
        return first.isEmpty() ? "localhost" : first;
    }
}
