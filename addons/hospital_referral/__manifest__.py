{
    "name": "Hospital Referrals",
    "summary": "Referral partners, agreements, gifts and referral cases from registration "
    "to discharge, with HIS bills, fraud checks and the feedback loop",
    "version": "19.0.1.2.0",
    "category": "Marketing",
    "author": "Hospital Marketing Suite",
    "website": "https://github.com/hospital-marketing/hospital-marketing",
    "license": "LGPL-3",
    "depends": ["hospital_marketing", "portal", "base_import"],
    "data": [
        "security/security.xml",
        "security/ir.model.access.csv",
        "security/ir_rule.xml",
        "data/ir_sequence_data.xml",
        "data/mail_activity_type_data.xml",
        "data/ir_cron_data.xml",
        "views/res_partner_views.xml",
        "views/hospital_referral_views.xml",
        "views/hospital_referral_bill_views.xml",
        "views/hospital_referral_agreement_views.xml",
        "wizards/hospital_referral_reject_views.xml",
        "views/res_config_settings_views.xml",
        "views/portal_templates.xml",
        "views/menus.xml",
        "security/hospital_magazine_rules.xml",
        "views/hospital_magazine_views.xml",
    ],
    "demo": [
        "demo/hospital_referral_demo.xml",
        "demo/hospital_commission_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "hospital_referral/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
