from . import test_partner
from . import test_agreement
from . import test_referral_flow
from . import test_fraud
from . import test_bill_import
from . import test_access
from . import test_his_api
from . import test_portal
