from . import event_event
from . import hospital_referral
from . import hospital_commission_rule
from . import hospital_commission_line
from . import hospital_commission_engine
