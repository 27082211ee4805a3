"""Storing a batch the server has checked (`ingest`): the records, the report's tally, erasures.

`brightline.store_contacts` runs inside `brightline.ingest_contacts`, as its owner, after every
check has passed. The columns the views filter by are taken from each body's `_chain.index`
(format 2) or its top level (format 1), never from what the client says.

The tally (`contact_tally`) is what the audit report counts, kept as deltas so that nothing is
ever updated: a record adds a contact under its own request type, verdict, document, pack and
day; a correction takes the contact away from what was counted before (the original, or the
latest correction before it) and adds it under its own values; corrections, addenda and
redactions are also counted by kind. Summed over a period, it gives exactly what
`contact_log.reading.counts_by` and `follow_up_counts` give for one machine's log, and
`log verify --department` recounts it from the records.
"""

STORE_SQL = r"""
CREATE FUNCTION brightline.store_contacts(
    p_machine integer, p_unit text, p_log text, p_count bigint, p_f2 bigint,
    p_seqs bigint[], p_bodies text[], p_notes bytea[], p_names bytea[], p_badges bytea[]
) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO brightline.contact (
        log_id, seq, machine_id, unit, hash, prev_hash, body, salted_notes, salted_official_name,
        salted_official_badge, contact_local, corrects, document, draft_id, kind, pack_id, pack_version,
        request_type, staff_name, verdict, redacts, search)
    SELECT p_log, r.seq, p_machine, coalesce(p_unit, ''), encode(sha256(convert_to(r.body, 'UTF8')), 'hex'),
           r.ch->>'prev_hash', r.body, r.notes, r.oname, r.obadge,
           coalesce(r.ix->>'contact_time', ''), (r.ix->>'corrects')::bigint, coalesce(r.ix->>'document', ''),
           coalesce(r.ix->>'draft_id', ''), coalesce(r.ix->>'kind', ''), coalesce(r.ix->>'pack_id', ''),
           coalesce(r.ix->>'pack_version', ''), coalesce(r.ix->>'request_type', ''),
           coalesce(r.ix->>'staff_name', ''), coalesce(r.ix->>'verdict', ''), coalesce(r.j->>'redacts', ''),
           brightline.search_vector(r.j, r.notes, r.oname, r.obadge)
    FROM (
        -- OFFSET 0: each body is parsed once, not once for every column taken from it.
        SELECT x.*, CASE WHEN x.seq >= p_f2 THEN x.j->'_chain' ELSE x.j END AS ch,
               CASE WHEN x.seq >= p_f2 THEN x.j->'_chain'->'index' ELSE x.j END AS ix
        FROM (
            SELECT u.*, u.body::jsonb AS j
            FROM unnest(p_seqs, p_bodies, p_notes, p_names, p_badges) WITH ORDINALITY
                 u(seq, body, notes, oname, obadge, ord)
            WHERE u.seq > p_count
            OFFSET 0
        ) x
        ORDER BY x.ord
        OFFSET 0
    ) r;

    INSERT INTO brightline.contact_tally (day, machine_id, unit, kind, request_type, verdict, document, pack, n)
    SELECT t.day, t.machine_id, t.unit, t.kind, t.request_type, t.verdict, t.document, t.pack, sum(t.n)
    FROM (
        -- a first record: one contact
        SELECT left(c.contact_local, 10) AS day, c.machine_id, c.unit, '' AS kind, c.request_type, c.verdict,
               c.document, c.pack_id || ' ' || c.pack_version AS pack, 1 AS n
        FROM brightline.contact c WHERE c.log_id = p_log AND c.seq > p_count AND c.kind = 'record'
        UNION ALL
        -- a correction, addendum or redaction: a follow-up of its kind
        SELECT left(c.contact_local, 10), c.machine_id, c.unit, c.kind, '', '', '', '', 1
        FROM brightline.contact c WHERE c.log_id = p_log AND c.seq > p_count AND c.corrects IS NOT NULL
        UNION ALL
        -- a correction: the contact as it says ...
        SELECT left(c.contact_local, 10), c.machine_id, c.unit, '', c.request_type, c.verdict, c.document,
               c.pack_id || ' ' || c.pack_version, 1
        FROM brightline.contact c WHERE c.log_id = p_log AND c.seq > p_count AND c.kind = 'correction'
        UNION ALL
        -- ... instead of as the latest correction before it, or the original, said
        SELECT left(p.contact_local, 10), p.machine_id, p.unit, '', p.request_type, p.verdict, p.document,
               p.pack_id || ' ' || p.pack_version, -1
        FROM brightline.contact c
        CROSS JOIN LATERAL (
            SELECT q.* FROM brightline.contact q
            WHERE q.log_id = p_log
              AND ((q.corrects = c.corrects AND q.kind = 'correction' AND q.seq < c.seq)
                   OR (q.seq = c.corrects AND q.kind = 'record'))
            ORDER BY q.seq = c.corrects, q.seq DESC LIMIT 1
        ) p
        WHERE c.log_id = p_log AND c.seq > p_count AND c.kind = 'correction'
    ) t
    GROUP BY t.day, t.machine_id, t.unit, t.kind, t.request_type, t.verdict, t.document, t.pack
    HAVING sum(t.n) <> 0;

    -- Redaction records erase the text they name from the record they redact.
    UPDATE brightline.contact t SET salted_notes = NULL,
           search = brightline.search_vector(t.body::jsonb, NULL, t.salted_official_name, t.salted_official_badge)
    FROM brightline.contact r
    WHERE r.log_id = p_log AND r.seq > p_count AND r.kind = 'redaction' AND r.redacts = 'notes'
      AND t.log_id = p_log AND t.seq = r.corrects AND t.salted_notes IS NOT NULL;
    UPDATE brightline.contact t SET salted_official_name = NULL,
           search = brightline.search_vector(t.body::jsonb, t.salted_notes, NULL, t.salted_official_badge)
    FROM brightline.contact r
    WHERE r.log_id = p_log AND r.seq > p_count AND r.kind = 'redaction' AND r.redacts = 'official_name'
      AND t.log_id = p_log AND t.seq = r.corrects AND t.salted_official_name IS NOT NULL;
    UPDATE brightline.contact t SET salted_official_badge = NULL,
           search = brightline.search_vector(t.body::jsonb, t.salted_notes, t.salted_official_name, NULL)
    FROM brightline.contact r
    WHERE r.log_id = p_log AND r.seq > p_count AND r.kind = 'redaction' AND r.redacts = 'official_badge'
      AND t.log_id = p_log AND t.seq = r.corrects AND t.salted_official_badge IS NOT NULL;
END $$;
"""
