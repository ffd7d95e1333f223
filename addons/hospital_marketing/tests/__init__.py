from . import test_visit_access
from . import test_access_matrix
from . import test_confidentiality
from . import test_role_tours
from . import test_translations
from . import test_department_core
from . import test_commission_matrix
from . import test_work_report
