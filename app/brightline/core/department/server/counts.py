"""The audit report's counts, kept as records arrive (schema version 2): `brightline.contact_count`.

Counting five groupings over every record of a period reads every index entry of it, which at
ten million records takes longer than the report's budget. So the server keeps, per machine and
month, how many contacts it holds by request type, verdict, document and pack version; the month
grouping is the sum of the verdicts. `store_contacts` adds a batch's first records (kind
`record`) to them in the transaction that stores the batch, under the machine's log lock, so a
machine's counts are its own rows and machines never wait on each other.

What a count covers: a contact whose local time starts with a calendar date ('YYYY-MM-DD', month
01-12, day 01-31) is counted under its month, with `day` empty: by the text order periods use
(`contact_local >= FROM AND contact_local < TO + 1 day`), such a contact lies inside any period
that covers its whole calendar month. Any other contact time (no machine writes one, but the server
stores what the machine signed) is counted under its first ten characters as `day`, which decide
for any period of whole days whether it lies inside: a period's bounds are ten characters too.
`views` sums the rows a period covers and reads the rest (the partial months at its edges and the
corrections) from the records; `verify` recounts every machine's rows from its records.

Nobody may change a count but the store: machine accounts may only read the table (`migrate`), a
trigger refuses DELETE and TRUNCATE, and an UPDATE that would lower a count or move it, for
everyone, the owner included. A count raised by hand is found by `log verify --department`.
"""

# A contact time that starts with a calendar date: counted under its month.
DATED = r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
# The groupings kept, each as the expression over a contact's columns (alias c) that gives its value.
KEPT = (
    ("request_type", "c.request_type"),
    ("verdict", "c.verdict"),
    ("document", "c.document"),
    ("pack", "c.pack_id || ' ' || c.pack_version"),
)


def day_key(contact_local: str) -> str:
    """SQL: '' for a dated contact time (counted under its month), else its first ten characters."""
    return f"CASE WHEN {contact_local} ~ '{DATED}' THEN '' ELSE left({contact_local}, 10) END"


def _grouped(source: str, where: str, machine: str) -> str:
    """SQL: the counts (machine_id, month, day, grouping, value, contacts) of the first records
    (alias c) of `source` matching `where`: each contact's tuple first, then one row a grouping."""
    values = ", ".join(f"('{name}', t.{name})" for name, _ in KEPT)
    columns = ", ".join(f"{expression} AS {name}" for name, expression in KEPT)
    return (
        f"SELECT t.machine_id, t.month, t.day, g.grouping, g.value, sum(t.n)::bigint AS contacts FROM ("
        f"SELECT {machine} AS machine_id, left(c.contact_local, 7) AS month, {day_key('c.contact_local')} AS day, "
        f"{columns}, count(*) AS n FROM {source} WHERE c.kind = 'record'{where} GROUP BY 1, 2, 3, 4, 5, 6, 7"
        f") t CROSS JOIN LATERAL (VALUES {values}) g(grouping, value) GROUP BY 1, 2, 3, 4, 5"
    )


# Every machine's counts, recounted from its records (`%(machine)s`: one machine, for verify).
COUNTED_FROM_RECORDS = _grouped("brightline.contact c", "", "c.machine_id")
COUNTED_FOR_MACHINE = _grouped("brightline.contact c", " AND c.machine_id = %(machine)s", "c.machine_id")

COUNTS_SQL = r"""
CREATE TABLE brightline.contact_count (
    machine_id integer NOT NULL REFERENCES brightline.machine (id),
    month text COLLATE "C" NOT NULL,
    day text COLLATE "C" NOT NULL,
    grouping text COLLATE "C" NOT NULL CHECK (grouping IN ('request_type', 'verdict', 'document', 'pack')),
    value text COLLATE "C" NOT NULL,
    contacts bigint NOT NULL CHECK (contacts > 0),
    PRIMARY KEY (machine_id, month, day, grouping, value)
);
-- A count only grows (records are never removed), and stays where it is.
CREATE TRIGGER contact_count_only_grows BEFORE UPDATE ON brightline.contact_count FOR EACH ROW
    WHEN (NEW.contacts < OLD.contacts OR (NEW.machine_id, NEW.month, NEW.day, NEW.grouping, NEW.value)
          IS DISTINCT FROM (OLD.machine_id, OLD.month, OLD.day, OLD.grouping, OLD.value))
    EXECUTE FUNCTION brightline.refuse_change();
CREATE TRIGGER contact_count_no_delete BEFORE DELETE ON brightline.contact_count
    FOR EACH STATEMENT EXECUTE FUNCTION brightline.refuse_change();
CREATE TRIGGER contact_count_no_truncate BEFORE TRUNCATE ON brightline.contact_count
    FOR EACH STATEMENT EXECUTE FUNCTION brightline.refuse_change();
"""

# What `store_contacts` runs on the records it has just stored (`stored`, alias c): it adds them
# to their machine's counts.
ADD_STORED = (
    "INSERT INTO brightline.contact_count AS k (machine_id, month, day, grouping, value, contacts) "
    + _grouped("stored c", "", "p_machine")
    + " ON CONFLICT (machine_id, month, day, grouping, value) DO UPDATE SET contacts = k.contacts + EXCLUDED.contacts"
)
# Filling the table from the records a server already holds (the migration to version 2, and a
# bulk load that bypasses `store_contacts`).
FILL_FROM_RECORDS = (
    "INSERT INTO brightline.contact_count (machine_id, month, day, grouping, value, contacts) " + COUNTED_FROM_RECORDS
)
