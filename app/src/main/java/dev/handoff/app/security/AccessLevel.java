package dev.handoff.app.security;

/**
 * Levels of {@link Access}, from open to narrow. Store roles come from the store membership
 * ({@code store_members.role}); an instance admin ({@code agents.role = admin}) is an admin of every store.
 *
 * <table>
 * <caption>Answers of {@link AccessFilter}</caption>
 * <tr><th>level</th><th>no or expired session</th><th>agent of another store</th><th>store agent</th><th>store admin</th></tr>
 * <tr><td>PUBLIC</td><td>passes</td><td>passes</td><td>passes</td><td>passes</td></tr>
 * <tr><td>SIGNED_IN</td><td>401</td><td>passes</td><td>passes</td><td>passes</td></tr>
 * <tr><td>STORE_AGENT</td><td>401</td><td>404 (the store is not revealed)</td><td>passes</td><td>passes</td></tr>
 * <tr><td>STORE_ADMIN</td><td>401</td><td>404</td><td>403</td><td>passes</td></tr>
 * <tr><td>INSTANCE_ADMIN</td><td>401</td><td>403</td><td>403</td><td>403 (unless instance admin)</td></tr>
 * </table>
 */
public enum AccessLevel {
    /** No sign-in: shoppers (their visitor token is checked by the service), signed provider callbacks, login. */
    PUBLIC,
    /** Any agent with a live session. */
    SIGNED_IN,
    /** A member of the route's store, in any role. */
    STORE_AGENT,
    /** An admin of the route's store: integrations, mailboxes, webhooks, retention, export, members. */
    STORE_ADMIN,
    /** An instance admin: stores, agent accounts, reindexing, metrics. */
    INSTANCE_ADMIN
}
