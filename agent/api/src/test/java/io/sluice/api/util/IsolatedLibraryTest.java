package io.sluice.api.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.util.fixture.Shared;
import io.sluice.api.util.fixture.Side;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loader of a plug-in's library: over {@code lib/<dir>/*.jar} beside the plug-in's jar, child-first
 * for the given prefixes only, and not made at all when the library is already visible.
 */
class IsolatedLibraryTest {
    private static final String FIXTURE = "io.sluice.api.util.fixture.";

    @TempDir
    Path lib;

    /** Writes a jar of the named test classes, as they were compiled. */
    private static void jar(Path jar, Class<?>... classes) throws IOException {
        Files.createDirectories(jar.getParent());
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
            for (Class<?> c : classes) {
                String entry = c.getName().replace('.', '/') + ".class";
                j.putNextEntry(new JarEntry(entry));
                try (InputStream in = c.getClassLoader().getResourceAsStream(entry)) {
                    in.transferTo(j);
                }
                j.closeEntry();
            }
        }
    }

    private IsolatedLibrary library(String probe) throws IOException {
        Path pluginJar = lib.resolve("plugin.jar");
        jar(pluginJar);
        return new IsolatedLibrary("the fixture library", IsolatedLibraryTest.class, "fixture", probe, pluginJar,
                FIXTURE + "Side");
    }

    @Test
    void aVisibleProbeClassMeansThePluginsOwnLoaderAndNoNewOne() throws Exception {
        IsolatedLibrary library = library(Side.class.getName());
        assertSame(IsolatedLibraryTest.class.getClassLoader(), library.loader());
    }

    @Test
    void childFirstPrefixesComeFromTheLibraryJarsAndEverythingElseFromTheAgent() throws Exception {
        jar(lib.resolve("fixture/library.jar"), Side.class, Shared.class);
        IsolatedLibrary library = library("no.such.Probe");
        ClassLoader isolated = library.loader();
        ClassLoader agent = IsolatedLibraryTest.class.getClassLoader();
        assertNotSame(agent, isolated);
        assertSame(isolated, library.loader(), "one loader per library for the process");
        assertSame(isolated, isolated.loadClass(Side.class.getName()).getClassLoader(),
                "a child-first class comes from the library's jar although the agent has it too");
        assertSame(Shared.class, isolated.loadClass(Shared.class.getName()), "any other class is the agent's");
        assertSame(String.class, isolated.loadClass("java.lang.String"));
    }

    @Test
    void newInstanceRunsTheConstructorWithTheLibraryAsContextLoaderAndRestoresTheThreads() throws Exception {
        jar(lib.resolve("fixture/library.jar"), Side.class);
        IsolatedLibrary library = library("no.such.Probe");
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        @SuppressWarnings("unchecked")
        Supplier<ClassLoader> side = library.newInstance(Supplier.class, Side.class.getName(),
                new Class<?>[] {String.class}, "x");
        assertSame(library.loader(), side.getClass().getClassLoader());
        assertSame(library.loader(), side.get());
        assertSame(before, Thread.currentThread().getContextClassLoader());
        try (IsolatedLibrary.Context ignored = IsolatedLibrary.enterContextOf(side.getClass())) {
            assertSame(library.loader(), Thread.currentThread().getContextClassLoader());
        }
        assertSame(before, Thread.currentThread().getContextClassLoader());
    }

    @Test
    void aLibraryNeitherVisibleNorInItsDirectoryFailsNamingTheDirectory() throws Exception {
        IsolatedLibrary library = library("no.such.Probe");
        IOException e = assertThrows(IOException.class, library::loader);
        assertTrue(e.getMessage().contains(lib.resolve("fixture").toString()), e.getMessage());
        assertTrue(e.getMessage().startsWith("the fixture library's jars are neither on the class path nor in"),
                e.getMessage());
    }

    @Test
    void aClassMissingFromTheLibraryIsAnIoExceptionNamingIt() throws Exception {
        jar(lib.resolve("fixture/library.jar"), Side.class);
        IsolatedLibrary library = library("no.such.Probe");
        IOException e = assertThrows(IOException.class, () -> library.newInstance(Supplier.class,
                FIXTURE + "Missing", new Class<?>[0]));
        assertEquals(ClassNotFoundException.class, e.getCause().getClass());
        assertTrue(e.getMessage().contains(FIXTURE + "Missing"), e.getMessage());
    }
}
