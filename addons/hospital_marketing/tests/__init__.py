from . import test_visit_access
