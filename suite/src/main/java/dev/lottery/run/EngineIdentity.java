package dev.lottery.run;

import ai.djl.engine.Engine;

/** The engine that computed a stored thing: its name, its version and DJL's (each can move the numbers). */
public record EngineIdentity(String name, String version, String djl) {

    /** The engine {@code name} as loaded in this process. */
    static EngineIdentity of(String name) {
        Engine engine = Engine.getEngine(name);
        return new EngineIdentity(engine.getEngineName(), engine.getVersion(), Engine.getDjlVersion());
    }
}
