package dev.handoff.app.store;

import dev.handoff.app.platform.Problems;
import dev.handoff.app.security.AgentPrincipal;
import dev.handoff.app.security.StoreRole;
import java.util.Map;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Stores (tenants), their members and the tenant check every admin request passes through. */
@Singleton
public class StoreService {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final StoreRepository stores;
    private final JdbcOperations jdbc;
    private final Clock clock;

    StoreService(StoreRepository stores, JdbcOperations jdbc, Clock clock) {
        this.stores = stores;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Creates a store with a random widget key, or with {@code widgetKey} when given.
     *
     * @param name      display name, 1..200 characters
     * @param widgetKey the key to use, or {@code null} for a random one
     * @param creatorId the agent who becomes its first member, as its admin
     * @return the store
     */
    @Transactional
    public Store create(String name, String widgetKey, UUID creatorId) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw Problems.badRequest("Store name must be 1 to 200 characters");
        }
        String key = widgetKey != null ? widgetKey : "wk_" + HexFormat.of().formatHex(randomBytes(12));
        Store store = stores.save(new Store(UUID.randomUUID(), name.strip(), key, 1001, clock.instant()));
        if (creatorId != null) {
            stores.addMember(store.id(), creatorId);
            stores.updateRole(store.id(), creatorId, StoreRole.admin.name());
        }
        return store;
    }

    /** @return the store with this id, if any */
    public Optional<Store> find(UUID storeId) {
        return stores.findById(storeId);
    }

    /** Adds an agent to the store's members as an agent (idempotent; an existing member keeps their role). */
    @Transactional
    public void addMember(UUID storeId, UUID agentId) {
        addMember(storeId, agentId, null);
    }

    /**
     * Adds an agent to the store's members, or changes their role.
     *
     * @param role the role, or {@code null}: {@code agent} for a new member, unchanged for an existing one
     * @throws io.micronaut.http.exceptions.HttpStatusException 409 when this would leave the store without an admin
     */
    @Transactional
    public void addMember(UUID storeId, UUID agentId, StoreRole role) {
        if (!stores.isMember(storeId, agentId)) {
            stores.addMember(storeId, agentId);
        }
        if (role != null) {
            if (role == StoreRole.agent && isLastAdmin(storeId, agentId)) {
                throw Problems.conflict("The store's last admin cannot become an agent; make another member admin first");
            }
            stores.updateRole(storeId, agentId, role.name());
        }
    }

    /**
     * Removes an agent from the store's members.
     *
     * @throws io.micronaut.http.exceptions.HttpStatusException 404 when not a member; 409 for the store's last admin
     */
    @Transactional
    public void removeMember(UUID storeId, UUID agentId) {
        if (!stores.isMember(storeId, agentId)) {
            throw Problems.notFound("Member");
        }
        if (isLastAdmin(storeId, agentId)) {
            throw Problems.conflict("The store's last admin cannot be removed; make another member admin first");
        }
        stores.removeMember(storeId, agentId);
    }

    private boolean isLastAdmin(UUID storeId, UUID agentId) {
        Map<UUID, StoreRole> roles = memberRoles(storeId);
        return roles.get(agentId) == StoreRole.admin && roles.values().stream().filter(r -> r == StoreRole.admin).count() == 1;
    }

    /** @return each member of the store with their role in it */
    @Transactional
    public Map<UUID, StoreRole> memberRoles(UUID storeId) {
        Map<UUID, StoreRole> roles = new java.util.LinkedHashMap<>();
        jdbc.prepareStatement("SELECT agent_id, role FROM store_members WHERE store_id = ? ORDER BY agent_id", statement -> {
            statement.setObject(1, storeId);
            try (var rs = statement.executeQuery()) {
                while (rs.next()) {
                    roles.put(rs.getObject(1, UUID.class), StoreRole.valueOf(rs.getString(2)));
                }
            }
            return null;
        });
        return roles;
    }

    /** @return the store's display name, or {@code the store} for an unknown id (prompts, emails, pages) */
    public String nameOf(UUID storeId) {
        return stores.findById(storeId).map(Store::name).orElse("the store");
    }

    /** @return the ids of the store's members (agents working in it) */
    public List<UUID> memberIds(UUID storeId) {
        return stores.findMemberIds(storeId);
    }

    /** @return the store embedded with {@code widgetKey}, if any */
    public Optional<Store> findByWidgetKey(String widgetKey) {
        return stores.findByWidgetKey(widgetKey);
    }

    /** @return the stores the agent works in; admins see every store */
    public List<Store> storesFor(AgentPrincipal agent) {
        return agent.admin() ? stores.findAllOrdered() : stores.findForAgent(agent.id());
    }

    /**
     * The tenant check: the store exists and the agent may see it.
     *
     * @return the store
     * @throws io.micronaut.http.exceptions.HttpStatusException 404 otherwise (never revealing whether it exists)
     */
    public Store requireAccess(AgentPrincipal agent, UUID storeId) {
        Optional<Store> store = stores.findById(storeId);
        if (store.isEmpty() || !(agent.admin() || stores.isMember(storeId, agent.id()))) {
            throw Problems.notFound("Store");
        }
        return store.get();
    }

    /**
     * Takes the next human-friendly ticket number of a store (1001, 1002, ...), atomically.
     */
    @Transactional
    public int takeTicketNumber(UUID storeId) {
        return jdbc.prepareStatement(
                "UPDATE stores SET next_ticket_number = next_ticket_number + 1 WHERE id = ? RETURNING next_ticket_number - 1",
                statement -> {
                    statement.setObject(1, storeId);
                    try (var rs = statement.executeQuery()) {
                        if (!rs.next()) {
                            throw Problems.notFound("Store");
                        }
                        return rs.getInt(1);
                    }
                });
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
