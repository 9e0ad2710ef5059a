package io.meshlet.route.internal;

import io.meshlet.route.Explanation;
import io.meshlet.route.Explanation.Action;
import io.meshlet.route.Explanation.BlockCheck;
import io.meshlet.route.Explanation.ConditionFailure;
import io.meshlet.route.Explanation.RouteCheck;
import io.meshlet.route.RouteDecision;

/** Renders an {@link Explanation} for people: what {@code mesh explain} prints. */
public final class ExplanationText {
  private ExplanationText() {}

  public static String render(Explanation e) {
    StringBuilder out = new StringBuilder();
    Explanation.Request r = e.request();
    out.append("request   ").append(r.method()).append(' ').append(r.url()).append('\n');
    out.append("          authority ").append(r.authority()).append(", port ").append(r.port()).append(", path ")
        .append(r.path()).append('\n');
    out.append("workload  ").append(e.workload()).append('\n');
    Explanation.Host h = e.host();
    out.append("host      ").append(h.resolution());
    if (h.service() != null) {
      out.append(' ').append(h.service());
    }
    if (h.domain() != null) {
      out.append(" (domain ").append(h.domain()).append(')');
    }
    out.append('\n').append("          ").append(h.reason()).append('\n');
    for (String note : h.notes()) {
      out.append("          note: ").append(note).append('\n');
    }
    if (!e.routes().isEmpty()) {
      out.append("routes\n");
      for (RouteCheck rc : e.routes()) {
        out.append("  http[").append(rc.index()).append(']');
        if (rc.name() != null) {
          out.append(" \"").append(rc.name()).append('"');
        }
        if (rc.origin() != null) {
          out.append(" from ").append(rc.origin());
        }
        out.append(rc.matched() ? ": matched" : ": no match").append('\n');
        for (BlockCheck b : rc.blocks()) {
          out.append("    ").append(b.index() < 0 ? "(no match conditions)" : "match[" + b.index() + "]");
          if (b.name() != null) {
            out.append(" \"").append(b.name()).append('"');
          }
          if (b.skipped() != null) {
            out.append(": skipped, ").append(b.skipped()).append('\n');
            continue;
          }
          out.append(b.matched() ? ": matched" : ": failed").append('\n');
          for (ConditionFailure f : b.failures()) {
            out.append("      ").append(f.field()).append(": expected ").append(f.expected()).append(", got ")
                .append(f.actual()).append('\n');
          }
        }
      }
    }
    Explanation.Decision d = e.decision();
    out.append("decision  ").append(d.outcome());
    if (d.status() != 0) {
      out.append(' ').append(d.status());
    }
    if (d.responseFlag() != null) {
      out.append(" (flag ").append(d.responseFlag()).append(')');
    }
    if (d.cluster() != null) {
      out.append(' ').append(d.cluster());
    }
    out.append('\n');
    if (d.virtualService() != null) {
      out.append("          by VirtualService ").append(d.virtualService());
      if (d.routeIndex() >= 0) {
        out.append(" http[").append(d.routeIndex()).append(']');
      }
      out.append('\n');
    }
    if (d.routeName() != null) {
      out.append("          route name ").append(d.routeName()).append('\n');
    }
    if (d.destinations().size() > 0) {
      out.append("destinations\n");
      for (Explanation.Destination dest : d.destinations()) {
        out.append(dest.picked() ? "  * " : "    ").append(dest.host());
        if (!dest.subset().isEmpty()) {
          out.append(" subset ").append(dest.subset());
        }
        out.append(" port ").append(dest.port()).append(" weight ").append(dest.weight());
        out.append(dest.picked() ? "  (picked)" : "").append('\n');
      }
    }
    if (d.location() != null) {
      out.append("location  ").append(d.location()).append('\n');
    }
    if (d.outcome() == RouteDecision.Outcome.FORWARD || d.outcome() == RouteDecision.Outcome.PASSTHROUGH) {
      out.append("send      ").append(d.path()).append(" to authority ").append(d.authority()).append('\n');
    }
    if (!d.actions().isEmpty()) {
      out.append("actions\n");
      for (Action a : d.actions()) {
        out.append("  ").append(a.kind()).append(": ").append(a.detail()).append('\n');
      }
    }
    return out.toString();
  }
}
