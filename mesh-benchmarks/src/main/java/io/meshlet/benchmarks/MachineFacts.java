package io.meshlet.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The facts a published figure needs beside it: CPU, cores, JDK, OS and date. */
public final class MachineFacts {
  private MachineFacts() {}

  /** One Markdown line: {@code 2 cores (CPU model), JDK ..., Linux ..., 2026-11-21 10:42 UTC}. */
  public static String describe() {
    return Runtime.getRuntime().availableProcessors() + " cores (" + cpuModel() + "), "
        + System.getProperty("java.vm.vendor") + " JDK " + System.getProperty("java.runtime.version") + ", "
        + System.getProperty("os.name") + " " + System.getProperty("os.version") + ", "
        + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
  }

  static String cpuModel() {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
      for (String line : lines) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim().replaceAll("\\s+", " ");
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux, or not readable: the model is a nicety.
    }
    return System.getProperty("os.arch");
  }
}
