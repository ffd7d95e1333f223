from . import hospital_referral_reject
from . import hospital_referral_bill_import
from . import hospital_magazine_reach_export
