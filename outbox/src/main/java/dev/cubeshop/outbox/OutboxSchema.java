package dev.cubeshop.outbox;

import javax.sql.DataSource;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/**
 * Creates the outbox tables in the service's own database at start-up, from this module's migrations, tracked in a
 * history table of their own ({@code outbox_schema_history}). One definition serves every service, and the plumbing's
 * schema evolves independently of each service's numbered migrations.
 */
@ApplicationScoped
public class OutboxSchema {
    private static final Logger LOG = Logger.getLogger(OutboxSchema.class);

    void migrate(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent startup,
            DataSource dataSource) {
        var result = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/outbox")
                .table("outbox_schema_history")
                // The service's own migrations have usually run already: the schema is not empty, and that is fine.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
        if (result.migrationsExecuted > 0) {
            LOG.infof("Outbox schema migrated to version %s", result.targetSchemaVersion);
        }
    }
}
