package dev.lottery.catalog;

import dev.lottery.data.TrainTransform;
import dev.lottery.probe.Optimizer;
import dev.lottery.probe.Routine;
import dev.lottery.probe.Schedule;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads {@code suite/catalog/routines.csv}: the declared training routines by id. */
final class RoutinesFile {

    private RoutinesFile() {}

    static Map<String, Routine> read(Path file, List<String> problems) {
        return readAll(file, problems).routines();
    }

    /** The routines and, for those that declare one, their train transform (for the augmented protocols). */
    record Declared(Map<String, Routine> routines, Map<String, TrainTransform> transforms) {}

    static Declared readAll(Path file, List<String> problems) {
        Map<String, Routine> out = new LinkedHashMap<>();
        Map<String, TrainTransform> transforms = new LinkedHashMap<>();
        List<String> cols = List.of("id", "optimizer", "lr", "momentum", "nesterov", "weight_decay", "schedule",
                "milestones", "gamma", "warmup_epochs", "epochs", "batch_size", "lars_trust", "source");
        for (DeclarationFile.Row row : DeclarationFile.read(file, cols, problems)) {
            int before = problems.size();
            String id = row.get("id");
            Optimizer optimizer = Cells.enumValue(Optimizer.class, row.get("optimizer"), row, "optimizer", problems);
            Schedule schedule = Cells.enumValue(Schedule.class, row.get("schedule"), row, "schedule", problems);
            int[] milestones = Cells.ints(row.optional("milestones"), row, "milestones", problems);
            double gamma = row.number("gamma");
            double lr = row.number("lr");
            double momentum = row.number("momentum");
            boolean nesterov = row.bool("nesterov");
            double wd = row.number("weight_decay");
            int warmup = row.integer("warmup_epochs");
            int epochs = row.integer("epochs");
            int batch = row.integer("batch_size");
            double trust = row.number("lars_trust");
            String source = row.get("source");
            if (problems.size() > before) {
                continue;
            }
            try {
                transform(row, problems).ifPresent(t -> transforms.put(id, t));
                Routine r = new Routine(id, optimizer, lr, momentum, nesterov, wd, schedule, milestones, gamma, warmup,
                        epochs, batch, trust, source);
                if (out.put(id, r) != null) {
                    problems.add(row.where() + ": routine '" + id + "' is declared twice");
                }
            } catch (IllegalArgumentException e) {
                problems.add(row.where() + ": invalid routine '" + id + "': " + e.getMessage());
            }
        }
        return new Declared(out, transforms);
    }

    /**
     * Columns {@code train_scale} ("min max" area fraction), {@code train_ratio} ("min max" aspect),
     * {@code train_interpolation}, {@code train_flip} and {@code train_source}; all empty = none declared.
     */
    private static java.util.Optional<TrainTransform> transform(DeclarationFile.Row row, List<String> problems) {
        String scale = row.optional("train_scale");
        String ratio = row.optional("train_ratio");
        String interpolation = row.optional("train_interpolation");
        String flip = row.optional("train_flip");
        if (scale.isEmpty() && ratio.isEmpty() && interpolation.isEmpty() && flip.isEmpty()) {
            return java.util.Optional.empty();
        }
        try {
            double[] s = pair(scale, "train_scale");
            double[] r = pair(ratio, "train_ratio");
            return java.util.Optional.of(new TrainTransform(s[0], s[1], r[0], r[1], interpolation,
                    Double.parseDouble(flip), row.get("train_source")));
        } catch (IllegalArgumentException e) {
            problems.add(row.where() + ": invalid train transform: " + e.getMessage());
            return java.util.Optional.empty();
        }
    }

    private static double[] pair(String text, String column) {
        String[] parts = text.trim().split("\\s+");
        if (parts.length != 2) {
            throw new IllegalArgumentException(column + " must be two numbers 'min max', found '" + text + "'");
        }
        return new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1])};
    }
}
