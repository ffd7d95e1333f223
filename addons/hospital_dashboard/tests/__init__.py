from . import test_dashboards
from . import test_role_home_tours
