from . import test_outreach_event
from . import test_event_commission
from . import test_event_access
from . import test_workflow_fields
from . import test_event_rule
from . import test_exam_client_table
