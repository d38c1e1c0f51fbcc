package dev.certmagic.event;

import java.time.Instant;
import java.util.List;

/**
 * A storage sweep removed what no instance needs any more (Go CertMagic's {@code CleanStorage}); published only when
 * it removed something. One instance of a cluster sweeps per interval, so peers see no event for it.
 *
 * @param names the names whose expired certificate (chain, key and metadata) was removed
 * @param staples how many stale OCSP staples were removed
 * @param retries how many retry records of names no longer managed were removed
 * @param challenges how many abandoned challenge records were removed
 * @param time when the sweep ran
 */
public record StorageCleanedEvent(List<String> names, int staples, int retries, int challenges, Instant time)
        implements CertificateEvent {

    /**
     * Copies the names.
     *
     * @param names the names whose expired certificate was removed
     * @param staples stale OCSP staples removed
     * @param retries retry records removed
     * @param challenges challenge records removed
     * @param time when the sweep ran
     */
    public StorageCleanedEvent {
        names = List.copyOf(names);
    }
}
