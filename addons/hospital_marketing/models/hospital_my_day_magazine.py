from odoo import api, fields, models


class HospitalMyDay(models.AbstractModel):
    """My day of a magazine squad member: the distribution tasks given to them, open now, with
    their drop points done, so that the member lands on this work (issue 13). A promoter
    without such a task does not get the section."""

    _inherit = "hospital.my.day"

    @api.model
    def _my_day_sections(self, day):
        sections = super()._my_day_sections(day)
        uid = day["user"].id
        # the paths of the record rule, not the stored member_user_ids: a many2many condition
        # does not flush its pending recomputation
        tasks = self.env["hospital.distribution.task"].search(
            [
                "|",
                "|",
                ("employee_id.user_id", "=", uid),
                ("team_id.member_ids.user_id", "=", uid),
                ("team_id.leader_user_id", "=", uid),
                ("state", "=", "assigned"),
                ("date_start", "<=", day["today"]),
            ],
            order="date_end, id",
            limit=20,
        )
        if not tasks:
            return sections
        items = [
            {
                "key": f"distribution-{task.id}",
                "title": task.name,
                "record": self.env._(
                    "%(done)s of %(count)s drop points done",
                    done=task.drop_done_count,
                    count=task.drop_count,
                ),
                "deadline": fields.Date.to_string(task.date_end),
                "overdue": task.date_end < day["today"],
                "res_model": "hospital.distribution.task",
                "res_id": task.id,
            }
            for task in tasks
        ]
        return [
            *sections,
            {
                "key": "distribution",
                "sequence": 25,
                "type": "todo",
                "title": self.env._("My distribution tasks"),
                "empty": "",
                "items": items,
            },
        ]
