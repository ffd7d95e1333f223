#!/usr/bin/env python3
"""Writes the spreadsheet JSON of hospital_dashboard's four dashboards (Odoo pivots and graphs
on ORM data sources: they query as the user, so record rules apply) with three global
filters: month, team, territory. Run it after changing a definition below:

    python3 scripts/dashboard_json.py
"""

import json
import uuid
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "addons/hospital_dashboard/data/files"

MONTH, TEAM, TERRITORY = (
    str(uuid.uuid5(uuid.NAMESPACE_URL, f"hospital_dashboard/filter/{name}"))
    for name in ("month", "team", "territory")
)
GLOBAL_FILTERS = [
    {"id": MONTH, "type": "date", "label": "Month", "defaultValue": "this_month"},
    {
        "id": TEAM,
        "type": "relation",
        "label": "Team",
        "modelName": "hospital.marketing.team",
        "defaultValueDisplayNames": [],
    },
    {
        "id": TERRITORY,
        "type": "relation",
        "label": "Territory",
        "modelName": "hospital.marketing.territory",
        "defaultValueDisplayNames": [],
    },
]

# the fields each model's data sources filter on: (date, date type, team, territory)
MATCHING = {
    "hospital.referral": ("registered_at", "datetime", "team_id", "territory_id"),
    "hospital.referral.bill": ("admission_date", "date", "team_id", None),
    "hospital.commission.line": ("period_date", "date", "team_id", None),
    "hospital.commission.settlement": ("date_from", "date", "team_id", None),
    "hospital.work.report": ("period_start", "date", "team_id", None),
    "hospital.visit": ("start_datetime", "datetime", "team_id", None),
    "event.event": ("date_begin", "datetime", None, "hm_territory_id"),
    "hospital.distribution.line": ("done_datetime", "datetime", "team_id", "territory_id"),
}


def field_matching(model):
    date, date_type, team, territory = MATCHING[model]
    matching = {MONTH: {"chain": date, "type": date_type, "offset": 0}}
    if team:
        matching[TEAM] = {"chain": team, "type": "many2one"}
    if territory:
        matching[TERRITORY] = {"chain": territory, "type": "many2one"}
    return matching


def dimension(name):
    field, _sep, granularity = name.partition(":")
    return {"fieldName": field, "granularity": granularity} if granularity else {"fieldName": field}


# calculated measures of the pivots: id -> (name shown, formula on the measures of its cell,
# number format); the name is translated when the dashboard is served (hospital_dashboard's
# spreadsheet.dashboard, CALCULATED_MEASURES)
CALCULATED = {
    "hm_return_on_cost": (
        "Return on Cost",
        "=IFERROR((hm_effect_spending-hm_effect_cost)/hm_effect_cost)",
        "0.0%",
    ),
}


def measure(name):
    if name not in CALCULATED:
        return {"id": name, "fieldName": name}
    label, formula, number_format = CALCULATED[name]
    return {
        "id": name,
        "fieldName": name,
        "aggregator": "sum",
        "userDefinedName": label,
        "computedBy": {"sheetId": "sheet1", "formula": formula},
        "format": number_format,
    }


def pivot(pivot_id, model, name, rows, measures, columns=(), domain=()):
    return {
        "type": "ODOO",
        "id": pivot_id,
        "formulaId": pivot_id,
        "name": name,
        "model": model,
        "domain": list(domain),
        "context": {},
        "rows": [dimension(r) for r in rows],
        "columns": [dimension(c) for c in columns],
        "measures": [measure(m) for m in measures],
        "fieldMatching": field_matching(model),
    }


def chart(model, title, group_by, measure, kind, x, y, width=480, height=300):
    chart_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"hospital_dashboard/{model}/{title}"))
    return {
        "id": chart_id,
        "width": width,
        "height": height,
        "tag": "chart",
        "offset": {"x": x, "y": y},
        "col": 0,
        "row": 0,
        "data": {
            "title": {"text": title},
            "background": "#FFFFFF",
            "legendPosition": "top",
            "metaData": {
                "groupBy": group_by,
                "measure": measure,
                "order": None,
                "resModel": model,
                "mode": kind,
            },
            "searchParams": {
                "comparison": None,
                "context": {},
                "domain": [],
                "groupBy": group_by,
                "orderBy": [],
            },
            "type": f"odoo_{kind}",
            "dataSets": [],
            "stacked": kind == "bar",
            "verticalAxisPosition": "left",
            "chartId": chart_id,
            "fieldMatching": field_matching(model),
        },
    }


def spreadsheet(title, pivots, charts):
    """Charts on top (what a phone shows), then each pivot as a titled block below."""
    cells = {"A1": f'=_t("{title}")'}
    styles = {"A1": 1}
    row = 3 + 16 * ((len(charts) + 1) // 2)
    for definition in pivots:
        cells[f"A{row}"] = f'=_t("{definition["name"]}")'
        styles[f"A{row}"] = 2
        cells[f"A{row + 1}"] = f"=PIVOT({definition['id']}, 15)"
        row += 20
    return {
        "version": "18.5.10",
        "sheets": [
            {
                "id": "sheet1",
                "name": "Dashboard",
                "colNumber": 8,
                "rowNumber": row + 5,
                "rows": {},
                "cols": {"0": {"size": 260}},
                "merges": [],
                "cells": cells,
                "styles": styles,
                "formats": {},
                "borders": {},
                "conditionalFormats": [],
                "dataValidationRules": [],
                "figures": charts,
                "tables": [],
                "areGridLinesVisible": False,
                "isVisible": True,
                "headerGroups": {"ROW": [], "COL": []},
                "comments": {},
            }
        ],
        "styles": {
            "1": {"textColor": "#01666b", "bold": True, "fontSize": 16},
            "2": {"textColor": "#434343", "fontSize": 11, "bold": True},
        },
        "formats": {},
        "borders": {},
        "revisionId": "START_REVISION",
        "uniqueFigureIds": True,
        "settings": {},
        "pivots": {p["id"]: p for p in pivots},
        "pivotNextId": len(pivots) + 1,
        "customTableStyles": {},
        "globalFilters": GLOBAL_FILTERS,
        "lists": {},
        "listNextId": 1,
        "chartOdooMenusReferences": {},
    }


def positions(charts):
    """Two charts a row."""
    return [
        chart(*args, x=10 + 490 * (i % 2), y=40 + 320 * (i // 2)) for i, args in enumerate(charts)
    ]


DASHBOARDS = {
    "department": spreadsheet(
        "Marketing Department",
        [
            pivot(
                "1",
                "hospital.referral",
                "Referral Cases by Month and Status",
                ["registered_at:month"],
                ["__count"],
                columns=["state"],
            ),
            pivot(
                "2",
                "hospital.referral",
                "Conversion: Registered, Arrived, Discharged",
                ["state"],
                ["__count", "total_fees"],
            ),
            pivot(
                "3",
                "hospital.referral",
                "Referral Cases by Partner",
                ["referring_partner_id"],
                ["__count", "total_fees"],
            ),
            pivot(
                "4",
                "hospital.referral",
                "Referral Cases by Promoter",
                ["promoter_id"],
                ["__count", "total_fees"],
            ),
            pivot(
                "5",
                "hospital.referral",
                "Referral Cases by Territory and Partner Grade",
                ["territory_id"],
                ["__count"],
                columns=["partner_grade"],
            ),
            pivot(
                "6",
                "hospital.referral.bill",
                "HIS Bills: Spending by Department",
                ["department_id"],
                ["total_fees", "drug_cost"],
            ),
            pivot(
                "7",
                "hospital.commission.settlement",
                "Commissions Due and Paid",
                ["state"],
                ["amount_total"],
                columns=["payment_state"],
            ),
            pivot(
                "8",
                "hospital.work.report",
                "Work Report Punctuality",
                ["employee_id"],
                ["__count"],
                columns=["is_late"],
            ),
            pivot(
                "9",
                "event.event",
                "Outreach Events",
                ["hm_outreach_kind"],
                ["__count", "hm_effect_spending", "hm_effect_cost", "hm_return_on_cost"],
            ),
            pivot(
                "10",
                "hospital.distribution.line",
                "Magazine Reach by Territory",
                ["territory_id"],
                ["qty_handed_out"],
            ),
        ],
        positions(
            [
                ("hospital.referral", "Referral Cases by Status", ["state"], "__count", "pie"),
                ("hospital.referral", "Referral Cases by Team", ["team_id"], "__count", "bar"),
                (
                    "hospital.commission.settlement",
                    "Commissions by Payment",
                    ["payment_state"],
                    "amount_total",
                    "bar",
                ),
                (
                    "hospital.referral",
                    "Referral Cases by Partner Grade",
                    ["partner_grade"],
                    "__count",
                    "pie",
                ),
            ]
        ),
    ),
    "team": spreadsheet(
        "My Team",
        [
            pivot(
                "1",
                "hospital.referral",
                "Referral Cases by Promoter and Status",
                ["promoter_id"],
                ["__count"],
                columns=["state"],
            ),
            pivot(
                "2",
                "hospital.referral",
                "Doctor Feedback by Promoter",
                ["promoter_id"],
                ["__count"],
                columns=["feedback_status"],
            ),
            pivot(
                "3",
                "hospital.work.report",
                "Work Report Punctuality",
                ["employee_id"],
                ["__count"],
                columns=["is_late"],
            ),
            pivot(
                "4",
                "hospital.visit",
                "Visits and Calls by Promoter",
                ["promoter_id"],
                ["__count"],
                columns=["state"],
            ),
        ],
        positions(
            [
                (
                    "hospital.referral",
                    "Referral Cases by Promoter",
                    ["promoter_id"],
                    "__count",
                    "bar",
                ),
                (
                    "hospital.visit",
                    "Visits and Calls by Promoter",
                    ["promoter_id"],
                    "__count",
                    "bar",
                ),
            ]
        ),
    ),
    "my_month": spreadsheet(
        "My Month",
        [
            pivot("1", "hospital.referral", "My Referral Cases by Status", ["state"], ["__count"]),
            pivot(
                "2",
                "hospital.visit",
                "My Visits and Calls",
                ["kind"],
                ["__count"],
                columns=["state"],
            ),
            pivot(
                "3",
                "hospital.commission.line",
                "My Commissions",
                ["period_date:month"],
                ["amount"],
                columns=["line_type"],
            ),
        ],
        positions(
            [
                ("hospital.referral", "My Referral Cases by Status", ["state"], "__count", "pie"),
                ("hospital.visit", "My Visits and Calls", ["kind"], "__count", "bar"),
            ]
        ),
    ),
    "money": spreadsheet(
        "Commission Money",
        [
            pivot(
                "1",
                "hospital.commission.settlement",
                "Settlements by Status and Payment",
                ["state"],
                ["__count", "amount_total"],
                columns=["payment_state"],
            ),
            pivot(
                "2",
                "hospital.commission.settlement",
                "Settlements Due by Month",
                ["date_due:month"],
                ["amount_total"],
                columns=["payment_state"],
            ),
            pivot(
                "3",
                "hospital.commission.line",
                "Commission Lines by Role",
                ["role"],
                ["amount"],
                columns=["payee_kind"],
            ),
            pivot(
                "4",
                "hospital.referral.bill",
                "HIS Bills: Spending by Department",
                ["department_id"],
                ["total_fees", "drug_cost"],
            ),
        ],
        positions(
            [
                (
                    "hospital.commission.settlement",
                    "Settlements by Payment",
                    ["payment_state"],
                    "amount_total",
                    "pie",
                ),
                ("hospital.commission.line", "Commissions by Role", ["role"], "amount", "bar"),
            ]
        ),
    ),
}


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name, data in DASHBOARDS.items():
        path = OUT / f"{name}_dashboard.json"
        path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(path)


if __name__ == "__main__":
    main()
