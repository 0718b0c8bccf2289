/**
 * Every JMH benchmark of the suite, in one place that no core room depends on (DESIGN.md). It is
 * in the main source set so {@code ./lottery bench} runs it from the jar; it may call any room,
 * as a client would.
 */
package dev.lottery.bench;
