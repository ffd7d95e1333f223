{
    "name": "Hospital Marketing",
    "summary": "Marketing department of a hospital: roles, confidentiality, teams, "
    "territories, field work and the commission engine",
    "version": "19.0.1.0.0",
    "category": "Marketing",
    "author": "Hospital Marketing Suite",
    "website": "https://github.com/hospital-marketing/hospital-marketing",
    "license": "LGPL-3",
    "depends": ["contacts", "hr", "mail"],
    "data": [
        "security/security.xml",
        "security/ir.model.access.csv",
        "security/ir_rule.xml",
        "data/ir_sequence_data.xml",
        "views/res_config_settings_views.xml",
        "views/hospital_marketing_team_views.xml",
        "views/hospital_marketing_territory_views.xml",
        "views/hr_employee_views.xml",
        "views/hospital_visit_views.xml",
        "views/hospital_secret_access_log_views.xml",
        "views/menus.xml",
        "data/ir_actions_data.xml",
    ],
    "demo": [
        "demo/hospital_marketing_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "hospital_marketing/static/tests/tours/**/*",
        ],
    },
    "application": True,
    "installable": True,
}
