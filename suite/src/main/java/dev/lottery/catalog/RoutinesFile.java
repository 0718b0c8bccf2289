package dev.lottery.catalog;

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
        Map<String, Routine> out = new LinkedHashMap<>();
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
                Routine r = new Routine(id, optimizer, lr, momentum, nesterov, wd, schedule, milestones, gamma, warmup,
                        epochs, batch, trust, source);
                if (out.put(id, r) != null) {
                    problems.add(row.where() + ": routine '" + id + "' is declared twice");
                }
            } catch (IllegalArgumentException e) {
                problems.add(row.where() + ": invalid routine '" + id + "': " + e.getMessage());
            }
        }
        return out;
    }
}
