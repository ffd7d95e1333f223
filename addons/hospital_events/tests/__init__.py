from . import test_outreach_event
from . import test_event_commission
