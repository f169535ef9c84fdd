package io.sluice.daemon;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * The flags of {@code flume-ng agent} that Sluice accepts (spec §2.1), so an existing start script
 * keeps working: -n/--name, -f/--conf-file (repeatable), -c/--conf, -Dk=v, --no-reload-conf,
 * -i/--poll-interval. Parsed with Commons CLI, as Flume does.
 */
record AgentOptions(String name, List<Path> confFiles, Path confDir, boolean reload, Integer pollIntervalSeconds) {

    static final Options OPTIONS = new Options()
            .addOption(Option.builder("n").longOpt("name").hasArg().argName("agent").desc("name of the agent to run (required)").build())
            .addOption(Option.builder("f").longOpt("conf-file").hasArg().argName("file").desc("Flume properties file; repeatable, later files override earlier ones (required)").build())
            .addOption(Option.builder("c").longOpt("conf").hasArg().argName("dir").desc("configuration directory (logback.xml, sluice-env.sh/flume-env.sh, Hadoop's core-site.xml and hdfs-site.xml)").build())
            .addOption(Option.builder().longOpt("no-reload-conf").desc("do not watch the config file for changes").build())
            .addOption(Option.builder("i").longOpt("poll-interval").hasArg().argName("seconds").desc("how often to check the config file for changes (default 30)").build())
            .addOption(Option.builder("D").hasArgs().valueSeparator('=').argName("key=value").desc("set a system property (also usable as ${key} in the config)").build())
            .addOption(Option.builder("h").longOpt("help").desc("print this help").build());

    /** Parses, applies -D properties, and checks what is required; throws UsageException on misuse. */
    static AgentOptions parse(String[] args) throws UsageException {
        CommandLine cl;
        try {
            cl = new DefaultParser().parse(OPTIONS, args);
        } catch (ParseException e) {
            throw new UsageException(e.getMessage());
        }
        if (cl.hasOption("h")) {
            throw new UsageException(null);
        }
        if (!cl.getArgList().isEmpty()) {
            throw new UsageException("unexpected argument(s): " + String.join(" ", cl.getArgList()));
        }
        Properties defines = cl.getOptionProperties("D");
        defines.forEach((k, v) -> System.setProperty((String) k, (String) v));
        if (!cl.hasOption("n")) {
            throw new UsageException("missing --name: which agent of the config file to run");
        }
        if (!cl.hasOption("f")) {
            throw new UsageException("missing --conf-file: the Flume properties file to run");
        }
        List<Path> files = new ArrayList<>();
        for (String f : cl.getOptionValues("f")) {
            files.add(Path.of(f));
        }
        Integer poll = null;
        if (cl.hasOption("i")) {
            try {
                poll = Integer.parseInt(cl.getOptionValue("i"));
            } catch (NumberFormatException e) {
                throw new UsageException("--poll-interval needs a whole number of seconds, got " + cl.getOptionValue("i"));
            }
        }
        Path confDir = cl.hasOption("c") ? Path.of(cl.getOptionValue("c")) : null;
        return new AgentOptions(cl.getOptionValue("n"), files, confDir, !cl.hasOption("no-reload-conf"), poll);
    }

    static String help(String command) {
        StringWriter out = new StringWriter();
        try (PrintWriter writer = new PrintWriter(out)) {
            new HelpFormatter().printHelp(writer, 100, "bin/agent " + command + " --conf-file FILE --name AGENT [options]",
                    "", OPTIONS, 2, 4, "");
        }
        return out.toString();
    }

    /** Bad command-line use: exit code 2 with the message and the help text. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }
}
