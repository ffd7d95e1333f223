{
    "name": "Hospital Marketing Dashboards",
    "summary": "Spreadsheet dashboards of the marketing department: department, team, "
    "my month and money, with month, team and territory filters",
    "version": "19.0.1.0.0",
    "category": "Productivity/Dashboard",
    "author": "Hospital Marketing Suite",
    "website": "https://github.com/hospital-marketing/hospital-marketing",
    "license": "LGPL-3",
    "depends": ["hospital_events", "spreadsheet_dashboard"],
    "data": [
        "data/dashboards.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "hospital_dashboard/static/tests/tours/*.js",
        ],
    },
    "installable": True,
    "auto_install": False,
}
