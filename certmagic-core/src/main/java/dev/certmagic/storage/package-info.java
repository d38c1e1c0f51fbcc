/**
 * Where certificates, keys, accounts and locks live: the {@link dev.certmagic.storage.Storage} and
 * {@link dev.certmagic.storage.Locker} SPIs, {@link dev.certmagic.storage.StorageKeys} (CertMagic's key layout)
 * and {@link dev.certmagic.storage.FileStorage}. API; the package-private classes implement the file backend.
 */
@NullMarked
package dev.certmagic.storage;

import org.jspecify.annotations.NullMarked;
