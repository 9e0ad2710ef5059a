package io.meshlet.cluster.internal;

import io.meshlet.RandomSource;

/** Chooses one host among a fixed set: one instance per healthy host set of a priority level. */
interface HostPicker {

  /**
   * @param hash the request's hash key (consistent hashing only)
   * @param random randomness for this pick
   */
  HostImpl pick(long hash, RandomSource random);
}
