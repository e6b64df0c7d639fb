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
        // Organisations' own rows, for those that read with their own tools: a minimal read model in
        // the database (students and placements, without names or birth dates), filled by a trigger
        // on `events` in the append's own transaction, with the position it has applied; row-level
        // security shows a school's or an enterprise's database role only its own rows. The DBA maps
        // a role to its organisation:
        //   CREATE ROLE school_s01 LOGIN PASSWORD '…'; SELECT registry_grant_organisation('school_s01', 'school', 'S01');
        // The registry's own role owns the tables and so is not subject to the policies; its
        // decisions use the SQLite read model, not these tables.
        """
        CREATE TABLE rm_applied (
            only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
            position bigint NOT NULL
        );
        INSERT INTO rm_applied (position) VALUES (0);
        CREATE TABLE rm_students (
            student_id text PRIMARY KEY,
            school_id text NOT NULL,
            major text NOT NULL,
            enrolled text NOT NULL,
            position bigint NOT NULL
        );
        CREATE TABLE rm_placements (
            placement_id text PRIMARY KEY,
            student_id text NOT NULL,
            school_id text NOT NULL,
            enterprise_id text NOT NULL,
            kind text NOT NULL,
            start_on text NOT NULL,
            end_on text NOT NULL,
            position bigint NOT NULL
        );
        CREATE TABLE rm_organisation_roles (
            role_name text PRIMARY KEY,
            kind text NOT NULL CHECK (kind IN ('school', 'enterprise')),
            organisation text NOT NULL
        );
        CREATE FUNCTION registry_project_event() RETURNS trigger LANGUAGE plpgsql AS $$
        \(projectionBody)
            UPDATE rm_applied SET position = NEW.position WHERE position < NEW.position;
            RETURN NULL;
        END $$;
        CREATE TRIGGER events_project AFTER INSERT ON events FOR EACH ROW EXECUTE FUNCTION registry_project_event();
        -- A database that already holds events (upgraded from version 2) is projected now.
        INSERT INTO rm_students
            SELECT DISTINCT ON (j->>'id') j->>'id', j->>'school', j->>'major', j->>'enrolled', position
            FROM (SELECT position, convert_from(payload, 'UTF8')::jsonb AS j FROM events WHERE type = 'StudentEnrolled') e
            ORDER BY j->>'id', position DESC;
        INSERT INTO rm_placements
            SELECT DISTINCT ON (j->>'id') j->>'id', j->>'student', j->>'school', j->>'enterprise', j->>'kind', j->>'start', j->>'end', position
            FROM (SELECT position, convert_from(payload, 'UTF8')::jsonb AS j FROM events WHERE type = 'PlacementRegistered') e
            ORDER BY j->>'id', position DESC;
        UPDATE rm_applied SET position = (SELECT coalesce(max(position), 0) FROM events);
        REVOKE ALL ON rm_applied, rm_students, rm_placements, rm_organisation_roles FROM PUBLIC;
        ALTER TABLE rm_organisation_roles ENABLE ROW LEVEL SECURITY;
        CREATE POLICY own_mapping ON rm_organisation_roles FOR SELECT USING (role_name = current_user);
        ALTER TABLE rm_students ENABLE ROW LEVEL SECURITY;
        CREATE POLICY own_students ON rm_students FOR SELECT USING (EXISTS (
            SELECT 1 FROM rm_organisation_roles r WHERE r.role_name = current_user AND r.kind = 'school' AND r.organisation = school_id));
        ALTER TABLE rm_placements ENABLE ROW LEVEL SECURITY;
        CREATE POLICY own_placements ON rm_placements FOR SELECT USING (EXISTS (
            SELECT 1 FROM rm_organisation_roles r WHERE r.role_name = current_user
            AND ((r.kind = 'school' AND r.organisation = school_id) OR (r.kind = 'enterprise' AND r.organisation = enterprise_id))));
        CREATE FUNCTION registry_grant_organisation(grantee text, organisation_kind text, organisation_id text) RETURNS void LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO rm_organisation_roles AS m VALUES (grantee, organisation_kind, organisation_id)
                ON CONFLICT ON CONSTRAINT rm_organisation_roles_pkey DO UPDATE SET kind = EXCLUDED.kind, organisation = EXCLUDED.organisation;
            EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', current_schema(), grantee);
            EXECUTE format('GRANT SELECT ON rm_applied, rm_students, rm_placements, rm_organisation_roles TO %I', grantee);
        END $$;
        REVOKE ALL ON FUNCTION registry_grant_organisation(text, text, text) FROM PUBLIC;
        """,
        // Personal-data keys (FORMAT.md §17), shared by every server of the database; never granted
        // to the inspector's or the organisations' roles.
        """
        CREATE TABLE personal_keys (
            subject text PRIMARY KEY,
            key_id text NOT NULL UNIQUE,
            key bytea CHECK (key IS NULL OR length(key) = 32),
            created bigint NOT NULL,
            destroyed bigint
        );
        CREATE TABLE personal_secrets (name text PRIMARY KEY, value bytea NOT NULL);
        REVOKE ALL ON personal_keys, personal_secrets FROM PUBLIC;
        """,
        // The servers' accounts, API tokens, sessions and login throttling (FORMAT.md, "The PostgreSQL
        // layout"), shared by every `registry serve` of the database so that a session begun on one
        // server is honoured by the others and an account added once logs in everywhere. Not derived
        // from the events (the log records only that an account changed, never a hash or a name), so
        // they are backed up with the database, never rebuilt. Session IDs and tokens are stored as
        // their SHA-256 only; never granted to the inspector's or the organisations' roles.
        """
        CREATE TABLE server_accounts (
            user_name text PRIMARY KEY,
            actor text NOT NULL,
            display_name text,
            salt bytea NOT NULL,
            scrypt_n bigint NOT NULL,
            scrypt_r bigint NOT NULL,
            scrypt_p bigint NOT NULL,
            hash bytea NOT NULL,
            disabled boolean NOT NULL DEFAULT false,
            must_change boolean NOT NULL DEFAULT true
        );
        CREATE TABLE server_tokens (
            token_hash text PRIMARY KEY,
            user_name text NOT NULL REFERENCES server_accounts ON DELETE CASCADE
        );
        CREATE TABLE server_sessions (
            id_hash text PRIMARY KEY,
            user_name text NOT NULL REFERENCES server_accounts ON DELETE CASCADE,
            actor text NOT NULL,
            csrf_token text NOT NULL,
            last_seen double precision NOT NULL
        );
        CREATE INDEX server_sessions_user ON server_sessions (user_name);
        CREATE TABLE server_login_throttle (
            user_name text PRIMARY KEY,
            failures text NOT NULL DEFAULT '',
            locked_until double precision
        );
        REVOKE ALL ON server_accounts, server_tokens, server_sessions, server_login_throttle FROM PUBLIC;
        """,
        // The organisations' read model for less of every append's time: the projection's function is
        // called only for the two event types it projects (the trigger's WHEN clause, checked without
        // entering PL/pgSQL), and `rm_applied`, which the function moved to every event's position in
        // the append's own transaction, always equalled the head: it is now a view of it, and no row
        // is updated per event. The organisations' roles keep their SELECT on it.
        """
        CREATE OR REPLACE FUNCTION registry_project_event() RETURNS trigger LANGUAGE plpgsql AS $$
        \(projectionBody)
            RETURN NULL;
        END $$;
        DROP TRIGGER events_project ON events;
        CREATE TRIGGER events_project AFTER INSERT ON events FOR EACH ROW
            WHEN (NEW.type IN ('StudentEnrolled', 'PlacementRegistered')) EXECUTE FUNCTION registry_project_event();
        DO $$
        DECLARE readers text[];
        DECLARE reader text;
        BEGIN
            SELECT coalesce(array_agg(DISTINCT a.grantee::regrole::text), '{}') INTO readers
            FROM pg_class c, aclexplode(c.relacl) a
            WHERE c.oid = 'rm_applied'::regclass AND a.privilege_type = 'SELECT' AND a.grantee <> 0 AND a.grantee <> c.relowner;
            DROP TABLE rm_applied;
            CREATE VIEW rm_applied AS SELECT only_row, position FROM registry_head;
            REVOKE ALL ON rm_applied FROM PUBLIC;
            FOREACH reader IN ARRAY readers LOOP
                EXECUTE format('GRANT SELECT ON rm_applied TO %s', reader);
            END LOOP;
        END $$;
        """,
    ]

    static var version: Int { migrations.count }

    /// The projection function's declarations and its two projected types (migrations 3 and 6; 3 also
    /// moved `rm_applied`).
    private static let projectionBody = """
        DECLARE p jsonb;
        BEGIN
            IF NEW.type = 'StudentEnrolled' THEN
                p := convert_from(NEW.payload, 'UTF8')::jsonb;
                INSERT INTO rm_students VALUES (p->>'id', p->>'school', p->>'major', p->>'enrolled', NEW.position)
                    ON CONFLICT (student_id) DO UPDATE SET school_id = EXCLUDED.school_id, major = EXCLUDED.major,
                        enrolled = EXCLUDED.enrolled, position = EXCLUDED.position;
            ELSIF NEW.type = 'PlacementRegistered' THEN
                p := convert_from(NEW.payload, 'UTF8')::jsonb;
                INSERT INTO rm_placements VALUES (p->>'id', p->>'student', p->>'school', p->>'enterprise', p->>'kind',
                                                  p->>'start', p->>'end', NEW.position)
                    ON CONFLICT (placement_id) DO UPDATE SET student_id = EXCLUDED.student_id, school_id = EXCLUDED.school_id,
                        enterprise_id = EXCLUDED.enterprise_id, kind = EXCLUDED.kind, start_on = EXCLUDED.start_on,
                        end_on = EXCLUDED.end_on, position = EXCLUDED.position;
            END IF;
        """

    /// The statement that makes the version table; harmless when it exists.
    static let versionTable = """
        CREATE TABLE IF NOT EXISTS registry_schema (
            version integer NOT NULL,
            store_id text NOT NULL,
            migrated_at timestamptz NOT NULL DEFAULT now()
        )
        """
}
