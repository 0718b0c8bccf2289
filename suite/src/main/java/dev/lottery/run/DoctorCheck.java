package dev.lottery.run;

/**
 * One line of {@code lottery doctor}: what was checked, whether it is ready, what was found, and
 * what to do when it is not.
 */
public record DoctorCheck(String name, boolean ok, String found, String remedy) {

    static DoctorCheck ok(String name, String found) {
        return new DoctorCheck(name, true, found, "");
    }

    static DoctorCheck failed(String name, String found, String remedy) {
        return new DoctorCheck(name, false, found, remedy);
    }

    /** {@code ok    name  found} or {@code FAIL  name  found -> remedy}. */
    public String line() {
        return String.format("%-5s %-28s %s%s", ok ? "ok" : "FAIL", name, found, ok ? "" : "\n      -> " + remedy);
    }
}
