package io.meshlet.route.internal;

import java.util.ArrayList;
import java.util.List;

/** One HTTP route of a VirtualService compiled for one port: its blocks that apply here, and its action. */
final class CompiledRoute {
  final int index;
  final String name;
  final String origin;
  final List<RouteEntry> entries = new ArrayList<>();
  final List<SkippedBlock> skipped = new ArrayList<>();
  RouteAction action;

  CompiledRoute(int index, String name, String origin) {
    this.index = index;
    this.name = name;
    this.origin = origin;
  }

  /** A match block dropped at compile time, and why; kept for {@code mesh explain}. */
  record SkippedBlock(int index, String name, String reason) {}
}
