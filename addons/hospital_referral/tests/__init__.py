from . import test_commission_rules
