from . import event_event
from . import hospital_referral
from . import event_event_commission
from . import hospital_commission_line
