package dev.handoff.app.platform;

import dev.handoff.app.security.Access;
import dev.handoff.app.security.AccessLevel;

import io.micronaut.core.io.ResourceResolver;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Hidden;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Serves the OpenAPI 3 document that micronaut-openapi generates at compile time, at {@code /openapi.yml}. */
@Controller
@Access(AccessLevel.PUBLIC)
@Hidden
class OpenApiController {

    private static final String DOCUMENT = "classpath:META-INF/swagger/handoff-1.yml";
    private final byte[] document;

    OpenApiController(ResourceResolver resources) {
        try (InputStream in = resources.getResourceAsStream(DOCUMENT).orElseThrow(() -> new IllegalStateException(DOCUMENT + " not generated"))) {
            this.document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Get(value = "/openapi.yml", produces = "application/yaml")
    HttpResponse<byte[]> openapi() {
        return HttpResponse.ok(document).contentType(MediaType.of("application/yaml"));
    }
}
