package dev.handoff.app.analytics;

import dev.handoff.app.security.Access;
import dev.handoff.app.security.AccessLevel;

import dev.handoff.app.security.AgentPrincipal;
import dev.handoff.app.store.StoreService;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/** {@code GET /api/stores/{storeId}/export}: the store's conversations with messages, tickets and ratings as JSON lines. */
@Controller("/api/stores/{storeId}/export")
@Access(AccessLevel.STORE_ADMIN)
@ExecuteOn(TaskExecutors.BLOCKING)
@SecurityRequirement(name = "bearer")
class ExportController {

    private static final MediaType NDJSON = new MediaType("application/x-ndjson");

    private final StoreService stores;
    private final ExportService export;

    ExportController(StoreService stores, ExportService export) {
        this.stores = stores;
        this.export = export;
    }

    @Get
    HttpResponse<StreamedFile> export(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent, UUID storeId) throws IOException {
        stores.requireAccess(agent, storeId);
        Path file = export.export(storeId);
        InputStream in = new FileInputStream(file.toFile());
        Files.delete(file); // the open stream keeps the data until it is read (POSIX)
        return HttpResponse.ok(new StreamedFile(in, NDJSON)).header("Content-Disposition", "attachment; filename=\"handoff-export.jsonl\"");
    }
}
