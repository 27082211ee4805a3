"""The server functions machines call besides `ingest_contacts`, each SECURITY DEFINER and each
acting only for the machine the calling account enrolled:

  enrol(machine, unit, public_key, os_account, create)   register a machine (create) and/or one of
        its accounts' public keys: ('enrolled' | 'key_added' | 'already' | a refusal, detail)
  log_state(machine, log_id)   what the server holds: the machine's enrolment and its one log,
        this log's count and head hash, whether the calling account may act for the machine
  report_divergence(machine, log_id, local_count, local_hash_at_server_count)   a machine found
        its log shorter than, or different from, what the server holds: the server checks the
        claim against its own records and records the refusal
  check_in(machine, log_id, local_count, training_waiting, acknowledgments_waiting, clock)
        the end of a sync: what the machine holds, for the audit report's "unsent" and "last synced"
  ingest_plain(table, machine, unit, log_id, first_seq, rows jsonb)   training results and
        acknowledgments: rows in order from `first_seq`, idempotent on (log_id, seq); rows the
        server holds already must be the same
  plain_count(table, log_id)   how many rows of that log the server holds
"""

FUNCTIONS_SQL = r"""
CREATE FUNCTION brightline.enrol(
    p_machine text, p_unit text, p_public_key bytea, p_os_account text, p_create boolean
) RETURNS TABLE (status text, detail text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_machine integer;
    v_problem text;
    v_key text := left(encode(sha256(p_public_key), 'hex'), 16);
    v_holder integer;
    v_created boolean := false;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended('brightline machine ' || p_machine, 0));
    SELECT f.machine_id, f.problem INTO v_machine, v_problem FROM brightline.machine_for_caller(p_machine) f;
    IF v_problem = 'not_enrolled' AND p_create THEN
        INSERT INTO brightline.machine (name, unit, account) VALUES (p_machine, coalesce(p_unit, ''), session_user)
        RETURNING id INTO v_machine;
        v_problem := NULL;
        v_created := true;
    END IF;
    IF v_problem IS NOT NULL THEN
        PERFORM brightline.refused(p_machine, v_machine, '', v_problem,
            CASE v_problem WHEN 'not_enrolled' THEN format('machine %s is not enrolled', p_machine)
                 ELSE format('machine %s was enrolled by another account than %s', p_machine, session_user) END,
            NULL, NULL, NULL, NULL);
        RETURN QUERY SELECT v_problem, CASE v_problem
            WHEN 'not_enrolled' THEN format('machine %s is not enrolled', p_machine)
            ELSE format('machine %s was enrolled by another database account than %s', p_machine, session_user) END;
        RETURN;
    END IF;
    SELECT k.machine_id INTO v_holder FROM brightline.machine_key k WHERE k.key_id = v_key;
    IF v_holder IS NOT NULL AND v_holder <> v_machine THEN
        PERFORM brightline.refused(p_machine, v_machine, '', 'key_elsewhere',
            format('key %s is enrolled for another machine', v_key), NULL, NULL, NULL, NULL);
        RETURN QUERY SELECT 'key_elsewhere'::text, format('key %s is enrolled for machine %s', v_key,
            (SELECT m.name FROM brightline.machine m WHERE m.id = v_holder));
        RETURN;
    END IF;
    IF v_holder IS NULL THEN
        INSERT INTO brightline.machine_key (key_id, machine_id, public_key, os_account)
        VALUES (v_key, v_machine, p_public_key, coalesce(p_os_account, ''));
        RETURN QUERY SELECT CASE WHEN v_created THEN 'enrolled' ELSE 'key_added' END, v_key;
        RETURN;
    END IF;
    RETURN QUERY SELECT CASE WHEN v_created THEN 'enrolled' ELSE 'already' END, v_key;
END $$;

CREATE FUNCTION brightline.log_state(p_machine text, p_log text)
RETURNS TABLE (problem text, machine_log text, server_count bigint, server_hash text, keys text[])
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_machine integer;
    v_problem text;
BEGIN
    SELECT f.machine_id, f.problem INTO v_machine, v_problem FROM brightline.machine_for_caller(p_machine) f;
    RETURN QUERY SELECT v_problem,
        (SELECT l.log_id FROM brightline.machine_log l WHERE l.machine_id = v_machine),
        coalesce((SELECT c.seq FROM brightline.contact c WHERE c.log_id = p_log ORDER BY c.seq DESC LIMIT 1), 0),
        coalesce((SELECT c.hash FROM brightline.contact c WHERE c.log_id = p_log ORDER BY c.seq DESC LIMIT 1),
                 repeat('0', 64)),
        coalesce((SELECT array_agg(k.key_id ORDER BY k.key_id) FROM brightline.machine_key k
                  WHERE k.machine_id = v_machine), '{}');
END $$;

CREATE FUNCTION brightline.report_divergence(p_machine text, p_log text, p_local_count bigint, p_local_hash text)
RETURNS TABLE (status text, server_count bigint, server_hash text, bad_seq bigint, reason text, detail text, stored bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_machine integer;
    v_problem text;
    v_count bigint;
    v_hash text;
BEGIN
    SELECT f.machine_id, f.problem INTO v_machine, v_problem FROM brightline.machine_for_caller(p_machine) f;
    IF v_problem IS NOT NULL OR NOT EXISTS (
        SELECT 1 FROM brightline.machine_log l WHERE l.log_id = p_log AND l.machine_id = v_machine) THEN
        RETURN QUERY SELECT 'unknown'::text, NULL::bigint, NULL::text, NULL::bigint, coalesce(v_problem, 'unknown_log'), '', 0::bigint;
        RETURN;
    END IF;
    SELECT c.seq, c.hash INTO v_count, v_hash FROM brightline.contact c WHERE c.log_id = p_log ORDER BY c.seq DESC LIMIT 1;
    IF p_local_count < v_count THEN
        RETURN QUERY SELECT * FROM brightline.refused(p_machine, v_machine, p_log, 'truncated',
            format('the machine''s log holds %s records, but the server received %s from it: the log was cut short '
                   'or replaced by an older copy', p_local_count, v_count),
            p_local_count, v_count, p_local_count + 1, v_hash);
    ELSIF p_local_hash IS DISTINCT FROM v_hash THEN
        RETURN QUERY SELECT * FROM brightline.refused(p_machine, v_machine, p_log, 'diverged',
            format('the machine''s record %s is not the one the server received: the log was rewritten or replaced',
                   v_count),
            p_local_count, v_count, v_count, v_hash);
    ELSE
        RETURN QUERY SELECT 'consistent'::text, v_count, v_hash, NULL::bigint, ''::text, ''::text, 0::bigint;
    END IF;
END $$;

CREATE FUNCTION brightline.check_in(
    p_machine text, p_log text, p_local_count bigint, p_training_waiting integer,
    p_acknowledgments_waiting integer, p_clock timestamptz
) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_machine integer;
    v_problem text;
    v_count bigint;
BEGIN
    SELECT f.machine_id, f.problem INTO v_machine, v_problem FROM brightline.machine_for_caller(p_machine) f;
    IF v_problem IS NOT NULL THEN
        RETURN NULL;
    END IF;
    v_count := coalesce((SELECT c.seq FROM brightline.contact c WHERE c.log_id = p_log ORDER BY c.seq DESC LIMIT 1), 0);
    INSERT INTO brightline.check_in (machine_id, log_id, local_count, server_count, training_waiting,
                                     acknowledgments_waiting, machine_clock)
    VALUES (v_machine, p_log, p_local_count, v_count, p_training_waiting, p_acknowledgments_waiting, p_clock);
    RETURN v_count;
END $$;

CREATE FUNCTION brightline.plain_count(p_table text, p_log text) RETURNS bigint
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF p_table = 'training_result' THEN
        RETURN coalesce((SELECT max(t.seq) FROM brightline.training_result t WHERE t.log_id = p_log), 0);
    ELSIF p_table = 'acknowledgment' THEN
        RETURN coalesce((SELECT max(a.seq) FROM brightline.acknowledgment a WHERE a.log_id = p_log), 0);
    END IF;
    RAISE EXCEPTION 'no such table: %', p_table;
END $$;

CREATE FUNCTION brightline.ingest_plain(
    p_table text, p_machine text, p_unit text, p_log text, p_first bigint, p_rows jsonb
) RETURNS TABLE (status text, server_count bigint, detail text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_machine integer;
    v_problem text;
    v_count bigint;
    v_owner integer;
    v_n integer := jsonb_array_length(p_rows);
    v_bad bigint;
BEGIN
    SELECT f.machine_id, f.problem INTO v_machine, v_problem FROM brightline.machine_for_caller(p_machine) f;
    IF v_problem IS NOT NULL THEN
        RETURN QUERY SELECT v_problem, NULL::bigint, format('machine %s cannot send for itself: %s', p_machine, v_problem);
        RETURN;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtextextended('brightline ' || p_table || ' ' || p_log, 0));
    v_count := brightline.plain_count(p_table, p_log);
    IF p_table = 'training_result' THEN
        SELECT min(t.machine_id) INTO v_owner FROM brightline.training_result t WHERE t.log_id = p_log AND t.seq = 1;
    ELSE
        SELECT min(a.machine_id) INTO v_owner FROM brightline.acknowledgment a WHERE a.log_id = p_log AND a.seq = 1;
    END IF;
    IF v_owner IS NOT NULL AND v_owner <> v_machine THEN
        RETURN QUERY SELECT * FROM (VALUES ('other_machine', v_count,
            format('these %s records belong to another machine: the data folder was copied', p_table))) r;
        RETURN;
    END IF;
    IF p_first < 1 OR p_first > v_count + 1 OR v_n > 10000 THEN
        RETURN QUERY SELECT 'gap'::text, v_count,
            format('the server holds %s records of this log; the batch starts at %s', v_count, p_first);
        RETURN;
    END IF;
    BEGIN
        IF p_table = 'training_result' THEN
            SELECT t.seq INTO v_bad
            FROM jsonb_array_elements(p_rows) WITH ORDINALITY e(r, ord)
            JOIN brightline.training_result t ON t.log_id = p_log AND t.seq = p_first + e.ord - 1
            WHERE (t.trainee, t.played_at, t.scenario_id, t.points)
                  IS DISTINCT FROM (e.r->>'trainee', e.r->>'played_at', e.r->>'scenario_id', (e.r->>'points')::integer)
            LIMIT 1;
            IF v_bad IS NULL THEN
                INSERT INTO brightline.training_result (
                    log_id, seq, machine_id, unit, trainee, played_at, pack_id, pack_version, scenario_id,
                    scenario_title, tree_id, difficulty, mode, right_outcome, right_path, points, max_points,
                    seconds, path, missed_node, right_verdict)
                SELECT p_log, p_first + e.ord - 1, v_machine, coalesce(p_unit, ''), e.r->>'trainee', e.r->>'played_at',
                       e.r->>'pack_id', e.r->>'pack_version', e.r->>'scenario_id', e.r->>'scenario_title',
                       e.r->>'tree_id', e.r->>'difficulty', e.r->>'mode', (e.r->>'right_outcome')::boolean,
                       (e.r->>'right_path')::boolean, (e.r->>'points')::integer, (e.r->>'max_points')::integer,
                       (e.r->>'seconds')::double precision, coalesce(e.r->'path', '[]'), coalesce(e.r->>'missed_node', ''),
                       (e.r->>'right_verdict')::boolean
                FROM jsonb_array_elements(p_rows) WITH ORDINALITY e(r, ord)
                WHERE p_first + e.ord - 1 > v_count;
            END IF;
        ELSIF p_table = 'acknowledgment' THEN
            SELECT a.seq INTO v_bad
            FROM jsonb_array_elements(p_rows) WITH ORDINALITY e(r, ord)
            JOIN brightline.acknowledgment a ON a.log_id = p_log AND a.seq = p_first + e.ord - 1
            WHERE (a.person_name, a.pack_id, a.release_sequence, a.acknowledged_at)
                  IS DISTINCT FROM (e.r->>'person_name', e.r->>'pack_id', (e.r->>'release_sequence')::bigint,
                                    e.r->>'acknowledged_at')
            LIMIT 1;
            IF v_bad IS NULL THEN
                INSERT INTO brightline.acknowledgment (
                    log_id, seq, machine_id, person_name, badge, os_account, pack_id, release_sequence, version,
                    acknowledged_at)
                SELECT p_log, p_first + e.ord - 1, v_machine, e.r->>'person_name', e.r->>'badge',
                       e.r->>'os_account', e.r->>'pack_id', (e.r->>'release_sequence')::bigint, e.r->>'version',
                       e.r->>'acknowledged_at'
                FROM jsonb_array_elements(p_rows) WITH ORDINALITY e(r, ord)
                WHERE p_first + e.ord - 1 > v_count;
            END IF;
        ELSE
            RAISE EXCEPTION 'no such table: %', p_table USING ERRCODE = 'invalid_parameter_value';
        END IF;
    EXCEPTION WHEN data_exception OR not_null_violation OR check_violation THEN
        RETURN QUERY SELECT 'bad_record'::text, v_count, format('a %s row cannot be stored: %s', p_table, SQLERRM);
        RETURN;
    END;
    IF v_bad IS NOT NULL THEN
        PERFORM brightline.refused(p_machine, v_machine, p_log, 'diverged',
            format('%s row %s differs from the one the server received', p_table, v_bad), NULL, v_count, v_bad, NULL);
        RETURN QUERY SELECT 'diverged'::text, v_count, format('%s row %s differs from the one the server received',
                                                             p_table, v_bad);
        RETURN;
    END IF;
    RETURN QUERY SELECT 'accepted'::text, greatest(v_count, p_first + v_n - 1), ''::text;
END $$;
"""

# What machine accounts may run; everything else in the schema is the owner's alone.
MACHINE_FUNCTIONS = (
    "enrol(text, text, bytea, text, boolean)",
    "log_state(text, text)",
    "report_divergence(text, text, bigint, text)",
    "check_in(text, text, bigint, integer, integer, timestamptz)",
    "ingest_contacts(text, text, text, bigint, json, text, text[])",
    "ingest_plain(text, text, text, text, bigint, jsonb)",
    "plain_count(text, text)",
)
