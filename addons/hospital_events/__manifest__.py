{
    "name": "Hospital Outreach Events",
    "summary": "Outreach events (free screenings, lectures, free-clinic tours) on Odoo events: "
    "plan, team, budget, attendees, leads and ROI",
    "version": "19.0.1.2.0",
    "category": "Marketing",
    "author": "Hospital Marketing Suite",
    "website": "https://github.com/hospital-marketing/hospital-marketing",
    "license": "LGPL-3",
    "depends": ["hospital_referral", "event", "hr_expense", "calendar"],
    "data": [
        "security/security.xml",
        "security/ir.model.access.csv",
        "security/ir_rule.xml",
        "data/account_analytic_plan_data.xml",
        "security/event_registration_security.xml",
        "data/hospital_consent_wording_data.xml",
        "views/event_event_views.xml",
        "views/hospital_commission_rule_views.xml",
        "views/product_template_views.xml",
        "views/res_config_settings_views.xml",
        "views/event_registration_views.xml",
        "views/event_event_roi_views.xml",
        "views/event_event_run_views.xml",
        "views/hospital_referral_views.xml",
        "wizards/hospital_exam_client_export_views.xml",
    ],
    "demo": [
        "demo/hospital_events_demo.xml",
        "demo/hospital_commission_demo.xml",
        "demo/hospital_events_attendees_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "hospital_events/static/tests/tours/**/*",
        ],
    },
    "installable": True,
}
