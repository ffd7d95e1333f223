from . import res_partner
from . import hospital_referral
from . import hospital_referral_agreement
from . import hospital_referral_bill
from . import hospital_commission_line
from . import hospital_referral_commission
from . import hospital_performance_adjustment
from . import res_partner_commission
