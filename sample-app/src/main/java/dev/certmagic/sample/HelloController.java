package dev.certmagic.sample;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Greets whoever arrives over HTTPS.
 */
@RestController
class HelloController {

    @GetMapping("/")
    String hello() {
        return "Hello, HTTPS visitor!";
    }
}
