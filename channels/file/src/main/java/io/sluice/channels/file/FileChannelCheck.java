package io.sluice.channels.file;

import io.sluice.channels.file.io.NioStorage;
import io.sluice.channels.file.io.Storage;
import io.sluice.channels.file.replay.RecoveryReport;
import io.sluice.channels.file.replay.Replay;
import io.sluice.channels.file.replay.ReplayProgress;
import io.sluice.channels.file.wal.Pointer;
import io.sluice.channels.file.wal.checkpoint.CheckpointStore;
import io.sluice.channels.file.wal.checkpoint.CheckpointStore.Candidate;
import io.sluice.channels.file.wal.segment.Damage;
import io.sluice.channels.file.wal.segment.SegmentHeader;
import io.sluice.channels.file.wal.segment.SegmentScanner;
import io.sluice.channels.file.wal.segment.SegmentSet;
import io.sluice.channels.file.wal.segment.SegmentSet.Found;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code bin/agent filechannel-check --checkpointDir D --dataDirs D1,D2 [--backupCheckpointDir B]}:
 * reads a file channel's directories without changing anything (no lock taken, nothing truncated or
 * removed), verifies the checksum of every record of every segment and every checkpoint, and
 * reports counts, each damage with file and offset, and what the next start would recover and lose.
 * Exit code: 0 intact, 1 damage or loss found, 2 usage error.
 */
public final class FileChannelCheck {
    private static final Storage STORAGE = NioStorage.INSTANCE;

    private FileChannelCheck() {
    }

    public static int run(String[] args, PrintStream out) {
        Path checkpointDir = null;
        String dataDirs = null;
        Path backupDir = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--checkpointDir" -> checkpointDir = FileChannelConfig.dir(args[++i]);
                    case "--dataDirs" -> dataDirs = args[++i];
                    case "--backupCheckpointDir" -> backupDir = FileChannelConfig.dir(args[++i]);
                    case "-h", "--help" -> {
                        out.println(usage());
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (checkpointDir == null || dataDirs == null) {
                throw new IllegalArgumentException("--checkpointDir and --dataDirs are required");
            }
        } catch (ArrayIndexOutOfBoundsException | IllegalArgumentException e) {
            out.println("error: " + (e instanceof ArrayIndexOutOfBoundsException ? "an option lacks its value"
                    : e.getMessage()));
            out.println(usage());
            return 2;
        }
        try {
            return check(checkpointDir, FileChannelConfig.dataDirs(dataDirs), backupDir, out);
        } catch (IOException | RuntimeException e) {
            out.println("error: the check could not read the channel: " + e);
            return 1;
        }
    }

    static String usage() {
        return "Usage: bin/agent filechannel-check --checkpointDir DIR --dataDirs DIR[,DIR...] [--backupCheckpointDir DIR]\n"
                + "Verifies a Sluice file channel's segments and checkpoints without changing them.";
    }

    private static int check(Path checkpointDir, List<Path> dataDirs, Path backupDir, PrintStream out)
            throws IOException {
        int problems = 0;
        out.println("Sluice file channel check (read only): checkpointDir " + checkpointDir + ", dataDirs " + dataDirs
                + (backupDir == null ? "" : ", backupCheckpointDir " + backupDir));
        List<Path> dirs = new ArrayList<>(List.of(checkpointDir));
        dirs.addAll(dataDirs);
        if (backupDir != null) {
            dirs.add(backupDir);
        }
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                out.println("  " + dir + ": no such directory");
                problems++;
                continue;
            }
            if (inUse(dir)) {
                out.println("  " + dir + ": in use by a running channel; what follows may change while it is read");
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path aside : files.filter(f -> f.getFileName().toString().contains(".damaged-at-")).sorted()
                        .toList()) {
                    out.println("  " + aside + ": an unreadable log tail recovery kept aside (" + Files.size(aside)
                            + " bytes); the channel never reads it");
                }
            }
            List<String> flume = FlumeLeftovers.in(STORAGE, dir);
            if (!flume.isEmpty()) {
                out.println("  " + dir + ": holds Apache Flume file channel files (" + String.join(", ", flume)
                        + "); Sluice does not read them");
                problems++;
            }
        }

        CheckpointStore store = new CheckpointStore(STORAGE, checkpointDir, backupDir);
        List<Candidate> checkpoints = store.read();
        out.println("Checkpoints:");
        if (checkpoints.isEmpty()) {
            out.println("  none");
        }
        for (Candidate c : checkpoints) {
            out.println("  " + c.label() + " " + c.path() + ": " + (c.problem() != null ? "DAMAGED: " + c.problem()
                    : "intact, " + c.checkpoint().entries().size() + " events, replay from "
                    + Pointer.describe(c.checkpoint().position()) + ", written "
                    + Instant.ofEpochMilli(c.checkpoint().writtenMillis())));
        }
        for (Path t : store.leftovers()) {
            out.println("  " + t + ": temp file of an interrupted checkpoint write (the next start removes it)");
        }

        SegmentSet.Scan scan = SegmentSet.scan(STORAGE, dataDirs);
        problems += scan.duplicates().size();
        scan.duplicates().forEach(d -> out.println("  DAMAGED: " + d));
        long bytes = scan.segments().stream().mapToLong(Found::size).sum();
        out.println("Segments: " + scan.segments().size() + ", " + bytes + " bytes"
                + (scan.segments().isEmpty() ? "" : " (" + SegmentSet.fileName(scan.segments().get(0).id()) + " to "
                + SegmentSet.fileName(scan.segments().get(scan.segments().size() - 1).id()) + ")"));
        Counts counts = new Counts();
        try (SegmentSet segments = new SegmentSet(STORAGE, dataDirs, false, scan.segments())) {
            SegmentScanner scanner = new SegmentScanner();
            for (int i = 0; i < scan.segments().size(); i++) {
                Found f = scan.segments().get(i);
                if (f.header() == null) {
                    out.println("  DAMAGED: " + f.path() + ": unreadable segment header: " + f.problem());
                    problems++;
                }
                counts.last = i == scan.segments().size() - 1;
                scanner.scan(segments.get(f.id()).file(), f.id(), SegmentHeader.SIZE,
                        counts);
            }
            out.println("Records: " + counts.puts + " PUT (" + counts.events + " intact events), " + counts.takes
                    + " TAKE (" + counts.taken + " events taken); every checksum verified");
            for (Damage d : counts.damages) {
                boolean torn = d.kind() == Damage.Kind.CUT_OFF;
                out.println("  " + (torn ? "torn write at the end of the log (the next start truncates it): "
                        : "DAMAGED: ") + d.describe());
                if (!torn) {
                    problems++;
                }
            }

            Replay.Result r = Replay.run(STORAGE, scan, segments, checkpoints, false, new ReplayProgress("check"));
            RecoveryReport report = r.report();
            out.println("Next start: would recover " + report.liveEvents() + " events from " + report.recoveryPath()
                    + ", replaying " + report.replayedEvents() + " puts and takes");
            for (String rejected : report.rejectedCheckpoints()) {
                out.println("  would not use " + rejected);
            }
            for (String m : report.missingSegments()) {
                out.println("  MISSING: " + m);
                problems++;
            }
            if (report.lostEvents() > 0 || report.bound() == RecoveryReport.Bound.UNKNOWN) {
                out.println("  LOST: " + report.describeLost() + " cannot be recovered");
                problems++;
            }
        }
        out.println(problems == 0 ? "Result: intact" : "Result: " + problems + " problem(s) found");
        return problems == 0 ? 0 : 1;
    }

    /** True if another process holds the directory's lock file. */
    private static boolean inUse(Path dir) {
        Path lock = dir.resolve(DirectoryLock.FILE);
        if (!Files.exists(lock)) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.READ)) {
            FileLock l = ch.tryLock(0, Long.MAX_VALUE, true);
            if (l == null) {
                return true;
            }
            l.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Counts what a full scan sees. */
    private static final class Counts implements SegmentScanner.Visitor {
        long puts;
        long events;
        long takes;
        long taken;
        boolean last;
        final List<Damage> damages = new ArrayList<>();

        @Override
        public void putRecord(long recordPointer, long firstSeq, int count) {
            puts++;
        }

        @Override
        public void event(long seq, long pointer) {
            events++;
        }

        @Override
        public void take(long[] ranges, int count) {
            takes++;
            for (int i = 0; i < count; i++) {
                taken += ranges[2 * i + 1] - ranges[2 * i];
            }
        }

        @Override
        public void damage(Damage d) {
            // A cut-off write is only harmless at the very end of the log.
            damages.add(d.kind() == Damage.Kind.CUT_OFF && !last
                    ? new Damage(d.file(), d.offset(), d.reason() + ", in a segment that is not the last", d.unreadableEvents(),
                    Damage.Kind.DAMAGED) : d);
        }
    }
}
