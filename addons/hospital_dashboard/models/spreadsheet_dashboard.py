import json

from odoo import models


class SpreadsheetDashboard(models.Model):
    _inherit = "spreadsheet.dashboard"

    def _hm_calculated_measure_names(self):
        """{measure id: name in the user's language} of the calculated measures of the suite's
        dashboards (scripts/dashboard_json.py, CALCULATED): the spreadsheet shows a calculated
        measure under the name stored in the file, so it is translated when served."""
        return {"hm_return_on_cost": self.env._("Return on Cost")}

    def _get_serialized_readonly_dashboard(self):
        """The dashboard as core serves it, the calculated measures of the suite's pivots
        named in the user's language."""
        serialized = super()._get_serialized_readonly_dashboard()
        if self._get_dashboard_translation_namespace() != "hospital_dashboard":
            return serialized
        names = self._hm_calculated_measure_names()
        data = json.loads(serialized)
        for pivot in data["snapshot"].get("pivots", {}).values():
            for measure in pivot.get("measures", []):
                if measure.get("computedBy") and measure.get("id") in names:
                    measure["userDefinedName"] = names[measure["id"]]
        return json.dumps(data)
