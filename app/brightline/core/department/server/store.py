"""Storing a batch the server has checked (`ingest`): the records, and the erasures redactions ask for.

`brightline.store_contacts` runs inside `brightline.ingest_contacts`, as its owner, after every
check has passed. The columns the views filter by are taken from each body's `_chain.index`
(format 2) or its top level (format 1), never from what the client says.
From schema version 2 on, it also adds the batch's first records to their machine's counts
(`counts`), in the same transaction.
"""

from brightline.core.department.server.counts import ADD_STORED

_SIGNATURE = r"""brightline.store_contacts(
    p_machine integer, p_unit text, p_log text, p_count bigint, p_f2 bigint,
    p_seqs bigint[], p_bodies text[], p_json jsonb[], p_digests text[], p_notes bytea[], p_names bytea[],
    p_badges bytea[]
) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
"""

_INSERT = r"""
    INSERT INTO brightline.contact (
        log_id, seq, machine_id, unit, hash, prev_hash, body, salted_notes, salted_official_name,
        salted_official_badge, contact_local, corrects, document, draft_id, kind, pack_id, pack_version,
        request_type, staff_name, verdict, redacts, search)
    SELECT p_log, r.seq, p_machine, coalesce(p_unit, ''), r.digest,
           r.ch->>'prev_hash', r.body, r.notes, r.oname, r.obadge,
           coalesce(r.ix->>'contact_time', ''), (r.ix->>'corrects')::bigint, coalesce(r.ix->>'document', ''),
           coalesce(r.ix->>'draft_id', ''), coalesce(r.ix->>'kind', ''), coalesce(r.ix->>'pack_id', ''),
           coalesce(r.ix->>'pack_version', ''), coalesce(r.ix->>'request_type', ''),
           coalesce(r.ix->>'staff_name', ''), coalesce(r.ix->>'verdict', ''), coalesce(r.j->>'redacts', ''),
           brightline.search_vector(r.j, r.notes, r.oname, r.obadge)
    FROM (
        -- The bodies as `ingest_contacts` parsed and hashed them; OFFSET 0: the chain and index
        -- parts are taken once, not once for every column taken from them.
        SELECT x.*, CASE WHEN x.seq >= p_f2 THEN x.j->'_chain' ELSE x.j END AS ch,
               CASE WHEN x.seq >= p_f2 THEN x.j->'_chain'->'index' ELSE x.j END AS ix
        FROM unnest(p_seqs, p_bodies, p_json, p_digests, p_notes, p_names, p_badges) WITH ORDINALITY
             x(seq, body, j, digest, notes, oname, obadge, ord)
        WHERE x.seq > p_count
        ORDER BY x.ord
        OFFSET 0
    ) r
"""

_ERASE = r"""
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

# Schema version 1: the records and the erasures.
STORE_SQL = "CREATE FUNCTION " + _SIGNATURE + _INSERT + ";\n" + _ERASE
# Schema version 2: besides, the first records are added to their machine's counts (`counts`).
STORE_SQL_2 = (
    "CREATE OR REPLACE FUNCTION "
    + _SIGNATURE
    + "    WITH stored AS ("
    + _INSERT
    + "    RETURNING kind, contact_local, request_type, verdict, document, pack_id, pack_version\n    )\n    "
    + ADD_STORED
    + ";\n"
    + _ERASE
)
