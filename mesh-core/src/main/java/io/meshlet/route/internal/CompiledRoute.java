package io.meshlet.route.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One HTTP route of a VirtualService compiled for one port: its blocks that apply here, and its
 * action. Filled in while compiling; arrays and immutable lists rather than growable lists, since a
 * large mesh holds hundreds of thousands of these.
 */
final class CompiledRoute {
  private static final RouteEntry[] NO_ENTRIES = new RouteEntry[0];

  final int index;
  final String name;
  final String origin;
  /** One per match block that applies here, in order; do not modify. */
  RouteEntry[] entries = NO_ENTRIES;
  List<SkippedBlock> skipped = List.of();
  RouteAction action;

  CompiledRoute(int index, String name, String origin) {
    this.index = index;
    this.name = name;
    this.origin = origin;
  }

  void add(RouteEntry entry) {
    entries = Arrays.copyOf(entries, entries.length + 1);
    entries[entries.length - 1] = entry;
  }

  void skip(SkippedBlock block) {
    List<SkippedBlock> all = new ArrayList<>(skipped);
    all.add(block);
    skipped = List.copyOf(all);
  }

  /** A match block dropped at compile time, and why; kept for {@code mesh explain}. */
  record SkippedBlock(int index, String name, String reason) {}
}
