from . import hospital_referral_reject
from . import hospital_referral_bill_import
