package dev.lottery.data;

/**
 * One labelled image as stored in a shard.
 *
 * @param source  shard file name the sample came from
 * @param key     sample key inside the shard (shared prefix of its entries)
 * @param encoded the encoded image bytes (PNG or JPEG), undecoded
 * @param labels  class indices: length 1 normally; a label set (possibly empty) for ReaL-style data
 */
public record Sample(String source, String key, byte[] encoded, int[] labels) {}
