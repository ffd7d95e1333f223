from . import res_partner
from . import hospital_referral
from . import hospital_referral_agreement
from . import hospital_referral_bill
