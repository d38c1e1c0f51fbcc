package dev.certmagic.ondemand;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.certmagic.certificate.ManagedCertificate;

/**
 * Stands in for storage plus the CA: names in {@link #stored} are "loaded" without claiming the permit, others
 * claim it and are "ordered". Can be held at the order step until {@link #release()}, to build up concurrency.
 */
final class RecordingIssuer implements OnDemandIssuer {

    final Set<String> stored = ConcurrentHashMap.newKeySet();

    final List<String> calls = new CopyOnWriteArrayList<>();

    final List<String> orders = new CopyOnWriteArrayList<>();

    final AtomicInteger failures = new AtomicInteger();

    private final ManagedCertificate certificate;

    private final CountDownLatch gate;

    private volatile boolean failing;

    RecordingIssuer(ManagedCertificate certificate, boolean held) {
        this.certificate = certificate;
        this.gate = new CountDownLatch(held ? 1 : 0);
    }

    void failFromNowOn() {
        failing = true;
    }

    void release() {
        gate.countDown();
    }

    @Override
    public ManagedCertificate loadOrObtain(String name, OrderPermit permit) throws Exception {
        calls.add(name);
        if (stored.contains(name)) {
            return certificate;
        }
        permit.acquire();
        permit.acquire();
        orders.add(name);
        if (!gate.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("test issuer never released");
        }
        if (failing) {
            failures.incrementAndGet();
            throw new IllegalStateException("CA unreachable");
        }
        return certificate;
    }
}
