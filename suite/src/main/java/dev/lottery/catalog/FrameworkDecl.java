package dev.lottery.catalog;

/** One row of {@code frameworks.csv}: a backbone under test and how it is evaluated. */
public record FrameworkDecl(
        String id,
        String name,
        String group,
        BackboneKind backbone,
        int width,
        long initSeed,
        String checkpointUrl,
        String sha256,
        String keymap,
        String preprocessing,
        String routine,
        String note,
        Where where) {}
