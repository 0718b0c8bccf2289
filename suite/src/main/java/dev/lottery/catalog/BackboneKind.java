package dev.lottery.catalog;

/** How a framework's backbone is obtained. */
public enum BackboneKind {
    /** Normalised pixels as features (no network). */
    PIXELS,
    /** The ResNet-50 topology with seeded He initialisation (no training). */
    RANDOM_RESNET,
    /** Weights from a published checkpoint. */
    CHECKPOINT;

    static BackboneKind parse(String text) {
        return switch (text) {
            case "pixels" -> PIXELS;
            case "random-resnet" -> RANDOM_RESNET;
            case "checkpoint" -> CHECKPOINT;
            default -> null;
        };
    }

    public String notation() {
        return name().toLowerCase().replace('_', '-');
    }
}
