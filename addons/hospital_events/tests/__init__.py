from . import test_outreach_event
