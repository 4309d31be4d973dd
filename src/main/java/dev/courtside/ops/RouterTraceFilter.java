package dev.courtside.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * A logback filter that drops the TRACE lines of the Vert.x Web router. Vert.x Web 5.0 logs
 * "accepting request" with each request's full URI at TRACE, query string included, and a
 * client may put a token there ({@code /ingest/batch?token=...}). The filter applies whatever
 * level the configuration sets, so turning on TRACE does not log such a token through that
 * line.
 */
final class RouterTraceFilter extends TurboFilter {

  static final String ROUTER_LOGGER = "io.vertx.ext.web.impl.RouterImpl";

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format,
      Object[] params, Throwable t) {
    if (level == Level.TRACE && logger != null && ROUTER_LOGGER.equals(logger.getName())) {
      return FilterReply.DENY;
    }
    return FilterReply.NEUTRAL;
  }

  /**
   * Adds the filter to logback's context once. Without logback as the SLF4J binding, it does
   * nothing.
   */
  static void install() {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (!(factory instanceof LoggerContext context)) {
      return;
    }
    synchronized (RouterTraceFilter.class) {
      boolean present = context.getTurboFilterList().stream()
          .anyMatch(filter -> filter instanceof RouterTraceFilter);
      if (!present) {
        RouterTraceFilter filter = new RouterTraceFilter();
        filter.setContext(context);
        filter.start();
        context.addTurboFilter(filter);
      }
    }
  }
}
