package dev.courtside.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Rows of one scenario's results, written as CSV and as a Markdown table. */
final class Table {

  final String name;
  final List<String> columns;
  final List<List<String>> rows = new ArrayList<>();

  Table(String name, String... columns) {
    this.name = name;
    this.columns = List.of(columns);
  }

  /** Adds a row; numbers are formatted with up to three significant decimals. */
  void add(Object... values) {
    if (values.length != columns.size()) {
      throw new IllegalArgumentException("Row of " + values.length + " values for table "
          + name + ": expected " + columns.size());
    }
    List<String> row = new ArrayList<>();
    for (Object value : values) {
      row.add(format(value));
    }
    rows.add(row);
  }

  static String format(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof Double d) {
      if (d.isNaN() || d.isInfinite()) {
        return "n/a";
      }
      double magnitude = Math.abs(d);
      if (magnitude >= 100 || d == Math.rint(d)) {
        return String.format(Locale.ROOT, "%.0f", d);
      }
      return String.format(Locale.ROOT, magnitude >= 10 ? "%.1f" : magnitude >= 1 ? "%.2f"
          : "%.3f", d);
    }
    return value.toString();
  }

  /** Returns the value of {@code column} in {@code row}. */
  String get(List<String> row, String column) {
    int index = columns.indexOf(column);
    if (index < 0) {
      throw new IllegalArgumentException("No column " + column + " in table " + name);
    }
    return row.get(index);
  }

  /** Writes the table as CSV to {@code dir/NAME.csv}. */
  Path writeCsv(Path dir) throws IOException {
    StringBuilder text = new StringBuilder(String.join(",", columns)).append('\n');
    for (List<String> row : rows) {
      List<String> quoted = new ArrayList<>();
      for (String cell : row) {
        quoted.add(cell.contains(",") || cell.contains("\"")
            ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell);
      }
      text.append(String.join(",", quoted)).append('\n');
    }
    Path file = dir.resolve(name + ".csv");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  /** Returns the table in Markdown. */
  String toMarkdown() {
    StringBuilder text = new StringBuilder();
    text.append("| ").append(String.join(" | ", columns)).append(" |\n|");
    text.append("---|".repeat(columns.size())).append('\n');
    for (List<String> row : rows) {
      text.append("| ").append(String.join(" | ", row)).append(" |\n");
    }
    return text.toString();
  }
}
