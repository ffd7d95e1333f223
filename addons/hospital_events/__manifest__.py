{
    "name": "Hospital Outreach Events",
    "summary": "Outreach events (free screenings, lectures, free-clinic tours) on Odoo events: "
    "plan, team, budget, attendees, leads and ROI",
    "version": "19.0.1.1.0",
    "category": "Marketing",
    "author": "Hospital Marketing Suite",
    "website": "https://github.com/hospital-marketing/hospital-marketing",
    "license": "LGPL-3",
    "depends": ["hospital_referral", "event"],
    "data": [
        "security/security.xml",
        "views/event_event_views.xml",
        "views/event_event_commission_views.xml",
        "views/hospital_commission_rule_views.xml",
        "wizards/hospital_exam_client_export_views.xml",
    ],
    "demo": [
        "demo/hospital_events_demo.xml",
        "demo/hospital_commission_demo.xml",
    ],
    "installable": True,
}
