/// The registry's tables in PostgreSQL, created by numbered migrations (`registry init`).
///
/// `registry_schema` records the version reached and the store's identity (a random ID made once,
/// which names the local read-model cache so that a database dropped and made again never meets
/// the old cache). Each migration runs in one transaction with the version bump; a store opened by
/// a binary that knows fewer migrations than the database has refuses to write.
/// `EventLog/FORMAT.md` ("The PostgreSQL layout") describes the tables.
enum PostgresSchema {
    /// The migrations, in order: migration n brings the schema from version n-1 to n.
    static let migrations: [String] = [
        """
        CREATE TABLE registry_head (
            only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
            position bigint NOT NULL,
            hash bytea NOT NULL,
            recorded_at bigint NOT NULL
        );
        INSERT INTO registry_head (position, hash, recorded_at) VALUES (0, decode(repeat('00', 32), 'hex'), 0);
        CREATE TABLE events (
            position bigint PRIMARY KEY CHECK (position > 0),
            stream_id text NOT NULL,
            stream_version bigint NOT NULL CHECK (stream_version > 0),
            event_id uuid NOT NULL,
            command_id text NOT NULL,
            actor text NOT NULL,
            recorded_at bigint NOT NULL,
            type text NOT NULL,
            schema_version integer NOT NULL,
            group_index integer NOT NULL,
            group_size integer NOT NULL,
            payload bytea NOT NULL,
            hash bytea NOT NULL,
            UNIQUE (stream_id, stream_version)
        );
        CREATE INDEX events_recorded_at ON events (recorded_at);
        CREATE TABLE streams (
            stream_id text PRIMARY KEY,
            version bigint NOT NULL
        );
        CREATE TABLE commands (
            command_id text PRIMARY KEY,
            first_position bigint NOT NULL,
            last_position bigint NOT NULL,
            stream_version bigint NOT NULL
        );
        CREATE FUNCTION registry_events_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'events are append-only: % on the events table is refused', TG_OP
                USING ERRCODE = 'insufficient_privilege';
        END $$;
        CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
            FOR EACH ROW EXECUTE FUNCTION registry_events_are_append_only();
        CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
            FOR EACH STATEMENT EXECUTE FUNCTION registry_events_are_append_only();
        """,
        // Roles: the registry's own role (the one that ran `init`) owns the tables; an inspector's
        // database role is given SELECT and nothing else by the database administrator:
        //   CREATE ROLE inspector_i01 LOGIN PASSWORD '…'; SELECT registry_grant_inspector('inspector_i01');
        """
        REVOKE ALL ON registry_schema, registry_head, events, streams, commands FROM PUBLIC;
        CREATE FUNCTION registry_grant_inspector(role_name text) RETURNS void LANGUAGE plpgsql AS $$
        BEGIN
            EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', current_schema(), role_name);
            EXECUTE format('GRANT SELECT ON registry_schema, registry_head, events, streams, commands TO %I', role_name);
        END $$;
        REVOKE ALL ON FUNCTION registry_grant_inspector(text) FROM PUBLIC;
        """,
    ]

    static var version: Int { migrations.count }

    /// The statement that makes the version table; harmless when it exists.
    static let versionTable = """
        CREATE TABLE IF NOT EXISTS registry_schema (
            version integer NOT NULL,
            store_id text NOT NULL,
            migrated_at timestamptz NOT NULL DEFAULT now()
        )
        """
}
