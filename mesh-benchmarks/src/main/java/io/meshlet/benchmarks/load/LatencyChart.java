package io.meshlet.benchmarks.load;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/** A PNG bar chart of latency percentiles per set-up, on a logarithmic axis (p99.9 dwarfs p50). */
final class LatencyChart {
  private LatencyChart() {}

  static void write(List<SetupResult> results, String title, Path png) throws IOException {
    CategoryChart chart = new CategoryChartBuilder().width(900).height(500).title(title)
        .xAxisTitle("percentile").yAxisTitle("latency (µs, log scale)").build();
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setYAxisDecimalPattern("#,###");
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    List<String> categories = new ArrayList<>();
    for (double p : SetupResult.PERCENTILES) {
      categories.add("p" + Report.fmt(p));
    }
    double lowest = Double.MAX_VALUE;
    for (SetupResult r : results) {
      List<Double> values = new ArrayList<>();
      for (double p : SetupResult.PERCENTILES) {
        values.add(r.micros(p));
        lowest = Math.min(lowest, r.micros(p));
      }
      chart.addSeries("(" + r.key() + ") " + r.name(), categories, values);
    }
    // Bars on a log axis need an explicit floor (XChart would start them at zero): the power of ten below.
    chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(Math.max(lowest, 1)))));
    Files.createDirectories(png.toAbsolutePath().getParent());
    ImageIO.write(BitmapEncoder.getBufferedImage(chart), "png", png.toFile());
  }
}
