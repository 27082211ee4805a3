"""How the department server takes a machine's contact records: `brightline.ingest_contacts`.

A machine sends its records in order, in batches, each batch with a checkpoint it signed over the
batch's last record (the `blcp1:` line of `contact_log.checkpoints`). The function runs as its
owner (SECURITY DEFINER; machine accounts have no INSERT grant) and, holding a lock on the log so
that two syncs of one machine take turns, accepts the batch only when:

  - the machine is enrolled, and the PostgreSQL account calling is the one that enrolled it;
  - the log is the machine's one log (a machine that comes back with another log id, or a log
    that another machine already sent, is refused);
  - the batch starts at or before the record after the last one the server holds, without gaps,
    and every record the server already holds is byte for byte the one it holds (so a batch sent
    again after a lost answer is harmless, and a log rewritten after it was sent is found);
  - every new record extends the chain: its id is the next one, it names the previous record's
    hash and this log, its body's SHA-256 (computed here) is the hash the machine's log keeps
    for it (a body edited in place is refused, not taken as the record), each kept free text matches
    the body's salted commitment, and a text the machine no longer holds is named by a redaction
    record later in the batch;
  - the checkpoint names this log and the batch's last record and hash, is signed by a key
    enrolled for this machine, and its Ed25519 signature checks (`ed25519`): one signature
    authenticates the whole batch through the chain.

Then it stores the new records (with the columns views filter by, taken from the bodies here),
the checkpoint, the checkpoints the machine's log took
every 100 records (checked against the records, kept as evidence), and a `sync` row; and for each
redaction record, it erases the named text of the record it redacts (the only change the
`contact` trigger allows). Anything wrong, and nothing of the batch is stored: a `refusal` row
says what and why (once, not again each time the machine retries), and the answer names the
first bad record so the machine can send the records before it on their own.

The answer: (status 'accepted' | 'refused', server_count, server_hash, bad_seq, reason, detail,
stored: how many records this call stored).
"""

INGEST_SQL = r"""
CREATE FUNCTION brightline.b64url(t text) RETURNS bytea
LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT decode(translate(t, '-_', '+/') || repeat('=', (4 - length(t) % 4) % 4), 'base64')
$$;

-- The words a record can be found by (notes, agency, the official's name and badge, headline),
-- as the machines' search index holds them; a format-1 body holds its texts itself.
CREATE FUNCTION brightline.search_vector(p_body jsonb, p_notes bytea, p_name bytea, p_badge bytea)
RETURNS tsvector LANGUAGE sql STABLE AS $$
    SELECT to_tsvector('simple', lower(concat_ws(' ',
        coalesce(convert_from(substr(p_notes, 17), 'UTF8'), p_body->>'notes'),
        p_body->>'agency',
        coalesce(convert_from(substr(p_name, 17), 'UTF8'), p_body->>'official_name'),
        coalesce(convert_from(substr(p_badge, 17), 'UTF8'), p_body->>'official_badge'),
        p_body->>'headline')))
$$;

-- Record a refusal (unless the machine's last refusal said the same) and answer with it.
CREATE FUNCTION brightline.refused(
    p_machine text, p_machine_id integer, p_log text, p_reason text, p_detail text,
    p_local bigint, p_server bigint, p_seq bigint, p_server_hash text
) RETURNS TABLE (status text, server_count bigint, server_hash text, bad_seq bigint, reason text, detail text, stored bigint)
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM (SELECT r.reason, r.log_id, r.local_count, r.server_count, r.seq FROM brightline.refusal r
                       WHERE r.machine = p_machine ORDER BY r.id DESC LIMIT 1) last
        WHERE (last.reason, last.log_id, last.local_count, last.server_count, last.seq)
              IS NOT DISTINCT FROM (p_reason, p_log, p_local, p_server, p_seq)
    ) THEN
        INSERT INTO brightline.refusal (machine, machine_id, log_id, reason, detail, local_count, server_count, seq)
        VALUES (p_machine, p_machine_id, coalesce(p_log, ''), p_reason, p_detail, p_local, p_server, p_seq);
    END IF;
    RETURN QUERY SELECT 'refused'::text, p_server, p_server_hash, p_seq, p_reason, p_detail, 0::bigint;
END $$;

-- The machine named, if the account calling may act for it: (machine, NULL) or (NULL, refusal).
CREATE FUNCTION brightline.machine_for_caller(p_machine text) RETURNS TABLE (machine_id integer, problem text)
LANGUAGE sql STABLE AS $$
    SELECT m.id, CASE WHEN m.id IS NULL THEN 'not_enrolled'
                      WHEN m.account <> session_user THEN 'wrong_account' END
    FROM (SELECT 1) one LEFT JOIN brightline.machine m ON m.name = p_machine
$$;

-- Whether a text the machine no longer holds is named by a redaction record after it in the batch.
CREATE FUNCTION brightline.redacted_later(p_seqs bigint[], p_bodies text[], p_seq bigint, p_field text)
RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT EXISTS (
        SELECT 1 FROM unnest(p_seqs, p_bodies) u(seq, body)
        WHERE u.seq > p_seq AND u.body LIKE '%"redacts":"' || p_field || '"%'
          AND u.body::jsonb->'_chain'->'index'->>'kind' = 'redaction'
          AND (u.body::jsonb->'_chain'->'index'->>'corrects')::bigint = p_seq
          AND u.body::jsonb->>'redacts' = p_field)
$$;

-- What is wrong with the checkpoints the machine's log took within the batch (NULL: nothing):
-- each must be a checkpoint line of this log whose count is in the batch and whose head is the
-- hash of that record. Their signatures are checked by `log verify --department`.
CREATE FUNCTION brightline.log_checkpoints_problem(
    p_log text, p_first bigint, p_last bigint, p_bodies text[], p_lines text[]
) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT format('the log''s checkpoint %s does not match its records', left(x.line, 60))
    FROM (SELECT line, string_to_array(line, ':') AS p FROM unnest(p_lines) line) x
    WHERE CASE WHEN x.line !~ '^blcp1:[0-9a-f]{32}:[0-9]{1,18}:[0-9a-f]{64}:[0-9]{8}T[0-9]{6}Z:[A-Za-z0-9_-]{43}:[A-Za-z0-9_-]{86}$'
                    OR (x.p)[2] <> p_log OR (x.p)[3]::bigint NOT BETWEEN p_first AND p_last THEN true
               ELSE (x.p)[4] <> encode(sha256(convert_to(p_bodies[(x.p)[3]::bigint - p_first + 1], 'UTF8')), 'hex')
          END
    LIMIT 1
$$;

CREATE FUNCTION brightline.ingest_contacts(
    p_machine text, p_unit text, p_log text, p_format_2_from bigint, p_batch json,
    p_checkpoint text, p_log_checkpoints text[]
) RETURNS TABLE (status text, server_count bigint, server_hash text, bad_seq bigint, reason text, detail text, stored bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_machine integer;
    v_problem text;
    v_owner integer;
    v_f2 bigint;
    v_count bigint := 0;
    v_hash text := repeat('0', 64);
    p_seqs bigint[];
    p_hashes text[];
    p_bodies text[];
    p_notes bytea[];
    p_names bytea[];
    p_badges bytea[];
    v_n integer;
    v_malformed boolean := false;
    v_first bigint;
    v_last bigint;
    v_last_hash text;
    v_bad record;
    v_diverged bigint;
    v_parts text[];
    v_pub bytea;
    v_key text;
    v_digests text[];
    v_json jsonb[];
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended('brightline log ' || coalesce(p_log, ''), 0));
    BEGIN
        -- The batch as one JSON array of {"s": id, "h": hash, "b": body, "n", "o", "g": the salted
        -- texts in hex or null}: one parameter a driver sends at once, unpacked here into arrays.
        SELECT array_agg(x.s ORDER BY x.ord), array_agg(x.h ORDER BY x.ord), array_agg(x.b ORDER BY x.ord),
               array_agg(decode(x.n, 'hex') ORDER BY x.ord), array_agg(decode(x.o, 'hex') ORDER BY x.ord),
               array_agg(decode(x.g, 'hex') ORDER BY x.ord)
        INTO p_seqs, p_hashes, p_bodies, p_notes, p_names, p_badges
        FROM ROWS FROM (json_to_recordset(p_batch) AS (s bigint, h text, b text, n text, o text, g text))
             WITH ORDINALITY x(s, h, b, n, o, g, ord);
    EXCEPTION WHEN data_exception THEN
        v_malformed := true;
    END;
    v_n := coalesce(array_length(p_seqs, 1), 0);
    SELECT f.machine_id, f.problem INTO v_machine, v_problem FROM brightline.machine_for_caller(p_machine) f;
    IF v_problem IS NOT NULL THEN
        RETURN QUERY SELECT * FROM brightline.refused(p_machine, v_machine, p_log, v_problem,
            CASE v_problem WHEN 'not_enrolled' THEN format('machine %s is not enrolled', p_machine)
                 ELSE format('machine %s was enrolled by another account than %s', p_machine, session_user) END,
            NULL, NULL, NULL, NULL);
        RETURN;
    END IF;
    IF p_log !~ '^[0-9a-f]{32}$' OR v_n > 10000 OR v_malformed
       OR EXISTS (SELECT 1 FROM unnest(p_seqs, p_hashes, p_bodies) u(seq, hash, body)
                  WHERE u.seq IS NULL OR u.hash IS NULL OR u.body IS NULL) THEN
        RETURN QUERY SELECT * FROM brightline.refused(p_machine, v_machine, p_log, 'bad_batch',
            'the batch is malformed (a log id of 32 hex digits, up to 10,000 records, one body and three texts each)',
            NULL, NULL, NULL, NULL);
        RETURN;
    END IF;
    SELECT l.machine_id, l.format_2_from INTO v_owner, v_f2 FROM brightline.machine_log l WHERE l.log_id = p_log;
    IF v_owner IS NULL THEN
        SELECT l.log_id INTO v_problem FROM brightline.machine_log l WHERE l.machine_id = v_machine;
        IF v_problem IS NOT NULL THEN
            RETURN QUERY SELECT * FROM brightline.refused(p_machine, v_machine, p_log, 'replaced',
                format('machine %s sends log %s, but the server holds its log %s (%s records): its log was replaced',
                       p_machine, p_log, v_problem,
                       (SELECT count(*) FROM brightline.contact c WHERE c.log_id = v_problem)),
                NULL, NULL, NULL, NULL);
            RETURN;
        END IF;
        INSERT INTO brightline.machine_log (log_id, machine_id, format_2_from) VALUES (p_log, v_machine, p_format_2_from);
        v_f2 := p_format_2_from;
    ELSIF v_owner <> v_machine THEN
        RETURN QUERY SELECT * FROM brightline.refused(p_machine, v_machine, p_log, 'other_machine',
            format('log %s belongs to machine %s: the data folder was copied from it', p_log,
                   (SELECT m.name FROM brightline.machine m WHERE m.id = v_owner)),
            NULL, NULL, NULL, NULL);
        RETURN;
    END IF;
    SELECT c.seq, c.hash INTO v_count, v_hash FROM brightline.contact c WHERE c.log_id = p_log ORDER BY c.seq DESC LIMIT 1;
    v_count := coalesce(v_count, 0);
    v_hash := coalesce(v_hash, repeat('0', 64));
    IF v_n = 0 THEN
        RETURN QUERY SELECT 'accepted'::text, v_count, v_hash, NULL::bigint, ''::text, ''::text, 0::bigint;
        RETURN;
    END IF;
    v_first := p_seqs[1];
    v_last := p_seqs[v_n];
    IF v_first < 1 OR v_first > v_count + 1 OR EXISTS (
        SELECT 1 FROM unnest(p_seqs) WITH ORDINALITY u(seq, ord) WHERE u.seq IS DISTINCT FROM v_first + u.ord - 1
    ) THEN
        RETURN QUERY SELECT * FROM brightline.refused(p_machine, v_machine, p_log, 'gap',
            format('the batch does not continue the log: the server holds %s records, the batch starts at %s',
                   v_count, v_first),
            NULL, v_count, v_first, v_hash);
        RETURN;
    END IF;
    BEGIN
        -- Each body hashed, and each new one parsed, once: the checks and the store use them.
        SELECT array_agg(x.digest ORDER BY x.ord), array_agg(x.j ORDER BY x.ord) INTO v_digests, v_json
        FROM (SELECT u.ord, encode(sha256(convert_to(u.body, 'UTF8')), 'hex') AS digest,
                     CASE WHEN u.seq > v_count AND length(u.body) <= 1000000 THEN u.body::jsonb END AS j
              FROM unnest(p_seqs, p_bodies) WITH ORDINALITY u(seq, body, ord) OFFSET 0) x;
        -- What the server holds already must be exactly what the machine holds.
        IF v_first <= v_count THEN
            SELECT c.seq INTO v_diverged FROM brightline.contact c
                JOIN unnest(p_seqs, v_digests) u(seq, digest) ON u.seq = c.seq
                WHERE c.log_id = p_log AND c.seq BETWEEN v_first AND v_count AND c.hash <> u.digest
                ORDER BY c.seq LIMIT 1;
        END IF;
        IF v_diverged IS NOT NULL THEN
            RETURN QUERY SELECT * FROM brightline.refused(p_machine, v_machine, p_log, 'diverged',
                format('record %s differs from the one the server received: the log was rewritten', v_diverged),
                v_last, v_count, v_diverged, v_hash);
            RETURN;
        END IF;
        IF v_last <= v_count THEN  -- all held already: a batch sent again
            RETURN QUERY SELECT 'accepted'::text, v_count, v_hash, NULL::bigint, ''::text, ''::text, 0::bigint;
            RETURN;
        END IF;
        -- Every new record must extend the chain.
        SELECT b.seq, b.problem INTO v_bad FROM (
            SELECT c.seq, c.ord, CASE
                WHEN length(c.body) > 1000000 THEN 'too_large'
                WHEN c.hash IS DISTINCT FROM c.given_hash THEN 'hash_mismatch'
                WHEN (c.seq >= v_f2) <> (left(c.body, 10) = '{"_chain":') THEN 'format'
                WHEN (c.ch->>'id')::bigint IS DISTINCT FROM c.seq THEN 'out_of_order'
                WHEN c.ch->>'prev_hash' IS DISTINCT FROM c.want_prev THEN 'chain_broken'
                WHEN c.seq >= v_f2 AND c.ch->>'log' IS DISTINCT FROM p_log THEN 'other_log'
                WHEN c.seq < v_f2 AND (c.notes IS NOT NULL OR c.oname IS NOT NULL OR c.obadge IS NOT NULL) THEN 'format'
                WHEN c.seq >= v_f2 AND (
                    (c.notes IS NOT NULL AND encode(sha256(c.notes), 'hex') IS DISTINCT FROM c.ch->'commit'->>'notes')
                    OR (c.oname IS NOT NULL
                        AND encode(sha256(c.oname), 'hex') IS DISTINCT FROM c.ch->'commit'->>'official_name')
                    OR (c.obadge IS NOT NULL
                        AND encode(sha256(c.obadge), 'hex') IS DISTINCT FROM c.ch->'commit'->>'official_badge'))
                    THEN 'text_mismatch'
                WHEN c.seq >= v_f2 AND (
                    (c.notes IS NULL AND c.ch->'commit'->>'notes' IS NOT NULL
                        AND NOT brightline.redacted_later(p_seqs, p_bodies, c.seq, 'notes'))
                    OR (c.oname IS NULL AND c.ch->'commit'->>'official_name' IS NOT NULL
                        AND NOT brightline.redacted_later(p_seqs, p_bodies, c.seq, 'official_name'))
                    OR (c.obadge IS NULL AND c.ch->'commit'->>'official_badge' IS NOT NULL
                        AND NOT brightline.redacted_later(p_seqs, p_bodies, c.seq, 'official_badge')))
                    THEN 'text_missing'
                END AS problem
            FROM (
                -- OFFSET 0 keeps the chain part taken once (a subquery pulled up into the CASE
                -- above would take it again for every reference).
                SELECT h.*, CASE WHEN h.seq >= v_f2 THEN h.j->'_chain' ELSE h.j END AS ch,
                       coalesce(lag(h.hash) OVER (ORDER BY h.ord), v_hash) AS want_prev
                FROM unnest(p_seqs, p_hashes, p_bodies, p_notes, p_names, p_badges, v_digests, v_json) WITH ORDINALITY
                     h(seq, given_hash, body, notes, oname, obadge, hash, j, ord)
                WHERE h.seq > v_count OFFSET 0
            ) c
        ) b WHERE b.problem IS NOT NULL ORDER BY b.ord LIMIT 1;
    EXCEPTION WHEN data_exception THEN
        RETURN QUERY SELECT * FROM brightline.refused(p_machine, v_machine, p_log, 'bad_record',
            format('a record of the batch cannot be read: %s', SQLERRM), v_last, v_count, NULL, v_hash);
        RETURN;
    END;
    IF v_bad.seq IS NOT NULL THEN
        RETURN QUERY SELECT * FROM brightline.refused(p_machine, v_machine, p_log, v_bad.problem,
            format('record %s does not extend the chain the server holds (%s)', v_bad.seq, v_bad.problem),
            v_last, v_count, v_bad.seq, v_hash);
        RETURN;
    END IF;
    -- The signed checkpoint over the batch's last record.
    v_last_hash := v_digests[v_n];
    v_parts := string_to_array(p_checkpoint, ':');
    IF (CASE WHEN coalesce(p_checkpoint, '') !~ '^blcp1:[0-9a-f]{32}:[0-9]{1,18}:[0-9a-f]{64}:[0-9]{8}T[0-9]{6}Z:[A-Za-z0-9_-]{43}:[A-Za-z0-9_-]{86}$'
            THEN true
            ELSE v_parts[2] <> p_log OR v_parts[3]::bigint <> v_last OR v_parts[4] <> v_last_hash END) THEN
        RETURN QUERY SELECT * FROM brightline.refused(p_machine, v_machine, p_log, 'bad_checkpoint',
            format('the batch''s checkpoint does not name this log''s record %s and its hash', v_last),
            v_last, v_count, v_last, v_hash);
        RETURN;
    END IF;
    v_pub := brightline.b64url(v_parts[6]);
    v_key := left(encode(sha256(v_pub), 'hex'), 16);
    IF NOT EXISTS (SELECT 1 FROM brightline.machine_key k WHERE k.key_id = v_key AND k.machine_id = v_machine) THEN
        RETURN QUERY SELECT * FROM brightline.refused(p_machine, v_machine, p_log, 'unknown_key',
            format('key %s is not enrolled for machine %s', v_key, p_machine), v_last, v_count, v_first, v_hash);
        RETURN;
    END IF;
    IF NOT brightline.ed25519_verify(v_pub, convert_to(array_to_string(v_parts[1:6], ':'), 'UTF8'),
                                     brightline.b64url(v_parts[7])) THEN
        RETURN QUERY SELECT * FROM brightline.refused(p_machine, v_machine, p_log, 'bad_signature',
            format('the signature by key %s over record %s does not check', v_key, v_last),
            v_last, v_count, v_first, v_hash);
        RETURN;
    END IF;
    v_problem := brightline.log_checkpoints_problem(p_log, v_first, v_last, p_bodies, p_log_checkpoints);
    IF v_problem IS NOT NULL THEN
        RETURN QUERY SELECT * FROM brightline.refused(p_machine, v_machine, p_log, 'checkpoint_mismatch',
            v_problem, v_last, v_count, v_first, v_hash);
        RETURN;
    END IF;
    PERFORM brightline.store_contacts(v_machine, p_unit, p_log, v_count, v_f2,
                                      p_seqs, p_bodies, v_json, v_digests, p_notes, p_names, p_badges);
    INSERT INTO brightline.checkpoint (log_id, count, head, at, key_id, public_key, signature, origin)
    VALUES (p_log, v_last, v_last_hash, v_parts[5], v_key, v_pub, brightline.b64url(v_parts[7]), 'sync')
    ON CONFLICT DO NOTHING;
    INSERT INTO brightline.checkpoint (log_id, count, head, at, key_id, public_key, signature, origin)
    SELECT p_log, (x.p)[3]::bigint, (x.p)[4], (x.p)[5], left(encode(sha256(brightline.b64url((x.p)[6])), 'hex'), 16),
           brightline.b64url((x.p)[6]), brightline.b64url((x.p)[7]), 'log'
    FROM (SELECT string_to_array(line, ':') AS p FROM unnest(p_log_checkpoints) line) x
    ON CONFLICT DO NOTHING;
    INSERT INTO brightline.sync (machine_id, log_id, first_seq, last_seq, key_id)
    VALUES (v_machine, p_log, v_count + 1, v_last, v_key);
    RETURN QUERY SELECT 'accepted'::text, v_last, v_last_hash, NULL::bigint, ''::text, ''::text, v_last - v_count;
END $$;
"""
