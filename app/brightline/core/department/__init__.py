"""The department: one contact log for every machine, on the department's PostgreSQL server."""
