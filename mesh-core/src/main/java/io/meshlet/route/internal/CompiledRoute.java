package io.meshlet.route.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * One HTTP route of a VirtualService compiled for one port: its action, and the blocks that do not
 * apply here (those that do are the {@link RouteEntry}s pointing at it). A large mesh holds hundreds
 * of thousands of these, so nothing is kept twice and lists stay immutable and exact.
 */
final class CompiledRoute {
  final int index;
  final String name;
  final String origin;
  List<SkippedBlock> skipped = List.of();
  RouteAction action;

  CompiledRoute(int index, String name, String origin) {
    this.index = index;
    this.name = name;
    this.origin = origin;
  }

  void skip(SkippedBlock block) {
    List<SkippedBlock> all = new ArrayList<>(skipped);
    all.add(block);
    skipped = List.copyOf(all);
  }

  /** A match block dropped at compile time, and why; kept for {@code mesh explain}. */
  record SkippedBlock(int index, String name, String reason) {}
}
