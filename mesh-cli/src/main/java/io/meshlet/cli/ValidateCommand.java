package io.meshlet.cli;

import io.meshlet.config.ConfigLoader;
import io.meshlet.config.ConfigSource;
import io.meshlet.config.Diagnostic;
import io.meshlet.config.MeshConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code mesh validate FILE|DIR...}: every problem of every file, one line each. */
final class ValidateCommand {
  private ValidateCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    List<ConfigSource> sources = new ArrayList<>();
    boolean quiet = false;
    for (String arg : args) {
      if (arg.equals("-q") || arg.equals("--quiet")) {
        quiet = true;
      } else if (arg.startsWith("-")) {
        err.println("mesh validate: unknown option " + arg);
        return 2;
      } else {
        sources.add(ConfigSource.path(Path.of(arg)));
      }
    }
    if (sources.isEmpty()) {
      err.println("usage: mesh validate [-q] FILE|DIR...");
      return 2;
    }
    MeshConfig config = new ConfigLoader().read(sources);
    int errors = 0;
    int warnings = 0;
    for (Diagnostic d : config.diagnostics()) {
      if (d.isError()) {
        errors++;
      } else if (d.severity() == Diagnostic.Severity.WARNING) {
        warnings++;
      } else if (quiet) {
        continue;
      }
      out.println(d);
    }
    if (!quiet) {
      out.printf("%d resource%s, %d error%s, %d warning%s%n", config.resources().size(),
          config.resources().size() == 1 ? "" : "s", errors, errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
    }
    return errors > 0 ? 1 : 0;
  }
}
