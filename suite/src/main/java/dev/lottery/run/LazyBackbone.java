package dev.lottery.run;

import dev.lottery.backbone.Backbone;
import java.util.function.Supplier;

/** Opens a backbone on first use only, so a fully cached run never loads a model. */
final class LazyBackbone implements Supplier<Backbone>, AutoCloseable {
    private final Supplier<Backbone> opener;
    private Backbone backbone;

    LazyBackbone(Supplier<Backbone> opener) {
        this.opener = opener;
    }

    @Override
    public Backbone get() {
        if (backbone == null) {
            backbone = opener.get();
        }
        return backbone;
    }

    @Override
    public void close() {
        if (backbone != null) {
            backbone.close();
        }
    }
}
