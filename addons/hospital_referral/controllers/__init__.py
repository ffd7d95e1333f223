from . import his_api
from . import portal
