package dev.courtside.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;

/**
 * The metrics of one Courtside process in a Prometheus registry of its own, so several servers
 * in one JVM (tests, a cluster on one machine) never share gauges.
 */
public final class Metrics implements AutoCloseable {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
  private final List<DoubleSupplier> sources = new CopyOnWriteArrayList<>();

  /** Creates a registry with the JVM and process metrics bound. */
  public Metrics() {
    new JvmMemoryMetrics().bindTo(registry);
    gcMetrics.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** Registers a gauge read when scraped. */
  public void gauge(String name, String description, DoubleSupplier value, String... tags) {
    // Strong references: Micrometer holds gauge sources weakly, and these lambdas have no
    // other owner, so they would be collected and read as NaN.
    Gauge.builder(name, value, DoubleSupplier::getAsDouble).description(description).tags(tags)
        .strongReference(true).register(registry);
  }

  /** Registers a counter whose total is read when scraped. */
  public void functionCounter(String name, String description, DoubleSupplier total,
      String... tags) {
    // Kept here because Micrometer holds counter sources weakly, like gauge sources.
    sources.add(total);
    FunctionCounter.builder(name, total, DoubleSupplier::getAsDouble).description(description)
        .tags(tags).register(registry);
  }

  /** Registers a gauge that is 1 while {@code up} returns true, else 0. */
  public void health(String name, String description, BooleanSupplier up) {
    gauge(name, description, () -> up.getAsBoolean() ? 1 : 0);
  }

  /** Returns a counter, creating it on first use. */
  public Counter counter(String name, String description, String... tags) {
    return Counter.builder(name).description(description).tags(tags).register(registry);
  }

  /**
   * Returns a timer with histogram buckets suited to delivery latency, from which Prometheus
   * computes quantiles of one node or of several ({@code histogram_quantile}).
   */
  public Timer latency(String name, String description, String... tags) {
    // No client-side percentiles: with buckets on, the Prometheus registry of Micrometer 1.17
    // drops the quantile series.
    return Timer.builder(name).description(description).tags(tags)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(10_000))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry);
  }

  /** Returns the current values in the Prometheus text format. */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    gcMetrics.close();
    registry.close();
  }
}
