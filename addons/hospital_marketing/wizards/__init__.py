from . import hospital_commission_reject_wizard
from . import hospital_commission_run_wizard
from . import hospital_commission_statement_wizard
from . import hospital_work_report_return_wizard
from . import hospital_commission_pay_wizard
from . import hospital_distribution_generate_wizard
from . import hospital_distribution_drop_wizard
from . import hospital_magazine_reach_export
