package dev.certmagic.autoconfigure;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

import javax.sql.DataSource;

/**
 * The connections of {@code certmagic.storage.jdbc.url}: a new {@link DriverManager} connection per call, no
 * pool. Certificate storage is read at startup and written a few times a day, and the lock heartbeat opens one
 * connection every few seconds, so a pool would only hold idle connections (and a dependency) for nothing.
 * The password stays in this object: it is never part of a message.
 */
final class UrlDataSource implements DataSource {

    private final String url;
    private final String username;
    private final String password;
    private volatile int loginTimeoutSeconds;

    UrlDataSource(String url, String username, String password) {
        this.url = url;
        this.username = username;
        this.password = password;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return getConnection(username, password);
    }

    @Override
    public Connection getConnection(String user, String secret) throws SQLException {
        Properties info = new Properties();
        if (user != null) {
            info.setProperty("user", user);
        }
        if (secret != null) {
            info.setProperty("password", secret);
        }
        return DriverManager.getDriver(url).connect(url, info);
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // Drivers log through their own logging.
    }

    @Override
    public void setLoginTimeout(int seconds) {
        this.loginTimeoutSeconds = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeoutSeconds;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("Not a wrapper of " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }

    @Override
    public String toString() {
        return "UrlDataSource[" + url.replaceAll("(?i)(password=)[^&;]*", "$1***") + "]";
    }
}
