package dev.certmagic.testsupport;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Optional;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * JUnit 5 extension behind {@link WithPebble}: starts one {@link Pebble} per test class before all its tests,
 * injects it into {@code static Pebble} fields and {@link Pebble} parameters, and stops it after all tests (a JVM
 * shutdown hook stops it too if the run is aborted).
 */
public final class PebbleExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(PebbleExtension.class);

    /**
     * Creates the extension; JUnit does this.
     */
    public PebbleExtension() {
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Class<?> testClass = context.getRequiredTestClass();
        WithPebble settings = AnnotationSupport.findAnnotation(testClass, WithPebble.class)
                .orElseThrow(() -> new ExtensionConfigurationException(
                        testClass.getName() + " uses PebbleExtension without @WithPebble"));
        Pebble pebble = Pebble.start(PebbleSettings.from(settings));
        context.getStore(NAMESPACE).put(testClass, pebble);
        for (Class<?> c = testClass; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (field.getType() == Pebble.class && Modifier.isStatic(field.getModifiers())) {
                    field.setAccessible(true);
                    field.set(null, pebble);
                }
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Pebble pebble = context.getStore(NAMESPACE).remove(context.getRequiredTestClass(), Pebble.class);
        if (pebble != null) {
            pebble.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == Pebble.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Optional<Class<?>> testClass = extensionContext.getTestClass();
        for (ExtensionContext c = extensionContext; c != null; c = c.getParent().orElse(null)) {
            Pebble pebble = c.getStore(NAMESPACE).get(c.getTestClass().orElse(null), Pebble.class);
            if (pebble != null) {
                return pebble;
            }
        }
        throw new ExtensionConfigurationException("No Pebble is running for " + testClass.map(Class::getName)
                .orElse("this context"));
    }
}
