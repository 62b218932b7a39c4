package dev.handoff.app.conversation;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.Optional;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface ContactRepository extends CrudRepository<Contact, UUID> {

    @Query("SELECT * FROM contacts WHERE store_id = :storeId AND lower(email) = lower(:email)")
    Optional<Contact> findByEmail(UUID storeId, String email);

    java.util.List<Contact> findByIdIn(java.util.List<UUID> ids);

    @Query("UPDATE contacts SET email = :email WHERE id = :id AND email IS NULL")
    void setEmailIfMissing(UUID id, String email);

    @Query("UPDATE contacts SET name = :name WHERE id = :id AND name IS NULL")
    void setNameIfMissing(UUID id, String name);

    @Query("UPDATE contacts SET name = NULL, email = NULL WHERE id = :id")
    void anonymise(UUID id);
}
