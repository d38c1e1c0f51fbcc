package dev.certmagic.internal.tls;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JVM-wide system properties one certificate manager set (JSSE reads some settings only from {@code jdk.tls.*}
 * properties), with what each held before, so that {@link #restore()} can put the JVM back as the manager found
 * it when the manager closes.
 *
 * <p>A property that someone else changed after the manager set it is left alone on restore (and logged): their
 * value is newer than ours and than the one we would restore. Thread-safe.
 */
public final class SystemPropertyChanges {

    private static final Logger LOG = LoggerFactory.getLogger(SystemPropertyChanges.class);

    /** What a property held before the first change ({@code null}: unset) and what it was set to last. */
    private record Change(String previous, String value) {
    }

    private final Map<String, Change> changes = new LinkedHashMap<>();

    /**
     * Sets a property, remembering the value it had before the first change made through this object.
     *
     * @param name the property
     * @param value the new value
     */
    public synchronized void set(String name, String value) {
        Objects.requireNonNull(value, "value");
        Change earlier = changes.get(name);
        String previous = earlier != null ? earlier.previous() : System.getProperty(name);
        // Insertion order is kept by remove + put, so restore() undoes the latest change first.
        changes.remove(name);
        changes.put(name, new Change(previous, value));
        System.setProperty(name, value);
    }

    /**
     * Sets a property only when it is unset (the operator's {@code -D} setting wins).
     *
     * @param name the property
     * @param value the value to set when it is unset
     * @return whether it was set
     */
    public synchronized boolean setIfUnset(String name, String value) {
        if (System.getProperty(name) != null) {
            return false;
        }
        set(name, value);
        return true;
    }

    /**
     * Returns the properties set through this object and not yet restored, in the order they were set.
     *
     * @return their names
     */
    public synchronized List<String> names() {
        return List.copyOf(changes.keySet());
    }

    /**
     * Puts every property set through this object back to its previous value, or clears it if it was unset; a
     * property that holds another value than the one set here is left as it is. Latest change first.
     */
    public synchronized void restore() {
        List<String> names = new ArrayList<>(changes.keySet());
        for (int i = names.size() - 1; i >= 0; i--) {
            String name = names.get(i);
            Change change = changes.get(name);
            String current = System.getProperty(name);
            if (!change.value().equals(current)) {
                LOG.info("Leaving system property {} as it is: it was changed after certmagic set it", name);
            } else if (change.previous() == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, change.previous());
            }
        }
        changes.clear();
    }
}
