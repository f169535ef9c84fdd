package io.sluice.daemon;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * Honours Flume's {@code -Dflume.root.logger=LEVEL,console|LOGFILE} (spec §2.1), which operators
 * rely on although Flume 1.11 itself ignores it: sets the root level, and with LOGFILE writes to
 * {@code ${flume.log.dir:-.}/${flume.log.file:-flume.log}} instead of the console.
 */
final class Logging {
    private Logging() {
    }

    static void applyFlumeRootLogger() {
        String spec = System.getProperty("flume.root.logger");
        if (spec == null || spec.isBlank()) {
            return;
        }
        String[] parts = spec.split(",");
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(parts[0].trim(), Level.INFO));
        if (parts.length > 1 && parts[1].trim().toUpperCase(Locale.ROOT).equals("LOGFILE")) {
            LoggerContext context = root.getLoggerContext();
            PatternLayoutEncoder encoder = new PatternLayoutEncoder();
            encoder.setContext(context);
            encoder.setPattern("%d{dd MMM yyyy HH:mm:ss,SSS} %-5level [%thread] (%logger{36}) - %msg%n");
            encoder.start();
            FileAppender<ILoggingEvent> file = new FileAppender<>();
            file.setContext(context);
            file.setName("LOGFILE");
            file.setFile(System.getProperty("flume.log.dir", ".") + "/" + System.getProperty("flume.log.file", "flume.log"));
            file.setEncoder(encoder);
            file.start();
            root.detachAndStopAllAppenders();
            root.addAppender(file);
        }
    }
}
