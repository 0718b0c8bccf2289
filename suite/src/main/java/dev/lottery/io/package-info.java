/**
 * Small file utilities every room may use (DESIGN.md: utility types cross room walls): atomic
 * writes and renames ({@link dev.lottery.io.AtomicFiles}) and SHA-256 ({@link dev.lottery.io.Digests}).
 * It calls no room.
 */
package dev.lottery.io;
