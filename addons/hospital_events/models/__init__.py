from . import event_event
from . import hospital_referral
