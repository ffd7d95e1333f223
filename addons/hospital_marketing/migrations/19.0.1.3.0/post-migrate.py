"""19.0.1.3.0: a visit's check-in position moves from the visit's own columns to
``hospital.visit.position`` (read by the promoter, their leader and the manager only); the
positions typed before are kept as recorded check-ins."""

from odoo.tools import SQL
from odoo.tools.sql import column_exists


def migrate(cr, version):
    if not column_exists(cr, "hospital_visit", "latitude"):
        return
    cr.execute(
        SQL(
            """
            INSERT INTO hospital_visit_position
                (visit_id, company_id, kind, latitude, longitude, accuracy, position_time,
                 create_uid, create_date, write_uid, write_date)
            SELECT id, company_id, 'checkin', latitude, longitude, 0, start_datetime,
                   write_uid, now() AT TIME ZONE 'UTC', write_uid, now() AT TIME ZONE 'UTC'
              FROM hospital_visit
             WHERE (COALESCE(latitude, 0) != 0 OR COALESCE(longitude, 0) != 0)
               AND NOT EXISTS (
                   SELECT 1 FROM hospital_visit_position p
                    WHERE p.visit_id = hospital_visit.id AND p.kind = 'checkin')
            """
        )
    )
    cr.execute(
        SQL(
            """
            UPDATE hospital_visit v SET checkin_status = 'ok'
              FROM hospital_visit_position p
             WHERE p.visit_id = v.id AND p.kind = 'checkin' AND v.checkin_status IS NULL
            """
        )
    )
