package io.sluice.daemon;

import io.sluice.channels.file.FileChannelCheck;
import io.sluice.runtime.config.ComponentRegistry;
import io.sluice.runtime.config.ReferenceDoc;
import java.util.Arrays;

/**
 * The {@code bin/agent} entry point. The first word picks a sub-command ({@code validate},
 * {@code avro-client}, {@code filechannel-check}, {@code benchmark}, {@code reference}, {@code help});
 * anything else runs the agent, and a leading {@code agent} (or Flume's {@code node}) is accepted so
 * {@code flume-ng agent ...} scripts work with the binary renamed.
 * Exit codes: 0 clean stop, 2 usage or config error, 1 anything else.
 */
public final class Main {
    static final int EXIT_FAILURE = 1;
    static final int EXIT_CONFIG = 2;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        String command = args.length > 0 && !args[0].startsWith("-") ? args[0] : "agent";
        String[] rest = args.length > 0 && !args[0].startsWith("-") ? Arrays.copyOfRange(args, 1, args.length) : args;
        try {
            return switch (command) {
                case "agent", "node" -> RunCommand.run(rest);
                case "validate" -> ValidateCommand.run(rest);
                case "benchmark" -> BenchmarkCommand.run(rest);
                case "avro-client" -> AvroClientCommand.run(rest);
                case "warmup" -> WarmupCommand.run();
                case "filechannel-check" -> FileChannelCheck.run(rest, System.out);
                case "reference" -> {
                    System.out.print(ReferenceDoc.render(ComponentRegistry.load()));
                    yield 0;
                }
                case "help", "--help", "-h" -> {
                    System.out.println(usage());
                    yield 0;
                }
                default -> {
                    System.err.println("Unknown command '" + command + "'\n" + usage());
                    yield EXIT_CONFIG;
                }
            };
        } catch (AgentOptions.UsageException e) {
            if (e.getMessage() != null) {
                System.err.println("error: " + e.getMessage());
            }
            System.err.println(AgentOptions.help(command));
            return e.getMessage() == null ? 0 : EXIT_CONFIG;
        } catch (Exception e) {
            System.err.println("error: " + e);
            e.printStackTrace(System.err);
            return EXIT_FAILURE;
        }
    }

    static String usage() {
        return """
                Usage: bin/agent [agent] --conf-file FILE --name AGENT [-c DIR] [-Dkey=value] [--no-reload-conf]
                       bin/agent validate --conf-file FILE --name AGENT
                       bin/agent avro-client -H HOST -p PORT [-F FILE] [-R HEADERFILE] [--batch-size N]
                       bin/agent benchmark [--scenario NAME] [--events N] [--rounds R] [--hdfs-uri URI]
                       bin/agent filechannel-check --checkpointDir DIR --dataDirs DIR[,DIR...] [--backupCheckpointDir DIR]
                       bin/agent reference    (prints the configuration reference in Markdown)
                Runs or checks a Flume-format agent configuration.""";
    }
}
