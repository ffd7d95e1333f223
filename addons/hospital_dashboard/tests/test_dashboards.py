"""The four dashboards load: valid spreadsheet JSON whose data sources name models and stored
fields that exist, shown to the right roles, and whose every pivot and graph runs as a user of
those roles (the figures come from the ORM under the user's record rules)."""

import json

from odoo.tests import tagged

from odoo.addons.hospital_marketing.tests.common import ROLE_GROUPS, MarketingCase

DASHBOARDS = {
    # dashboard: the roles it is shown to (directly or by implied group)
    "spreadsheet_dashboard_department": {"office", "manager", "vp"},
    "spreadsheet_dashboard_team": {"leader", "manager", "vp"},
    "spreadsheet_dashboard_my_month": {"promoter", "leader", "office", "manager", "vp"},
    "spreadsheet_dashboard_money": {"finance", "manager", "vp"},
}


def _dimensions(definition):
    for dim in definition["rows"] + definition["columns"]:
        granularity = dim.get("granularity")
        yield f"{dim['fieldName']}:{granularity}" if granularity else dim["fieldName"]


@tagged("post_install", "-at_install")
class TestDashboards(MarketingCase):
    def _dashboard(self, name):
        return self.env.ref(f"hospital_dashboard.{name}")

    def _data(self, name):
        return json.loads(self._dashboard(name).spreadsheet_data)

    def _sources(self, data):
        """(model, group-bys, aggregates) of every pivot and graph."""
        for pivot in data["pivots"].values():
            # a calculated measure is computed by the spreadsheet from the others of its cell
            measures = [
                "__count" if m["fieldName"] == "__count" else f"{m['fieldName']}:sum"
                for m in pivot["measures"]
                if not m.get("computedBy")
            ]
            yield pivot["model"], list(_dimensions(pivot)), measures, pivot["fieldMatching"]
        for sheet in data["sheets"]:
            for figure in sheet["figures"]:
                meta = figure["data"]["metaData"]
                measure = meta["measure"]
                aggregate = "__count" if measure == "__count" else f"{measure}:sum"
                yield (
                    meta["resModel"],
                    meta["groupBy"],
                    [aggregate],
                    figure["data"]["fieldMatching"],
                )

    def test_every_data_source_names_stored_fields_of_existing_models(self):
        for name in DASHBOARDS:
            with self.subTest(dashboard=name):
                data = self._data(name)
                self.assertTrue(data["pivots"] and data["sheets"][0]["figures"])
                for model, groupby, aggregates, matching in self._sources(data):
                    self.assertIn(model, self.env)
                    fields = self.env[model]._fields
                    for spec in groupby + [a for a in aggregates if a != "__count"]:
                        field = fields.get(spec.split(":")[0])
                        self.assertTrue(field and field.store, f"{model}: {spec}")
                    for aggregate in aggregates:
                        if aggregate != "__count":
                            self.assertTrue(fields[aggregate.split(":")[0]].aggregator)
                    for filter_match in matching.values():
                        self.assertIn(filter_match["chain"], fields, model)

    def test_month_team_and_territory_filters(self):
        for name in DASHBOARDS:
            with self.subTest(dashboard=name):
                filters = {f["label"]: f for f in self._data(name)["globalFilters"]}
                self.assertEqual(set(filters), {"Month", "Team", "Territory"})
                self.assertEqual(filters["Month"]["defaultValue"], "this_month")
                self.assertEqual(filters["Team"]["modelName"], "hospital.marketing.team")
                self.assertEqual(filters["Territory"]["modelName"], "hospital.marketing.territory")
                for model, _groupby, _aggregates, matching in self._sources(self._data(name)):
                    self.assertIn(filters["Month"]["id"], matching, model)

    def test_each_dashboard_is_shown_to_its_roles_only(self):
        Dashboard = self.env["spreadsheet.dashboard"]
        group = self.env.ref("hospital_dashboard.spreadsheet_dashboard_group_hospital_marketing")
        for name, roles in DASHBOARDS.items():
            dashboard = self._dashboard(name)
            self.assertEqual(dashboard.dashboard_group_id, group)
            for role in (*ROLE_GROUPS, "employee"):
                with self.subTest(dashboard=name, role=role):
                    found = Dashboard.with_user(self.users[role]).search(
                        [("id", "=", dashboard.id)]
                    )
                    self.assertEqual(bool(found), role in roles)

    def test_every_figure_is_computed_as_each_role_that_sees_it(self):
        for name, roles in DASHBOARDS.items():
            data = self._data(name)
            for role in roles:
                for model, groupby, aggregates, _matching in self._sources(data):
                    with self.subTest(dashboard=name, role=role, model=model):
                        Model = self.env[model].with_user(self.users[role])
                        Model.formatted_read_group([], groupby, aggregates)

    def test_office_manager_and_vp_land_on_the_department_dashboard(self):
        dashboard = self._dashboard("spreadsheet_dashboard_department")
        for role in ("office", "manager", "vp"):
            with self.subTest(role=role):
                action = self.users[role]._hm_marketing_home_action()
                self.assertEqual(action["xml_id"], "hospital_dashboard.action_department_dashboard")
                self.assertEqual(action["params"], {"dashboard_id": dashboard.id})
        action = self.user_leader._hm_marketing_home_action()
        self.assertEqual(action["xml_id"], "hospital_marketing.action_hospital_home_leader")
