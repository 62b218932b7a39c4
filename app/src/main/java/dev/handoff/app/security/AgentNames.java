package dev.handoff.app.security;

import jakarta.inject.Singleton;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** How an agent is named to shoppers: their first name only (the dashboard shows full names). */
@Singleton
public class AgentNames {

    private final AgentRepository agents;

    AgentNames(AgentRepository agents) {
        this.agents = agents;
    }

    /** @return the agent's first name (the first word of their name), or empty for an unknown id or a blank name */
    public Optional<String> firstName(UUID agentId) {
        return agents.findById(agentId).map(Agent::name).map(String::strip).filter(n -> !n.isEmpty())
                .map(n -> n.split("\\s+")[0]).map(n -> n.substring(0, 1).toUpperCase(Locale.ROOT) + n.substring(1));
    }
}
