"""The department's training records, for trainers: every machine's results, read from the
server's `training_result` table as the `TrainingRecord`s a machine's own file gives, so the
completion table, the item analysis and the exports (`brightline.core.training_log`) are the
same code over one machine or the department."""

from __future__ import annotations

from brightline.core.department.views import DepartmentLog
from brightline.core.training_log import TrainingRecord

_COLUMNS = (
    "seq, trainee, played_at, pack_id, pack_version, scenario_id, scenario_title, tree_id, difficulty, mode, "
    "right_outcome, right_path, points, max_points, seconds, path, missed_node, right_verdict"
)


def department_training_records(log: DepartmentLog, trainee: str = "", unit: str = "") -> list[TrainingRecord]:
    """Every training result the server holds (newest first), for one trainee or unit if given."""
    clauses, params = [], []
    for column, value in (("trainee", trainee), ("unit", unit)):
        if value:
            clauses.append(f"{column} = %s")
            params.append(value)
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    rows = log.fetch(
        f"SELECT {_COLUMNS} FROM brightline.training_result{where} ORDER BY played_at DESC, seq DESC", params
    )
    return [
        TrainingRecord(
            id=int(r[0]),
            trainee=str(r[1]),
            played_at=str(r[2]),
            pack_id=str(r[3]),
            pack_version=str(r[4]),
            scenario_id=str(r[5]),
            scenario_title=str(r[6]),
            tree_id=str(r[7]),
            difficulty=str(r[8]),
            mode=str(r[9]),
            right_outcome=bool(r[10]),
            right_path=None if r[11] is None else bool(r[11]),
            points=int(r[12]),
            max_points=int(r[13]),
            seconds=float(r[14]),
            path=[str(p) for p in r[15]],
            missed_node=str(r[16] or ""),
            right_verdict=r[17],
        )  # fmt: skip
        for r in rows
    ]
