from . import test_commission_rules
from . import test_commission_guard
from . import test_commission_settlement
from . import test_commission_accounting
from . import test_commission_access
from . import test_commission_concurrency
from . import test_commission_statements
from . import test_commission_demo
