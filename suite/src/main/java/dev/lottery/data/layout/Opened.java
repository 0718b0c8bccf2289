package dev.lottery.data.layout;

import dev.lottery.data.SampleSource;
import java.util.Optional;

/**
 * A split opened as far as it can be read: the source serves the declared class folders that are
 * present, and {@code difference} says how the folders differ from the declaration (empty when
 * they match).
 */
public record Opened(SampleSource source, Optional<ClassFolderDifference> difference) {}
