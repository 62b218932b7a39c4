package dev.handoff.app.security;

import dev.handoff.app.platform.Problems;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.http.annotation.Status;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

import java.util.List;
import java.util.UUID;

/** Agent accounts (admins only). */
@Controller("/api/agents")
@Access(AccessLevel.INSTANCE_ADMIN)
@ExecuteOn(TaskExecutors.BLOCKING)
@SecurityRequirement(name = "bearer")
class AgentController {

    private final AuthService auth;

    AgentController(AuthService auth) {
        this.auth = auth;
    }

    /** Every agent. */
    @Get
    List<AgentView> list(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal a) {
        return auth.agents().stream().map(AgentView::of).toList();
    }

    /** Creates an agent: 201; 400 invalid; 409 email taken. Add them to stores with {@code PUT /api/stores/{id}/members/{agentId}}. */
    @Post
    @Status(HttpStatus.CREATED)
    AgentView create(@RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal a, @Body NewAgent body) {
        return AgentView.of(auth.createAgent(body.email(), body.name(), body.password(),
                "admin".equals(body.role()) ? Agent.Role.admin : Agent.Role.agent));
    }

    /** @param email login @param name display name @param password at least 12 characters (see {@link AuthService#checkPassword}) @param role {@code agent} (default) or {@code admin} */
    @Serdeable
    record NewAgent(String email, String name, String password, @Nullable String role) {
    }

    /** @param id agent id @param email login @param name display name @param role {@code agent} or {@code admin} */
    @Serdeable
    record AgentView(UUID id, String email, String name, String role) {
        static AgentView of(AgentPrincipal a) {
            return new AgentView(a.id(), a.email(), a.name(), a.admin() ? "admin" : "agent");
        }
    }
}
