from . import test_dashboards
from . import test_event_roi_per_kind
from . import test_role_home_tours
