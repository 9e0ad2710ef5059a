package io.meshlet.cli;

import io.meshlet.Mesh;
import io.meshlet.MeshRequest;
import io.meshlet.config.ConfigException;
import io.meshlet.config.Diagnostic;
import io.meshlet.route.Explanation;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code mesh explain --config FILE|DIR... [--workload NS/NAME] [--label K=V]... [--json] METHOD URL
 * [-H 'Name: value']...}: how the mesh would route one request, and why.
 */
final class ExplainCommand {
  static final String USAGE =
      "usage: mesh explain --config FILE|DIR... [--workload NS/NAME] [--label K=V]... [--json] METHOD URL"
          + " [-H 'Name: value']...";

  private ExplainCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    List<Path> configs = new ArrayList<>();
    String namespace = "default";
    String name = "unknown";
    Map<String, String> labels = new LinkedHashMap<>();
    boolean json = false;
    List<String> positional = new ArrayList<>();
    List<String[]> headers = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "-h", "--help" -> {
          out.println(USAGE);
          return 0;
        }
        case "--json" -> json = true;
        case "--config", "--workload", "--label", "-H", "--header" -> {
          if (i + 1 >= args.length) {
            return usage(err, arg + " needs a value");
          }
          String value = args[++i];
          if (arg.equals("--config")) {
            configs.add(Path.of(value));
          } else if (arg.equals("--workload")) {
            int slash = value.indexOf('/');
            if (slash <= 0 || slash == value.length() - 1) {
              return usage(err, "--workload must be NAMESPACE/NAME, got \"" + value + "\"");
            }
            namespace = value.substring(0, slash);
            name = value.substring(slash + 1);
          } else if (arg.equals("--label")) {
            int eq = value.indexOf('=');
            if (eq <= 0) {
              return usage(err, "--label must be KEY=VALUE, got \"" + value + "\"");
            }
            labels.put(value.substring(0, eq), value.substring(eq + 1));
          } else {
            int colon = value.indexOf(':');
            if (colon <= 0) {
              return usage(err, "-H must be 'Name: value', got \"" + value + "\"");
            }
            headers.add(new String[] {value.substring(0, colon).trim(), value.substring(colon + 1).trim()});
          }
        }
        default -> {
          if (arg.startsWith("-") && arg.length() > 1) {
            return usage(err, "unknown option " + arg);
          }
          positional.add(arg);
        }
      }
    }
    if (configs.isEmpty()) {
      return usage(err, "--config is required");
    }
    if (positional.size() != 2) {
      return usage(err, "expected METHOD URL, got " + positional);
    }
    MeshRequest request;
    try {
      MeshRequest.Builder b = MeshRequest.builder().method(positional.get(0)).url(positional.get(1));
      for (String[] h : headers) {
        b.header(h[0], h[1]);
      }
      request = b.build();
    } catch (IllegalArgumentException e) {
      return usage(err, e.getMessage());
    }
    Mesh.Builder builder = Mesh.builder().workload(name, namespace, labels)
        // Routing does not depend on endpoint addresses; never wait for DNS to explain a request.
        .dns(host -> List.of(), Duration.ofDays(1));
    for (Path p : configs) {
      builder.config(p);
    }
    try (Mesh mesh = builder.build()) {
      for (Diagnostic d : mesh.diagnostics()) {
        if (d.severity() == Diagnostic.Severity.WARNING) {
          err.println(d);
        }
      }
      Explanation e = mesh.explain(request);
      out.print(json ? e.toJson() + System.lineSeparator() : e.toText());
      return 0;
    } catch (ConfigException e) {
      for (Diagnostic d : e.diagnostics()) {
        if (d.severity() != Diagnostic.Severity.NOTE) {
          err.println(d);
        }
      }
      int errors = e.errors().size();
      err.printf("%d error%s%n", errors, errors == 1 ? "" : "s");
      return 1;
    }
  }

  private static int usage(PrintStream err, String problem) {
    err.println("mesh explain: " + problem);
    err.println(USAGE);
    return 2;
  }
}
