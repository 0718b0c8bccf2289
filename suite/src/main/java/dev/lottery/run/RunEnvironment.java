package dev.lottery.run;

import dev.lottery.io.Ordered;
import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.lottery.catalog.Framework;
import dev.lottery.catalog.Suite;
import dev.lottery.probe.Devices;
import dev.lottery.probe.Engines;
import dev.lottery.report.EnvironmentProbe;
import dev.lottery.report.NumericEnvironment;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run runs on: the engine and its version, the device, the numeric environment (CPU ISA,
 * oneDNN, thread pools). Probed once per run, before any work; it keys the heads (bit-identity is
 * promised within one numeric environment) and is written to environment.json.
 */
record RunEnvironment(String engineName, String engineVersion, String djlVersion, String nativeLibrary, Device device,
        NumericEnvironment numeric) {

    /** Fixes the engine's thread pools (part of the numerics, so before the engine starts), then probes. */
    static RunEnvironment probe(String deviceChoice) {
        NumericEnvironment.configureThreads(0, 1);
        Device device = Devices.resolve(deviceChoice);
        Engine engine = Engines.defaultEngine();
        NumericEnvironment numeric = NumericEnvironment.probe(engine.getEngineName() + " " + engine.getVersion(),
                device.toString());
        return new RunEnvironment(engine.getEngineName(), engine.getVersion(), Engine.getDjlVersion(),
                Engines.nativeLibraryPath().orElse("default"), device, numeric);
    }

    /**
     * What environment.json records of a run: this environment (engine, device, numerics, threads), the plan,
     * the data, backbones and digests the frameworks that ran used, and the cache's part.
     */
    Map<String, Object> facts(Plan plan, RunOptions options, Collection<FrameworkRun.Outcome> done,
            List<String> cacheRepairs) {
        Suite suite = plan.suite();
        Map<String, String> fingerprints = new LinkedHashMap<>();
        Map<String, Object> datasets = new LinkedHashMap<>();
        Map<String, String> backboneIds = new LinkedHashMap<>();
        Map<String, String> digests = new LinkedHashMap<>();
        int featureHits = 0;
        int headHits = 0;
        int heads = 0;
        for (FrameworkRun.Outcome o : done) {
            fingerprints.putAll(o.fingerprints());
            datasets.putAll(o.datasets());
            backboneIds.put(o.framework(), o.backboneId());
            digests.put(o.framework(), o.digest());
            featureHits += o.times().featureSetsFromCache();
            headHits += o.times().headsFromCache();
            heads += o.times().heads();
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("engine", Ordered.map("name", engineName, "version", engineVersion, "djl", djlVersion, "nativeLibrary",
                nativeLibrary));
        facts.put("device", device.toString());
        facts.put("numeric", numeric.facts());
        facts.put("threads", Ordered.map("availableProcessors", Runtime.getRuntime().availableProcessors(),
                "decodeWorkers", options.threads(), "engineIntraOp", numeric.intraOpThreads(),
                "engineInterOp", numeric.interOpThreads()));
        facts.put("suite", Ordered.map("name", suite.name(), "epochScale", suite.epochScale(), "seeds", plan.seedCount(),
                "seedOffset", plan.firstSeed(), "falseAlarmRate", suite.falseAlarmRate(), "seedValues", plan.seeds()));
        if (options.allowPartial()) {
            facts.put("allowPartial", true);
        }
        facts.put("datasetFingerprints", fingerprints);
        facts.put("datasets", datasets);
        facts.put("backbones", backboneIds);
        facts.put("checkpointDigests", checkpointDigests(suite, digests));
        facts.put("cache", Ordered.map("dir", options.cacheDir().toAbsolutePath().toString(),
                "featureSetsFromCache", featureHits, "headsFromCache", headHits, "headsTotal", heads,
                "repairs", cacheRepairs));
        return EnvironmentProbe.collect(suite.home(), numeric, facts);
    }


    /** Digest per checkpoint framework; one not pinned in the lock file is marked as computed locally. */
    private static Map<String, String> checkpointDigests(Suite suite, Map<String, String> local) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Framework f : suite.frameworks()) {
            if (!f.sha256().isEmpty()) {
                out.put(f.id(), f.sha256());
            } else if (local.containsKey(f.id()) && !local.get(f.id()).isEmpty()) {
                out.put(f.id(), local.get(f.id()) + " (computed locally; not pinned in the lock file)");
            }
        }
        return out;
    }
}
