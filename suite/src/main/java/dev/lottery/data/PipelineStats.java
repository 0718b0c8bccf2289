package dev.lottery.data;

/** What one {@link ImagePipeline} run did: images delivered in batches, and bad samples seen. */
public record PipelineStats(int delivered, int bad) {}
