"""The department server's tables (schema version 1; version 2 adds `counts`), their indexes and
the triggers that keep them append-only.

Everything lives in the PostgreSQL schema `brightline`:

  schema_version   one row per migration applied (version, when, by whom)
  server_info      department_id (32 hex digits, random, made by init-server), created_at
  machine          an enrolled machine: name, unit, and the PostgreSQL account that enrolled it
                   (only that account may send for it)
  machine_key      the Ed25519 public keys enrolled for a machine: one per operating-system account
                   that syncs from it (several officers' accounts share a booking workstation's log)
  machine_log      the contact log a machine sends (its log id); one per machine, so a machine
                   that comes back with another log is refused, never merged
  contact          every machine's records: (log_id, seq) is the record's global identity; body,
                   hash and previous hash exactly as the machine hashed them; the salted free texts
                   beside them (erasable by a redaction); the columns views filter by, taken by the
                   server from the body (never from the client); `row_id` orders records as they
                   arrived; `unit` is the unit the machine named when it sent the record. The
                   audit report sums the counts kept as records arrive (`counts`, schema 2) and
                   reads the months a period covers in part from the index in time order, which
                   carries every column it groups by (an index-only scan, no record read);
                   `verify` checks those columns against the bodies and the counts against the
                   columns, so the report's figures are what the bodies say
  checkpoint       signed checkpoints: those a machine signed over each batch it sent (`sync`,
                   verified by the server on arrival) and those its log took every 100 records
                   (`log`, kept as evidence and verified by `log verify --department`)
  sync             one row per accepted batch: machine, log, first and last record, key, when
  check_in         one row per sync run: the machine's own count of records, training records
                   and acknowledgments at that moment, and its clock; what the audit report's
                   "unsent records" and "last synced" come from
  refusal          what the server refused and why (a log cut short, rewritten or replaced, a bad
                   signature, an unknown key ...): the table the audit report reads
  training_result  training records, in tables of their own, never mixed with contacts
  acknowledgment   officers' acknowledgments of signed pack releases

Append-only: a trigger on every table refuses UPDATE, DELETE and TRUNCATE for everyone, the
owner included. The one change allowed is the erasure of a salted free text of a contact (and of
its words in `search`) when a redaction record naming that field of that record is on the server;
`functions.ingest_contacts` does it when the redaction arrives. Machine accounts have no INSERT
or UPDATE grant at all: they add rows only through the checking functions (`functions`).
Text columns the views sort and compare by use the "C" collation, so ranges and orders are those
of the machines' SQLite logs (byte order), whatever the database's locale.
"""

TABLES_SQL = r"""
CREATE TABLE brightline.schema_version (
    version integer PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now(),
    applied_by name NOT NULL DEFAULT session_user
);

CREATE TABLE brightline.server_info (
    key text PRIMARY KEY,
    value text NOT NULL
);

CREATE TABLE brightline.machine (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text COLLATE "C" NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100 AND name !~ '[[:cntrl:]]'),
    unit text NOT NULL DEFAULT '' CHECK (length(unit) <= 100),
    account name NOT NULL,
    enrolled_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE brightline.machine_key (
    key_id text PRIMARY KEY,
    machine_id integer NOT NULL REFERENCES brightline.machine (id),
    public_key bytea NOT NULL UNIQUE,
    os_account text NOT NULL DEFAULT '' CHECK (length(os_account) <= 200),
    enrolled_by name NOT NULL DEFAULT session_user,
    enrolled_at timestamptz NOT NULL DEFAULT now(),
    CHECK (length(public_key) = 32 AND key_id = left(encode(sha256(public_key), 'hex'), 16))
);

CREATE TABLE brightline.machine_log (
    log_id text PRIMARY KEY CHECK (log_id ~ '^[0-9a-f]{32}$'),
    machine_id integer NOT NULL UNIQUE REFERENCES brightline.machine (id),
    format_2_from bigint NOT NULL CHECK (format_2_from >= 1),
    first_seen timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE brightline.contact (
    row_id bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    log_id text NOT NULL REFERENCES brightline.machine_log (log_id),
    seq bigint NOT NULL CHECK (seq >= 1),
    machine_id integer NOT NULL REFERENCES brightline.machine (id),
    unit text COLLATE "C" NOT NULL,
    hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
    prev_hash text NOT NULL,
    body text NOT NULL,
    salted_notes bytea,
    salted_official_name bytea,
    salted_official_badge bytea,
    contact_local text COLLATE "C" NOT NULL,
    corrects bigint,
    document text COLLATE "C" NOT NULL,
    draft_id text NOT NULL,
    kind text COLLATE "C" NOT NULL,
    pack_id text COLLATE "C" NOT NULL,
    pack_version text COLLATE "C" NOT NULL,
    request_type text COLLATE "C" NOT NULL,
    staff_name text COLLATE "C" NOT NULL,
    verdict text COLLATE "C" NOT NULL,
    redacts text NOT NULL DEFAULT '',
    search tsvector NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (log_id, seq)
);
-- One index a filter column, each in the view's order (contact time, then arrival), so a filter,
-- a sort and the first page are read from one index. The one in time order also carries what the
-- report groups by and the other filters, for index-only counts and filters.
CREATE INDEX contact_by_time ON brightline.contact (contact_local, row_id)
    INCLUDE (kind, request_type, verdict, document, pack_id, pack_version, staff_name, machine_id, unit);
CREATE INDEX contact_by_staff ON brightline.contact (staff_name, contact_local, row_id);
CREATE INDEX contact_by_request ON brightline.contact (request_type, contact_local, row_id);
CREATE INDEX contact_by_verdict ON brightline.contact (verdict, contact_local, row_id);
CREATE INDEX contact_by_document ON brightline.contact (document, contact_local, row_id);
-- A machine's records carry the other filter columns too: "this machine and that document" is
-- counted from the index alone (a machine's 125,000 entries, not its records read one by one).
CREATE INDEX contact_by_machine ON brightline.contact (machine_id, contact_local, row_id)
    INCLUDE (kind, request_type, verdict, document, pack_id, pack_version, staff_name, unit);
CREATE INDEX contact_by_unit ON brightline.contact (unit, contact_local, row_id);
CREATE INDEX contact_by_corrects ON brightline.contact (log_id, corrects)
    INCLUDE (seq, kind, contact_local) WHERE corrects IS NOT NULL;
CREATE INDEX contact_search ON brightline.contact USING gin (search);
-- A record is about 2 KB with its texts and words, just over the size at which PostgreSQL
-- compresses it: lz4 (when this server has it) does that in half the time of the default pglz.
DO $$ BEGIN
    ALTER TABLE brightline.contact ALTER COLUMN body SET COMPRESSION lz4, ALTER COLUMN search SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value OR undefined_object THEN NULL;
END $$;

CREATE TABLE brightline.checkpoint (
    log_id text NOT NULL REFERENCES brightline.machine_log (log_id),
    count bigint NOT NULL CHECK (count >= 0),
    head text NOT NULL,
    at text NOT NULL,
    key_id text NOT NULL,
    public_key bytea NOT NULL,
    signature bytea NOT NULL,
    origin text NOT NULL CHECK (origin IN ('sync', 'log')),
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (log_id, count, signature)
);

CREATE TABLE brightline.sync (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    machine_id integer NOT NULL REFERENCES brightline.machine (id),
    log_id text NOT NULL,
    first_seq bigint NOT NULL,
    last_seq bigint NOT NULL,
    key_id text NOT NULL,
    account name NOT NULL DEFAULT session_user,
    at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sync_by_machine ON brightline.sync (machine_id, at);

CREATE TABLE brightline.check_in (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    machine_id integer NOT NULL REFERENCES brightline.machine (id),
    log_id text NOT NULL,
    local_count bigint NOT NULL,
    server_count bigint NOT NULL,
    training_waiting integer NOT NULL DEFAULT 0,
    acknowledgments_waiting integer NOT NULL DEFAULT 0,
    machine_clock timestamptz,
    account name NOT NULL DEFAULT session_user,
    at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX check_in_by_machine ON brightline.check_in (machine_id, at);

CREATE TABLE brightline.refusal (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    machine text NOT NULL,
    machine_id integer,
    log_id text NOT NULL DEFAULT '',
    reason text NOT NULL,
    detail text NOT NULL,
    local_count bigint,
    server_count bigint,
    seq bigint,
    account name NOT NULL DEFAULT session_user,
    at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX refusal_by_time ON brightline.refusal (at);

CREATE TABLE brightline.training_result (
    log_id text NOT NULL CHECK (log_id ~ '^[0-9a-f]{32}$'),
    seq bigint NOT NULL CHECK (seq >= 1),
    machine_id integer NOT NULL REFERENCES brightline.machine (id),
    unit text COLLATE "C" NOT NULL,
    trainee text COLLATE "C" NOT NULL,
    played_at text COLLATE "C" NOT NULL,
    pack_id text NOT NULL,
    pack_version text NOT NULL,
    scenario_id text NOT NULL,
    scenario_title text NOT NULL,
    tree_id text NOT NULL,
    difficulty text NOT NULL,
    mode text NOT NULL,
    right_outcome boolean NOT NULL,
    right_path boolean,
    points integer NOT NULL,
    max_points integer NOT NULL,
    seconds double precision NOT NULL,
    path jsonb NOT NULL,
    missed_node text NOT NULL,
    right_verdict boolean,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (log_id, seq)
);
CREATE INDEX training_by_trainee ON brightline.training_result (trainee, played_at);

CREATE TABLE brightline.acknowledgment (
    log_id text NOT NULL CHECK (log_id ~ '^[0-9a-f]{32}$'),
    seq bigint NOT NULL CHECK (seq >= 1),
    machine_id integer NOT NULL REFERENCES brightline.machine (id),
    person_name text NOT NULL,
    badge text NOT NULL,
    os_account text NOT NULL,
    pack_id text NOT NULL,
    release_sequence bigint NOT NULL,
    version text NOT NULL,
    acknowledged_at text COLLATE "C" NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (log_id, seq)
);
CREATE INDEX acknowledgment_by_pack ON brightline.acknowledgment (pack_id, release_sequence);

-- Append-only, for everyone.
CREATE FUNCTION brightline.refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the department log is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END $$;

-- A contact may change only by losing a salted text (and its words) that a redaction record on
-- the server names.
CREATE FUNCTION brightline.contact_erase_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF (NEW.row_id, NEW.log_id, NEW.seq, NEW.machine_id, NEW.unit, NEW.hash, NEW.prev_hash, NEW.body,
        NEW.contact_local, NEW.corrects, NEW.document, NEW.draft_id, NEW.kind, NEW.pack_id,
        NEW.pack_version, NEW.request_type, NEW.staff_name, NEW.verdict, NEW.redacts, NEW.received_at)
       IS DISTINCT FROM
       (OLD.row_id, OLD.log_id, OLD.seq, OLD.machine_id, OLD.unit, OLD.hash, OLD.prev_hash, OLD.body,
        OLD.contact_local, OLD.corrects, OLD.document, OLD.draft_id, OLD.kind, OLD.pack_id,
        OLD.pack_version, OLD.request_type, OLD.staff_name, OLD.verdict, OLD.redacts, OLD.received_at)
    THEN
        RAISE EXCEPTION 'the department log is append-only: a record is never changed'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF (NEW.salted_notes IS DISTINCT FROM OLD.salted_notes
            AND (NEW.salted_notes IS NOT NULL OR NOT brightline.redaction_exists(OLD.log_id, OLD.seq, 'notes')))
       OR (NEW.salted_official_name IS DISTINCT FROM OLD.salted_official_name
            AND (NEW.salted_official_name IS NOT NULL
                 OR NOT brightline.redaction_exists(OLD.log_id, OLD.seq, 'official_name')))
       OR (NEW.salted_official_badge IS DISTINCT FROM OLD.salted_official_badge
            AND (NEW.salted_official_badge IS NOT NULL
                 OR NOT brightline.redaction_exists(OLD.log_id, OLD.seq, 'official_badge')))
    THEN
        RAISE EXCEPTION 'free text is only ever erased, by a redaction record that names it'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$;

CREATE FUNCTION brightline.redaction_exists(p_log text, p_seq bigint, p_field text) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM brightline.contact
                   WHERE log_id = p_log AND corrects = p_seq AND kind = 'redaction' AND redacts = p_field)
$$;

CREATE TRIGGER contact_erase_only BEFORE UPDATE ON brightline.contact
    FOR EACH ROW EXECUTE FUNCTION brightline.contact_erase_only();
CREATE TRIGGER contact_no_delete BEFORE DELETE ON brightline.contact
    FOR EACH STATEMENT EXECUTE FUNCTION brightline.refuse_change();
"""

# Every table but `contact` (whose UPDATE trigger allows erasure) refuses any UPDATE and DELETE
# statement, even one that would touch no row; all refuse TRUNCATE.
APPEND_ONLY_TABLES = (
    "schema_version", "server_info", "machine", "machine_key", "machine_log",
    "checkpoint", "sync", "check_in", "refusal", "training_result", "acknowledgment",
)  # fmt: skip
ALL_TABLES = ("contact", *APPEND_ONLY_TABLES)


def append_only_triggers() -> list[str]:
    """The statements that make every table refuse what would change or remove its rows."""
    statements = [
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON brightline.{table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION brightline.refuse_change()"
        for table in APPEND_ONLY_TABLES
    ]
    statements += [
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON brightline.{table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION brightline.refuse_change()"
        for table in ALL_TABLES
    ]
    return statements
