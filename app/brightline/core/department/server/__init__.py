"""The department server's side, as SQL run by `migrate.init_server`: the tables (`tables`), the
counts the audit report sums (`counts`), the functions machines call (`ingest`, `store`,
`functions`) and the Ed25519 verifier (`ed25519`)."""
