from . import hospital_referral_reject
from . import hospital_referral_bill_import
from . import hospital_magazine_reach_export
from . import hospital_referral_summary_export
from . import hospital_partner_register_export
from . import hospital_referral_bill_import_daily
