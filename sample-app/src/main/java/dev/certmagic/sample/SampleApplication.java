package dev.certmagic.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A tiny web application that gets HTTPS from the certmagic starter and {@code application.yml} alone.
 */
@SpringBootApplication
public class SampleApplication {

    /**
     * Starts the sample.
     *
     * @param args command-line arguments, passed to Spring Boot
     */
    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }
}
