package io.meshlet.cli;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * {@code mesh} command line: {@code validate} Istio configuration files, {@code explain} how a
 * request would be routed.
 *
 * <p>Exit codes: 0 success, 1 the configuration has errors, 2 the command line is wrong.
 */
public final class MeshCli {
  private MeshCli() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs a command, printing to {@code out} and {@code err}; returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
      usage(args.length == 0 ? err : out);
      return args.length == 0 ? 2 : 0;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    return switch (args[0]) {
      case "validate" -> ValidateCommand.run(rest, out, err);
      case "explain" -> ExplainCommand.run(rest, out, err);
      default -> {
        err.println("mesh: unknown command \"" + args[0] + "\"");
        usage(err);
        yield 2;
      }
    };
  }

  static void usage(PrintStream out) {
    out.println("""
        usage: mesh <command> [arguments]

        commands:
          validate FILE|DIR...   check Istio configuration as Meshlet loads it; prints
                                 FILE:LINE:COLUMN: error|warning: FIELD: message per problem
                                 and exits 1 if there is any error
          explain --config FILE|DIR... [--workload NS/NAME] [--label K=V]... [--json]
                  METHOD URL [-H 'Name: value']...
                                 how the mesh routes one request, and why: the host's
                                 VirtualService, each route tried and the condition that
                                 failed, the destinations and every action that applies
        """);
  }
}
