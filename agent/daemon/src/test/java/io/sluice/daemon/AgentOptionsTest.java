package io.sluice.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** flume-ng agent's flags, as existing start scripts pass them. */
class AgentOptionsTest {

    @Test
    void flumeNgFlagsParseInShortAndLongForm() throws Exception {
        AgentOptions o = AgentOptions.parse(new String[] {"-n", "a1", "-c", "conf", "-f", "one.conf", "--conf-file", "two.conf",
            "--no-reload-conf", "-i", "5", "-Dsluice.test.flag=on"});
        assertEquals("a1", o.name());
        assertEquals(List.of(Path.of("one.conf"), Path.of("two.conf")), o.confFiles());
        assertEquals(Path.of("conf"), o.confDir());
        assertFalse(o.reload());
        assertEquals(5, o.pollIntervalSeconds());
        assertEquals("on", System.getProperty("sluice.test.flag"));
    }

    @Test
    void missingNameOrFileIsAUsageError() {
        assertThrows(AgentOptions.UsageException.class, () -> AgentOptions.parse(new String[] {"-f", "x.conf"}));
        assertThrows(AgentOptions.UsageException.class, () -> AgentOptions.parse(new String[] {"-n", "a1"}));
        assertThrows(AgentOptions.UsageException.class, () -> AgentOptions.parse(new String[] {"-n", "a1", "-f", "x", "extra"}));
    }

    @Test
    void helpListsEveryFlag() {
        String help = AgentOptions.help("validate");
        for (String flag : List.of("--name", "--conf-file", "--conf", "--no-reload-conf", "--poll-interval", "-D")) {
            assertTrue(help.contains(flag), flag + " missing from:\n" + help);
        }
    }
}
