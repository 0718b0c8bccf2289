package dev.lottery.report;

/**
 * Where one framework's wall time went in a run, and how much of its work came from the cache.
 *
 * @param extractionSeconds opening the backbone and extracting (or loading) the features of every split
 * @param trainingSeconds   training (or loading) one head per seed
 * @param scoringSeconds    logits of every head on every variant, and their scores
 * @param featureSets       splits whose features were needed; {@code featureSetsFromCache} of them came from the cache
 * @param heads             heads needed (one per seed); {@code headsFromCache} of them came from the cache
 */
public record StageTimes(String framework, double extractionSeconds, double trainingSeconds, double scoringSeconds,
        int featureSets, int featureSetsFromCache, int heads, int headsFromCache) {

    public double totalSeconds() {
        return extractionSeconds + trainingSeconds + scoringSeconds;
    }
}
