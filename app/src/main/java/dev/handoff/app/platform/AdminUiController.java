package dev.handoff.app.platform;

import dev.handoff.app.security.Access;
import dev.handoff.app.security.AccessLevel;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Hidden;

import java.net.URI;

/** Sends {@code /admin} and {@code /admin/} to the dashboard's page (static files cannot map a folder to its index). */
@Controller("/admin")
@Access(AccessLevel.PUBLIC)
@Hidden
class AdminUiController {

    @Get
    HttpResponse<?> root() {
        return HttpResponse.seeOther(URI.create("/admin/index.html"));
    }
}
