{
    "name": "Hospital Referrals",
    "summary": "Referral partners, agreements, gifts and referral cases from registration "
    "to discharge, with HIS bills, fraud checks and the feedback loop",
    "version": "19.0.1.0.0",
    "category": "Marketing",
    "author": "Hospital Marketing Suite",
    "website": "https://github.com/hospital-marketing/hospital-marketing",
    "license": "LGPL-3",
    "depends": ["hospital_marketing", "portal", "base_import"],
    "data": [
        "security/ir.model.access.csv",
    ],
    "demo": [
        "demo/hospital_commission_demo.xml",
    ],
    "installable": True,
}
