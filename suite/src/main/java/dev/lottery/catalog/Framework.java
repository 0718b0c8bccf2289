package dev.lottery.catalog;

/**
 * One row of {@code frameworks.csv}: a backbone under test and how it is evaluated.
 *
 * @param padding the padding convention of the network the checkpoint comes from
 *                ({@code dev.lottery.backbone.Padding} id), or "" for the one its format implies
 */
public record Framework(
        String id,
        String name,
        String group,
        BackboneKind backbone,
        int width,
        long initSeed,
        String checkpointUrl,
        String sha256,
        String keymap,
        String padding,
        String preprocessing,
        String routine,
        String note,
        Where where) {}
