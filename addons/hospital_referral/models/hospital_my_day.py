from datetime import datetime, time

import pytz

from odoo import api, models


class HospitalMyDay(models.AbstractModel):
    """My day of a promoter, with the referral parts: register a referral (the first big
    action) and the cases registered this month."""

    _inherit = "hospital.my.day"

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    @api.model
    def _my_day_actions(self, day):
        return [
            *super()._my_day_actions(day),
            {
                "key": "register_referral",
                "sequence": 10,
                "label": self.env._("Register a referral"),
                "icon": "fa-user-plus",
                "action": {
                    "type": "ir.actions.act_window",
                    "name": self.env._("New Referral"),
                    "res_model": "hospital.referral",
                    "views": [[False, "form"]],
                    "target": "current",
                },
            },
        ]

    @api.model
    def _my_day_sections(self, day):
        first = day["today"].replace(day=1)
        since = day["tz"].localize(datetime.combine(first, time.min)).astimezone(pytz.utc)
        count = self.env["hospital.referral"].search_count(
            [
                ("user_id", "=", day["user"].id),
                ("create_date", ">=", since.replace(tzinfo=None)),
            ]
        )
        return [
            *super()._my_day_sections(day),
            {
                "key": "referrals",
                "sequence": 15,
                "type": "stat",
                "title": self.env._("Referrals registered this month"),
                "value": count,
            },
        ]
