package dev.courtside.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A line chart with logarithmic axes, drawn with Java 2D and written as PNG by ImageIO: one
 * line per series, such as p99 latency against publish rate per stack.
 */
final class Chart {

  private static final int WIDTH = 900;
  private static final int HEIGHT = 520;
  private static final int LEFT = 90;
  private static final int RIGHT = 190;
  private static final int TOP = 50;
  private static final int BOTTOM = 70;
  private static final Color[] COLORS = {
      new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd)};

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final Map<String, List<double[]>> series = new LinkedHashMap<>();

  Chart(String title, String xLabel, String yLabel) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
  }

  /** Adds a point; points with a value of 0 or less, or NaN, are left out of a log axis. */
  void add(String seriesName, double x, double y) {
    if (x > 0 && y > 0 && Double.isFinite(x) && Double.isFinite(y)) {
      series.computeIfAbsent(seriesName, name -> new ArrayList<>()).add(new double[] {x, y});
    }
  }

  /** Draws the chart and writes it to {@code file} as PNG. */
  void write(Path file) throws IOException {
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
      g.drawString(title, LEFT, 30);
      double[] xRange = decades(0);
      double[] yRange = decades(1);
      drawAxes(g, xRange, yRange);
      drawSeries(g, xRange, yRange);
    } finally {
      g.dispose();
    }
    ImageIO.write(image, "png", file.toFile());
  }

  /** Returns the powers of ten that enclose every value of coordinate {@code axis}. */
  private double[] decades(int axis) {
    double min = Double.MAX_VALUE;
    double max = Double.MIN_VALUE;
    for (List<double[]> points : series.values()) {
      for (double[] point : points) {
        min = Math.min(min, point[axis]);
        max = Math.max(max, point[axis]);
      }
    }
    if (min == Double.MAX_VALUE) {
      return new double[] {1, 10};
    }
    double low = Math.pow(10, Math.floor(Math.log10(min)));
    double high = Math.pow(10, Math.ceil(Math.log10(max)));
    return new double[] {low, high <= low ? low * 10 : high};
  }

  private static int scale(double value, double[] range, int from, int to) {
    double fraction = (Math.log10(value) - Math.log10(range[0]))
        / (Math.log10(range[1]) - Math.log10(range[0]));
    return (int) Math.round(from + fraction * (to - from));
  }

  private void drawAxes(Graphics2D g, double[] xRange, double[] yRange) {
    int plotRight = WIDTH - RIGHT;
    int plotBottom = HEIGHT - BOTTOM;
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    for (double x = xRange[0]; x <= xRange[1] * 1.0001; x *= 10) {
      int px = scale(x, xRange, LEFT, plotRight);
      g.setColor(new Color(0xdddddd));
      g.drawLine(px, TOP, px, plotBottom);
      g.setColor(Color.BLACK);
      g.drawString(number(x), px - 10, plotBottom + 18);
    }
    for (double y = yRange[0]; y <= yRange[1] * 1.0001; y *= 10) {
      int py = scale(y, yRange, plotBottom, TOP);
      g.setColor(new Color(0xdddddd));
      g.drawLine(LEFT, py, plotRight, py);
      g.setColor(Color.BLACK);
      g.drawString(number(y), 10, py + 4);
    }
    g.drawRect(LEFT, TOP, plotRight - LEFT, plotBottom - TOP);
    g.drawString(xLabel + " (log scale)", LEFT, HEIGHT - 25);
    g.drawString(yLabel + " (log scale)", 10, TOP - 8);
  }

  private void drawSeries(Graphics2D g, double[] xRange, double[] yRange) {
    int plotRight = WIDTH - RIGHT;
    int plotBottom = HEIGHT - BOTTOM;
    int index = 0;
    for (Map.Entry<String, List<double[]>> entry : series.entrySet()) {
      Color color = COLORS[index % COLORS.length];
      g.setColor(color);
      g.setStroke(new BasicStroke(2.5f));
      int previousX = -1;
      int previousY = -1;
      for (double[] point : entry.getValue()) {
        int px = scale(point[0], xRange, LEFT, plotRight);
        int py = scale(point[1], yRange, plotBottom, TOP);
        g.fillOval(px - 4, py - 4, 8, 8);
        if (previousX >= 0) {
          g.drawLine(previousX, previousY, px, py);
        }
        previousX = px;
        previousY = py;
      }
      int legendY = TOP + 20 + index * 22;
      g.fillRect(plotRight + 15, legendY - 9, 18, 10);
      g.setColor(Color.BLACK);
      g.drawString(entry.getKey(), plotRight + 40, legendY);
      index++;
    }
  }

  private static String number(double value) {
    if (value >= 1_000_000) {
      return String.format(Locale.ROOT, "%.0fM", value / 1_000_000);
    }
    if (value >= 1_000) {
      return String.format(Locale.ROOT, "%.0fk", value / 1_000);
    }
    return value >= 1 ? String.format(Locale.ROOT, "%.0f", value)
        : String.format(Locale.ROOT, "%.2g", value);
  }
}
