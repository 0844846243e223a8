package io.cryptostream.bench;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Finds, by name, the concrete classes of a package tree that implement an interface and have a public no-argument
 * constructor, in the jar or directory the interface was loaded from. This is how the bench picks up every venue's
 * codec and simulator protocol as they are added: a new venue needs no bench change.
 */
final class ClasspathClasses {

    private ClasspathClasses() {
    }

    /** An instance and the name it is reported under, e.g. "Binance (US)". */
    record Named<T>(String name, T instance) {
    }

    /**
     * Instances of the implementations of {@code type} under {@code packagePrefix} whose simple name ends with
     * {@code suffix}, named by that simple name without the suffix. A class whose only constructors take one enum
     * (a venue's variants, e.g. Binance spot and US) is instantiated once per constant; other classes that need
     * arguments are left out and listed in {@code skipped}.
     */
    static <T> List<Named<T>> instances(Class<T> type, String packagePrefix, String suffix, List<String> skipped) {
        List<Named<T>> found = new ArrayList<>();
        for (String className : classNames(type, packagePrefix, suffix)) {
            try {
                Class<?> candidate = Class.forName(className, false, type.getClassLoader());
                if (!type.isAssignableFrom(candidate) || candidate.isInterface()
                        || Modifier.isAbstract(candidate.getModifiers()) || !Modifier.isPublic(candidate.getModifiers())) {
                    continue;
                }
                String name = candidate.getSimpleName().replaceFirst(suffix + "$", "");
                Constructor<?> noArguments = constructor(candidate);
                if (noArguments != null) {
                    found.add(new Named<>(name, type.cast(noArguments.newInstance())));
                    continue;
                }
                Constructor<?> byEnum = Arrays.stream(candidate.getConstructors())
                        .filter(c -> c.getParameterCount() == 1 && c.getParameterTypes()[0].isEnum())
                        .findFirst().orElse(null);
                if (byEnum == null) {
                    skipped.add(candidate.getSimpleName() + " (its constructors need arguments)");
                    continue;
                }
                for (Object constant : byEnum.getParameterTypes()[0].getEnumConstants()) {
                    found.add(new Named<>(name + " (" + constant + ")", type.cast(byEnum.newInstance(constant))));
                }
            } catch (ReflectiveOperationException | LinkageError e) {
                throw new IllegalStateException("Cannot instantiate " + className + " as a " + type.getSimpleName()
                        + ": " + e, e);
            }
        }
        found.sort(Comparator.comparing(Named::name));
        return found;
    }

    private static Constructor<?> constructor(Class<?> candidate) {
        try {
            return candidate.getConstructor();
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static List<String> classNames(Class<?> type, String packagePrefix, String suffix) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null) {
            return List.of();
        }
        String prefix = packagePrefix.replace('.', '/') + "/";
        List<String> names = new ArrayList<>();
        try {
            Path location = Path.of(source.getLocation().toURI());
            if (Files.isDirectory(location)) {
                try (Stream<Path> files = Files.walk(location.resolve(prefix))) {
                    files.map(file -> location.relativize(file).toString().replace('\\', '/'))
                            .filter(name -> matches(name, suffix))
                            .forEach(name -> names.add(toClassName(name)));
                }
            } else {
                try (JarFile jar = new JarFile(location.toFile())) {
                    jar.stream().map(JarEntry::getName)
                            .filter(name -> name.startsWith(prefix) && matches(name, suffix))
                            .forEach(name -> names.add(toClassName(name)));
                }
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("Cannot list the classes of " + source.getLocation() + ": " + e, e);
        }
        return names;
    }

    private static boolean matches(String entry, String suffix) {
        return entry.endsWith(suffix + ".class") && !entry.contains("$");
    }

    private static String toClassName(String entry) {
        return entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
    }
}
