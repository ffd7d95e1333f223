"""19.0.1.2.0: the team of an outreach event is a list of lines with roles (R-E2) and the
budget a list of lines by category (R-E5).

The three role fields of an event (contact person, executor, lecturer) become team lines of
these roles, so the event commission (R-C3) keeps paying the same people; the typed budget
becomes a budget line of category Other. The old role columns are dropped once copied (the
step cannot run twice); the typed actual cost column is kept as it was (the actual costs are
computed from expenses and vendor bills now, the old figure stays readable in the database)."""

ROLE_COLUMNS = {
    "contact": "hm_contact_employee_id",
    "executor": "hm_executor_employee_id",
    "lecturer": "hm_lecturer_employee_id",
}


def _has_column(cr, table, column):
    cr.execute(
        "SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = %s",
        (table, column),
    )
    return bool(cr.fetchone())


def migrate(cr, version):
    for role, column in ROLE_COLUMNS.items():
        if not _has_column(cr, "event_event", column):
            continue
        cr.execute(
            f"""
            INSERT INTO hospital_event_team_line
                   (event_id, company_id, employee_id, role, sequence,
                    create_uid, create_date, write_uid, write_date)
            SELECT e.id, e.company_id, e.{column}, %s, 10,
                   e.write_uid, NOW() AT TIME ZONE 'UTC', e.write_uid, NOW() AT TIME ZONE 'UTC'
              FROM event_event e
             WHERE e.{column} IS NOT NULL
               AND NOT EXISTS (
                    SELECT 1 FROM hospital_event_team_line t
                     WHERE t.event_id = e.id AND t.role = %s
               )
            """,  # the column names are the constants above
            (role, role),
        )
        cr.execute(f"ALTER TABLE event_event DROP COLUMN {column}")
    cr.execute(
        """
        INSERT INTO hospital_event_budget_line
               (event_id, company_id, category, amount,
                create_uid, create_date, write_uid, write_date)
        SELECT e.id, e.company_id, 'other', e.hm_budget,
               e.write_uid, NOW() AT TIME ZONE 'UTC', e.write_uid, NOW() AT TIME ZONE 'UTC'
          FROM event_event e
         WHERE COALESCE(e.hm_budget, 0) > 0
           AND NOT EXISTS (SELECT 1 FROM hospital_event_budget_line b WHERE b.event_id = e.id)
        """
    )
